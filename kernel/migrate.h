/* SPDX-License-Identifier: MIT */
/*
 * migrate.h: an existing thread moved to another address space by
 * ThreadControl (X.2 §2.4, "Modification ... migrate the thread to a new
 * address space"); see migrate.c.
 */
#pragma once
#include "tcb.h"

struct space;
/* May t move to 'to' with this ThreadControl (UtcbLocation and pager as
 * given)? 0 or the ErrorCode; changes nothing. */
word_t migrate_check(const struct tcb *self, const struct tcb *t, const struct space *to,
                     word_t utcb_location, word_t pager);
/* Moves t (checked by migrate_check) to 'to'. 0, or ERR_NO_MEM with
 * nothing changed. */
word_t migrate(struct tcb *t, struct space *to);
