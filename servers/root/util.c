// SPDX-License-Identifier: MIT
/*
 * util.c: thread creation for the tests. Each new thread gets the next
 * UTCB slot after the root thread's (the root task's UTCB area starts at
 * its own UTCB location) and a 4 KiB stack from a static pool; a stack is
 * reused once the thread is deleted.
 */
#include "util.h"

#define MAX_THREADS 32
#define STACK_WORDS 1024

L4_ThreadId_t root_id;
static unsigned next_no;
static L4_Word_t stacks[MAX_THREADS][STACK_WORDS] __attribute__((aligned(16)));
static L4_ThreadId_t slot_owner[MAX_THREADS];

unsigned slot_free(const L4_ThreadId_t *owner, unsigned n)
{
	unsigned slot = 0;
	while (slot < n && !L4_IsNilThread(owner[slot]))
		slot++;
	return slot;
}

void slot_release(L4_ThreadId_t *owner, unsigned n, L4_ThreadId_t t)
{
	for (unsigned slot = 0; slot < n; slot++)
		if (owner[slot].raw == t.raw)
			owner[slot] = L4_nilthread;
}

L4_ThreadId_t thread_create(L4_Word_t *sp)
{
	unsigned slot = slot_free(slot_owner, MAX_THREADS);
	if (slot == MAX_THREADS)
		return L4_nilthread;
	if (!next_no)
		next_no = L4_ThreadNo(root_id) + 10;
	L4_ThreadId_t t = L4_GlobalId(next_no++, 1);
	/* UTCB slot 0 is the root thread's; test threads use 1..MAX_THREADS. */
	L4_Word_t my_location = L4_MyLocalId().raw - L4_UTCB_ADDR_OFFSET;
	L4_Word_t utcb = my_location + (slot + 1) * L4_UTCB_SIZE;
	if (!L4_ThreadControl(t, root_id, root_id, root_id, (void *)utcb)) {
		printf("# ThreadControl failed, ErrorCode %lu\n", L4_ErrorCode());
		return L4_nilthread;
	}
	slot_owner[slot] = t;
	*sp = (L4_Word_t)&stacks[slot][STACK_WORDS];
	return t;
}

L4_ThreadId_t thread_start(void (*fn)(void))
{
	L4_Word_t sp;
	L4_ThreadId_t t = thread_create(&sp);
	if (L4_IsNilThread(t))
		return t;
	/* The start message (X.2 §7.1): MR1 = IP, MR2 = SP. */
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_MsgAppendWord(&m, (L4_Word_t)fn);
	L4_MsgAppendWord(&m, sp);
	L4_MsgLoad(&m);
	if (L4_IpcFailed(L4_Send(t))) {
		printf("# start message failed, ErrorCode %lu\n", L4_ErrorCode());
		thread_kill(t);
		return L4_nilthread;
	}
	return t;
}

bool thread_kill(L4_ThreadId_t t)
{
	slot_release(slot_owner, MAX_THREADS, t);
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}

L4_MsgTag_t send_word(L4_ThreadId_t to, L4_Word_t label, L4_Word_t w)
{
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_Set_MsgLabel(&m, label);
	L4_MsgAppendWord(&m, w);
	L4_MsgLoad(&m);
	return L4_Send(to);
}
