// SPDX-License-Identifier: MIT
/*
 * tests_fault_reply.c: a pager's answers to page faults, of every shape.
 * The kernel takes the common one, a ReplyWait with one map item of the
 * faulting page, on a path of its own (kernel/fault_reply.c); anything
 * else takes the general path, and must behave as X.2 says: a map item of
 * another page leaves the thread to fault again, a read-only page for a
 * write likewise, two items map both, a grant moves the page, untyped
 * words beside the item do no harm. The suite runs on kernels with and
 * without the fast paths (user_ipc_threads.t, ..._nofastpath.t), so both
 * paths give these results. A reply that fails is pagers.t's map_unheld.
 */
#include "suite.h"
#include "spaces.h"

#define PAGE            4096UL
#define NSTEP           8
#define FAULT_BASE      0x31000000UL    /* the child's; nothing there */
#define GRANT_AT        (TEST_AREA + 0x200000UL)       /* the root's */
#define WAIT_LIMIT      200             /* x 1 ms */

enum reply { R_EXACT, R_OTHER_PAGE, R_TWO_ITEMS, R_READ_ONLY, R_WITH_WORD, R_GRANT };

/* Shared with the child (it runs this image, mapped). */
static L4_Word_t backing[NSTEP + 1][PAGE / sizeof(L4_Word_t)] __attribute__((aligned(PAGE)));
static volatile L4_Word_t seen[NSTEP];
static volatile unsigned done_steps;
/* The pager's script: one reply per fault in the child's region. */
static const enum reply script[] = {
	R_EXACT,                        /* step 0: read page 0 */
	R_OTHER_PAGE, R_EXACT,          /* step 1: write page 1 (page 2 mapped the first time) */
	                                /* step 2: write page 2, no fault */
	R_TWO_ITEMS,                    /* step 3: read page 3 (and 4) */
	                                /* step 4: read page 4, no fault */
	R_READ_ONLY, R_EXACT,           /* step 5: write page 5, read-only the first time */
	R_WITH_WORD,                    /* step 6: read page 6 */
	R_GRANT,                        /* step 7: read page 7, granted */
};
#define NFAULT  (sizeof script / sizeof script[0])
static volatile unsigned nfault;
static volatile L4_Word_t fault_addr[NFAULT + 1], fault_access[NFAULT + 1];
static L4_ThreadId_t reply_pager;

static L4_Word_t child_page(unsigned i)
{
	return FAULT_BASE + i * PAGE;
}

static void load_item(unsigned k, L4_Word_t src, L4_Word_t at, L4_Word_t rights, bool grant)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(src, 12), rights);
	L4_MapItem_t m = L4_MapItem(f, at);
	L4_GrantItem_t g = L4_GrantItem(f, at);
	L4_LoadMR(k, grant ? g.raw[0] : m.raw[0]);
	L4_LoadMR(k + 1, grant ? g.raw[1] : m.raw[1]);
}

static bool reply_handle(L4_Word_t label, L4_Word_t addr, L4_Word_t ip, L4_Word_t w3,
                         L4_ThreadId_t from)
{
	(void)ip, (void)w3, (void)from;
	if (!L4_IsPagefaultLabel(label))
		return false;
	if (in_root_image(addr)) {
		child_load_map(addr, addr, L4_FullyAccessible);
		return true;
	}
	if (addr < FAULT_BASE || addr >= child_page(NSTEP) || nfault >= NFAULT)
		return false;                   /* unanswered: the test sees it stall */
	unsigned k = nfault, i = (unsigned)((addr - FAULT_BASE) / PAGE);
	fault_addr[k] = addr;
	fault_access[k] = L4_PagefaultRights(label);
	nfault = k + 1;
	L4_Word_t page = addr & ~(PAGE - 1);
	unsigned u = 0, t = 2;
	switch (script[k]) {
	case R_EXACT:
		load_item(1, (L4_Word_t)backing[i], page, L4_FullyAccessible, false);
		break;
	case R_OTHER_PAGE:
		load_item(1, (L4_Word_t)backing[i + 1], page + PAGE, L4_FullyAccessible, false);
		break;
	case R_TWO_ITEMS:
		load_item(1, (L4_Word_t)backing[i], page, L4_Readable, false);
		load_item(3, (L4_Word_t)backing[i + 1], page + PAGE, L4_Readable, false);
		t = 4;
		break;
	case R_READ_ONLY:
		load_item(1, (L4_Word_t)backing[i], page, L4_ReadeXecOnly, false);
		break;
	case R_WITH_WORD:
		L4_LoadMR(1, 0x5EED);
		load_item(2, (L4_Word_t)backing[i], page, L4_FullyAccessible, false);
		u = 1;
		break;
	case R_GRANT:
		load_item(1, GRANT_AT, page, L4_FullyAccessible, true);
		break;
	}
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = u, .t = t } });
	return true;
}

static void reply_pager_loop(void)
{
	pager_serve(reply_handle);
}

/* Once started (the first message), makes the test's pager its own; at
 * the second, reads or writes a word of each page of its region. */
static void child(void)
{
	static const bool write[NSTEP] = { false, true, true, false, false, true, false, false };
	L4_Receive(root_id);
	L4_Set_PagerOf(L4_Myself(), reply_pager);      /* ExchangeRegisters on itself */
	L4_Receive(root_id);
	for (unsigned i = 0; i < NSTEP; i++) {
		volatile L4_Word_t *p = (volatile L4_Word_t *)child_page(i);
		if (write[i])
			*p = 0xC0DE00 + i;
		else
			seen[i] = *p;
		done_steps = i + 1;
	}
	L4_Sleep(L4_Never);
}

static bool test_fault_reply_shapes(void)
{
	for (unsigned i = 0; i <= NSTEP; i++)
		backing[i][0] = 0xBAC000 + i;
	L4_Fpage_t g = L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(GRANT_AT, 12));
	EXPECT(!L4_IsNilFpage(g));
	*(volatile L4_Word_t *)GRANT_AT = 0x6A4;
	nfault = 0;
	done_steps = 0;
	reply_pager = thread_start(reply_pager_loop);
	EXPECT(!L4_IsNilThread(reply_pager));
	L4_ThreadId_t c = space_start(child);
	EXPECT(!L4_IsNilThread(c));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	for (unsigned n = 0; done_steps < NSTEP && n < WAIT_LIMIT; n++)
		L4_Sleep(L4_TimePeriod(1000));
	if (done_steps != NSTEP)
		printf("# the child stopped at step %u after %u faults (the last at %lx, by %lx)\n",
		       done_steps, nfault, (unsigned long)faults.addr,
		       (unsigned long)faults.from.raw);
	EXPECT_EQ(done_steps, NSTEP);
	EXPECT_EQ(nfault, NFAULT);
	static const unsigned fault_step[NFAULT] = { 0, 1, 1, 3, 5, 5, 6, 7 };
	for (unsigned k = 0; k < NFAULT; k++) {
		unsigned i = fault_step[k];
		EXPECT_EQ(fault_addr[k], child_page(i));
		EXPECT_EQ(fault_access[k], (i == 1 || i == 5) ? L4_Writable : L4_Readable);
	}
	EXPECT_EQ(seen[0], 0xBAC000);
	EXPECT_EQ(backing[1][0], 0xC0DE01);
	EXPECT_EQ(backing[2][0], 0xC0DE02);     /* mapped by step 1's first reply */
	EXPECT_EQ(seen[3], 0xBAC003);
	EXPECT_EQ(seen[4], 0xBAC004);           /* the second item of step 3's reply */
	EXPECT_EQ(backing[5][0], 0xC0DE05);
	EXPECT_EQ(seen[6], 0xBAC006);
	EXPECT_EQ(seen[7], 0x6A4);              /* granted: the root's page moved */
	EXPECT(space_kill(c));
	EXPECT(thread_kill(reply_pager));
	return true;
}

const struct test fault_reply_tests[] = {
	{ "fault_reply_shapes", "fault replies: one exact item, another page, two items, read-only for a write, words beside, a grant", test_fault_reply_shapes },
	{ 0, 0, 0 },
};
