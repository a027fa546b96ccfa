/* SPDX-License-Identifier: MIT */
/*
 * l4/misc.h: miscellaneous privileged calls (manual chapter 6):
 * ProcessorControl (§6.3) and MemoryControl (§6.4) with the ia32 memory
 * attributes (Appendix A.7). Stubs in l4/ia32/syscalls.h.
 */
#pragma once
#include <l4/types.h>
#include <l4/errors.h>
#include <l4/ia32/syscalls.h>
#include <l4/ia32/vregs.h>

/* ia32 memory attributes (A.7); 0 means the default everywhere. */
#define L4_DefaultMemory         (0UL)
#define L4_WriteBackMemory       (1UL)
#define L4_WriteThroughMemory    (2UL)
#define L4_UncacheableMemory     (4UL)
#define L4_WriteCombiningMemory  (5UL)
#define L4_WriteProtectedMemory  (8UL)

/* In MemoryControl's fpages the two low bits select attribute 0..3. */
L4_INLINE L4_Word_t L4_Set_PageAttribute(L4_Fpage_t f, L4_Word_t attribute)
{
	L4_Word_t attributes[4] = { attribute, 0, 0, 0 };
	L4_Set_Rights(&f, 0);
	L4_LoadMR(0, f.raw);
	return L4_MemoryControl(0, attributes);
}

/* n fpages (1 <= n <= 64), each already carrying its attribute index. */
L4_INLINE L4_Word_t L4_Set_PagesAttributes(L4_Word_t n, L4_Fpage_t *fpages,
                                           const L4_Word_t *attributes)
{
	L4_LoadMRs(0, (int)n, (L4_Word_t *)fpages);
	return L4_MemoryControl(n - 1, attributes);
}
