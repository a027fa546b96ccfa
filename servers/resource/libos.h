/* SPDX-License-Identifier: MIT */
/*
 * libos.h: a small library OS on top of the resource server. Linked into
 * a client, it manages the frames the client holds itself: its own page
 * allocator (which frame slot holds which of its virtual pages), its own
 * replacement policy (least recently used, by aging the referenced bits
 * that Unmap reports for its own mappings), its own victims when the
 * server revokes, and a backing store (memory of the client's image that
 * stands in for a disk) for pages it evicts.
 *
 * Frames are bound at frame_area + slot * 4 KiB of the client's space and
 * used there directly. Port ranges and interrupt lines it binds are kept
 * in a short list of names: the ports are then used with in/out, the
 * line's interrupts come to the thread that bound it. A library OS is used by two threads of the space
 * (the program and the revocation handler), so its state has a lock.
 */
#pragma once
#include "protocol.h"
#include <l4/types.h>
#include <stdbool.h>

#define LIBOS_MAX_FRAMES 128
#define LIBOS_MAX_PAGES  32
#define LIBOS_NO_PAGE    (~0U)
#define LIBOS_MAX_DEVICES 8     /* port ranges and lines held */
#define LIBOS_E_NO_SLOT  0x100  /* no free slot for another frame or device */

struct libos {
	L4_ThreadId_t server;
	L4_Word_t frame_area;
	L4_Word_t (*store)[1024];               /* the backing store, a page per virtual page */
	unsigned npages;                        /* virtual pages */
	unsigned target;                        /* frames it tries to hold */
	bool cooperative;                       /* answers revocation (else: ignores it) */
	volatile int lock;
	struct {
		L4_Word_t phys;                 /* 0: the slot holds no frame */
		unsigned page;                  /* its virtual page, or LIBOS_NO_PAGE */
		unsigned char age;              /* aged referenced bits: higher is more recent */
	} slot[LIBOS_MAX_FRAMES];
	unsigned where[LIBOS_MAX_PAGES];        /* virtual page -> slot, or LIBOS_NO_PAGE */
	bool lost[LIBOS_MAX_PAGES];             /* its newest data was repossessed */
	L4_Word_t device[LIBOS_MAX_DEVICES];    /* port ranges and lines held (0: none) */
	unsigned ndevices;
	L4_Word_t repo_seen;                    /* repossession vector entries handled */
	/* statistics */
	unsigned frames, misses, evictions, given_back, repossessed, pages_lost;
	unsigned last_victim;                   /* the page evicted last */
};

void libos_init(struct libos *l, L4_ThreadId_t server, L4_Word_t frame_area,
                L4_Word_t (*store)[1024], unsigned npages, unsigned target, bool cooperative);
void libos_lock(struct libos *l);
void libos_unlock(struct libos *l);

/* ---- frames (each takes the lock) ---- */
/* Binds a frame (phys or RES_ANY) to a free slot; returns the server's
 * RES_OK or an error code (RES_E_*), *got the frame. */
L4_Word_t libos_alloc(struct libos *l, L4_Word_t phys, L4_Word_t *got);
/* A contiguous run of n frames into n free slots in a row. */
L4_Word_t libos_alloc_run(struct libos *l, unsigned n, L4_Word_t *first);
/* Binds a port range or line by name (RES_ALLOC); a line comes to the
 * calling thread. */
L4_Word_t libos_claim(struct libos *l, L4_Word_t name);
/* Binds a frame, port range or line passed to it (RES_MAP). */
L4_Word_t libos_map(struct libos *l, L4_Word_t phys);
/* Frees or passes a frame (evicting its page first), port range or line. */
L4_Word_t libos_free(struct libos *l, L4_Word_t phys);
L4_Word_t libos_pass(struct libos *l, L4_Word_t phys, L4_ThreadId_t to);
/* The address the frame is bound at, or 0. */
L4_Word_t libos_addr(struct libos *l, L4_Word_t phys);
/* True if it holds the frame, port range or line. */
bool libos_holds(struct libos *l, L4_Word_t name);
/* Reads the repossession vector and forgets what was taken; returns
 * how many new ones it found. */
unsigned libos_sync(struct libos *l);

/* ---- virtual pages (with the lock held) ---- */
/* Makes page resident (evicting the least recently used page when no
 * frame is free and no new one can be had) and returns it, or 0. */
L4_Word_t *libos_page(struct libos *l, unsigned page);
/* Ages the resident pages (Unmap's referenced bits). */
void libos_age(struct libos *l);
/* The handler's part: picks up to n victims, writes them back, drops
 * their frames; their names in phys[]; returns how many. */
unsigned libos_give_back(struct libos *l, unsigned n, L4_Word_t *phys);
/* The handler's part for one named port range or line: stops using it
 * and drops it; false if it holds no such thing. */
bool libos_give_back_one(struct libos *l, L4_Word_t name);
