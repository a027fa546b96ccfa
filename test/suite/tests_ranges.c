// SPDX-License-Identifier: MIT
/*
 * tests_ranges.c: Unmap and map items of many pages at once, which the
 * kernel does by walking the page table beside its mapping nodes
 * (kernel/mapdb_range.c: mapdb_revoke_table, mapdb_map_again). What must hold:
 * every derived mapping loses exactly the rights revoked, deeper ones
 * too; the status bits come back gathered over the range and the
 * subtree; a run of pages the receiver holds breaks cleanly where one
 * page needs the general path (not held, another frame there); and the
 * loaded space's TLB is flushed, one page at a time or by one CR3 reload
 * past 16 pages, before the thread runs again.
 *
 * The pages are a buffer of this program's image, so the test pager
 * (test/common/spaces.c) serves a fault on them again: a revoked right
 * shows as a fault in its log, at the address and with the access, and
 * the thread goes on. The tests count those faults exactly, so an agent
 * runs every command once before (warm_up): a fresh agent's first run of
 * a command can fault on its code, read-only data or stack, wherever the
 * link put them.
 */
#include "agent_faults.h"
#include "suite.h"
#include "spaces.h"

#define NPAGES          32              /* one 128 KiB fpage */
#define PAGE            4096UL
#define AGENT_TIMEOUT   L4_TimePeriod(200000)
enum { CMD_UNMAP_WRITE = AGENT_FIRST_EXTRA + 20 };

static volatile L4_Word_t pages[NPAGES][PAGE / sizeof(L4_Word_t)]
	__attribute__((aligned(NPAGES * PAGE)));

static L4_Word_t addr_of(unsigned i)
{
	return (L4_Word_t)pages[i];
}

static L4_Fpage_t range_fp(unsigned log2, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2(addr_of(0), log2), rights);
}

static L4_Fpage_t one_fp(unsigned i, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2(addr_of(i), 12), rights);
}

static volatile L4_Word_t warm_word;          /* never among the pages */

/* The agent writes at w2 (its TLB now holds the page writable), Unmaps
 * fpage w0 (control w1), and writes at w2 again with no other kernel entry
 * in between: a TLB entry the Unmap left stale would let the second write
 * through without a fault. Answers the fpage's status. On a page of its
 * own: an agent that has not run it faults on its code, which warm_up
 * must have taken care of (own_flush counts the faults around it). */
__attribute__((aligned(4096)))
static L4_Word_t ranges_command(L4_Word_t cmd, const L4_Word_t w[3])
{
	L4_Word_t result = 0;
	if (cmd == CMD_UNMAP_WRITE) {
		*(volatile L4_Word_t *)w[2] = 2;
		L4_LoadMR(0, w[0]);
		L4_Unmap(w[1]);
		L4_StoreMR(0, &result);
		*(volatile L4_Word_t *)w[2] = 1;
	}
	return result;
}

static void agent_loop(void)
{
	agent_serve(pager_id, ranges_command);
}

static bool agent(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w0, L4_Word_t w1, L4_Word_t w2,
                  L4_Word_t *result)
{
	return agent_call(a, cmd, w0, w1, w2, result, AGENT_TIMEOUT, AGENT_TIMEOUT);
}

/* Runs each command the tests count faults around once (agent_warm_up,
 * and this file's own on warm_word): the agent's code, read-only data and
 * stack pages for them are mapped (by the pager, from this program's
 * image) before any count starts. An Unmap of the nilpage changes
 * nothing. */
static bool warm_up(L4_ThreadId_t a)
{
	L4_Word_t v = 0;
	return agent_warm_up(a, AGENT_TIMEOUT) &&
	       agent(a, CMD_UNMAP_WRITE, L4_Nilpage.raw, 0, (L4_Word_t)&warm_word, &v);
}

/* A new agent, warmed up; nilthread (and nothing left) if it fails. */
static L4_ThreadId_t ranges_agent(void)
{
	L4_ThreadId_t a = space_start(agent_loop);
	if (!L4_IsNilThread(a) && !warm_up(a)) {
		space_kill(a);
		return L4_nilthread;
	}
	return a;
}

/* Agents go whether the test passed or not: a failed test must not
 * leave their spaces behind for the suite's kernel-memory count. */
static bool agent_kill(L4_ThreadId_t a)
{
	return L4_IsNilThread(a) || space_kill(a);
}

/* The root maps f to a at 'at'. */
static bool give(L4_ThreadId_t a, L4_Fpage_t f, L4_Word_t at)
{
	return agent_give_at(a, f, at, AGENT_TIMEOUT);
}

/* Does a's access to page i (a write of v, or a read that must see v)
 * fault as that access, or go through without a fault (agent_faults.h)? */
#define faults_on(a, i, write, v) agent_access(a, addr_of(i), write, v, true, AGENT_TIMEOUT)
#define clean(a, i, write, v)     agent_access(a, addr_of(i), write, v, false, AGENT_TIMEOUT)

static bool range_protect(L4_ThreadId_t a, L4_ThreadId_t b)
{
	for (unsigned i = 0; i < NPAGES; i++)
		pages[i][0] = 0x5A00 + i;
	EXPECT(!L4_IsNilThread(a) && !L4_IsNilThread(b));
	EXPECT(give(a, range_fp(17, L4_FullyAccessible), addr_of(0)));
	L4_Word_t ok = 0;
	/* Pages 3 and 20 one level deeper, in b (derived from a's). */
	EXPECT(agent(a, AGENT_GIVE, b.raw, one_fp(3, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(agent(a, AGENT_GIVE, b.raw, one_fp(20, L4_FullyAccessible).raw, 0, &ok) && ok);
	for (unsigned i = 0; i < NPAGES; i++)
		EXPECT(clean(a, i, false, 0x5A00 + i));
	EXPECT(clean(b, 3, false, 0x5A03));

	/* Status over the whole range and subtree: reset, then written. */
	L4_GetStatus(range_fp(17, 0));
	L4_Fpage_t s = L4_GetStatus(range_fp(17, 0));
	EXPECT(!L4_WasReferenced(s) && !L4_WasWritten(s));
	EXPECT(clean(b, 20, true, 0x5B20));
	s = L4_GetStatus(range_fp(17, 0));
	EXPECT(L4_WasReferenced(s) && L4_WasWritten(s));
	EXPECT(clean(a, 9, false, 0x5A09));
	s = L4_GetStatus(range_fp(17, 0));
	EXPECT(L4_WasReferenced(s) && !L4_WasWritten(s));

	/* Protect: the write right goes from a's 32 pages and b's two; the
	 * status says they were written (a writes page 5 first). */
	EXPECT(clean(a, 5, true, 0x5B05));
	s = L4_UnmapFpage(range_fp(17, L4_Writable));
	EXPECT(L4_WasWritten(s));
	EXPECT(clean(a, 0, false, 0x5A00));
	EXPECT(clean(a, 31, false, 0x5A1F));
	EXPECT(clean(b, 3, false, 0x5A03));
	EXPECT(faults_on(a, 7, true, 0x5B07));
	EXPECT(faults_on(b, 20, true, 0x5C20));
	EXPECT(faults_on(b, 3, true, 0x5C03));
	EXPECT_EQ(pages[20][0], 0x5C20);
	/* The root's own mappings keep the right (no flush). */
	pages[31][0] = 0x5A1F;

	/* Unprotect by a map item of the range: pages a holds as the same
	 * mapping get the right back in place; page 12, taken away, and page
	 * 25, another frame there, break the run and are mapped anew. */
	L4_UnmapFpage(one_fp(12, L4_FullyAccessible));
	EXPECT(give(a, L4_FpageAddRights(L4_FpageLog2((L4_Word_t)test_page(0), 12),
	                                 L4_ReadeXecOnly), addr_of(25)));
	*test_page(0) = 0x7E57;
	EXPECT(clean(a, 25, false, 0x7E57));
	EXPECT(give(a, range_fp(17, L4_FullyAccessible), addr_of(0)));
	for (unsigned i = 0; i < NPAGES; i++)
		EXPECT(clean(a, i, true, 0x5D00 + i));
	for (unsigned i = 0; i < NPAGES; i++)
		EXPECT_EQ(pages[i][0], 0x5D00 + i);
	EXPECT_EQ(*test_page(0), 0x7E57);
	/* b's page 3 came from the pager (the root's page) at its fault, so
	 * it is writable; the root's map item to a did not touch it. */
	EXPECT(clean(b, 3, true, 0x5E03));

	/* Revoke everything: a's reads fault now, and b's. */
	L4_UnmapFpage(range_fp(17, L4_FullyAccessible));
	EXPECT(faults_on(a, 0, false, 0x5D00));
	EXPECT(faults_on(a, 12, false, 0x5D0C));
	EXPECT(faults_on(a, 31, false, 0x5D1F));
	EXPECT(faults_on(b, 3, false, pages[3][0]));
	return true;
}

static bool test_range_protect(void)
{
	L4_ThreadId_t a = ranges_agent(), b = ranges_agent();
	bool ok = range_protect(a, b);
	bool gone = agent_kill(a);
	return agent_kill(b) && gone && ok;
}

/* An agent revokes the write right of its own pages (flush) and writes at
 * once: n pages, below and above the 16 that one Unmap flushes page by
 * page. Then a flush of everything: reads fault. */
static bool own_flush_in(L4_ThreadId_t a, unsigned log2)
{
	unsigned n = 1u << (log2 - 12);
	EXPECT(!L4_IsNilThread(a));
	EXPECT(give(a, range_fp(log2, L4_FullyAccessible), addr_of(0)));
	for (unsigned i = 0; i < n; i++)
		EXPECT(clean(a, i, true, 0x6000 + i));  /* writable TLB entries */
	L4_Word_t before = faults.count, status = 0;
	EXPECT(agent(a, CMD_UNMAP_WRITE, range_fp(log2, L4_Writable).raw, L4_UnmapFlush,
	             addr_of(n - 1), &status));
	L4_Fpage_t s = { .raw = status };
	EXPECT(L4_WasWritten(s));
	EXPECT_EQ(faults.count, before + 1);
	EXPECT_EQ(faults.addr, addr_of(n - 1));
	EXPECT_EQ(faults.access, L4_Writable);
	EXPECT(clean(a, 0, false, 0x6000));
	if (n > 2)
		EXPECT(faults_on(a, n / 2, true, 0x6100));
	/* r revoked from its own: every page goes. */
	before = faults.count;
	EXPECT(agent(a, CMD_UNMAP_WRITE, range_fp(log2, L4_FullyAccessible).raw, L4_UnmapFlush,
	             addr_of(n - 1), &status));
	EXPECT_EQ(faults.count, before + 1);
	EXPECT_EQ(faults.addr, addr_of(n - 1));
	EXPECT(faults_on(a, 0, false, 0x6000));
	return true;
}

static bool own_flush(unsigned log2)
{
	L4_ThreadId_t a = ranges_agent();
	bool ok = own_flush_in(a, log2);
	return agent_kill(a) && ok;
}

static bool test_own_flush_few(void)
{
	return own_flush(14);                   /* 4 pages: invlpg each */
}

static bool test_own_flush_many(void)
{
	return own_flush(17);                   /* 32 pages: one CR3 reload */
}

const struct test range_tests[] = {
	{ "range_protect", "Unmap w of 32 pages: derived mappings read-only, status gathered; a map item gives w back, runs broken by a missing page or another frame", test_range_protect },
	{ "own_flush_few", "a flush of 4 of a space's own pages takes effect at once (invlpg)", test_own_flush_few },
	{ "own_flush_many", "a flush of 32 of a space's own pages takes effect at once (CR3 reload)", test_own_flush_many },
	{ 0, 0, 0 },
};
