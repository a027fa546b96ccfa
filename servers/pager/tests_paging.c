// SPDX-License-Identifier: MIT
/*
 * tests_paging.c: a region far larger than the memory behind it.
 */
#include "tests.h"
#include "paging.h"

#define PAGES 48                /* 12 times the LIMIT_PAGES frames */
#define ALL   (PAGES * 4096UL)

static struct pager pp;
static struct paging paging;

static void stats(const char *when)
{
	printf("# %s: %lu evictions, %lu written back, %lu restored, %lu zero-filled, "
	       "%lu second chances\n", when, (unsigned long)paging.evictions,
	       (unsigned long)paging.writebacks, (unsigned long)paging.restores,
	       (unsigned long)paging.zero_fills, (unsigned long)paging.second_chances);
}

bool test_paging(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = test_pager_start(&pp, "paging");
	bool ok = false;
	L4_Word_t bad = ~0UL;
	if (L4_IsNilThread(pt) || !add_image_region(&pp) ||
	    !paging_init(&paging, &limit_pool, &mem_store.store, PAGES) ||
	    !client_start(&c, pt, false) ||
	    !pager_add_region(&pp, c.agent, PAGING_AREA, ALL, L4_ReadWriteOnly, paging_fault, &paging))
		goto out;
	L4_Word_t w0 = mem_store.store.writes;
	/* Every page written once: all but LIMIT_PAGES go to the store. */
	if (client_cmd(&c, CMD_FILL, PAGING_AREA, ALL, 9, 0) != AGENT_OK)
		goto out;
	stats("after the fill");
	if (paging.zero_fills != PAGES || paging.evictions != PAGES - LIMIT_PAGES ||
	    paging.writebacks != PAGES - LIMIT_PAGES || limit_pool.nfree != 0)
		goto out;
	/* Every byte comes back. */
	if (client_cmd(&c, CMD_CHECK, PAGING_AREA, ALL, 9, &bad) != AGENT_OK || bad) {
		printf("# %lx bytes differ\n", (unsigned long)bad);
		goto out;
	}
	stats("after the check");
	if (paging.restores < PAGES - LIMIT_PAGES)
		goto out;
	/* Pages read but not written are clean: evicting them writes
	 * nothing. Read everything again: every eviction now is of a page
	 * restored and only read. */
	L4_Word_t wb = paging.writebacks;
	if (client_cmd(&c, CMD_CHECK, PAGING_AREA, ALL, 9, &bad) != AGENT_OK || bad ||
	    paging.writebacks != wb)
		goto out;
	/* New contents in a part, then everything checked. */
	if (client_cmd(&c, CMD_FILL, PAGING_AREA + 8 * 4096, 8 * 4096, 10, 0) != AGENT_OK ||
	    client_cmd(&c, CMD_CHECK, PAGING_AREA, 8 * 4096, 9, &bad) != AGENT_OK || bad ||
	    client_cmd(&c, CMD_CHECK, PAGING_AREA + 8 * 4096, 8 * 4096, 10, &bad) != AGENT_OK || bad ||
	    client_cmd(&c, CMD_CHECK, PAGING_AREA + 16 * 4096, ALL - 16 * 4096, 9, &bad) != AGENT_OK || bad)
		goto out;
	stats("after rewriting a part");
	if (mem_store.store.writes - w0 != paging.writebacks || limit_pool.nfree != 0)
		goto out;
	/* The clock keeps a page in use: one page read between writes to 24
	 * others is referenced whenever the hand comes by. Only while every
	 * frame is referenced (at the start: the pages just checked) may the
	 * hand, having reset them all, take it once; FIFO would evict it every
	 * fourth fault, six times here. */
	L4_Word_t hot = PAGING_AREA + 47 * 4096, faults, ev = paging.evictions;
	if (client_cmd(&c, CMD_READ, hot, 0, 0, 0) != AGENT_OK)
		goto out;
	faults = pp.faults;
	if (client_cmd(&c, CMD_HOT, hot, PAGING_AREA + 16 * 4096, 24, 0) != AGENT_OK)
		goto out;
	stats("after the hot page");
	if (pp.faults - faults > 24 + 1 || paging.evictions - ev < 24) {
		printf("# %lu faults for 24 pages and the hot one\n", (unsigned long)(pp.faults - faults));
		goto out;
	}
	/* Every byte still there (the 24 pages got words 0..23 at their start). */
	ok = client_cmd(&c, CMD_CHECK, PAGING_AREA, 8 * 4096, 9, &bad) == AGENT_OK && !bad &&
	     client_cmd(&c, CMD_CHECK, PAGING_AREA + 8 * 4096, 8 * 4096, 10, &bad) == AGENT_OK && !bad &&
	     client_cmd(&c, CMD_CHECK, PAGING_AREA + 40 * 4096, 8 * 4096, 9, &bad) == AGENT_OK && !bad &&
	     client_cmd(&c, CMD_READ, PAGING_AREA + 30 * 4096, 0, 0, &bad) == AGENT_OK && bad == 14;
out:
	client_kill(&c);
	paging_release(&paging);
	test_pager_stop(pt);
	return ok && limit_pool.nfree == LIMIT_PAGES;
}
