/* SPDX-License-Identifier: MIT */
/* mapitem.h: the map and grant items of a message (X.2 §5.2, §5.3). */
#pragma once
#include "tcb.h"

/* Carries out the t typed words after u untyped ones in s's MRs, into r's
 * receive window (r's BR0), as long as they are map and grant items.
 * Returns 0, IPC_ERR_OVERFLOW when r accepts no mappings, an item is cut
 * short or kernel memory runs out, or IPC_ITEMS_LONG | i when the item
 * at MR i is of another kind (string_ipc.c carries out the rest). */
word_t ipc_map_items(struct tcb *s, struct tcb *r, word_t u, word_t t);
#define IPC_ITEMS_LONG  0x40000000u
/* One map or grant item (its two words) into r's window. */
word_t ipc_map_item(struct tcb *s, struct tcb *r, word_t w0, word_t fpage, word_t window);
/* ipc_map_item for a map item (not a grant) of one 4 KiB page, not an
 * I/O fpage, between two spaces: the fault reply's (fault_reply.c), which
 * has checked that much; the same result without the item's decoding. */
word_t ipc_map_page(struct tcb *s, struct tcb *r, word_t w0, word_t fpage, word_t window);
