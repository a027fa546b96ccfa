/* SPDX-License-Identifier: MIT */
/*
 * propagate.h: propagated IPC (X.2 §5.7, the p bit); see propagate.c.
 */
#pragma once
#include "tcb.h"

/* A send of self to dest with p set: decides whether the propagation is
 * permitted (self->ipc_virtual_sender = the originator's global id, or 0)
 * and re-targets an originator waiting for self's reply. */
void propagate_prepare(struct tcb *self, struct tcb *dest);
/* What receiver r sees of sender s's message (tag with p, or with r,
 * which a redirected send carries inside the kernel, send_redirect_propagate): the FromSpecifier, the tag's p and r bits, and the
 * ActualSender and IntendedReceiver TCRs. */
void ipc_sender_view(const struct tcb *s, struct tcb *r, word_t tag, word_t *from,
                     word_t *rtag);
