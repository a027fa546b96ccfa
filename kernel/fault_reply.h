/* SPDX-License-Identifier: MIT */
/*
 * fault_reply.h: the fast path of a pager's one-page answer to a page
 * fault (fault_reply.c), tried before sys_ipc by the system-call entries
 * (arch/ia32/syscall.c, user_ipc) in a kernel built with the fast paths.
 */
#pragma once
#include "tcb.h"

#define FAULT_REPLY_TAG  (2u << 6)       /* t = 2, u = 0, no flags */

/* Carries out self's Ipc(to, from_spec, timeouts, tag) and returns true
 * when it is the case fault_reply.c lists; false, with nothing changed,
 * for the general path. */
bool fault_reply_fast_checked(struct tcb *self, word_t to, word_t from_spec, word_t timeouts,
                              word_t tag);
/* The same, with the tag and receive phase tested inline: every other
 * IPC of the general path pays two compares for it. */
static inline bool fault_reply_fast(struct tcb *self, word_t to, word_t from_spec,
                                    word_t timeouts, word_t tag)
{
	if ((tag & 0xFFFF) != FAULT_REPLY_TAG || from_spec != TID_ANY)
		return false;
	return fault_reply_fast_checked(self, to, from_spec, timeouts, tag);
}
