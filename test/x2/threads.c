// SPDX-License-Identifier: MIT
/*
 * threads.c: §2 threads: ThreadIds (§2.1), the thread control registers
 * (§2.2), ExchangeRegisters (§2.3: every control bit we can observe, the
 * returned control word and ids, halt and resume, cancelling IPC) and
 * ThreadControl (§2.4: create, modify, delete, migrate to another space,
 * and each error code).
 */
#include "x2.h"

static volatile L4_Word_t ran, spins, ipc_err, ipc_done, redirected;

static void set_ran(void) { ran = 1; }
static void spinner(void)
{
	for (;;)
		spins++;
}
static void redirect_target(void) { redirected = 1; for (;;) L4_Sleep(L4_Never); }

/* Blocks in a receive from the main thread, or a send to it, and records
 * how the IPC ended. */
static void receiver(void)
{
	L4_MsgTag_t tag = L4_Receive(x2_main);
	ipc_err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	ipc_done = 1;
}
static void sender(void)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send(x2_main);
	ipc_err = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	ipc_done = 1;
}

static void thread_ids(void)
{
	L4_ThreadId_t me = L4_Myself();
	x2_check(L4_IsGlobalId(me) && L4_Version(me) != 0 && L4_GlobalId(L4_ThreadNo(me), L4_Version(me)).raw == me.raw,
	         "§2.1 ThreadId: our global id, number and version (non-zero) round trip");
	x2_check(L4_IsLocalId(L4_MyLocalId()) && L4_IsNilThread(L4_nilthread) && L4_anythread.raw == ~0UL &&
	         L4_anylocalthread.raw == (~0UL << 6),
	         "§2.1 ThreadId: MyLocalId is local; nilthread 0, anythread -1, anylocalthread -1 << 6");
}

static void tcrs(void)
{
	L4_Word_t old = L4_UserDefinedHandle();
	L4_Set_UserDefinedHandle(0xCAFE1234);
	bool ok = L4_UserDefinedHandle() == 0xCAFE1234;
	L4_Set_UserDefinedHandle(old);
	x2_check(ok, "§2.2 TCR UserDefinedHandle: set and read back");
	L4_Word_t xfer = L4_XferTimeouts();
	L4_Set_XferTimeouts(0x12345678);
	ok = L4_XferTimeouts() == 0x12345678;
	L4_Set_XferTimeouts(xfer);
	x2_check(ok, "§2.2 TCR XferTimeouts: set and read back");
	L4_ThreadId_t sigma0 = L4_GlobalId(L4_ThreadIdUserBase(x2_kip), 1);
	x2_check(L4_Pager().raw == sigma0.raw, "§2.2 TCR Pager: the root task's pager is sigma0 (§7.8)");
}

static void thread_control(void)
{
	ran = 0;
	L4_ThreadId_t t = x2_thread(set_ran, L4_nilthread);
	x2_check(!L4_IsNilThread(t) && x2_wait(&ran, X2_WAIT_MS),
	         "§2.4 ThreadControl: an active thread in our space; ExchangeRegisters starts it (§2.3)");
	L4_ThreadId_t p = x2_fresh_id();
	x2_check(L4_ThreadControl(t, x2_main, L4_nilthread, x2_pager, (void *)-1) &&
	         L4_PagerOf(t).raw == x2_pager.raw,
	         "§2.4 ThreadControl: modifies an existing thread's pager (scheduler nilthread: unchanged)");
	(void)p;
	x2_check(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1),
	         "§2.4 ThreadControl: SpaceSpecifier nilthread deletes the thread");
	L4_ThreadId_t r = __L4_ExReg(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, NULL);
	x2_check(L4_IsNilThread(r) && L4_ErrorCode() == 2,
	         "§2.3 ExchangeRegisters on a deleted thread: nilthread, ErrorCode 2");
	x2_thread_kill(t);                      /* its slots */

	L4_Word_t utcb = x2_utcb_slot();
	L4_ThreadId_t system = L4_GlobalId(L4_ThreadIdUserBase(x2_kip) - 1, 1);
	x2_check(!L4_ThreadControl(system, x2_main, x2_main, x2_main, (void *)utcb) && L4_ErrorCode() == 2,
	         "§2.4 ThreadControl on a system thread (below UserBase): ErrorCode 2");
	L4_ThreadId_t nt = x2_fresh_id();
	x2_check(!L4_ThreadControl(nt, x2_fresh_id(), x2_main, x2_main, (void *)utcb) && L4_ErrorCode() == 3,
	         "§2.4 ThreadControl creating in the space of a thread that does not exist: ErrorCode 3");
	x2_check(!L4_ThreadControl(nt, x2_main, x2_fresh_id(), x2_main, (void *)utcb) && L4_ErrorCode() == 4,
	         "§2.4 ThreadControl with a scheduler that does not exist: ErrorCode 4");
	x2_check(!L4_ThreadControl(nt, x2_main, L4_nilthread, x2_main, (void *)utcb) && L4_ErrorCode() == 4,
	         "§2.4 ThreadControl creating with scheduler nilthread: ErrorCode 4");
	x2_check(!L4_ThreadControl(nt, x2_main, x2_main, x2_main, (void *)0x10000000) && L4_ErrorCode() == 6,
	         "§2.4 ThreadControl with a UTCB outside the UTCB area: ErrorCode 6");
	x2_check(__L4_ExReg(nt, 0, 0, 0, 0, 0, L4_nilthread, NULL).raw == 0,
	         "§2.4 ThreadControl: a refused create leaves no thread behind");
	x2_utcb_free(utcb);

	ran = 0;
	t = x2_thread(set_ran, L4_nilthread);
	L4_Word_t other = x2_utcb_slot();
	x2_check(x2_wait(&ran, X2_WAIT_MS) && !L4_ThreadControl(t, x2_main, L4_nilthread, L4_nilthread, (void *)other) &&
	         L4_ErrorCode() == 6,
	         "§2.4 ThreadControl moving an active thread's UTCB: ErrorCode 6");
	x2_utcb_free(other);
	x2_thread_kill(t);

	L4_ThreadId_t in = x2_thread_inactive();
	L4_ThreadState_t st;
	st.raw = 0;
	L4_Word_t res = L4_Schedule(in, ~0UL, ~0UL, ~0UL, ~0UL, &st.raw);
	x2_check(!L4_IsNilThread(in) && (res & 0xFF) == L4_SCHEDRESULT_INACTIVE,
	         "§2.4 ThreadControl with pager nilthread: an inactive thread (Schedule says 2)");
	x2_thread_kill(in);
}

static void exchange_registers(void)
{
	L4_ThreadId_t local = __L4_ExReg(x2_main, 0, 0, 0, 0, 0, L4_nilthread, NULL);
	L4_ThreadId_t global = __L4_ExReg(L4_MyLocalId(), 0, 0, 0, 0, 0, L4_nilthread, NULL);
	x2_check(local.raw == L4_MyLocalId().raw && global.raw == x2_main.raw,
	         "§2.3 ExchangeRegisters: a global id gives the local one, a local id the global one");
	x2_check(L4_IsNilThread(__L4_ExReg(x2_fresh_id(), 0, 0, 0, 0, 0, L4_nilthread, NULL)) &&
	         L4_ErrorCode() == 2,
	         "§2.3 ExchangeRegisters on a thread that does not exist: nilthread, ErrorCode 2");

	spins = 0;
	L4_ThreadId_t t = x2_thread_prio(spinner, L4_nilthread, X2_LOW_PRIO);
	x2_wait(&spins, X2_WAIT_MS);
	L4_Word_t sp = 0, ip = 0, flags = 0;
	L4_ThreadState_t first = L4_Stop_SpIpFlags(t, &sp, &ip, &flags);
	L4_Word_t at = spins;
	x2_sleep_ms(30);
	bool halted = spins == at;
	L4_ThreadState_t second = L4_Stop(t);
	x2_check(spins > 0 && halted, "§2.3 ExchangeRegisters H + h: halts a running thread");
	x2_check(!L4_ThreadWasHalted(first) && L4_ThreadWasHalted(second) && !L4_ThreadWasIpcing(first),
	         "§2.3 ExchangeRegisters d: the returned control word's H says whether it was halted");
	x2_check(ip == (L4_Word_t)spinner || (ip > (L4_Word_t)spinner && ip < (L4_Word_t)spinner + 64),
	         "§2.3 ExchangeRegisters d: the delivered IP is in the spinning loop");
	__L4_ExReg(t, L4_ExReg_flags, 0, 0, flags ^ 1, 0, L4_nilthread, NULL);
	L4_Word_t sp2 = 0, ip2 = 0, flags2 = 0;
	L4_Stop_SpIpFlags(t, &sp2, &ip2, &flags2);
	x2_check((flags2 & 1) == ((flags ^ 1) & 1) && sp2 == sp && ip2 == ip,
	         "§2.3 ExchangeRegisters f: sets the FLAGS (CF flipped), SP and IP untouched");
	L4_Start(t);
	for (int i = 0; i < X2_WAIT_MS && spins == at; i++)
		x2_sleep_ms(1);
	x2_check(spins != at, "§2.3 ExchangeRegisters h without H: resumes it");

	L4_Set_UserDefinedHandleOf(t, 0x5A5A);
	x2_check(L4_UserDefinedHandleOf(t) == 0x5A5A, "§2.3 ExchangeRegisters u: sets the UserDefinedHandle");
	L4_Set_PagerOf(t, x2_pager);
	x2_check(L4_PagerOf(t).raw == x2_pager.raw, "§2.3 ExchangeRegisters p: sets the pager");
	L4_Set_PagerOf(t, L4_Pager());

	redirected = 0;
	L4_Stop(t);
	L4_Start_SpIp(t, sp, (L4_Word_t)redirect_target);
	x2_check(x2_wait(&redirected, X2_WAIT_MS), "§2.3 ExchangeRegisters s + i: a halted thread resumes at a new IP");
	x2_thread_kill(t);

	ipc_done = 0, ipc_err = 0;
	t = x2_thread(receiver, L4_nilthread);
	x2_wait_state(t, L4_SCHEDRESULT_WAITING);
	L4_Word_t old[6];
	__L4_ExReg(t, L4_ExReg_AbortRecvIpc | L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, old);
	x2_check(x2_wait(&ipc_done, X2_WAIT_MS) && ipc_err == (L4_ErrCanceled << 1 | 1) &&
	         (old[0] & L4_ExReg_AbortRecvIpc),
	         "§2.3 ExchangeRegisters R: cancels a waiting receive (ErrorCode 3, receive phase); SR says receiving");
	x2_thread_kill(t);

	ipc_done = 0, ipc_err = 0;
	t = x2_thread(sender, L4_nilthread);
	x2_wait_state(t, L4_SCHEDRESULT_PENDING_SEND);
	__L4_ExReg(t, L4_ExReg_AbortSendIpc | L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, old);
	x2_check(x2_wait(&ipc_done, X2_WAIT_MS) && ipc_err == (L4_ErrCanceled << 1) &&
	         (old[0] & L4_ExReg_AbortSendIpc),
	         "§2.3 ExchangeRegisters S: cancels a waiting send (ErrorCode 3, send phase); SR says sending");
	x2_thread_kill(t);
}

/* ---- migration (§2.4: "migrate the thread to a new address space") ---- */

static volatile L4_Word_t mig_seen, mig_from, mig_global, mig_local;

/* In the child space: notes under which id each sender came (§5.7: a
 * sender of the receiver's own space under its local id). */
static void mig_receiver(void)
{
	for (;;) {
		L4_ThreadId_t from;
		if (L4_IpcFailed(L4_Wait(&from)))
			continue;
		mig_from = from.raw;
		mig_seen++;
	}
}

/* Each time the main thread says so (MR 1: to whom), notes its own ids
 * and sends an empty message. A receive the move ends is tried again. */
static void migrant(void)
{
	for (;;) {
		if (L4_IpcFailed(L4_Receive(x2_main)))
			continue;
		L4_Word_t to;
		L4_StoreMR(1, &to);
		mig_global = L4_MyGlobalId().raw;
		mig_local = L4_MyLocalId().raw;
		L4_LoadMR(0, 0);
		L4_Send_Timeout((L4_ThreadId_t){ .raw = to }, L4_TimePeriod(2000000));
	}
}

/* Has the migrant send to the receiver; the id the receiver saw (0 if
 * nothing came). */
static L4_Word_t mig_round(L4_ThreadId_t m, L4_ThreadId_t receiver)
{
	L4_Word_t seen = mig_seen;
	mig_from = 0;
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 1 } }.raw);
	L4_LoadMR(1, receiver.raw);
	if (L4_IpcFailed(L4_Send_Timeout(m, L4_TimePeriod(5000000))))
		return 0;
	for (unsigned i = 0; i < X2_WAIT_MS && mig_seen == seen; i++)
		x2_sleep_ms(1);
	return mig_seen != seen ? mig_from : 0;
}

static void migration(void)
{
	L4_ThreadId_t child = x2_space(mig_receiver);
	L4_ThreadId_t m = x2_thread(migrant, L4_nilthread);
	L4_Word_t utcb = m.raw ? __L4_ExReg(m, 0, 0, 0, 0, 0, L4_nilthread, NULL).raw : 0;  /* its local id */
	L4_Word_t before = !L4_IsNilThread(child) && !L4_IsNilThread(m) ? mig_round(m, child) : 0;
	/* Into the child's space (whose UTCB area is where ours is: its slot
	 * is free there), paged there by our pager thread. */
	L4_Word_t moved = before ? L4_ThreadControl(m, child, L4_nilthread, x2_pager, (void *)-1) : 0;
	x2_check(before == m.raw && moved == 1,
	         "§2.4 ThreadControl with the SpaceSpecifier of another space migrates an existing thread (result 1)");
	L4_ThreadId_t r = __L4_ExReg(m, 0, 0, 0, 0, 0, L4_nilthread, NULL);
	x2_check(moved && L4_IsNilThread(r) && L4_ErrorCode() == 2,
	         "§2.4 migration: the thread is no longer ours (§2.3 ExchangeRegisters: ErrorCode 2)");
	mig_global = mig_local = 0;
	L4_Word_t after = moved ? mig_round(m, child) : 0;
	x2_check(after != 0 && L4_IsLocalId((L4_ThreadId_t){ .raw = after }) && after == utcb,
	         "§2.4 migration: it runs in the new space, a receiver there sees it under its local id (§5.7)");
	x2_check(after != 0 && mig_global == m.raw && mig_local == utcb,
	         "§2.4 migration: it keeps its UTCB (MyGlobalId and MyLocalId TCRs as before)");
	x2_thread_kill(m);
	x2_space_kill(child);
}

void x2_section_threads(void)
{
	thread_ids();
	tcrs();
	thread_control();
	exchange_registers();
	migration();
}
