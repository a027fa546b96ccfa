/* SPDX-License-Identifier: MIT */
/*
 * l4/pager.h: a library for user-level pagers (not part of X.2; built on
 * its page-fault protocol, §7.3, and on map, grant and Unmap, §4.2, §5.2).
 *
 * A pager is a thread that receives page faults as IPC and answers with a
 * map item. This library gives it:
 *   - fault decoding: struct pager_fault from the tag and MR1, MR2;
 *   - reply helpers that load a map reply (one page, any fpage, a region
 *     cut into the largest aligned fpages);
 *   - a region map: a struct pager holds regions (client, address range,
 *     most rights, a policy function and its data), so one pager serves
 *     several regions with different policies;
 *   - the loop: pager_run waits, dispatches faults to their region's
 *     policy and other messages to a hook, and replies;
 *   - errors: a fault outside every region (or one asking for more rights
 *     than its region gives) is refused: the pager logs it and reports it
 *     to the client's supervisor, a thread of the client's own space that
 *     runs pager_supervise. The supervisor cancels the faulting thread's
 *     fault IPC and restarts it at an error entry, as a Unix signal would;
 *     the client sees an error instead of a hang.
 * See docs/writing-a-pager.md for a tutorial.
 */
#pragma once
#include <l4/types.h>
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/protocols.h>
#include <l4/space.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

#define PAGER_MAX_REGIONS       16
#define PAGER_MAX_SUPERVISORS   8
#define PAGER_PAGE_SIZE         4096UL
#define PAGER_PAGE_MASK         (~(PAGER_PAGE_SIZE - 1))
/* A refused fault, pager -> supervisor: MR1 the thread, MR2 the address,
 * MR3 the faulting IP, MR4 the access (rwx). With no words: a ping. */
#define PAGER_LABEL_FAULT_ERROR 0x5046

/* ---- fault decoding ----------------------------------------------------- */

struct pager_fault {
	L4_ThreadId_t client;           /* the faulting thread */
	L4_Word_t addr;                 /* the address it touched */
	L4_Word_t ip;                   /* the faulting instruction */
	L4_Word_t access;               /* what it tried: L4_Readable, L4_Writable, L4_eXecutable */
};

/* True if the message (tag, just received from 'from') is a page fault;
 * then *f holds it (MR1 and MR2 are read). */
L4_Bool_t pager_decode(L4_MsgTag_t tag, L4_ThreadId_t from, struct pager_fault *f);

L4_INLINE L4_Bool_t pager_fault_is_write(const struct pager_fault *f)
{
	return (f->access & L4_Writable) != 0;
}

L4_INLINE L4_Word_t pager_fault_page(const struct pager_fault *f)
{
	return f->addr & PAGER_PAGE_MASK;
}

/* ---- reply helpers: each loads a whole reply into the MRs ---------------- */

/* A reply with one map item: fpage snd of this space, at snd_base in the
 * receiver's window (for a fault: the whole space, so snd_base is where
 * the page lands). */
void pager_load_map(L4_Fpage_t snd, L4_Word_t snd_base);
/* The page at 'from' of this space, with 'rights', to the page at 'to'. */
void pager_load_map_page(L4_Word_t from, L4_Word_t rights, L4_Word_t to);
/* [from, from + size) of this space with 'rights' to [to, to + size), as
 * the fewest aligned fpages (from and to congruent enough); at most 31
 * items. Returns how many items were loaded, 0 if it does not fit. */
unsigned pager_load_map_region(L4_Word_t from, L4_Word_t size, L4_Word_t rights, L4_Word_t to);
/* A reply with nothing in it: the thread retries the access (for a page
 * that the pager mapped by other means meanwhile). */
void pager_load_empty(void);

/* Makes sure this space has the page at addr with 'access' (L4_Writable or
 * not): touches it, so that a missing page faults to this thread's own
 * pager first. A pager must hold a page before it can map it on: mapping
 * a page the sender lacks maps nothing, and the client would fault again. */
void pager_touch(L4_Word_t addr, L4_Word_t access);

/* ---- the region map and the loop ---------------------------------------- */

enum pager_result {
	PAGER_REPLY,            /* the reply is loaded: send it */
	PAGER_NO_REPLY,         /* nothing to send (the client waits) */
	PAGER_REFUSE,           /* a fault the region does not serve: an error */
};

struct pager;
struct pager_region;
typedef enum pager_result (*pager_fault_fn)(struct pager *p, struct pager_region *r,
                                            const struct pager_fault *f);
typedef enum pager_result (*pager_msg_fn)(struct pager *p, L4_MsgTag_t tag,
                                          L4_ThreadId_t from);

struct pager_region {
	L4_ThreadId_t client;           /* whose region (L4_anythread: everyone's) */
	L4_Word_t start, size;          /* page aligned */
	L4_Word_t rights;               /* the most a fault may get */
	pager_fault_fn fault;           /* the policy */
	void *data;                     /* the policy's state */
};

struct pager {
	const char *name;               /* for messages */
	struct pager_region region[PAGER_MAX_REGIONS];
	unsigned nregions;
	struct { L4_ThreadId_t client, supervisor; } sup[PAGER_MAX_SUPERVISORS];
	unsigned nsup;
	pager_msg_fn other;             /* messages that are not faults; 0: ignored */
	void *data;                     /* the owner's */
	/* statistics, read by other threads */
	volatile L4_Word_t faults;      /* page faults received */
	volatile L4_Word_t refused;     /* ... refused */
	volatile L4_Word_t reported;    /* refusals a supervisor took */
	volatile L4_Word_t reply_failed; /* replies the kernel refused (logged) */
};

/* An empty pager called 'name'. */
void pager_reset(struct pager *p, const char *name);
/* Adds a region; returns it, or 0 when the map is full or the range is
 * not page aligned. Regions are searched in the order they were added. */
struct pager_region *pager_add_region(struct pager *p, L4_ThreadId_t client, L4_Word_t start,
                                      L4_Word_t size, L4_Word_t rights, pager_fault_fn fault,
                                      void *data);
/* Drops every region of 'client' (and its supervisor). */
void pager_remove_client(struct pager *p, L4_ThreadId_t client);
/* The region serving client's address, or 0. */
struct pager_region *pager_find_region(struct pager *p, L4_ThreadId_t client, L4_Word_t addr);
/* Refused faults of 'client' go to 'supervisor' (pager_supervise). */
L4_Bool_t pager_add_supervisor(struct pager *p, L4_ThreadId_t client, L4_ThreadId_t supervisor);

/* Handles one received message; PAGER_REPLY when a reply to 'from' is
 * loaded. A refused fault is logged and reported here. */
enum pager_result pager_handle(struct pager *p, L4_MsgTag_t tag, L4_ThreadId_t from);
/* Receives and handles messages for ever. */
void pager_run(struct pager *p) __attribute__((noreturn));

/* A ready-made policy: maps the pager's own page at the same address
 * (shared memory, such as a program image both spaces run). */
enum pager_result pager_share_fault(struct pager *p, struct pager_region *r,
                                    const struct pager_fault *f);

/* ---- the client side: a supervisor for refused faults -------------------- */

struct pager_fault_error {
	L4_ThreadId_t thread;
	L4_Word_t addr, ip, access;
	L4_Word_t sp;                   /* the thread's stack pointer at the fault */
};
/* The last refused fault the supervisor handled (in its space). */
extern volatile struct pager_fault_error pager_last_error;
extern volatile L4_Word_t pager_errors_seen;

/* The supervisor's loop: for each PAGER_LABEL_FAULT_ERROR from the
 * faulting thread's own pager, records it in pager_last_error and
 * restarts the thread at 'entry' (on its own stack, its fault IPC
 * cancelled). The thread must be of the supervisor's space. An empty
 * PAGER_LABEL_FAULT_ERROR message is answered at once: a ping that tells
 * whoever started the supervisor that it runs (and has its pages: until
 * then, its own first faults would wait behind the pager's report). */
void pager_supervise(void (*entry)(void)) __attribute__((noreturn));
/* The same, but the thread restarts at 'entry' with its stack pointer at
 * stack_top (the word below it is the first pushed), as a signal handler
 * on an alternate stack: the way to survive a fault on a stack's guard
 * page. Every restart starts at stack_top again, so the stack serves one
 * restarted thread at a time (an entry that never returns, such as one
 * that goes back to a loop, reuses it safely). */
void pager_supervise_on_stack(void (*entry)(void), void *stack_top) __attribute__((noreturn));

L4_END_DECLS
