// SPDX-License-Identifier: MIT
/*
 * ipc.c: §5 IPC: messages and message registers (§5.1), string items and
 * buffers (§5.5, §5.6), and the IPC system call (§5.7): send, receive,
 * Call and ReplyWait, the sender's id as the receiver sees it, timeouts
 * of every form (zero, relative, absolute, never) in both phases, and
 * each error code with its phase bit (transfer timeouts and an abort in
 * mid-transfer with a receiver whose buffer faults), propagation (the p
 * bit, VirtualSender and ActualSender) and redirection (§4.3's redirector,
 * the r bit and IntendedReceiver). Map and grant items are in spaces.c
 * (they need a second space); cancelling in threads.c.
 */
#include "x2.h"

static volatile L4_Word_t words[64], got_tag, got_from, got, err;
static char sbuf[64];

/* Receives one message from the main thread into words[]. */
static void receive_once(void)
{
	L4_MsgTag_t tag = L4_Receive(x2_main);
	got_tag = tag.raw;
	err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	for (L4_Word_t i = 1; i <= L4_UntypedWords(tag) + L4_TypedWords(tag) && i < 64; i++)
		L4_StoreMR((int)i, (L4_Word_t *)&words[i]);
	got = 1;
}

/* Answers every Call with the label plus one and the words, and notes
 * the sender's id as it arrives. */
static void echo_server(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		got_from = from.raw;
		tag.X.label++;
		tag.X.t = 0;
		L4_LoadMR(0, tag.raw);
		tag = L4_ReplyWait(from, &from);
	}
}

/* Waits for a message from the pager, which never sends: a thread that is
 * not ready to receive from the main thread. */
static void busy_elsewhere(void)
{
	L4_Receive(x2_pager);
}

/* Receives a string into sbuf (64 bytes) and records the outcome. */
static void string_receiver(void)
{
	L4_MsgBuffer_t b;
	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(sizeof sbuf, sbuf));
	L4_AcceptStrings(L4_StringItemsAcceptor, &b);
	L4_MsgTag_t tag = L4_Receive(x2_main);
	got_tag = tag.raw;
	err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	got = 1;
}

/* Receives from the main thread accepting untyped words only. */
static void words_only_receiver(void)
{
	L4_Accept(L4_UntypedWordsAcceptor);
	L4_MsgTag_t tag = L4_Receive(x2_main);
	err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	got = 1;
}

/* Receives two strings into two buffers (a buffer list of two). */
static char sbuf2[16];
static void two_buffer_receiver(void)
{
	L4_MsgBuffer_t b;
	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(sizeof sbuf, sbuf));
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(sizeof sbuf2, sbuf2));
	L4_AcceptStrings(L4_StringItemsAcceptor, &b);
	L4_MsgTag_t tag = L4_Receive(x2_main);
	got_tag = tag.raw;
	err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	got = 1;
}

static void messages(void)
{
	got = 0;
	L4_ThreadId_t r = x2_thread(receive_once, L4_nilthread);
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_Set_MsgLabel(&msg, 0xBEE);
	for (L4_Word_t i = 1; i <= 63; i++)
		L4_MsgAppendWord(&msg, i * 0x01010101);
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Send(r);
	bool all = x2_wait(&got, X2_WAIT_MS) && err == 0;
	for (L4_Word_t i = 1; i <= 63 && all; i++)
		all = words[i] == i * 0x01010101;
	L4_MsgTag_t rt = { .raw = got_tag };
	x2_check(L4_IpcSucceeded(tag) && all && L4_Label(rt) == 0xBEE && L4_UntypedWords(rt) == 63 &&
	         L4_TypedWords(rt) == 0,
	         "§5.1 / §5.7 Send and Receive: 63 untyped words (MR 1..63) and the label arrive");
	x2_thread_kill(r);

	r = x2_thread(echo_server, L4_nilthread);
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = 0x100, .u = 0 } }.raw);
	tag = L4_Call(r);
	x2_check(L4_IpcSucceeded(tag) && L4_Label(tag) == 0x101,
	         "§5.7 Call and ReplyWait: the reply comes back to the caller");
	x2_check(got_from == L4_MyLocalId().raw,
	         "§5.7 the receiver sees a sender of its own space by its local id");
	L4_ThreadId_t from;
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = 0x200 } }.raw);
	tag = L4_Ipc(r, r, L4_Timeouts(L4_Never, L4_Never), &from);
	x2_check(L4_IpcSucceeded(tag) && L4_Label(tag) == 0x201 && L4_SameThreads(from, r),
	         "§5.7 Ipc (to, FromSpecifier = to): send then closed receive; from is the partner");
	x2_thread_kill(r);
}

static void timeouts(void)
{
	L4_ThreadId_t busy = x2_thread(busy_elsewhere, L4_nilthread);
	x2_wait_state(busy, L4_SCHEDRESULT_WAITING);
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(busy, L4_ZeroTime);
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1),
	         "§5.7 send timeout 0 to a thread not receiving from us: ErrorCode 1, send phase");
	L4_Clock_t before = L4_SystemClock();
	L4_LoadMR(0, 0);
	tag = L4_Send_Timeout(busy, L4_TimePeriod(15000));
	L4_Clock_t after = L4_SystemClock();
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1) &&
	         after.raw - before.raw >= 15000 - L4_ReadPrecision(x2_kip),
	         "§5.7 relative send timeout (15 ms): ErrorCode 1, send phase, not before it expires");
	x2_thread_kill(busy);

	tag = L4_Receive_Timeout(L4_anythread, L4_ZeroTime);
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1 | 1),
	         "§5.7 receive timeout 0 with nothing to receive: ErrorCode 1, receive phase");
	before = L4_SystemClock();
	tag = L4_Receive_Timeout(L4_anythread, L4_TimePeriod(20000));
	after = L4_SystemClock();
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1 | 1) &&
	         after.raw - before.raw >= 20000 - L4_ReadPrecision(x2_kip),
	         "§5.7 relative receive timeout (20 ms): ErrorCode 1, receive phase, not before it expires");
	L4_Clock_t at = { .raw = L4_SystemClock().raw + 30000 };
	tag = L4_Receive_Timeout(L4_anythread, L4_TimePoint(at));
	after = L4_SystemClock();
	/* A point is exact to 2^e us (§3.3); 30 ms ahead takes e = 5. */
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1 | 1) &&
	         after.raw + 32 + L4_ReadPrecision(x2_kip) >= at.raw,
	         "§5.7 absolute receive timeout (a time point 30 ms ahead): ErrorCode 1, not early");
}

static void partners(void)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(x2_fresh_id(), L4_Never);
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrNonExist << 1),
	         "§5.7 send to a thread that does not exist: ErrorCode 2, send phase");
	tag = L4_Receive_Timeout(x2_fresh_id(), L4_Never);
	x2_check(L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrNonExist << 1 | 1),
	         "§5.7 receive from a thread that does not exist: ErrorCode 2, receive phase");
	tag = L4_Ipc(L4_nilthread, L4_nilthread, L4_Timeouts(L4_Never, L4_Never), NULL);
	x2_check(L4_IpcSucceeded(tag), "§5.7 Ipc with neither phase (to and from nilthread) returns at once");
}

static void strings(void)
{
	static const char text[] = "a string item, copied by the kernel";      /* 36 bytes */
	static char longer[100];
	for (unsigned i = 0; i < sizeof longer; i++)
		longer[i] = (char)i;

	got = 0;
	for (unsigned i = 0; i < sizeof sbuf; i++)
		sbuf[i] = 0;
	L4_ThreadId_t r = x2_thread(string_receiver, L4_nilthread);
	x2_wait_state(r, L4_SCHEDRESULT_WAITING);
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_MsgAppendWord(&msg, 7);
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(sizeof text, (void *)text));
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Send(r);
	bool same = x2_wait(&got, X2_WAIT_MS) && err == 0;
	for (unsigned i = 0; i < sizeof text && same; i++)
		same = sbuf[i] == text[i];
	L4_MsgTag_t rt = { .raw = got_tag };
	x2_check(L4_IpcSucceeded(tag) && same && L4_UntypedWords(rt) == 1 && L4_TypedWords(rt) == 2,
	         "§5.5 / §5.6 a simple string item lands in the receiver's buffer (u = 1, t = 2)");
	x2_thread_kill(r);

	got = 0;
	r = x2_thread(string_receiver, L4_nilthread);
	x2_wait_state(r, L4_SCHEDRESULT_WAITING);
	L4_MsgClear(&msg);
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(sizeof longer, longer));
	L4_MsgLoad(&msg);
	tag = L4_Send(r);
	L4_Word_t serr = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	x2_check(x2_wait(&got, X2_WAIT_MS) && L4_IpcErrorCode(serr) == L4_ErrMsgOverflow &&
	         L4_IpcErrorPhase(serr) == L4_ErrSendPhase && L4_IpcErrorCode(err) == L4_ErrMsgOverflow &&
	         L4_IpcErrorPhase(err) == L4_ErrRecvPhase,
	         "§5.7 a string longer than the buffer: message overflow (4) for both, each with its phase");
	x2_thread_kill(r);

	got = 0;
	for (unsigned i = 0; i < sizeof sbuf; i++)
		sbuf[i] = 0;
	r = x2_thread(two_buffer_receiver, L4_nilthread);
	x2_wait_state(r, L4_SCHEDRESULT_WAITING);
	L4_MsgClear(&msg);
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(5, "first"));
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(6, "second"));
	L4_MsgLoad(&msg);
	tag = L4_Send(r);
	x2_check(L4_IpcSucceeded(tag) && x2_wait(&got, X2_WAIT_MS) && err == 0 &&
	         sbuf[0] == 'f' && sbuf[4] == 't' && sbuf2[0] == 's' && sbuf2[5] == 'd',
	         "§5.6 two string items land in the receiver's two buffers, in order");
	x2_thread_kill(r);

	got = 0;
	r = x2_thread(words_only_receiver, L4_nilthread);
	x2_wait_state(r, L4_SCHEDRESULT_WAITING);
	L4_MsgClear(&msg);
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(sizeof text, (void *)text));
	L4_MsgLoad(&msg);
	tag = L4_Send(r);
	serr = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	x2_check(x2_wait(&got, X2_WAIT_MS) && L4_IpcErrorCode(serr) == L4_ErrMsgOverflow &&
	         L4_IpcErrorCode(err) == L4_ErrMsgOverflow,
	         "§5.6 a string to a receiver that accepts none (BR 0 s = 0): message overflow for both");
	x2_thread_kill(r);
}

/* A child space's thread receiving a string into a buffer its pager
 * never maps (the pager holds the fault), with 10 ms transfer timeouts. */
#define UNMAPPED_BUFFER 0x61000000UL
static volatile L4_Word_t child_err, child_done;

static void faulting_receiver(void)
{
	L4_MsgBuffer_t b;
	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(64, (void *)UNMAPPED_BUFFER));
	L4_AcceptStrings(L4_StringItemsAcceptor, &b);
	L4_Set_XferTimeouts(L4_Timeouts(L4_TimePeriod(10000), L4_TimePeriod(10000)));
	L4_MsgTag_t tag = L4_Receive(x2_main);
	child_err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	child_done = 1;
}

/* The same with no transfer timeout: it waits until someone aborts. */
static void faulting_receiver_never(void)
{
	L4_MsgBuffer_t b;
	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(64, (void *)UNMAPPED_BUFFER));
	L4_AcceptStrings(L4_StringItemsAcceptor, &b);
	L4_Set_XferTimeouts(L4_Timeouts(L4_Never, L4_Never));
	L4_MsgTag_t tag = L4_Receive(L4_anythread);
	child_err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	child_done = 1;
}

static void transfer_timeouts(void)
{
	static const char text[] = "bytes for a buffer that faults";
	child_done = 0, child_err = 0;
	x2_fault_reset();
	L4_ThreadId_t c = x2_space(faulting_receiver);
	x2_wait_state(c, L4_SCHEDRESULT_WAITING);
	L4_Word_t old = L4_XferTimeouts();
	L4_Set_XferTimeouts(L4_Timeouts(L4_TimePeriod(10000), L4_TimePeriod(10000)));
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(sizeof text, (void *)text));
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Send_Timeout(c, L4_TimePeriod(5000000));
	L4_Word_t serr = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	L4_Set_XferTimeouts(old);
	bool done = x2_wait(&child_done, X2_WAIT_MS);
	x2_check(!L4_IsNilThread(c) && x2_fault.count > 0 && x2_fault.mr[1] == UNMAPPED_BUFFER,
	         "§5.7 a page fault in mid-copy goes to the faulting thread's pager");
	x2_check(L4_IpcErrorCode(serr) == L4_ErrXferTimeoutPartner && L4_IpcErrorPhase(serr) == L4_ErrSendPhase,
	         "§5.7 transfer timeout, fault in the partner's space: ErrorCode 6, send phase");
	x2_check(done && L4_IpcErrorCode(child_err) == L4_ErrXferTimeoutInvoker &&
	         L4_IpcErrorPhase(child_err) == L4_ErrRecvPhase,
	         "§5.7 transfer timeout, fault in the own space: ErrorCode 5, receive phase");
	x2_space_kill(c);
}

/* Sends a string to the child with no transfer timeout. */
static volatile L4_ThreadId_t abort_partner;
static volatile L4_Word_t sender_err, sender_done;

static void string_sender(void)
{
	static const char text[] = "bytes that never arrive";
	L4_Set_XferTimeouts(L4_Timeouts(L4_Never, L4_Never));
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_MsgAppendSimpleStringItem(&msg, L4_StringItem(sizeof text, (void *)text));
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Send(abort_partner);
	sender_err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	sender_done = 1;
}

static void abort_in_transfer(void)
{
	child_done = 0, child_err = 0, sender_done = 0, sender_err = 0;
	x2_fault_reset();
	L4_ThreadId_t c = x2_space(faulting_receiver_never);
	abort_partner = c;
	x2_wait_state(c, L4_SCHEDRESULT_WAITING);
	L4_ThreadId_t s = x2_thread(string_sender, L4_nilthread);
	bool held = x2_wait(&x2_fault.count, X2_WAIT_MS);     /* in mid-copy, the fault held */
	L4_Word_t old[6];
	__L4_ExReg(s, L4_ExReg_AbortSendIpc | L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, old);
	bool sdone = x2_wait(&sender_done, X2_WAIT_MS), cdone = x2_wait(&child_done, X2_WAIT_MS);
	x2_check(held && sdone && sender_err == (L4_ErrAborted << 1) && (old[0] & L4_ExReg_AbortSendIpc),
	         "§2.3 ExchangeRegisters S in mid-transfer: the sender's IPC aborted (ErrorCode 7, send phase)");
	x2_check(cdone && L4_IpcErrorCode(child_err) == L4_ErrAborted && L4_IpcErrorPhase(child_err) == 1,
	         "§5.7 its partner's IPC aborted too (ErrorCode 7, receive phase)");
	x2_thread_kill(s);
	x2_space_kill(c);
}

/* ---- propagation and redirection ------------------------------------- */

#define LABEL_CALL    0x4341            /* the recorder replies to these */
#define LABEL_PLAIN   0x504C
#define LABEL_REPLY   0x5259

/* What a thread that records messages saw last. */
struct seen {
	volatile L4_Word_t count, from, label, p, r, actual, intended;
};
static struct seen at_b, at_r, at_l;
static L4_ThreadId_t orig_id, proxy_to, proxy_id;  /* set before the threads start */
static volatile L4_Word_t orig_done, orig_from, orig_label;

static void note(struct seen *s, L4_MsgTag_t tag, L4_ThreadId_t from)
{
	s->from = from.raw;
	s->label = L4_Label(tag);
	s->p = L4_IpcPropagated(tag);
	s->r = L4_IpcRedirected(tag);
	s->actual = s->p ? L4_ActualSender().raw : 0;
	s->intended = s->r ? L4_IntendedReceiver().raw : 0;
	s->count++;
}

/* B, in a space of its own: records each message; answers a Call. */
static void recorder(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		note(&at_b, tag, from);
		if (L4_Label(tag) == LABEL_CALL) {
			L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = LABEL_REPLY } }.raw);
			L4_Send_Timeout(from, L4_TimePeriod(2000000));
		}
	}
}

/* A second thread in the redirected space: records each message. */
static void local_recorder(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcSucceeded(tag))
			note(&at_l, tag, from);
	}
}

/* Sends its message on to proxy_to, propagated on behalf of whoever sent
 * it (or of orig_id, for a proxy that received nothing). */
static void propagate(L4_ThreadId_t originator, L4_ThreadId_t to, L4_Word_t label)
{
	L4_Set_VirtualSender(originator);
	L4_MsgTag_t out = { .X = { .label = label } };
	L4_Set_Propagation(&out);
	L4_LoadMR(0, out.raw);
	L4_Send_Timeout(to, L4_TimePeriod(2000000));
}

/* A, in the originator's space: passes on every message it gets. */
static void proxy(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcSucceeded(tag))
			propagate(L4_GlobalIdOf(from), proxy_to, L4_Label(tag));
	}
}

/* A proxy in a space of its own, for the originator: not permitted. */
static void far_proxy(void)
{
	propagate(orig_id, proxy_to, LABEL_PLAIN);
}

/* C: calls the proxy (a closed receive from it), notes whom the reply
 * came from. */
static void originator(void)
{
	L4_Receive(x2_main);                            /* go */
	L4_ThreadId_t from = L4_nilthread;
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = LABEL_CALL } }.raw);
	L4_MsgTag_t tag = L4_Ipc(proxy_id, proxy_id, L4_Timeouts(L4_Never, L4_TimePeriod(5000000)), &from);
	orig_from = L4_IpcSucceeded(tag) ? from.raw : 0;
	orig_label = L4_Label(tag);
	orig_done = 1;
}

/* R, the redirector, in our space: notes each message and passes it on
 * to its intended receiver, propagated for its sender. */
static void redirector(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		note(&at_r, tag, from);
		if (L4_IpcRedirected(tag))
			propagate(from, L4_IntendedReceiver(), L4_Label(tag));
	}
}

/* S, in a redirected space: sends to whom the main thread names. */
static void redirected_sender(void)
{
	for (;;) {
		if (L4_IpcFailed(L4_Receive(x2_main)))
			continue;
		L4_Word_t to;
		L4_StoreMR(1, &to);
		L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = LABEL_PLAIN } }.raw);
		L4_Send_Timeout((L4_ThreadId_t){ .raw = to }, L4_TimePeriod(2000000));
	}
}

static bool wait_count(struct seen *s, L4_Word_t n)
{
	for (unsigned i = 0; i < X2_WAIT_MS && s->count < n; i++)
		x2_sleep_ms(1);
	return s->count >= n;
}

static void propagation(void)
{
	at_b.count = 0, orig_done = 0, orig_from = 0;
	L4_ThreadId_t b = x2_space(recorder);
	proxy_to = b;
	L4_ThreadId_t a = x2_thread(proxy, L4_nilthread);
	proxy_id = a;
	L4_ThreadId_t c = x2_thread(originator, L4_nilthread);
	orig_id = c;
	bool made = !L4_IsNilThread(b) && !L4_IsNilThread(a) && !L4_IsNilThread(c);
	L4_LoadMR(0, 0);
	bool went = made && L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(5000000)));
	bool got = went && wait_count(&at_b, 1);
	x2_check(got && at_b.from == c.raw && at_b.label == LABEL_CALL,
	         "§5.7 propagation (originator and sender in one space): the receiver gets the originator's id");
	x2_check(got && at_b.p && !at_b.r, "§5.7 propagation: the p bit is set in the receiver's MsgTag");
	x2_check(got && at_b.actual == a.raw,
	         "§5.7 propagation: the ActualSender TCR holds the thread that propagated");
	x2_check(got && x2_wait(&orig_done, X2_WAIT_MS) && orig_from == b.raw && orig_label == LABEL_REPLY,
	         "§5.7 propagation: the originator's closed receive from the sender now waits for the receiver");
	/* A proxy in a third space, for the same originator: not permitted. */
	L4_ThreadId_t far = got ? x2_space(far_proxy) : L4_nilthread;
	bool got2 = !L4_IsNilThread(far) && wait_count(&at_b, 2);
	x2_check(got2 && at_b.from == far.raw && !at_b.p,
	         "§5.7 propagation across three spaces is not permitted: unpropagated, the sender's own id");
	x2_space_kill(far);
	x2_thread_kill(c);
	x2_thread_kill(a);
	x2_space_kill(b);
}

/* Has S send to 'to'. */
static bool redirected_send(L4_ThreadId_t s, L4_ThreadId_t to)
{
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 1 } }.raw);
	L4_LoadMR(1, to.raw);
	return L4_IpcSucceeded(L4_Send_Timeout(s, L4_TimePeriod(5000000)));
}

static void redirection(void)
{
	at_b.count = at_r.count = at_l.count = 0;
	L4_ThreadId_t b = x2_space(recorder);
	L4_ThreadId_t r = x2_thread(redirector, L4_nilthread);
	L4_ThreadId_t s = x2_space(redirected_sender);
	L4_Word_t control;
	bool set = !L4_IsNilThread(b) && !L4_IsNilThread(r) && !L4_IsNilThread(s) &&
	           L4_SpaceControl(s, 0, L4_Nilpage, L4_Nilpage, r, &control) == 1;
	x2_check(set, "§4.3 SpaceControl sets a redirector for a space with a thread");
	/* To a thread outside: to the redirector instead. */
	bool got = set && redirected_send(s, b) && wait_count(&at_r, 1);
	x2_check(got && at_r.from == s.raw && at_r.r && !at_r.p,
	         "§4.3 / §5.7 redirection: a send to a third space goes to the redirector, r bit set");
	x2_check(got && at_r.intended == b.raw,
	         "§5.7 redirection: the IntendedReceiver TCR holds the original destination");
	bool on = got && wait_count(&at_b, 1);
	x2_check(on && at_b.from == s.raw && at_b.p && at_b.actual == r.raw,
	         "§5.7 propagation by the originator's redirector is permitted");
	/* To a thread of the redirector's space: straight there. */
	L4_ThreadId_t from = L4_nilthread;
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 1 } }.raw);
	L4_LoadMR(1, x2_main.raw);
	L4_MsgTag_t tag = set ? L4_Ipc(s, s, L4_Timeouts(L4_TimePeriod(5000000), L4_TimePeriod(5000000)), &from)
	                      : (L4_MsgTag_t){ .raw = 0 };
	x2_check(set && L4_IpcSucceeded(tag) && from.raw == s.raw && !L4_IpcRedirected(tag) &&
	         !L4_IpcPropagated(tag) && at_r.count == 1,
	         "§4.3 redirection: a send to a thread in the redirector's space is not redirected");
	/* To a thread of its own space: straight there. */
	L4_ThreadId_t l = set ? x2_space_thread(s, local_recorder) : L4_nilthread;
	bool local = !L4_IsNilThread(l) && redirected_send(s, l) && wait_count(&at_l, 1);
	x2_check(local && L4_IsLocalId((L4_ThreadId_t){ .raw = at_l.from }) && !at_l.r && !at_l.p &&
	         at_r.count == 1,
	         "§4.3 redirection: a send to a thread of the same space is not redirected");
	x2_thread_kill(l);
	/* Redirector anythread: free again. */
	bool off = set && L4_SpaceControl(s, 0, L4_Nilpage, L4_Nilpage, L4_anythread, &control) == 1;
	bool direct = off && redirected_send(s, b) && wait_count(&at_b, 2);
	x2_check(direct && at_b.from == s.raw && !at_b.p && !at_b.r && at_r.count == 1,
	         "§4.3 redirector anythread: the space's threads send to any thread again");
	x2_space_kill(s);
	x2_thread_kill(r);
	x2_space_kill(b);
}

void x2_section_ipc(void)
{
	messages();
	timeouts();
	partners();
	strings();
	transfer_timeouts();
	abort_in_transfer();
	propagation();
	redirection();
}
