// SPDX-License-Identifier: MIT
/*
 * tests_model.c: a long randomised run of allocate, pass, free, revoke
 * (cooperative and aborted) and client deletion, each result checked
 * against a model of who owns which frame; the server's accounting is
 * compared with the model along the way and at the end.
 */
#include "tests.h"

#define NCLIENTS        3
#define OPS             400
#define MINIMUM         2
#define MAX_HELD        40
#define NOBODY          (-1)

static int owner[RES_FRAMES];
static L4_Word_t base;
static struct rclient *cl[NCLIENTS];
static unsigned rng_state;

static unsigned rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static unsigned count(int who)
{
	unsigned n = 0;
	for (unsigned i = 0; i < RES_FRAMES; i++)
		n += owner[i] == who;
	return n;
}

static int index_of(L4_Word_t phys)
{
	L4_Word_t i = (phys - base) / 4096;
	return phys >= base && i < RES_FRAMES && !(phys & 0xFFF) ? (int)i : -1;
}

static bool has_free_run(unsigned n)
{
	for (unsigned i = 0, len = 0; i < RES_FRAMES; i++)
		if ((len = owner[i] == NOBODY ? len + 1 : 0) == n)
			return true;
	return false;
}

static struct rclient *start(int k)
{
	return rclient_start(k != 2, 4, 0, MINIMUM);    /* client 2 never cooperates */
}

/* The server, the library OSes and the model agree. */
static bool compare(void)
{
	L4_Word_t out[RES_MAX_LIST + 1];
	for (int k = 0; k < NCLIENTS; k++) {
		EXPECT_EQ(admin_call(RES_HOLDINGS, cl[k]->agent.raw, 0, 0, out, RES_MAX_LIST + 1), RES_OK);
		EXPECT_EQ(out[0], count(k));
		for (unsigned i = 0; i < out[0]; i++) {
			int x = index_of(out[1 + i]);
			EXPECT(x >= 0 && owner[x] == k);
		}
		rcmd(cl[k], C_HOLDINGS, 0, 0, out);
		EXPECT_EQ(out[1], count(k));
		EXPECT_EQ(out[2], 1);
	}
	unsigned nfree = 0;
	for (unsigned start = 0; ; start += RES_MAX_LIST) {
		EXPECT_EQ(admin_call(RES_FREE_LIST, start, 0, 0, out, RES_MAX_LIST + 1), RES_OK);
		EXPECT_EQ(out[0], count(NOBODY));
		unsigned n = out[0] - start < RES_MAX_LIST ? out[0] - start : RES_MAX_LIST;
		for (unsigned i = 0; i < n; i++, nfree++) {
			int x = index_of(out[1 + i]);
			EXPECT(x >= 0 && owner[x] == NOBODY);
		}
		if (n < RES_MAX_LIST)
			break;
	}
	EXPECT_EQ(nfree, count(NOBODY));
	EXPECT_EQ(admin_call(RES_DUMP, 0, 0, 0, out, 1), RES_OK);
	EXPECT_EQ(out[0], 1);           /* the server's own counts agree */
	return true;
}

static bool step(void)
{
	L4_Word_t out[40];
	int k = (int)(rng() % NCLIENTS);
	struct rclient *c = cl[k];
	unsigned held = count(k);
	switch (rng() % 8) {
	case 0: {                       /* any frame */
		if (held >= MAX_HELD)
			break;
		rcmd(c, C_ALLOC, RES_ANY, 0, out);
		if (count(NOBODY) == 0) {
			EXPECT_EQ(out[0], RES_E_NONE_FREE);
			break;
		}
		EXPECT_EQ(out[0], RES_OK);
		int x = index_of(out[1]);
		EXPECT(x >= 0 && owner[x] == NOBODY);
		owner[x] = k;
		break;
	}
	case 1: {                       /* a contiguous run */
		unsigned n = 2 + rng() % 3;
		if (held + n > MAX_HELD)
			break;
		rcmd(c, C_ALLOC_RUN, n, 0, out);
		if (!has_free_run(n)) {
			EXPECT_EQ(out[0], RES_E_NONE_FREE);
			break;
		}
		EXPECT_EQ(out[0], RES_OK);
		int x = index_of(out[1]);
		EXPECT(x >= 0 && x + n <= RES_FRAMES);
		for (unsigned i = 0; i < n; i++) {
			EXPECT_EQ(owner[x + i], NOBODY);
			owner[x + i] = k;
		}
		break;
	}
	case 2: {                       /* a frame by name */
		if (held >= MAX_HELD)
			break;
		unsigned x = rng() % RES_FRAMES;
		rcmd(c, C_ALLOC, base + x * 4096, 0, out);
		EXPECT_EQ(out[0], owner[x] == NOBODY ? RES_OK : RES_E_TAKEN);
		if (owner[x] == NOBODY)
			owner[x] = k;
		break;
	}
	case 3: {                       /* free some frame: only its owner can */
		unsigned x = rng() % RES_FRAMES;
		rcmd(c, C_FREE, base + x * 4096, 0, out);
		EXPECT_EQ(out[0], owner[x] == k ? RES_OK : RES_E_NOT_HELD);
		if (owner[x] == k)
			owner[x] = NOBODY;
		break;
	}
	case 4: {                       /* pass some frame to another, who binds it */
		unsigned x = rng() % RES_FRAMES;
		int to = (k + 1 + (int)(rng() % (NCLIENTS - 1))) % NCLIENTS;
		if (count(to) >= MAX_HELD)
			break;
		rcmd(c, C_PASS, base + x * 4096, cl[to]->agent.raw, out);
		EXPECT_EQ(out[0], owner[x] == k ? RES_OK : RES_E_NOT_HELD);
		if (owner[x] != k)
			break;
		owner[x] = to;
		rcmd(cl[to], C_MAP, base + x * 4096, 0, out);
		EXPECT_EQ(out[0], RES_OK);
		break;
	}
	case 5: {                       /* revoke: given back, or taken at the deadline */
		unsigned ask = 1 + rng() % 5, spare = held > MINIMUM ? held - MINIMUM : 0;
		unsigned want = ask < spare ? ask : spare;
		bool coop = k != 2;
		EXPECT_EQ(admin_call(RES_REVOKE, c->agent.raw, ask, coop ? 1000000 : 10000,
		                     out, 40), RES_OK);
		EXPECT_EQ(out[0], coop ? want : 0);
		EXPECT_EQ(out[1], coop ? 0 : want);
		for (unsigned i = 0; i < out[0] + out[1]; i++) {
			int x = index_of(out[2 + i]);
			EXPECT(x >= 0 && owner[x] == k);
			owner[x] = NOBODY;
		}
		if (!coop) {
			rcmd(c, C_SYNC, 0, 0, out);
			EXPECT_EQ(out[0], want);
		}
		break;
	}
	case 6:                         /* use what it holds */
		if (held) {
			rcmd(c, C_RUN, 10, rng(), out);
			EXPECT_EQ(out[0], 0);
		}
		break;
	case 7:                         /* its space is deleted, a new client comes */
		if (rng() % 4)
			break;
		EXPECT_EQ(rclient_kill(c), (int)held);
		for (unsigned i = 0; i < RES_FRAMES; i++)
			if (owner[i] == k)
				owner[i] = NOBODY;
		cl[k] = start(k);
		EXPECT(cl[k]);
		break;
	}
	return true;
}

bool test_random_model(void)
{
	L4_Word_t out[RES_MAX_LIST + 1];
	EXPECT_EQ(admin_call(RES_FREE_LIST, 0, 0, 0, out, RES_MAX_LIST + 1), RES_OK);
	EXPECT_EQ(out[0], RES_FRAMES);
	base = out[1];
	for (unsigned i = 0; i < RES_FRAMES; i++)
		owner[i] = NOBODY;
	for (int k = 0; k < NCLIENTS; k++)
		EXPECT(cl[k] = start(k));
	rng_state = 0x2545F491;
	for (unsigned op = 0; op < OPS; op++) {
		if (!step()) {
			printf("# at operation %u\n", op);
			return false;
		}
		if (op % 50 == 49 && !compare()) {
			printf("# after operation %u\n", op);
			return false;
		}
	}
	return compare();
}
