/* SPDX-License-Identifier: MIT */
/*
 * abi.h: the X.2 encodings the kernel decodes, as raw-word helpers.
 * The layouts are those of libl4 (libl4/include/l4/), which defines them
 * for user programs; the host tests check both against the manual.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

typedef uint32_t word_t;

/* Thread ids (X.2 §2.1): thread number in bits 14..31, version in 0..13;
 * a local id has its low 6 bits zero. */
#define TID_NIL            0u
#define TID_ANY            0xFFFFFFFFu
#define TID_ANYLOCAL       0xFFFFFFC0u
static inline word_t tid_no(word_t id) { return id >> 14; }
static inline word_t tid_version(word_t id) { return id & 0x3FFF; }
static inline word_t tid_make(word_t no, word_t ver) { return no << 14 | (ver & 0x3FFF); }
static inline bool tid_is_local(word_t id) { return (id & 0x3F) == 0; }

/* Thread-number ranges (published in the KIP's ThreadInfo). */
#define THREAD_BITS        15
#define MAX_THREADS        (1u << THREAD_BITS)
#define SYSTEM_BASE        16           /* 0..15 are interrupts */
#define USER_BASE          32
#define SIGMA0_THREAD      USER_BASE
#define SIGMA1_THREAD      (USER_BASE + 1)
#define ROOT_THREAD        (USER_BASE + 2)
#define IDLE_THREAD        SYSTEM_BASE

/* MsgTag (X.2 §5.1, §5.7). */
static inline word_t tag_u(word_t t) { return t & 0x3F; }
static inline word_t tag_t(word_t t) { return (t >> 6) & 0x3F; }
static inline word_t tag_label(word_t t) { return t >> 16; }
#define TAG_FLAG_E         (1u << 15)   /* error */
#define TAG_FLAG_P         (1u << 12)   /* propagated */
#define TAG_FLAG_R         (1u << 13)   /* redirected */

/* Timeouts (X.2 §3.3): 16-bit values; never = 0, zero = 0x0400. */
#define TIME_NEVER         0x0000u
#define TIME_ZERO          0x0400u

/* IPC error codes, ErrorCode TCR (X.2 §5.7): (code << 1) | phase. */
#define IPC_ERR_TIMEOUT     1
#define IPC_ERR_NO_PARTNER  2
#define IPC_ERR_CANCELED    3
#define IPC_ERR_OVERFLOW    4
#define IPC_ERR_XFER_TIMEOUT_OWN      5   /* fault in the reporter's space */
#define IPC_ERR_XFER_TIMEOUT_PARTNER  6   /* fault in the partner's space */
#define IPC_ERR_ABORTED     7
#define IPC_PHASE_SEND      0
#define IPC_PHASE_RECV      1

/* ThreadControl / SpaceControl / ExchangeRegisters / Schedule errors. */
#define ERR_NO_PRIVILEGE    1
#define ERR_INVALID_THREAD  2
#define ERR_INVALID_SPACE   3
#define ERR_INVALID_SCHED   4
#define ERR_INVALID_PARAM   5
#define ERR_UTCB_AREA       6
#define ERR_KIP_AREA        7
#define ERR_NO_MEM          8

/* Fpages (X.2 §4.1): base in bits 10..31, size log2 in 4..9, rights 0..3. */
static inline word_t fpage_base(word_t f) { return f & ~0x3FFu & ~((1u << ((f >> 4) & 0x3F)) - 1); }
static inline word_t fpage_log2(word_t f) { return (f >> 4) & 0x3F; }
static inline word_t fpage_make(word_t base, word_t log2) { return (base & ~0x3FFu) | log2 << 4; }

/* The UTCB (X.2 Appendix A.1): libl4 defines the layout once. */
#include <l4/ia32/utcb.h>
#define UTCB_SIZE           L4_UTCB_SIZE
#define UTCB_ADDR_OFFSET    L4_UTCB_ADDR_OFFSET
#define UTCB_MR(i)          L4_UTCB_MR(i)
#define UTCB_ERROR_CODE     L4_UTCB_ERROR_CODE
#define UTCB_BR(i)          L4_UTCB_BR(i)
#define UTCB_EXC_HANDLER    L4_UTCB_EXCEPTION_HANDLER
#define UTCB_PAGER          L4_UTCB_PAGER
#define UTCB_USER_HANDLE    L4_UTCB_USER_HANDLE
#define UTCB_MY_GLOBAL_ID   L4_UTCB_MY_GLOBAL_ID
#define UTCB_XFER_TIMEOUTS  L4_UTCB_XFER_TIMEOUTS
#define UTCB_PREEMPT_FLAGS  L4_UTCB_PREEMPT_FLAGS   /* one byte */
#define UTCB_VIRTUAL_SENDER L4_UTCB_VIRTUAL_SENDER  /* also ActualSender */
#define UTCB_INTENDED_RECEIVER L4_UTCB_INTENDED_RECEIVER
#define NUM_MRS             L4_NUM_MRS
#define NUM_BRS             L4_NUM_BRS

/* Typed items (X.2 §5.2-5.3): the low four bits of an item's first word. */
#define ITEM_TYPE_MASK      0xEu
#define ITEM_MAP            0x8u        /* 100C */
#define ITEM_GRANT          0xAu        /* 101C */
/* Special fpages: nilpage (0) and CompleteAddressSpace (size field 1). */
#define FPAGE_NIL           0u
static inline bool fpage_is_complete(word_t f) { return fpage_log2(f) == 1 && (f >> 10) == 0; }
static inline word_t fpage_rights(word_t f) { return f & 7u; }
