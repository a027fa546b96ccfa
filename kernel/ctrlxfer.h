/* SPDX-License-Identifier: MIT */
/*
 * ctrlxfer.h: control-transfer items in messages (X.2 §5.4). An item
 * names a register set (id) and a mask of its registers; one word per
 * set bit follows, in the set's order. The receiver, if it accepts them
 * (BR0 c = 1), gets those registers set once the message has arrived.
 */
#pragma once
#include "tcb.h"

/* The register writes of one message, applied after its transfer. */
struct ctrlxfer_writes {
	word_t mask;                    /* registers of set 0 to write */
	word_t regs[10];
};

/* The item at MR i of s (last typed word at 'end') into w. Returns the
 * item's size in words, or 0 if it is malformed or names a register set
 * the kernel does not have. */
word_t ctrlxfer_item(struct tcb *s, word_t i, word_t end, struct ctrlxfer_writes *w);
/* Applies w to r. */
void ctrlxfer_apply(struct tcb *r, const struct ctrlxfer_writes *w);

/* ExchangeRegisters' C, R and W (X.2 §2.3), as control bits 10, 11, 12:
 * CtrlXferConfItems from MR 0 (C), then items whose registers are read
 * into the caller's MRs (R), then items written into t (W). Everything
 * is checked first; returns 0, or ERR_INVALID_PARAM having done nothing. */
#define XR_CTRLXFER_C   (1u << 10)
#define XR_CTRLXFER_R   (1u << 11)
#define XR_CTRLXFER_W   (1u << 12)
word_t ctrlxfer_exregs(struct tcb *self, struct tcb *t, word_t control);
/* The items of fault id 'fault' t's configuration asks for, appended to
 * the message at MR at (its registers read from t); returns the words
 * added (0 if none is configured). */
word_t ctrlxfer_append(struct tcb *t, word_t fault, word_t at);
