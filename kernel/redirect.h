/* SPDX-License-Identifier: MIT */
/*
 * redirect.h: IPC redirection (X.2 §4.3, SpaceControl's redirector);
 * see redirect.c.
 */
#pragma once
#include "tcb.h"
#include "space.h"

/* SpaceControl's Redirector for space s: 0 or the ErrorCode; anythread
 * ends redirection, nilthread leaves it. Checked before set: redirect_check. */
word_t redirect_check(const struct tcb *self, word_t redirector);
void redirect_set(struct space *s, const struct tcb *self, word_t redirector);
/* t takes its space's setting (creation, migration, after a kernel
 * message); redirect_suspend lifts it for a message the kernel sends
 * for t. */
static inline void redirect_thread_joins(struct tcb *t)
{
	t->redirected = t->space->redirector != 0;
}
static inline void redirect_suspend(struct tcb *t)
{
	t->redirected = false;
	t->ipc_intended = 0;
}
/* The send of self (redirected) to dest: dest itself, or its space's
 * redirector when dest lies outside; sets self->ipc_intended. */
struct tcb *redirect_target(struct tcb *self, struct tcb *dest);
