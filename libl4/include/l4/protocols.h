/* SPDX-License-Identifier: MIT */
/*
 * l4/protocols.h: the labels of the messages in the manual's protocols
 * (chapter 7, Appendix A.4, A.8). A protocol label is a negative 12-bit
 * number in the upper 12 bits of the 16-bit MsgTag label; the low 4 bits
 * carry rights where the protocol says so (pagefaults: the access rwx).
 * Plain constants and pure helpers; the kernel includes this header.
 *
 *   thread start (§7.1)    from pager:  label 0, u = 2: MR1 IP, MR2 SP
 *   interrupt (§7.2)       from interrupt thread: label -1 << 4, u = t = 0;
 *                          the handler re-enables it with an empty message
 *   pagefault (§7.3)       to pager: label -2 << 4 | rwx, u = 2: MR1 fault
 *                          address, MR2 IP; reply: a map/grant item, t = 2
 *   preemption (§7.4)      label -3 << 4, u = 2: MR1/MR2 clock low/high
 *   exception (§7.5, A.8)  label -4 << 4 (system) or -5 << 4 (arch),
 *                          u = 12 on ia32 (see l4/ia32/arch.h); reply:
 *                          MR1 the IP to resume at
 *   sigma0 (§7.7)          label -6 << 4, u = 2: MR1 fpage, MR2 attributes
 *   IO pagefault (A.4)     label -8 << 4 | 0110, u = 2: MR1 IO fpage, MR2 IP
 */
#pragma once
#include <l4/types.h>

#define L4_LABEL_INTERRUPT       (0xFFF0UL)      /* -1 << 4 */
#define L4_LABEL_PAGEFAULT       (0xFFE0UL)      /* -2 << 4, | rwx */
#define L4_LABEL_PREEMPTION      (0xFFD0UL)      /* -3 << 4 */
#define L4_LABEL_EXCEPTION       (0xFFC0UL)      /* -4 << 4 */
#define L4_LABEL_ARCH_EXCEPTION  (0xFFB0UL)      /* -5 << 4 */
#define L4_LABEL_SIGMA0          (0xFFA0UL)      /* -6 << 4 */
#define L4_LABEL_IO_PAGEFAULT    (0xFF80UL)      /* -8 << 4, | 0110 */

/* The protocol number of a label, e.g. -2 for a pagefault. */
L4_INLINE long L4_LabelProtocol(L4_Word_t label)
{
	long p = (long)((label >> 4) & 0xFFF);
	return p >= 0x800 ? p - 0x1000 : p;
}

L4_INLINE L4_Bool_t L4_IsPagefaultLabel(L4_Word_t label)
{
	return (label & 0xFFF0) == L4_LABEL_PAGEFAULT;
}

L4_INLINE L4_Bool_t L4_IsIoPagefaultLabel(L4_Word_t label)
{
	return (label & 0xFFF0) == L4_LABEL_IO_PAGEFAULT;
}

/* The attempted access of a pagefault label: L4_Readable etc. */
L4_INLINE L4_Word_t L4_PagefaultRights(L4_Word_t label) { return label & 7; }

L4_INLINE L4_Word_t L4_PagefaultLabel(L4_Word_t rwx) { return L4_LABEL_PAGEFAULT | (rwx & 7); }
