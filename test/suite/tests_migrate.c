// SPDX-License-Identifier: MIT
/*
 * tests_migrate.c: ThreadControl moving an existing thread to another
 * address space (X.2 §2.4), through the real interface. The migrant runs
 * the root task's code in either space (the test pager maps the root
 * image into both); which space it is in shows in IPC: a receiver sees a
 * sender of its own space under its local id, any other under its
 * global id (§5.7).
 */
#include "spaces.h"
#include "suite.h"

#define LABEL_REPORT   0x4D49          /* receiver -> root */
#define MIG_NO_BASE    900             /* thread numbers above the root's */
#define UTCB_SLOT(i)   (SPACE_UTCB_AREA + (i) * 0x200UL)

static L4_ThreadId_t mig_id(unsigned i)
{
	return L4_GlobalId(L4_ThreadNo(root_id) + MIG_NO_BASE + i, 1);
}

static L4_Word_t migrant_stack[1024] __attribute__((aligned(16)));

/* Sends an empty message to whom the root task names in MR1, each time
 * the root task says so; a receive the migration aborted is tried
 * again. */
static void migrant(void)
{
	for (;;) {
		if (L4_IpcFailed(L4_Receive(root_id)))
			continue;
		L4_Word_t to;
		L4_StoreMR(1, &to);
		L4_Set_MsgTag(L4_Niltag);
		L4_Send((L4_ThreadId_t){ .raw = to });
	}
}

/* Tells the root task under which id each sender came. */
static void receiver(void)
{
	for (;;) {
		L4_ThreadId_t from;
		if (L4_IpcFailed(L4_Wait(&from)))
			continue;
		L4_LoadMR(1, from.raw);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = LABEL_REPORT } });
		L4_Send(root_id);
	}
}

/* Has the migrant send to the receiver; returns the id the receiver saw
 * (nilthread if nothing came). */
static L4_ThreadId_t seen_as(L4_ThreadId_t migrant_id, L4_ThreadId_t recv)
{
	L4_LoadMR(1, recv.raw);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
	if (L4_IpcFailed(L4_Send_Timeout(migrant_id, L4_TimePeriod(1000000))))
		return L4_nilthread;
	L4_MsgTag_t tag = L4_Receive_Timeout(recv, L4_TimePeriod(3000000));
	L4_Word_t from = 0;
	L4_StoreMR(1, &from);
	return L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_REPORT ?
	       (L4_ThreadId_t){ .raw = from } : L4_nilthread;
}

/* The migrant alone in a space of its own, its UTCB in the second slot
 * of the area (the receiver's space has its first thread in the first). */
static bool migrant_start(L4_ThreadId_t a)
{
	L4_Word_t old;
	return L4_ThreadControl(a, a, root_id, L4_nilthread, (void *)UTCB_SLOT(1)) &&
	       L4_SpaceControl(a, 0, L4_FpageLog2(SPACE_KIP_AREA, 12),
	                       L4_FpageLog2(SPACE_UTCB_AREA, 16), L4_nilthread, &old) &&
	       L4_ThreadControl(a, a, L4_nilthread, pager_id, (void *)-1) &&
	       pager_start(a, pager_id, (L4_Word_t)migrant, (L4_Word_t)&migrant_stack[1024]);
}

static bool delete_thread(L4_ThreadId_t t)
{
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}

static bool test_migrate(void)
{
	L4_ThreadId_t a = mig_id(0), e = mig_id(1), c = mig_id(2);
	L4_ThreadId_t b = space_start(receiver);
	EXPECT(!L4_IsNilThread(b));
	bool started = migrant_start(a);
	L4_ThreadId_t before = started ? seen_as(a, b) : L4_nilthread;
	/* Refused, changing nothing: the UTCB slot taken by another thread
	 * there (6); another UTCB location for an active thread (6); the
	 * caller itself (3); a space not yet initialized (3). */
	L4_Word_t e_made = L4_ThreadControl(e, b, root_id, pager_id, (void *)UTCB_SLOT(1));
	L4_Word_t taken = L4_ThreadControl(a, b, L4_nilthread, L4_nilthread, (void *)-1);
	L4_Word_t taken_err = L4_ErrorCode();
	delete_thread(e);
	L4_Word_t moved_utcb = L4_ThreadControl(a, b, L4_nilthread, L4_nilthread, (void *)UTCB_SLOT(3));
	L4_Word_t moved_utcb_err = L4_ErrorCode();
	L4_Word_t self = L4_ThreadControl(root_id, b, L4_nilthread, L4_nilthread, (void *)-1);
	L4_Word_t self_err = L4_ErrorCode();
	L4_Word_t c_made = L4_ThreadControl(c, c, root_id, L4_nilthread, (void *)-1);
	L4_Word_t uninit = L4_ThreadControl(a, c, L4_nilthread, L4_nilthread, (void *)-1);
	L4_Word_t uninit_err = L4_ErrorCode();
	L4_ThreadId_t still = seen_as(a, b);
	/* Moved: its old space, now empty, goes; the receiver sees it as one
	 * of its own. */
	L4_Word_t frames = L4_KDB_FreeFrames();
	L4_Word_t moved = L4_ThreadControl(a, b, L4_nilthread, L4_nilthread, (void *)-1);
	L4_Word_t frames_after = L4_KDB_FreeFrames();
	L4_ThreadId_t after = seen_as(a, b);
	/* An inactive thread moves too; its empty space goes. */
	L4_Word_t inactive = L4_ThreadControl(c, b, L4_nilthread, L4_nilthread, (void *)UTCB_SLOT(5));
	delete_thread(c);
	delete_thread(a);
	space_kill(b);
	EXPECT(started);
	EXPECT_EQ(before.raw, a.raw);
	EXPECT_EQ(e_made, 1);
	EXPECT_EQ(taken, 0);
	EXPECT_EQ(taken_err, 6);
	EXPECT_EQ(moved_utcb, 0);
	EXPECT_EQ(moved_utcb_err, 6);
	EXPECT_EQ(self, 0);
	EXPECT_EQ(self_err, 3);
	EXPECT_EQ(c_made, 1);
	EXPECT_EQ(uninit, 0);
	EXPECT_EQ(uninit_err, 3);
	EXPECT_EQ(still.raw, a.raw);
	EXPECT_EQ(moved, 1);
	EXPECT(frames_after > frames);
	EXPECT(L4_IsLocalId(after));
	EXPECT_EQ(after.raw, UTCB_SLOT(1) + L4_UTCB_ADDR_OFFSET);
	EXPECT_EQ(inactive, 1);
	return true;
}

/* A thread in a closed receive from the migrant's local id loses its
 * partner: that id names nobody in its space any more. */
static volatile L4_Word_t partner_err;

static void closed_receiver(void)
{
	L4_ThreadId_t local = { .raw = UTCB_SLOT(1) + L4_UTCB_ADDR_OFFSET };
	L4_MsgTag_t tag = L4_Receive_Timeout(local, L4_TimePeriod(3000000));
	partner_err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	L4_Set_MsgTag(L4_Niltag);
	L4_Send(root_id);
	for (;;)
		L4_Sleep(L4_Never);
}

static bool test_migrate_local_partner(void)
{
	L4_ThreadId_t a = mig_id(3), r = mig_id(4);
	L4_ThreadId_t b = space_start(receiver);
	EXPECT(!L4_IsNilThread(b));
	bool started = migrant_start(a);
	/* A second thread beside the migrant, waiting for it by local id. */
	partner_err = 99;
	bool r_made = started &&
	              L4_ThreadControl(r, a, root_id, pager_id, (void *)UTCB_SLOT(2)) &&
	              pager_start(r, pager_id, (L4_Word_t)closed_receiver,
	                          (L4_Word_t)&migrant_stack[512]);
	L4_Sleep(L4_TimePeriod(20000));         /* it is in its receive */
	L4_Word_t moved = L4_ThreadControl(a, b, L4_nilthread, L4_nilthread, (void *)-1);
	bool woke = L4_IpcSucceeded(L4_Receive_Timeout(r, L4_TimePeriod(1000000)));
	L4_ThreadId_t after = seen_as(a, b);
	delete_thread(r);
	delete_thread(a);
	space_kill(b);
	EXPECT(started);
	EXPECT(r_made);
	EXPECT_EQ(moved, 1);
	EXPECT(woke);
	EXPECT_EQ(partner_err, ERR_RECV(2));
	EXPECT(L4_IsLocalId(after));
	return true;
}

const struct test migrate_tests[] = {
	{ "migrate", "ThreadControl moves a running thread to another space (its old, empty one goes) and an inactive one; refuses a taken or changed UTCB (6), the caller itself and an uninitialized space (3)", test_migrate },
	{ "migrate_local_partner", "a thread waiting for the migrant by local id in the old space gets no partner (2); the migrant goes on in the new space", test_migrate_local_partner },
	{ 0, 0, 0 },
};
