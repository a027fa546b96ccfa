/* SPDX-License-Identifier: MIT */
/*
 * faultpath.h: the page fault's own path (faultpath.c): a user page
 * fault straight to a pager the IPC fast path parked in its receive
 * phase, and the pager's one-page map reply straight back to the
 * faulting thread. Both return false, with nothing changed, where the
 * general path (fault_ipc.c, fault_reply.c, ipc.c) must do the work.
 * A kernel built with FASTPATH=0 never calls them.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "trapframe.h"
#include "../../kernel/tcb.h"

/* The current thread's page fault from user mode (f: its frame, CR2
 * the address): Calls its pager and returns true once the reply (or an
 * error) has come and the thread may retry or has been stopped. */
bool faultpath_pagefault(struct trap_frame *f);
/* self, a pager whose Ipc entered by sysenter, has mapped its reply
 * (tag, MR1, MR2) into dest, which waits for it in a fault: parks self
 * in its receive phase from anyone and resumes dest. Returns only when
 * it declines. */
bool faultpath_reply(struct tcb *self, struct tcb *dest, word_t tag, word_t mr1, word_t mr2);
