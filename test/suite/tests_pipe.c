// SPDX-License-Identifier: MIT
/*
 * tests_pipe.c: the shared-ring pipe (libl4 l4/pipe.h) between the root
 * thread and a thread in another address space. The pipe's area is in the
 * root task's bss; the child runs the root task's image, so its pager maps
 * the same pages into the child: both ends really share the ring.
 */
#include "spaces.h"
#include "suite.h"
#include <l4/pipe.h>

#define GO_LABEL   0x60
#define DONE_LABEL 0x61

static struct pipe pipe_a __attribute__((aligned(4096)));
static struct pipe pipe_b __attribute__((aligned(4096)));
static volatile int child_result;
static volatile L4_Word_t child_delay_us, child_bytes;

static unsigned char pattern(L4_Word_t i)
{
	return (unsigned char)(i * 7 + (i >> 8) + 3);
}

/* Waits for the go, runs 'body', reports with a DONE message, sleeps. */
static void child_frame(int (*body)(void))
{
	L4_Receive(root_id);
	child_result = body();
	send_word(root_id, DONE_LABEL, 0);
	L4_Sleep(L4_Never);
}

static L4_ThreadId_t start_child(void (*fn)(void), struct pipe *p, bool child_writes)
{
	L4_ThreadId_t c = space_start(fn);
	if (L4_IsNilThread(c))
		return c;
	if (child_writes)
		pipe_init(p, root_id, c);
	else
		pipe_init(p, c, root_id);
	child_result = -99;
	send_word(c, GO_LABEL, 0);
	return c;
}

static bool child_done(L4_ThreadId_t c)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(c, L4_TimePeriod(2000000));
	return L4_IpcSucceeded(tag) && L4_Label(tag) == DONE_LABEL;
}

/* ---- a stream larger than the ring, in odd chunk sizes ------------------- */

static int stream_writer(void)
{
	unsigned char chunk[1000];
	L4_Word_t sent = 0;
	for (unsigned size = 1; sent < child_bytes; size = size * 3 % 997 + 1) {
		unsigned n = child_bytes - sent < size ? (unsigned)(child_bytes - sent) : size;
		for (unsigned i = 0; i < n; i++)
			chunk[i] = pattern(sent + i);
		if (pipe_write(&pipe_a, chunk, n) != (int)n)
			return -1;
		sent += n;
	}
	pipe_close_write(&pipe_a);
	return 0;
}

static void stream_child(void) { child_frame(stream_writer); }

static bool test_pipe_stream(void)
{
	child_bytes = 64 * 1024;
	L4_ThreadId_t c = start_child(stream_child, &pipe_a, true);
	EXPECT(!L4_IsNilThread(c));
	unsigned char buf[700];
	L4_Word_t got = 0;
	bool in_order = true;
	for (unsigned size = 5;; size = size * 5 % 699 + 1) {
		int n = pipe_read(&pipe_a, buf, size);
		EXPECT(n >= 0 && n <= (int)size);
		if (n == 0)
			break;                  /* end of file */
		for (int i = 0; i < n; i++)
			in_order &= buf[i] == pattern(got + (L4_Word_t)i);
		got += (L4_Word_t)n;
	}
	EXPECT(in_order);
	EXPECT_EQ(got, child_bytes);
	EXPECT(pipe_read(&pipe_a, buf, 1) == 0);        /* stays at end of file */
	EXPECT(child_done(c));
	EXPECT_EQ(child_result, 0);
	EXPECT(space_kill(c));
	return true;
}

/* ---- blocking: an empty ring stops the reader, a full one the writer ----- */

static int late_writer(void)
{
	L4_Sleep(L4_TimePeriod(child_delay_us));
	unsigned char b = 0x42;
	return pipe_write(&pipe_a, &b, 1) == 1 ? 0 : -1;
}

static void late_child(void) { child_frame(late_writer); }

static int full_writer(void)
{
	/* Three rings' worth at once: the write waits for the reader twice. */
	static unsigned char big[3 * PIPE_RING_SIZE];
	for (unsigned i = 0; i < sizeof big; i++)
		big[i] = pattern(i);
	return pipe_write(&pipe_a, big, sizeof big) == (int)sizeof big ? 0 : -1;
}

static void full_child(void) { child_frame(full_writer); }

static bool test_pipe_blocking(void)
{
	/* The reader waits (in IPC, not spinning) until the byte comes. */
	child_delay_us = 30000;
	L4_ThreadId_t c = start_child(late_child, &pipe_a, true);
	EXPECT(!L4_IsNilThread(c));
	L4_Word_t t0 = (L4_Word_t)L4_SystemClock().raw;
	unsigned char b = 0;
	EXPECT(pipe_read(&pipe_a, &b, 1) == 1);
	L4_Word_t waited = (L4_Word_t)L4_SystemClock().raw - t0;
	EXPECT_EQ(b, 0x42);
	EXPECT(waited >= 20000);
	EXPECT(child_done(c) && child_result == 0);
	EXPECT(space_kill(c));
	/* The writer fills the ring and waits; the reader drains it late. */
	c = start_child(full_child, &pipe_a, true);
	EXPECT(!L4_IsNilThread(c));
	L4_Sleep(L4_TimePeriod(20000));
	EXPECT_EQ(pipe_a.head - pipe_a.tail, PIPE_RING_SIZE);  /* full, waiting */
	EXPECT_EQ(pipe_a.writer_waits, 1);
	L4_Word_t got = 0;
	bool in_order = true;
	while (got < 3 * PIPE_RING_SIZE) {
		unsigned char buf[512];
		int n = pipe_read(&pipe_a, buf, sizeof buf);
		EXPECT(n > 0);
		for (int i = 0; i < n; i++)
			in_order &= buf[i] == pattern(got + (L4_Word_t)i);
		got += (L4_Word_t)n;
	}
	EXPECT(in_order);
	EXPECT(child_done(c) && child_result == 0);
	EXPECT(space_kill(c));
	return true;
}

/* ---- ping-pong through two pipes ------------------------------------------ */

static int pong(void)
{
	for (L4_Word_t i = 0; i < child_bytes; i++) {
		unsigned char b;
		if (pipe_read(&pipe_a, &b, 1) != 1 || pipe_write(&pipe_b, &b, 1) != 1)
			return -1;
	}
	return 0;
}

static void pong_child(void) { child_frame(pong); }

static bool test_pipe_pingpong(void)
{
	child_bytes = 1000;
	L4_ThreadId_t c = space_start(pong_child);
	EXPECT(!L4_IsNilThread(c));
	pipe_init(&pipe_a, c, root_id);         /* root writes a, child reads */
	pipe_init(&pipe_b, root_id, c);         /* child writes b, root reads */
	child_result = -99;
	send_word(c, GO_LABEL, 0);
	for (L4_Word_t i = 0; i < child_bytes; i++) {
		unsigned char out = pattern(i), in = 0;
		EXPECT(pipe_write(&pipe_a, &out, 1) == 1);
		EXPECT(pipe_read(&pipe_b, &in, 1) == 1);
		EXPECT_EQ(in, out);
	}
	EXPECT(child_done(c) && child_result == 0);
	EXPECT(space_kill(c));
	return true;
}

/* ---- closing, wrong callers, a partner that is gone -------------------------- */

static int closing_reader(void)
{
	unsigned char b;
	int first = pipe_read(&pipe_a, &b, 1);
	pipe_close_read(&pipe_a);
	return first == 1 && b == 0x11 ? 0 : -1;
}

static void closing_child(void) { child_frame(closing_reader); }

static bool test_pipe_errors(void)
{
	/* Only the ends may use the pipe: the root is the reader here. */
	unsigned char b = 0x11;
	pipe_init(&pipe_a, root_id, L4_GlobalId(4321, 1));
	EXPECT(pipe_write(&pipe_a, &b, 1) == -1);
	EXPECT(pipe_read(&pipe_a, &b, 0) == 0);
	/* A writer whose reader closed its end gets -1, at once. */
	L4_ThreadId_t c = start_child(closing_child, &pipe_a, false);
	EXPECT(!L4_IsNilThread(c));
	EXPECT(pipe_write(&pipe_a, &b, 1) == 1);
	EXPECT(child_done(c) && child_result == 0);
	EXPECT(pipe_write(&pipe_a, &b, 1) == -1);
	EXPECT(space_kill(c));
	/* A reader whose writer is gone: the wait fails, it does not hang. */
	c = space_start(pong_child);
	EXPECT(!L4_IsNilThread(c));
	pipe_init(&pipe_b, root_id, c);
	EXPECT(space_kill(c));
	EXPECT(pipe_read(&pipe_b, &b, 1) == -1);
	/* The same with a wait that times out while the writer lives on. */
	child_delay_us = 0;
	c = start_child(late_child, &pipe_a, true);
	EXPECT(!L4_IsNilThread(c));
	pipe_init(&pipe_b, root_id, c);         /* c never writes to b */
	pipe_set_timeout(&pipe_b, 20000);
	EXPECT(pipe_read(&pipe_b, &b, 1) == -1);
	EXPECT_EQ(pipe_b.reader_waits, 1);      /* raised, never answered */
	EXPECT(space_kill(c));
	return true;
}

const struct test pipe_tests[] = {
	{ "pipe_stream", "64 KiB through a 4 KiB shared ring across spaces, in order, then end of file", test_pipe_stream },
	{ "pipe_blocking", "an empty ring blocks the reader and a full one the writer, in IPC, until woken", test_pipe_blocking },
	{ "pipe_pingpong", "1000 bytes there and back through two pipes", test_pipe_pingpong },
	{ "pipe_errors", "wrong caller, closed reader, gone writer, timed-out wait: -1, never a hang", test_pipe_errors },
	{ 0, 0, 0 },
};
