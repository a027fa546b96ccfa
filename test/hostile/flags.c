// SPDX-License-Identifier: MIT
/*
 * flags.c: flags a user may not set never reach a thread's state. QEMU
 * 7.2 lets a user-mode iret set EFLAGS.VM and so enter virtual-8086 mode
 * (a CPU ignores VM there, and so does Bochs); the next trap then came
 * with a frame the kernel took for one from kernel mode, and it panicked.
 * The kernel must take it as a trap from user mode, with VM cleared.
 */
#include "hostile.h"

#define EFLAGS_VM 0x20000UL

/* An iret with VM set in the flags it loads, and the frame of a return
 * to virtual-8086 mode: eip, cs, eflags, esp, ss, es, ds, fs, gs. Its CS
 * is 0, as a real-mode segment: a trap taken there used to look like one
 * from ring 0. A CPU ignores VM here, and the null CS then faults. */
static void iret_with_vm(void)
{
	__asm__ __volatile__(
		"pushl $0\n\t"                /* gs */
		"pushl $0\n\t"                /* fs */
		"pushl $0\n\t"                /* ds */
		"pushl $0\n\t"                /* es */
		"pushl $0\n\t"                /* ss */
		"pushl $0x2000\n\t"           /* esp */
		"pushl %0\n\t"                /* eflags: VM, IF */
		"pushl $0\n\t"                /* cs */
		"pushl $0x1000\n\t"           /* eip: linear 0x1000, unmapped */
		"iret"
		: : "i"(EFLAGS_VM | 0x202) : "memory");
	hostile_report(2);              /* not reached */
}

static bool vm86_iret_harmless(void)
{
	L4_Word_t before = faults.count;
	L4_ThreadId_t t = space_start(iret_with_vm);
	EXPECT(!L4_IsNilThread(t));
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(1000000));
	/* Whatever happened, the thread's flags are a protected-mode
	 * thread's: read them (the d bit of ExchangeRegisters, §2.3). */
	L4_Word_t ctl, sp, ip, flags, handle;
	L4_ThreadId_t pager;
	L4_ExchangeRegisters(t, 0x200, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &flags,
	                     &handle, &pager);
	space_kill(t);
	EXPECT(!(flags & EFLAGS_VM));
	EXPECT(!L4_IpcSucceeded(tag));
	/* QEMU: the first instruction in virtual-8086 mode faults (its page
	 * is unmapped), and the fault reaches the task's pager as a fault
	 * from user mode, with VM cleared. Bochs: the iret itself faults. */
	EXPECT(faults.count > before);
	EXPECT(L4_IsThreadEqual(faults.from, t));
	return true;
}

const struct test hostile_flags_tests[] = {
	{ "vm86_iret_harmless", "an iret setting EFLAGS.VM neither panics the kernel nor leaves VM set", vm86_iret_harmless },
	{ 0, 0, 0 }
};
