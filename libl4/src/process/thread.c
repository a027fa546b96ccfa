/* SPDX-License-Identifier: MIT */
/*
 * thread.c: threads in the caller's own space (l4/process.h). Each new
 * thread gets the next UTCB slot after the main thread's (a space's UTCB
 * area starts at its first thread's UTCB location) and a 4 KiB stack from
 * a static pool; both are reused once the thread is deleted. Thread
 * numbers come from a counter, so a deleted thread's id is never reused.
 */
#include <l4/process.h>
#include <l4/ipc.h>
#include <l4/thread.h>
#include <l4/kdebug.h>

#define STACK_WORDS 1024

extern L4_ThreadId_t __l4_main_thread;  /* set by the start code (start.c) */
static unsigned next_no;
static L4_Word_t stacks[L4_THREAD_SLOTS][STACK_WORDS] __attribute__((aligned(16)));
static L4_ThreadId_t slot_owner[L4_THREAD_SLOTS];

L4_ThreadId_t L4_MainThread(void)
{
	return __l4_main_thread;
}

L4_ThreadId_t L4_CreateThread(L4_Word_t *sp)
{
	unsigned slot = 0;
	while (slot < L4_THREAD_SLOTS && !L4_IsNilThread(slot_owner[slot]))
		slot++;
	if (slot == L4_THREAD_SLOTS)
		return L4_nilthread;
	L4_ThreadId_t main = __l4_main_thread;
	if (!next_no)
		next_no = L4_ThreadNo(main) + 10;
	L4_ThreadId_t t = L4_GlobalId(next_no++, 1);
	/* UTCB slot 0 is the main thread's; these use 1..L4_THREAD_SLOTS. */
	L4_Word_t my_location = L4_MyLocalId().raw - L4_UTCB_ADDR_OFFSET;
	if (L4_MyGlobalId().raw != main.raw)
		my_location = L4_LocalIdOf(main).raw - L4_UTCB_ADDR_OFFSET;
	L4_Word_t utcb = my_location + (slot + 1) * L4_UTCB_SIZE;
	if (!L4_ThreadControl(t, main, main, main, (void *)utcb))
		return L4_nilthread;
	slot_owner[slot] = t;
	*sp = (L4_Word_t)&stacks[slot][STACK_WORDS];
	return t;
}

L4_ThreadId_t L4_StartThread(void (*fn)(void))
{
	L4_Word_t sp;
	L4_ThreadId_t t = L4_CreateThread(&sp);
	if (L4_IsNilThread(t))
		return t;
	/* The start message (X.2 §7.1): MR1 = IP, MR2 = SP. */
	L4_LoadMR(0, 0);
	L4_LoadMR(1, (L4_Word_t)fn);
	L4_LoadMR(2, sp);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 } });
	if (L4_IpcFailed(L4_Send(t))) {
		L4_DeleteThread(t);
		return L4_nilthread;
	}
	return t;
}

L4_Bool_t L4_DeleteThread(L4_ThreadId_t t)
{
	for (unsigned slot = 0; slot < L4_THREAD_SLOTS; slot++)
		if (slot_owner[slot].raw == t.raw)
			slot_owner[slot] = L4_nilthread;
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}
