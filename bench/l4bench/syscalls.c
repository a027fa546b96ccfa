// SPDX-License-Identifier: MIT
/*
 * syscalls.c: the cheapest system calls, and ThreadSwitch between two
 * ready threads.
 *
 * null_syscall is the cheapest of three candidates, each measured and
 * printed on its own line too:
 *   syscall_system_clock        SystemClock: a trap gate, reads the clock
 *   syscall_thread_switch_nil   ThreadSwitch(nilthread) with no other
 *                               thread ready: a trap gate and the scheduler
 *   syscall_ipc_nil             Ipc with neither send nor receive phase:
 *                               the sysenter entry, no partner
 */
#include "bench.h"

static void clock_loop(unsigned n, void *arg, struct run *r)
{
	(void)arg;
	run_begin(r);
	for (unsigned i = 0; i < n; i++)
		L4_SystemClock();
	run_end(r);
}

static void yield_loop(unsigned n, void *arg, struct run *r)
{
	(void)arg;
	run_begin(r);
	for (unsigned i = 0; i < n; i++)
		L4_ThreadSwitch(L4_nilthread);
	run_end(r);
}

static void nil_ipc_loop(unsigned n, void *arg, struct run *r)
{
	(void)arg;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		L4_LoadMR(0, 0);
		L4_Ipc(L4_nilthread, L4_nilthread, 0, NULL);
	}
	run_end(r);
}

/* The empty loop with the tag store that nil_ipc_loop has. */
static void tag_loop(unsigned n, void *arg, struct run *r)
{
	(void)arg;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		L4_LoadMR(0, 0);
		__asm__ __volatile__("" : : : "memory");
	}
	run_end(r);
}

static L4_ThreadId_t switch_back_to;

/* The partner of thread_switch: gives the processor straight back. */
static void switcher(void)
{
	for (;;)
		L4_ThreadSwitch(switch_back_to);
}

static void switch_loop(unsigned n, void *arg, struct run *r)
{
	L4_ThreadId_t to = *(L4_ThreadId_t *)arg;
	run_begin(r);
	for (unsigned i = 0; i < n; i++)
		L4_ThreadSwitch(to);
	run_end(r);
}

static uint64_t net(const struct run *m, const struct run *o)
{
	return m->cycles > o->cycles ? m->cycles - o->cycles : 0;
}

bool bench_syscalls(void)
{
	unsigned n = BENCH_N(2048);
	struct run empty = best_of(empty_loop, 0, n), tag = best_of(tag_loop, 0, n);
	struct run clock = best_of(clock_loop, 0, n);
	struct run yield = best_of(yield_loop, 0, n);
	struct run ipc = best_of(nil_ipc_loop, 0, n);
	report("syscall_system_clock", -1, "call", &clock, &empty, n, "");
	report("syscall_thread_switch_nil", -1, "call", &yield, &empty, n, "");
	report("syscall_ipc_nil", -1, "call", &ipc, &tag, n, "");

	/* The cheapest, by net instructions. */
	const char *op = "SystemClock";
	const struct run *best = &clock, *best_o = &empty;
	if (net(&yield, &empty) < net(best, best_o))
		op = "ThreadSwitch(nilthread)", best = &yield, best_o = &empty;
	if (net(&ipc, &tag) < net(best, best_o))
		op = "Ipc(nilthread,nilthread)", best = &ipc, best_o = &tag;
	char extra[48];
	snprintf(extra, sizeof extra, "op=%s", op);
	report("null_syscall", -1, "call", best, best_o, n, extra);

	/* thread_switch: root -> switcher -> root is two switches. */
	switch_back_to = L4_Myself();
	L4_ThreadId_t sw = thread_start(switcher);
	if (L4_IsNilThread(sw))
		return false;
	n = BENCH_N(1024);
	struct run sw_run = best_of(switch_loop, &sw, n);
	empty = best_of(empty_loop, 0, n);
	bool ok = thread_kill(sw);
	report("thread_switch", -1, "switch", &sw_run, &empty, 2 * n, "");
	return ok;
}
