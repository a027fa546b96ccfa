/* SPDX-License-Identifier: MIT */
/*
 * client.h: the clients the pager tests serve. A client is a space with
 * an agent thread that runs commands the root task Calls it with (fill a
 * range with a byte pattern, check it, read or write a word), and, if it
 * is supervised, a second thread running pager_supervise: a refused fault
 * restarts the agent at its error entry, which answers the pending
 * command with AGENT_FAULTED. Both run code of this image, which their
 * pager shares with them (pager_share_fault).
 */
#pragma once
#include "spaces.h"
#include <l4/pager.h>

#define CMD_FILL        0x10    /* addr, bytes, seed: write the pattern */
#define CMD_CHECK       0x11    /* addr, bytes, seed: -> bytes that differ */
#define CMD_ZEROES      0x14    /* addr, bytes: -> bytes that are not 0 */
#define CMD_HOT         0x15    /* hot, base, pages: read hot, write a page, for each page */
#define CMD_READ        0x12    /* addr -> the word there */
#define CMD_WRITE       0x13    /* addr, value */
#define CMD_KEEP_STATE  0x16    /* addr: read it with known MRs, BR0, ErrorCode
                                   and registers -> a mask of what changed */
#define CMD_OVERFLOW    0x17    /* sp: push with the stack pointer at sp (a
                                   stack run into its guard page) */
#define KEEP_MRS        8       /* CMD_KEEP_STATE: MR0..7, bits 0..7 */
#define KEEP_BR0        (1u << 8)
#define KEEP_ERROR_CODE (1u << 9)
#define KEEP_REGISTERS  (1u << 10)
#define AGENT_OK        0x01
#define AGENT_FAULTED   0x1F    /* MR1: the address of the refused fault */

struct client {
	L4_ThreadId_t agent, supervisor;        /* supervisor: nilthread if none */
};

/* A new space with an agent (and a supervisor), paged by 'pager', which
 * must answer start requests (client_serve_start). */
bool client_start(struct client *c, L4_ThreadId_t pager, bool supervised);
void client_kill(struct client *c);
/* Calls the agent; returns the reply's label (0 when the Call failed or
 * timed out) and its first word in *result. */
L4_Word_t client_cmd(const struct client *c, L4_Word_t cmd, L4_Word_t a, L4_Word_t b,
                     L4_Word_t seed, L4_Word_t *result);
/* The byte the pattern puts at address a. */
static inline unsigned char pattern_byte(L4_Word_t a, L4_Word_t seed)
{
	return (unsigned char)(a * 131 + (a >> 12) * 7 + seed);
}

/* A pager's hook for the start requests of space_new and client_start. */
enum pager_result client_serve_start(struct pager *p, L4_MsgTag_t tag, L4_ThreadId_t from);
/* The image (text, data, stacks) as a shared region for every client. */
bool add_image_region(struct pager *p);
/* Starts a thread of this space running pager_run(p); nilthread on failure. */
L4_ThreadId_t pager_thread_start(struct pager *p);
