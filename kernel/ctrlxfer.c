// SPDX-License-Identifier: MIT
/*
 * ctrlxfer.c: control-transfer items (X.2 §5.4) carried by IPC. The words
 * are decoded and checked while the message's items are carried out
 * (string_ipc.c) and written into the receiver's registers only after the
 * whole message has arrived and its IPC outputs are set, so that the
 * registers the item names win over the ones IPC returns in.
 */
#include "kernel.h"
#include "ctrlxfer.h"
#include "../arch/ia32/ctrlxfer.h"

static word_t mr(struct tcb *t, word_t i)
{
	return *utcb_word(t, UTCB_MR(i));
}

static unsigned popcount(word_t m)
{
	unsigned n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/* Walks the chain of items from MR *k (conf: CtrlXferConfItems, one word
 * each; else CtrlXferItems with their registers), checking each; false
 * if one is malformed or runs past MR 63. */
static bool chain_ok(struct tcb *self, word_t *k, bool conf)
{
	for (;;) {
		if (*k > NUM_MRS - 1)
			return false;
		word_t w = mr(self, *k);
		if ((w & 0xE) != 0xC)
			return false;
		word_t id = (w >> 4) & 0xFF, mask = w >> 12;
		if (conf) {
			/* A fault this kernel has an extended protocol for,
			 * asking for sets it has (only the GP set, bit 0). */
			if ((id != CTRLXFER_FAULT_PF && id != CTRLXFER_FAULT_EXC) || (mask & ~1u))
				return false;
			*k += 1;
		} else {
			unsigned nregs = arch_ctrlxfer_regs(id);
			if (!nregs || (mask >> nregs) || *k + popcount(mask) > NUM_MRS - 1)
				return false;
			*k += 1 + popcount(mask);
		}
		if (!(w & 1))
			return true;
	}
}

word_t ctrlxfer_exregs(struct tcb *self, struct tcb *t, word_t control)
{
	word_t k = 0, r0 = 0, w0 = 0;
	if ((control & XR_CTRLXFER_C) && !chain_ok(self, &k, true))
		return ERR_INVALID_PARAM;
	r0 = k;
	if ((control & XR_CTRLXFER_R) && !chain_ok(self, &k, false))
		return ERR_INVALID_PARAM;
	w0 = k;
	if ((control & XR_CTRLXFER_W) && !chain_ok(self, &k, false))
		return ERR_INVALID_PARAM;
	if (control & XR_CTRLXFER_C) {
		for (word_t i = 0; ; i++) {
			word_t w = mr(self, i);
			t->ctrlxfer_conf[(w >> 4) & 0xFF] = w >> 12;
			if (!(w & 1))
				break;
		}
	}
	/* Read items: the registers the mask names, in order, after each
	 * head; written into the caller's MRs. */
	for (word_t i = r0; (control & XR_CTRLXFER_R) && i < w0; ) {
		word_t w = mr(self, i), id = (w >> 4) & 0xFF, mask = w >> 12, regs[32];
		arch_ctrlxfer_read(t, id, regs);
		word_t n = 0;
		for (unsigned b = 0; b < arch_ctrlxfer_regs(id); b++)
			if (mask & (1u << b))
				*utcb_word(self, UTCB_MR(i + 1 + n++)) = regs[b];
		i += 1 + n;
	}
	for (word_t i = w0; (control & XR_CTRLXFER_W) && i < k; ) {
		word_t w = mr(self, i), id = (w >> 4) & 0xFF, mask = w >> 12, regs[32];
		word_t n = 0;
		for (unsigned b = 0; b < arch_ctrlxfer_regs(id); b++)
			if (mask & (1u << b))
				regs[b] = mr(self, i + 1 + n++);
		arch_ctrlxfer_write(t, id, mask, regs);
		i += 1 + n;
	}
	return 0;
}

word_t ctrlxfer_append(struct tcb *t, word_t fault, word_t at)
{
	if (fault >= CTRLXFER_FAULTS || !(t->ctrlxfer_conf[fault] & 1))
		return 0;
	word_t regs[CTRLXFER_GPREGS];
	arch_ctrlxfer_read(t, CTRLXFER_ID_GPREGS, regs);
	*utcb_word(t, UTCB_MR(at)) = ((1u << CTRLXFER_GPREGS) - 1) << 12 |
	                             CTRLXFER_ID_GPREGS << 4 | 0xC;
	for (word_t i = 0; i < CTRLXFER_GPREGS; i++)
		*utcb_word(t, UTCB_MR(at + 1 + i)) = regs[i];
	return 1 + CTRLXFER_GPREGS;
}

word_t ctrlxfer_item(struct tcb *s, word_t i, word_t end, struct ctrlxfer_writes *w)
{
	word_t head = *utcb_word(s, UTCB_MR(i));
	word_t id = (head >> 4) & 0xFF, mask = head >> 12;
	unsigned nregs = arch_ctrlxfer_regs(id);
	if (!nregs || (mask >> nregs) != 0)
		return 0;
	word_t n = 0;
	for (unsigned b = 0; b < nregs; b++)
		if (mask & (1u << b)) {
			if (i + 1 + n > end)
				return 0;
			w->regs[b] = *utcb_word(s, UTCB_MR(i + 1 + n));
			n++;
		}
	w->mask |= mask;
	return 1 + n;
}

void ctrlxfer_apply(struct tcb *r, const struct ctrlxfer_writes *w)
{
	if (w->mask)
		arch_ctrlxfer_write(r, CTRLXFER_ID_GPREGS, w->mask, w->regs);
}
