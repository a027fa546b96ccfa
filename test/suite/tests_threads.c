// SPDX-License-Identifier: MIT
/*
 * tests_threads.c: threads and scheduling through the real interface:
 * the KIP and UTCB, ThreadControl (create, delete; partners of a deleted
 * thread are woken with the right error), ExchangeRegisters (stop, start,
 * read back, cancel an IPC, start a new thread without a start message,
 * FLAGS that force the return by iret), Schedule
 * (bad priority), time sharing between equal priorities, and preemption by
 * a higher priority (last, because the root thread lowers its own priority
 * for it).
 */
#include "spaces.h"
#include "suite.h"

static bool test_kip(void)
{
	L4_KernelInterfacePage_t *kip = L4_GetKernelInterface();
	const char *magic = (const char *)kip;
	EXPECT(magic[0] == 'L' && magic[1] == '4' && (unsigned char)magic[2] == 230 && magic[3] == 'K');
	EXPECT_EQ(L4_ApiVersion() >> 24, 0x84);
	EXPECT_EQ(L4_ThreadIdUserBase(kip), 32);
	EXPECT_EQ(L4_ThreadIdSystemBase(kip), 16);
	EXPECT(L4_NumMemoryDescriptors(kip) >= 4);
	/* The processor's frequency, measured by the kernel at boot. */
	L4_Word_t khz = L4_ProcDescInternalFreq(L4_ProcDesc(kip, 0));
	printf("# processor 0: %lu kHz\n", (unsigned long)khz);
	EXPECT(khz >= 1000);
	/* The root task's thread is UserBase + 2, version 1 (X.2 §7.8): we
	 * run in its space (privileged), so ExchangeRegisters reaches it. */
	EXPECT(!L4_IsNilThread(L4_LocalIdOf(L4_GlobalId(L4_ThreadIdUserBase(kip) + 2, 1))));
	EXPECT_EQ(L4_Version(root_id), 1);
	return true;
}

static bool test_utcb(void)
{
	L4_ThreadId_t local = L4_MyLocalId();
	EXPECT(L4_IsLocalId(local));
	EXPECT_EQ(L4_MyGlobalId().raw, root_id.raw);
	/* The UTCB is writable memory of our own. */
	L4_LoadMR(5, 0x5555);
	L4_Word_t v;
	L4_StoreMR(5, &v);
	EXPECT_EQ(v, 0x5555);
	return true;
}

static bool test_clock(void)
{
	L4_Clock_t a = L4_SystemClock();
	L4_Sleep(L4_TimePeriod(3000));
	L4_Clock_t b = L4_SystemClock();
	EXPECT(b.raw > a.raw);
	EXPECT(b.raw - a.raw >= 3000);
	return true;
}

static volatile unsigned long counter_a, counter_b;
static void count_a(void) { for (;;) counter_a++; }
static void count_b(void) { for (;;) counter_b++; }

static bool test_stop_start(void)
{
	counter_a = 0;
	L4_ThreadId_t t = thread_start(count_a);
	EXPECT(!L4_IsNilThread(t));
	L4_Sleep(L4_TimePeriod(5000));
	EXPECT(counter_a > 0);
	L4_Word_t sp, ip, flags;
	L4_Stop_SpIpFlags(t, &sp, &ip, &flags);
	unsigned long c1 = counter_a;
	L4_Sleep(L4_TimePeriod(5000));
	EXPECT_EQ(counter_a, c1);               /* stopped */
	EXPECT(ip >= (L4_Word_t)count_a && ip < (L4_Word_t)count_a + 64);
	EXPECT(sp != 0);
	L4_Start(t);
	L4_Sleep(L4_TimePeriod(5000));
	EXPECT(counter_a > c1);                 /* running again */
	EXPECT(thread_kill(t));
	/* A deleted thread is gone for ExchangeRegisters too. */
	L4_Word_t dummy;
	L4_ThreadId_t r = L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &dummy, &dummy,
	                                       &dummy, &dummy, &dummy, (L4_ThreadId_t *)&dummy);
	EXPECT(L4_IsNilThread(r));
	EXPECT_EQ(L4_ErrorCode(), 2);
	return true;
}

static volatile L4_Word_t woken_error;
static volatile L4_ThreadId_t wait_for;

/* Receives from wait_for and records the error code it ends with. */
static void waiter(void)
{
	L4_MsgTag_t tag = L4_Receive(wait_for);
	woken_error = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	L4_Sleep(L4_Never);
}

static void sleeper(void) { L4_Sleep(L4_Never); }

static bool test_cancel_ipc(void)
{
	woken_error = 99;
	wait_for = root_id;
	L4_ThreadId_t t = thread_start(waiter);
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(woken_error, 99);             /* still waiting */
	L4_AbortReceive_and_stop(t);
	L4_Start(t);
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(woken_error, ERR_RECV(3));    /* canceled */
	EXPECT(thread_kill(t));
	return true;
}

static volatile L4_Word_t started_sp, started_runs;

/* Records the stack it runs on. */
static void started(void)
{
	L4_Word_t here;
	started_sp = (L4_Word_t)&here;
	started_runs++;
	L4_Sleep(L4_Never);
}

/* Has started() run on the stack whose top is sp? */
static bool started_on(L4_Word_t sp)
{
	for (int i = 0; i < 200 && !started_runs; i++)
		L4_Sleep(L4_TimePeriod(1000));
	return started_runs == 1 && started_sp < sp && started_sp > sp - 256;
}

/* A new thread waits for its start message in a receive (X.2 §2.4), which
 * ExchangeRegisters with R cancels (§2.3): L4_Start_SpIp alone starts it.
 * (Once, it stayed waiting for the start message forever.) */
static bool test_start_new_thread(void)
{
	started_runs = 0;
	L4_Word_t sp, ctrl, dummy;
	L4_ThreadId_t pager;
	L4_ThreadId_t t = thread_create(&sp);
	EXPECT(!L4_IsNilThread(t));
	/* Read back: receiving, neither halted nor sending. */
	L4_ThreadId_t r = L4_ExchangeRegisters(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread,
	                                       &ctrl, &dummy, &dummy, &dummy, &dummy, &pager);
	EXPECT(!L4_IsNilThread(r));
	EXPECT_EQ(ctrl & 7, L4_ExReg_AbortRecvIpc);
	L4_Start_SpIp(t, sp, (L4_Word_t)started);
	EXPECT(started_on(sp));
	EXPECT(thread_kill(t));
	return true;
}

static L4_Word_t child_stack[1024] __attribute__((aligned(16)));

/* In a child space: starts the thread, IP and SP that the root task sends
 * by ExchangeRegisters (the root task may not: another space's thread),
 * and replies with the control word it got back. */
static void child_starter(void)
{
	L4_ThreadId_t from;
	L4_Word_t w[3], ctrl, dummy;
	L4_ThreadId_t pager;
	L4_Wait(&from);
	for (int i = 0; i < 3; i++)
		L4_StoreMR(i + 1, &w[i]);
	L4_ThreadId_t t = { .raw = w[0] };
	L4_ThreadId_t r = L4_ExchangeRegisters(t, L4_ExReg_Resume | L4_ExReg_AbortIpc |
	                                       L4_ExReg_sp_ip | L4_ExReg_Deliver, w[1], w[2], 0, 0,
	                                       L4_nilthread, &ctrl, &dummy, &dummy, &dummy,
	                                       &dummy, &pager);
	L4_LoadMR(1, L4_IsNilThread(r) ? ~0UL : ctrl);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
	L4_Reply(from);
	L4_Sleep(L4_Never);
}

static bool test_start_new_thread_space(void)
{
	started_runs = 0;
	L4_ThreadId_t a = space_start(child_starter);
	EXPECT(!L4_IsNilThread(a));
	/* A second thread of a's space, active: it waits for a start message
	 * from the pager, which never sends one. */
	L4_ThreadId_t t = L4_GlobalId(6000, 1);
	EXPECT(L4_ThreadControl(t, a, root_id, pager_id,
	                        (void *)(SPACE_UTCB_AREA + L4_UTCB_SIZE)));
	L4_Word_t sp = (L4_Word_t)&child_stack[1024], ctrl = 0;
	L4_LoadMR(1, t.raw);
	L4_LoadMR(2, sp);
	L4_LoadMR(3, (L4_Word_t)started);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3 } });
	L4_MsgTag_t tag = L4_Call(a);
	L4_StoreMR(1, &ctrl);
	bool ran = started_on(sp);
	EXPECT(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1));
	EXPECT(space_kill(a));
	EXPECT(L4_IpcSucceeded(tag));
	/* §2.3: R reported (and the receive canceled, as R was given). */
	EXPECT_EQ(ctrl, L4_ExReg_AbortRecvIpc);
	EXPECT(ran);
	return true;
}

static bool test_partner_deleted(void)
{
	woken_error = 99;
	L4_ThreadId_t partner = thread_start(sleeper);
	wait_for = partner;
	L4_ThreadId_t t = thread_start(waiter);
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(woken_error, 99);
	EXPECT(thread_kill(partner));
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(woken_error, ERR_RECV(2));    /* its partner is gone */
	EXPECT(thread_kill(t));
	return true;
}

static volatile L4_Word_t send_error;
static volatile L4_ThreadId_t send_to;

/* Sends to send_to (which never receives) and records how it ended. */
static void stuck_sender(void)
{
	L4_MsgTag_t tag = send_word(send_to, 0, 0);
	send_error = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	L4_Sleep(L4_Never);
}

static bool test_receiver_deleted(void)
{
	send_error = 99;
	L4_ThreadId_t partner = thread_start(sleeper);
	send_to = partner;
	L4_ThreadId_t t = thread_start(stuck_sender);
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(send_error, 99);              /* queued on the sleeper */
	EXPECT(thread_kill(partner));
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(send_error, ERR_SEND(2));     /* its receiver is gone */
	EXPECT(thread_kill(t));
	return true;
}

/* Calls 'to' through the libl4 stub and returns EFLAGS as the kernel
 * left them (pushf right after the call). */
static L4_Word_t call_capturing_flags(L4_ThreadId_t to)
{
	L4_Word_t eax = to.raw, ecx = 0, edx = to.raw, esi = 0;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_Ipc\n\t"
	                     "pushfl\n\t"
	                     "popl %%ecx\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi)
	                     : "D"(__L4_Utcb())
	                     : "ebx", "memory", "cc");
	return ecx;
}

static volatile L4_Word_t flags_seen;

static void flags_caller(void)
{
	flags_seen = call_capturing_flags(root_id);
	L4_LoadMR(0, 0);
	L4_Send(root_id);
	L4_Sleep(L4_Never);
}

/* FLAGS set by ExchangeRegisters while the thread waits in an Ipc it
 * entered by sysenter: sysexit would not load them, the kernel must leave
 * by iret (also when the reply comes by the fast path). */
static bool test_exregs_flags(void)
{
	flags_seen = 0;
	L4_ThreadId_t t = thread_start(flags_caller);
	EXPECT(L4_IpcSucceeded(L4_Receive(t)));        /* it waits for our reply */
	const L4_Word_t want = 0x8D5;   /* CF PF AF ZF SF OF: no compare leaves CF and ZF */
	L4_Word_t dummy;
	L4_ThreadId_t pager;
	L4_ThreadId_t r = L4_ExchangeRegisters(t, L4_ExReg_flags, 0, 0, want, 0, L4_nilthread,
	                                       &dummy, &dummy, &dummy, &dummy, &dummy, &pager);
	EXPECT(!L4_IsNilThread(r));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Call(t)));           /* reply; its Send comes back */
	EXPECT_EQ(flags_seen & 0xCD5, want);
	EXPECT(thread_kill(t));
	return true;
}

/* The kernel must never return to user mode at a kernel address, whatever
 * IP or SP a thread was given (sel4test keeps the same regression for
 * sysexit): the thread is stopped instead, and everyone else runs on. */
static bool test_kernel_ip_refused(void)
{
	counter_a = 0;
	L4_ThreadId_t t = thread_start(count_a);
	L4_Word_t old, dummy;
	L4_ThreadId_t pager;
	L4_Stop(t);
	L4_ThreadId_t r = L4_ExchangeRegisters(t, L4_ExReg_ip | L4_ExReg_Resume, 0, 0xE0100000u,
	                                       0, 0, L4_nilthread, &old, &dummy, &dummy,
	                                       &dummy, &dummy, &pager);
	EXPECT(!L4_IsNilThread(r));
	L4_Sleep(L4_TimePeriod(3000));
	/* Read back: the thread is halted, its IP still the bad one. */
	L4_Word_t ctrl, ip;
	r = L4_ExchangeRegisters(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, &ctrl, &dummy,
	                         &ip, &dummy, &dummy, &pager);
	EXPECT(!L4_IsNilThread(r));
	EXPECT(ctrl & L4_ExReg_Halt);
	EXPECT_EQ(ip, 0xE0100000u);
	/* A bad stack pointer is refused the same way. */
	r = L4_ExchangeRegisters(t, L4_ExReg_sp_ip | L4_ExReg_Resume, 0xFFFFF000u,
	                         (L4_Word_t)count_a, 0, 0, L4_nilthread, &old, &dummy, &dummy,
	                         &dummy, &dummy, &pager);
	L4_Sleep(L4_TimePeriod(3000));
	r = L4_ExchangeRegisters(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, &ctrl, &dummy,
	                         &ip, &dummy, &dummy, &pager);
	EXPECT(ctrl & L4_ExReg_Halt);
	EXPECT(thread_kill(t));
	return true;
}

static bool test_thread_control_errors(void)
{
	/* Interrupt and kernel thread numbers are not for creating. */
	EXPECT_EQ(L4_ThreadControl(L4_GlobalId(5, 1), root_id, root_id, root_id, (void *)-1), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	/* Creation without a scheduler is refused. */
	EXPECT_EQ(L4_ThreadControl(L4_GlobalId(200, 1), root_id, L4_nilthread, root_id, (void *)-1), 0);
	EXPECT_EQ(L4_ErrorCode(), 4);
	/* A UTCB outside the UTCB area. */
	EXPECT_EQ(L4_ThreadControl(L4_GlobalId(200, 1), root_id, root_id, root_id, (void *)0x1000), 0);
	EXPECT_EQ(L4_ErrorCode(), 6);
	/* Deleting a thread that does not exist. */
	EXPECT_EQ(L4_ThreadControl(L4_GlobalId(201, 1), L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1), 0);
	return true;
}

static bool test_schedule(void)
{
	L4_ThreadId_t t = thread_start(sleeper);
	/* A priority above our own is refused. */
	EXPECT_EQ(L4_Set_Priority(t, 255), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT(L4_Set_Priority(t, 50) != 0);
	EXPECT(thread_kill(t));
	return true;
}

static bool test_time_sharing(void)
{
	counter_a = counter_b = 0;
	L4_ThreadId_t a = thread_start(count_a), b = thread_start(count_b);
	L4_Sleep(L4_TimePeriod(60000));         /* several 10 ms slices */
	unsigned long ca = counter_a, cb = counter_b;
	printf("# equal priorities: %lu and %lu iterations\n", ca, cb);
	EXPECT(ca > 0 && cb > 0);
	EXPECT(thread_kill(a) && thread_kill(b));
	return true;
}

static volatile int high_ran;
static void high(void) { high_ran = 1; L4_Sleep(L4_Never); }

static bool test_preemption(void)
{
	high_ran = 0;
	L4_ThreadId_t t = thread_start(high);
	EXPECT(L4_Set_Priority(t, 90) != 0);
	/* Lowering ourselves below it must let it run before we go on. */
	EXPECT(L4_Set_Priority(root_id, 80) != 0);
	EXPECT_EQ(high_ran, 1);
	EXPECT(thread_kill(t));
	return true;
}

const struct test thread_tests[] = {
	{ "kip", "the KIP has the X.2 magic, version and thread-number ranges", test_kip },
	{ "utcb", "local and global ids and the UTCB's message registers", test_utcb },
	{ "clock", "SystemClock advances across a sleep", test_clock },
	{ "stop_start", "ExchangeRegisters stops, reads back and restarts a thread", test_stop_start },
	{ "cancel_ipc", "ExchangeRegisters cancels a pending receive (error 3)", test_cancel_ipc },
	{ "start_new_thread", "L4_Start_SpIp alone starts a new thread at its IP and SP (R cancels its start wait)", test_start_new_thread },
	{ "start_new_thread_space", "... also in a new space, and ExchangeRegisters reports R (X.2 §2.3)", test_start_new_thread_space },
	{ "partner_deleted", "deleting a thread wakes its waiting partner (error 2)", test_partner_deleted },
	{ "receiver_deleted", "deleting a receiver fails its queued sender (error 2)", test_receiver_deleted },
	{ "exregs_flags", "FLAGS set while a thread waits in IPC come back (iret, not sysexit)", test_exregs_flags },
	{ "kernel_ip_refused", "an IP or SP outside user space stops the thread, never the kernel", test_kernel_ip_refused },
	{ "thread_control_errors", "ThreadControl refuses bad ids, schedulers and UTCBs", test_thread_control_errors },
	{ "schedule", "Schedule refuses a priority above the caller's", test_schedule },
	{ "time_sharing", "two threads of equal priority share the CPU", test_time_sharing },
	{ "preemption", "a higher-priority thread runs as soon as it is ready", test_preemption },
	{ 0, 0, 0 },
};
