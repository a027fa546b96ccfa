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
extern struct tcb *idle_thread;
extern volatile bool need_resched;
/* The ready queues, one per priority (sched.c); here for the inline
 * enqueue below. */
extern struct tcb *sched_ready_head[256];
/* t joins the end of its priority's ready queue (it is in none). */
void sched_enqueue(struct tcb *t);
/* The same, inline where its queue is not empty (the common case: the
 * waker is in it); an empty queue also changes the bitmap and the top
 * priority, out of line. */
static inline void sched_enqueue_inline(struct tcb *t)
{
	struct tcb *h = sched_ready_head[t->prio];
	if (__builtin_expect(!h, 0)) {
		sched_enqueue(t);
		return;
	}
	t->ready_next = h;
	t->ready_prev = h->ready_prev;
	h->ready_prev->ready_next = t;
	h->ready_prev = t;
	t->in_ready_queue = true;
}
/* Makes t runnable (state TS_RUNNING) and queues it if needed; inline,
 * as every IPC wakes its partner so: one still queued (lazy queueing),
 * or one the scheduler dropped when it blocked (a Send's receiver). */
static inline void sched_ready(struct tcb *t)
{
	tcb_set_state(t, TS_RUNNING);
	if (!t->in_ready_queue && t != idle_thread)
		sched_enqueue_inline(t);
	if (current && t->prio > current->prio)
		need_resched = true;
}
/* sched_ready(t) by 'self', the current thread (an IPC's waker). */
static inline void sched_ready_by(struct tcb *t, const struct tcb *self)
{
	tcb_set_state(t, TS_RUNNING);
	if (!t->in_ready_queue && t != idle_thread)
		sched_enqueue_inline(t);
	if (t->prio > self->prio)
		need_resched = true;
}
/* Picks the next thread and switches to it if it is not the current one. */
void schedule(void);
/* schedule() for a current thread that has just blocked (it cannot go
 * on, so schedule's quick test for that is skipped): the IPC wait's. */
void sched_blocked(void);
/* Switches straight to 'to' (which must be runnable), bypassing the queue
 * order: the direct IPC hand-off. */
void sched_switch_to(struct tcb *to);
/* Leaves t's ready queue (deletion, priority change). */
void sched_dequeue(struct tcb *t);
/* Moves the current thread to the end of its priority's queue. */
void sched_yield(void);
/* True if a ready thread has a higher priority than the current one. */
bool sched_should_preempt(void);

/* The highest priority with a non-empty ready queue, or -1; kept up to
 * date by the queue operations, so the IPC fast path reads one word.
 * Lazy queueing leaves blocked threads in, so this is an upper bound. */
extern int sched_top_prio;

/* True if a ready thread has a higher priority than t. */
static inline bool sched_should_preempt_for(const struct tcb *t)
{
	return sched_top_prio > t->prio;
}

/* Timer tick: charges the current thread and wakes expired timeouts. */
void sched_tick(void);
void timeout_arm(struct tcb *t, uint64_t at_us);
/* Takes t, which is in the timeout list, out of it (a doubly linked
 * list: no search). */
static inline void timeout_remove(struct tcb *t)
{
	*t->timeout_pprev = t->timeout_next;
	if (t->timeout_next)
		t->timeout_next->timeout_pprev = t->timeout_pprev;
	t->in_timeout_list = false;
}
/* Disarms t's timeout if it has one; inline, as a wakeup mostly finds
 * none. */
static inline void timeout_cancel(struct tcb *t)
{
	if (t->in_timeout_list)
		timeout_remove(t);
}

/* Switches from one thread to another so far: tells whether a schedule()
 * switched away at all. */
extern uint32_t sched_switches;
/* The priority of the thread an asynchronous preemption of t would run:
 * the highest runnable one above t, or t's own (its time slice's end).
 * Drops blocked threads from the queues on the way (lazy queueing). */
int sched_preemptor_prio(const struct tcb *t);
static inline bool current_is_idle(void)
{
	return current == idle_thread;
}
/* sched_ready(t) for an interrupt's handler t while the idle thread
 * runs; then, if t is what the scheduler would pick (no thread above it,
 * no interrupt deferred), switches to it at once, without the
 * scheduler's search. */
void sched_ready_from_idle(struct tcb *t);
