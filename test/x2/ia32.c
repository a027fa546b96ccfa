// SPDX-License-Identifier: MIT
/*
 * ia32.c: Appendix A, the ia32 binding: the UTCB address at %gs:0 (A.1),
 * the data segment registers a thread runs with, and IO ports (A.4): an
 * IO fault to the pager with label -8 and an IO fpage, and ports had
 * from sigma0 as an IO fpage, then usable.
 */
#include "x2.h"

static volatile L4_Word_t port_done;

static void port_toucher(void)
{
	__asm__ volatile("inb $0x84, %%al" ::: "eax");
	port_done = 1;
}

static void port80_toucher(void)
{
	__asm__ volatile("inb $0x80, %%al" ::: "eax");
	port_done = 1;
}

void x2_section_ia32(void)
{
	L4_Word_t gs0;
	__asm__ volatile("movl %%gs:0, %0" : "=r"(gs0));
	x2_check(gs0 == L4_MyLocalId().raw, "A.1 %%gs:0 holds the UTCB address (MyLocalId)");
	unsigned short ds, es, ss;
	__asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%ss, %2" : "=r"(ds), "=r"(es), "=r"(ss));
	x2_check(ds == es && es == ss && (ds & 3) == 3,
	         "A.1 / A.10 DS, ES and SS: one user data segment (RPL 3)");

	x2_fault_reset();
	port_done = 0;
	L4_ThreadId_t t = x2_thread(port_toucher, x2_pager);
	x2_wait(&x2_fault.count, X2_WAIT_MS);
	L4_Fpage_t io = { .raw = x2_fault.mr[1] };
	x2_check((x2_fault.label & 0xFFF0) == 0xFF80 && L4_IsIoFpage(io) && L4_IoFpagePort(io) <= 0x84 &&
	         0x84 < L4_IoFpagePort(io) + L4_IoFpageSize(io) && !port_done,
	         "A.4 IO fault: label -8, MR 1 an IO fpage holding the port; the thread waits");
	x2_thread_kill(t);

	L4_Fpage_t got = L4_Sigma0_GetPage(L4_nilthread, L4_IoFpageLog2(0x80, 0));
	x2_check(!L4_IsNilFpage(got) && L4_IsIoFpage(got) && L4_IoFpagePort(got) == 0x80,
	         "A.4 / §7.7 sigma0 maps an IO fpage (port 0x80) on request");
	x2_fault_reset();
	port_done = 0;
	t = x2_thread(port80_toucher, x2_pager);
	x2_check(x2_wait(&port_done, X2_WAIT_MS) && x2_fault.count == 0,
	         "A.4 a mapped IO fpage: a thread of the space uses the port without a fault");
	x2_thread_kill(t);
}
