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

/* A sysenter with NT (and DF, AC) set and a user stack beyond the space:
 * the entry must clean the flags before it takes the way for a bad stack
 * (it once did so only after reading the stack; the next iret in the
 * kernel then raised #TS and the kernel panicked). The thread is stopped;
 * everyone else goes on. */
static void sysenter_bad_stack_with_nt(void)
{
	__asm__ __volatile__(
		"pushfl\n\t"
		"orl $0x44400, (%%esp)\n\t"  /* NT, AC, DF */
		"popfl\n\t"
		"xorl %%ecx, %%ecx\n\t"          /* Timeouts */
		"movl $1f, %%ebx\n\t"            /* the return address */
		"pushl %%ebp\n\t"
		"movl $0xFFFFFFFC, %%ebp\n\t"    /* the stack to return on */
		"sysenter\n"
		"1:\tpopl %%ebp"
		: : "a"(L4_nilthread.raw), "d"(L4_nilthread.raw) : "ebx", "ecx", "memory", "cc");
	hostile_report(2);              /* never: the thread is stopped */
}

static bool bad_stack_flags_cleaned(void)
{
	/* Several times: the next iret in the kernel may come from any path. */
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(hostile_run(sysenter_bad_stack_with_nt, 200), HOSTILE_SILENT);
	L4_Sleep(L4_TimePeriod(20000));         /* ticks, switches, irets */
	return true;
}

const struct test hostile_flags_tests[] = {
	{ "bad_stack_flags_cleaned", "a sysenter with NT set and a bad user stack stops the thread, never the kernel", bad_stack_flags_cleaned },
	{ "vm86_iret_harmless", "an iret setting EFLAGS.VM neither panics the kernel nor leaves VM set", vm86_iret_harmless },
	{ 0, 0, 0 }
};
