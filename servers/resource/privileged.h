/* SPDX-License-Identifier: MIT */
/*
 * privileged.h: the root task's hand for the resource server. Associating
 * an interrupt line with a thread is ThreadControl, which only a
 * privileged space (sigma0's, the root task's) may call (X.2 §2.4); the
 * server lives in a space of its own. So a thread of the root task does
 * exactly that for it, for the server's thread only and for the lines
 * the server manages, and nothing else.
 */
#pragma once
#include <l4/types.h>
#include <stdbool.h>

#define PRIV_ASSOCIATE   0x5230  /* MR1 line, MR2 handler -> MR1 1 or 0, MR2 error code */
#define PRIV_DEASSOCIATE 0x5231  /* MR1 line -> MR1 1 or 0, MR2 error code */

extern L4_ThreadId_t privileged_id;
/* Starts the thread, serving 'server' only; false on failure. */
bool privileged_start(L4_ThreadId_t server);
/* From the server: associates 'line' with 'handler' (nilthread: with
 * nobody); true if the kernel did. */
bool privileged_associate(L4_Word_t line, L4_ThreadId_t handler);
