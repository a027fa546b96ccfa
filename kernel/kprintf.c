// SPDX-License-Identifier: MIT
/*
 * kprintf.c: console output and the kernel's ways to stop: panic (a broken
 * invariant) and kernel_exit (the end of a test or of the system).
 */
#include "kernel.h"
#include "kdb.h"
#include "../arch/ia32/console.h"
#include "../arch/ia32/machine.h"

volatile uint32_t spurious_interrupts;
volatile uint32_t kernel_breakpoints;

static void console_sink(char c, void *arg)
{
	(void)arg;
	console_putc(c);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool was = irq_save_disable();  /* one line is not torn by an interrupt */
	int n = vformat(console_sink, 0, fmt, ap);
	irq_restore(was);
	va_end(ap);
	return n;
}

static bool panicking;

void panic(const char *fmt, ...)
{
	irq_save_disable();
	if (panicking) {
		kprintf("\nPANIC (again, while panicking)\n");
		machine_exit(EXIT_FAILURE);
	}
	panicking = true;
	va_list ap;
	va_start(ap, fmt);
	kprintf("\nPANIC: ");
	vformat(console_sink, 0, fmt, ap);
	va_end(ap);
	kprintf("\n");
	machine_dump_here();
	if (CONFIG_KDB && kdb_on_panic)
		kdb_debugger(KDB_REASON_PANIC, 0, "kernel panic");
	kprintf("exit: failure (panic)\n");
	console_flush();
	machine_exit(EXIT_FAILURE);
}

void kernel_exit(bool success)
{
	kprintf("exit: %s\n", success ? "success" : "failure");
	console_flush();
	machine_exit(success ? EXIT_SUCCESS : EXIT_FAILURE);
}
