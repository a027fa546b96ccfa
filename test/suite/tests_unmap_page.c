// SPDX-License-Identifier: MIT
/*
 * tests_unmap_page.c: Unmap of one 4 KiB page without the flush bit,
 * which the kernel does in constant time when the caller's page has
 * nothing or one client mapping derived from it (kernel/mapdb_page.c),
 * through Unmap's own entry (arch/ia32/unmapentry.asm) from a large
 * space. What must hold, as on the general walk (FASTPATH=0 runs these
 * tests on it alone): the client loses exactly the rights revoked; the
 * status is gathered from the client's entry and the caller's own, and
 * reset in both, with their TLB entries (a small space's under its slot
 * too) dropped before the caller runs again; every other shape (two
 * clients, a client's client, the flush bit) revokes as the walk does;
 * an Unmap that finds nothing (a page not mapped, kernel pages, beyond
 * user space) changes nothing and hands the fpage back as it came.
 *
 * The pages are a buffer of this program's image, so the pagers
 * (test/common/spaces.c, small.c) serve a fault on them again: a revoked
 * right shows as a fault in their log, at the address and with the
 * access, and the thread goes on.
 */
#include "agent_faults.h"
#include "suite.h"
#include "small.h"
#include <l4/kip.h>

#define NPAGES          4
#define PAGE            4096UL
#define AGENT_TIMEOUT   L4_TimePeriod(400000)
enum { CMD_UNMAP = AGENT_FIRST_EXTRA + 30, CMD_STATUS_TWICE };

static volatile L4_Word_t pages[NPAGES][PAGE / sizeof(L4_Word_t)]
	__attribute__((aligned(PAGE)));

static L4_Word_t addr_of(unsigned i)
{
	return (L4_Word_t)pages[i];
}

static L4_Fpage_t one_fp(unsigned i, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2(addr_of(i), 12), rights);
}

/* Writes v and then v + 1 at addr, each followed by a GetStatus of its
 * page, with no other kernel entry in between: had the first GetStatus
 * reset the dirty bit without dropping the TLB entry, the second write
 * would go through it without setting the bit again. Returns both
 * statuses (rights bits) as first | second << 4. */
static L4_Word_t status_twice(L4_Word_t addr, L4_Word_t v)
{
	L4_Fpage_t f = L4_FpageLog2(addr & ~(PAGE - 1), 12);
	*(volatile L4_Word_t *)addr = v;
	L4_Word_t first = L4_GetStatus(f).raw & 7;
	*(volatile L4_Word_t *)addr = v + 1;
	L4_Word_t second = L4_GetStatus(f).raw & 7;
	return first | second << 4;
}

static L4_Word_t unmap_page_command(L4_Word_t cmd, const L4_Word_t w[3])
{
	L4_Word_t result = 0;
	if (cmd == CMD_UNMAP) {                 /* w0 fpage with rights, w1 control */
		L4_LoadMR(0, w[0]);
		L4_Unmap(w[1]);
		L4_StoreMR(0, &result);
	} else if (cmd == CMD_STATUS_TWICE) {
		result = status_twice(w[0], w[1]);
	}
	return result;
}

static void agent_loop(void)
{
	agent_serve(pager_id, unmap_page_command);
}

static void small_agent_loop(void)
{
	agent_serve(small_pager, unmap_page_command);
}

static bool agent(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w0, L4_Word_t w1, L4_Word_t w2,
                  L4_Word_t *result)
{
	return agent_call(a, cmd, w0, w1, w2, result, AGENT_TIMEOUT, AGENT_TIMEOUT);
}

/* The caller maps f to a at f's own address. */
static bool give(L4_ThreadId_t a, L4_Fpage_t f)
{
	return agent_give_at(a, f, L4_Address(f), AGENT_TIMEOUT);
}

/* Does a's access to page i (a write of v, or a read that must see v)
 * fault as that access, or go through without a fault (agent_faults.h)? */
#define faults_on(a, i, write, v) agent_access(a, addr_of(i), write, v, true, AGENT_TIMEOUT)
#define clean(a, i, write, v)     agent_access(a, addr_of(i), write, v, false, AGENT_TIMEOUT)

/* Unmap of fpage f from the caller; the result must be f without its
 * rights, with status bits 'status' in their place. */
static bool unmap_gives(L4_Fpage_t f, L4_Word_t status)
{
	L4_Fpage_t s = L4_UnmapFpage(f);
	return s.raw == ((f.raw & ~7UL) | status);
}

#define R L4_Referenced
#define W L4_Dirty

static bool test_unmap_page_client(void)
{
	pages[0][0] = 0x100;
	L4_ThreadId_t a = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a) && agent_warm_up(a, AGENT_TIMEOUT));
	EXPECT(give(a, one_fp(0, L4_FullyAccessible)));
	/* Rights 0 (GetStatus): the status of the client's entry and the
	 * caller's own, reset in both; nothing revoked. */
	L4_GetStatus(one_fp(0, 0));
	EXPECT(unmap_gives(one_fp(0, 0), 0));
	EXPECT(clean(a, 0, false, 0x100));
	EXPECT(unmap_gives(one_fp(0, 0), R));
	EXPECT(clean(a, 0, true, 0x101));
	EXPECT(unmap_gives(one_fp(0, 0), R | W));
	EXPECT(unmap_gives(one_fp(0, 0), 0));
	EXPECT(clean(a, 0, true, 0x102));
	/* w: the client keeps reading; its write faults as a write. */
	EXPECT(unmap_gives(one_fp(0, L4_Writable), R | W));
	EXPECT(clean(a, 0, false, 0x102));
	EXPECT(faults_on(a, 0, true, 0x103));
	EXPECT_EQ(pages[0][0], 0x103);
	/* rwx: the client's mapping goes; its read faults. The pager's
	 * mapping of its fault is taken back in turn. */
	L4_GetStatus(one_fp(0, 0));
	EXPECT(clean(a, 0, false, 0x103));
	EXPECT(unmap_gives(one_fp(0, L4_FullyAccessible), R));
	EXPECT(faults_on(a, 0, false, 0x103));
	EXPECT(clean(a, 0, true, 0x104));
	EXPECT(unmap_gives(one_fp(0, L4_ReadeXecOnly), R | W));
	EXPECT(faults_on(a, 0, true, 0x105));
	EXPECT(unmap_gives(one_fp(0, L4_eXecutable), R | W));
	EXPECT(faults_on(a, 0, false, 0x105));
	/* Nothing derived any more: the caller's own status alone, its TLB
	 * entry dropped with the bits (its own space is the loaded one). */
	EXPECT(unmap_gives(one_fp(0, L4_FullyAccessible), R));
	EXPECT(unmap_gives(one_fp(0, 0), 0));
	EXPECT_EQ(status_twice(addr_of(0), 0x106), (R | W) | (R | W) << 4);
	EXPECT(unmap_gives(one_fp(0, L4_FullyAccessible), 0));
	EXPECT_EQ(pages[0][0], 0x107);          /* the caller's own stays */
	/* The same in a client's own space (it derived nothing). */
	EXPECT(faults_on(a, 0, true, 0x108));
	L4_Word_t both = 0;
	EXPECT(agent(a, CMD_STATUS_TWICE, addr_of(0), 0x109, 0, &both));
	EXPECT_EQ(both, (R | W) | (R | W) << 4);
	EXPECT_EQ(pages[0][0], 0x10A);
	EXPECT(space_kill(a));
	return true;
}

static bool test_unmap_page_shapes(void)
{
	pages[1][0] = 0x200;
	L4_ThreadId_t a = space_start(agent_loop), b = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a) && !L4_IsNilThread(b));
	EXPECT(agent_warm_up(a, AGENT_TIMEOUT) && agent_warm_up(b, AGENT_TIMEOUT));
	L4_Word_t ok = 0, result = 0;
	/* Two clients of one page: both lose w, then everything. */
	EXPECT(give(a, one_fp(1, L4_FullyAccessible)) && give(b, one_fp(1, L4_FullyAccessible)));
	EXPECT(clean(a, 1, false, 0x200) && clean(b, 1, false, 0x200));
	L4_UnmapFpage(one_fp(1, L4_Writable));
	EXPECT(faults_on(a, 1, true, 0x201));
	EXPECT(faults_on(b, 1, true, 0x202));
	EXPECT(clean(a, 1, false, 0x202));
	EXPECT(unmap_gives(one_fp(1, L4_FullyAccessible), R | W));
	EXPECT(faults_on(a, 1, false, 0x202));
	EXPECT(faults_on(b, 1, false, 0x202));
	L4_UnmapFpage(one_fp(1, L4_FullyAccessible));
	/* A client's client (root -> a -> b). a's Unmap of its one client
	 * (b) takes the one-page way in a's space; the root's, with a deeper
	 * subtree below, the walk. */
	EXPECT(give(a, one_fp(1, L4_FullyAccessible)));
	EXPECT(agent(a, AGENT_GIVE, b.raw, one_fp(1, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(clean(b, 1, true, 0x203));
	EXPECT(agent(a, CMD_UNMAP, one_fp(1, L4_Writable).raw, 0, 0, &result));
	EXPECT_EQ(result, (one_fp(1, 0).raw | W | R));
	EXPECT(clean(b, 1, false, 0x203));
	EXPECT(clean(a, 1, true, 0x204));       /* a keeps w: no flush */
	EXPECT(agent(a, CMD_UNMAP, one_fp(1, L4_FullyAccessible).raw, 0, 0, &result));
	EXPECT(faults_on(b, 1, false, 0x204));  /* now the root's, from the pager */
	L4_UnmapFpage(one_fp(1, L4_FullyAccessible));
	EXPECT(give(a, one_fp(1, L4_FullyAccessible)));
	EXPECT(agent(a, AGENT_GIVE, b.raw, one_fp(1, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(clean(b, 1, false, 0x204));
	L4_UnmapFpage(one_fp(1, L4_Writable));
	EXPECT(faults_on(b, 1, true, 0x205));
	EXPECT(faults_on(a, 1, true, 0x206));
	L4_UnmapFpage(one_fp(1, L4_FullyAccessible));
	EXPECT(faults_on(a, 1, false, 0x206));
	EXPECT(faults_on(b, 1, false, 0x206));
	/* The flush bit on one page: the caller's own goes too, and what it
	 * gave on (the walk, as before). */
	L4_UnmapFpage(one_fp(1, L4_FullyAccessible));
	EXPECT(give(a, one_fp(1, L4_FullyAccessible)));
	EXPECT(agent(a, AGENT_GIVE, b.raw, one_fp(1, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(clean(b, 1, false, 0x206));
	EXPECT(agent(a, CMD_UNMAP, one_fp(1, L4_FullyAccessible).raw, L4_UnmapFlush, 0, &result));
	EXPECT(faults_on(a, 1, false, 0x206));
	EXPECT(faults_on(b, 1, false, 0x206));
	EXPECT(space_kill(a) && space_kill(b));
	return true;
}

/* An Unmap of one page by agent a, with control 0: the fpage must come
 * back as it went, without rights and without status. */
static bool unmaps_nothing(L4_ThreadId_t a, L4_Word_t addr)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(addr, 12), L4_FullyAccessible);
	L4_Word_t result = ~0UL;
	return agent(a, CMD_UNMAP, f.raw, 0, 0, &result) && result == (f.raw & ~7UL);
}

static bool test_unmap_page_nothing(void)
{
	pages[2][0] = 0x300;
	L4_ThreadId_t a = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a) && agent_warm_up(a, AGENT_TIMEOUT));
	EXPECT(give(a, one_fp(2, L4_FullyAccessible)));
	EXPECT(clean(a, 2, true, 0x301));
	/* Not mapped (in a page table a has, and where a has none), its
	 * KIP and UTCB (kernel pages), past user space, in the kernel. */
	L4_Word_t kip_first = 0, kip_again = 0;
	EXPECT(agent(a, AGENT_READ, SPACE_KIP_AREA, 0, 0, &kip_first));
	EXPECT(unmaps_nothing(a, addr_of(3)));
	EXPECT(unmaps_nothing(a, 0x30000000UL));
	EXPECT(unmaps_nothing(a, SPACE_KIP_AREA));
	EXPECT(unmaps_nothing(a, SPACE_UTCB_AREA));
	EXPECT(unmaps_nothing(a, 0xBFFFF000UL));
	EXPECT(unmaps_nothing(a, 0xC0000000UL));
	EXPECT(unmaps_nothing(a, 0xE0000000UL));
	/* a still reaches its KIP and its page, and answers (its UTCB). */
	EXPECT(agent(a, AGENT_READ, SPACE_KIP_AREA, 0, 0, &kip_again));
	EXPECT_EQ(kip_again, kip_first);
	EXPECT_EQ(kip_first, *(L4_Word_t *)L4_GetKernelInterface());
	EXPECT(clean(a, 2, false, 0x301));
	/* The root's own KIP page likewise. */
	L4_Fpage_t k = L4_FpageAddRights(L4_FpageLog2((L4_Word_t)L4_GetKernelInterface(), 12),
	                                 L4_FullyAccessible);
	EXPECT(unmap_gives(k, 0));
	EXPECT_EQ(kip_first, *(volatile L4_Word_t *)L4_GetKernelInterface());
	EXPECT(space_kill(a));
	L4_UnmapFpage(one_fp(2, L4_FullyAccessible));
	return true;
}

static bool test_unmap_page_small(void)
{
	pages[3][0] = 0x400;
	L4_ThreadId_t s = small_start(small_agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t l = small_start(small_agent_loop, 0);
	EXPECT(!L4_IsNilThread(s) && !L4_IsNilThread(l));
	EXPECT(agent_warm_up(s, AGENT_TIMEOUT) && agent_warm_up(l, AGENT_TIMEOUT));
	L4_Word_t ok = 0, result = 0, both = 0;
	EXPECT(give(s, one_fp(3, L4_FullyAccessible)));
	EXPECT(clean(s, 3, true, 0x401));
	/* From the small space (its Unmap takes the trap gate's way): its
	 * own entry's bits go with the TLB entry under its slot. */
	EXPECT(agent(s, CMD_STATUS_TWICE, addr_of(3), 0x402, 0, &both));
	EXPECT_EQ(both, (R | W) | (R | W) << 4);
	/* Its one client, a large space, loses the page; s keeps its own. */
	EXPECT(agent(s, AGENT_GIVE, l.raw, one_fp(3, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(clean(l, 3, false, 0x403));
	EXPECT(agent(s, CMD_UNMAP, one_fp(3, L4_FullyAccessible).raw, 0, 0, &result));
	EXPECT_EQ(result, (one_fp(3, 0).raw | R));
	EXPECT(faults_on(l, 3, false, 0x403));
	EXPECT(clean(s, 3, false, 0x403));
	EXPECT(small_kill(l));
	/* The root's one client is the small space, which has just used the
	 * page through its slot: that TLB entry goes too. */
	EXPECT(clean(s, 3, true, 0x404));
	EXPECT(unmap_gives(one_fp(3, L4_Writable), R | W));
	EXPECT(faults_on(s, 3, true, 0x405));
	EXPECT(unmap_gives(one_fp(3, L4_FullyAccessible), R | W));
	EXPECT(faults_on(s, 3, false, 0x405));
	EXPECT(small_kill(s));
	L4_UnmapFpage(one_fp(3, L4_FullyAccessible));
	return true;
}

const struct test unmap_page_tests[] = {
	{ "unmap_page_client", "Unmap of one page with one client: rwx, w, r and 0 revoke exactly that; status from both entries, reset with their TLB entries", test_unmap_page_client },
	{ "unmap_page_shapes", "one page with two clients, a client's client, the flush bit: every derived mapping loses the rights", test_unmap_page_shapes },
	{ "unmap_page_nothing", "one page not mapped, kernel pages, past user space: nothing changes, the fpage comes back as it went", test_unmap_page_nothing },
	{ "unmap_page_small", "one-page Unmap from a small space and of a small space's page: the slot's TLB entries go too", test_unmap_page_small },
	{ 0, 0, 0 },
};
