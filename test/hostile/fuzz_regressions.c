// SPDX-License-Identifier: MIT
/*
 * fuzz_regressions.c: one test for each defect the system-call fuzzer
 * (fuzz.h) found, reduced to the call that showed it. They run from the
 * fuzzer's table (fuzz.c), before the fuzzer itself.
 */
#include "fuzz.h"

static L4_Word_t child_stack[512] __attribute__((aligned(16)));

/* Starts fn in a new space paged by the suite's pager (which logs
 * exceptions and leaves them unanswered) and waits until the pager has
 * seen an exception from it; returns its vector, or ~0 after 200 ms. */
static L4_Word_t child_exception(void (*fn)(void), unsigned no)
{
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(root_id) + 330 + no, 1);
	if (!space_new(t, pager_id, (L4_Word_t)fn, (L4_Word_t)&child_stack[512]))
		return ~0UL;
	L4_Word_t vector = ~0UL;
	for (int i = 0; i < 100 && vector == ~0UL; i++) {
		if (L4_IsThreadEqual(faults.from, t) && faults.label == L4_LABEL_ARCH_EXCEPTION)
			vector = faults.vector;
		else
			L4_Sleep(L4_TimePeriod(2000));
	}
	if (vector == ~0UL && L4_IsThreadEqual(faults.from, t) && L4_IsPagefaultLabel(faults.label))
		printf("# the child's last fault: a page fault at %lx (ip %lx)\n", faults.addr, faults.ip);
	L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	return vector;
}

/* Fuzzer seed 1 call 310: DS loaded with a selector that points into the
 * LDT must raise #GP, delivered to the handler: there is no LDT. The
 * kernel never loaded LDTR, and the CPU's reset value (base 0, limit
 * 0xFFFF) made linear 0..0xFFFF, a user's own memory, the LDT: the load
 * read a descriptor there (a page fault at 0x6EA8 here), and a user who
 * put a call gate there could call into the kernel's code segment. */
static void load_ldt_selector(void)
{
	L4_Set_ExceptionHandler(pager_id);
	__asm__ volatile("movw %w0, %%ds" : : "r"(0x6EAE));
	for (;;)
		;
}

static bool ldt_selector_gp(void)
{
	EXPECT_EQ(child_exception(load_ldt_selector, 0), 13);
	return true;
}

/* Fuzzer seed 4 call 22988 (an ExchangeRegisters that made sigma0 the
 * pager of the task's second thread, at an IP sigma0 had memory for): a
 * thread of any task can make sigma0 its pager and take a page from it.
 * sigma0 maps the page on through a root mapping of its own, made on the
 * way, and the first page of a 4 MiB region that sigma0 hands out costs
 * its space a page table and a shadow table. The task went, the page's
 * mapping with it, but sigma0's root and tables stayed: two kernel frames
 * for every such region. The kernel now drops a root of sigma0's once
 * its last derived mapping is gone, and the tables left empty. */
#define SIGMA0_PAGE 0x06800000UL        /* conventional memory nobody took */

static void take_from_sigma0(void)
{
	/* Everything it touches while sigma0 is its pager is mapped first:
	 * sigma0 would refuse the suite's pages. */
	volatile char below[512];
	below[0] = 0;
	(void)*(volatile const char *)((L4_Word_t)take_from_sigma0 + 0x100);
	L4_ThreadId_t self = L4_Myself(), pager = pager_id;
	L4_ThreadId_t sigma0 = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
	L4_Set_PagerOf(self, pager);
	L4_Set_PagerOf(self, sigma0);
	*(volatile L4_Word_t *)SIGMA0_PAGE = 1;         /* sigma0 maps it */
	L4_Set_PagerOf(self, pager);
	hostile_report(*(volatile L4_Word_t *)SIGMA0_PAGE + below[0]);
}

static bool sigma0_roots_go(void)
{
	L4_Word_t before = L4_KDB_FreeFrames();
	EXPECT_EQ(hostile_run(take_from_sigma0, 200), 1);       /* the page came */
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	return true;
}

const struct test fuzz_regression_tests[] = {
	{ "fuzz_ldt_selector", "DS loaded with an LDT selector raises #GP for the exception "
	  "handler (fuzzer seed 1 call 310)", ldt_selector_gp },
	{ "fuzz_sigma0_roots_go", "a page a task took from sigma0 costs no kernel memory once "
	  "the task is gone (fuzzer seed 4 call 22988)", sigma0_roots_go },
	{ 0, 0, 0 },
};
