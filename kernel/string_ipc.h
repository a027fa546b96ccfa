/* SPDX-License-Identifier: MIT */
/* string_ipc.h: the typed items of a long message (X.2 §5.2-§5.6). */
#pragma once
#include "tcb.h"
#include "ctrlxfer.h"

/* Carries out the t typed words after u untyped ones in s's MRs, in
 * order: map and grant items into r's receive window, string items into
 * r's receive buffers (BR 1...), control-transfer items into cx (for
 * the caller to apply when the message is in). One of s and r is the current thread,
 * the other waits for it. Returns 0 or the transfer's error
 * (xfer_error, the sender's view, with XFER_GONE if the partner was
 * deleted meanwhile). */
word_t ipc_long_items(struct tcb *s, struct tcb *r, word_t u, word_t t,
                      struct ctrlxfer_writes *cx);
