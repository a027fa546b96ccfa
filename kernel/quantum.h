/* SPDX-License-Identifier: MIT */
/*
 * quantum.h: what Schedule's time control and preemption control set
 * (X.2 §3.5, §3.6), enforced: the total quantum, charged by the timer
 * tick, and the preemption-delay protocol of the PreemptFlags TCR.
 * See quantum.c.
 */
#pragma once
#include "tcb.h"

#define PREEMPT_FLAG_SIGNAL   0x20      /* s */
#define PREEMPT_FLAG_DELAY    0x40      /* d */
#define PREEMPT_FLAG_PENDING  0x80      /* I */

/* The timer tick charges the running thread's total quantum. */
void quantum_charge(struct tcb *t, uint32_t us);

/* An asynchronous preemption of t (running, not idle) by a thread of
 * priority 'preemptor' is due. Returns true if t's d flag delays it;
 * false if it happens now, with *overflow set when a delay ran past
 * the maximum (the d flag is then cleared). */
bool preempt_delayed(struct tcb *t, int preemptor, bool *overflow);
/* t called ThreadSwitch (nilthread): a delayed preemption is over, and
 * the next one may be delayed for the full maximum again. */
static inline void preempt_delay_done(struct tcb *t)
{
	t->delay_until = 0;
}
/* t's PreemptFlags TCR. */
static inline uint8_t *preempt_flags(struct tcb *t)
{
	return (uint8_t *)utcb_word(t, UTCB_PREEMPT_FLAGS);
}
