// SPDX-License-Identifier: MIT
/*
 * memctl.c: MemoryControl (X.2 §6.4, A.7). MR0..k hold fpages of the
 * caller's space, each with the index (0..3) of one of the four
 * attribute words in its two low bits; every page mapped in such an fpage
 * gets that memory attribute in its page-table entry (arch/ia32/
 * memattr.c). Pages the kernel placed (KIP, UTCBs) have no mapping node
 * and are left alone, as an fpage holds no kernel objects (§4.1).
 * Privileged, as §6.4 says. Decode, then act: an fpage that names an
 * unsupported attribute, or that covers part of a 4 MiB superpage (one
 * entry has one attribute), fails the whole call with ErrorCode 5.
 */
#include "kernel.h"
#include "syscalls.h"
#include "mapdb.h"
#include "space.h"
#include "iofpage.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/memattr.h"

#define MEMCTL_K_MASK  0x3Fu
#define SUPER_SIZE     (1u << 22)

/* The user range of fpage f in [*base, *end); false for a nilpage or an
 * fpage below the page size (no-ops, §4.1). */
static bool fpage_range(word_t f, word_t *base, word_t *end)
{
	word_t log2 = fpage_log2(f);
	if (fpage_is_complete(f) || log2 >= 32) {
		*base = 0;
		*end = USER_LIMIT;
		return true;
	}
	if (log2 < PAGE_SHIFT)
		return false;
	*base = fpage_base(f);
	if (*base >= USER_LIMIT)
		return false;
	*end = (1u << log2) < USER_LIMIT - *base ? *base + (1u << log2) : USER_LIMIT;
	return true;
}

/* Whether [base, end) covers every superpage of s it touches whole. */
static bool superpages_whole(struct space *s, word_t base, word_t end)
{
	for (word_t va = base & ~(SUPER_SIZE - 1); va < end && va >= (base & ~(SUPER_SIZE - 1));
	     va += SUPER_SIZE)
		if (mapdb_is_super(s, va) && (va < base || end - va < SUPER_SIZE))
			return false;
	return true;
}

static void set_range(struct space *s, word_t base, word_t end, word_t attr)
{
	for (word_t va = base; va < end && va >= base; ) {
		bool super = mapdb_is_super(s, va);
		if (mapdb_has(s, va))
			memattr_set(s, va, attr);
		va = super ? (va & ~(SUPER_SIZE - 1)) + SUPER_SIZE : va + PAGE_SIZE;
	}
}

word_t sys_memory_control(word_t control, const word_t attributes[4], word_t mr0)
{
	struct tcb *self = current;
	struct space *s = self->space;
	/* --- decode --- */
	if (!s->privileged)
		return set_error_code(ERR_NO_PRIVILEGE), 0;
	if (control & ~MEMCTL_K_MASK)
		return set_error_code(ERR_INVALID_PARAM), 0;
	word_t k = control & MEMCTL_K_MASK;
	const word_t *mr = utcb_word(self, UTCB_MR(0));
	for (word_t i = 0; i <= k; i++) {
		word_t f = i ? mr[i] : mr0, base, end;
		if (iofpage_is(f) || (f & 0xC))
			return set_error_code(ERR_INVALID_PARAM), 0;
		if (!fpage_range(f, &base, &end))
			continue;
		if (!memattr_supported(attributes[f & 3]) || !superpages_whole(s, base, end))
			return set_error_code(ERR_INVALID_PARAM), 0;
	}
	/* --- act --- */
	for (word_t i = 0; i <= k; i++) {
		word_t f = i ? mr[i] : mr0, base, end;
		if (fpage_range(f, &base, &end))
			set_range(s, base, end, attributes[f & 3]);
	}
	memattr_caches_written_back();
	return 1;
}
