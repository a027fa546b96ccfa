/* SPDX-License-Identifier: MIT */
/*
 * interrupt.h: hardware interrupts as IPC (X.2 §2.4, §7.2). Interrupt
 * thread ids have the line as thread number and version 1. ThreadControl
 * associates a handler (the interrupt thread's "pager"); an interrupt is
 * then a message from the interrupt thread to the handler (label -1 << 4,
 * no words), and the line stays masked until the handler sends back to
 * the interrupt thread. An interrupt that comes while the handler is not
 * receiving is kept (pending) and delivered on its next receive.
 *
 * Interrupt threads have no TCB: the per-line state lives here, and the
 * handler's TCB keeps a bitmap of its pending lines (irq_pending), which
 * the IPC paths check before a receive blocks.
 */
#pragma once
#include "tcb.h"

#define INTERRUPT_LINES 16              /* thread numbers 0..15 */
/* An interrupt thread's priority until Schedule sets another: above
 * every thread, so that by default an interrupt preempts whatever runs. */
#define INTERRUPT_DEFAULT_PRIO 255

static inline bool interrupt_is_id(word_t id)
{
	return !tid_is_local(id) && tid_no(id) < INTERRUPT_LINES && id != TID_NIL;
}

/* ThreadControl on an interrupt thread id (the caller is privileged):
 * associates 'handler', or deassociates when handler == dest. Returns 0
 * or the ErrorCode. */
word_t interrupt_control(struct tcb *self, word_t dest, word_t space_spec, word_t handler);
/* Send phase to an interrupt id: the handler's acknowledgement. Returns 0
 * or an IPC error code (no partner). */
word_t interrupt_acknowledge(struct tcb *self, word_t irq_id);
/* May 'self' name irq_id as the partner of a closed receive? */
bool interrupt_may_receive(const struct tcb *self, word_t irq_id);
/* Receive phase of 'self' (from_spec as given) with lines pending: delivers
 * one that from_spec accepts into self's IPC results; true if it did. */
bool interrupt_take_pending(struct tcb *self, word_t from_spec);
/* A thread goes (deletion, new version): its lines lose their handler. */
void interrupt_thread_gone(struct tcb *t);
/* The machine saw interrupt 'irq' on an associated line, and masked it. */
void interrupt_raised(unsigned irq);

/* Lines that arrived while a thread at or above their priority ran
 * (bitmap): the scheduler runs them, interrupt_run_deferred, before it
 * picks a thread of a priority below theirs. */
extern uint16_t interrupts_deferred;
/* Delivers the deferred lines whose priority is above prio (-1: idle);
 * true if any handler was made ready. */
bool interrupt_run_deferred(int prio);
/* Schedule on an interrupt thread id: returns 0 and the results, or the
 * ErrorCode. */
word_t interrupt_schedule(struct tcb *self, word_t dest, word_t time_control,
                          word_t processor_control, word_t prio,
                          word_t preemption_control, word_t *time_out, word_t *state);

/* A line's state, for the debugger: its handler (or TID_NIL), whether an
 * interrupt waits for it, and whether one is in service. */
void interrupt_line_state(unsigned irq, word_t *handler, bool *pending, bool *in_service);
/* Statistics, for tests: messages delivered, and arrivals kept pending. */
extern uint32_t interrupts_delivered, interrupts_kept;
