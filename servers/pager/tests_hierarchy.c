// SPDX-License-Identifier: MIT
/*
 * tests_hierarchy.c: pagers paged by pagers. The top pager (a thread of
 * the root task) has frames from sigma0. The middle pager runs in a space
 * of its own, paged by the top one: its pool is a demand-zero region of
 * the top pager. The bottom pager, in a third space, is paged by the
 * middle one the same way, and pages the client. A client page is thus a
 * frame mapped top -> middle -> bottom -> client, and Unmap at the top
 * takes it from all three below: the next touch faults all the way up.
 */
#include "tests.h"
#include "demand_zero.h"

#define PAGES     8
#define BYTES     (PAGES * 4096UL)
#define STACK     1024

static struct pager top, mid, low;
static struct demand_zero top_dz, mid_dz, low_dz;
static struct pool mid_pool, low_pool;
static L4_Word_t stacks[2][STACK] __attribute__((aligned(16)));
static struct pager *volatile level_of[2] = { &mid, &low };

static void mid_main(void) { pager_run(level_of[0]); }
static void low_main(void) { pager_run(level_of[1]); }

/* A pager in a new space paged by 'parent'. */
static bool start_level(L4_ThreadId_t t, L4_ThreadId_t parent, void (*fn)(void), unsigned i)
{
	return space_new(t, parent, (L4_Word_t)fn, (L4_Word_t)&stacks[i][STACK]);
}

bool test_hierarchy(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t mt = L4_GlobalId(L4_ThreadNo(root_id) + 700, 1);
	L4_ThreadId_t lt = L4_GlobalId(L4_ThreadNo(root_id) + 701, 1);
	bool mid_up = false, low_up = false, ok = false;
	L4_Word_t bad = ~0UL;
	L4_ThreadId_t tt = test_pager_start(&top, "top");
	pager_reset(&mid, "middle");
	pager_reset(&low, "bottom");
	mid.other = low.other = client_serve_start;
	/* Each level: its pool (lazy: pages come from the level above), a
	 * demand-zero region of it for the level below, the image shared. */
	if (L4_IsNilThread(tt) || !add_image_region(&top) || !add_image_region(&mid) ||
	    !add_image_region(&low) || !pool_init(&mid_pool, MID_POOL_AREA, PAGES) ||
	    !pool_init(&low_pool, LOW_POOL_AREA, PAGES) ||
	    !demand_zero_init(&top_dz, &pool, PAGES) || !demand_zero_init(&mid_dz, &mid_pool, PAGES) ||
	    !demand_zero_init(&low_dz, &low_pool, PAGES) ||
	    !pager_add_region(&top, mt, MID_POOL_AREA, BYTES, L4_ReadWriteOnly, demand_zero_fault, &top_dz) ||
	    !pager_add_region(&mid, lt, LOW_POOL_AREA, BYTES, L4_ReadWriteOnly, demand_zero_fault, &mid_dz))
		goto out;
	if (!(mid_up = start_level(mt, tt, mid_main, 0)) || !(low_up = start_level(lt, mt, low_main, 1)) ||
	    !client_start(&c, lt, false) ||
	    !pager_add_region(&low, c.agent, DZ_AREA, BYTES, L4_ReadWriteOnly, demand_zero_fault, &low_dz))
		goto out;
	/* The client's memory, through three pagers. */
	if (client_cmd(&c, CMD_FILL, DZ_AREA, BYTES, 6, 0) != AGENT_OK ||
	    client_cmd(&c, CMD_CHECK, DZ_AREA, BYTES, 6, &bad) != AGENT_OK || bad)
		goto out;
	if (top_dz.zero_fills != PAGES || mid_dz.zero_fills != PAGES || low_dz.zero_fills != PAGES)
		goto out;
	/* The top pager's frames hold the client's bytes. */
	if (*(volatile unsigned char *)(top_dz.frame[2] + 5) != pattern_byte(DZ_AREA + 2 * 4096 + 5, 6))
		goto out;
	L4_Word_t mf = mid.faults, lf = low.faults, tf = top.faults;
	/* Revoke at the top: Unmap reports the pages used and written. */
	L4_Word_t status = demand_zero_revoke(&top_dz);
	if ((status & (L4_Referenced | L4_Dirty)) != (L4_Referenced | L4_Dirty)) {
		printf("# revoke status %lx\n", (unsigned long)status);
		goto out;
	}
	/* Gone everywhere: the client now reads fresh zeroes, and each of
	 * its pages faulted at the bottom, the middle and the top again. */
	if (client_cmd(&c, CMD_ZEROES, DZ_AREA, BYTES, 0, &bad) != AGENT_OK || bad) {
		printf("# %lx bytes survived the revocation\n", (unsigned long)bad);
		goto out;
	}
	printf("# refaults after the revocation: bottom %lu, middle %lu, top %lu\n",
	       (unsigned long)(low.faults - lf), (unsigned long)(mid.faults - mf),
	       (unsigned long)(top.faults - tf));
	ok = low.faults - lf == PAGES && mid.faults - mf == PAGES && top.faults - tf == PAGES &&
	     top_dz.zero_fills == 2 * PAGES;
out:
	client_kill(&c);
	if (low_up)
		space_kill(lt);
	if (mid_up)
		space_kill(mt);
	demand_zero_revoke(&top_dz);
	test_pager_stop(tt);
	return ok;
}
