/* SPDX-License-Identifier: MIT */
/*
 * l4/ia32/vregs.h: access to the current thread's virtual registers on
 * ia32 (manual §1.3, Appendix A.1): the UTCB address comes from %gs:0, and
 * MRs, BRs and TCRs are words at fixed offsets from it (l4/ia32/utcb.h).
 * User code only; touching another thread's UTCB is illegal (§1.3).
 */
#pragma once
#include <l4/types.h>
#include <l4/ia32/utcb.h>

/* The UTCB address does not change during a thread's life, so the load is
 * not volatile and the compiler may reuse it. */
L4_INLINE L4_Word_t *__L4_Utcb(void)
{
	L4_Word_t *utcb;
	__asm__("movl %%gs:0, %0" : "=r"(utcb));
	return utcb;
}

/* The word of the current UTCB at a byte offset from l4/ia32/utcb.h. */
L4_INLINE volatile L4_Word_t *__L4_UtcbWord(int offset)
{
	return (volatile L4_Word_t *)((char *)__L4_Utcb() + offset);
}

L4_INLINE volatile L4_Word8_t *__L4_UtcbByte(int offset)
{
	return (volatile L4_Word8_t *)((char *)__L4_Utcb() + offset);
}

/* ---- Message registers (§5.1) ------------------------------------------ */

/* MR i is word i of the UTCB (L4_UTCB_MR(i) == 4 * i). */

L4_INLINE void L4_StoreMR(int i, L4_Word_t *w)
{
	*w = __L4_Utcb()[i];
}

L4_INLINE void L4_LoadMR(int i, L4_Word_t w)
{
	__L4_Utcb()[i] = w;
}

L4_INLINE void L4_StoreMRs(int i, int k, L4_Word_t *w)
{
	const L4_Word_t *mr = __L4_Utcb() + i;
	while (k-- > 0)
		*w++ = *mr++;
}

L4_INLINE void L4_LoadMRs(int i, int k, const L4_Word_t *w)
{
	L4_Word_t *mr = __L4_Utcb() + i;
	while (k-- > 0)
		*mr++ = *w++;
}

/* ---- Buffer registers (§5.6) ------------------------------------------- */

L4_INLINE void L4_StoreBR(int i, L4_Word_t *w)
{
	*w = *__L4_UtcbWord(L4_UTCB_BR(i));
}

L4_INLINE void L4_LoadBR(int i, L4_Word_t w)
{
	*__L4_UtcbWord(L4_UTCB_BR(i)) = w;
}

L4_INLINE void L4_StoreBRs(int i, int k, L4_Word_t *w)
{
	for (int j = 0; j < k; j++)
		w[j] = *__L4_UtcbWord(L4_UTCB_BR(i + j));
}

L4_INLINE void L4_LoadBRs(int i, int k, const L4_Word_t *w)
{
	for (int j = 0; j < k; j++)
		*__L4_UtcbWord(L4_UTCB_BR(i + j)) = w[j];
}
