// SPDX-License-Identifier: MIT
/*
 * sched.c: priority round robin with lazy queueing. The ready queues are
 * circular doubly-linked lists, one per priority, with a 256-bit bitmap of
 * non-empty queues, and the highest such priority kept up to date
 * (sched_top_prio, which the IPC fast path reads). The running thread stays
 * at the head of its queue; its time slice running out rotates the queue.
 */
#include "kernel.h"
#include "sched.h"
#include "clock.h"
#include "ipc.h"
#include "interrupt.h"
#include "quantum.h"
#include "../arch/ia32/uctx.h"
#include "../arch/ia32/timer.h"

struct tcb *sched_ready_head[256];
static uint32_t ready_bitmap[8];
int sched_top_prio = -1;
struct tcb *idle_thread;
static struct tcb *timeouts;            /* sorted by wakeup_at */
volatile bool need_resched;
uint32_t sched_switches;


void sched_init(struct tcb *idle)
{
	idle_thread = idle;
}

static int highest_in_bitmap(void)
{
	for (int w = 7; w >= 0; w--)
		if (ready_bitmap[w])
			return w * 32 + 31 - __builtin_clz(ready_bitmap[w]);
	return -1;
}

static inline __attribute__((always_inline)) void enqueue(struct tcb *t)
{
	struct tcb **head = &sched_ready_head[t->prio];
	if (*head) {
		t->ready_next = *head;
		t->ready_prev = (*head)->ready_prev;
		t->ready_prev->ready_next = t;
		(*head)->ready_prev = t;
	} else {
		*head = t->ready_next = t->ready_prev = t;
		ready_bitmap[t->prio / 32] |= 1u << (t->prio % 32);
		if (t->prio > sched_top_prio)
			sched_top_prio = t->prio;
	}
	t->in_ready_queue = true;
}

void sched_enqueue(struct tcb *t)
{
	enqueue(t);
}

/* t leaves its ready queue (it is in one). */
static inline __attribute__((always_inline)) void dequeue(struct tcb *t)
{
	struct tcb **head = &sched_ready_head[t->prio];
	if (t->ready_next == t) {
		*head = 0;
		ready_bitmap[t->prio / 32] &= ~(1u << (t->prio % 32));
		if (t->prio == sched_top_prio)
			sched_top_prio = highest_in_bitmap();
	} else {
		t->ready_prev->ready_next = t->ready_next;
		t->ready_next->ready_prev = t->ready_prev;
		if (*head == t)
			*head = t->ready_next;
	}
	t->in_ready_queue = false;
}

void sched_dequeue(struct tcb *t)
{
	if (t->in_ready_queue)
		dequeue(t);
}

/* The first runnable thread of the highest priority; blocked threads met
 * on the way are dropped from their queues (lazy dequeueing). */
static inline __attribute__((always_inline)) struct tcb *pick_next(void)
{
	for (;;) {
		int p = sched_top_prio;
		if (p < 0)
			return idle_thread;
		struct tcb *t = sched_ready_head[p];
		if (t->state == TS_RUNNING)
			return t;
		dequeue(t);
	}
}

int sched_preemptor_prio(const struct tcb *t)
{
	struct tcb *next = pick_next();
	return next != idle_thread && next->prio > t->prio ? next->prio : t->prio;
}

/* The switch itself: 'to' is runnable and in its ready queue (or the
 * idle thread), and not the current thread. */
static inline __attribute__((always_inline)) void switch_to(struct tcb *from, struct tcb *to)
{
	sched_switches++;
	set_current(to);        /* and the kernel stack of traps from user mode */
	arch_switch(from, to);
}

void sched_switch_to(struct tcb *to)
{
	struct tcb *from = current;
	if (to == from)
		return;
	if (!to->in_ready_queue && to != idle_thread)
		enqueue(to);
	switch_to(from, to);
}

static int prio_of(const struct tcb *t)
{
	return t == idle_thread ? -1 : t->prio;
}

/* schedule() when the current thread does not simply go on: the search
 * (pick_next, dropping blocked threads) and the switch in one frame.
 * A blocked thread at the head of the top queue with a runnable one
 * after it (mostly a partner it has just woken, whom pick_next would
 * choose next) is not dropped: the queue turns past it, as at the end of
 * a time slice, so that it is still queued when it is woken (lazy
 * queueing: no dequeue now and no enqueue then, and the IPC fast path's
 * gate finds it queued). */
void sched_blocked(void)
{
	struct tcb *from = current, *next;
	int p = sched_top_prio;
	need_resched = false;
	if (p >= 0 && sched_ready_head[p] == from && from->ready_next->state == TS_RUNNING &&
	    !interrupts_deferred) {
		next = from->ready_next;
		sched_ready_head[p] = next;
	} else {
		next = pick_next();
		/* An interrupt thread above the chosen one runs first: its
		 * message may make a handler ready. */
		if (interrupts_deferred && interrupt_run_deferred(prio_of(next)))
			next = pick_next();
		if (next == from)
			return;
	}
	switch_to(from, next);  /* next is queued, or idle */
}

void schedule(void)
{
	/* What pick_next would find first when the current thread runs on
	 * (a yield with nobody else at its priority), without sched_blocked's
	 * frame. */
	struct tcb *self = current;
	int p = sched_top_prio;
	if (p >= 0 && sched_ready_head[p] == self && self->state == TS_RUNNING &&
	    !interrupts_deferred) {
		need_resched = false;
		return;
	}
	sched_blocked();
}

void sched_yield(void)
{
	struct tcb *t = current;
	if (t->in_ready_queue && sched_ready_head[t->prio] == t)
		sched_ready_head[t->prio] = t->ready_next;
	schedule();
}

void sched_ready_from_idle(struct tcb *t)
{
	struct tcb *idle = current;
	tcb_set_state(t, TS_RUNNING);
	if (!t->in_ready_queue)
		enqueue(t);
	if (t->prio < sched_top_prio || interrupts_deferred) {
		if (t->prio > idle->prio)       /* as sched_ready: the scheduler decides */
			need_resched = true;
		return;
	}
	need_resched = false;
	switch_to(idle, t);
}

bool sched_should_preempt(void)
{
	int p = sched_top_prio;
	if (current == idle_thread)
		return p >= 0;
	return p > current->prio;
}

void timeout_arm(struct tcb *t, uint64_t at_us)
{
	timeout_cancel(t);
	t->wakeup_at = at_us;
	struct tcb **p = &timeouts;
	while (*p && (*p)->wakeup_at <= at_us)
		p = &(*p)->timeout_next;
	t->timeout_next = *p;
	if (*p)
		(*p)->timeout_pprev = &t->timeout_next;
	t->timeout_pprev = p;
	*p = t;
	t->in_timeout_list = true;
}


void sched_tick(void)
{
	uint64_t now = clock_us();
	while (timeouts && timeouts->wakeup_at <= now) {
		struct tcb *t = timeouts;
		timeout_remove(t);
		ipc_timeout(t);
	}
	struct tcb *c = current;
	if (interrupts_deferred && interrupt_run_deferred(prio_of(c)))
		need_resched = true;
	uint32_t tick = 1000000u / TIMER_HZ;
	if (c != idle_thread)
		quantum_charge(c, tick);
	if (c != idle_thread && c->timeslice_us) {
		if (c->timeslice_left_us > tick) {
			c->timeslice_left_us -= tick;
		} else {
			c->timeslice_left_us = c->timeslice_us;
			/* Rotate: the next thread of this priority goes first. */
			if (c->in_ready_queue && sched_ready_head[c->prio] == c)
				sched_ready_head[c->prio] = c->ready_next;
			need_resched = true;
		}
	}
	if (sched_should_preempt())
		need_resched = true;
}
