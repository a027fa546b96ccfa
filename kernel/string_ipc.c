// SPDX-License-Identifier: MIT
/*
 * string_ipc.c: string items (X.2 §5.5) and receive buffers (§5.6). A
 * message's typed items are carried out in their order; the k-th string
 * item of the message goes into the k-th buffer string of BR 1..., each
 * a logical string made of substrings (simple strings have one, compound
 * strings one per pointer word: the c bit continues a descriptor, j + 1
 * pointers share one length). Gather on the sender's side and scatter on
 * the receiver's fall out of copying one logical string into the other.
 *
 * The message is cut at the first thing that cannot be received (§5.7):
 * no buffers accepted (BR0 s = 0), no buffer left, a buffer too short, a
 * malformed descriptor, a string that leaves user space or wraps around;
 * both partners then get message overflow with the bytes transferred so
 * far as the offset. Descriptors are read word by word as the copy goes,
 * each checked when it is read: another thread of the space could change
 * them meanwhile, which can only hurt that space.
 *
 * Each piece (copy.c) stays within one page of both sides; between
 * pieces the copy may be preempted, and a missing page becomes a
 * page-fault RPC (xfer.c).
 */
#include "kernel.h"
#include "string_ipc.h"
#include "xfer.h"
#include "mapitem.h"
#include "mapdb.h"
#include "ctrlxfer.h"
#include "../arch/ia32/copy.h"

#define ITEM_CTRLXFER   0xCu            /* 110C */

/* A string descriptor read from MRs (the sender's) or BRs (the receiver's
 * buffers), substring by substring. */
struct strcur {
	struct tcb *t;
	bool br;
	word_t i, end;          /* next word to read; last word it may read */
	word_t len;             /* substring length of the current group */
	word_t ptrs_left;       /* pointer words left in the group */
	bool cont;              /* c: another group follows */
	bool bad;               /* the descriptor runs past 'end' */
	word_t addr, left;      /* the current substring */
};

static word_t cur_word(const struct strcur *c, word_t i)
{
	return *utcb_word(c->t, c->br ? UTCB_BR(i) : UTCB_MR(i));
}

static void cur_group(struct strcur *c, word_t w)
{
	c->len = w >> 10;
	c->ptrs_left = ((w >> 4) & 0x1F) + 1;
	c->cont = (w >> 9) & 1;
}

/* Opens the descriptor at word i; returns its first word. */
static word_t cur_open(struct strcur *c, struct tcb *t, bool br, word_t i, word_t end)
{
	c->t = t;
	c->br = br;
	c->end = end;
	c->bad = false;
	c->left = 0;
	word_t w = cur_word(c, i);
	cur_group(c, w);
	c->i = i + 1;
	return w;
}

/* The next substring into addr/left; false at the end of the string (or
 * of a malformed one: bad). */
static bool cur_next(struct strcur *c)
{
	for (;;) {
		if (c->ptrs_left == 0) {
			if (!c->cont)
				return false;
			if (c->i > c->end) {
				c->bad = true;
				return false;
			}
			cur_group(c, cur_word(c, c->i++));
			continue;
		}
		if (c->i > c->end) {
			c->bad = true;
			return false;
		}
		c->addr = cur_word(c, c->i++);
		c->left = c->len;
		c->ptrs_left--;
		return true;
	}
}

/* The next substring that is not empty, checked to lie in user space
 * without wrapping around (§5.5: "must fit entirely into the legally
 * addressable user space"). Returns 1, 0 at the end, -1 if it is bad. */
static int cur_next_piece(struct strcur *c)
{
	do {
		if (!cur_next(c))
			return c->bad ? -1 : 0;
	} while (c->left == 0);
	if (c->addr >= USER_LIMIT || c->left > USER_LIMIT - c->addr)
		return -1;
	return 1;
}

/* Reads to the end of the descriptor; false if it is malformed. */
static bool cur_skip(struct strcur *c)
{
	while (cur_next(c))
		;
	return !c->bad;
}

static word_t overflow(const struct xfer *x)
{
	return xfer_error(IPC_ERR_OVERFLOW, x->offset);
}

/* One logical string (sc) into one logical buffer (dc). */
static word_t copy_string(struct xfer *x, struct strcur *sc, struct strcur *dc)
{
	struct space *src = x->s->space, *dst = x->r->space;
	int have_s = cur_next_piece(sc), have_d = 0;
	while (have_s > 0) {
		if (have_d <= 0 || dc->left == 0) {
			have_d = cur_next_piece(dc);
			if (have_d <= 0)
				return overflow(x);     /* buffer too short, or bad */
		}
		enum copy_stop stop;
		word_t n = sc->left < dc->left ? sc->left : dc->left;
		word_t done = copy_user_piece(src, sc->addr, dst, dc->addr, n, &stop);
		word_t err;
		if (done) {
			sc->addr += done, sc->left -= done;
			dc->addr += done, dc->left -= done;
			x->offset += done;
			err = xfer_preempt(x);
			if (!err && sc->left == 0)
				have_s = cur_next_piece(sc);
		} else if (stop == COPY_FAULT_SRC) {
			err = xfer_fault(x, XFER_SRC, sc->addr, false);
		} else if (stop == COPY_FAULT_DST) {
			err = xfer_fault(x, XFER_DST, dc->addr, true);
		} else {
			err = overflow(x);      /* a frame the kernel cannot reach */
		}
		if (err)
			return err;
		/* After a fault RPC or preemption the partner is still there
		 * (xfer_check), but its space may have changed: the next piece
		 * looks its pages up again. */
	}
	if (have_s < 0)
		return overflow(x);             /* the sender's string is bad */
	return 0;
}

/* The receive buffers: the next one starts at BR next_br (0: none left). */
struct buffers {
	word_t next_br;
};

static word_t string_item(struct xfer *x, struct buffers *b, word_t *i, word_t end)
{
	struct strcur sc, dc;
	cur_open(&sc, x->s, false, *i, end);
	if (!b->next_br)
		return overflow(x);             /* no buffer (left) for it */
	word_t first = cur_open(&dc, x->r, true, b->next_br, NUM_BRS - 1);
	word_t err = copy_string(x, &sc, &dc);
	if (err)
		return err;
	if (!cur_skip(&sc))
		return overflow(x);
	*i = sc.i;
	/* The C bit of a buffer's first word: another buffer follows. */
	b->next_br = (first & 1) && cur_skip(&dc) && dc.i <= NUM_BRS - 1 ? dc.i : 0;
	return 0;
}

static word_t items(struct xfer *x, word_t first, word_t end, struct ctrlxfer_writes *cx)
{
	struct tcb *s = x->s, *r = x->r;
	/* BR0 is read once, before any fault RPC borrows it. */
	word_t br0 = *utcb_word(r, UTCB_BR(0));
	word_t window = br0 & ~0xFu;
	struct buffers b = { .next_br = (br0 & 1) ? 1 : 0 };
	for (word_t i = first; i <= end; ) {
		word_t w = *utcb_word(s, UTCB_MR(i)), err;
		if (!(w & 8)) {                         /* 0hhC: a string item */
			err = string_item(x, &b, &i, end);
		} else if ((w & ITEM_TYPE_MASK) == ITEM_MAP || (w & ITEM_TYPE_MASK) == ITEM_GRANT) {
			if (i + 1 > end)
				return overflow(x);
			err = ipc_map_item(s, r, w, *utcb_word(s, UTCB_MR(i + 1)), window);
			if (err)
				err = xfer_error(err, x->offset);
			i += 2;
		} else if ((w & ITEM_TYPE_MASK) == ITEM_CTRLXFER) {
			/* Accepted iff BR0 c = 1 (§5.6); written once the
			 * message is in (ctrlxfer.c). */
			word_t n = (br0 & 2) ? ctrlxfer_item(s, i, end, cx) : 0;
			err = n ? 0 : overflow(x);
			i += n;
		} else {
			err = overflow(x);      /* the reserved type 111C */
		}
		if (err)
			return err;
		if ((err = xfer_check(x)))
			return err;
	}
	return 0;
}

word_t ipc_long_items(struct tcb *s, struct tcb *r, word_t first, word_t end,
                      struct ctrlxfer_writes *cx)
{
	struct xfer x;
	xfer_begin(&x, s, r);
	word_t err = items(&x, first, end, cx);
	xfer_end(&x);
	mapdb_reclaim_idle();
	return err;
}
