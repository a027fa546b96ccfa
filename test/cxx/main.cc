// SPDX-License-Identifier: MIT
/*
 * test/cxx/main.cc: a root task in C++ (test/boot/cxx.t), compiled with g++
 * against libl4's headers and linked with libl4.a like a C program: the
 * headers must compile as C++ and give C functions their C names, or this
 * does not build or link. It starts threads in its own space (a start
 * message, and L4_Start_SpIp alone) and calls an echo server with L4_Msg_t,
 * printing TAP. Freestanding: no exceptions, no RTTI, no global objects
 * with constructors (nothing here runs .init_array).
 */
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <stdio.h>
#include <string.h>

extern "C" const int l4_exit_when_main_returns = 1;

namespace {

const L4_Word_t ECHO_LABEL = 0x1234;
L4_Word_t stacks[2][1024] __attribute__((aligned(16)));

// Replies to every Call with its words reversed and the label plus one.
class EchoServer {
public:
	static void run()
	{
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		for (;;) {
			L4_Msg_t msg;
			L4_MsgStore(tag, &msg);
			reverse(msg);
			L4_Set_MsgLabel(&msg, L4_Label(tag) + 1);
			L4_MsgLoad(&msg);
			tag = L4_ReplyWait(from, &from);
		}
	}

private:
	static void reverse(L4_Msg_t &msg)
	{
		L4_Word_t u = L4_UntypedWords(L4_MsgMsgTag(&msg));
		for (L4_Word_t i = 0; i < u / 2; i++) {
			L4_Word_t a = L4_MsgWord(&msg, i), b = L4_MsgWord(&msg, u - 1 - i);
			L4_MsgPutWord(&msg, i, b);
			L4_MsgPutWord(&msg, u - 1 - i, a);
		}
	}
};

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

// Calls srv with n words; true if the answer is the echo.
template <unsigned N> bool echo_call(L4_ThreadId_t srv, const L4_Word_t (&words)[N])
{
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_Set_MsgLabel(&msg, ECHO_LABEL);
	for (unsigned i = 0; i < N; i++)
		L4_MsgAppendWord(&msg, words[i]);
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Call(srv);
	if (L4_IpcFailed(tag) || L4_Label(tag) != ECHO_LABEL + 1 || L4_UntypedWords(tag) != N)
		return false;
	L4_MsgStore(tag, &msg);
	for (unsigned i = 0; i < N; i++)
		if (L4_MsgWord(&msg, i) != words[N - 1 - i])
			return false;
	return true;
}

} // namespace

int main()
{
	Tap tap;
	printf("1..5\n");
	L4_ThreadId_t a = create(0);
	tap.check(!L4_IsNilThread(a), "ThreadControl creates a thread from C++");
	// The start message (X.2 §7.1): MR1 = IP, MR2 = SP.
	L4_Msg_t start;
	L4_MsgClear(&start);
	L4_MsgAppendWord(&start, reinterpret_cast<L4_Word_t>(&EchoServer::run));
	L4_MsgAppendWord(&start, stack_top(0));
	L4_MsgLoad(&start);
	tap.check(L4_IpcSucceeded(L4_Send(a)), "the start message, an L4_Msg_t");
	const L4_Word_t three[3] = { 1, 2, 3 }, one[1] = { 0xC0FFEE };
	tap.check(echo_call(a, three) && echo_call(a, one),
	          "Call and ReplyWait with L4_Msg_t: the words come back reversed");
	// A second server started by ExchangeRegisters alone (X.2 §2.3, §2.4).
	L4_ThreadId_t b = create(1);
	L4_Start_SpIp(b, stack_top(1), reinterpret_cast<L4_Word_t>(&EchoServer::run));
	const L4_Word_t many[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	tap.check(!L4_IsNilThread(b) && echo_call(b, many), "L4_Start_SpIp starts a new thread");
	char text[16];
	strcpy(text, "libc from C++");
	tap.check(strlen(text) == 13 && L4_ThreadControl(a, L4_nilthread, L4_nilthread,
	                                                 L4_nilthread, (void *)-1) &&
	          L4_ThreadControl(b, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1),
	          "string.h from C++; the threads deleted");
	return tap.failures() != 0;
}
