/* SPDX-License-Identifier: MIT */
/*
 * protocol.h: the resource server's IPC protocol (servers/resource). The
 * server only tracks who owns which resource and guards how bindings are
 * made (an exokernel's protection without its management); every library
 * OS manages what it holds. All requests are Calls; a reply is RES_OK
 * with results, or RES_ERR with an error code in MR1.
 *
 * Resources are named by one word whose form tells the kind
 * (res_kind_of): a frame by its physical address (4 KiB aligned), an I/O
 * port range by its IO fpage (X.2 A.4), an interrupt line by its
 * interrupt thread id (line, version 1). A client is a space,
 * registered by the admin (the root task) with its two threads: the agent
 * that makes requests and the handler that answers revocation requests.
 */
#pragma once
#include <l4/types.h>
#include <l4/arch.h>

/* client -> server. Binding a port range maps its IO fpage to the
 * client; binding a line associates it with the thread that asks. */
#define RES_ALLOC       0x5201  /* MR1 phys or RES_ANY, MR2 count (a contiguous run), MR3 where
                                 * (client address) -> RES_OK MR1 first phys, map items;
                                 * or MR1 a port range's or line's name, MR2 1 ->
                                 * RES_OK MR1 name (and the IO fpage's map item) */
#define RES_MAP         0x5202  /* MR1 name held, MR2 where (frames) -> [map item] */
#define RES_FREE        0x5203  /* MR1 name held -> RES_OK */
#define RES_PASS        0x5204  /* MR1 name held, MR2 to (a client's thread) -> RES_OK */
#define RES_HOLDINGS    0x5205  /* [MR1 client: admin only] -> MR1 n, MR2.. the names held */
#define RES_FREE_LIST   0x5206  /* MR1 first index, MR2 kind (0: frames) ->
                                 * MR1 total free of the kind, MR2.. up to 60 names */
#define RES_REPOSSESSED 0x5207  /* -> MR1 total ever taken, MR2 n, MR3.. the last n taken */
/* admin (root task) -> server */
#define RES_REGISTER    0x5210  /* MR1 agent, MR2 handler, MR3 guaranteed minimum */
#define RES_REVOKE      0x5211  /* MR1 client, MR2 frames, MR3 deadline (us) ->
                                 * MR1 given back, MR2 taken, MR3.. the phys (given, then taken) */
#define RES_GONE        0x5212  /* MR1 client whose space was deleted -> MR1 frames reclaimed */
#define RES_DUMP        0x5213  /* lists every binding on the console */
#define RES_REVOKE_ONE  0x5214  /* MR1 client, MR2 name, MR3 deadline (us) ->
                                 * MR1 given back (0/1), MR2 taken (0/1), MR3 the name */
/* server -> a client's handler, and its answer */
#define RES_REVOKE_REQ  0x5220  /* MR1 frames wanted, MR2 deadline (us), MR3 the one
                                 * port range or line wanted (0: frames) */
#define RES_GIVE_BACK   0x5221  /* MR1.. the names given back */
/* replies */
#define RES_OK          0x5200
#define RES_ERR         0x52EE

#define RES_ANY         (~0UL)
#define RES_MAX_RUN     16      /* frames in one RES_ALLOC */
#define RES_MAX_LIST    60      /* phys per list reply */

enum res_kind {
	RES_KIND_FRAME = 1,
	RES_KIND_IO_PORTS,
	RES_KIND_IRQ,
	RES_KIND_NONE,          /* a word that names nothing */
};

static inline L4_Word_t res_ports_name(L4_Word_t port, int log2)
{
	return L4_IoFpageLog2(port, log2).raw;
}

static inline L4_Word_t res_irq_name(L4_Word_t line)
{
	return L4_GlobalId(line, 1).raw;
}

static inline enum res_kind res_kind_of(L4_Word_t name)
{
	L4_Fpage_t f = { .raw = name };
	if (name && !(name & 0xFFF))
		return RES_KIND_FRAME;
	if (L4_IsIoFpage(f) && name == res_ports_name(L4_IoFpagePort(f), (int)L4_IoFpageSizeLog2(f)))
		return RES_KIND_IO_PORTS;
	if (name == res_irq_name(L4_ThreadNo((L4_ThreadId_t){ .raw = name })) &&
	    L4_ThreadNo((L4_ThreadId_t){ .raw = name }) < 16)
		return RES_KIND_IRQ;
	return RES_KIND_NONE;
}

enum res_error {
	RES_E_NOT_CLIENT = 1,   /* the sender is not registered */
	RES_E_NOT_HELD,         /* the resource is not the sender's */
	RES_E_TAKEN,            /* a frame asked for by name is someone else's */
	RES_E_NONE_FREE,        /* not enough free frames (or no such run) */
	RES_E_BAD_ARG,          /* no such frame, bad count or address */
	RES_E_DENIED,           /* an admin request from someone else */
	RES_E_FULL,             /* no client slot left */
	RES_E_ALIVE,            /* RES_GONE for a thread that still exists */
};
