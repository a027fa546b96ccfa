// SPDX-License-Identifier: MIT
/*
 * leak.c: nothing of one message reaches a receiver the sender did not
 * send it to. A server that took client Y's request, then client X's with
 * MR1 and MR2, and then answers Y with no words, or with one: Y must not
 * find X's words in its MR1 and MR2 (the IPC fast path passes them in
 * registers, and used to pass whatever the server's UTCB held; a one-word
 * answer passes MR2 from a block of its own).
 */
#include "hostile.h"

#define SECRET1 0x5EC12E71UL
#define SECRET2 0x5EC12E72UL
#define ANSWER  0x0A115E55UL

static L4_ThreadId_t server;
static L4_Word_t answer_words;          /* the answer to Y: 0 or 1 words */

/* Learns Y's id from the suite, takes Y's request, then X's (the
 * suite's, two words), and answers Y with none; serves empty answers from
 * then on. */
static void short_answer_server(void)
{
	L4_ThreadId_t y, from;
	L4_Receive(root_id);
	L4_StoreMR(1, &y.raw);
	L4_Receive(y);                  /* Y: no words */
	L4_Receive(root_id);            /* X: SECRET1, SECRET2 */
	L4_LoadMR(0, answer_words);
	L4_LoadMR(1, ANSWER);           /* (MR2 still holds SECRET2) */
	L4_MsgTag_t tag = L4_ReplyWait(y, &from);
	for (;;) {
		(void)tag;
		L4_LoadMR(0, 0);
		tag = L4_ReplyWait(from, &from);
	}
}

/* Y: waits for the suite's go (so that the server already waits for
 * it), calls the server with no words, and reports whether MR1 or MR2
 * came back with anything (they are cleared before the call). */
static void listening_client(void)
{
	L4_Receive(root_id);
	L4_LoadMR(1, 0);
	L4_LoadMR(2, 0);
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Call(server);
	L4_Word_t w1, w2;
	L4_StoreMR(1, &w1);
	L4_StoreMR(2, &w2);
	bool first_right = answer_words ? w1 == ANSWER : w1 != SECRET1;
	hostile_report(L4_IpcFailed(tag) ? 3 : (!first_right || w2 == SECRET2) ? 2 : 1);
}

static bool send_words(L4_ThreadId_t to, L4_Word_t u, L4_Word_t w1, L4_Word_t w2)
{
	L4_LoadMR(0, u);
	L4_LoadMR(1, w1);
	L4_LoadMR(2, w2);
	return L4_IpcSucceeded(L4_Send_Timeout(to, L4_TimePeriod(2000000)));
}

/* One round. The order makes Y's Call and the server's answer the
 * steady state of a Call/ReplyWait pair, which the fast path takes. */
static bool one_round(L4_Word_t words)
{
	answer_words = words;
	server = thread_start(short_answer_server);
	EXPECT(!L4_IsNilThread(server));
	L4_ThreadId_t y = space_start(listening_client);
	EXPECT(!L4_IsNilThread(y));
	EXPECT(send_words(server, 1, y.raw, 0));        /* now it waits for Y */
	EXPECT(send_words(y, 0, 0, 0));                 /* go */
	/* The server takes this once it has taken Y's request. */
	EXPECT(send_words(server, 2, SECRET1, SECRET2));
	L4_MsgTag_t tag = L4_Receive_Timeout(y, L4_TimePeriod(2000000));
	L4_Word_t w = 0;
	L4_StoreMR(1, &w);
	space_kill(y);
	thread_kill(server);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(w, 1);
	return true;
}

static bool reply_hides_earlier_words(void)
{
	for (int i = 0; i < 5; i++)
		EXPECT(one_round(i & 1));       /* no words, then one */
	return true;
}

const struct test hostile_leak_tests[] = {
	{ "reply_hides_earlier_words", "a short reply (no words, one word) never carries an earlier client's MR1/MR2", reply_hides_earlier_words },
	{ 0, 0, 0 }
};
