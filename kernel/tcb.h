/* SPDX-License-Identifier: MIT */
/*
 * tcb.h: the thread control block. A TCB and its kernel stack share one
 * 4 KiB block at TCB_AREA_BASE + thread_no * 4 KiB (the virtual TCB array),
 * so a thread id becomes a TCB address with a shift and an add. The TCB
 * lies at the top of its block and the stack below it: a TCB's address is
 * its stack's top, which the TSS's esp0 holds for the running thread, so
 * that esp0 is `current` too (one word for a switch to write). Unused slots map a shared zero page
 * read-only: reading a dead TCB's id gives 0 and never faults, so a stale
 * or invalid id is caught by one compare (tcb_of_global).
 *
 * Field order: hot IPC fields first, then scheduling, then the rest.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "abi.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/tcb_arch.h"
#include "../arch/ia32/gdt.h"

enum thread_state {
	TS_FREE = 0,            /* slot unused (the zero page reads as this) */
	TS_INACTIVE,            /* created, no pager yet or not started */
	TS_RUNNING,             /* runnable, at user level or about to be */
	TS_WAIT_SEND,           /* blocked in a send phase */
	TS_WAIT_RECV,           /* blocked in a receive phase */
	TS_WAIT_START,          /* active, waiting for its start message */
	TS_HALTED,              /* stopped by ExchangeRegisters or a fault */
	TS_IDLE,
	TS_XFER,                /* locked in a long transfer (xfer.h) */
};

struct space;
struct xfer;
struct ctrlxfer_writes;
/* Fault ids of the extended protocols (X.2 §7.6): the fault message's
 * label, negated: 2 page fault, 5 ia32 exception. */
#define CTRLXFER_FAULTS     8
#define CTRLXFER_FAULT_PF   2
#define CTRLXFER_FAULT_EXC  5

struct tcb {
	/* --- hot: IPC --- */
	word_t global_id;               /* 0 for a free slot */
	/* The fast path tests a partner with one compare of fast_gate:
	 * waiting to receive, parked by a fast path, not to be halted, no
	 * timeout armed, in its ready queue (FAST_PARTNER_GATE). */
	union {
		struct {
			union {
				struct {
					uint8_t state;  /* written by tcb_set_state */
					/* Parked at its TCB by a fast path in its
					 * receive phase, its frame as it left it
					 * (sysenter.asm, faultpath.c): the fast path
					 * may leave to it straight from its frame.
					 * Set with state, in one store; every other
					 * write of state clears it. */
					bool fast_parked;
				};
				uint16_t state_word;
			};
			bool halt_after_ipc : 1;    /* ExchangeRegisters H with IPC pending */
			bool in_timeout_list : 1;
			bool in_ready_queue;
		};
		uint32_t fast_gate;
	};
	word_t recv_from;               /* FromSpecifier while TS_WAIT_RECV */
	struct tcb *send_to;            /* destination while TS_WAIT_SEND */
	/* A thread the IPC fast path parks is parked at its TCB (ksp = the
	 * TCB): switch_context pops the four words above and returns to
	 * this one, the fast path's resumption (uctx_init sets it). */
	void *park_resume;
	struct space *space;
	char *utcb;                     /* kernel address of the UTCB address */
	word_t utcb_location;           /* user address given to ThreadControl */
	word_t local_id;                /* utcb_location + UTCB_ADDR_OFFSET (MyLocalId),
	                                   kept for the fast path: tcb_set_utcb_location */
	uint32_t utcb_selector;         /* right after local_id: the fast path loads
	                                   both, EDI and GS, by one lgs (sysenter.asm) */
	struct tcb *send_head;          /* threads waiting to send to us */
	/* The last sender of our space the IPC fast path delivered to us: a
	 * reply to a local id usually goes back to it (sysenter.asm checks
	 * its local id only). Always a thread of our space, ourselves at
	 * first: space_remove_thread makes the threads that stay forget one
	 * that leaves (space.c). */
	struct tcb *local_sender;
	/* The fast path declines a sender with any of these set, in one
	 * compare (fast_decline). */
	union {
		struct {
			uint16_t irq_pending;   /* interrupt lines waiting for us (interrupt.c) */
			/* Running with its FPU state live in the CPU: the
			 * switch away from it must protect that state (arch). */
			bool fpu_live;
			/* Its space has a redirector (redirect.c): its sends
			 * take the general path, which deflects them. */
			bool redirected : 1;
			/* Senders wait in its queue (send_head is set: ipc.c's
			 * send_queue_add and send_queue_remove keep it). */
			bool senders_queued : 1;
		};
		uint32_t fast_decline;
	};
	struct tcb *send_next, *send_prev;
	uint32_t ipc_error;             /* ErrorCode to report on wakeup, or 0 */
	bool recv_after_send;           /* a Call: receive follows the send */
	uint8_t rcv_kind;               /* a blocked Call's receive timeout: */
	uint64_t rcv_rel_us;            /* kind (timeout_deadline) and length */
	/* The send in progress, as its receiver is to see it: the
	 * originator of a permitted propagation (global id, or 0), read
	 * when the tag has p; the intended receiver of a redirected send
	 * (or 0), read when 'redirected' (propagate.c, redirect.c). */
	word_t ipc_virtual_sender, ipc_intended;

	/* --- scheduling --- */
	uint8_t prio;
	struct tcb *ready_next, *ready_prev;
	struct tcb *timeout_next;       /* the timeout list (sched.c), and */
	struct tcb **timeout_pprev;     /* what points at us there: O(1) cancel */
	uint64_t wakeup_at;             /* absolute µs, when in_timeout_list */
	uint32_t timeslice_us, timeslice_left_us;
	uint64_t total_quantum_us;      /* 0 = infinite */
	uint64_t total_left_us;         /* of the total quantum (quantum.c) */
	bool quantum_out;               /* exhausted: RPC to the scheduler due */
	uint8_t sensitive_prio;         /* preemption control (X.2 §3.5) */
	uint16_t max_delay_us;          /*   0: preemptions never delayed */
	uint64_t delay_until;           /* a delayed preemption's limit, or 0 */

	/* --- control --- */
	word_t pager, exception_handler, scheduler, user_handle;
	struct tcb *space_next;         /* threads of the same space */
	/* --- long IPC (xfer.h) --- */
	struct xfer *xfer;              /* the transfer it is locked in, or NULL */
	struct tcb *xfer_proxy;         /* in a fault RPC for this driver, or NULL */
	/* --- control-transfer items (ctrlxfer.h) --- */
	word_t ctrlxfer_conf[CTRLXFER_FAULTS];  /* per fault id: sets to append */
	struct ctrlxfer_writes *cx_defer;   /* a fault reply's register writes go here */
	bool kernel_msg;                /* sending a kernel message: items are data */
	struct tcb_arch arch;
};

/* fast_gate of a thread the fast path may switch to (little endian). */
#define FAST_PARTNER_GATE  ((uint32_t)TS_WAIT_RECV | 1u << 8 | 1u << 24)
/* state_word of a thread a fast path parks in its receive phase. */
#define STATE_FAST_PARKED  ((uint16_t)(TS_WAIT_RECV | 1u << 8))
/* fast_gate of a thread ThreadSwitch's fast path may switch to: ready,
 * in its ready queue, no timeout armed, not to be halted (tswitch.asm). */
#define SWITCH_PARTNER_GATE ((uint32_t)TS_RUNNING | 1u << 24)

#define TCB_SIZE        4096u   /* the block: the kernel stack, then the TCB */
/* Where in its block a TCB lies: at the top, 64-byte aligned. */
#define TCB_OFFSET      (TCB_SIZE - ((sizeof(struct tcb) + 63u) & ~63u))
#define KSTACK_TOP(t)   ((uintptr_t)(t))
_Static_assert(offsetof(struct tcb, park_resume) == 16, "switch_context pops four words first");

static inline struct tcb *tcb_by_no(word_t no)
{
	return (struct tcb *)(TCB_AREA_BASE + no * TCB_SIZE + TCB_OFFSET);
}

static inline word_t tcb_no(const struct tcb *t)
{
	return ((uintptr_t)t - TCB_AREA_BASE) / TCB_SIZE;
}

/* The TCB named by a global id, or NULL if no such thread (stale version,
 * free slot, out of range). */
static inline __attribute__((always_inline)) struct tcb *tcb_of_global(word_t id)
{
	word_t no = tid_no(id);
	if (no >= MAX_THREADS || tid_is_local(id))
		return 0;
	struct tcb *t = tcb_by_no(no);
	return t->global_id == id ? t : 0;
}

/* UTCB fields, through the kernel's view of the UTCB page. */
static inline word_t *utcb_word(const struct tcb *t, int offset)
{
	return (word_t *)(t->utcb + offset);
}

/* A thread's pager: its Pager TCR (X.2 §1.3), which the thread may set
 * itself (Set Pager) as ThreadControl and ExchangeRegisters set it (a
 * thread not yet active has none: then the one ThreadControl gave). */
static inline word_t tcb_pager(const struct tcb *t)
{
	return t->utcb ? *utcb_word(t, UTCB_PAGER) : t->pager;
}

/* The running thread: the TSS's esp0, its kernel stack's top and so its
 * TCB's address. Until the first switch esp0 is 0: current reads NULL. */
#define current ((struct tcb *)tss_block.tss.esp0)
static inline void set_current(struct tcb *t)
{
	tss_set_kernel_stack(KSTACK_TOP(t));
}

/* Thread life cycle (thread.c). */
struct tcb *thread_alloc(word_t global_id);     /* maps the block; NULL: no memory */
void thread_free(struct tcb *t);
void thread_init_tcbs(void);
/* Local id (UTCB address) of t as seen from its own space. */
static inline word_t tcb_local_id(const struct tcb *t)
{
	return t->local_id;
}

static inline void tcb_set_utcb_location(struct tcb *t, word_t location)
{
	t->utcb_location = location;
	t->local_id = location + UTCB_ADDR_OFFSET;
	t->utcb_selector = TCB_UTCB_SELECTOR;
}
/* Its state (enum thread_state), written with fast_parked false: only the
 * fast paths park a thread so that they may leave to it from its frame. */
static inline void tcb_set_state(struct tcb *t, uint8_t state)
{
	t->state_word = state;
}
/* Its UTCB is at utcb (kernel address of MR0, the UTCB address). */
static inline void tcb_set_utcb(struct tcb *t, char *utcb)
{
	t->utcb = utcb;
	tcb_arch_set_utcb(&t->arch, utcb);
}
/* Resolves a global or local id from the view of 'self'; NULL if none
 * (nilthread, anythread and anylocalthread name nobody). A global id is
 * resolved inline: anythread's thread number is beyond MAX_THREADS. */
struct tcb *tcb_lookup_local(const struct tcb *self, word_t id);
static inline struct tcb *tcb_lookup(const struct tcb *self, word_t id)
{
	_Static_assert(TID_ANY >> 14 >= MAX_THREADS, "anythread names no slot");
	if (!tid_is_local(id))
		return tcb_of_global(id);
	return tcb_lookup_local(self, id);
}
/* The id under which 'who' is reported to 'to': local iff same space. */
static inline word_t tcb_id_for(const struct tcb *who, const struct tcb *to)
{
	return who->space == to->space && who->utcb ? tcb_local_id(who) : who->global_id;
}
