// SPDX-License-Identifier: MIT
/*
 * ktest_arch.c: in-kernel tests of the ia32 groundwork: page tables, the
 * fixup path for expected faults, breakpoints, descriptor tables, and a
 * deliberate kernel fault whose dump the host checks for symbol names.
 */
#include "gdt.h"
#include "layout.h"
#include "machine.h"
#include "paging.h"
#include "x86.h"
#include "pic.h"
#include "trapframe.h"
#include "../../kernel/clock.h"
#include "../../kernel/kernel.h"
#include "../../kernel/ktest.h"

static bool test_paging(void)
{
	const uint32_t va = KTEMP_BASE + 0x5000;
	uint32_t *frame = kmem_alloc();
	uint32_t v;
	KT_EXPECT(frame);
	frame[7] = 0xC0FFEE11;

	KT_EXPECT(!probe_read32(va, &v));               /* not mapped yet */
	KT_EXPECT(page_map(kernel_pd(), va, virt_to_phys(frame), PTE_W, 0) == 0);
	KT_EXPECT(probe_read32(va + 7 * 4, &v) && v == 0xC0FFEE11);
	KT_EXPECT(probe_write32(va + 8 * 4, 0x12345678));
	KT_EXPECT(frame[8] == 0x12345678);              /* same frame */
	KT_EXPECT((page_lookup(kernel_pd(), va) & PTE_ADDR) == virt_to_phys(frame));

	/* Read-only: with CR0.WP even the kernel cannot write. */
	KT_EXPECT(page_map(kernel_pd(), va, virt_to_phys(frame), 0, 0) == 0);
	KT_EXPECT(probe_read32(va, &v));
	KT_EXPECT(!probe_write32(va, 1));

	KT_EXPECT(page_unmap(kernel_pd(), va) != 0);
	KT_EXPECT(!probe_read32(va, &v));               /* gone, TLB flushed */
	/* Free the page table page_map allocated for KTEMP_BASE. */
	pte_t *pd = kernel_pd();
	kmem_free(phys_to_virt(pd[va >> 22] & PTE_ADDR));
	pd[va >> 22] = 0;
	kmem_free(frame);
	return true;
}

static bool test_window_and_identity(void)
{
	uint32_t v;
	/* The identity map of low memory was dropped after boot. */
	KT_EXPECT(!probe_read32(0x100000, &v));
	/* Kernel text is reachable through the window at its linked address. */
	KT_EXPECT(probe_read32((uint32_t)test_paging, &v));
	/* Nothing is mapped in user space for the kernel. */
	KT_EXPECT(!probe_read32(0x00400000, &v));
	KT_EXPECT(!probe_read32(SMALL_AREA_BASE, &v));
	return true;
}

static bool test_breakpoint(void)
{
	uint32_t before = kernel_breakpoints;
	__asm__ volatile("int3");
	KT_EXPECT(kernel_breakpoints == before + 1);
	return true;
}

static bool test_descriptors(void)
{
	uint16_t tr, cs, ss;
	__asm__ volatile("str %0; mov %%cs, %1; mov %%ss, %2" : "=r"(tr), "=r"(cs), "=r"(ss));
	KT_EXPECT(tr == SEL_TSS);
	KT_EXPECT(cs == SEL_KCODE && ss == SEL_KDATA);
	KT_EXPECT(read_cr4() & 0x10);   /* PSE */
	KT_EXPECT(read_cr0() & 0x80010000u);    /* PG and WP */
	return true;
}

/* Divides by zero in the kernel: the host expects a panic whose dump names
 * this function (the symbol table at work). */
__attribute__((noinline)) static int divide(int a, int b)
{
	return a / b;
}

/* A spurious interrupt must end no line's service. The timer's line is
 * held in service (a handler that does not acknowledge it), then the CPU
 * takes vectors 15 and 7 with their lines not in service: the spurious
 * 15's end-of-interrupt for the cascade must not end line 0 (a
 * non-specific EOI would), and the spurious 7 gets none. */
static volatile bool timer_held;

static void hold_timer(unsigned irq, struct trap_frame *f)
{
	(void)irq;
	(void)f;
	timer_held = true;
}

static bool test_spurious_pic(void)
{
	/* Interrupts off between the loop's check and its sti;hlt: a tick
	 * held in service there would leave the hlt nothing to wake it. */
	bool was = irq_save_disable();
	uint32_t spurious = spurious_interrupts;
	timer_held = false;
	irq_handler_t timer = irq_register(0, hold_timer);
	for (unsigned i = 0; i < 1000 && !timer_held; i++)
		machine_idle_once();
	uint16_t held = pic_in_service();
	soft_int(IRQ_BASE_VECTOR + 15);
	soft_int(IRQ_BASE_VECTOR + 7);
	uint16_t after = pic_in_service();
	pic_eoi(0);
	irq_register(0, timer);
	KT_EXPECT(timer_held && held == 1);
	KT_EXPECT(after == held);
	KT_EXPECT(spurious_interrupts - spurious == 2);
	KT_EXPECT(pic_in_service() == 0);
	/* The timer ticks on. */
	uint64_t t0 = clock_ticks();
	for (unsigned i = 0; i < 1000 && clock_ticks() < t0 + 2; i++)
		machine_idle_once();
	irq_restore(was);
	KT_EXPECT(clock_ticks() >= t0 + 2);
	return true;
}

static bool test_kernel_fault(void)
{
	volatile int zero = 0, hundred = 100;
	kprintf("# dividing by zero in ktest_kernel_fault\n");
	return divide(hundred, zero) == 42;
}

const struct ktest arch_tests[] = {
	{ "paging", "page tables map, protect and unmap kernel pages", test_paging, false },
	{ "window", "the window maps the kernel; low and user memory are unmapped", test_window_and_identity, false },
	{ "breakpoint", "int3 in the kernel enters and leaves the debugger hook", test_breakpoint, false },
	{ "spurious_pic", "spurious IRQ 7 and 15 are counted and end no other line's service at the PIC", test_spurious_pic, false },
	{ "descriptors", "GDT, TSS, PSE, paging and write protection are set up", test_descriptors, false },
	{ "kernel_fault", "a kernel #DE panics with registers and symbols (harness)", test_kernel_fault, true },
	{ 0, 0, 0, false },
};
