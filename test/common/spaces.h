/* SPDX-License-Identifier: MIT */
/*
 * spaces.h: threads in new address spaces for the tests, and the pager
 * that serves them. A child runs code of the root task's own image: its
 * pager maps the root task's pages to the same addresses on demand, so
 * child and root share text, data and stacks (mappings, not copies).
 * Faults elsewhere are logged and left unanswered (the test deletes the
 * child).
 */
#pragma once
#include "util.h"
#include <l4/space.h>
#include <l4/sigma0.h>

/* The areas of a space that space_start makes (its first thread's UTCB
 * is the first of the UTCB area). */
#define SPACE_KIP_AREA  L4_DEFAULT_KIP_AREA
#define SPACE_UTCB_AREA L4_DEFAULT_UTCB_AREA

/* Starts the pager thread (once). */
bool pager_init(void);
extern L4_ThreadId_t pager_id;

/* Starts fn in a new address space, paged by the pager thread. */
L4_ThreadId_t space_start(void (*fn)(void));
/* The general form: thread t in a new space, paged by 'pager' (which must
 * answer start requests with pager_serve_start), started at ip/sp. */
bool space_new(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp);
/* ... with a SpaceControl control word (A.5) and the areas (a 4 KiB KIP
 * area, a 64 KiB UTCB area whose first UTCB is the thread's). */
bool space_new_with(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp,
                    L4_Word_t control, L4_Word_t kip_area, L4_Word_t utcb_area);
/* Asks 'pager' to start t, which waits for its start message, at ip/sp;
 * deletes t if that fails. */
bool pager_start(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp);
/* In a pager's loop: if the message is a start request from the root task,
 * sends the start message and loads the reply; true if it was one. */
bool pager_serve_start(L4_MsgTag_t tag, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3);
/* What a test pager does with a message that is not a start request
 * (label, MR1..MR3, from 'from'): true when it loaded a reply. */
typedef bool (*pager_handler)(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                              L4_ThreadId_t from);
/* The loop every test pager runs: serves start requests, passes the rest
 * to handle, and answers what handle loaded a reply for, waiting anew
 * after anything else (a fault it leaves unanswered). Never returns.
 * Inline, so that each pager's handler is called directly: the
 * benchmark's page-fault path runs through this loop. */
static inline __attribute__((always_inline, noreturn)) void pager_serve(pager_handler handle)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t label = L4_Label(tag), w1 = 0, w2 = 0, w3 = 0;
		L4_StoreMR(1, &w1);
		L4_StoreMR(2, &w2);
		L4_StoreMR(3, &w3);
		/* A failed receive leaves nothing to answer. */
		bool reply = L4_IpcSucceeded(tag) && (pager_serve_start(tag, w1, w2, w3) ||
		                                      handle(label, w1, w2, w3, from));
		tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}
/* Is addr in the root task's image, which children run? */
bool in_root_image(L4_Word_t addr);
/* Loads the reply that maps the two IO ports at 'port' (even) to the
 * faulting child, from this space's own. */
void child_load_io_map(L4_Word_t port);
/* Deletes a child (and with it its space). */
bool space_kill(L4_ThreadId_t t);

/* The pager's log of faults it saw (served or not). */
struct fault_log {
	volatile L4_Word_t count;       /* all page faults and exceptions */
	volatile L4_Word_t addr, ip, access, label;
	volatile L4_Word_t vector;      /* exceptions: ExceptionNo */
	volatile L4_ThreadId_t from;
};
extern struct fault_log faults;
/* Logs a page fault or exception message (label, MR1..MR3) in 'faults'. */
void faults_record(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                   L4_ThreadId_t from);
/* Loads the reply that maps this space's page at src to the faulting
 * page of addr in the child, with rights. */
void child_load_map(L4_Word_t src, L4_Word_t addr, L4_Word_t rights);
/* When set, the pager answers a #UD (ud2) by resuming after it. */
extern volatile bool pager_skips_ud2;

/* Test pages from sigma0, mapped into the root task before the tests
 * measure kernel memory: TEST_PAGES pages at TEST_AREA. */
#define TEST_AREA   0x20000000UL
#define TEST_PAGES  8
#define BIG_AREA    0x80000000UL        /* one 4 MiB fpage from sigma0 */
/* Starts the pager and takes the test pages from sigma0. */
bool spaces_setup(void);
static inline volatile L4_Word_t *test_page(unsigned i)
{
	return (volatile L4_Word_t *)(TEST_AREA + i * 4096UL);
}
