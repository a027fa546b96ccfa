// SPDX-License-Identifier: MIT
/*
 * Page faults in mid-copy (X.2 §5.7 "Pagefaults"): on the sender's side,
 * the receiver's, both, many in one transfer, each served by the pager of
 * the thread whose space faulted; the transfer timeouts (XferTimeouts),
 * zero, finite and never, expiring on either side; partners aborted
 * (ExchangeRegisters) or deleted while a fault of the transfer waits.
 * Children start with nothing mapped, so each page of a child's buffer
 * faults once.
 */
#include "longipc.h"

#define TAG_E   0x8000UL
#define MS(n)   L4_TimePeriod((n) * 1000UL)
#define PAGE    4096UL

static bool both_ok(void)
{
	if ((job.snd_tag | job.rcv_tag) & TAG_E)
		printf("# ErrorCode: sender %lx, receiver %lx\n", job.snd_err, job.rcv_err);
	EXPECT_EQ(job.snd_tag & TAG_E, 0);
	EXPECT_EQ(job.rcv_tag & TAG_E, 0);
	return true;
}

static bool failed_with(L4_Word_t tag, L4_Word_t err, L4_Word_t code, L4_Word_t phase,
                        L4_Word_t offset)
{
	EXPECT(tag & TAG_E);
	EXPECT_EQ(EC_CODE(err), code);
	EXPECT_EQ(EC_PHASE(err), phase);
	EXPECT_EQ(EC_OFFSET(err), offset);
	return true;
}

static void reset_counts(void)
{
	lp_faults = lp_src_faults = lp_dst_faults = 0;
}

/* len bytes from src + from to dst + to; the faults counted. */
static bool faulting(enum where s, enum where r, enum order o, L4_Word_t from, L4_Word_t to,
                     L4_Word_t len, L4_Word_t src_faults, L4_Word_t dst_faults)
{
	job_reset();
	fill_src((unsigned)(len + from));
	fill_dst();
	job_string(src_buf + from, len);
	job_simple_buffer(dst_buf + to, len);
	reset_counts();
	EXPECT(transfer(s, r, o, 20000));
	EXPECT(both_ok());
	EXPECT(same_bytes(dst_buf + to, src_buf + from, len));
	EXPECT(canary_at(dst_buf + to + len, 100));
	EXPECT_EQ(lp_src_faults, src_faults);
	EXPECT_EQ(lp_dst_faults, dst_faults);
	return true;
}

#define K64 (64 * 1024UL)

static bool test_receiver_faults(void)
{
	/* The sender runs the copy (its partner's faults) / the receiver
	 * does (its own). */
	return faulting(IN_ROOT, IN_CHILD, RECEIVER_FIRST, 0, 0, K64, 0, 16) &&
	       faulting(IN_ROOT, IN_CHILD, SENDER_FIRST, 0, 0, K64, 0, 16);
}

static bool test_sender_faults(void)
{
	return faulting(IN_CHILD, IN_ROOT, RECEIVER_FIRST, 0, 0, K64, 16, 0) &&
	       faulting(IN_CHILD, IN_ROOT, SENDER_FIRST, 100, 5, 3 * PAGE, 4, 0);
}

static bool test_both_fault(void)
{
	return faulting(IN_CHILD, IN_CHILD, RECEIVER_FIRST, 100, 3000, K64, 17, 17) &&
	       faulting(IN_CHILD, IN_CHILD, SENDER_FIRST, 0, 0, K64, 16, 16) &&
	       faulting(IN_CHILD, IN_CHILD, SENDER_FIRST, 4095, 1, 2, 2, 1);
}

/* A 64 KiB compound string gathered from 16 pages into 16 scattered
 * buffers of another child: 32 faults in one transfer. */
static bool test_many_faults(void)
{
	job_reset();
	fill_src(77);
	fill_dst();
	L4_Word_t w[20], v[20];
	L4_StringItem_t *si = (L4_StringItem_t *)w, *b = (L4_StringItem_t *)v;
	*si = L4_StringItem(4096, src_buf);
	*b = L4_StringItem(2048, dst_buf + 2048);
	for (unsigned i = 1; i < 16; i++) {
		L4_AddSubstringAddressTo(si, src_buf + i * PAGE);
		if (i < 16)
			L4_AddSubstringAddressTo(b, dst_buf + 2048 + i * PAGE);
	}
	/* 16 x 2048 into the first buffer, 32 KiB more into the second. */
	job_item(w, 17);
	L4_StringItem_t b2 = L4_StringItem(32768, dst2_buf);
	L4_AddSubstringTo(b, &b2);
	job_buffer(v, 19);
	reset_counts();
	EXPECT(transfer(IN_CHILD, IN_CHILD, SENDER_FIRST, 20000));
	EXPECT(both_ok());
	for (unsigned i = 0; i < 16; i++)
		EXPECT(same_bytes(dst_buf + 2048 + i * PAGE, src_buf + i * 2048, 2048));
	EXPECT(same_bytes(dst2_buf, src_buf + 32768, 32768));
	EXPECT_EQ(lp_src_faults, 16);
	EXPECT_EQ(lp_dst_faults, 16 + 8);
	return true;
}

/* Zero transfer timeouts: the first fault ends the transfer (X.2: e = 5
 * in the faulting space's thread, 6 in its partner). */
static bool test_xfer_zero(void)
{
	job_reset();
	fill_dst();
	job_string(src_buf, 3 * PAGE);
	job_simple_buffer(dst_buf, 3 * PAGE);
	job.rcv_xfer = L4_ZeroTime.raw;                  /* receive half */
	EXPECT(transfer(IN_ROOT, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(failed_with(job.snd_tag, job.snd_err, 6, 0, 0));
	EXPECT(failed_with(job.rcv_tag, job.rcv_err, 5, 1, 0));
	EXPECT(canary_at(dst_buf, 3 * PAGE));
	/* The sender's zero, a fault in the sender's space. */
	job_reset();
	fill_dst();
	job_string(src_buf, 100);
	job_simple_buffer(dst_buf, 100);
	job.snd_xfer = (L4_Word_t)L4_ZeroTime.raw << 16;
	EXPECT(transfer(IN_CHILD, IN_ROOT, SENDER_FIRST, 5000));
	EXPECT(failed_with(job.snd_tag, job.snd_err, 5, 0, 0));
	EXPECT(failed_with(job.rcv_tag, job.rcv_err, 6, 1, 0));
	EXPECT(canary_at(dst_buf, 100));
	/* Zero on the receiver's side does not matter without faults. */
	job_reset();
	fill_src(3);
	fill_dst();
	job_string(src_buf, 100);
	job_simple_buffer(dst_buf, 100);
	job.rcv_xfer = L4_ZeroTime.raw;
	job.snd_xfer = (L4_Word_t)L4_ZeroTime.raw << 16;
	EXPECT(transfer(IN_ROOT, IN_ROOT, RECEIVER_FIRST, 5000));
	EXPECT(both_ok());
	EXPECT(same_bytes(dst_buf, src_buf, 100));
	return true;
}

/* A finite transfer timeout expires while the pager holds a fault: the
 * pages before it arrived, the offset says how many bytes. */
static bool finite(enum where s, enum where r, enum order o, L4_Word_t snd_x, L4_Word_t rcv_x,
                   bool hold_dst, L4_Word_t want_snd)
{
	job_reset();
	fill_src(5);
	fill_dst();
	job_string(src_buf + 10, 4 * PAGE);
	job_simple_buffer(dst_buf + 10, 4 * PAGE);
	job.snd_xfer = snd_x << 16;
	job.rcv_xfer = rcv_x;
	lp_hold_from = (L4_Word_t)(hold_dst ? dst_buf : src_buf) + 2 * PAGE;
	/* The pages before the held one, and all of the other side's, are
	 * mapped before the transfer, so that its first fault is the held
	 * one: nothing depends on how fast faults are served. */
	job.snd_touch = (L4_Word_t)src_buf, job.snd_touch_len = (hold_dst ? 5 : 2) * PAGE;
	job.rcv_touch = (L4_Word_t)dst_buf, job.rcv_touch_len = (hold_dst ? 2 : 5) * PAGE;
	EXPECT(transfer(s, r, o, 10000));
	L4_Word_t offset = 2 * PAGE - 10;
	EXPECT(failed_with(job.snd_tag, job.snd_err, want_snd, 0, offset));
	EXPECT(failed_with(job.rcv_tag, job.rcv_err, want_snd == 5 ? 6 : 5, 1, offset));
	EXPECT(same_bytes(dst_buf + 10, src_buf + 10, offset));
	EXPECT(canary_at(dst_buf + 10 + offset, 100));
	return true;
}

static bool test_xfer_finite(void)
{
	L4_Word_t t20 = MS(20).raw, never = L4_Never.raw;
	return /* the receiver's timeout, a fault in its space */
	       finite(IN_ROOT, IN_CHILD, RECEIVER_FIRST, never, t20, true, 6) &&
	       finite(IN_ROOT, IN_CHILD, SENDER_FIRST, never, t20, true, 6) &&
	       /* the sender's timeout, a fault in its space */
	       finite(IN_CHILD, IN_ROOT, SENDER_FIRST, t20, never, false, 5) &&
	       finite(IN_CHILD, IN_ROOT, RECEIVER_FIRST, t20, never, false, 5) &&
	       /* the sender's timeout bounds a fault in the receiver's space */
	       finite(IN_CHILD, IN_CHILD, RECEIVER_FIRST, t20, never, true, 6) &&
	       /* the smaller of two */
	       finite(IN_CHILD, IN_CHILD, SENDER_FIRST, MS(60000).raw, t20, false, 5);
}

/* A finite timeout that does not expire: faults served in time. */
static bool test_xfer_finite_enough(void)
{
	job_reset();
	fill_src(9);
	fill_dst();
	job_string(src_buf, 8 * PAGE);
	job_simple_buffer(dst_buf + 1, 8 * PAGE);
	job.snd_xfer = (L4_Word_t)MS(60000).raw << 16;
	job.rcv_xfer = MS(60000).raw;
	EXPECT(transfer(IN_CHILD, IN_CHILD, RECEIVER_FIRST, 20000));
	EXPECT(both_ok());
	EXPECT(same_bytes(dst_buf + 1, src_buf, 8 * PAGE));
	return true;
}

/* ---- aborted and deleted partners ---- */

/* A root thread sends to a child whose third buffer page is held; the
 * test acts when the pager holds it. own: the root sender's own source
 * is held instead (its pager set to the suite's, the source at an
 * address nobody serves). */
static bool held_transfer(bool child_sends, bool own)
{
	job_reset();
	fill_src(13);
	fill_dst();
	job_string(own ? (void *)HOLD_ADDR : src_buf, 4 * PAGE);
	job_simple_buffer(dst_buf, 4 * PAGE);
	lp_hold_from = (L4_Word_t)(child_sends ? src_buf : dst_buf) + 2 * PAGE;
	enum where s = child_sends ? IN_CHILD : IN_ROOT, r = child_sends ? IN_ROOT : IN_CHILD;
	if (own)
		job.snd_pager = lp_pager;
	L4_Word_t held = lp_held;
	if (!agents_start(s, r, child_sends ? SENDER_FIRST : RECEIVER_FIRST))
		return false;
	return lp_held != held || wait_held(5000);
}

static L4_Word_t held_offset(bool own)
{
	return own ? 0 : 2 * PAGE;
}

static bool abort_one(bool child_sends, bool own, L4_Word_t flag)
{
	EXPECT(held_transfer(child_sends, own));
	L4_ThreadId_t root_agent = child_sends ? agent_rcv : agent_snd;
	L4_Word_t old[6];
	L4_ExchangeRegisters(root_agent, flag, 0, 0, 0, 0, L4_nilthread, &old[0], &old[1], &old[2],
	                     &old[3], &old[4], (L4_ThreadId_t *)&old[5]);
	EXPECT(agent_wait_receiver(5000));
	EXPECT(agent_wait_sender(5000));
	L4_Word_t off = held_offset(own);
	EXPECT(failed_with(job.snd_tag, job.snd_err, 7, 0, off));
	EXPECT(failed_with(job.rcv_tag, job.rcv_err, 7, 1, off));
	EXPECT(same_bytes(dst_buf, src_buf, off));
	EXPECT(canary_at(dst_buf + off, 100));
	agents_kill();
	return true;
}

static bool test_abort(void)
{
	return /* the root sender aborted, its partner's fault held */
	       abort_one(false, false, L4_ExReg_AbortSendIpc) &&
	       /* the root sender aborted in its own fault */
	       abort_one(false, true, L4_ExReg_AbortIpc) &&
	       /* the root receiver aborted, the child sender's fault held */
	       abort_one(true, false, L4_ExReg_AbortRecvIpc);
}

/* Aborting the phase a thread is not in does nothing to the transfer. */
static bool test_abort_other_phase(void)
{
	EXPECT(held_transfer(false, false));
	L4_Word_t old[6];
	L4_ExchangeRegisters(agent_snd, L4_ExReg_AbortRecvIpc | L4_ExReg_Deliver, 0, 0, 0, 0,
	                     L4_nilthread, &old[0], &old[1], &old[2], &old[3], &old[4],
	                     (L4_ThreadId_t *)&old[5]);
	/* It reports itself sending (the transfer is its send phase). */
	EXPECT_EQ(old[0] & L4_ExReg_AbortIpc, L4_ExReg_AbortSendIpc);
	/* Still held: nobody reports. */
	L4_MsgTag_t tag = L4_Receive_Timeout(agent_snd, MS(50));
	EXPECT(!L4_IpcSucceeded(tag));
	agents_kill();
	return true;
}

/* The child (partner or driver) deleted while the transfer waits. */
static bool delete_one(bool kill_child, bool own)
{
	EXPECT(held_transfer(false, own));
	L4_Word_t off = held_offset(own);
	if (kill_child) {
		agent_kill_receiver();
		EXPECT(agent_wait_sender(5000));
		EXPECT(failed_with(job.snd_tag, job.snd_err, 7, 0, off));
	} else {
		agent_kill_sender();
		EXPECT(agent_wait_receiver(5000));
		EXPECT(failed_with(job.rcv_tag, job.rcv_err, 7, 1, off));
		EXPECT(same_bytes(dst_buf, src_buf, off));
	}
	agents_kill();
	return true;
}

static bool test_delete(void)
{
	return delete_one(true, false) && delete_one(true, true) && delete_one(false, false) &&
	       delete_one(false, true);
}

const struct test fault_tests[] = {
	{ "fault_receiver", "64 KiB into a child's untouched buffer: 16 faults to its pager, both orders", test_receiver_faults },
	{ "fault_sender", "from a child's untouched pages: a fault per page to its pager, both orders", test_sender_faults },
	{ "fault_both", "faults in both spaces in one transfer, unaligned, both orders", test_both_fault },
	{ "fault_many", "a 16-piece gather into a 17-piece scatter buffer: every page faults once", test_many_faults },
	{ "xfer_timeout_zero", "zero transfer timeouts: the first fault ends it (5 and 6), none without faults", test_xfer_zero },
	{ "xfer_timeout_finite", "finite transfer timeouts expire on either side while a fault is held; the smaller counts", test_xfer_finite },
	{ "xfer_timeout_enough", "finite transfer timeouts that are long enough: the transfer completes", test_xfer_finite_enough },
	{ "xfer_abort", "ExchangeRegisters aborts a sender or receiver mid-copy: error 7 on both sides at the offset", test_abort },
	{ "xfer_abort_other_phase", "aborting the phase a thread is not in leaves the transfer alone; ExchangeRegisters reports it sending", test_abort_other_phase },
	{ "xfer_delete", "a partner or the copying thread deleted mid-copy: the other gets error 7, nothing left", test_delete },
	{ 0, 0, 0 },
};
