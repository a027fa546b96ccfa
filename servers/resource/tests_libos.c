// SPDX-License-Identifier: MIT
/*
 * tests_libos.c: the library OS's own policy: LRU victims, and a program
 * that keeps working while the server takes frames from it.
 */
#include "tests.h"

bool test_lru_victims(void)
{
	struct rclient *c = rclient_start(true, 5, 0, 0);
	L4_Word_t out[8];
	EXPECT(c);
	EXPECT_RCMD(c, C_ALLOC_RUN, 4, 0, out, RES_OK);
	for (unsigned p = 0; p < 4; p++)
		rcmd(c, C_TOUCH, p, 0, out);
	rcmd(c, C_STATS, 0, 0, out);
	EXPECT_EQ(out[2], 0);           /* four frames, four pages: no eviction */
	rcmd(c, C_AGE, 0, 0, 0);
	rcmd(c, C_TOUCH, 0, 0, out);
	rcmd(c, C_TOUCH, 1, 0, out);
	rcmd(c, C_TOUCH, 3, 0, out);
	EXPECT_RCMD(c, C_TOUCH, 4, 0, out, 2);           /* the one not used since the last aging */
	rcmd(c, C_AGE, 0, 0, 0);
	rcmd(c, C_TOUCH, 4, 0, out);
	rcmd(c, C_TOUCH, 0, 0, out);
	rcmd(c, C_TOUCH, 1, 0, out);
	EXPECT_RCMD(c, C_TOUCH, 2, 0, out, 3);
	EXPECT_RCMD(c, C_VERIFY, 0, 0, out, 0);
	return true;
}

static struct rclient *demo;
static volatile L4_Word_t demo_bad = ~0UL;
static volatile bool demo_done, demo_stop;
static volatile unsigned demo_chunks;
#define DEMO_CHUNK      100

/* The program runs in chunks of DEMO_CHUNK steps until told to stop. */
static void demo_thread(void)
{
	L4_Word_t bad = 0;
	for (unsigned i = 0; !demo_stop || i < 2; i++, demo_chunks++) {
		L4_Word_t out[2] = { ~0UL, 0 };
		if (rcmd(demo, C_RUN, DEMO_CHUNK, 7 + i, out) != 1)
			out[0] = ~0UL;
		bad += out[0];
	}
	demo_bad = bad;
	demo_done = true;
	for (;;)
		L4_Receive_Timeout(L4_nilthread, L4_Never);
}

bool test_demo_under_pressure(void)
{
	demo = rclient_start(true, 24, 0, 4);
	struct rclient *hog = rclient_start(true, 4, 0, 0);
	L4_Word_t out[40];
	EXPECT(demo && hog);
	EXPECT_RCMD(demo, C_ALLOC_RUN, 12, 0, out, RES_OK);
	EXPECT_RCMD(demo, C_RUN, 50, 6, out, 0);
	EXPECT_RCMD(demo, C_STATS, 0, 0, out, 12);
	/* Memory is short: another client holds everything else. */
	while (rcmd(hog, C_ALLOC_RUN, 16, 0, out) == 2 && out[0] == RES_OK)
		;
	while (rcmd(hog, C_ALLOC, RES_ANY, 0, out) == 2 && out[0] == RES_OK)
		;
	EXPECT_EQ(free_frames(), 0);
	demo_done = demo_stop = false;
	demo_chunks = 0;
	unsigned start = demo->steps_done, given = 0, rounds = 0;
	L4_ThreadId_t t = thread_start(demo_thread);
	EXPECT(!L4_IsNilThread(t));
	/* While it runs: the server takes two frames at a time for the hog. */
	for (unsigned round = 0; round < 4; round++) {
		while (!demo_done && demo->steps_done < start + (round + 1) * 150)
			L4_ThreadSwitch(L4_nilthread);
		if (demo_done)
			break;
		EXPECT_EQ(admin_call(RES_REVOKE, demo->agent.raw, 2, 1000000, out, 4), RES_OK);
		given += out[0];
		EXPECT_EQ(out[1], 0);
		rcmd(hog, C_ALLOC, RES_ANY, 0, out);
		rcmd(hog, C_ALLOC, RES_ANY, 0, out);
		rounds++;
	}
	demo_stop = true;
	while (!demo_done)
		L4_ThreadSwitch(t);
	thread_kill(t);
	EXPECT_EQ(rounds, 4);
	EXPECT_EQ(given, 8);
	EXPECT_EQ(demo_bad, 0);
	EXPECT_RCMD(demo, C_VERIFY, 0, 0, out, 0);
	rcmd(demo, C_STATS, 0, 0, out);
	printf("# demo: %u steps, frames %lu, misses %lu, evictions %lu, given back %lu\n",
	       demo->steps_done - start, out[0], out[1], out[2], out[3]);
	EXPECT_EQ(out[0], 4);
	EXPECT_EQ(out[3], 8);
	EXPECT_EQ(out[4], 0);
	EXPECT(out[2] > 0);
	return true;
}
