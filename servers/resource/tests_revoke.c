// SPDX-License-Identifier: MIT
/*
 * tests_revoke.c: visible revocation, the abort protocol, the guaranteed
 * minimum, and a deleted client's frames.
 */
#include "tests.h"

#define COOPERATIVE_DEADLINE    1000000 /* us */
#define SHORT_DEADLINE          20000

bool test_cooperative_revoke(void)
{
	struct rclient *c = rclient_start(true, 12, 0, 2);
	L4_Word_t out[40];
	EXPECT(c);
	EXPECT_RCMD(c, C_ALLOC_RUN, 8, 0, out, RES_OK);
	EXPECT_RCMD(c, C_RUN, 100, 1, out, 0);
	EXPECT_EQ(admin_call(RES_REVOKE, c->agent.raw, 3, COOPERATIVE_DEADLINE, out, 5), RES_OK);
	EXPECT_EQ(out[0], 3);           /* given back */
	EXPECT_EQ(out[1], 0);           /* taken */
	L4_Word_t given[3] = { out[2], out[3], out[4] };
	for (unsigned i = 0; i < 3; i++) {
		EXPECT_RCMD(c, C_ADDR, given[i], 0, out, 0);
	}
	EXPECT_RCMD(c, C_HOLDINGS, 0, 0, out, 5);
	EXPECT_EQ(out[1], 5);
	EXPECT_EQ(out[2], 1);
	EXPECT_EQ(free_frames(), RES_FRAMES - 5);
	EXPECT_EQ(rcmd(c, C_STATS, 0, 0, out), 6);
	EXPECT_EQ(out[3], 3);           /* given back */
	EXPECT_EQ(out[4], 0);           /* repossessed */
	EXPECT_RCMD(c, C_REPO, 0, 0, out, 0);
	/* Its pages went to its store: every byte is still right. */
	EXPECT_RCMD(c, C_VERIFY, 0, 0, out, 0);
	EXPECT_RCMD(c, C_RUN, 100, 2, out, 0);
	return true;
}

bool test_abort(void)
{
	struct rclient *c = rclient_start(false, 12, 0, 2);
	L4_Word_t out[40];
	EXPECT(c);
	EXPECT_RCMD(c, C_ALLOC_RUN, 8, 0, out, RES_OK);
	EXPECT_RCMD(c, C_RUN, 100, 3, out, 0);
	EXPECT_EQ(admin_call(RES_REVOKE, c->agent.raw, 3, SHORT_DEADLINE, out, 5), RES_OK);
	EXPECT_EQ(out[0], 0);
	EXPECT_EQ(out[1], 3);
	L4_Word_t taken[3] = { out[2], out[3], out[4] };
	/* The repossession vector says what was taken. */
	EXPECT_EQ(rcmd(c, C_REPO, 0, 0, out), 5);
	EXPECT_EQ(out[0], 3);
	EXPECT_EQ(out[1], 3);
	for (unsigned i = 0; i < 3; i++)
		EXPECT_EQ(out[2 + i], taken[i]);
	EXPECT_RCMD(c, C_HOLDINGS, 0, 0, out, 5);
	EXPECT_EQ(out[1], 8);           /* the library OS has not looked yet */
	EXPECT_RCMD(c, C_SYNC, 0, 0, out, 3);
	rcmd(c, C_HOLDINGS, 0, 0, out);
	EXPECT_EQ(out[1], 5);
	EXPECT_EQ(out[2], 1);
	/* It keeps running on the rest (pages whose newest data was taken
	 * fall back to their store copy, and say so). */
	EXPECT_RCMD(c, C_RUN, 200, 4, out, 0);
	EXPECT_RCMD(c, C_VERIFY, 0, 0, out, 0);
	EXPECT_RCMD(c, C_STATS, 0, 0, out, 5);
	EXPECT_EQ(out[4], 3);
	printf("# abort: %lu pages lost their newest data\n", out[5]);
	return true;
}

bool test_minimum(void)
{
	struct rclient *good = rclient_start(true, 4, 0, 3), *bad = rclient_start(false, 4, 0, 3);
	L4_Word_t out[40];
	EXPECT(good && bad);
	EXPECT_RCMD(good, C_ALLOC_RUN, 3, 0, out, RES_OK);
	EXPECT_RCMD(bad, C_ALLOC_RUN, 4, 0, out, RES_OK);
	EXPECT_EQ(admin_call(RES_REVOKE, good->agent.raw, 5, COOPERATIVE_DEADLINE, out, 2), RES_OK);
	EXPECT_EQ(out[0] + out[1], 0);
	rcmd(good, C_STATS, 0, 0, out);
	EXPECT_EQ(out[3], 0);           /* not even asked */
	EXPECT_EQ(admin_call(RES_REVOKE, bad->agent.raw, 5, SHORT_DEADLINE, out, 2), RES_OK);
	EXPECT_EQ(out[0], 0);
	EXPECT_EQ(out[1], 1);           /* 4 held, 3 guaranteed */
	EXPECT_EQ(admin_call(RES_REVOKE, bad->agent.raw, 5, SHORT_DEADLINE, out, 2), RES_OK);
	EXPECT_EQ(out[0] + out[1], 0);
	EXPECT_RCMD(bad, C_RUN, 50, 5, out, 0);
	EXPECT_RCMD(bad, C_HOLDINGS, 0, 0, out, 3);
	EXPECT_EQ(out[2], 1);
	EXPECT_RCMD(good, C_HOLDINGS, 0, 0, out, 3);
	return true;
}

bool test_space_deleted(void)
{
	struct rclient *c = rclient_start(true, 4, 0, 0);
	L4_Word_t out[4];
	EXPECT(c);
	EXPECT_RCMD(c, C_ALLOC_RUN, 6, 0, out, RES_OK);
	EXPECT_RCMD(c, C_ALLOC, RES_ANY, 0, out, RES_OK);
	EXPECT_EQ(free_frames(), RES_FRAMES - 7);
	/* Alive: the server checks, and keeps its frames. */
	EXPECT_EQ(admin_call(RES_GONE, c->agent.raw, 0, 0, out, 1), RES_ERR);
	EXPECT_EQ(out[0], RES_E_ALIVE);
	L4_ThreadId_t agent = c->agent;
	EXPECT_EQ(rclient_kill(c), 7);
	EXPECT_EQ(free_frames(), RES_FRAMES);
	EXPECT_EQ(admin_call(RES_HOLDINGS, agent.raw, 0, 0, out, 1), RES_ERR);
	EXPECT_EQ(out[0], RES_E_NOT_CLIENT);
	return true;
}
