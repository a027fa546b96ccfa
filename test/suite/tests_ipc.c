// SPDX-License-Identifier: MIT
/*
 * tests_ipc.c: IPC through the real system-call interface (X.2 §5.7):
 * every form (Call, Send, Receive, Wait, ReplyWait), open and closed
 * receive, all 63 untyped words, each timeout kind, nonexistent and stale
 * destinations, and IPC to sigma0's address space.
 */
#include <l4/protocols.h>
#include "util.h"
#include "suite.h"

#define LABEL_ECHO 0x0EC0

/* Echo server: replies to every call with the words reversed and label + 1. */
void echo_server(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Msg_t in, out;
		L4_MsgStore(tag, &in);
		L4_MsgClear(&out);
		L4_Set_MsgLabel(&out, L4_Label(tag) + 1);
		unsigned u = L4_UntypedWords(tag);
		for (unsigned i = 0; i < u; i++)
			L4_MsgAppendWord(&out, L4_MsgWord(&in, u - 1 - i));
		L4_MsgLoad(&out);
		tag = L4_ReplyWait(from, &from);
	}
}

bool echo_call(L4_ThreadId_t srv, L4_Word_t label, unsigned u, L4_Word_t first)
{
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_Set_MsgLabel(&m, label);
	for (unsigned i = 0; i < u; i++)
		L4_MsgAppendWord(&m, first + i);
	L4_MsgLoad(&m);
	L4_MsgTag_t tag = L4_Call(srv);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), label + 1);
	EXPECT_EQ(L4_UntypedWords(tag), u);
	L4_MsgStore(tag, &m);
	for (unsigned i = 0; i < u; i++)
		EXPECT_EQ(L4_MsgWord(&m, i), first + (u - 1 - i));
	return true;
}

bool echo_all_sizes(L4_ThreadId_t srv)
{
	for (unsigned u = 0; u <= 63; u++)
		EXPECT(echo_call(srv, LABEL_ECHO, u, 0x1000 * u));
	return true;
}

static bool test_call_all_sizes(void)
{
	L4_ThreadId_t srv = thread_start(echo_server);
	EXPECT(!L4_IsNilThread(srv));
	EXPECT(echo_all_sizes(srv));
	EXPECT(thread_kill(srv));
	return true;
}

static volatile L4_Word_t got_word, got_from;

/* Receives one message from anyone, records it, then sleeps. */
static void receiver_once(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	L4_Msg_t m;
	L4_MsgStore(tag, &m);
	got_word = L4_IpcSucceeded(tag) ? L4_MsgWord(&m, 0) : ~0ul;
	got_from = from.raw;
	L4_Sleep(L4_Never);
}

static bool test_send_and_wait(void)
{
	got_word = 0;
	L4_ThreadId_t r = thread_start(receiver_once);
	EXPECT(!L4_IsNilThread(r));
	EXPECT(L4_IpcSucceeded(send_word(r, 7, 0xABCD)));
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(got_word, 0xABCD);
	/* Same space: the sender is reported by its local id. */
	EXPECT_EQ(got_from, L4_MyLocalId().raw);
	EXPECT(thread_kill(r));
	return true;
}

static bool test_zero_send_timeout(void)
{
	/* A thread that is not receiving: a zero-timeout send fails at once. */
	L4_ThreadId_t r = thread_start(receiver_once);
	EXPECT(L4_IpcSucceeded(send_word(r, 1, 1)));    /* now it sleeps */
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_MsgLoad(&m);
	L4_MsgTag_t tag = L4_Send_Timeout(r, L4_ZeroTime);
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(1));
	EXPECT(thread_kill(r));
	return true;
}

static bool test_receive_timeouts(void)
{
	L4_ThreadId_t r = thread_start(receiver_once);
	EXPECT(L4_IpcSucceeded(send_word(r, 1, 1)));
	/* Zero: fails at once with a receive-phase timeout. */
	L4_MsgTag_t tag = L4_Receive_Timeout(r, L4_ZeroTime);
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(1));
	/* Relative: 20 ms, expires near its time. */
	L4_Clock_t t0 = L4_SystemClock();
	tag = L4_Receive_Timeout(r, L4_TimePeriod(20000));
	L4_Clock_t t1 = L4_SystemClock();
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(1));
	unsigned long waited = (unsigned long)(t1.raw - t0.raw);
	printf("# 20 ms receive timeout took %lu us\n", waited);
	EXPECT(waited >= 19000 && waited <= 30000);
	/* Absolute: a time point 15 ms ahead. */
	t0 = L4_SystemClock();
	tag = L4_Receive_Timeout(r, L4_TimePoint(L4_ClockAddUsec(t0, 15000)));
	t1 = L4_SystemClock();
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(1));
	waited = (unsigned long)(t1.raw - t0.raw);
	printf("# 15 ms absolute timeout took %lu us\n", waited);
	EXPECT(waited >= 14000 && waited <= 25000);
	EXPECT(thread_kill(r));
	return true;
}

/* Five threads wait for the root thread with receive timeouts, armed out
 * of their deadlines' order, so that each joins the kernel's sorted
 * timeout list at its end, its head or in its middle. Three get a message
 * first, whose timeouts leave the list from its middle, its head and its
 * end; the other two time out, in their deadlines' order. */
#define LABEL_WAITED 0x3A1
/* In start order: Y, X (before Y), T (after all), H (before all), M
 * (between H and X). */
static const unsigned waiter_ms[5] = { 1600, 1400, 1800, 1000, 1200 };

static void waiter(unsigned i)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(root_id, L4_TimePeriod(waiter_ms[i] * 1000ull));
	report_to_root(LABEL_WAITED, i, L4_IpcSucceeded(tag) ? 0 : L4_ErrorCode());
}
static void waiter_0(void) { waiter(0); }
static void waiter_1(void) { waiter(1); }
static void waiter_2(void) { waiter(2); }
static void waiter_3(void) { waiter(3); }
static void waiter_4(void) { waiter(4); }

static bool test_timeouts_cancelled_anywhere(void)
{
	void (*const fn[5])(void) = { waiter_0, waiter_1, waiter_2, waiter_3, waiter_4 };
	L4_ThreadId_t w[5];
	for (unsigned i = 0; i < 5; i++) {
		w[i] = thread_start(fn[i]);
		EXPECT(!L4_IsNilThread(w[i]));
		L4_Sleep(L4_TimePeriod(2000));  /* it arms its timeout */
	}
	/* M (the middle), H (the head), T (the end) get a word. */
	EXPECT(L4_IpcSucceeded(send_word(w[4], 1, 0x44)));
	EXPECT(L4_IpcSucceeded(send_word(w[3], 1, 0x33)));
	EXPECT(L4_IpcSucceeded(send_word(w[2], 1, 0x22)));
	const unsigned want_i[5] = { 4, 3, 2, 1, 0 };
	const L4_Word_t want_result[5] = { 0, 0, 0, ERR_RECV(1), ERR_RECV(1) };
	for (unsigned k = 0; k < 5; k++) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait_Timeout(L4_TimePeriod(10000000), &from);
		EXPECT(L4_IpcSucceeded(tag));
		EXPECT_EQ(L4_Label(tag), LABEL_WAITED);
		L4_Word_t i, result;
		L4_StoreMR(1, &i);
		L4_StoreMR(2, &result);
		EXPECT_EQ(i, want_i[k]);
		EXPECT_EQ(result, want_result[k]);
	}
	for (unsigned i = 0; i < 5; i++)
		EXPECT(thread_kill(w[i]));
	return true;
}

static bool test_nonexistent(void)
{
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_MsgLoad(&m);
	L4_MsgTag_t tag = L4_Send(L4_GlobalId(4000, 1));
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(2));
	tag = L4_Receive(L4_GlobalId(4000, 1));
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(2));
	/* anythread is not a destination. */
	tag = L4_Send(L4_anythread);
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(2));
	/* A stale version of a live thread. */
	L4_ThreadId_t r = thread_start(receiver_once);
	tag = L4_Send(L4_GlobalId(L4_ThreadNo(r), 2));
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(2));
	/* An id beyond the thread-number bits. */
	tag = L4_Send(L4_GlobalId(1u << 16, 1));
	EXPECT(L4_IpcFailed(tag));
	EXPECT(thread_kill(r));
	return true;
}

static volatile int order[2], norder;
static L4_ThreadId_t closed_rcv;

/* Learns its partner from the root thread, receives from that partner
 * only, then from anyone. */
static void closed_receiver(void)
{
	L4_MsgTag_t tag = L4_Receive(root_id);
	L4_Msg_t m;
	L4_MsgStore(tag, &m);
	L4_ThreadId_t partner = { .raw = L4_MsgWord(&m, 0) }, from;
	tag = L4_Receive(partner);
	L4_MsgStore(tag, &m);
	order[norder++] = (int)L4_MsgWord(&m, 0);
	tag = L4_Wait(&from);
	L4_MsgStore(tag, &m);
	order[norder++] = (int)L4_MsgWord(&m, 0);
	L4_Sleep(L4_Never);
}

static void send_1(void) { send_word(closed_rcv, 0, 1); L4_Sleep(L4_Never); }
static void send_2_later(void)
{
	L4_Sleep(L4_TimePeriod(5000));
	send_word(closed_rcv, 0, 2);
	L4_Sleep(L4_Never);
}

static bool test_closed_receive(void)
{
	norder = 0;
	closed_rcv = thread_start(closed_receiver);
	L4_ThreadId_t s1 = thread_start(send_1);
	L4_Sleep(L4_TimePeriod(2000));          /* s1 now waits to send */
	L4_ThreadId_t s2 = thread_start(send_2_later);
	EXPECT(L4_IpcSucceeded(send_word(closed_rcv, 0, s2.raw)));
	L4_Sleep(L4_TimePeriod(20000));
	EXPECT_EQ(norder, 2);
	EXPECT_EQ(order[0], 2);                 /* s1 was queued first */
	EXPECT_EQ(order[1], 1);
	EXPECT(thread_kill(s1) && thread_kill(s2) && thread_kill(closed_rcv));
	return true;
}

static inline unsigned long long rdtsc(void)
{
	unsigned lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

void null_server(void)
{
	L4_ThreadId_t from;
	L4_Wait(&from);
	for (;;) {
		L4_LoadMR(0, 0);
		L4_ReplyWait(from, &from);
	}
}

/* The best of 5 runs of 1000 empty Calls to srv, per round trip, and the
 * CR3 loads and UTCB segment changes of the last run, per round trip. */
static bool pingpong(L4_ThreadId_t srv, const char *what)
{
	unsigned long long best = ~0ull;
	L4_Word_t cr3 = 0, seg = 0;
	for (int rep = 0; rep < 5; rep++) {
		cr3 = L4_KDB_Counter(L4_KDB_COUNTER_CR3_LOADS);
		seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS);
		unsigned long long t0 = rdtsc();
		for (int i = 0; i < 1000; i++) {
			L4_LoadMR(0, 0);
			EXPECT(L4_IpcSucceeded(L4_Call(srv)));
		}
		unsigned long long d = rdtsc() - t0;
		cr3 = L4_KDB_Counter(L4_KDB_COUNTER_CR3_LOADS) - cr3;
		seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS) - seg;
		if (d < best)
			best = d;
	}
	printf("# pingpong intra-space, 0 words%s: %lu cycles per round trip, "
	       "%lu.%03lu CR3 loads, %lu.%03lu segment reloads\n", what,
	       (unsigned long)(best / 1000), cr3 / 1000, cr3 % 1000, seg / 1000, seg % 1000);
	return true;
}

/* Not a timed test: prints the cost of a 0-word Call/ReplyWait round trip
 * between two threads of this space (instructions under QEMU icount), with
 * the echo server (which also copies its message) and with a server that
 * does nothing but reply. */
static bool test_pingpong_report(void)
{
	L4_ThreadId_t srv = thread_start(echo_server);
	EXPECT(!L4_IsNilThread(srv));
	EXPECT(pingpong(srv, ""));
	EXPECT(thread_kill(srv));
	srv = thread_start(null_server);
	EXPECT(!L4_IsNilThread(srv));
	EXPECT(pingpong(srv, ", null server"));
	EXPECT(thread_kill(srv));
	return true;
}

static bool test_sigma0_space(void)
{
	/* sigma0 runs in its own address space and waits for anyone: an
	 * inter-space send with three words arrives (sigma0 prints them). */
	L4_ThreadId_t s0 = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
	L4_Word_t frames = L4_KDB_FreeFrames();
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_Set_MsgLabel(&m, 0x1234);
	L4_MsgAppendWord(&m, 0x11);
	L4_MsgAppendWord(&m, 0x22);
	L4_MsgAppendWord(&m, 0x33);
	L4_MsgLoad(&m);
	L4_MsgTag_t tag = L4_Send_Timeout(s0, L4_TimePeriod(100000));
	EXPECT(L4_IpcSucceeded(tag));
	/* sigma0 prints that on the kernel's port; our result line goes out
	 * on the driver's, whose bytes leave slowly under Bochs: sigma0
	 * printing while we wait for them would cut into our line. sigma0
	 * serves one message after the other in one thread, so its answer to
	 * a question that changes nothing comes after its line: the kernel's
	 * memory question (X.2 §7.7: an fpage of all ones with s = 0),
	 * answered with a recommendation of 0 bytes, and no memory taken. */
	L4_LoadMR(1, ~0UL << 10);
	L4_LoadMR(2, 0);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = L4_LABEL_SIGMA0 } });
	tag = L4_Call(s0);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), 0);
	EXPECT_EQ(L4_UntypedWords(tag), 2);
	EXPECT_EQ(L4_TypedWords(tag), 0);
	L4_Word_t amount = ~0UL, zero = ~0UL;
	L4_StoreMR(1, &amount);
	L4_StoreMR(2, &zero);
	EXPECT_EQ(amount, 0);
	EXPECT_EQ(zero, 0);
	EXPECT_EQ(L4_KDB_FreeFrames(), frames);
	return true;
}

const struct test ipc_tests[] = {
	{ "call_all_sizes", "Call/ReplyWait with 0..63 untyped words, contents checked", test_call_all_sizes },
	{ "send_and_wait", "Send to a thread in Wait; local id reported in the same space", test_send_and_wait },
	{ "zero_send_timeout", "a zero-timeout send to a busy thread fails at once", test_zero_send_timeout },
	{ "receive_timeouts", "zero, relative and absolute receive timeouts expire on time", test_receive_timeouts },
	{ "timeouts_cancelled_anywhere", "timeouts armed out of order, cancelled at the head, middle and end of the list, the rest expire in order", test_timeouts_cancelled_anywhere },
	{ "nonexistent", "nonexistent, stale and wildcard destinations fail with error 2", test_nonexistent },
	{ "closed_receive", "a closed receive ignores other senders", test_closed_receive },
	{ "sigma0_space", "IPC into sigma0's address space; its answer to the kernel's memory question: 0 bytes, no memory taken", test_sigma0_space },
	{ "pingpong_report", "Call/ReplyWait round trips succeed; their cost is printed", test_pingpong_report },
	{ 0, 0, 0 },
};
