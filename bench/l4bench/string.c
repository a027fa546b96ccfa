// SPDX-License-Identifier: MIT
/*
 * string.c: ipc_string_rt, a string of N bytes there and back (N = 4,
 * 256, 4096, 65536): the client Calls a server in a space of its own with
 * one simple string item, the server's reply carries a string of the same
 * length back into the client's buffer. One round trip copies 2N bytes in
 * the kernel (X.2 §5.5, kernel/string_ipc.c). The warm-up repetition
 * touches every page, so the figures have no page fault in them. Linux's
 * pipe_string_rt and unix_socket_string_rt (bench/linux) move the same
 * bytes the same way between two processes.
 */
#include "bench.h"

#define MAX_BYTES 65536u

static unsigned char client_out[MAX_BYTES] __attribute__((aligned(4096)));
static unsigned char client_in[MAX_BYTES] __attribute__((aligned(4096)));
static unsigned char server_buf[MAX_BYTES] __attribute__((aligned(4096)));

static void accept_buffer(void *buf)
{
	L4_StringItem_t b = L4_StringItem((int)MAX_BYTES, buf);
	L4_LoadBR(0, L4_StringItemsAcceptor.raw);
	L4_LoadBR(1, b.raw[0]);
	L4_LoadBR(2, b.raw[1]);
}

/* Answers a string with a string of the same length. */
static void string_server(void)
{
	accept_buffer(server_buf);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t head = 0;
		L4_StoreMR(1, &head);
		L4_StringItem_t s = L4_StringItem((int)(head >> 10), server_buf);
		L4_LoadMR(0, 2UL << 6);                  /* t = 2 */
		L4_LoadMR(1, s.raw[0]);
		L4_LoadMR(2, s.raw[1]);
		tag = L4_ReplyWait(from, &from);
		(void)tag;
	}
}

struct string_arg {
	L4_ThreadId_t to;
	L4_Word_t head;                 /* the string item's first word */
	L4_Word_t failed;
};

static void string_loop(unsigned n, void *arg, struct run *r)
{
	struct string_arg *a = arg;
	L4_Word_t failed = 0;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		L4_LoadMR(0, 2UL << 6);
		L4_LoadMR(1, a->head);
		L4_LoadMR(2, (L4_Word_t)client_out);
		failed |= L4_Call(a->to).raw;
	}
	run_end(r);
	a->failed |= failed & (L4_MSGTAG_FLAG_ERROR << 12);
}

/* string_loop without the Call. */
static void string_overhead(unsigned n, void *arg, struct run *r)
{
	struct string_arg *a = arg;
	L4_Word_t acc = 0;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		L4_Word_t result;
		L4_LoadMR(0, 2UL << 6);
		L4_LoadMR(1, a->head);
		L4_LoadMR(2, (L4_Word_t)client_out);
		__asm__ __volatile__("" : "=r"(result) : : "memory");
		acc |= result;
	}
	run_end(r);
	__asm__ __volatile__("" : : "r"(acc));
}

bool bench_string(void)
{
	static const unsigned sizes[] = { 4, 256, 4096, MAX_BYTES };
	for (unsigned i = 0; i < MAX_BYTES; i++)
		client_out[i] = (unsigned char)i, client_in[i] = 0, server_buf[i] = 0;
	L4_ThreadId_t server = space_start(string_server);
	if (L4_IsNilThread(server))
		return false;
	accept_buffer(client_in);
	bool ok = true;
	for (unsigned k = 0; k < 4 && ok; k++) {
		unsigned bytes = sizes[k];
		struct string_arg a = { .to = server, .head = (L4_Word_t)bytes << 10 };
		unsigned n = BENCH_N(bytes >= 4096 ? (bytes > 4096 ? 4 : 32) : 64);
		struct run m = best_of(string_loop, &a, n);
		struct run o = best_of(string_overhead, &a, n);
		for (unsigned i = 0; i < bytes && !a.failed; i++)
			a.failed |= client_in[i] != (unsigned char)i;
		if (a.failed) {
			printf("bench: ipc_string_rt: %u bytes did not come back\n", bytes);
			ok = false;
			break;
		}
		uint64_t net = m.cycles > o.cycles ? m.cycles - o.cycles : 0;
		char extra[64];
		snprintf(extra, sizeof extra, "bytes=%u per_kib=%lu", bytes,
		         (unsigned long)(net * 1024 / ((uint64_t)n * bytes)));
		report("ipc_string_rt", -1, "round_trip", &m, &o, n, extra);
	}
	L4_Accept(L4_UntypedWordsAcceptor);
	return space_kill(server) && ok;
}
