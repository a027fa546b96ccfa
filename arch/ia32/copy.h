/* SPDX-License-Identifier: MIT */
/*
 * copy.h: copying bytes from one address space into another for string
 * items (X.2 §5.5), the machine part. The kernel reaches both spaces'
 * frames through its window onto physical memory, found by walking each
 * space's page table, so no space needs to be loaded and no temporary
 * mapping is made (docs/architecture.md, "Long IPC").
 */
#pragma once
#include "../../kernel/kernel.h"
#include "../../kernel/space.h"

/* Why a piece could not be copied. */
enum copy_stop {
	COPY_OK = 0,
	COPY_FAULT_SRC,         /* source page not mapped readable */
	COPY_FAULT_DST,         /* destination page not mapped writable */
	COPY_UNREACHABLE,       /* a frame beyond the physical window */
};

/* Copies up to len bytes from sva in src to dva in dst, at most up to the
 * next page boundary of either side, with interrupts enabled while the
 * bytes move. Sets the accessed bit of the source page and the accessed
 * and dirty bits of the destination page, as a user access would.
 * Returns the bytes copied (0 when it stopped) and in *stop why not. The
 * caller has checked that both ranges lie below USER_LIMIT. */
word_t copy_user_piece(struct space *src, word_t sva, struct space *dst, word_t dva,
                       word_t len, enum copy_stop *stop);
