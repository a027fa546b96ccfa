// SPDX-License-Identifier: MIT
/*
 * tests_model.c: a long randomised run of allocate, pass, free, revoke
 * (cooperative and aborted) and client deletion, of frames, port ranges
 * and interrupt lines, each result checked against a model of who owns
 * which resource; the server's accounting is compared with the model
 * along the way and at the end, and bound ports and lines are used.
 */
#include "tests.h"

#define NCLIENTS        3
#define OPS             500
#define MINIMUM         2
#define MAX_HELD        40
#define NOBODY          (-1)

#define NDEVICES        (RES_NPORTS + RES_NLINES)
#define COM2            0x2F8

static int owner[RES_FRAMES];
static int dev_owner[NDEVICES];
static L4_Word_t dev_name[NDEVICES];    /* the port ranges (COM2 first), then the lines (3 first) */
static unsigned com2_uses, com2_interrupts;
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

static unsigned devices_of(int who)
{
	unsigned n = 0;
	for (unsigned i = 0; i < NDEVICES; i++)
		n += dev_owner[i] == who;
	return n;
}

static int device_index(L4_Word_t name)
{
	for (int i = 0; i < NDEVICES; i++)
		if (dev_name[i] == name)
			return i;
	return -1;
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
		EXPECT_EQ(out[0], count(k) + devices_of(k));
		for (unsigned i = 0; i < out[0]; i++) {
			int x = index_of(out[1 + i]), d = device_index(out[1 + i]);
			EXPECT((x >= 0 && owner[x] == k) || (d >= 0 && dev_owner[d] == k));
		}
		rcmd(cl[k], C_HOLDINGS, 0, 0, out);
		EXPECT_EQ(out[1], count(k) + devices_of(k));
		EXPECT_EQ(out[2], 1);
	}
	for (L4_Word_t kind = RES_KIND_IO_PORTS; kind <= RES_KIND_IRQ; kind++) {
		unsigned lo = kind == RES_KIND_IO_PORTS ? 0 : RES_NPORTS;
		unsigned hi = kind == RES_KIND_IO_PORTS ? RES_NPORTS : NDEVICES, nfree = 0;
		for (unsigned d = lo; d < hi; d++)
			nfree += dev_owner[d] == NOBODY;
		EXPECT_EQ(admin_call(RES_FREE_LIST, 0, kind, 0, out, RES_MAX_LIST + 1), RES_OK);
		EXPECT_EQ(out[0], nfree);
		for (unsigned i = 0; i < nfree; i++) {
			int d = device_index(out[1 + i]);
			EXPECT(d >= (int)lo && d < (int)hi && dev_owner[d] == NOBODY);
		}
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
	switch (rng() % 12) {
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
		EXPECT_RCMD(c, C_ALLOC, base + x * 4096, 0, out, owner[x] == NOBODY ? RES_OK : RES_E_TAKEN);
		if (owner[x] == NOBODY)
			owner[x] = k;
		break;
	}
	case 3: {                       /* free some frame: only its owner can */
		unsigned x = rng() % RES_FRAMES;
		EXPECT_RCMD(c, C_FREE, base + x * 4096, 0, out, owner[x] == k ? RES_OK : RES_E_NOT_HELD);
		if (owner[x] == k)
			owner[x] = NOBODY;
		break;
	}
	case 4: {                       /* pass some frame to another, who binds it */
		unsigned x = rng() % RES_FRAMES;
		int to = (k + 1 + (int)(rng() % (NCLIENTS - 1))) % NCLIENTS;
		if (count(to) >= MAX_HELD)
			break;
		EXPECT_RCMD(c, C_PASS, base + x * 4096, cl[to]->agent.raw, out, owner[x] == k ? RES_OK : RES_E_NOT_HELD);
		if (owner[x] != k)
			break;
		owner[x] = to;
		EXPECT_RCMD(cl[to], C_MAP, base + x * 4096, 0, out, RES_OK);
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
			EXPECT_RCMD(c, C_SYNC, 0, 0, out, want);
		}
		break;
	}
	case 6:                         /* use what it holds */
		if (held) {
			EXPECT_RCMD(c, C_RUN, 10, rng(), out, 0);
		}
		break;
	case 7:                         /* its space is deleted, a new client comes */
		if (rng() % 4)
			break;
		EXPECT_EQ(rclient_kill(c), (int)(held + devices_of(k)));
		for (unsigned i = 0; i < RES_FRAMES; i++)
			if (owner[i] == k)
				owner[i] = NOBODY;
		for (unsigned d = 0; d < NDEVICES; d++)
			if (dev_owner[d] == k)
				dev_owner[d] = NOBODY;
		cl[k] = start(k);
		EXPECT(cl[k]);
		break;
	case 8: {                       /* a port range or line by name */
		unsigned d = rng() % NDEVICES;
		EXPECT_RCMD(c, C_CLAIM, dev_name[d], 0, out, dev_owner[d] == NOBODY ? RES_OK : RES_E_TAKEN);
		if (dev_owner[d] == NOBODY)
			dev_owner[d] = k;
		break;
	}
	case 9: {                       /* free it, or pass it to another, who binds it */
		unsigned d = rng() % NDEVICES;
		int to = (k + 1 + (int)(rng() % (NCLIENTS - 1))) % NCLIENTS;
		bool pass = rng() % 2;
		EXPECT_RCMD(c, pass ? C_PASS : C_FREE, dev_name[d], cl[to]->agent.raw, out, dev_owner[d] == k ? RES_OK : RES_E_NOT_HELD);
		if (dev_owner[d] != k)
			break;
		dev_owner[d] = pass ? to : NOBODY;
		if (pass) {
			EXPECT_RCMD(cl[to], C_MAP, dev_name[d], 0, out, RES_OK);
		}
		break;
	}
	case 10: {                      /* a named revocation: given back, or taken */
		unsigned d = rng() % NDEVICES;
		bool coop = k != 2;
		L4_Word_t r = admin_call(RES_REVOKE_ONE, c->agent.raw, dev_name[d],
		                         coop ? 1000000 : 10000, out, 3);
		if (dev_owner[d] != k) {
			EXPECT_EQ(r, RES_ERR);
			EXPECT_EQ(out[0], RES_E_NOT_HELD);
			break;
		}
		EXPECT_EQ(r, RES_OK);
		EXPECT_EQ(out[0], coop);
		EXPECT_EQ(out[1], !coop);
		EXPECT_EQ(out[2], dev_name[d]);
		dev_owner[d] = NOBODY;
		if (!coop) {
			EXPECT_RCMD(c, C_SYNC, 0, 0, out, 1);
		}
		break;
	}
	case 11:                        /* use COM2 (claimed if free), and its line if held */
		if (dev_owner[0] == NOBODY) {
			EXPECT_RCMD(c, C_CLAIM, dev_name[0], 0, out, RES_OK);
			dev_owner[0] = k;
		}
		if (dev_owner[0] != k)
			break;
		L4_Word_t byte = rng() & 0xFF;
		rcmd(c, C_OUTB, COM2 + 7, byte, 0);
		EXPECT_RCMD(c, C_INB, COM2 + 7, 0, out, byte);
		EXPECT_RCMD(c, C_IRQ, 3, COM2, out, dev_owner[RES_NPORTS] == k);
		EXPECT_EQ(out[1], 0x02);
		com2_uses++;
		com2_interrupts += out[0];
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
	static const L4_Word_t ports[] = RES_PORTS, lines[] = RES_LINES;
	for (unsigned d = 0; d < NDEVICES; d++) {
		dev_name[d] = d < RES_NPORTS ? res_ports_name(ports[d], RES_PORTS_LOG2) :
		              res_irq_name(lines[d - RES_NPORTS]);
		dev_owner[d] = NOBODY;
	}
	com2_uses = com2_interrupts = 0;
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
	printf("# model: COM2 used %u times by its owner, %u times with its line\n", com2_uses,
	       com2_interrupts);
	EXPECT(com2_uses > 0 && com2_interrupts > 0);
	return compare();
}
