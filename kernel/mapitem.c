// SPDX-License-Identifier: MIT
/*
 * mapitem.c: map and grant items. The send fpage and the receiver's window
 * may differ in size; the send base picks which part of the larger one is
 * used (X.2 §5.2):
 *   fpage larger than window: the window-sized piece of the fpage that
 *     holds (snd base mod fpage size) is sent, to the window's base;
 *   fpage smaller: it lands at the fpage-sized piece of the window that
 *     holds (snd base mod window size).
 * Then each 4 MiB piece that the sender holds as a superpage, and whose
 * destination allows one, is mapped as a superpage; everything else page
 * by page. Pages the sender has not mapped are skipped; from sigma0's
 * idempotent space they are created on the way, except kernel memory,
 * which is never mappable. An item of which the sender holds no page at
 * all fails (NOTHING_HELD): mapping nothing silently would leave the
 * receiver an unexplained fault later, and the sender would never know.
 */
#include "kernel.h"
#include "mapitem.h"
#include "mapdb.h"
#include "space.h"
#include "iofpage.h"
#include "../arch/ia32/layout.h"

/* An fpage as [base, base + 2^log2), with log2 32 for the whole space.
 * All in 32-bit words (this is on every page fault's path): a region's
 * last offset is its mask, 2^log2 - 1, which fits even for log2 = 32. */
struct region { word_t base; unsigned log2; };

static inline word_t mask_of(unsigned log2)
{
	return log2 >= 32 ? ~0u : (1u << log2) - 1;
}

static inline bool region_of(word_t f, struct region *r)
{
	if (fpage_is_complete(f)) {
		r->base = 0;
		r->log2 = 32;
		return true;
	}
	word_t s = fpage_log2(f);
	if (s < PAGE_SHIFT || s > 32)
		return false;
	r->base = s == 32 ? 0 : fpage_base(f);
	r->log2 = s;
	return true;
}

/* A mapping into dst that kernel memory could not be found for: message
 * overflow for both parties (X.2 §5.7: the item cannot be received), and
 * counted in dst, so that a fault report can say why. */
static word_t no_kernel_memory(struct space *dst)
{
	dst->kmem.refused++;
	return IPC_ERR_OVERFLOW;
}

/* map_one_page's answer when the sender has nothing at sva (not an IPC
 * error code: the callers decide). */
#define NOTHING_HELD    (~(word_t)0)

/* A map item that found no page of the sender to map: message overflow
 * for both parties (x2-deviations.md), counted in dst for fault reports. */
static word_t nothing_held(struct space *dst)
{
	dst->empty_items++;
	return IPC_ERR_OVERFLOW;
}

/* One 4 KiB page of the sender at sva to dva in the receiver, or
 * NOTHING_HELD if the sender has nothing there (from sigma0's idempotent
 * space it is created, unless it is kernel memory). */
static inline word_t map_one_page(struct space *src, word_t sva, struct space *dst, word_t dva,
                              word_t rights, bool grant)
{
	if (src->idempotent && !mapdb_has(src, sva)) {
		int made = space_idempotent_map(src, sva);
		if (made < 0)
			return no_kernel_memory(dst);
		if (!made)
			return NOTHING_HELD;
	}
	int done = mapdb_map(src, sva, dst, dva, rights, grant);
	if (done < 0)
		return no_kernel_memory(dst);
	return done ? NOTHING_HELD : 0;
}

/* An fpage of any size: page by page, or superpage by superpage. Out of
 * line, so that the one-page case (map_one) keeps its registers. */
static __attribute__((noinline)) word_t map_region(struct tcb *s, struct tcb *r, word_t snd_base,
                                                   word_t fpage, word_t window, bool grant)
{
	struct region from, to;
	if (!region_of(fpage, &from))
		return 0;                       /* too small an fpage: nothing */
	if (!region_of(window, &to))
		return IPC_ERR_OVERFLOW;
	unsigned log2 = from.log2;
	if (from.log2 > to.log2) {
		from.base += snd_base & mask_of(from.log2) & ~mask_of(to.log2);
		log2 = to.log2;
	} else {
		to.base += snd_base & mask_of(to.log2) & ~mask_of(from.log2);
	}
	struct space *src = s->space, *dst = r->space;
	word_t rights = fpage_rights(fpage);
	/* Both bases are aligned to 2^log2, so base + off never wraps; the
	 * whole space (log2 32) ends at USER_LIMIT before off could. */
	word_t last = mask_of(log2);
	bool held = false;
	for (word_t off = 0; off <= last; ) {
		word_t sva = from.base + off, dva = to.base + off;
		if (sva >= USER_LIMIT || dva >= USER_LIMIT)
			break;
		if (log2 >= SUPERPAGE_SHIFT && !(off & (SUPERPAGE_SIZE - 1))) {
			/* A whole 4 MiB: one superpage if both sides allow it. */
			if (src->idempotent && !mapdb_has(src, sva))
				space_idempotent_super(src, sva);
			int done = mapdb_map_super(src, sva, dst, dva, rights, grant);
			if (done < 0)
				return no_kernel_memory(dst);
			if (done) {
				held = true;
				off += SUPERPAGE_SIZE;
				continue;
			}
		}
		if (!src->shadow[sva >> SUPERPAGE_SHIFT] && !src->idempotent) {
			/* Nothing mapped in this 4 MiB of the sender: skip it. */
			off = (word_t)next_superpage(sva) - from.base;
			continue;
		}
		if (!grant && !src->idempotent) {
			/* Pages dst holds from these already: a page-table walk. */
			word_t run = (SUPERPAGE_SIZE - (sva & (SUPERPAGE_SIZE - 1))) >> PAGE_SHIFT;
			word_t left = ((last - off) >> PAGE_SHIFT) + 1;
			word_t done = mapdb_map_again(src, sva, dst, dva, run < left ? run : left,
			                              rights, &held);
			if (done) {
				off += done * PAGE_SIZE;
				continue;
			}
		}
		off += PAGE_SIZE;
		word_t err = map_one_page(src, sva, dst, dva, rights, grant);
		if (err == NOTHING_HELD)
			continue;
		if (err)
			return err;
		held = true;
	}
	return held ? 0 : nothing_held(dst);
}

static inline word_t map_one(struct tcb *s, struct tcb *r, word_t snd_base, word_t fpage,
                             word_t window, bool grant)
{
	if (fpage_log2(fpage) != PAGE_SHIFT)
		return map_region(s, r, snd_base, fpage, window, grant);
	/* The common case, a pager's answer to a page fault: one page into a
	 * window at least as large. */
	struct region to;
	if (!region_of(window, &to))
		return IPC_ERR_OVERFLOW;
	word_t sva = fpage_base(fpage);
	word_t dva = to.base + (snd_base & mask_of(to.log2) & ~(word_t)(PAGE_SIZE - 1));
	if (sva >= USER_LIMIT || dva >= USER_LIMIT)
		return nothing_held(r->space);
	word_t err = map_one_page(s->space, sva, r->space, dva, fpage_rights(fpage), grant);
	return err == NOTHING_HELD ? nothing_held(r->space) : err;
}

static inline __attribute__((always_inline)) word_t map_item(struct tcb *s, struct tcb *r,
                                                             word_t w0, word_t fpage,
                                                             word_t window)
{
	word_t type = w0 & ITEM_TYPE_MASK;
	if (window == FPAGE_NIL)
		return IPC_ERR_OVERFLOW;
	if (s->space == r->space)
		return 0;                       /* a no-op within one space */
	if (iofpage_is(fpage))                  /* ports: iofpage.c */
		return iofpage_map_item(s->space, r->space, fpage, window, type == ITEM_GRANT);
	return map_one(s, r, w0 & ~0x3FFu, fpage, window, type == ITEM_GRANT);
}

word_t ipc_map_item(struct tcb *s, struct tcb *r, word_t w0, word_t fpage, word_t window)
{
	return map_item(s, r, w0, fpage, window);
}

word_t ipc_map_page(struct tcb *s, struct tcb *r, word_t w0, word_t fpage, word_t window)
{
	if (window == FPAGE_NIL)
		return IPC_ERR_OVERFLOW;
	return map_one(s, r, w0 & ~0x3FFu, fpage, window, false);
}

static word_t map_items(struct tcb *s, struct tcb *r, word_t u, word_t t)
{
	word_t *mr = utcb_word(s, UTCB_MR(0));
	word_t window = *utcb_word(r, UTCB_BR(0)) & ~0xFu;
	for (word_t i = u + 1; i <= u + t; i += 2) {
		word_t type = mr[i] & ITEM_TYPE_MASK;
		/* Anything but map and grant items (string and control-
		 * transfer items) takes the long path from here on
		 * (string_ipc.c); the items before it are done. */
		if (type != ITEM_MAP && type != ITEM_GRANT)
			return IPC_ITEMS_LONG | i;
		if (i == u + t)
			return IPC_ERR_OVERFLOW;        /* half an item */
		word_t err = map_item(s, r, mr[i], mr[i + 1], window);
		if (err)
			return err;
	}
	return 0;
}

word_t ipc_map_items(struct tcb *s, struct tcb *r, word_t u, word_t t)
{
	word_t err = map_items(s, r, u, t);
	mapdb_reclaim_idle();           /* mappings it replaced may leave sigma0's idle */
	return err;
}
