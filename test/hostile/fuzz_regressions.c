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

const struct test fuzz_regression_tests[] = {
	{ "fuzz_ldt_selector", "DS loaded with an LDT selector raises #GP for the exception "
	  "handler (fuzzer seed 1 call 310)", ldt_selector_gp },
	{ 0, 0, 0 },
};
