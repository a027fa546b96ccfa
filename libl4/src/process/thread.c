/* SPDX-License-Identifier: MIT */
/*
 * thread.c: threads in the caller's own space (l4/process.h). Each new
 * thread gets a 4 KiB stack from a static pool, reused once the thread is
 * deleted. A privileged space makes its threads itself: the next UTCB
 * slot after the main thread's (a space's UTCB area starts at its first
 * thread's UTCB location), a number from a counter (so a deleted
 * thread's id is never reused), and the start message. Any other program
 * asks its loader (L4_LOADER_THREAD, l4/loader.h), which makes the
 * thread inactive in our space; we start it by ExchangeRegisters, at a
 * trampoline that gives it the loader as exception handler, as the
 * start code does for the first thread.
 */
#include <l4/process.h>
#include <l4/ipc.h>
#include <l4/loader.h>
#include <l4/thread.h>
#include <l4/kdebug.h>
#include <l4/errors.h>
#include <stdbool.h>

#define STACK_WORDS 1024

extern L4_ThreadId_t __l4_main_thread;  /* set by the start code (start.c) */
extern L4_ThreadId_t __l4_loader;
static unsigned next_no;
static L4_Word_t stacks[L4_THREAD_SLOTS][STACK_WORDS] __attribute__((aligned(16)));
static L4_ThreadId_t slot_owner[L4_THREAD_SLOTS];
static bool slot_from_loader[L4_THREAD_SLOTS];
static void (*slot_fn[L4_THREAD_SLOTS])(void);

L4_ThreadId_t L4_MainThread(void)
{
	return __l4_main_thread;
}

static unsigned slot_of(L4_ThreadId_t t)
{
	unsigned slot = 0;
	while (slot < L4_THREAD_SLOTS && slot_owner[slot].raw != t.raw)
		slot++;
	return slot;
}

/* A thread of ours made by ThreadControl; nilthread (ErrorCode says
 * why) if we may not. */
static L4_ThreadId_t create_privileged(unsigned slot)
{
	L4_ThreadId_t main = __l4_main_thread;
	if (!next_no)
		next_no = L4_ThreadNo(main) + 10;
	L4_ThreadId_t t = L4_GlobalId(next_no, 1);
	/* UTCB slot 0 is the main thread's; these use 1..L4_THREAD_SLOTS. */
	L4_Word_t my_location = L4_MyLocalId().raw - L4_UTCB_ADDR_OFFSET;
	if (L4_MyGlobalId().raw != main.raw)
		my_location = L4_LocalIdOf(main).raw - L4_UTCB_ADDR_OFFSET;
	L4_Word_t utcb = my_location + (slot + 1) * L4_UTCB_SIZE;
	if (!L4_ThreadControl(t, main, main, main, (void *)utcb))
		return L4_nilthread;
	next_no++;
	return t;
}

L4_ThreadId_t L4_CreateThread(L4_Word_t *sp)
{
	unsigned slot = slot_of(L4_nilthread);
	if (slot == L4_THREAD_SLOTS)
		return L4_nilthread;
	L4_ThreadId_t t = create_privileged(slot);
	bool from_loader = false;
	if (L4_IsNilThread(t) && L4_ErrorCode() == L4_ErrNoPrivilege &&
	    !L4_IsNilThread(__l4_loader)) {
		if (L4_Loader_NewThread(&t))
			t = L4_nilthread;
		from_loader = true;
	}
	if (L4_IsNilThread(t))
		return t;
	slot_owner[slot] = t;
	slot_from_loader[slot] = from_loader;
	*sp = (L4_Word_t)&stacks[slot][STACK_WORDS];
	return t;
}

/* Where a thread the loader made starts: its exception handler, then fn. */
static void thread_entry(void)
{
	L4_Set_ExceptionHandler(__l4_loader);
	slot_fn[slot_of(L4_MyGlobalId())]();
	for (;;)
		L4_Sleep(L4_Never);
}

L4_ThreadId_t L4_StartThread(void (*fn)(void))
{
	L4_Word_t sp;
	L4_ThreadId_t t = L4_CreateThread(&sp);
	if (L4_IsNilThread(t))
		return t;
	unsigned slot = slot_of(t);
	if (slot_from_loader[slot]) {
		/* Its pager is the loader: ExchangeRegisters starts it (a
		 * thread of our own space, X.2 §2.3). */
		slot_fn[slot] = fn;
		L4_Start_SpIp(t, sp, (L4_Word_t)thread_entry);
		return t;
	}
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
	unsigned slot = slot_of(t);
	bool from_loader = slot < L4_THREAD_SLOTS && slot_from_loader[slot];
	if (slot < L4_THREAD_SLOTS)
		slot_owner[slot] = L4_nilthread;
	if (from_loader)
		return L4_Loader_Kill(t) == 0;
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}
