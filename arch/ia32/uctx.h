/* SPDX-License-Identifier: MIT */
/*
 * uctx.h: a thread's user-level context, as the generic kernel sees it.
 * The context is the trap frame at the top of the thread's kernel stack;
 * these functions are the only way kernel/ touches it. The ones the IPC
 * fast path needs are inline.
 */
#pragma once
#include <stdint.h>
#include "../../kernel/tcb.h"
#include "../../kernel/space.h"
#include "../../kernel/kip.h"
#include "gdt.h"
#include "trapframe.h"
#include "x86.h"
#include "iobitmap.h"
#include "fpu.h"

/* A C function that assembly calls with its first three arguments in EAX,
 * EDX and ECX (the IPC fast path). */
#define ARCH_REGCALL __attribute__((regparm(3)))

static inline struct trap_frame *uctx_frame(const struct tcb *t)
{
	return (struct trap_frame *)(KSTACK_TOP(t) - sizeof(struct trap_frame));
}

/* Prepares a new thread so that switching to it enters user mode at ip/sp. */
void uctx_init(struct tcb *t, uint32_t ip, uint32_t sp);
/* Frees what t's user context holds beyond its TCB (its FPU state), when
 * t is deleted. */
void uctx_release(struct tcb *t);
uint32_t uctx_ip(struct tcb *t);
uint32_t uctx_sp(struct tcb *t);
uint32_t uctx_flags(struct tcb *t);
/* The thread's next return to user mode must be by iret, through the
 * return checks (its frame was changed while it was not running). */
void uctx_leave_by_iret(struct tcb *t);
void uctx_set_ip(struct tcb *t, uint32_t ip);
void uctx_set_sp(struct tcb *t, uint32_t sp);
void uctx_set_flags(struct tcb *t, uint32_t flags);   /* user-modifiable bits only */

/* The IPC outputs of Appendix A.2: from, MR0, MR1, MR2. */
static inline void uctx_set_ipc_result(struct tcb *t, word_t from, word_t mr0,
                                       word_t mr1, word_t mr2)
{
	struct trap_frame *f = uctx_frame(t);
	f->eax = from;
	f->esi = mr0;
	f->ebx = mr1;
	f->ebp = mr2;
}


/* Reads a word of the current address space's user memory (an address
 * of the space, below its segment limit), for the fast path (which is why
 * it is inline); false if va is not in the space or not mapped. */
static inline bool uctx_peek_user(word_t va, word_t *out)
{
	extern struct space *loaded_space;
	const struct space *s = loaded_space;   /* (none while it changes: smallspace.c) */
	return s && va <= s->arch.seg_size - 4 && load32_or_fault(va + s->arch.seg_base, out);
}

/* MR0 as the thread passed it in (the sender's tag). */
static inline word_t uctx_ipc_mr0(const struct tcb *t)
{
	return uctx_frame(t)->esi;
}

/* The tag a blocked sender will be picked up with (its MR0 register). */
static inline void uctx_set_ipc_mr0(struct tcb *t, word_t tag)
{
	uctx_frame(t)->esi = tag;
}


/* Counters for the benchmark: CR3 loads and segment reloads (another
 * descriptor table loaded: a small space's, or the kernel's again). */
extern uint32_t cr3_loads, segment_reloads;
/* CR3 loads, the IPC fast path's included (it counts them as fastpath_cr3,
 * ipc.h). */
static inline uint32_t cr3_load_count(void)
{
	extern uint32_t fastpath_cr3;
	return cr3_loads + fastpath_cr3;
}
/* Segment reloads, the IPC fast path's switches to a small space
 * included (fastpath_small, ipc.h). */
static inline uint32_t segment_reload_count(void)
{
	extern uint32_t fastpath_small;
	return segment_reloads + fastpath_small;
}
/* The space whose user state (segments, and its page table unless it is
 * small) the CPU has; NULL forces the next switch to load it all. */
extern struct space *loaded_space;

/* Loads s's descriptor table (space_arch.h). */
static inline void space_load_segments(const struct space *s)
{
	lgdt(&s->arch.gdtr);
	user_switch_key_set(s->arch.seg_key);
	segment_reloads++;
}

/* THE place where the current address space changes, whether or not a
 * page table is loaded: a large space needs its directory; a small space
 * runs on whatever directory is loaded (the small-space area is the same
 * in all); both need their user segments in the GDT (an iret or segment
 * load takes them up). The UTCB segment is the same for all. The IPC
 * fast path does the same steps in assembly (sysenter.asm,
 * fast_switch_segments). Per-space machine state that
 * follows the running space (the I/O permission bitmap) is switched here
 * too, and only here, before this is called. */
static inline void space_switch(const struct tcb *to)
{
	struct space *s = to->space;
	loaded_space = s;
	if (!s->arch.small && s->pd_phys != read_cr3()) {
		write_cr3(s->pd_phys);
		cr3_loads++;
	}
	/* (The I/O bitmap is s's already, io_bitmap_switch: then the loaded
	 * key is s's loaded_key exactly when its table is loaded.) */
	if (s->arch.loaded_key != user_switch_key)
		space_load_segments(s);         /* large <-> small, small <-> small */
}

/* The user state of a thread with a space: the word %gs:0 reads (in the
 * KIP page) gets its UTCB address, and its space is loaded if it is not
 * the CPU's. */
static inline void uctx_load_user_state(const struct tcb *to)
{
	io_bitmap_switch(to->space);
	*(word_t *)(kip_frame + KIP_UTCB_ADDRESS) = tcb_local_id(to);   /* a link-time address */
	if (to->space != loaded_space)
		space_switch(to);
}

void switch_context(uint32_t *save_esp, uint32_t new_esp);      /* switch.asm */

/* Switches from the current thread to 'to' (address space, kernel stack,
 * UTCB segment); returns when someone switches back to 'from'. Inline:
 * the scheduler's one switch (sched_switch_to) is the general IPC path's
 * and an interrupt handler's way in. The IPC fast path does not come
 * here, and needs no FPU work: it declines a sender whose FPU state is
 * live (sysenter.asm), and whoever it switches to finds TS set. */
static inline __attribute__((always_inline)) void arch_switch(struct tcb *from, struct tcb *to)
{
	if (__builtin_expect(from->fpu_live, 0))
		fpu_switch_away(from);
	/* (The TSS's esp0 is to's stack top already: set_current.) */
	if (to->utcb)                   /* not a kernel thread */
		uctx_load_user_state(to);
	switch_context(&from->arch.ksp, to->arch.ksp);
}

/* The IPC fast path's switch when a space's I/O bitmap must be copied
 * into the TSS: the I/O bitmap and the address space of 'to', as
 * uctx_load_user_state does (sysenter.asm calls it). */
void uctx_switch_space(const struct tcb *to);

/* Prepares a kernel thread (idle) to start in fn. */
void uctx_init_kernel(struct tcb *t, void (*fn)(void));
/* Makes t's UTCB segment and kernel stack the CPU's (for the first thread). */
void arch_enter_first(struct tcb *t) __attribute__((noreturn));
/* Called once: the sysenter MSRs and system-call gates. */
void syscall_init(void);
