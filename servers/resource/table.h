/* SPDX-License-Identifier: MIT */
/*
 * table.h: the resource server's bookkeeping: one entry per resource
 * (kind, physical name, where the server holds it, owner) and one per
 * client (threads, guaranteed minimum, how many it holds, its
 * repossession vector). Only bookkeeping: the IPC and the mappings are
 * server.c's.
 *
 * Frames are the one kind done. I/O port ranges and interrupt lines are
 * further kinds of the same entry (name = first port and log2 size as an
 * IO fpage, or the interrupt number; bound by mapping the IO fpage or by
 * making the client the interrupt's handler); they wait for the kernel's
 * IO fpage and interrupt work and are not implemented.
 */
#pragma once
#include <l4/types.h>
#include <stdbool.h>

enum res_kind {
	RES_KIND_FRAME = 1,
	/* RES_KIND_IO_PORTS, RES_KIND_IRQ: not implemented yet (see above) */
};

#define RES_MAX_FRAMES  128
#define RES_MAX_CLIENTS 8
#define RES_REPO_SLOTS  32      /* entries of a repossession vector */
#define RES_FREE_OWNER  (-1)

struct resource {
	enum res_kind kind;
	L4_Word_t name;         /* frames: the physical address */
	L4_Word_t local;        /* frames: the address in the server's space */
	int owner;              /* client index, or RES_FREE_OWNER */
};

struct res_client {
	bool used;
	L4_ThreadId_t agent, handler;
	unsigned minimum;       /* frames never revoked */
	unsigned held;
	/* The repossession vector: what the abort protocol took, newest last. */
	L4_Word_t repo[RES_REPO_SLOTS];
	L4_Word_t repo_total;
};

struct res_table {
	struct resource res[RES_MAX_FRAMES];
	unsigned nres, nfree;
	struct res_client client[RES_MAX_CLIENTS];
};

/* n frames, physically contiguous from phys, held by the server at local. */
void table_init_frames(struct res_table *t, L4_Word_t phys, L4_Word_t local, unsigned n);
/* The entry of frame phys, or 0. */
struct resource *table_frame(struct res_table *t, L4_Word_t phys);
/* The client index of a thread (agent or handler), or -1. */
int table_client_of(const struct res_table *t, L4_ThreadId_t thread);
int table_add_client(struct res_table *t, L4_ThreadId_t agent, L4_ThreadId_t handler,
                     unsigned minimum);
/* Ownership changes; each keeps nfree and held right. */
void table_give(struct res_table *t, struct resource *r, int owner);
void table_release(struct res_table *t, struct resource *r);
/* The first index of a free run of n frames, or -1. */
int table_find_run(const struct res_table *t, unsigned n);
/* Records a repossessed frame in its (former) owner's vector. */
void table_note_repossessed(struct res_client *c, L4_Word_t phys);
/* True if every count agrees with the entries (no frame lost or twice). */
bool table_consistent(const struct res_table *t);
