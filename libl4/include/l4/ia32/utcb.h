/* SPDX-License-Identifier: MIT */
/*
 * l4/ia32/utcb.h: the layout of the ia32 UTCB (manual Appendix A.1), as
 * byte offsets from the UTCB address, which is what `movl %gs:0, %r`
 * reads and what MyLocalId is. Plain #defines: the kernel includes this
 * header too (and copies the values into its assembly offsets).
 *
 * Our binding of UtcbLocation (the ThreadControl parameter) to the UTCB
 * address: a UTCB occupies L4_UTCB_SIZE bytes at a UtcbLocation aligned to
 * L4_UTCB_SIZE, and the UTCB address is UtcbLocation + L4_UTCB_ADDR_OFFSET.
 * Everything the manual places in a UTCB, BR 32 at -192 up to MR 63 at
 * +252, lies inside that block. The KIP's UtcbInfo publishes a = 9, m = 1.
 *
 * MR 0 is passed in ESI to and from the kernel; libl4 keeps it in memory at
 * +0 between system calls, a word the manual leaves to the application.
 * MR 1 and MR 2 come back in EBX and EBP after a receive, and libl4 stores
 * them to their memory slots at +4 and +8.
 */
#pragma once
#include <l4/types.h>             /* L4_STATIC_ASSERT */

#define L4_UTCB_SIZE_LOG2         9
#define L4_UTCB_SIZE              (1 << L4_UTCB_SIZE_LOG2)
#define L4_UTCB_ADDR_OFFSET       256

#define L4_NUM_MRS                64
#define L4_NUM_BRS                33

/* Message registers: MR i at +4 * i (MR 0's slot is libl4's, see above). */
#define L4_UTCB_MR(i)             (4 * (i))

/* Thread control registers (§2.2), at negative offsets. */
#define L4_UTCB_THREAD_WORD0      (-16)
#define L4_UTCB_THREAD_WORD1      (-20)
#define L4_UTCB_VIRTUAL_SENDER    (-24)   /* also ActualSender */
#define L4_UTCB_INTENDED_RECEIVER (-28)
#define L4_UTCB_XFER_TIMEOUTS     (-32)
#define L4_UTCB_ERROR_CODE        (-36)
#define L4_UTCB_PREEMPT_FLAGS     (-40)   /* one byte */
#define L4_UTCB_COP_FLAGS         (-39)   /* one byte */
#define L4_UTCB_EXCEPTION_HANDLER (-44)
#define L4_UTCB_PAGER             (-48)
#define L4_UTCB_USER_HANDLE       (-52)
#define L4_UTCB_PROCESSOR_NO      (-56)
#define L4_UTCB_MY_GLOBAL_ID      (-60)

/* Buffer registers: BR i at -64 - 4 * i, i = 0..32, so BR 32 is at -192.
 * (A.1's figure prints -196 for BR 32, against its own -64, -68, ...) */
#define L4_UTCB_BR(i)             (-64 - 4 * (i))

/* The lowest and highest byte offsets a UTCB uses, relative to its address. */
#define L4_UTCB_LOWEST            L4_UTCB_BR(L4_NUM_BRS - 1)
#define L4_UTCB_HIGHEST           (L4_UTCB_MR(L4_NUM_MRS - 1) + 3)

/* Preempt flags (§3.6): the s, d and I bits of the preempt-flags byte. */
#define L4_PREEMPT_FLAG_SIGNAL    0x20    /* s: signal preemptions */
#define L4_PREEMPT_FLAG_DELAY     0x40    /* d: delay preemptions */
#define L4_PREEMPT_FLAG_PENDING   0x80    /* I: a preemption is pending */

L4_STATIC_ASSERT(L4_UTCB_LOWEST >= -L4_UTCB_ADDR_OFFSET, "UTCB: BRs leave the block");
L4_STATIC_ASSERT(L4_UTCB_HIGHEST < L4_UTCB_SIZE - L4_UTCB_ADDR_OFFSET,
               "UTCB: MRs leave the block");
