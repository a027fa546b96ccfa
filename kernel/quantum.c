// SPDX-License-Identifier: MIT
/*
 * quantum.c: the total quantum and the preemption-delay protocol (X.2
 * §3.5, §3.6).
 *
 * Total quantum: Schedule sets it and its remainder; the timer tick
 * charges the running thread. When it is exhausted the thread, at its
 * next return to user mode, calls its scheduler with a preemption
 * message (§7.4's format: label -3, MR1/MR2 the clock) and runs on only
 * after the reply; a scheduler that wants it to run on sets a new total
 * quantum first, else the next tick exhausts it again. A thread that is
 * its own scheduler, or whose scheduler is gone, cannot call it: its
 * quantum becomes infinite, and the console says so (the arch side,
 * preemption_ipc).
 *
 * Preemption delay: with the d flag set in its PreemptFlags and a
 * maximum delay from its scheduler, a thread is not preempted by a
 * thread of priority at most its sensitive priority (a time slice's end
 * counts as a preemption by its own priority). The kernel sets the I
 * flag and lets it run until it calls ThreadSwitch (nilthread), or at
 * most the maximum delay; past that the d flag is cleared, the preemption
 * happens, and the exception handler gets a preemption message.
 */
#include "kernel.h"
#include "quantum.h"
#include "sched.h"
#include "clock.h"

void quantum_charge(struct tcb *t, uint32_t us)
{
	if (!t->total_quantum_us || t->quantum_out)
		return;
	if (t->total_left_us > us) {
		t->total_left_us -= us;
		return;
	}
	t->total_left_us = 0;
	t->quantum_out = true;
	need_resched = true;            /* through user_return_check */
}

bool preempt_delayed(struct tcb *t, int preemptor, bool *overflow)
{
	*overflow = false;
	if (!t->utcb || !t->max_delay_us || preemptor > t->sensitive_prio ||
	    !(*preempt_flags(t) & PREEMPT_FLAG_DELAY)) {
		t->delay_until = 0;     /* preempted: a later delay starts anew */
		return false;
	}
	uint8_t *flags = preempt_flags(t);
	uint64_t now = clock_us();
	if (!t->delay_until) {
		t->delay_until = now + t->max_delay_us;
		*flags |= PREEMPT_FLAG_PENDING;
		return true;
	}
	if (now < t->delay_until)
		return true;
	t->delay_until = 0;             /* overflow */
	*flags &= (uint8_t)~PREEMPT_FLAG_DELAY;
	*overflow = true;
	return false;
}
