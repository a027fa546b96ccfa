// SPDX-License-Identifier: MIT
/*
 * tests.c: the pager suite's table and what the tests share.
 */
#include "tests.h"

struct pool pool, limit_pool;
struct mem_store mem_store;

const struct test pager_tests[] = {
	{ "demand_zero", "anonymous pages read as zero and keep what was written", test_demand_zero },
	{ "fault_keeps_state", "a page fault's IPC gives back the thread's registers, message registers, BR0 and ErrorCode", test_fault_keeps_state },
	{ "fault_outside_regions", "a fault outside every region (or beyond its rights) ends in an error for the client, not a hang", test_fault_outside_regions },
	{ "map_unheld", "a pager's map item of a page it does not hold fails for the pager, which says so, and the kernel stops the client with the reason", test_map_unheld },
	{ "copy_on_write", "after a fork both sides share pages until a write, then keep their writes private", test_copy_on_write },
	{ "paging", "a region 12 times the memory limit keeps every byte through eviction to the backing store; the clock keeps a page in use", test_paging },
	{ "hierarchy", "three pagers, each paged by the one above; revoking at the top takes the pages from everyone below", test_hierarchy },
	{ "pager_dies", "a client whose pager is gone is stopped with a message; other clients keep running", test_pager_dies },
	{ 0, 0, 0 },
};

bool pager_tests_setup(void)
{
	return pool_from_sigma0(&pool, POOL_AREA, POOL_PAGES) &&
	       pool_from_sigma0(&limit_pool, LIMIT_AREA, LIMIT_PAGES) &&
	       mem_store_init(&mem_store, STORE_AREA, STORE_PAGES);
}

L4_ThreadId_t test_pager_start(struct pager *p, const char *name)
{
	pager_reset(p, name);
	p->other = client_serve_start;
	return pager_thread_start(p);
}

void test_pager_stop(L4_ThreadId_t t)
{
	if (!L4_IsNilThread(t))
		thread_kill(t);
}
