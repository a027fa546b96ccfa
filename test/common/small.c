// SPDX-License-Identifier: MIT
/*
 * small.c: children in small address spaces (X.2 A.5) for the tests and
 * the benchmark, and their pager. Like spaces.c, a child runs code of the
 * root task's own image, mapped at the same addresses; a small space of
 * SMALL_MB holds that image (at 12 MiB), its KIP area and its UTCB area.
 * The root task's system-call links point into its own KIP area, beyond
 * a small space's reach: the children get a page of links of their own.
 */
#include "small.h"
#include <l4/arch.h>

#define CHILD_STACK     1024

static L4_Word_t stacks[SMALL_CHILDREN][CHILD_STACK] __attribute__((aligned(16)));
/* The children's own system-call links (libl4/src/init.c). */
extern char __L4_Links[];
static void *links[1024] __attribute__((aligned(4096)));
L4_ThreadId_t small_pager;
volatile L4_Word_t small_ud2_resume;
volatile L4_Word_t small_io_port, small_io_faults;
static L4_ThreadId_t owner[SMALL_CHILDREN];
static unsigned next_no;

/* Like the pager of spaces.c (the root task's image at the same
 * addresses, faults logged, exceptions unanswered), except for the page
 * of system-call links, which is the children's own copy. */
static bool small_pager_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                               L4_ThreadId_t from)
{
	if (L4_IsIoPagefaultLabel(label)) {
		/* Ports: the two at small_io_port, from the root task's own (a
		 * map, so the root task can revoke them); others wait. */
		L4_Fpage_t f = { .raw = w1 };
		small_io_faults++;
		if (!small_io_port || (L4_IoFpagePort(f) & ~1UL) != small_io_port)
			return false;
		child_load_io_map(small_io_port);
		return true;
	}
	if (!L4_IsPagefaultLabel(label) && label != L4_LABEL_ARCH_EXCEPTION)
		return false;
	bool pf = L4_IsPagefaultLabel(label);
	faults_record(label, w1, w2, w3, from);
	L4_Word_t page = w1 & ~0xFFFUL;
	L4_Word_t src = page == (L4_Word_t)__L4_Links ? (L4_Word_t)links : page;
	if (!pf && w3 == 6 && small_ud2_resume) {
		L4_LoadMR(1, small_ud2_resume);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		return true;
	}
	if (!pf || !in_root_image(w1))
		return false;
	child_load_map(src, page, L4_FullyAccessible);
	return true;
}

static void small_pager_loop(void)
{
	pager_serve(small_pager_handle);
}

bool small_pager_init(void)
{
	if (!L4_IsNilThread(small_pager))
		return true;
	/* Each link moves from the root task's KIP area to the children's. */
	L4_Word_t kip = (L4_Word_t)L4_GetKernelInterface();
	void **root_links = (void **)__L4_Links;
	for (unsigned i = 0; i < 11; i++)
		links[i] = (char *)root_links[i] - kip + SMALL_KIP;
	small_pager = thread_start(small_pager_loop);
	return !L4_IsNilThread(small_pager);
}

/* fn in a new space with the small-space number 'small' (0: large), with
 * its areas below 16 MiB either way. */
L4_ThreadId_t small_start(void (*fn)(void), L4_Word_t small)
{
	unsigned slot = slot_free(owner, SMALL_CHILDREN);
	if (slot == SMALL_CHILDREN || !small_pager_init())
		return L4_nilthread;
	if (!next_no || next_no >= 32768)
		next_no = 30000;        /* far from the numbers of the other tests */
	L4_ThreadId_t t = L4_GlobalId(next_no++, 1);
	L4_Word_t control = small ? L4_SpaceControl_SetSmall | small : 0;
	if (!space_new_with(t, small_pager, (L4_Word_t)fn, (L4_Word_t)&stacks[slot][CHILD_STACK],
	                    control, SMALL_KIP, SMALL_UTCB))
		return L4_nilthread;
	owner[slot] = t;
	return t;
}

L4_ThreadId_t small_thread_in(L4_ThreadId_t t, void (*fn)(void))
{
	unsigned slot = slot_free(owner, SMALL_CHILDREN);
	if (slot == SMALL_CHILDREN)
		return L4_nilthread;
	L4_ThreadId_t u = L4_GlobalId(next_no++, 1);
	if (!L4_ThreadControl(u, t, root_id, small_pager, (void *)(SMALL_UTCB + 512)) ||
	    !pager_start(u, small_pager, (L4_Word_t)fn, (L4_Word_t)&stacks[slot][CHILD_STACK]))
		return L4_nilthread;
	owner[slot] = u;
	return u;
}

bool small_kill(L4_ThreadId_t t)
{
	slot_release(owner, SMALL_CHILDREN, t);
	return space_kill(t);
}

/* The small-space number of t's space now (SpaceControl with s = 0 only
 * reports it; the areas of an active space are ignored), ~0 on error. */
L4_Word_t small_of(L4_ThreadId_t t)
{
	L4_Word_t control = ~0UL;
	if (!L4_SpaceControl(t, 0, L4_Nilpage, L4_Nilpage, L4_nilthread, &control))
		return ~0UL;
	return control & 0xFF;
}

