/* SPDX-License-Identifier: MIT */
/*
 * longipc.h: the long-IPC suite (test/longipc/, booted in place of the
 * root task by test/boot/longipc.t, and in Bochs by longipc_bochs.t):
 * string items of every form (X.2 §5.5) into receive buffers (§5.6),
 * their errors (§5.7), page faults in mid-copy on either side, transfer
 * timeouts, and partners aborted or deleted mid-copy.
 *
 * Every transfer runs between two agents (threads of the root task's
 * space, or of children's spaces paged by the suite's own pager); the
 * main thread only directs them and checks. Children run the root task's
 * image, and their pager maps the root task's pages to them, so a
 * child's buffer is the same memory as the root task's: the main thread
 * checks every byte a child received in its own buffer.
 */
#pragma once
#include "spaces.h"
#include "small.h"

/* Buffers in the root task's image, page aligned, touched by the main
 * thread before the tests, untouched (and so faulting) in every new
 * child space. */
#define BUF_SIZE        (80 * 1024)
extern unsigned char src_buf[BUF_SIZE], dst_buf[BUF_SIZE], dst2_buf[BUF_SIZE];
/* An address no pager of the suite ever serves: a fault there is held
 * (never answered). */
#define HOLD_ADDR       0x31000000UL

/* What an agent does, set up by the main thread before it starts it. */
struct job {
	/* sender: the typed words of its message, after u untyped ones */
	L4_Word_t words[64];
	unsigned u, t;
	L4_Word_t snd_xfer;             /* its XferTimeouts */
	L4_Time_t snd_timeout;
	/* receiver: BR0.. and its XferTimeouts */
	L4_Word_t brs[33];
	unsigned nbrs;
	L4_Word_t rcv_xfer;
	L4_ThreadId_t sender, receiver;
	L4_ThreadId_t snd_pager;        /* if set: the sender's pager (a root agent) */
	/* what they got */
	volatile L4_Word_t snd_tag, snd_err, rcv_tag, rcv_err, rcv_from;
	volatile L4_Word_t rcv_mr[64];
	volatile L4_Word_t snd_started;
	/* if set, the sender loads msg (L4_MsgLoad) and the receiver loads
	 * msgbuf (L4_AcceptStrings) instead of the words above */
	bool use_libl4;
	L4_Msg_t msg;
	L4_MsgBuffer_t msgbuf;
	L4_Word_t acceptor;             /* BR0 with msgbuf (0: strings) */
	/* before its IPC, the agent reads one byte of every page here (so a
	 * child has them mapped and only later pages fault in the transfer) */
	L4_Word_t snd_touch, snd_touch_len, rcv_touch, rcv_touch_len;
	/* the receiver reads the word at peek after its receive, if set */
	L4_Word_t peek;
	volatile L4_Word_t peeked;
};
extern struct job job;

/* The suite's pager: serves the root task's image to children, holds
 * (never answers) faults anywhere else and, while lp_hold_from is set,
 * faults at or above it in the buffers; counts faults per buffer. */
extern L4_ThreadId_t lp_pager;
extern volatile L4_Word_t lp_faults, lp_src_faults, lp_dst_faults, lp_held;
extern volatile L4_Word_t lp_last_addr, lp_last_access;
extern volatile L4_Word_t lp_hold_from;

/* Where an agent runs. */
enum where { IN_ROOT, IN_CHILD, IN_SMALL };
/* The two ways of meeting: the receiver waits first (it Calls the sender
 * with "ready" and the sender answers with the strings: the sender runs
 * the copy) or the sender is queued first (the receiver runs it). */
enum order { RECEIVER_FIRST, SENDER_FIRST };

/* Runs one transfer as 'job' says, the sender and the receiver where
 * asked, waits for both to report (or kills them after ms), and deletes
 * them. Returns false if an agent did not report. */
bool transfer(enum where snd, enum where rcv, enum order order, unsigned ms);
/* The same, step by step, for tests that act in the middle: start both
 * (returns false on failure), then wait for the receiver's or sender's
 * report, then delete what is left. */
bool agents_start(enum where snd, enum where rcv, enum order order);
bool agent_wait_receiver(unsigned ms);
bool agent_wait_sender(unsigned ms);
void agents_kill(void);
void agent_kill_sender(void);
void agent_kill_receiver(void);
extern L4_ThreadId_t agent_snd, agent_rcv;
/* Waits until the pager has held a fault (up to ms). */
bool wait_held(unsigned ms);

/* Job building. */
void job_reset(void);
/* Appends words to the message's typed part. */
void job_item(const L4_Word_t *w, unsigned n);
/* A simple string item of len bytes at p, appended to the message. */
void job_string(const void *p, L4_Word_t len);
/* Appends a buffer descriptor (its words) to BR1..; buffers are chained
 * with C by the helper. */
void job_buffer(const L4_Word_t *w, unsigned n);
void job_simple_buffer(void *p, L4_Word_t len);
/* Accept strings: BR0 with s = 1 (and no mappings). */
#define ACCEPT_STRINGS  1UL

/* Buffer contents: src filled with a pattern; dst with a canary. */
void fill_src(unsigned seed);
void fill_dst(void);
#define CANARY 0xA5
/* dst[at..at+len) == src[from..from+len) */
bool same_bytes(const unsigned char *dst, const unsigned char *src, L4_Word_t len);
bool canary_at(const unsigned char *p, L4_Word_t len);

/* ErrorCode fields (X.2 §5.7). */
#define EC_CODE(e)    (((e) >> 1) & 7)
#define EC_PHASE(e)   ((e) & 1)
#define EC_OFFSET(e)  ((e) >> 4)

extern const struct test string_tests[];
extern const struct test fault_tests[];
extern const struct test ctrlxfer_tests[];
