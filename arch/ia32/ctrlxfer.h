/* SPDX-License-Identifier: MIT */
/*
 * ctrlxfer.h: the ia32 control-transfer register sets (X.2 A.9): which
 * ids exist, how many registers each has, and writing a thread's
 * registers from an item's words.
 */
#pragma once
#include "../../kernel/tcb.h"

#define CTRLXFER_ID_GPREGS   0u      /* EIP EFLAGS EDI ESI EBP ESP EBX EDX ECX EAX */
#define CTRLXFER_GPREGS      10u

/* The number of registers of set 'id', 0 if the kernel has no such set. */
unsigned arch_ctrlxfer_regs(word_t id);
/* Writes the registers of set id whose bits are set in mask, from regs
 * (one word per register of the set, in the set's order) into t's user
 * context; EFLAGS only its user-modifiable bits. */
void arch_ctrlxfer_write(struct tcb *t, word_t id, word_t mask, const word_t *regs);
/* Reads all registers of set id of t's user context into regs. */
void arch_ctrlxfer_read(struct tcb *t, word_t id, word_t *regs);
