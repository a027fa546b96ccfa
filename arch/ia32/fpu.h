/* SPDX-License-Identifier: MIT */
/*
 * fpu.h: every thread's own x87/MMX/SSE registers, switched lazily through
 * CR0.TS and #NM (fpu.c). The CPU holds one thread's FPU state at a time
 * (the owner's); a thread's fpu_live flag (tcb.h) says that it is running
 * with TS clear, so that the switch away from it must set TS again.
 */
#pragma once
#include <stdbool.h>
#include "../../kernel/tcb.h"

/* Once, at boot: FXSAVE and SSE on (CR4.OSFXSR, OSXMMEXCPT), x87 errors
 * by #MF (CR0.NE, MP), and TS set: nobody owns the FPU yet. */
void fpu_init(void);
/* #NM from user thread t: its state in the FPU registers, TS clear.
 * False when t cannot have FPU state (no kernel memory for its save
 * area, or no FXSAVE on this CPU): the #NM goes to its exception
 * handler. */
bool fpu_claim(struct tcb *t);
/* The switch leaves t, which has used the FPU since it was switched to:
 * TS on again (the state stays in the registers until someone else
 * claims them). */
void fpu_switch_away(struct tcb *t);
/* t is being deleted: its save area is freed and, if the registers hold
 * its state, they belong to nobody (a new thread in the same TCB slot
 * must not inherit them). */
void fpu_release(struct tcb *t);
