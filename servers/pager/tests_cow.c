// SPDX-License-Identifier: MIT
/*
 * tests_cow.c: copy-on-write between two client spaces (the fork).
 */
#include "tests.h"
#include "cow.h"

#define PAGES 8
#define HALF  (PAGES / 2 * 4096UL)
#define ALL   (PAGES * 4096UL)

static struct pager pc;
static struct cow cow;

/* Checks [addr, addr + bytes) of client c against the pattern of seed. */
static bool same(const struct client *c, L4_Word_t addr, L4_Word_t bytes, L4_Word_t seed)
{
	L4_Word_t bad = ~0UL;
	if (client_cmd(c, CMD_CHECK, addr, bytes, seed, &bad) != AGENT_OK || bad) {
		printf("# client %lx at %lx: %lx bytes differ from seed %lu\n",
		       (unsigned long)c->agent.raw, (unsigned long)addr, (unsigned long)bad,
		       (unsigned long)seed);
		return false;
	}
	return true;
}

bool test_copy_on_write(void)
{
	struct client parent = { L4_nilthread, L4_nilthread }, child = parent;
	L4_ThreadId_t pt = test_pager_start(&pc, "copy-on-write");
	bool ok = false;
	if (L4_IsNilThread(pt) || !add_image_region(&pc) || !cow_init(&cow, &pool, PAGES) ||
	    !client_start(&parent, pt, false) || !client_start(&child, pt, false) ||
	    !pager_add_region(&pc, parent.agent, COW_AREA, ALL, L4_ReadWriteOnly, cow_fault, &cow.side[0]) ||
	    !pager_add_region(&pc, child.agent, COW_AREA, ALL, L4_ReadWriteOnly, cow_fault, &cow.side[1]))
		goto out;
	unsigned free0 = pool.nfree;
	/* The parent's memory, then the fork. */
	if (client_cmd(&parent, CMD_FILL, COW_AREA, ALL, 1, 0) != AGENT_OK)
		goto out;
	cow_fork(&cow);
	/* Both read the parent's bytes from the same frames: no copy. */
	if (!same(&parent, COW_AREA, ALL, 1) || !same(&child, COW_AREA, ALL, 1) ||
	    cow.copies != 0 || cow.shared_maps != PAGES || pool.nfree != free0 - PAGES)
		goto out;
	/* The child writes the first half: copies, the parent keeps its own. */
	if (client_cmd(&child, CMD_FILL, COW_AREA, HALF, 2, 0) != AGENT_OK || cow.copies != PAGES / 2 ||
	    !same(&parent, COW_AREA, ALL, 1) || !same(&child, COW_AREA, HALF, 2) ||
	    !same(&child, COW_AREA + HALF, HALF, 1))
		goto out;
	/* The parent writes the second half (still shared: copies) and the
	 * first (now its own alone: the write right comes back, no copy). */
	if (client_cmd(&parent, CMD_FILL, COW_AREA + HALF, HALF, 3, 0) != AGENT_OK ||
	    client_cmd(&parent, CMD_FILL, COW_AREA, HALF, 4, 0) != AGENT_OK)
		goto out;
	if (cow.copies != PAGES || cow.upgrades != PAGES / 2) {
		printf("# %lu copies, %lu upgrades\n", (unsigned long)cow.copies,
		       (unsigned long)cow.upgrades);
		goto out;
	}
	/* The child wrote its copies of the second half last: they are its
	 * own now too, and a write there copies nothing. */
	if (!same(&parent, COW_AREA, HALF, 4) || !same(&parent, COW_AREA + HALF, HALF, 3) ||
	    !same(&child, COW_AREA, HALF, 2) || !same(&child, COW_AREA + HALF, HALF, 1) ||
	    client_cmd(&child, CMD_FILL, COW_AREA + HALF, HALF, 5, 0) != AGENT_OK ||
	    cow.copies != PAGES || !same(&child, COW_AREA + HALF, HALF, 5) ||
	    !same(&parent, COW_AREA + HALF, HALF, 3))
		goto out;
	ok = pool.nfree == free0 - 2 * PAGES;
out:
	client_kill(&parent);
	client_kill(&child);
	cow_release(&cow);
	test_pager_stop(pt);
	return ok;
}
