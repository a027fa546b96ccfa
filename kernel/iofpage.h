/* SPDX-License-Identifier: MIT */
/*
 * iofpage.h: I/O ports as fpages (X.2 Appendix A.4). A port is held by a
 * space or not (no separate rights), always at its own number. sigma0's
 * idempotent space holds every port as the root of its derivations; map,
 * grant and unmap work as for memory, port by port, with a derivation
 * tree per port. Each space that holds ports has a bitmap of them
 * (struct io_space), which the machine presents to the CPU (iobitmap.c).
 */
#pragma once
#include "tcb.h"
#include "space.h"

#define IO_PORTS 65536u

/* The ports a space holds: one bit per port, in two lazily allocated
 * halves, and how many leading bytes can be nonzero (for a cheap copy). */
struct io_space {
	uint8_t *bits[2];
	uint32_t extent;                /* bytes of bitmap that may hold a 1 */
	uint32_t held;                  /* ports held */
};

/* An IO fpage: s = 2 in the size field (A.4). */
static inline bool iofpage_is(word_t f)
{
	return ((f >> 4) & 0x3F) == 2;
}
static inline word_t iofpage_port(word_t f) { return f >> 16; }
static inline word_t iofpage_log2(word_t f) { return (f >> 10) & 0x3F; }
static inline word_t iofpage_make(word_t port, word_t log2)
{
	return port << 16 | log2 << 10 | 2u << 4 | 6u;   /* rw, as A.4 draws it */
}

/* A map or grant item of an IO fpage from space src into dst's receive
 * window (CompleteAddressSpace or an IO fpage). Returns 0, or
 * IPC_ERR_OVERFLOW when kernel memory runs out. */
word_t iofpage_map_item(struct space *src, struct space *dst, word_t fpage,
                        word_t window, bool grant);
/* Unmap of an IO fpage of s (X.2 §4.2): the ports go from every space
 * that got them from s, and with 'flush' from s too. Returns the fpage as
 * Unmap reports it (no status bits: ports have none). */
word_t iofpage_unmap(struct space *s, word_t fpage, bool flush);
/* A space goes: its ports, and everything derived from them, go too. */
void iofpage_space_gone(struct space *s);
/* Does s hold port? (For tests of the invariant; the CPU checks itself.) */
bool iofpage_holds(const struct space *s, word_t port);
