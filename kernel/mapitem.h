/* SPDX-License-Identifier: MIT */
/* mapitem.h: the map and grant items of a message (X.2 §5.2, §5.3). */
#pragma once
#include "tcb.h"

/* Carries out the t typed words after u untyped ones in s's MRs, into r's
 * receive window (r's BR0). Returns 0, or IPC_ERR_OVERFLOW when r accepts
 * no mappings, an item is not a map or grant item, or kernel memory runs
 * out. */
word_t ipc_map_items(struct tcb *s, struct tcb *r, word_t u, word_t t);
