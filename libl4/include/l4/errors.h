/* SPDX-License-Identifier: MIT */
/*
 * l4/errors.h: the values a failed system call leaves in the ErrorCode TCR.
 * The privileged calls and ExchangeRegisters/Schedule report a small
 * number (§2.3, §2.4, §3.5, §4.3, §6.3, §6.4). A failed IPC (§5.7) reports
 * a word: the phase p in bit 0 (0 send, 1 receive), the error e in bits
 * 1..3, and for errors 4-7 the bytes already transferred in bits 4..31.
 * Plain constants and pure helpers; the kernel includes this header.
 */
#pragma once
#include <l4/types.h>

/* System-call errors. */
#define L4_ErrOk                 (0UL)
#define L4_ErrNoPrivilege        (1UL)
#define L4_ErrInvalidThread      (2UL)
#define L4_ErrInvalidSpace       (3UL)
#define L4_ErrInvalidScheduler   (4UL)
#define L4_ErrInvalidParam       (5UL)
#define L4_ErrUtcbArea           (6UL)
#define L4_ErrKipArea            (7UL)
#define L4_ErrNoMem              (8UL)

/* IPC errors: the e field, as L4_IpcErrorCode extracts it. */
#define L4_ErrTimeout            (1UL)  /* timeout before a partner was involved */
#define L4_ErrNonExist           (2UL)  /* to / FromSpecifier does not exist */
#define L4_ErrCanceled           (3UL)  /* canceled by ExchangeRegisters */
#define L4_ErrMsgOverflow        (4UL)  /* strings or map/grant did not fit */
#define L4_ErrXferTimeoutInvoker (5UL)  /* xfer timeout, fault in own space */
#define L4_ErrXferTimeoutPartner (6UL)  /* xfer timeout, fault in partner's */
#define L4_ErrAborted            (7UL)  /* aborted by ExchangeRegisters */

/* The phase field. */
#define L4_ErrSendPhase          (0UL)
#define L4_ErrRecvPhase          (1UL)

L4_INLINE L4_Word_t L4_IpcErrorCode(L4_Word_t err) { return (err >> 1) & 7; }
L4_INLINE L4_Word_t L4_IpcErrorPhase(L4_Word_t err) { return err & 1; }
L4_INLINE L4_Word_t L4_IpcErrorOffset(L4_Word_t err) { return err >> 4; }

/* The ErrorCode word for IPC error e in phase p (offset for e >= 4). */
L4_INLINE L4_Word_t L4_IpcErrorWord(L4_Word_t e, L4_Word_t phase, L4_Word_t offset)
{
	return offset << 4 | (e & 7) << 1 | (phase & 1);
}
