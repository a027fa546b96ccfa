// SPDX-License-Identifier: MIT
/*
 * schedule.c: §3 scheduling: the system clock (§3.1, §3.2), ThreadSwitch
 * (§3.4) and Schedule (§3.5): thread states, priorities, time slices and
 * each error code. Quantum enforcement and Schedule on interrupt threads
 * are in README.md's list for later.
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
	/* A thread of ours whose scheduler is a thread of another space.
	 * (One whose scheduler is another thread of our space: README.md's
	 * list, this kernel lets any thread of the scheduler's space.) */
	L4_ThreadId_t child = x2_space(idle);
	L4_ThreadId_t other = x2_fresh_id();
	L4_Word_t utcb = x2_utcb_slot();
	bool made = !L4_IsNilThread(child) &&
	            L4_ThreadControl(other, x2_main, child, L4_nilthread, (void *)utcb);
	x2_check(made && (L4_Schedule(other, ~0UL, ~0UL, ~0UL, ~0UL, &old) & 0xFF) == 0 &&
	         L4_ErrorCode() == 1,
	         "§3.5 Schedule by a thread that is not the scheduler (it is in another space): ErrorCode 1");
	L4_ThreadControl(other, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	x2_utcb_free(utcb);
	x2_space_kill(child);
	x2_thread_kill(w);
}

void x2_section_schedule(void)
{
	clock();
	thread_switch();
	schedule();
}
