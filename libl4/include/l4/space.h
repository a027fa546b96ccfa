/* SPDX-License-Identifier: MIT */
/*
 * l4/space.h: address spaces (manual chapter 4): Unmap and its derived
 * functions (§4.2), SpaceControl (§4.3) with the ia32 control word for
 * small spaces (Appendix A.5). The Fpage type is in l4/types.h.
 */
#pragma once
#include <l4/types.h>
#include <l4/errors.h>
#include <l4/message.h>
#include <l4/ia32/syscalls.h>

/* ---- Unmap (§4.2) ------------------------------------------------------ */

/* control: k (the last MR holding an fpage) in bits 0..5, f in bit 6. */
#define L4_UnmapFlush  (1UL << 6)

/* Revokes f's rights from every space f was mapped to from here, and
 * returns f with the referenced/dirty/executed bits of the pages it
 * covered (L4_Referenced, L4_Dirty, L4_Executed). */
L4_INLINE L4_Fpage_t L4_UnmapFpage(L4_Fpage_t f)
{
	L4_LoadMR(0, f.raw);
	L4_Unmap(0);
	L4_StoreMR(0, &f.raw);
	return f;
}

/* n fpages (1 <= n <= 64); each gets its status bits back. */
L4_INLINE void L4_UnmapFpages(L4_Word_t n, L4_Fpage_t *fpages)
{
	L4_LoadMRs(0, (int)n, (L4_Word_t *)fpages);
	L4_Unmap(n - 1);
	L4_StoreMRs(0, (int)n, (L4_Word_t *)fpages);
}

/* As Unmap, and also from the caller's own space. */
L4_INLINE L4_Fpage_t L4_Flush(L4_Fpage_t f)
{
	L4_LoadMR(0, f.raw);
	L4_Unmap(L4_UnmapFlush);
	L4_StoreMR(0, &f.raw);
	return f;
}

L4_INLINE void L4_FlushFpages(L4_Word_t n, L4_Fpage_t *fpages)
{
	L4_LoadMRs(0, (int)n, (L4_Word_t *)fpages);
	L4_Unmap(L4_UnmapFlush | (n - 1));
	L4_StoreMRs(0, (int)n, (L4_Word_t *)fpages);
}

/* Reads and resets f's status bits without revoking anything. */
L4_INLINE L4_Fpage_t L4_GetStatus(L4_Fpage_t f)
{
	L4_LoadMR(0, L4_FpageRemoveRights(f, L4_FullyAccessible).raw);
	L4_Unmap(0);
	L4_StoreMR(0, &f.raw);
	return f;
}

/* On an fpage returned by UnmapFpage, Flush or GetStatus. */
L4_INLINE L4_Bool_t L4_WasReferenced(L4_Fpage_t f) { return (f.raw & L4_Referenced) != 0; }
L4_INLINE L4_Bool_t L4_WasWritten(L4_Fpage_t f) { return (f.raw & L4_Dirty) != 0; }
L4_INLINE L4_Bool_t L4_WaseXecuted(L4_Fpage_t f) { return (f.raw & L4_Executed) != 0; }

/* ---- SpaceControl (§4.3, ia32 control word A.5) ------------------------ */

/* control: s (set the small-space number) in bit 31, t (add an extended
 * mapping) in bit 29, the small-space number in bits 0..7. On return, bit
 * 31 (e) says whether a small-space change took effect. */
#define L4_SpaceControl_SetSmall       (1UL << 31)
#define L4_SpaceControl_ExtendedMap    (1UL << 29)
#define L4_SpaceControl_SmallEffective (1UL << 31)

/*
 * Our extension, in bits A.5 leaves 0: k (bit 30) with a frame count n in
 * bits 8..28 sets the space's kernel-memory limit to n frames (all ones:
 * unlimited; 0: leave it), and the output then carries the frames charged
 * to the space now in the same bits. See docs/x2-deviations.md.
 */
#define L4_SpaceControl_KernelMemory   (1UL << 30)
#define L4_SpaceControl_KmemShift      8
#define L4_SpaceControl_KmemMask       (0x1FFFFFUL << L4_SpaceControl_KmemShift)
#define L4_SpaceControl_KmemUnlimited  0x1FFFFFUL
L4_INLINE L4_Word_t L4_SpaceControl_KmemLimit(L4_Word_t frames)
{
	return L4_SpaceControl_KernelMemory |
	       ((frames << L4_SpaceControl_KmemShift) & L4_SpaceControl_KmemMask);
}
L4_INLINE L4_Word_t L4_SpaceControl_KmemUsed(L4_Word_t control_out)
{
	return (control_out & L4_SpaceControl_KmemMask) >> L4_SpaceControl_KmemShift;
}

#define L4_LargeSpace  (0UL)

/*
 * The small-space number for a space of `size` MB at `location` MB in the
 * small-space area, size = 2^p * 4 with p < 8 and location a multiple of
 * size: the lowest set bit (bit p) gives the size, the bits above it give
 * location / 2 MB. Returns L4_LargeSpace if the arguments do not fit.
 */
L4_INLINE L4_Word_t L4_SmallSpace(L4_Word_t location, L4_Word_t size)
{
	L4_Word_t unit = size / 4;                  /* 2^p */
	if (size < 4 || (size & (size - 1)) || unit > 128 || location % size ||
	    location + size > 512)
		return L4_LargeSpace;
	return (location / 2) | unit;
}

/* The size and location, in MB, that a small-space number stands for. */
L4_INLINE L4_Word_t L4_SmallSpaceSize(L4_Word_t small)
{
	small &= 0xFF;
	return small ? (small & -small) * 4 : 0;
}

L4_INLINE L4_Word_t L4_SmallSpaceLocation(L4_Word_t small)
{
	small &= 0xFF;
	return (small & ~(small & -small)) * 2;
}

/* ---- The C++ forms (§4.2) ---------------------------------------------- */

/* Unmap and Flush on fpages, beside the Unmap system call itself. */
#ifdef __cplusplus
L4_INLINE L4_Fpage_t L4_Unmap(L4_Fpage_t f) { return L4_UnmapFpage(f); }
L4_INLINE void L4_Unmap(L4_Word_t n, L4_Fpage_t *fpages) { L4_UnmapFpages(n, fpages); }
L4_INLINE void L4_Flush(L4_Word_t n, L4_Fpage_t *fpages) { L4_FlushFpages(n, fpages); }
#endif
