/* SPDX-License-Identifier: MIT */
/*
 * table.h: the resource server's bookkeeping: one entry per resource
 * (kind, physical name, where the server holds it, owner) and one per
 * client (threads, guaranteed minimum, how many it holds, its
 * repossession vector). Only bookkeeping: the IPC and the mappings are
 * server.c's.
 *
 * Three kinds, one name space (protocol.h's res_kind_of tells them
 * apart): frames (named by physical address, held by the server at
 * 'local'), I/O port ranges (named by their IO fpage, held by the server
 * as that same IO fpage) and interrupt lines (named by their interrupt
 * thread id; 'local' is the thread the line is associated with, or 0).
 */
#pragma once
#include "protocol.h"
#include <l4/types.h>
#include <stdbool.h>

#define RES_MAX_FRAMES  128
#define RES_MAX_DEVICE  8       /* port ranges and interrupt lines */
#define RES_MAX_RES     (RES_MAX_FRAMES + RES_MAX_DEVICE)
#define RES_MAX_CLIENTS 8
#define RES_REPO_SLOTS  32      /* entries of a repossession vector */
#define RES_FREE_OWNER  (-1)

struct resource {
	enum res_kind kind;
	L4_Word_t name;         /* frames: the physical address; see above */
	L4_Word_t local;        /* frames: the address in the server's space;
	                         * lines: the thread associated, or 0 */
	int owner;              /* client index, or RES_FREE_OWNER */
};

struct res_client {
	bool used;
	L4_ThreadId_t agent, handler;
	unsigned minimum;       /* frames never revoked */
	unsigned held;          /* resources of every kind */
	/* The repossession vector: what the abort protocol took, newest last. */
	L4_Word_t repo[RES_REPO_SLOTS];
	L4_Word_t repo_total;
};

struct res_table {
	struct resource res[RES_MAX_RES];
	unsigned nres, nfree;
	struct res_client client[RES_MAX_CLIENTS];
};

/* n frames, physically contiguous from phys, held by the server at local. */
void table_init_frames(struct res_table *t, L4_Word_t phys, L4_Word_t local, unsigned n);
/* A port range or interrupt line, named as protocol.h says; false if
 * the table is full or the name is there already. */
bool table_add(struct res_table *t, L4_Word_t name, L4_Word_t local);
/* The entry of a resource by name (any kind), or 0. */
struct resource *table_find(struct res_table *t, L4_Word_t name);
/* How many resources of a kind 'owner' holds (RES_FREE_OWNER: free). */
unsigned table_count(const struct res_table *t, enum res_kind kind, int owner);
/* The client index of a thread (agent or handler), or -1. */
int table_client_of(const struct res_table *t, L4_ThreadId_t thread);
int table_add_client(struct res_table *t, L4_ThreadId_t agent, L4_ThreadId_t handler,
                     unsigned minimum);
/* Ownership changes; each keeps nfree and held right. */
void table_give(struct res_table *t, struct resource *r, int owner);
void table_release(struct res_table *t, struct resource *r);
/* The first index of a free run of n frames (physically contiguous), or -1. */
int table_find_run(const struct res_table *t, unsigned n);
/* Records a repossessed resource in its (former) owner's vector. */
void table_note_repossessed(struct res_client *c, L4_Word_t name);
/* True if every count agrees with the entries (nothing lost or twice). */
bool table_consistent(const struct res_table *t);
