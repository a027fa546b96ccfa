// SPDX-License-Identifier: MIT
/*
 * threadctl.c: ThreadControl (X.2 §2.4): creating, modifying and deleting
 * threads, and the first thread of a new address space. Privileged: only
 * threads of a privileged space (sigma0, the root task) may call it.
 */
#include "kernel.h"
#include "syscalls.h"
#include "space.h"
#include "sched.h"
#include "ipc.h"
#include "interrupt.h"
#include "migrate.h"
#include "../arch/ia32/uctx.h"

word_t thread_high_water = USER_BASE;

void set_error_code(word_t code)
{
	*utcb_word(current, UTCB_ERROR_CODE) = code;
}

static void setup_utcb(struct tcb *t, char *utcb)
{
	tcb_set_utcb(t, utcb);
	*utcb_word(t, UTCB_MY_GLOBAL_ID) = t->global_id;
	*utcb_word(t, UTCB_PAGER) = t->pager;
	*utcb_word(t, UTCB_EXC_HANDLER) = t->exception_handler;
	/* Nothing per thread in the CPU: %gs is one segment for every thread
	 * (UTCB_WORD_ADDRESS, layout.h); the switch writes the word it reads. */
}

/* Starts a thread that has a pager, a UTCB and an initialized space: it
 * waits for its start message from the pager (X.2 §7.1). */
static word_t activate(struct tcb *t)
{
	if (!space_initialized(t->space))
		return ERR_INVALID_SPACE;
	if (!space_utcb_ok(t->space, t->utcb_location))
		return ERR_UTCB_AREA;
	char *utcb = space_utcb_map(t->space, t->utcb_location);
	if (!utcb)
		return ERR_NO_MEM;
	setup_utcb(t, utcb + UTCB_ADDR_OFFSET);
	uctx_init(t, 0, 0);
	t->recv_from = t->pager;
	tcb_set_state(t, TS_WAIT_START);
	return 0;
}

static void init_sched(struct tcb *t, word_t scheduler)
{
	t->prio = DEFAULT_PRIO;
	t->timeslice_us = t->timeslice_left_us = DEFAULT_TIMESLICE;
	t->scheduler = scheduler;
}

struct tcb *create_initial_thread(word_t id, struct space *s, uint32_t ip,
                                  uint32_t sp, word_t pager)
{
	struct tcb *t = thread_alloc(id);
	if (!t)
		return 0;
	if (tid_no(id) > thread_high_water)
		thread_high_water = tid_no(id);
	init_sched(t, id);
	t->pager = pager;
	space_add_thread(s, t);
	tcb_set_utcb_location(t, fpage_base(s->utcb_area));
	char *utcb = space_utcb_map(s, t->utcb_location);
	if (!utcb)
		return 0;
	setup_utcb(t, utcb + UTCB_ADDR_OFFSET);
	uctx_init(t, ip, sp);
	sched_ready(t);
	return t;
}

void thread_delete(struct tcb *t)
{
	struct space *s = t->space;
	interrupt_thread_gone(t);
	ipc_thread_gone(t);
	sched_dequeue(t);
	uctx_release(t);
	tcb_set_state(t, TS_FREE);
	if (s) {
		space_remove_thread(s, t);
		if (s->nthreads == 0)
			space_destroy(s);
	}
	t->global_id = 0;
	thread_free(t);
}

void thread_stop_faulted(struct tcb *t, const char *why, uint32_t addr)
{
	kprintf("kernel: thread %x stopped: %s at %p (ip %p)\n", t->global_id, why,
	        (void *)addr, (void *)uctx_ip(t));
	tcb_set_state(t, TS_HALTED);
	sched_dequeue(t);
	if (t == current)
		schedule();
}

word_t sys_thread_control(word_t dest, word_t space_spec, word_t scheduler,
                          word_t pager, word_t utcb_location)
{
	struct tcb *self = current;
	if (!self->space->privileged)
		return set_error_code(ERR_NO_PRIVILEGE), 0;
	/* --- decode --- */
	word_t no = tid_no(dest);
	if (interrupt_is_id(dest)) {                    /* X.2 §2.4: association */
		word_t err = interrupt_control(self, dest, space_spec, pager);
		return err ? (set_error_code(err), 0) : 1;
	}
	if (tid_is_local(dest) || no < USER_BASE || no >= MAX_THREADS)
		return set_error_code(ERR_INVALID_THREAD), 0;
	struct tcb *t = tcb_by_no(no);
	bool exists = t->state != TS_FREE;
	if (exists && t == self && space_spec == TID_NIL)
		return set_error_code(ERR_INVALID_THREAD), 0;   /* no suicide */

	if (space_spec == TID_NIL) {                    /* deletion */
		if (!exists)
			return set_error_code(ERR_INVALID_THREAD), 0;
		thread_delete(t);
		return 1;
	}
	struct tcb *space_tcb = space_spec == dest ? 0 : tcb_lookup(self, space_spec);
	if (space_spec != dest && (!space_tcb || !space_tcb->space))
		return set_error_code(ERR_INVALID_SPACE), 0;
	if (scheduler != TID_NIL && !tcb_lookup(self, scheduler) && scheduler != dest)
		return set_error_code(ERR_INVALID_SCHED), 0;

	if (!exists) {                                  /* creation */
		if (scheduler == TID_NIL)
			return set_error_code(ERR_INVALID_SCHED), 0;
		struct space *s = space_tcb ? space_tcb->space : 0;
		if (s && utcb_location != ~0u && !space_utcb_ok(s, utcb_location) &&
		    space_initialized(s))
			return set_error_code(ERR_UTCB_AREA), 0;
		bool new_space = !s;
		if (new_space && !(s = space_create()))
			return set_error_code(ERR_NO_MEM), 0;
		t = thread_alloc(dest);
		if (!t) {
			if (new_space)
				space_destroy(s);
			return set_error_code(ERR_NO_MEM), 0;
		}
		if (no > thread_high_water)
			thread_high_water = no;
		init_sched(t, scheduler);
		space_add_thread(s, t);
		tcb_set_utcb_location(t, utcb_location == ~0u ? 0 : utcb_location);
		if (pager != TID_NIL) {
			t->pager = pager;
			word_t err = activate(t);
			if (err) {
				thread_delete(t);
				return set_error_code(err), 0;
			}
		}
		return 1;
	}

	/* --- modification --- */
	struct space *to = space_tcb && space_tcb->space != t->space ? space_tcb->space : 0;
	if (to) {                                       /* migration (migrate.c) */
		word_t err = migrate_check(self, t, to, utcb_location, pager);
		if (err)
			return set_error_code(err), 0;
	}
	if (utcb_location != ~0u && t->state != TS_INACTIVE &&
	    utcb_location != t->utcb_location)
		return set_error_code(ERR_UTCB_AREA), 0;
	if (to) {
		word_t err = migrate(t, to);
		if (err)
			return set_error_code(err), 0;
	}
	if (tid_version(dest) != tid_version(t->global_id)) {
		interrupt_thread_gone(t);
		ipc_cancel(t, IPC_ERR_CANCELED, true, true);
		t->global_id = dest;
		if (t->utcb)
			*utcb_word(t, UTCB_MY_GLOBAL_ID) = dest;
	}
	if (scheduler != TID_NIL)
		t->scheduler = scheduler;
	if (utcb_location != ~0u && t->state == TS_INACTIVE)
		tcb_set_utcb_location(t, utcb_location);
	if (pager != TID_NIL) {
		t->pager = pager;
		if (t->utcb)
			*utcb_word(t, UTCB_PAGER) = pager;
		if (t->state == TS_INACTIVE) {
			word_t err = activate(t);
			if (err)
				return set_error_code(err), 0;
		}
	}
	return 1;
}
