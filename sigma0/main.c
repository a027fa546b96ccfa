// SPDX-License-Identifier: MIT
/*
 * sigma0: the root pager (X.2 §7.7). The kernel maps sigma0's space
 * idempotently (virtual = physical), so a map item for an fpage of this
 * space hands out that physical memory. Each page goes to one thread only:
 *   - sigma0 protocol, specific fpage: granted if no page of it is reserved
 *     (kernel, boot-server images) or owned by another thread;
 *   - sigma0 protocol, any fpage (base -1): the first free, aligned block of
 *     conventional memory of that size;
 *   - page faults: the faulting page, if conventional and free or already
 *     the faulter's, mapped at the same address.
 *   - IO fpages (A.4), by the sigma0 protocol or an IO page fault: the
 *     ports, if none of them belongs to another thread or to the kernel.
 * Everything else is refused with the nilpage map item. Messages sigma0
 * does not understand are reported on the console and not answered.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/protocols.h>
#include <l4/thread.h>
#include <stdio.h>
#include "memory.h"
#include "ports.h"
#include <l4/arch.h>

#define PAGE_BITS 12

/* Loads a map item for [base, base + 2^log2) as the reply, or the
 * rejection (nilpage) if base is ~0. */
static void load_map_reply(L4_Word_t base, unsigned log2)
{
	L4_MsgTag_t tag = L4_Niltag;
	tag.X.t = 2;
	L4_MapItem_t m;
	if (base == ~0UL) {
		m = L4_MapItem(L4_Nilpage, 0);
	} else {
		m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(base, (int)log2), L4_FullyAccessible),
		               base);
	}
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag(tag);
}

/* Ports for 'from' (ports.c), or the rejection. */
static void serve_ports(L4_ThreadId_t from, L4_Fpage_t f)
{
	L4_Word_t log2 = L4_IoFpageSizeLog2(f);
	L4_Word_t base = L4_IoFpagePort(f) & ~((1UL << log2) - 1);
	L4_MsgTag_t tag = L4_Niltag;
	tag.X.t = 2;
	L4_MapItem_t m = L4_MapItem(L4_Nilpage, 0);
	if (ports_claim(base, (unsigned)log2, from.raw) == 0)
		m = L4_MapItem(L4_IoFpageLog2(base, (int)log2), 0);
	else
		printf("sigma0: refused ports %lx/%lu to %lx\n", (unsigned long)base,
		       (unsigned long)log2, (unsigned long)from.raw);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag(tag);
}

/* The sigma0 protocol: MR1 the requested fpage, MR2 attributes. */
static void serve_request(L4_ThreadId_t from, L4_Word_t fpage_raw)
{
	L4_Fpage_t f = { .raw = fpage_raw };
	if (L4_IsIoFpage(f)) {
		serve_ports(from, f);
		return;
	}
	unsigned log2 = (unsigned)L4_SizeLog2(f);
	L4_Word_t base = ~0UL;
	if ((fpage_raw >> 10) == (~0UL >> 10)) {
		if (log2 == 0) {                /* the kernel's memory question */
			L4_MsgTag_t tag = L4_Niltag;
			tag.X.u = 2;
			L4_LoadMR(1, 0);        /* no kernel memory recommended */
			L4_LoadMR(2, 0);
			L4_Set_MsgTag(tag);
			return;
		}
		base = memory_claim_any(log2, from.raw);
	} else if (memory_claim(L4_Address(f), log2, from.raw, 0) == 0) {
		base = L4_Address(f);
	}
	load_map_reply(base, log2);
}

static void serve_fault(L4_ThreadId_t from, L4_Word_t addr)
{
	L4_Word_t page = addr & ~((1UL << PAGE_BITS) - 1);
	int ok = memory_claim(page, PAGE_BITS, from.raw, 1) == 0;
	if (!ok)
		printf("sigma0: refused page fault at %lx from %lx\n", (unsigned long)addr,
		       (unsigned long)from.raw);
	load_map_reply(ok ? page : ~0UL, PAGE_BITS);
}

int main(void)
{
	void *kip = L4_GetKernelInterface();
	printf("sigma0: running as %x, KIP at %p\n", (unsigned)L4_Myself().raw, kip);
	memory_init(kip);
	ports_init(kip);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		if (L4_IpcFailed(tag)) {
			tag = L4_Wait(&from);
			continue;
		}
		L4_Word_t label = L4_Label(tag), mr1 = 0;
		L4_StoreMR(1, &mr1);
		if (label == L4_LABEL_SIGMA0 && L4_UntypedWords(tag) >= 2 && L4_TypedWords(tag) == 0) {
			serve_request(from, mr1);
		} else if (L4_IsPagefaultLabel(label) && L4_UntypedWords(tag) == 2) {
			serve_fault(from, mr1);
		} else if (L4_IsIoPagefaultLabel(label) && L4_UntypedWords(tag) == 2) {
			serve_ports(from, (L4_Fpage_t){ .raw = mr1 });
		} else {
			L4_Msg_t msg;
			L4_MsgStore(tag, &msg);
			/* One line, printed at once: a thread that runs while we
			 * are preempted must not print into the middle of it. */
			char line[80 + 9 * 64];
			unsigned n = (unsigned)snprintf(line, sizeof line,
			                                "sigma0: unserved message label %x u %u from %x:",
			                                (unsigned)label, (unsigned)L4_UntypedWords(tag),
			                                (unsigned)from.raw);
			for (unsigned i = 0; i < L4_UntypedWords(tag) && n < sizeof line; i++)
				n += (unsigned)snprintf(line + n, sizeof line - n, " %x",
				                        (unsigned)L4_MsgWord(&msg, i));
			printf("%s\n", line);
			tag = L4_Wait(&from);
			continue;
		}
		tag = L4_ReplyWait(from, &from);
	}
}
