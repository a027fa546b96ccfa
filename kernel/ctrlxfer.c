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
