// SPDX-License-Identifier: MIT
/*
 * schedule.c: §3 scheduling: the system clock (§3.1, §3.2), ThreadSwitch
 * (§3.4) and Schedule (§3.5): thread states, priorities, time slices and
 * each error code; Schedule on an interrupt thread (§2.4: "treated as
 * normal threads"), the total quantum's RPC to the scheduler (§3.5) and
 * preemption delay with the preempt flags (§3.6, §7.4).
 */
#include "x2.h"

static volatile L4_Word_t spins, got;

static void spinner(void)
{
	for (;;)
		spins++;
}
static void waiter(void)
{
	L4_ThreadId_t from;
	L4_Wait(&from);
	got = 1;
	for (;;)
		L4_Sleep(L4_Never);
}

static void idle(void)
{
	L4_Sleep(L4_Never);
}

static void clock(void)
{
	L4_Clock_t a = L4_SystemClock(), b = L4_SystemClock();
	x2_check(b.raw >= a.raw && a.raw > 0, "§3.2 SystemClock: non-zero, never goes back");
	L4_Sleep(L4_TimePeriod(20000));
	L4_Clock_t c = L4_SystemClock();
	x2_check(c.raw >= b.raw + 20000, "§3.2 SystemClock: advances by at least a 20 ms Sleep (§5.7 Sleep)");
	L4_Time_t t = L4_TimePeriod(1000), p = L4_TimePoint((L4_Clock_t){ .raw = L4_SystemClock().raw + 100000 });
	x2_check((t.raw & 0x8000) == 0 && (p.raw & 0x8000) != 0 && L4_Never.raw == 0 &&
	         L4_ZeroTime.raw == 0x0400,
	         "§3.3 Time: Never 0, ZeroTime 0x0400, a period has bit 15 clear, a point set");
}

static void thread_switch(void)
{
	spins = 0;
	L4_ThreadId_t t = x2_thread_prio(spinner, L4_nilthread, X2_LOW_PRIO);
	L4_ThreadSwitch(L4_nilthread);
	x2_check(true, "§3.4 ThreadSwitch (nilthread): returns to the caller");
	L4_Word_t before = spins;
	for (int i = 0; i < 50 && spins == before; i++)
		L4_ThreadSwitch(t);
	x2_check(spins != before, "§3.4 ThreadSwitch (t): donates the processor to a ready thread of lower priority");
	x2_thread_kill(t);
}

static void schedule(void)
{
	L4_Word_t old;
	L4_Word_t r = L4_Schedule(x2_main, ~0UL, ~0UL, ~0UL, ~0UL, &old);
	x2_check((r & 0xFF) == L4_SCHEDRESULT_RUNNING, "§3.5 Schedule: the caller itself is running (3)");
	got = 0;
	L4_ThreadId_t w = x2_thread(waiter, L4_nilthread);
	x2_check(x2_wait_state(w, L4_SCHEDRESULT_WAITING),
	         "§3.5 Schedule: a thread in a receive is waiting (6)");
	x2_check(L4_Set_Priority(w, 50) != 0 && L4_Set_Priority(w, 10) != 0,
	         "§3.5 Schedule: sets a priority below ours");
	x2_check((L4_Set_Priority(w, 256) & 0xFF) == 0 && L4_ErrorCode() == 5,
	         "§3.5 Schedule: priority 256 is invalid (ErrorCode 5)");
	L4_Word_t cpus = L4_NumProcessors(x2_kip);
	x2_check((L4_Set_ProcessorNo(w, cpus) & 0xFF) == 0 && L4_ErrorCode() == 5,
	         "§3.5 Schedule: a processor number beyond the KIP's count is invalid (ErrorCode 5)");
	L4_Time_t ts, tq;
	bool set = L4_Set_Timeslice(w, L4_TimePeriod(5000), L4_Never) != 0;
	bool read = L4_Timeslice(w, &ts, &tq) != 0;
	x2_check(set && read && ts.raw == L4_TimePeriod(5000).raw,
	         "§3.5 Schedule: a time slice set is the one read back");
	x2_check((L4_Schedule(x2_fresh_id(), ~0UL, ~0UL, ~0UL, ~0UL, &old) & 0xFF) == 0 &&
	         L4_ErrorCode() == 2,
	         "§3.5 Schedule on a thread that does not exist: ErrorCode 2");
	/* A thread of ours whose scheduler is a thread of another space. */
	L4_ThreadId_t child = x2_space(idle);
	L4_ThreadId_t other = x2_fresh_id();
	L4_Word_t utcb = x2_utcb_slot();
	bool made = !L4_IsNilThread(child) &&
	            L4_ThreadControl(other, x2_main, child, L4_nilthread, (void *)utcb);
	x2_check(made && (L4_Schedule(other, ~0UL, ~0UL, ~0UL, ~0UL, &old) & 0xFF) == 0 &&
	         L4_ErrorCode() == 1,
	         "§3.5 Schedule by a thread that is not the scheduler (it is in another space): ErrorCode 1");
	L4_ThreadControl(other, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	/* One whose scheduler is another thread of our space (the pager
	 * thread): §3.5 "is only effective if the calling thread resides in
	 * the same address space as the destination thread's scheduler". */
	made = L4_ThreadControl(other, x2_main, x2_pager, L4_nilthread, (void *)utcb);
	x2_check(made && (L4_Set_Priority(other, 10) & 0xFF) == L4_SCHEDRESULT_INACTIVE,
	         "§3.5 Schedule by a thread in the space of the destination's scheduler (not the scheduler itself): effective");
	L4_ThreadControl(other, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	x2_utcb_free(utcb);
	x2_space_kill(child);
	x2_thread_kill(w);
}

/* ---- Schedule on an interrupt thread ---------------------------------- */

#define IRQ_LINE 8                      /* the PC's RTC: silent unless programmed */

/* The line's handler: acknowledges whatever comes (§2.4: an empty reply). */
static void irq_handler(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_LoadMR(0, 0);
		tag = L4_IpcSucceeded(tag) ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

static void schedule_interrupt_thread(void)
{
	if (L4_ThreadIdSystemBase(x2_kip) <= IRQ_LINE) {
		x2_skip("the KIP's ThreadInfo has no interrupt thread 8", "§3.5 Schedule on an interrupt thread");
		return;
	}
	L4_ThreadId_t irq = L4_GlobalId(IRQ_LINE, 1), h = x2_thread(irq_handler, L4_nilthread);
	L4_Word_t old, mine = 0;
	bool associated = !L4_IsNilThread(h) && L4_AssociateInterrupt(irq, h) == 1;
	/* Our own priority: the highest one Schedule lets us give (§3.5). */
	for (L4_Word_t p = 255; p > 0 && !mine; p--)
		if (L4_Set_Priority(x2_main, p) != 0)
			mine = p;
	L4_Word_t r = L4_Set_Priority(irq, mine > 10 ? mine - 10 : 1);
	L4_Word_t state = L4_Schedule(irq, ~0UL, ~0UL, ~0UL, ~0UL, &old) & 0xFF;
	x2_check(associated && (r & 0xFF) >= L4_SCHEDRESULT_INACTIVE,
	         "§3.5 / §2.4 Schedule on an interrupt thread with a handler: sets its priority (result %lu)", r & 0xFF);
	x2_check(state >= L4_SCHEDRESULT_INACTIVE && state <= 7,
	         "§3.5 Schedule on an interrupt thread: reports a thread state (%lu)", state);
	if (mine == 255)
		x2_skip("we run at 255", "§3.5 Schedule on an interrupt thread: a priority above the caller's");
	else
		x2_check((L4_Set_Priority(irq, mine + 1) & 0xFF) == 0 && L4_ErrorCode() == 5,
		         "§3.5 Schedule on an interrupt thread: a priority above the caller's is invalid (ErrorCode 5)");
	x2_check((L4_Set_Priority(irq, 256) & 0xFF) == 0 && L4_ErrorCode() == 5,
	         "§3.5 Schedule on an interrupt thread: priority 256 is invalid (ErrorCode 5)");
	x2_skip("deviation: docs/x2-deviations.md, Schedule on an interrupt thread (time control refused, 5)",
	        "§3.5 Schedule on an interrupt thread: a time slice, as for a normal thread");
	L4_Set_Priority(irq, mine);
	x2_check(L4_DeassociateInterrupt(irq) == 1,
	         "§2.4 ThreadControl: an interrupt thread's pager set to itself (delivery deactivated)");
	x2_thread_kill(h);
}

/* ---- the total quantum ------------------------------------------------- */

static void quantum(void)
{
	L4_Time_t ts, tq;
	spins = 0;
	L4_ThreadId_t s = x2_thread_prio(spinner, L4_nilthread, X2_LOW_PRIO);   /* we are its scheduler */
	bool set = !L4_IsNilThread(s) &&
	           L4_Set_Timeslice(s, L4_TimePeriod(5000), L4_TimePeriod(10000)) != 0;
	/* It spins until its quantum is spent, then calls us. */
	L4_ThreadId_t from = L4_nilthread;
	L4_MsgTag_t tag = L4_Ipc(L4_nilthread, s, L4_Timeouts(L4_Never, L4_TimePeriod(5000000)), &from);
	bool rpc = set && L4_IpcSucceeded(tag) && L4_SameThreads(from, s);
	x2_diag("quantum RPC: label %lx, u %lu", (L4_Word_t)L4_Label(tag), (L4_Word_t)L4_UntypedWords(tag));
	x2_check(rpc && spins > 0,
	         "§3.5 total quantum: its exhaustion is an RPC from the thread to its scheduler");
	bool read = L4_Timeslice(s, &ts, &tq) != 0;
	x2_check(read && tq.raw != L4_Never.raw && (tq.raw & 0x3FF) == 0,
	         "§3.5 total quantum: the remaining total quantum is read back as 0");
	L4_Word_t before = spins;
	x2_sleep_ms(20);
	x2_check(rpc && spins == before, "§3.5 total quantum: the thread runs no more while its RPC waits for the reply");
	/* (Re)writing the total quantum re-initializes it: it runs out again. */
	L4_Set_Timeslice(s, L4_TimePeriod(5000), L4_TimePeriod(10000));
	L4_LoadMR(0, 0);
	tag = L4_Ipc(s, s, L4_Timeouts(L4_ZeroTime, L4_TimePeriod(5000000)), &from);
	x2_check(rpc && L4_IpcSucceeded(tag) && L4_SameThreads(from, s) && spins > before,
	         "§3.5 total quantum: a new one, and the reply, let it run until it is spent again");
	/* An infinite one: it runs on. */
	L4_Set_Timeslice(s, L4_TimePeriod(5000), L4_Never);
	L4_LoadMR(0, 0);
	bool replied = L4_IpcSucceeded(L4_Send_Timeout(s, L4_ZeroTime));
	before = spins;
	for (unsigned i = 0; i < X2_WAIT_MS && spins == before; i++)
		x2_sleep_ms(1);
	x2_check(replied && spins != before, "§3.5 total quantum of infinity: the thread runs on after the reply");
	x2_thread_kill(s);
}

/* ---- preemption control and the preempt flags -------------------------- */

#define PRIO_WAKER   (X2_LOW_PRIO + 10)
#define LABEL_REPORT 0x5250
#define LABEL_PREEMPTION 0xFFD0         /* §7.4: -3 in the label's upper 12 bits */

static volatile L4_Word_t wakeups, overflow;

static void waker(void)
{
	for (;;) {
		L4_Sleep(L4_TimePeriod(1000));
		wakeups++;
	}
}

/* With d set, spins until I is set (or, if overflow, until d is reset;
 * at most 2 s of system time: a loaded host may stall the guest, so no
 * fixed length) and reports to the main
 * thread (its exception handler): bit 0 the waker ran meanwhile, bit 1
 * I was set, bit 2 d is still set, bit 3 the waker ran after ThreadSwitch
 * (nilthread). */
static void delaying(void)
{
	L4_Receive(x2_main);                            /* go: our parameters are set */
	L4_Set_ExceptionHandler(x2_main);
	L4_DisablePreemption();
	L4_Word_t w0 = wakeups;
	L4_Word_t until = overflow ? L4_PREEMPT_FLAG_DELAY : L4_PREEMPT_FLAG_PENDING;
	L4_Word64_t end = L4_SystemClock().raw + 2000000;
	while (L4_SystemClock().raw < end && ((L4_PreemptFlags() & until) != 0) == (overflow != 0))
		;
	L4_Word_t w1 = wakeups;
	bool pending = L4_PreemptionPending();
	bool d = (L4_PreemptFlags() & L4_PREEMPT_FLAG_DELAY) != 0;
	L4_EnablePreemption();
	L4_ThreadSwitch(L4_nilthread);
	L4_Word_t bits = (w1 != w0) | pending << 1 | d << 2 | (wakeups != w1) << 3;
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = LABEL_REPORT, .u = 1 } }.raw);
	L4_LoadMR(1, bits);
	L4_Send(x2_main);
	idle();
}

/* Runs delaying() with a max delay; its report, and the
 * preemption messages (§7.4) we got meanwhile as its exception handler. */
static bool run_delaying(L4_Word_t max_delay, bool overflows, L4_Word_t *bits,
                         L4_Word_t *messages, bool *format)
{
	wakeups = 0, overflow = overflows, *messages = 0, *format = true, *bits = 0;
	L4_ThreadId_t w = x2_thread_prio(waker, L4_nilthread, PRIO_WAKER);
	L4_ThreadId_t d = x2_thread_prio(delaying, L4_nilthread, X2_LOW_PRIO);
	/* Preemptions by the waker's priority (and below) are delayed. */
	bool ok = !L4_IsNilThread(w) && !L4_IsNilThread(d) &&
	          L4_Set_PreemptionDelay(d, PRIO_WAKER, max_delay) != 0;
	L4_LoadMR(0, 0);
	ok = ok && L4_IpcSucceeded(L4_Send_Timeout(d, L4_TimePeriod(5000000)));
	for (bool got = false; ok && !got;) {
		L4_MsgTag_t tag = L4_Receive_Timeout(d, L4_TimePeriod(10000000));
		L4_Word_t lo = 0, hi = 0, now = (L4_Word_t)L4_SystemClock().raw;
		L4_StoreMR(1, &lo);
		L4_StoreMR(2, &hi);
		if (L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_PREEMPTION) {
			(*messages)++;
			*format = *format && L4_UntypedWords(tag) == 2 && L4_TypedWords(tag) == 0 &&
			          lo != 0 && lo <= now;
		} else if (L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_REPORT) {
			*bits = lo;
			got = true;
		} else {
			ok = false;
		}
	}
	x2_thread_kill(d);
	x2_thread_kill(w);
	return ok;
}

static void preemption_control(void)
{
	L4_Word_t bits, messages;
	bool format;
	/* Until I is set, under a 65 ms maximum: the waker waits for
	 * ThreadSwitch. */
	bool ran = run_delaying(65000, false, &bits, &messages, &format);
	x2_diag("delayed: report %lx, %lu preemption messages", bits, messages);
	x2_check(ran && (bits & 1) == 0 && (bits & 8) != 0,
	         "§3.6 d: a preemption at or below the sensitive priority waits for ThreadSwitch (nilthread)");
	x2_check(ran && (bits & 2) != 0, "§3.6 I: the delayed preemption is signalled in the preempt flags");
	x2_check(ran && (bits & 4) != 0 && messages == 0,
	         "§3.6 d: within the maximum delay d stays set and no preemption fault is raised");
	/* Until d is reset, under a 5 ms maximum: preempted anyway, the
	 * exception handler told. */
	ran = run_delaying(5000, true, &bits, &messages, &format);
	x2_diag("overflow: report %lx, %lu preemption messages", bits, messages);
	x2_check(ran && (bits & 1) != 0 && (bits & 4) == 0,
	         "§3.6 a preemption-delay overflow preempts the thread and resets d");
	x2_check(ran && messages >= 1, "§3.6 a preemption-delay overflow is signalled to the exception handler");
	x2_check(ran && messages >= 1 && format,
	         "§7.4 preemption message: label -3, two words, the system clock when preempted");
}

void x2_section_schedule(void)
{
	clock();
	thread_switch();
	schedule();
	schedule_interrupt_thread();
	quantum();
	preemption_control();
}
