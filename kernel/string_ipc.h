/* SPDX-License-Identifier: MIT */
/* string_ipc.h: the typed items of a long message (X.2 §5.2-§5.6). */
#pragma once
#include "tcb.h"
#include "ctrlxfer.h"

/* Carries out the typed items in s's MRs first..end (the message's last
 * typed word), in order: map and grant items into r's receive window, string items into
 * r's receive buffers (BR 1...), control-transfer items into cx (for
 * the caller to apply when the message is in). One of s and r is the current thread,
 * the other waits for it. Returns 0 or the transfer's error
 * (xfer_error, the sender's view, with XFER_GONE if the partner was
 * deleted meanwhile). */
word_t ipc_long_items(struct tcb *s, struct tcb *r, word_t first, word_t end,
                      struct ctrlxfer_writes *cx);
