// SPDX-License-Identifier: MIT
/*
 * pipe.c: pipe_rt, one byte there and back through the user-level pipe
 * (libl4 l4/pipe.h) between two address spaces: the client writes a byte
 * into pipe a and reads the answer from pipe b; the server, in a space of
 * its own, reads a and writes b. The bytes go through the shared rings;
 * each direction costs one wake IPC, because the reader always waits.
 * Linux's pipe_rt (bench/linux) is the same exchange between two processes
 * through two kernel pipes.
 */
#include "bench.h"
#include <l4/pipe.h>

static struct pipe to_server __attribute__((aligned(4096)));
static struct pipe to_client __attribute__((aligned(4096)));

static void pipe_server(void)
{
	L4_Receive(root_id);                    /* the pipes are set up */
	for (;;) {
		unsigned char b;
		if (pipe_read(&to_server, &b, 1) != 1 || pipe_write(&to_client, &b, 1) != 1)
			break;
	}
	L4_Sleep(L4_Never);
}

struct pipe_arg { L4_Word_t failed; };

static void pipe_loop(unsigned n, void *arg, struct run *r)
{
	struct pipe_arg *a = arg;
	unsigned char out = 1, in = 0;
	L4_Word_t failed = 0;
	run_begin(r);
	for (unsigned i = 0; i < n; i++) {
		failed |= pipe_write(&to_server, &out, 1) != 1;
		failed |= pipe_read(&to_client, &in, 1) != 1;
	}
	run_end(r);
	a->failed |= failed | (in != out);
}

bool bench_pipe(void)
{
	L4_ThreadId_t server = space_start(pipe_server);
	if (L4_IsNilThread(server))
		return false;
	pipe_init(&to_server, server, root_id);
	pipe_init(&to_client, root_id, server);
	send_word(server, 0, 0);
	struct pipe_arg a = { 0 };
	unsigned n = BENCH_N(64);
	struct run m = best_of(pipe_loop, &a, n);
	struct run o = best_of(empty_loop, 0, n);
	if (a.failed)
		printf("bench: pipe_rt: a byte did not come back\n");
	else
		report("pipe_rt", -1, "round_trip", &m, &o, n, "");
	return space_kill(server) && !a.failed;
}
