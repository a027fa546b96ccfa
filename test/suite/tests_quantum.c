// SPDX-License-Identifier: MIT
/*
 * tests_quantum.c: the total quantum and the preemption protocol (X.2
 * §3.5, §3.6, §7.4), through the real interface. The threads under test
 * run below the suite's priority and wait for a "go" from it, so that
 * the suite sets their parameters before they spin.
 */
#include "suite.h"
#include <l4/protocols.h>

#define LABEL_REPORT   0x5155          /* thread -> root */
#define PRIO_LOW       50              /* the spinning thread */
#define PRIO_WAKER     60              /* the thread that wants the CPU */

static void report(L4_Word_t a, L4_Word_t b)
{
	report_to_root(LABEL_REPORT, a, b);
}

static void spin_us(L4_Word_t us)
{
	L4_Word64_t end = L4_SystemClock().raw + us;
	while (L4_SystemClock().raw < end)
		;
}

/* Starts fn, lowers it to prio and lets it go (it waits in go_wait). */
static L4_ThreadId_t start_low(void (*fn)(void), L4_Word_t prio)
{
	L4_ThreadId_t t = thread_start(fn);
	if (L4_IsNilThread(t) || !L4_Set_Priority(t, prio))
		return L4_nilthread;
	return t;
}

static bool go(L4_ThreadId_t t)
{
	L4_Set_MsgTag(L4_Niltag);
	return L4_IpcSucceeded(L4_Send_Timeout(t, L4_TimePeriod(1000000)));
}

static void go_wait(void)
{
	L4_Receive(root_id);
}

static bool is_preemption(L4_MsgTag_t tag)
{
	return L4_IpcSucceeded(tag) && L4_Label(tag) == L4_LABEL_PREEMPTION &&
	       L4_UntypedWords(tag) == 2 && L4_TypedWords(tag) == 0;
}

/* ---- total quantum --------------------------------------------------------- */

static volatile L4_Word_t spins;

static void quantum_spinner(void)
{
	go_wait();
	for (;;)
		spins++;
}

static bool test_total_quantum(void)
{
	spins = 0;
	L4_ThreadId_t s = start_low(quantum_spinner, PRIO_LOW);
	EXPECT(!L4_IsNilThread(s));
	L4_Time_t ts, tq;
	/* A total quantum of 20 ms, reported back whole. */
	EXPECT(L4_Set_Timeslice(s, L4_TimePeriod(5000), L4_TimePeriod(20000)) != 0);
	EXPECT(L4_Timeslice(s, &ts, &tq) != 0);
	L4_Word64_t t0 = L4_SystemClock().raw;
	EXPECT(go(s));
	/* It runs out: the scheduler (we) gets a preemption message... */
	L4_MsgTag_t tag = L4_Receive_Timeout(s, L4_TimePeriod(2000000));
	L4_Word_t lo = 0, hi = 0;
	L4_StoreMR(1, &lo);
	L4_StoreMR(2, &hi);
	L4_Word64_t clock = (L4_Word64_t)hi << 32 | lo;
	L4_Word_t left = 0;
	L4_Time_t rem_ts, rem_tq;
	left = L4_Timeslice(s, &rem_ts, &rem_tq) != 0;
	/* ... and the thread waits for our reply. */
	L4_Word_t before = spins;
	L4_Sleep(L4_TimePeriod(20000));
	L4_Word_t still = spins;
	/* A new quantum and the reply: it runs out again. */
	EXPECT(L4_Set_Timeslice(s, L4_Never, L4_TimePeriod(10000)) != 0);
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t tag2 = L4_Call_Timeouts(s, L4_ZeroTime, L4_TimePeriod(2000000));
	/* Infinite: no more messages, and it keeps running. */
	EXPECT(L4_Set_Timeslice(s, L4_Never, L4_Never) != 0);
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t sent = L4_Send_Timeout(s, L4_ZeroTime);
	L4_Word_t r0 = spins;
	L4_MsgTag_t none = L4_Receive_Timeout(s, L4_TimePeriod(30000));
	L4_Word_t none_err = L4_ErrorCode();
	L4_Word_t r1 = spins;
	thread_kill(s);
	EXPECT_EQ(tq.raw, L4_TimePeriod(20000).raw);
	EXPECT(is_preemption(tag));
	printf("# quantum ran out at %llu, started at %llu\n", clock, t0);
	EXPECT(clock > t0 + 10000 && clock < t0 + 2000000);
	EXPECT(left);
	EXPECT_EQ(rem_tq.raw, L4_ZeroTime.raw);
	EXPECT_EQ(still, before);
	EXPECT(is_preemption(tag2));
	EXPECT(L4_IpcSucceeded(sent));
	EXPECT(L4_IpcFailed(none));
	EXPECT_EQ(none_err, ERR_RECV(1));
	EXPECT(r1 > r0);
	return true;
}

/* ---- preemption delay ------------------------------------------------------ */

static volatile L4_Word_t wakeups;

static void waker(void)
{
	for (;;) {
		L4_Sleep(L4_TimePeriod(1000));
		wakeups++;
	}
}

static volatile L4_Word_t spin_len;

/* With d set: spins spin_len µs; reports whether the waker ran meanwhile
 * (bit 0), whether I was set (bit 1), whether d is still set (bit 2), and
 * after ThreadSwitch (nilthread) whether the waker ran (bit 3). */
static void delaying(void)
{
	go_wait();
	L4_Set_ExceptionHandler(root_id);
	L4_DisablePreemption();
	L4_Word_t w0 = wakeups;
	spin_us(spin_len);
	L4_Word_t w1 = wakeups;
	bool pending = L4_PreemptionPending();
	bool d = (L4_PreemptFlags() & L4_PREEMPT_FLAG_DELAY) != 0;
	L4_EnablePreemption();
	L4_Yield();
	L4_Word_t w2 = wakeups;
	report((w1 != w0) | pending << 1 | d << 2 | (w2 != w1) << 3, w0 << 16 | (w1 - w0));
}

/* Runs delaying with the waker at PRIO_WAKER; returns its report, and
 * how many preemption messages came to us (its exception handler). */
static bool run_delaying(L4_Word_t sensitive, L4_Word_t max_delay, L4_Word_t len,
                         L4_Word_t *bits, L4_Word_t *messages)
{
	wakeups = 0;
	spin_len = len;
	*messages = 0;
	L4_ThreadId_t w = start_low(waker, PRIO_WAKER);
	L4_ThreadId_t d = start_low(delaying, PRIO_LOW);
	bool ok = !L4_IsNilThread(w) && !L4_IsNilThread(d) &&
	          L4_Set_PreemptionDelay(d, sensitive, max_delay) != 0 && go(d);
	bool got = false;
	while (ok && !got) {
		L4_MsgTag_t tag = L4_Receive_Timeout(d, L4_TimePeriod(3000000));
		if (is_preemption(tag))
			(*messages)++;
		else if (L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_REPORT)
			got = true;
		else
			ok = false;
	}
	L4_StoreMR(1, bits);
	L4_Word_t counts;
	L4_StoreMR(2, &counts);
	printf("# wakeups before the spin %lu, during it %lu\n", counts >> 16, counts & 0xFFFF);
	thread_kill(d);
	thread_kill(w);
	return ok && got;
}

static bool test_preemption_delay(void)
{
	L4_Word_t bits, msgs;
	/* Delayed: 10 ms of spinning under a 30 ms maximum; the waker runs
	 * only after ThreadSwitch. (The sensitive priority is the highest,
	 * so that the loader, at 100, is delayed too: it may wake at any
	 * time, and would let the waker run after it.) */
	EXPECT(run_delaying(255, 30000, 10000, &bits, &msgs));
	printf("# delayed: report %lx, %lu preemption messages\n", bits, msgs);
	EXPECT_EQ(bits, 0x2 | 0x4 | 0x8);
	EXPECT_EQ(msgs, 0);
	/* Past the maximum (5 ms of a 40 ms spin): preempted anyway, d
	 * cleared, and the exception handler told. */
	EXPECT(run_delaying(255, 5000, 40000, &bits, &msgs));
	printf("# overflow: report %lx, %lu preemption messages\n", bits, msgs);
	EXPECT_EQ(bits & 0x5, 0x1);
	EXPECT(msgs >= 1);
	/* A preemptor above the sensitive priority is never delayed. */
	EXPECT(run_delaying(PRIO_WAKER - 1, 30000, 10000, &bits, &msgs));
	printf("# insensitive: report %lx, %lu preemption messages\n", bits, msgs);
	EXPECT_EQ(bits & 0x5, 0x1 | 0x4);       /* (its slice's end may be delayed: I) */
	EXPECT_EQ(msgs, 0);
	/* Preemption control's bits 24..31 are 0. */
	EXPECT_EQ(L4_Schedule(root_id, ~0UL, ~0UL, ~0UL, 1UL << 24, &bits), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	return true;
}

/* ---- preemption faults (s) ------------------------------------------------- */

static void signalling(void)
{
	go_wait();
	L4_Set_ExceptionHandler(root_id);
	L4_EnablePreemptionFaultException();
	spin_us(10000);
	L4_DisablePreemptionFaultException();
	report(1, 0);
}

static bool test_preemption_signal(void)
{
	wakeups = 0;
	L4_ThreadId_t w = start_low(waker, PRIO_WAKER);
	L4_ThreadId_t s = start_low(signalling, PRIO_LOW);
	EXPECT(!L4_IsNilThread(w) && !L4_IsNilThread(s));
	EXPECT(go(s));
	L4_Word_t messages = 0, clock_ok = 1;
	bool got = false, ok = true;
	while (ok && !got) {
		L4_MsgTag_t tag = L4_Receive_Timeout(s, L4_TimePeriod(3000000));
		if (is_preemption(tag)) {
			L4_Word_t lo;
			L4_StoreMR(1, &lo);
			clock_ok &= lo != 0;
			messages++;
		} else if (L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_REPORT) {
			got = true;
		} else {
			ok = false;
		}
	}
	thread_kill(s);
	thread_kill(w);
	printf("# %lu preemption messages, %lu wakeups\n", messages, wakeups);
	EXPECT(got);
	EXPECT(messages >= 1);
	EXPECT(clock_ok);
	return true;
}

const struct test quantum_tests[] = {
	{ "total_quantum", "an exhausted total quantum calls the scheduler with a preemption message and waits for its reply; a new one runs out again; an infinite one never", test_total_quantum },
	{ "preemption_delay", "with d set, a preemption at the sensitive priority waits for ThreadSwitch (I set) up to the maximum delay; past it d is cleared and the exception handler told; above it, no delay", test_preemption_delay },
	{ "preemption_signal", "with s set, a preempted thread sends its exception handler a preemption message when it runs again", test_preemption_signal },
	{ 0, 0, 0 },
};
