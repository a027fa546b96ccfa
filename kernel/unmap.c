// SPDX-License-Identifier: MIT
/*
 * unmap.c: the Unmap system call (X.2 §4.2). MR0..k hold fpages of the
 * caller's space; each one's rights are revoked from every mapping derived
 * from it (and from the caller's own with the flush bit), and each comes
 * back with the referenced / written status of those mappings in its
 * rights bits. Pages without a mapping node (unmapped ones, the KIP, the
 * UTCBs) are skipped: kernel pages cannot be unmapped.
 */
#include "kernel.h"
#include "syscalls.h"
#include "mapdb.h"
#include "space.h"
#include "iofpage.h"
#include "../arch/ia32/layout.h"

#define UNMAP_FLUSH   0x40u
#define UNMAP_K_MASK  0x3Fu

static inline word_t unmap_fpage(struct revocation *rv, struct space *s, word_t f, bool flush)
{
	/* 32-bit arithmetic: the range ends at USER_LIMIT at most. */
	word_t base, end, log2 = fpage_log2(f);
	if (log2 - PAGE_SHIFT < 32 - PAGE_SHIFT) {      /* 2^12 .. 2^31, the common case */
		base = fpage_base(f);
		if (base >= USER_LIMIT)
			return f & ~7u;         /* beyond user space: nothing */
		end = (1u << log2) < USER_LIMIT - base ? base + (1u << log2) : USER_LIMIT;
	} else if (fpage_is_complete(f) || log2 == 32) {
		base = 0;
		end = USER_LIMIT;
	} else {
		return f & ~7u;                 /* nilpage or too small: nothing */
	}
	return (f & ~7u) | mapdb_unmap(rv, s, base, end, fpage_rights(f), flush);
}

/* Any Unmap: each fpage of MR0..k through the range walk. */
static __attribute__((noinline)) word_t unmap_fpages(word_t control, word_t mr0)
{
	struct tcb *self = current;
	word_t k = control & UNMAP_K_MASK;
	bool flush = control & UNMAP_FLUSH;
	word_t *mr = utcb_word(self, UTCB_MR(0));
	struct revocation rv;
	mapdb_unmap_begin(&rv);
	mr[0] = mr0;
	for (word_t i = 0; i <= k; i++)
		mr[i] = iofpage_is(mr[i]) ? iofpage_unmap(self->space, mr[i], flush) :
		                            unmap_fpage(&rv, self->space, mr[i], flush);
	mapdb_unmap_end(&rv);
	return mr[0];
}

/* The common case first: one fpage of one 4 KiB page without the flush
 * bit (a pager taking a page back or protecting it): control 0, MR0 a
 * 2^12 fpage (never an IO fpage, whose size field is 2) in user space.
 * mapdb_unmap_page does it unless its shape needs the walk; FASTPATH=0
 * leaves it out, so that the walk is tested alone. */
__attribute__((optimize("omit-frame-pointer")))
word_t sys_unmap(word_t control, word_t mr0)
{
	if (CONFIG_FASTPATH && control == 0 && fpage_log2(mr0) == PAGE_SHIFT &&
	    mr0 < USER_LIMIT) {
		struct tcb *self = current;
		word_t status = mapdb_unmap_page(self->space, mr0 & ~(PAGE_SIZE - 1),
		                                 fpage_rights(mr0));
		if (status != MAPDB_DECLINED)
			return *utcb_word(self, UTCB_MR(0)) = (mr0 & ~7u) | status;
	}
	return unmap_fpages(control, mr0);
}
