// SPDX-License-Identifier: MIT
/*
 * schedule.c: Schedule, ThreadSwitch and SystemClock (X.2 §3.2-3.5).
 * Schedule is allowed to threads in the same space as the destination's
 * scheduler; priorities may not be raised above the caller's own.
 */
#include "kernel.h"
#include "syscalls.h"
#include "sched.h"
#include "clock.h"
#include "ipc.h"
#include "interrupt.h"
#include "quantum.h"

#define TSTATE_ERROR     0
#define TSTATE_DEAD      1
#define TSTATE_INACTIVE  2
#define TSTATE_RUNNING   3
#define TSTATE_PEND_SEND 4
#define TSTATE_WAIT_RECV 6

static word_t thread_state_code(const struct tcb *t)
{
	switch (t->state) {
	case TS_INACTIVE:
	case TS_HALTED:
		return TSTATE_INACTIVE;
	case TS_WAIT_SEND:
		return TSTATE_PEND_SEND;
	case TS_WAIT_RECV:
	case TS_WAIT_START:
		return TSTATE_WAIT_RECV;
	case TS_FREE:
		return TSTATE_DEAD;
	default:
		return TSTATE_RUNNING;
	}
}

/* A time period in µs; ~0 means never, ~1 an invalid (absolute/0) value. */
static uint64_t period_us(word_t t)
{
	t &= 0xFFFF;
	if (t == TIME_NEVER)
		return ~0ull;
	if ((t & 0x8000) || (t & 0x3FF) == 0)
		return ~1ull;
	return (uint64_t)(t & 0x3FF) << ((t >> 10) & 0x1F);
}

static word_t encode_period(uint64_t us)
{
	if (us == 0)
		return TIME_ZERO;
	word_t e = 0;
	while (us >= 1024 && e < 31)
		us >>= 1, e++;
	return e << 10 | (word_t)us;
}

word_t sys_schedule(word_t dest, word_t time_control, word_t processor_control,
                    word_t prio, word_t preemption_control, word_t *time_out)
{
	struct tcb *self = current;
	if (interrupt_is_id(dest)) {
		word_t st, err = interrupt_schedule(self, dest, time_control, processor_control,
		                                    prio, preemption_control, time_out, &st);
		if (err)
			return set_error_code(err), TSTATE_ERROR;
		if (need_resched || sched_should_preempt())
			schedule();
		return st;
	}
	struct tcb *t = tcb_lookup(self, dest);
	if (!t || t->state == TS_FREE)
		return set_error_code(ERR_INVALID_THREAD), TSTATE_ERROR;
	struct tcb *sched = tcb_lookup(self, t->scheduler);
	if (!sched || sched->space != self->space)
		return set_error_code(ERR_NO_PRIVILEGE), TSTATE_ERROR;

	/* --- decode --- */
	uint64_t ts = ~2ull, total = ~2ull;
	if (time_control != ~0u) {
		if ((time_control >> 16) != 0xFFFF) {
			ts = period_us(time_control >> 16);
			if (ts == ~1ull)
				return set_error_code(ERR_INVALID_PARAM), TSTATE_ERROR;
		}
		if ((time_control & 0xFFFF) != 0xFFFF) {
			total = period_us(time_control);
			if (total == ~1ull)
				return set_error_code(ERR_INVALID_PARAM), TSTATE_ERROR;
		}
	}
	if (prio != ~0u && (prio > 255 || prio > self->prio))
		return set_error_code(ERR_INVALID_PARAM), TSTATE_ERROR;
	if (processor_control != ~0u && (processor_control & 0xFFFF) != 0)
		return set_error_code(ERR_INVALID_PARAM), TSTATE_ERROR;
	if (preemption_control != ~0u && (preemption_control >> 24) != 0)
		return set_error_code(ERR_INVALID_PARAM), TSTATE_ERROR;

	/* --- act --- */
	if (ts != ~2ull) {
		t->timeslice_us = ts == ~0ull ? 0 : (ts < 1000 ? 1000 : (uint32_t)ts);
		t->timeslice_left_us = t->timeslice_us;
	}
	if (total != ~2ull) {           /* (re)written: a whole new quantum */
		t->total_quantum_us = total == ~0ull ? 0 : total;
		t->total_left_us = t->total_quantum_us;
		t->quantum_out = false;
	}
	if (preemption_control != ~0u) {
		t->sensitive_prio = (uint8_t)(preemption_control >> 16);
		t->max_delay_us = (uint16_t)preemption_control;
		t->delay_until = 0;
	}
	if (prio != ~0u && prio != t->prio) {
		/* A blocked thread may still be queued (lazy queueing): it
		 * leaves the queue; only a runnable one joins the new one. */
		sched_dequeue(t);
		t->prio = (uint8_t)prio;
		if (t->state == TS_RUNNING)
			sched_ready(t);
	}
	*time_out = (t->timeslice_us ? encode_period(t->timeslice_left_us) : TIME_NEVER) << 16 |
	            (t->total_quantum_us ? encode_period(t->total_left_us) : TIME_NEVER);
	word_t st = thread_state_code(t);
	if (need_resched || sched_should_preempt())
		schedule();
	return st;
}

void sys_thread_switch(word_t dest)
{
	if (dest == TID_NIL)
		preempt_delay_done(current);
	struct tcb *t = dest == TID_NIL ? 0 : tcb_lookup(current, dest);
	if (t && t->state == TS_RUNNING && t != current) {
		sched_switch_to(t);
		return;
	}
	sched_yield();
}

uint64_t sys_system_clock(void)
{
	return clock_us();
}
