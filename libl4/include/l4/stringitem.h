/* SPDX-License-Identifier: MIT */
/*
 * l4/stringitem.h: string items (manual §5.5) and the ia32 cache
 * allocation hints (A.6). Included by l4/message.h.
 *
 * A string item is one or more groups of words: a length word (length in
 * bits 10..31, c in bit 9: another group follows, j - 1 in bits 4..8,
 * type 0hh in bits 1..3 with hh the cache hint, C in bit 0) and j pointer
 * words, each the start of a substring of that length. A simple string
 * is one group with j = 1; a compound string has more substrings, which
 * are sent (gathered) or received (scattered) as one logical string.
 * L4_StringItem_t holds a simple string; a compound one is built in
 * memory that has room for all its words, as the manual assumes, e.g.
 *     L4_Word_t words[1 + 8];
 *     L4_StringItem_t *s = (L4_StringItem_t *)words;
 *     *s = L4_StringItem(512, a);
 *     L4_AddSubstringAddressTo(s, b);     (one group, j = 2)
 */
#pragma once
#include <l4/types.h>

typedef union {
	L4_Word_t raw[2];
	struct {
		L4_Word_t C : 1;
		L4_Word_t type : 3;
		L4_Word_t j : 5;
		L4_Word_t c : 1;
		L4_Word_t string_length : 22;
		void *string_ptr;
	} X;
} L4_StringItem_t;

/* The number of words of the string item at w (every group). */
L4_INLINE L4_Word_t __L4_StringItemWords(const L4_Word_t *w)
{
	L4_Word_t n = 0;
	for (;;) {
		L4_Word_t j = ((w[n] >> 4) & 0x1F) + 1, c = (w[n] >> 9) & 1;
		n += 1 + j;
		if (!c || n >= 64)
			return n;
	}
}

/* The first word of the last group of s. */
L4_INLINE L4_Word_t *__L4_StringItemLastGroup(L4_StringItem_t *s)
{
	L4_Word_t *w = (L4_Word_t *)s;
	while ((w[0] >> 9) & 1)
		w += 2 + ((w[0] >> 4) & 0x1F);
	return w;
}

L4_INLINE L4_StringItem_t L4_StringItem(int size, void *address)
{
	L4_StringItem_t s;
	s.raw[0] = (L4_Word_t)size << 10;
	s.X.string_ptr = address;
	return s;
}

L4_INLINE L4_Bool_t L4_IsStringItem(L4_StringItem_t *s) { return (s->raw[0] & 0x8) == 0; }
L4_INLINE L4_Bool_t L4_CompoundString(L4_StringItem_t *s)
{
	return s->X.c;
}

/* The number of substrings, over all groups. */
L4_INLINE L4_Word_t L4_Substrings(L4_StringItem_t *s)
{
	const L4_Word_t *w = (const L4_Word_t *)s;
	L4_Word_t n = 0;
	for (;;) {
		L4_Word_t j = ((w[0] >> 4) & 0x1F) + 1;
		n += j;
		if (!((w[0] >> 9) & 1))
			return n;
		w += 1 + j;
	}
}

/* The address of substring n (the first is n = 1), or 0 if there is no
 * such substring. */
L4_INLINE void *L4_Substring(L4_StringItem_t *s, L4_Word_t n)
{
	const L4_Word_t *w = (const L4_Word_t *)s;
	if (n == 0)
		return 0;
	for (;;) {
		L4_Word_t j = ((w[0] >> 4) & 0x1F) + 1;
		if (n <= j)
			return (void *)w[n];
		n -= j;
		if (!((w[0] >> 9) & 1))
			return 0;
		w += 1 + j;
	}
}

/* The length of the substrings of the group that holds substring n. */
L4_INLINE L4_Word_t L4_SubstringLength(L4_StringItem_t *s, L4_Word_t n)
{
	const L4_Word_t *w = (const L4_Word_t *)s;
	for (;;) {
		L4_Word_t j = ((w[0] >> 4) & 0x1F) + 1;
		if (n <= j || !((w[0] >> 9) & 1))
			return w[0] >> 10;
		n -= j;
		w += 1 + j;
	}
}

/* Appends another pointer to the last group: a substring of the same
 * length (at most 32 per group; then a new group of that length). */
L4_INLINE L4_StringItem_t *L4_AddSubstringAddressTo(L4_StringItem_t *dest, void *address)
{
	L4_Word_t *g = __L4_StringItemLastGroup(dest);
	L4_Word_t j = ((g[0] >> 4) & 0x1F) + 1;
	if (j < 32) {
		g[1 + j] = (L4_Word_t)address;
		g[0] += 1 << 4;
	} else {
		g[0] |= 1 << 9;
		g[1 + j] = g[0] & ~0x3FFUL;     /* same length, j = 1, c = 0 */
		g[2 + j] = (L4_Word_t)address;
	}
	return dest;
}

/* Appends the substrings of another string item (simple or compound):
 * its groups follow the last group of dest, which gets c = 1. */
L4_INLINE L4_StringItem_t *__L4_AddSubstringsTo(L4_StringItem_t *dest, const L4_StringItem_t *substr)
{
	L4_Word_t *g = __L4_StringItemLastGroup(dest);
	const L4_Word_t *from = (const L4_Word_t *)substr;
	L4_Word_t at = 2 + ((g[0] >> 4) & 0x1F), n = __L4_StringItemWords(from);
	g[0] |= 1 << 9;
	for (L4_Word_t i = 0; i < n; i++)
		g[at + i] = from[i];
	g[at] &= ~0xFUL;                /* type bits: only the first word's count */
	return dest;
}

/* The manual's AddSubstringTo takes the substring by value: a simple
 * string (a compound one passed by value is taken as simple, §5.1). */
L4_INLINE L4_StringItem_t *__L4_AddSimpleSubstringTo(L4_StringItem_t *dest, L4_StringItem_t s)
{
	s.raw[0] &= ~0x3F1UL;
	return __L4_AddSubstringsTo(dest, &s);
}

/* L4_AddSubstringTo(dest, s): s by value as the manual has it, or by
 * pointer (a compound string, all its groups), as libl4 had it first.
 * C++ has both as overloads (below). */
#ifndef __cplusplus
#define L4_AddSubstringTo(dest, s) _Generic((s), \
	L4_StringItem_t *: __L4_AddSubstringsTo, \
	const L4_StringItem_t *: __L4_AddSubstringsTo, \
	default: __L4_AddSimpleSubstringTo)((dest), (s))
#endif

/* ---- Cache allocation hints (§5.5, ia32: A.6) -------------------------- */

typedef union {
	L4_Word_t raw;
} L4_CacheAllocationHint_t;

#define L4_UseDefaultCacheLineAllocation  ((L4_CacheAllocationHint_t){ .raw = 0x0 })
#define L4_AllocateNewCacheLines          ((L4_CacheAllocationHint_t){ .raw = 0x2 })
#define L4_DoNotAllocateNewCacheLines     ((L4_CacheAllocationHint_t){ .raw = 0x4 })
#define L4_AllocateOnlyNewL1CacheLines    ((L4_CacheAllocationHint_t){ .raw = 0x6 })

L4_INLINE L4_Bool_t L4_IsCacheAllocationHintEqual(L4_CacheAllocationHint_t l,
                                                  L4_CacheAllocationHint_t r)
{
	return (l.raw & 0x6) == (r.raw & 0x6);
}

L4_INLINE L4_Bool_t L4_IsCacheAllocationHintNotEqual(L4_CacheAllocationHint_t l,
                                                     L4_CacheAllocationHint_t r)
{
	return !L4_IsCacheAllocationHintEqual(l, r);
}

L4_INLINE L4_CacheAllocationHint_t L4_CacheAllocationHint(L4_StringItem_t s)
{
	L4_CacheAllocationHint_t h;
	h.raw = s.raw[0] & 0x6;
	return h;
}

L4_INLINE L4_StringItem_t L4_AddCacheAllocationHint(L4_StringItem_t s,
                                                    L4_CacheAllocationHint_t h)
{
	s.raw[0] = (s.raw[0] & ~0x6UL) | (h.raw & 0x6);
	return s;
}

/* Sets the hint in *s; returns the item (the manual's StringItem +=). */
L4_INLINE L4_StringItem_t L4_AddCacheAllocationHintTo(L4_StringItem_t *s,
                                                      L4_CacheAllocationHint_t h)
{
	s->raw[0] = (s->raw[0] & ~0x6UL) | (h.raw & 0x6);
	return *s;
}

/* ---- The C++ forms (§5.5) ---------------------------------------------- */

/*
 * The manual's C++ names: StringItem (s) tests an item, += appends a
 * substring (by value: simple) or a substring address, or sets a cache
 * hint; + sets a hint in a copy; == and != compare hints. StringItem&
 * parameters other than the left side of += are pointers, as in the C
 * names.
 */
#ifdef __cplusplus
L4_INLINE L4_Bool_t L4_StringItem(L4_StringItem_t *s) { return L4_IsStringItem(s); }
L4_INLINE L4_StringItem_t *L4_AddSubstringTo(L4_StringItem_t *dest, L4_StringItem_t s)
{
	return __L4_AddSimpleSubstringTo(dest, s);
}
L4_INLINE L4_StringItem_t *L4_AddSubstringTo(L4_StringItem_t *dest, const L4_StringItem_t *s)
{
	return __L4_AddSubstringsTo(dest, s);
}
L4_INLINE L4_StringItem_t &operator+=(L4_StringItem_t &dest, L4_StringItem_t s)
{
	return *__L4_AddSimpleSubstringTo(&dest, s);
}
L4_INLINE L4_StringItem_t &operator+=(L4_StringItem_t &dest, void *address)
{
	return *L4_AddSubstringAddressTo(&dest, address);
}
L4_INLINE L4_Bool_t operator==(L4_CacheAllocationHint_t l, L4_CacheAllocationHint_t r)
{
	return L4_IsCacheAllocationHintEqual(l, r);
}
L4_INLINE L4_Bool_t operator!=(L4_CacheAllocationHint_t l, L4_CacheAllocationHint_t r)
{
	return L4_IsCacheAllocationHintNotEqual(l, r);
}
L4_INLINE L4_StringItem_t operator+(L4_StringItem_t s, L4_CacheAllocationHint_t h)
{
	return L4_AddCacheAllocationHint(s, h);
}
L4_INLINE L4_StringItem_t operator+=(L4_StringItem_t &s, L4_CacheAllocationHint_t h)
{
	return L4_AddCacheAllocationHintTo(&s, h);
}
#endif
