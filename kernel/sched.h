/* SPDX-License-Identifier: MIT */
/*
 * sched.h: the scheduler. 256 priorities, round robin within a priority,
 * time slices charged by the timer tick, lazy queueing: a thread that
 * blocks stays in its ready queue until the scheduler next passes it.
 * Also the timeout list: threads blocked with a finite timeout, sorted by
 * wakeup time.
 */
#pragma once
#include "tcb.h"

#define DEFAULT_PRIO        100
#define DEFAULT_TIMESLICE   10000u      /* µs */

void sched_init(struct tcb *idle);
/* Makes t runnable (state TS_RUNNING) and queues it if needed. */
void sched_ready(struct tcb *t);
/* Picks the next thread and switches to it if it is not the current one. */
void schedule(void);
/* Switches straight to 'to' (which must be runnable), bypassing the queue
 * order: the direct IPC hand-off. */
void sched_switch_to(struct tcb *to);
/* Leaves t's ready queue (deletion, priority change). */
void sched_dequeue(struct tcb *t);
/* Moves the current thread to the end of its priority's queue. */
void sched_yield(void);
/* True if a ready thread has a higher priority than the current one. */
bool sched_should_preempt(void);
/* Queues t (which must not be queued); for sched_make_current. */
void sched_enqueue(struct tcb *t);

/* The non-empty ready queues: bit p % 32 of ready_bitmap[p / 32] for
 * priority p, and bit w of ready_words while ready_bitmap[w] is non-zero.
 * Lazy queueing leaves blocked threads in, so this is an upper bound. */
extern uint32_t ready_bitmap[8], ready_words;

/* The highest priority with a non-empty ready queue, or -1. */
static inline int sched_highest_prio(void)
{
	if (!ready_words)
		return -1;
	int w = 31 - __builtin_clz(ready_words);
	return w * 32 + 31 - __builtin_clz(ready_bitmap[w]);
}

/* True if a ready thread has a higher priority than t. */
static inline bool sched_should_preempt_for(const struct tcb *t)
{
	return sched_highest_prio() > t->prio;
}

/* The direct hand-off of the IPC fast path: 'to' (runnable, not idle)
 * becomes the current thread; the caller then switches the CPU to it. */
static inline void sched_make_current(struct tcb *to)
{
	if (!to->in_ready_queue)
		sched_enqueue(to);
	current = to;
}

/* Timer tick: charges the current thread and wakes expired timeouts. */
void sched_tick(void);
void timeout_arm(struct tcb *t, uint64_t at_us);
void timeout_cancel(struct tcb *t);

extern volatile bool need_resched;
bool current_is_idle(void);
