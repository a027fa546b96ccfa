/* SPDX-License-Identifier: MIT */
/*
 * uctx.h: a thread's user-level context, as the generic kernel sees it.
 * The context is the trap frame at the top of the thread's kernel stack;
 * these functions are the only way kernel/ touches it.
 */
#pragma once
#include <stdint.h>
#include "../../kernel/tcb.h"

/* Prepares a new thread so that switching to it enters user mode at ip/sp. */
void uctx_init(struct tcb *t, uint32_t ip, uint32_t sp);
uint32_t uctx_ip(struct tcb *t);
uint32_t uctx_sp(struct tcb *t);
uint32_t uctx_flags(struct tcb *t);
void uctx_set_ip(struct tcb *t, uint32_t ip);
void uctx_set_sp(struct tcb *t, uint32_t sp);
void uctx_set_flags(struct tcb *t, uint32_t flags);   /* user-modifiable bits only */

/* The IPC outputs of Appendix A.2: from, MR0, MR1, MR2. */
void uctx_set_ipc_result(struct tcb *t, word_t from, word_t mr0, word_t mr1, word_t mr2);
/* MR0 as the thread passed it in (the sender's tag). */
word_t uctx_ipc_mr0(struct tcb *t);

/* Switches from the current thread to 'to' (address space, kernel stack,
 * UTCB segment); returns when someone switches back to 'from'. */
void arch_switch(struct tcb *from, struct tcb *to);
/* Makes t's UTCB segment and kernel stack the CPU's (for the first thread). */
/* Prepares a kernel thread (idle) to start in fn. */
void uctx_init_kernel(struct tcb *t, void (*fn)(void));
void arch_enter_first(struct tcb *t) __attribute__((noreturn));
/* Called once: the sysenter MSRs and system-call gates. */
void syscall_init(void);
/* Counters for the benchmark build: CR3 loads and segment reloads. */
extern uint32_t cr3_loads, segment_reloads;
