// SPDX-License-Identifier: MIT
/*
 * migrate.c: thread migration (X.2 §2.4). ThreadControl with the
 * SpaceSpecifier of another space moves an existing thread there:
 *
 * - An active thread keeps its UTCB location (§2.4: it cannot change for
 *   an active thread), which must lie in the new space's UTCB area, the
 *   new space must be initialized, and no other thread of it may have
 *   its UTCB there. The UTCB's contents (message registers, TCRs) move
 *   with it; its registers stay as they are, now meaning addresses of the
 *   new space.
 * - An inactive thread just changes spaces; if the same call activates
 *   it (a pager), the activation's conditions are checked first.
 * - An IPC the thread is in is aborted (error 3, canceled), as for a
 *   version change: its partners may have named it by its local id.
 *   Threads of the old space in a closed receive from its local id get
 *   "no partner" (error 2): that id names nobody there now.
 * - The old space loses the thread; when it was its last, the space goes
 *   (a space lives as long as it has threads, §2.4).
 * - The caller cannot move itself (it would return into another space in
 *   the middle of its system call): ErrorCode 3.
 */
#include "kernel.h"
#include "migrate.h"
#include "space.h"
#include "ipc.h"
#include "syscalls.h"
#include "../arch/ia32/uctx.h"

extern word_t thread_high_water;

static bool utcb_taken(const struct space *s, word_t location)
{
	for (const struct tcb *o = s->threads; o; o = o->space_next)
		if (o->utcb && o->utcb_location == location)
			return true;
	return false;
}

word_t migrate_check(const struct tcb *self, const struct tcb *t, const struct space *to,
                     word_t utcb_location, word_t pager)
{
	if (t == self)
		return ERR_INVALID_SPACE;
	bool active = t->utcb != 0;
	if (!active && pager == TID_NIL)
		return 0;
	word_t location = utcb_location == ~0u ? t->utcb_location : utcb_location;
	if (!space_initialized(to))
		return ERR_INVALID_SPACE;
	if (active && location != t->utcb_location)
		return ERR_UTCB_AREA;
	if (!space_utcb_ok(to, location) || utcb_taken(to, location))
		return ERR_UTCB_AREA;
	return 0;
}

/* Threads of s in a closed receive from local id 'local' lose their
 * partner. */
static void local_id_gone(const struct space *s, const struct tcb *t, word_t local)
{
	for (word_t no = USER_BASE; no <= thread_high_water; no++) {
		struct tcb *o = tcb_by_no(no);
		if (o != t && o->space == s && o->state == TS_WAIT_RECV && o->recv_from == local)
			ipc_end_wait(o, IPC_ERR_NO_PARTNER);
	}
}

word_t migrate(struct tcb *t, struct space *to)
{
	struct space *from = t->space;
	char *utcb = 0;
	if (t->utcb) {
		utcb = space_utcb_map(to, t->utcb_location);
		if (!utcb)
			return ERR_NO_MEM;
	}
	/* --- nothing fails from here --- */
	word_t local = tcb_local_id(t);
	bool had_utcb = t->utcb != 0;
	ipc_cancel(t, IPC_ERR_CANCELED, true, true);
	if (utcb) {
		memcpy(utcb, t->utcb - UTCB_ADDR_OFFSET, UTCB_SIZE);
		tcb_set_utcb(t, utcb + UTCB_ADDR_OFFSET);
	}
	space_remove_thread(from, t);
	space_add_thread(to, t);
	uctx_leave_by_iret(t);          /* through the checks of its new space */
	if (had_utcb)
		local_id_gone(from, t, local);
	if (from->nthreads == 0)
		space_destroy(from);
	return 0;
}
