// SPDX-License-Identifier: MIT
/*
 * kdb.c: the debugger calls. Strings come from user memory and are read
 * with the fault-safe probe, a bounded number of bytes, so a bad pointer
 * prints what it can and never faults the kernel. The calls that could
 * stop or end the machine are refused to unprivileged tasks
 * (kdb_op_allowed); so is entering the debugger (kdb_enter), which stops
 * every thread until someone at the console says continue.
 */
#include "kernel.h"
#include "kdb.h"
#include "tcb.h"
#include "ipc.h"
#include "interrupt.h"
#include "../arch/ia32/irq.h"
#include "../arch/ia32/console.h"
#include "../arch/ia32/machine.h"
#include "../arch/ia32/uctx.h"
#include "../arch/ia32/memattr.h"

/* The most bytes one call prints: the console is polled with interrupts
 * off, so an unprivileged task gets a short stretch (libl4 prints in
 * pieces of 127), a privileged one a longer one. */
#define KDB_STRING_MAX       4096
#define KDB_STRING_MAX_USER  128

/* Who may use which call (docs/x2-deviations.md). Anyone may print, enter
 * (which prints and goes on) and read the counters, the free-frame
 * count and the memory attributes of its own pages; only a privileged space (sigma0, the root task) may read the
 * kernel console, which would stall the machine while it waits, end the
 * machine, or raise a spurious interrupt. */
uint32_t kdb_entries;

static bool kdb_op_allowed(unsigned op)
{
	switch (op) {
	case KDB_OP_PRINT_CHAR:
	case KDB_OP_PRINT_STRING:
	case KDB_OP_FREE_FRAMES:
	case KDB_OP_COUNTER:
	case KDB_OP_PAGE_ATTRIBUTE:     /* of its own pages only */
		return true;
	default:
		return current->space->privileged;
	}
}

static void print_user_string(word_t p)
{
	unsigned max = current->space->privileged ? KDB_STRING_MAX : KDB_STRING_MAX_USER;
	for (unsigned n = 0; n < max; n++, p++) {
		uint32_t w;
		if (!uctx_peek_user(p & ~3u, &w))
			return;
		char c = (char)(w >> ((p & 3) * 8));
		if (!c)
			return;
		console_putc(c);
	}
}

/* Read-only views of the kernel's event counters, for the benchmark: they
 * explain what an instruction count hides (a CR3 load costs far more on
 * hardware than its one instruction). Unknown numbers read as ~0. */
static word_t counter(word_t which)
{
	switch (which) {
	case KDB_COUNTER_CR3_LOADS:       return cr3_load_count();
	case KDB_COUNTER_SEGMENT_RELOADS: return segment_reload_count();
	case KDB_COUNTER_IPC_FASTPATH:    return ipc_fastpath_count();
	case KDB_COUNTER_IPC_SLOWPATH:    return ipc_slowpath_count;
	case KDB_COUNTER_IRQ_DELIVERED:   return interrupts_delivered;
	case KDB_COUNTER_IRQ_KEPT:        return interrupts_kept;
	case KDB_COUNTER_IRQ_ARRIVAL:     return (word_t)irq_last_arrival;
	case KDB_COUNTER_SPURIOUS_IRQ:    return spurious_interrupts;
	case KDB_COUNTER_KDB_ENTRIES:     return kdb_entries;
	default:                          return ~(word_t)0;
	}
}

word_t kdb_op(unsigned op, word_t arg)
{
	if (!kdb_op_allowed(op)) {
		kprintf("kdb: operation %u refused to unprivileged thread %x\n", op, current->global_id);
		return ~(word_t)0;
	}
	switch (op) {
	case KDB_OP_PRINT_CHAR:
		console_putc((char)arg);
		return arg;
	case KDB_OP_PRINT_STRING:
		print_user_string(arg);
		return arg;
	case KDB_OP_READ_CHAR:
		return (word_t)console_getc();
	case KDB_OP_READ_CHAR_BLK: {
		int c;
		while ((c = console_getc()) < 0)
			machine_idle();
		return (word_t)c;
	}
	case KDB_OP_FREE_FRAMES:
		return kmem_free_frames();
	case KDB_OP_COUNTER:
		return counter(arg);
	case KDB_OP_RAISE_SPURIOUS:
		return arch_irq_raise_spurious(arg);
	case KDB_OP_PAGE_ATTRIBUTE:
		return arg < USER_LIMIT ? memattr_get(current->space, arg) : ~(word_t)0;
	case KDB_OP_EXIT:
		kprintf("kdb: exit requested by thread %x\n", current->global_id);
		kprintf("ipc: fast path %u calls, general path %u calls\n",
		        ipc_fastpath_count(), ipc_slowpath_count);
		kernel_exit(arg == 0);
	default:
		kprintf("kdb: unknown operation %u from thread %x\n", op, current->global_id);
		return arg;
	}
}

void kdb_enter(word_t user_string, struct trap_frame *f)
{
	bool allowed = current->space->privileged;
	kprintf("kdb: %s by thread %x: \"", allowed && CONFIG_KDB ? "entered" : "enter",
	        current->global_id);
	print_user_string(user_string);
	if (!allowed)
		kprintf("\" (refused to an unprivileged thread; continuing)\n");
	else if (!CONFIG_KDB)
		kprintf("\" (no debugger in this kernel; continuing)\n");
	else {
		kprintf("\"\n");
		kdb_debugger(KDB_REASON_ENTER, f, "L4_KDB_Enter");
	}
}
