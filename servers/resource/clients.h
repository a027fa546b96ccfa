/* SPDX-License-Identifier: MIT */
/*
 * clients.h: library-OS clients for the resource suite. A client is a
 * space with two threads running code of this image: the agent, which
 * runs the commands the root task's threads Call it with (through its
 * library OS), and the handler, which answers the server's revocation
 * requests (or ignores them, if the client is uncooperative). Frames are
 * bound at FRAME_AREA in the client's space.
 */
#pragma once
#include "libos.h"
#include "spaces.h"

#define FRAME_AREA      0x50000000UL
#define CLIENT_SLOTS    4

enum {
	C_ALLOC = 0x31,         /* phys or RES_ANY -> r, phys */
	C_ALLOC_RUN,            /* n -> r, first phys */
	C_MAP,                  /* phys -> r */
	C_FREE,                 /* phys -> r */
	C_PASS,                 /* phys, to -> r */
	C_ADDR,                 /* phys -> where it is bound (0: not here) */
	C_READ,                 /* addr -> the word */
	C_WRITE,                /* addr, value */
	C_RAW,                  /* label, w1 -> the server's label, MR1 */
	C_HOLDINGS,             /* -> the server's count, the library OS's, 1 if the same frames */
	C_SYNC,                 /* -> repossessed frames newly seen */
	C_REPO,                 /* -> total, n, the last n of the repossession vector */
	C_RUN,                  /* steps, seed -> pages with wrong data */
	C_VERIFY,               /* -> pages with wrong data (all of them read) */
	C_TOUCH,                /* page -> the page evicted last */
	C_AGE,                  /* ages the resident pages */
	C_STATS,                /* -> frames, misses, evictions, given back, repossessed, pages lost */
	C_CLAIM,                /* a port range's or line's name -> r */
	C_INB,                  /* port -> the byte read (in, no server on the path) */
	C_OUTB,                 /* port, byte */
	C_IRQ,                  /* line, a UART's first port -> 1 if its interrupt came, the IIR */
	C_HELD,                 /* name -> 1 if the library OS holds it */
};

struct rclient {
	L4_ThreadId_t agent, handler;
	struct libos os;
	volatile unsigned steps_done;
	volatile unsigned unasked_irqs; /* interrupts that came while it waited for commands */
	unsigned version[LIBOS_MAX_PAGES];      /* the newest data of each page */
	L4_Word_t store[LIBOS_MAX_PAGES][1024] __attribute__((aligned(4096)));
};
extern struct rclient rclients[CLIENT_SLOTS];

/* A new client, registered with the server with 'minimum' guaranteed
 * frames; its library OS pages npages virtual pages, keeps up to
 * 'target' frames (0: never asks for more by itself). 0 on failure. */
struct rclient *rclient_start(bool cooperative, unsigned npages, unsigned target,
                              unsigned minimum);
/* Deletes its space; the server is told (RES_GONE); returns the frames
 * it reclaimed, or -1. */
int rclient_kill(struct rclient *c);
/* Calls the agent (from any thread of the root task); returns how many
 * result words came back in out[], or -1 when the Call failed. */
int rcmd(struct rclient *c, L4_Word_t cmd, L4_Word_t a, L4_Word_t b, L4_Word_t *out);
/* A request to the server from the root task (the admin); its label. */
L4_Word_t admin_call(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3, L4_Word_t *out,
                     unsigned nout);
/* Touches every page of this image, so that spaces.c's pager can map them. */
void image_touch(void);
