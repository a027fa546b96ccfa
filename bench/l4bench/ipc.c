// SPDX-License-Identifier: MIT
/*
 * ipc.c: the pingpong series. The client (the root thread) Calls a server
 * with u untyped words; the server answers with ReplyWait and as many
 * words back. One Call is one round trip: two IPCs, two switches.
 *   ipc_intra_as_rt   the server is another thread of this space
 *   ipc_inter_as_rt   the server runs in a space of its own (spaces.c)
 *   ipc_small_large_rt  the server runs in a small space (small.c)
 *   ipc_small_small_rt  so does the client, in another small space
 *   ipc_inter_as_iret_rt  ipc_inter_as_rt while a small space exists: the
 *                     kernel then leaves by iret, never sysexit
 *                     (arch/ia32/smallspace.h)
 * On a kernel built with FASTPATH=0 the same program measures the general
 * path; bench/report.pl files that run's inter-space series as
 * ipc_fastpath_off_rt.
 */
#include "bench.h"
#include "small.h"

#define MAX_WORDS 63

/* Echoes the size: replies with the received number of untyped words
 * (their contents are whatever its MRs hold), label 0. */
static void pong_server(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_LoadMR(0, tag.raw & 0x3F);
		tag = L4_ReplyWait(from, &from);
	}
}

struct call_arg {
	L4_ThreadId_t to;
	L4_Word_t tag;
	L4_Word_t failed;               /* an error bit seen in a reply */
};

static void call_loop(unsigned n, void *arg, struct run *r)
{
	struct call_arg *a = arg;
	L4_Word_t failed = 0;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		L4_LoadMR(0, a->tag);
		failed |= L4_Call(a->to).raw;
	}
	run_end(r);
	a->failed |= failed & (L4_MSGTAG_FLAG_ERROR << 12);
}

/* call_loop without the Call: an opaque value stands for its result. */
static void call_overhead(unsigned n, void *arg, struct run *r)
{
	struct call_arg *a = arg;
	L4_Word_t acc = 0;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		L4_Word_t result;
		L4_LoadMR(0, a->tag);
		__asm__ __volatile__("" : "=r"(result) : : "memory");
		acc |= result;
	}
	run_end(r);
	__asm__ __volatile__("" : : "r"(acc));
}

static bool series(const char *name, L4_ThreadId_t server)
{
	unsigned n = BENCH_N(128);
	struct call_arg a = { .to = server };
	for (unsigned u = 0; u <= MAX_WORDS; u++) {
		a.tag = u;
		struct run m = best_of(call_loop, &a, n);
		struct run o = best_of(call_overhead, &a, n);
		if (a.failed) {
			printf("bench: %s: a Call with %u words failed\n", name, u);
			return false;
		}
		report(name, (int)u, "round_trip", &m, &o, n, "");
	}
	return true;
}

/* The client of ipc_small_small_rt, in a small space of its own: runs the
 * series (its code and data are the root task's) and tells the root
 * thread when it is done. */
static L4_ThreadId_t small_server;
static volatile bool small_series_ok;

static void small_client(void)
{
	small_series_ok = series("ipc_small_small_rt", small_server);
	L4_LoadMR(0, 0);
	L4_Send(root_id);
	L4_Sleep(L4_Never);
}

static bool bench_small(L4_ThreadId_t large_server)
{
	small_server = small_start(pong_server, L4_SmallSpace(128, SMALL_MB));
	if (L4_IsNilThread(small_server))
		return false;
	bool ok = series("ipc_small_large_rt", small_server);
	ok = series("ipc_inter_as_iret_rt", large_server) && ok;
	L4_ThreadId_t client = small_start(small_client, L4_SmallSpace(192, SMALL_MB));
	ok = !L4_IsNilThread(client) && L4_IpcSucceeded(L4_Receive(client)) &&
	     small_series_ok && ok;
	return small_kill(client) && small_kill(small_server) && ok;
}

bool bench_ipc(void)
{
	L4_ThreadId_t local = thread_start(pong_server);
	bool ok = !L4_IsNilThread(local) && series("ipc_intra_as_rt", local);
	ok = thread_kill(local) && ok;
	L4_ThreadId_t remote = space_start(pong_server);
	ok = !L4_IsNilThread(remote) && series("ipc_inter_as_rt", remote) && ok;
	ok = bench_small(remote) && ok;
	return space_kill(remote) && ok;
}
