// SPDX-License-Identifier: MIT
/*
 * test/cxx/main.cc: a root task in C++ (test/boot/cxx.t), compiled with g++
 * against libl4's headers and linked with libl4.a like a C program: the
 * headers must compile as C++ and give C functions their C names, or this
 * does not build or link. It is written in the manual's C++ binding (X.2:
 * each function's C++ form; the bracketed C names only where C++ has no
 * other): threads started by a start message and by Start(t, sp, ip), an
 * echo server called with Msg operations, Send/Call/Receive/Wait/ReplyWait
 * with timeouts, thread ids compared with ==, time and clock arithmetic as
 * timeouts on the real kernel, and malloc/free on the program's heap. It
 * prints TAP. Freestanding: no exceptions, no RTTI, no global objects with
 * constructors (nothing here runs .init_array).
 */
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/thread.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern "C" const int l4_exit_when_main_returns = 1;

namespace {

const L4_Word_t ECHO_LABEL = 0x1234;
L4_Word_t stacks[3][1024] __attribute__((aligned(16)));
L4_ThreadId_t main_thread;              // the only client the echo server answers
volatile L4_Word_t strangers;           // messages it got from anyone else

// Replies to every Call from main_thread with its words reversed and the
// label plus one. A sender in our space comes as its local id (X.2 §5.7),
// so it is compared by its global one. A receive that fails (the IPC
// aborted by Start) waits again.
class EchoServer {
public:
	static void run()
	{
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(L4_Never, &from);
		for (;;) {
			if (L4_IpcFailed(tag) || L4_GlobalId(from) != main_thread) {
				strangers += L4_IpcSucceeded(tag);
				tag = L4_Wait(L4_Never, &from);
				continue;
			}
			L4_Msg_t msg;
			L4_Store(tag, &msg);
			reverse(msg);
			L4_Set_Label(&msg, L4_Label(tag) + 1);
			L4_Load(&msg);
			tag = L4_ReplyWait(from, L4_Never, &from);
		}
	}

private:
	static void reverse(L4_Msg_t &msg)
	{
		L4_Word_t u = L4_UntypedWords(L4_MsgTag(&msg));
		for (L4_Word_t i = 0; i < u / 2; i++) {
			L4_Word_t a = L4_Get(&msg, i), b = L4_Get(&msg, u - 1 - i);
			L4_Put(&msg, i, b);
			L4_Put(&msg, u - 1 - i, a);
		}
	}
};

// Receives one string into a compound buffer of two substrings (8 and
// 24 bytes), built with the manual's C++ forms (StringItem (size, addr),
// += a substring by value, Append (MsgBuffer&, StringItem*), Accept),
// and answers with label 1 if the item it got says two substrings.
char rcv_head[8], rcv_tail[24];
class StringServer {
public:
	static void run()
	{
		L4_Word_t words[8];
		L4_StringItem_t &buffer = *reinterpret_cast<L4_StringItem_t *>(words);
		buffer = L4_StringItem(sizeof rcv_head, rcv_head);
		buffer += L4_StringItem(sizeof rcv_tail, rcv_tail);
		L4_MsgBuffer_t bufs;
		L4_Clear(&bufs);
		L4_Append(&bufs, &buffer);
		L4_Accept(L4_StringItemsAcceptor, &bufs);
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		L4_Msg_t msg;
		L4_Store(tag, &msg);
		L4_Word_t got[8];
		L4_StringItem_t *item = reinterpret_cast<L4_StringItem_t *>(got);
		bool two = L4_IpcSucceeded(tag) && L4_TypedWords(tag) == 3 && L4_Get(&msg, 0, item) == 3 &&
		           L4_StringItem(item) && L4_Substrings(item) == 2 && !L4_CompoundString(item);
		L4_Clear(&msg);
		L4_Set_Label(&msg, two ? 1 : 0);
		L4_Load(&msg);
		L4_Reply(from);
		for (;;)
			L4_Wait(&from);
	}
};

// Sends 32 bytes as one string item of two 16-byte substrings (+= an
// address), with a cache hint (+), appended by pointer, to a
// StringServer; true if the bytes arrive in its two buffers in order.
bool string_item_arrives(L4_ThreadId_t srv)
{
	static const char text[] = "a string item sent in C++ form!";        // 31 + NUL
	L4_Word_t words[4];
	L4_StringItem_t &s = *reinterpret_cast<L4_StringItem_t *>(words);
	s = L4_StringItem(16, const_cast<char *>(text));
	s += static_cast<void *>(const_cast<char *>(text + 16));
	s = s + L4_AllocateNewCacheLines;
	if (L4_CacheAllocationHint(s) != L4_AllocateNewCacheLines || L4_Substrings(&s) != 2 ||
	    L4_Substring(&s, 2) != text + 16)
		return false;
	L4_Msg_t msg;
	L4_Clear(&msg);
	L4_Append(&msg, &s);
	L4_Load(&msg);
	L4_MsgTag_t tag = L4_Call(srv);
	return L4_IpcSucceeded(tag) && L4_Label(tag) == 1 && memcmp(rcv_head, text, 8) == 0 &&
	       memcmp(rcv_tail, text + 8, 24) == 0;
}

class Tap {
public:
	Tap() : num(0), failed(0) {}
	void check(bool ok, const char *name)
	{
		printf("%s %u - %s\n", ok ? "ok" : "not ok", ++num, name);
		failed += !ok;
	}
	unsigned failures() const { return failed; }

private:
	unsigned num, failed;
};

// Thread 'slot' of this space, created active: it waits for its start
// message from us, its pager (X.2 §2.4).
L4_ThreadId_t create(unsigned slot)
{
	L4_ThreadId_t me = L4_Myself();
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(me) + 1 + slot, 1);
	L4_Word_t utcb = L4_MyLocalId().raw - L4_UTCB_ADDR_OFFSET + (slot + 1) * L4_UTCB_SIZE;
	if (!L4_ThreadControl(t, me, me, me, reinterpret_cast<void *>(utcb)))
		return L4_nilthread;
	return t;
}

L4_Word_t stack_top(unsigned slot) { return reinterpret_cast<L4_Word_t>(&stacks[slot][1024]); }

// Calls srv with N words (the C++ Call with its two timeouts); true if
// the answer is the echo.
template <unsigned N> bool echo_call(L4_ThreadId_t srv, const L4_Word_t (&words)[N])
{
	L4_Msg_t msg;
	L4_Clear(&msg);
	L4_Set_Label(&msg, ECHO_LABEL);
	for (unsigned i = 0; i < N; i++)
		L4_Append(&msg, words[i]);
	L4_Load(&msg);
	L4_MsgTag_t tag = L4_Call(srv, L4_Never, L4_Never);
	if (L4_IpcFailed(tag) || L4_Label(tag) != ECHO_LABEL + 1 || L4_UntypedWords(tag) != N)
		return false;
	L4_Store(tag, &msg);
	for (unsigned i = 0; i < N; i++)
		if (L4_Get(&msg, i) != words[N - 1 - i])
			return false;
	return true;
}

// A receive from srv, which never sends to us, must end by its timeout
// (error 1, receive phase) and not before the clock says so.
bool times_out(L4_ThreadId_t srv, L4_Time_t timeout)
{
	L4_MsgTag_t tag = L4_Receive(srv, timeout);
	return L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1 | L4_ErrRecvPhase);
}

// malloc's heap: pages of our own image, faulted in from sigma0 on first
// touch. Blocks filled and checked, freed, and the space reused.
bool heap_works()
{
	const unsigned n = 150, size = 4000;
	unsigned char *blocks[n];
	for (unsigned i = 0; i < n; i++) {
		blocks[i] = static_cast<unsigned char *>(malloc(size));
		if (!blocks[i] || reinterpret_cast<L4_Word_t>(blocks[i]) % 16)
			return false;
		memset(blocks[i], static_cast<int>(i), size);
	}
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < size; k += 97)
			if (blocks[i][k] != static_cast<unsigned char>(i))
				return false;
	for (unsigned i = 0; i < n; i += 2)
		free(blocks[i]);
	void *big = malloc(n / 2 * size);           // no hole holds it: from the top
	for (unsigned i = 1; i < n; i += 2)
		free(blocks[i]);
	bool reused = malloc(size) == blocks[0];    // the first hole again
	free(blocks[0]);
	free(big);
	return big != NULL && reused && malloc(2 * L4_HEAP_DEFAULT_SIZE) == NULL;
}

} // namespace

int main()
{
	Tap tap;
	printf("1..11\n");
	main_thread = L4_Myself();
	L4_ThreadId_t a = create(0);
	tap.check(!L4_IsNilThread(a) && a != main_thread && a == L4_GlobalId(L4_LocalId(a)),
	          "ThreadControl creates a thread; == and != on ids, LocalId/GlobalId overloads");
	// The start message (X.2 §7.1): MR1 = IP, MR2 = SP, sent with the
	// C++ Send and a send timeout.
	L4_Msg_t start;
	L4_Clear(&start);
	L4_Append(&start, reinterpret_cast<L4_Word_t>(&EchoServer::run));
	L4_Append(&start, stack_top(0));
	L4_Load(&start);
	tap.check(L4_IpcSucceeded(L4_Send(a, L4_Never)), "the start message: Msg operations, Send(t, timeout)");
	const L4_Word_t three[3] = { 1, 2, 3 }, one[1] = { 0xC0FFEE };
	tap.check(echo_call(a, three) && echo_call(a, one),
	          "Call(t, snd, rcv) and ReplyWait(t, rcv, &from): the words come back reversed");

	// A second server started by ExchangeRegisters alone (X.2 §2.3, §2.4).
	L4_ThreadId_t b = create(1);
	L4_Start(b, stack_top(1), reinterpret_cast<L4_Word_t>(&EchoServer::run));
	const L4_Word_t many[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	tap.check(!L4_IsNilThread(b) && echo_call(b, many), "Start(t, sp, ip) starts a new thread");

	// Stop(t, &sp, &ip, &flags) finds b in its receive; Start(t) aborts
	// that receive, and b, waiting again, still answers.
	L4_Word_t sp = 0, ip = 0, flags = 0;
	L4_ThreadState_t state = L4_Stop(b, &sp, &ip, &flags);
	L4_Start(b);
	tap.check(L4_ThreadWasReceiving(state) && sp > stack_top(1) - sizeof stacks[1] &&
	          sp <= stack_top(1) && echo_call(b, many),
	          "Stop(t, &sp, &ip, &flags) and Start(t): b was receiving on its stack, answers after");

	// Timeouts as time and clock arithmetic, against the kernel's clock.
	L4_Clock_t before = L4_SystemClock();
	bool relative = times_out(a, L4_ZeroTime + 10000UL);
	L4_Clock_t after = L4_SystemClock();
	tap.check(relative && after >= before + 10000 && after - before > L4_Clock_t() + 9999,
	          "Receive(t, ZeroTime + 10000): times out, no earlier than 10 ms (Clock + int, -, >=)");
	L4_Clock_t at = L4_SystemClock() + 20000;
	bool point = times_out(a, L4_TimePoint(at));
	after = L4_SystemClock();
	// A point is precise to 2^e us (e = 5 for 20 ms ahead): at most 32 us early.
	tap.check(point && after + 32 >= at,
	          "Receive(t, TimePoint(clock + 20000)): a time point times out at its clock value");
	L4_Time_t period = L4_TimePeriod(1000);
	period += L4_TimePeriod(500);
	period -= 500UL;
	tap.check(period == L4_TimePeriod(1000) && period < L4_TimePeriod(2000) &&
	          times_out(b, period + period),
	          "Time += and -=, == and <, Time + Time as a timeout");

	tap.check(heap_works() && strangers == 0,
	          "malloc/free: 150 blocks on the heap's demand-faulted pages, freed and reused");
	assert(L4_IsNilThread(L4_nilthread));   // assert.h from C++: true, so nothing

	// String items in the manual's C++ forms, over the real kernel.
	L4_ThreadId_t c = create(2);
	L4_Start(c, stack_top(2), reinterpret_cast<L4_Word_t>(&StringServer::run));
	tap.check(!L4_IsNilThread(c) && string_item_arrives(c) &&
	          L4_ThreadControl(c, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1),
	          "StringItem +=, + hint, Append(&msg, &s), Append(&buffer, &s): a string item arrives");

	char text[16];
	strcpy(text, "libc from C++");
	tap.check(strlen(text) == 13 && strrchr(text, 'C') == text + 10 &&
	          L4_ThreadControl(a, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) &&
	          L4_ThreadControl(b, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1),
	          "string.h from C++; the threads deleted");
	return tap.failures() != 0;
}
