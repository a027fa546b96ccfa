// SPDX-License-Identifier: MIT
/*
 * spaces.c: children in new address spaces (X.2 §2.4 ThreadControl, §4.3
 * SpaceControl, §7.1 start protocol) and their pager (§7.3).
 */
#include "spaces.h"
#include <l4/arch.h>

#define CHILD_SLOTS     16
#define CHILD_STACK     1024

extern char __image_start[], _end[];

L4_ThreadId_t pager_id;
struct fault_log faults;
volatile bool pager_skips_ud2;
static unsigned next_no;
static L4_Word_t stacks[CHILD_SLOTS][CHILD_STACK] __attribute__((aligned(16)));
static L4_ThreadId_t slot_owner[CHILD_SLOTS];

void child_load_map(L4_Word_t src, L4_Word_t addr, L4_Word_t rights)
{
	L4_Word_t page = addr & ~0xFFFUL;
	L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(src & ~0xFFFUL, 12), rights), page);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
}

void faults_record(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                   L4_ThreadId_t from)
{
	bool pf = L4_IsPagefaultLabel(label);
	faults.addr = pf ? w1 : 0;
	faults.ip = pf ? w2 : w1;
	faults.access = L4_PagefaultRights(label);
	faults.vector = pf ? 0 : w3;
	faults.label = label;
	faults.from = from;
	faults.count++;
}

bool in_root_image(L4_Word_t addr)
{
	return addr >= (L4_Word_t)__image_start && addr < (L4_Word_t)_end;
}

void child_load_io_map(L4_Word_t port)
{
	L4_MapItem_t m = L4_MapItem(L4_IoFpageLog2(port, 1), 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
}

/* The pager's faults: the root task's image on demand, everything logged,
 * a ud2 stepped over while pager_skips_ud2 is set. */
static bool pager_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                         L4_ThreadId_t from)
{
	if (!L4_IsPagefaultLabel(label) && label != L4_LABEL_ARCH_EXCEPTION &&
	    label != L4_LABEL_EXCEPTION)
		return false;
	faults_record(label, w1, w2, w3, from);
	if (!L4_IsPagefaultLabel(label)) {
		/* An exception: a ud2 may be stepped over (X.2 §7.5 reply: the
		 * IP to resume at); others stay unanswered. */
		if (!pager_skips_ud2 || w3 != 6)
			return false;
		L4_LoadMR(1, w1 + 2);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		return true;
	}
	if (!in_root_image(w1))
		return false;
	child_load_map(w1, w1, L4_FullyAccessible);
	return true;
}

static void pager_loop(void)
{
	pager_serve(pager_handle);
}

bool pager_init(void)
{
	if (!L4_IsNilThread(pager_id))
		return true;
	pager_id = thread_start(pager_loop);
	return !L4_IsNilThread(pager_id);
}

L4_ThreadId_t space_start(void (*fn)(void))
{
	unsigned slot = slot_free(slot_owner, CHILD_SLOTS);
	if (slot == CHILD_SLOTS || !pager_init())
		return L4_nilthread;
	if (!next_no)
		next_no = L4_ThreadNo(root_id) + 200;
	L4_ThreadId_t t = L4_GlobalId(next_no++, 1);
	if (!space_new(t, pager_id, (L4_Word_t)fn, (L4_Word_t)&stacks[slot][CHILD_STACK]))
		return L4_nilthread;
	slot_owner[slot] = t;
	return t;
}

bool space_new(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp)
{
	return space_new_with(t, pager, ip, sp, 0, SPACE_KIP_AREA, SPACE_UTCB_AREA);
}

bool space_new_with(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp,
                    L4_Word_t control, L4_Word_t kip_area, L4_Word_t utcb_area)
{
	if (!L4_CreateSpace(t, pager, control, kip_area, utcb_area)) {
		printf("# creating a space failed, ErrorCode %lu\n", L4_ErrorCode());
		return false;
	}
	return pager_start(t, pager, ip, sp);
}

bool pager_start(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp)
{
	if (!L4_StartViaPager(t, pager, ip, sp)) {
		printf("# start message failed\n");
		return false;
	}
	return true;
}

bool pager_serve_start(L4_MsgTag_t tag, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3)
{
	return L4_ServeStartRequest(tag, w1, w2, w3);
}

bool space_kill(L4_ThreadId_t t)
{
	slot_release(slot_owner, CHILD_SLOTS, t);
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}
