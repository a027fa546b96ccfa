// SPDX-License-Identifier: MIT
/*
 * syscall.c: from registers to the generic system calls and back
 * (Appendix A.2), and the user-mode exceptions the kernel interprets
 * itself: KernelInterface (`lock; nop`, a #UD), the KDB calls (int3 plus
 * a marker), page faults of the idempotent sigma0 space, and #NM (a
 * thread's FPU state loaded lazily, fpu.c). Other page
 * faults and exceptions become IPC (fault_ipc.c).
 */
#include "syscall_list.h"
#include "trapframe.h"
#include "user_return.h"
#include "uctx.h"
#include "cpu.h"
#include "gdt.h"
#include "x86.h"
#include "machine.h"
#include "../../kernel/kernel.h"
#include "../../kernel/ipc.h"
#include "../../kernel/kdb.h"
#include "../../kernel/kip.h"
#include "../../kernel/sched.h"
#include "../../kernel/space.h"
#include "../../kernel/syscalls.h"
#include "../../kernel/quantum.h"
#include "../../kernel/fault_reply.h"
#include "fault_ipc.h"
#include "faultpath.h"
#include "smallspace.h"
#include "fpu.h"
#include "kdb_arch.h"

/* Reads a user word; false if the address is not user memory or unmapped. */
static bool user_read32(uint32_t va, uint32_t *out)
{
	return uctx_peek_user(va, out);
}

static bool user_read8(uint32_t va, uint8_t *out)
{
	uint32_t w;
	if (!user_read32(va & ~3u, &w))
		return false;
	*out = (uint8_t)(w >> ((va & 3) * 8));
	return true;
}

/* Every return to user mode passes here. It loops until the frame can go
 * back: an IP or SP outside user space stops the thread until someone gives
 * it valid ones (iret to an IP past the code segment's limit would fault in
 * the kernel; sysexit would not even check). */
/* An asynchronous preemption (X.2 §3.6) of a thread with the s or d flag
 * in its PreemptFlags: d may delay it; s, or a delay past its maximum,
 * sends the exception handler a preemption message once the thread runs
 * again. */
static __attribute__((noinline)) void preempt_flagged(struct trap_frame *f, struct tcb *t,
                                                      uint8_t flags)
{
	bool overflow = false;
	if ((flags & PREEMPT_FLAG_DELAY) &&
	    preempt_delayed(t, sched_preemptor_prio(t), &overflow)) {
		need_resched = false;
		return;
	}
	uint32_t switches = sched_switches;
	schedule();
	if (overflow || ((flags & PREEMPT_FLAG_SIGNAL) && switches != sched_switches))
		preemption_ipc(f, false);
}

/* The timer or a wakeup asked for a reschedule while the thread was at
 * user level: an asynchronous preemption. */
static inline void preempt(struct trap_frame *f)
{
	struct tcb *t = current;
	uint8_t flags = t->utcb && t->state == TS_RUNNING ? *preempt_flags(t) : 0;
	if (__builtin_expect(flags & (PREEMPT_FLAG_DELAY | PREEMPT_FLAG_SIGNAL), 0))
		preempt_flagged(f, t, flags);
	else
		schedule();
}

void user_return_check(struct trap_frame *f)
{
	for (;;) {
		if (current->quantum_out) {
			current->quantum_out = false;
			preemption_ipc(f, true);        /* may block: loop again */
			continue;
		}
		if (need_resched)
			preempt(f);
		if (current->space->arch.small && !smallspace_check_return(current, f))
			thread_stop_faulted(current, "instruction pointer beyond a small space, "
			                    "and no memory to make it large", f->eip);
		else if (f->eip >= USER_LIMIT)
			thread_stop_faulted(current, "instruction pointer outside user space", f->eip);
		else if (f->user_esp > USER_LIMIT)
			thread_stop_faulted(current, "stack pointer outside user space", f->user_esp);
		else
			return;
	}
}

/* sysenter_exit when anything is to be done or checked. */
static __attribute__((noinline)) int sysenter_exit_checked(struct trap_frame *f)
{
	user_return(f);
	if (!current->arch.need_iret && !small_spaces_live)
		return 1;
	current->arch.need_iret = false;
	/* sysenter_entry leaves the segment fields as they were, and a trap
	 * taken while it built the frame (a fault on the user stack) may
	 * have left anything there: iret loads X.2's segments (A.10). */
	f->ds = f->es = f->fs = SEL_UDATA;
	f->gs = SEL_UTCB;
	return 0;
}

/* The end of every Ipc that entered by sysenter: nonzero if the frame may
 * leave by sysexit (sysenter.asm), which restores less than iret. The
 * common case is user_return's with no small space anywhere (so none
 * loaded) and no iret asked for, tested first. */
static inline int sysenter_exit(struct trap_frame *f)
{
	if (__builtin_expect(!need_resched && !small_spaces_live && !current->arch.need_iret &&
	                     f->eip < USER_LIMIT && f->user_esp <= USER_LIMIT, 1))
		return 1;
	return sysenter_exit_checked(f);
}

/* A thread's Ipc, from either entry: a pager's one-page answer to a
 * fault (kernel/fault_reply.c) is tried before sys_ipc's frame is built,
 * out of line, so that every other IPC pays only the tag's compare. */
static __attribute__((noinline)) bool fault_reply_entry(struct trap_frame *f)
{
	return fault_reply_fast(current, f->eax, f->edx, f->ecx, f->esi);
}

static inline void user_ipc(struct trap_frame *f)
{
	if (!(CONFIG_FASTPATH && (f->esi & 0xFFFF) == FAULT_REPLY_TAG && fault_reply_entry(f)))
		sys_ipc(f->eax, f->edx, f->ecx, f->esi);
}

/* The general path: sysenter_entry has put Timeouts in ECX and the
 * return address in EIP (a bad one, or a stack beyond the space, stops
 * the thread at the return: user_return_check). */
int sysenter_dispatch(struct trap_frame *f);
int sysenter_dispatch(struct trap_frame *f)
{
	user_ipc(f);
	return sysenter_exit(f);
}

/* A thread the fast path parked in its IPC (arch_fast_switch) is switched
 * to: its wait is over, one way or another. The fast path left EDI out of
 * its frame, unless the thread was moved off its park (uctx_leave_by_iret
 * wrote it, and a control-transfer item may have changed it since). */
int sysenter_resume(struct trap_frame *f);
int sysenter_resume(struct trap_frame *f)
{
	struct tcb *self = current;
	if (__builtin_expect(self->arch.edi_in_frame, 0))
		self->arch.edi_in_frame = false;
	else
		f->edi = tcb_local_id(self);
	if (self->ipc_error || self->halt_after_ipc)    /* else it does nothing */
		ipc_finish_wait(self);
	return sysenter_exit(f);
}

static inline void system_clock_regs(struct trap_frame *f)
{
	uint64_t t = sys_system_clock();
	f->eax = (uint32_t)t;
	f->edx = (uint32_t)(t >> 32);
}

static void syscall_dispatch(struct trap_frame *f)
{
	switch (f->vector) {
	case 0x30:
	case 0x31:
		if (CONFIG_KDB && kdb_trace_on)
			kdb_trace_ipc(f->eax, f->edx, f->esi);
		user_ipc(f);
		break;
	case 0x33: {
		struct exregs io = { f->ecx, f->edx, f->esi, f->edi, f->ebx, f->ebp };
		f->eax = sys_exchange_registers(f->eax, &io);
		f->ecx = io.control, f->edx = io.sp, f->esi = io.ip;
		f->edi = io.flags, f->ebx = io.user_handle, f->ebp = io.pager;
		break;
	}
	case 0x34:
		system_clock_regs(f);
		break;
	case 0x35:
		sys_thread_switch(f->eax);
		break;
	case 0x36: {
		word_t tc;
		f->eax = sys_schedule(f->eax, f->edx, f->esi, f->ecx, f->edi, &tc);
		f->edx = tc;
		break;
	}
	case 0x37: {
		word_t c;
		f->eax = sys_space_control(f->eax, f->ecx, f->edx, f->esi, f->edi, &c);
		f->ecx = c;
		break;
	}
	case 0x38:
		f->eax = sys_thread_control(f->eax, f->esi, f->edx, f->ecx, f->edi);
		break;
	case 0x32:
		f->esi = sys_unmap(f->eax, f->esi);
		break;
	case 0x39:
		f->eax = sys_processor_control(f->eax, f->ecx, f->edx, f->esi);
		break;
	case 0x3A: {
		const word_t attributes[4] = { f->ecx, f->edx, f->ebx, f->ebp };
		f->eax = sys_memory_control(f->eax, attributes, f->esi);
		break;
	}
	default:
		break;
	}
}

/* KernelInterface (A.2): `lock; nop` raises #UD at the lock prefix. */
static bool kernel_interface(struct trap_frame *f)
{
	uint8_t b0, b1;
	if (!user_read8(f->eip, &b0) || !user_read8(f->eip + 1, &b1) || b0 != 0xF0 || b1 != 0x90)
		return false;
	f->eax = fpage_base(current->space->kip_area);
	f->ecx = KIP_API_VERSION;
	f->edx = 0;
	f->esi = KIP_KERNEL_ID;
	f->eip += 2;
	return true;
}

/* KDB calls: int3 then `cmpb $op, %al` (3C op), or int3 then
 * `jmp +5; movl $string, %eax` (EB 05 B8 imm32) for KDB_Enter. */
static bool kdb_call(struct trap_frame *f)
{
	uint8_t b0, b1;
	if (!user_read8(f->eip, &b0) || !user_read8(f->eip + 1, &b1))
		return false;
	if (b0 == 0x3C) {
		f->eax = kdb_op(b1, f->eax);
		return true;
	}
	uint32_t str;
	if (b0 == 0xEB && b1 == 0x05 && user_read32(f->eip + 3, &str)) {
		kdb_enter(str, f);
		return true;
	}
	kdb_enter(0, f);
	return true;
}

/* X.2 A.10: a thread cannot change its segment registers. A #GP while
 * one of them is not what the kernel gives threads reloads them all, and
 * the instruction is tried again; with the right ones loaded it is an
 * ordinary exception. (Selectors are 16 bits; the frame's words may have
 * anything above.) */
static bool reload_user_segments(struct trap_frame *f)
{
	if ((uint16_t)f->ds == SEL_UDATA && (uint16_t)f->es == SEL_UDATA &&
	    (uint16_t)f->fs == SEL_UDATA && (uint16_t)f->gs == SEL_UTCB &&
	    (uint16_t)f->user_ss == SEL_UDATA && (uint16_t)f->cs == SEL_UCODE)
		return false;
	f->ds = f->es = f->fs = f->user_ss = SEL_UDATA;
	f->gs = SEL_UTCB;
	f->cs = SEL_UCODE;
	return true;
}

/* A page fault of the current thread, the most frequent trap. */
static void page_fault(struct trap_frame *f)
{
	struct space *s = current->space;
	uint32_t cr2 = read_cr2();
	if (s->arch.small && smallspace_limit_fault(current, f, cr2))
		return;         /* beyond a small space's slot: promoted, the thread retries */
	if (s->idempotent && space_idempotent_fault(s, cr2))
		return;         /* sigma0 touched its physical memory: mapped */
	if (!s->arch.small && (f->eip >= USER_LIMIT || f->user_esp > USER_LIMIT))
		return;         /* sysexit took it there (sysenter.asm does not
		                   check): user_return_check stops it, as it would
		                   have before the return */
	/* CR2 is linear; the pager hears the space's own address. */
	pagefault_ipc(f, cr2 - s->arch.seg_base);
}

void user_trap(struct trap_frame *f)
{
	unsigned v = f->vector;
	if (v >= SYSCALL_VECTOR_FIRST && v <= SYSCALL_VECTOR_LAST) {
		syscall_dispatch(f);
	} else if (v == 14) {
		page_fault(f);
	} else if (v == 7 && fpu_claim(current)) {
		/* its first FPU instruction since it was switched to */
	} else if (v == 6 && kernel_interface(f)) {
		/* done */
	} else if (v == 3 && kdb_call(f)) {
		/* done */
	} else if (v == 1 && CONFIG_KDB && kdb_arch_debug_trap(f)) {
		/* the debugger's breakpoint or single step */
	} else if ((v == 12 || v == 13) && current->space->arch.small &&
	           smallspace_limit_fault(current, f, read_cr2())) {
		/* beyond a small space's slot: promoted, the thread retries */
	} else if (v == 13 && reload_user_segments(f)) {
		/* a selector of its own: the thread's segments again (A.10) */
	} else if (v == 13 && f->error == 0 && io_fault(f)) {
		/* an I/O instruction on a port the space does not hold */
	} else if (v < 32 && v != 2 && v != 8 && v != 18) {
		exception_ipc(f);
	} else {
		kprintf("kernel: thread %x: vector %u, error %x\n", current->global_id, v, f->error);
		trap_dump(f);
		thread_stop_faulted(current, "unexpected vector", f->eip);
	}
	user_return(f);
}

/* A page fault from user mode (trapentry.asm, page_fault_common): the
 * vector is 14 and the thread is in user mode, so user_trap's decoding
 * is skipped; a fault to a pager that waits for it takes its own path
 * (faultpath.c). */
void user_page_fault(struct trap_frame *f);
void user_page_fault(struct trap_frame *f)
{
	if (!(CONFIG_FASTPATH && faultpath_pagefault(f)))  /* a waiting pager's own path */
		page_fault(f);
	user_return(f);
}

/* A system call through its trap gate (trapentry.asm, syscall_common):
 * the vector is one of ours and the thread is in user mode. */
static void syscall_trap(struct trap_frame *f)
{
	syscall_dispatch(f);
	user_return(f);
}

/* ThreadSwitch and SystemClock, which threads make in loops (a yield, a
 * clock read), without syscall_dispatch's decoding. */
void thread_switch_trap(struct trap_frame *f);
void thread_switch_trap(struct trap_frame *f)
{
	sys_thread_switch(f->eax);
	user_return(f);
}

static void system_clock_trap(struct trap_frame *f)
{
	system_clock_regs(f);
	user_return(f);
}

/* Unmap, which a pager makes for every protect and revocation: MR0 in
 * and out in ESI, the control word in EAX (A.2). Its gate enters at
 * unmap_entry (unmapentry.asm), which comes here through the vector's
 * stub only for what it does not take (virtual-8086 mode, a small
 * space, EIP or ESP outside user space, FASTPATH=0). */
static void unmap_trap(struct trap_frame *f)
{
	f->esi = sys_unmap(f->eax, f->esi);
	user_return(f);
}

/* syscall_common calls the entry of its vector (from SYSCALL_VECTOR_FIRST);
 * ThreadSwitch's is its fast path (tswitch.asm), which declines to
 * thread_switch_trap. */
void thread_switch_fast(struct trap_frame *f);
void (*const syscall_entries[])(struct trap_frame *) = {
	syscall_trap,                   /* 0x30 Ipc */
	syscall_trap,                   /* 0x31 Lipc */
	unmap_trap,                     /* 0x32 Unmap */
	syscall_trap,                   /* 0x33 ExchangeRegisters */
	system_clock_trap,              /* 0x34 SystemClock */
	thread_switch_fast,             /* 0x35 ThreadSwitch */
	syscall_trap,                   /* 0x36 Schedule */
	syscall_trap,                   /* 0x37 SpaceControl */
	syscall_trap,                   /* 0x38 ThreadControl */
	syscall_trap,                   /* 0x39 ProcessorControl */
	syscall_trap,                   /* 0x3A MemoryControl */
};
_Static_assert(sizeof syscall_entries / sizeof syscall_entries[0] ==
               SYSCALL_VECTOR_LAST - SYSCALL_VECTOR_FIRST + 1, "one entry per vector");

/* Unmap's own entry (unmapentry.asm), which hands the calls it does not
 * take to the vector's stub, trap_vector_50. */
void unmap_entry(void);
#define SYSCALL_VECTOR_OF(name, vector, link) SYSCALL_VECTOR_##name = vector,
enum { SYSCALL_LIST(SYSCALL_VECTOR_OF) };
#undef SYSCALL_VECTOR_OF
_Static_assert(SYSCALL_VECTOR_unmap == 50, "unmapentry.asm names trap_vector_50 and pushes 0x32");

void syscall_init(void)
{
	for (unsigned v = SYSCALL_VECTOR_FIRST; v <= SYSCALL_VECTOR_LAST; v++)
		trap_set_user_gate(v);
	trap_set_user_entry(SYSCALL_VECTOR_unmap, unmap_entry);
	cpu_init_sysenter(tss_sysenter_sp());
	smallspace_map_kip();           /* where %gs points (layout.h) */
}
