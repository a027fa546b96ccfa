// SPDX-License-Identifier: MIT
/*
 * tests_spaces.c: address spaces, map, grant, unmap and the sigma0
 * protocol, through the real interface. Each child space runs an "agent"
 * that carries out commands sent by the root task: read or write a word,
 * accept a mapping, map or grant one of its pages to another agent, unmap.
 * A command that faults on memory the pager does not serve gets no answer:
 * the root task's Call times out, and the pager's log tells where the
 * fault was.
 */
#include "agent.h"
#include "suite.h"
#include "spaces.h"

enum { CMD_READ = AGENT_READ, CMD_WRITE = AGENT_WRITE, CMD_TAKE = AGENT_TAKE,
       CMD_GIVE = AGENT_GIVE, CMD_UNMAP = AGENT_FIRST_EXTRA, CMD_UD2, CMD_PRIV };
#define AGENT_TIMEOUT  L4_TimePeriod(200000)
#define NOWHERE        0x30000000UL    /* never mapped in any agent */

static L4_Word_t test_phys[TEST_PAGES];

/* ---- agents ------------------------------------------------------------- */

/* The commands of these tests beyond the agent's own (agent.h). */
static L4_Word_t spaces_command(L4_Word_t cmd, const L4_Word_t w[3])
{
	L4_Word_t result = 0;
	switch (cmd) {
	case CMD_UD2:
		__asm__ __volatile__("ud2");
		result = 1;
		break;
	case CMD_PRIV: {                /* privileged calls, refused here */
		L4_Word_t old, tc, sc, tc_err, sc_err;
		tc = L4_ThreadControl(L4_GlobalId(5000, 1), L4_Myself(), L4_Myself(),
		                      L4_Myself(), (void *)-1);
		tc_err = L4_ErrorCode();
		sc = L4_SpaceControl(L4_Myself(), 0, L4_FpageLog2(0xBFF00000UL, 12),
		                     L4_FpageLog2(0xBFE00000UL, 16), L4_nilthread, &old);
		sc_err = L4_ErrorCode();
		result = tc << 24 | sc << 16 | tc_err << 8 | sc_err;
		break;
	}
	case CMD_UNMAP: {               /* w0 fpage with rights, w1 control */
		L4_LoadMR(0, w[0]);
		L4_Unmap(w[1]);
		L4_StoreMR(0, &result);
		break;
	}
	}
	return result;
}

static void agent_loop(void)
{
	agent_serve(pager_id, spaces_command);
}

/* Sends a command; false if the agent did not answer in time. */
static bool agent(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w0, L4_Word_t w1,
                  L4_Word_t w2, L4_Word_t *result)
{
	return agent_call(a, cmd, w0, w1, w2, result, AGENT_TIMEOUT, AGENT_TIMEOUT);
}

static bool agent_read(L4_ThreadId_t a, L4_Word_t addr, L4_Word_t *v)
{
	return agent(a, CMD_READ, addr, 0, 0, v);
}

static bool agent_write(L4_ThreadId_t a, L4_Word_t addr, L4_Word_t v)
{
	return agent(a, CMD_WRITE, addr, v, 0, 0);
}

/* The root task maps (or grants) fpage f to agent a at address 'at'. */
static bool root_give_at(L4_ThreadId_t a, L4_Fpage_t f, L4_Word_t at, bool grant)
{
	L4_MapItem_t m = L4_MapItem(f, at);
	L4_GrantItem_t g = L4_GrantItem(f, at);
	L4_LoadMR(1, grant ? g.raw[0] : m.raw[0]);
	L4_LoadMR(2, grant ? g.raw[1] : m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = CMD_TAKE } });
	return L4_IpcSucceeded(L4_Call_Timeouts(a, AGENT_TIMEOUT, AGENT_TIMEOUT));
}

/* ... at the same address. */
static bool root_give(L4_ThreadId_t a, L4_Fpage_t f, bool grant)
{
	return root_give_at(a, f, L4_Address(f), grant);
}

static L4_Fpage_t page_fp(unsigned i, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2((L4_Word_t)test_page(i), 12), rights);
}

/* Did reading addr in a fail with a fault the pager saw at addr? */
static bool read_faults(L4_ThreadId_t a, L4_Word_t addr)
{
	L4_Word_t before = faults.count, v;
	if (agent_read(a, addr, &v))
		return false;
	/* The last fault is the unanswered one (others, on the root task's
	 * image, may come first and are served). */
	return faults.count > before && faults.addr == addr && faults.from.raw == a.raw;
}

static bool write_faults(L4_ThreadId_t a, L4_Word_t addr)
{
	L4_Word_t before = faults.count;
	if (agent_write(a, addr, 1))
		return false;
	return faults.count > before && faults.addr == addr &&
	       faults.access == L4_Writable && faults.from.raw == a.raw;
}

/* ---- setup (before kernel memory is measured) ---------------------------- */

bool spaces_setup(void)
{
	if (!pager_init()) {
		printf("# no pager thread\n");
		return false;
	}
	for (unsigned i = 0; i < TEST_PAGES; i++) {
		L4_Fpage_t f = L4_Sigma0_GetAny(L4_nilthread, 12, page_fp(i, 0));
		if (L4_IsNilFpage(f)) {
			printf("# sigma0 gave no page for the test area (ErrorCode %lu)\n",
			       L4_ErrorCode());
			return false;
		}
		test_phys[i] = L4_Address(f);
		*test_page(i) = 0;
	}
	L4_Fpage_t big = L4_Sigma0_GetAny(L4_nilthread, 22, L4_FpageLog2(BIG_AREA, 22));
	if (L4_IsNilFpage(big)) {
		printf("# sigma0 gave no 4 MiB page\n");
		return false;
	}
	*(volatile L4_Word_t *)BIG_AREA = 0xB16;
	return true;
}

/* ---- tests ---------------------------------------------------------------- */

static L4_ThreadId_t sigma0_requester;
static volatile L4_Word_t second_request_result = 1;

static void second_requester(void)
{
	/* Another thread asks sigma0 for a page the root thread already has. */
	L4_Fpage_t f = L4_Sigma0_GetPage_RcvWindow(L4_nilthread, L4_FpageLog2(test_phys[0], 12),
	                                           L4_FpageLog2(TEST_AREA + 0x100000, 12));
	second_request_result = f.raw;
	L4_LoadMR(0, 0);                /* the reply's map item is not ours to pass on */
	L4_Send(root_id);
	L4_Sleep(L4_Never);
}

static bool test_sigma0_protocol(void)
{
	for (unsigned i = 0; i < TEST_PAGES; i++) {
		*test_page(i) = 0xA000 + i;
		EXPECT_EQ(*test_page(i), 0xA000 + i);
	}
	/* The owner may ask again (attributes only; no new mapping). */
	L4_Fpage_t again = L4_Sigma0_GetPage_RcvWindow(L4_nilthread,
	                        L4_FpageLog2(test_phys[1], 12), page_fp(1, 0));
	EXPECT_EQ(L4_Address(again), test_phys[1]);
	EXPECT_EQ(*test_page(1), 0xA001);
	/* Another thread may not have it. */
	sigma0_requester = thread_start(second_requester);
	EXPECT(!L4_IsNilThread(sigma0_requester));
	L4_MsgTag_t t = L4_Receive_Timeout(sigma0_requester, L4_TimePeriod(1000000));
	if (L4_IpcFailed(t))
		printf("# ErrorCode %lu, result %lx\n", L4_ErrorCode(), second_request_result);
	EXPECT(L4_IpcSucceeded(t));
	EXPECT_EQ(second_request_result, 0);
	EXPECT(thread_kill(sigma0_requester));
	/* Kernel memory is never handed out: the kernel image at 1 MiB. */
	L4_Fpage_t k = L4_Sigma0_GetPage_RcvWindow(L4_nilthread, L4_FpageLog2(0x100000, 12),
	                                           L4_FpageLog2(TEST_AREA + 0x200000, 12));
	EXPECT(L4_IsNilFpage(k));
	return true;
}

static bool test_map_shares_memory(void)
{
	L4_ThreadId_t a = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a));
	L4_Word_t addr = (L4_Word_t)test_page(0), v = 0;
	EXPECT(read_faults(a, addr));           /* not given yet */
	EXPECT(space_kill(a));
	a = space_start(agent_loop);
	EXPECT(root_give(a, page_fp(0, L4_FullyAccessible), false));
	*test_page(0) = 0x1111;
	EXPECT(agent_read(a, addr, &v));
	EXPECT_EQ(v, 0x1111);
	EXPECT(agent_write(a, addr, 0x2222));
	EXPECT_EQ(*test_page(0), 0x2222);
	EXPECT(space_kill(a));
	EXPECT_EQ(*test_page(0), 0x2222);       /* the root's mapping stays */
	return true;
}

static bool test_chain_revoke(void)
{
	L4_ThreadId_t a = space_start(agent_loop), b = space_start(agent_loop),
	              c = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a) && !L4_IsNilThread(b) && !L4_IsNilThread(c));
	L4_Word_t addr = (L4_Word_t)test_page(1), v = 0, ok = 0;
	*test_page(1) = 0x3333;
	EXPECT(root_give(a, page_fp(1, L4_FullyAccessible), false));
	EXPECT(agent(a, CMD_GIVE, b.raw, page_fp(1, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(agent(b, CMD_GIVE, c.raw, page_fp(1, L4_FullyAccessible).raw, 0, &ok) && ok);
	EXPECT(agent_read(c, addr, &v));
	EXPECT_EQ(v, 0x3333);
	/* b revokes what it gave: c loses the page, b and a keep theirs. */
	EXPECT(agent(b, CMD_UNMAP, page_fp(1, L4_FullyAccessible).raw, 0, 0, &v));
	EXPECT(agent_read(b, addr, &v) && v == 0x3333);
	EXPECT(agent_read(a, addr, &v) && v == 0x3333);
	EXPECT(read_faults(c, addr));
	EXPECT(space_kill(c));
	/* b flushes: its own mapping goes too; a keeps. */
	EXPECT(agent(b, CMD_UNMAP, page_fp(1, L4_FullyAccessible).raw, L4_UnmapFlush, 0, &v));
	EXPECT(agent_read(a, addr, &v) && v == 0x3333);
	EXPECT(read_faults(b, addr));
	EXPECT(space_kill(b));
	/* The root revokes: a loses it, the root keeps it. */
	L4_UnmapFpage(page_fp(1, L4_FullyAccessible));
	EXPECT(read_faults(a, addr));
	EXPECT_EQ(*test_page(1), 0x3333);
	EXPECT(space_kill(a));
	return true;
}

static bool test_grant(void)
{
	L4_ThreadId_t a = space_start(agent_loop), b = space_start(agent_loop);
	L4_Word_t addr = (L4_Word_t)test_page(2), v = 0, ok = 0;
	*test_page(2) = 0x4444;
	EXPECT(root_give(a, page_fp(2, L4_FullyAccessible), false));
	EXPECT(agent(a, CMD_GIVE, b.raw, page_fp(2, L4_FullyAccessible).raw, 1, &ok) && ok);
	EXPECT(agent_read(b, addr, &v) && v == 0x4444);
	EXPECT(read_faults(a, addr));           /* the granter lost it */
	EXPECT(space_kill(a));
	/* The grant kept its place under the root: revoking reaches b. */
	L4_UnmapFpage(page_fp(2, L4_FullyAccessible));
	EXPECT(read_faults(b, addr));
	EXPECT(space_kill(b));
	return true;
}

static bool test_rights(void)
{
	L4_Word_t addr = (L4_Word_t)test_page(3), v = 0;
	*test_page(3) = 0x5555;
	/* Mapped read-only: reading works, writing faults as a write. */
	L4_ThreadId_t a = space_start(agent_loop);
	EXPECT(root_give(a, page_fp(3, L4_ReadeXecOnly), false));
	EXPECT(agent_read(a, addr, &v) && v == 0x5555);
	EXPECT(write_faults(a, addr));
	EXPECT(space_kill(a));
	/* Mapped read-write, then the write right revoked: read stays. */
	a = space_start(agent_loop);
	EXPECT(root_give(a, page_fp(3, L4_FullyAccessible), false));
	EXPECT(agent_write(a, addr, 0x6666));
	EXPECT_EQ(*test_page(3), 0x6666);
	L4_UnmapFpage(page_fp(3, L4_Writable));
	EXPECT(agent_read(a, addr, &v) && v == 0x6666);
	EXPECT(write_faults(a, addr));
	EXPECT(space_kill(a));
	*test_page(3) = 1;                      /* the root still may write */
	L4_UnmapFpage(page_fp(3, L4_FullyAccessible));
	return true;
}

static bool test_partial_unmap(void)
{
	/* Pages 4..7 as one 16 KiB fpage, then the third one revoked alone. */
	L4_ThreadId_t a = space_start(agent_loop);
	L4_Fpage_t big = L4_FpageAddRights(L4_FpageLog2((L4_Word_t)test_page(4), 14),
	                                   L4_FullyAccessible);
	for (unsigned i = 4; i < 8; i++)
		*test_page(i) = 0x7000 + i;
	EXPECT(root_give(a, big, false));
	L4_Word_t v;
	for (unsigned i = 4; i < 8; i++)
		EXPECT(agent_read(a, (L4_Word_t)test_page(i), &v) && v == 0x7000 + i);
	L4_UnmapFpage(page_fp(6, L4_FullyAccessible));
	EXPECT(agent_read(a, (L4_Word_t)test_page(4), &v) && v == 0x7004);
	EXPECT(agent_read(a, (L4_Word_t)test_page(5), &v) && v == 0x7005);
	EXPECT(agent_read(a, (L4_Word_t)test_page(7), &v) && v == 0x7007);
	EXPECT(read_faults(a, (L4_Word_t)test_page(6)));
	EXPECT(space_kill(a));
	L4_UnmapFpage(big);
	return true;
}

static bool test_status_bits(void)
{
	L4_ThreadId_t a = space_start(agent_loop);
	L4_Word_t addr = (L4_Word_t)test_page(5), v;
	EXPECT(root_give(a, page_fp(5, L4_FullyAccessible), false));
	L4_GetStatus(page_fp(5, 0));            /* reset */
	L4_Fpage_t s = L4_GetStatus(page_fp(5, 0));
	EXPECT(!L4_WasReferenced(s) && !L4_WasWritten(s));
	EXPECT(agent_read(a, addr, &v));
	s = L4_GetStatus(page_fp(5, 0));
	EXPECT(L4_WasReferenced(s) && !L4_WasWritten(s));
	EXPECT(agent_write(a, addr, 9));
	s = L4_GetStatus(page_fp(5, 0));
	EXPECT(L4_WasWritten(s));
	s = L4_GetStatus(page_fp(5, 0));
	EXPECT(!L4_WasReferenced(s) && !L4_WasWritten(s));
	/* GetStatus revoked nothing. */
	EXPECT(agent_read(a, addr, &v) && v == 9);
	EXPECT(space_kill(a));
	L4_UnmapFpage(page_fp(5, L4_FullyAccessible));
	return true;
}

static bool test_isolation(void)
{
	L4_ThreadId_t a = space_start(agent_loop), b = space_start(agent_loop);
	L4_Word_t ok = 0, before;
	/* Memory never given faults to the pager. */
	EXPECT(read_faults(a, NOWHERE));
	EXPECT(space_kill(a));
	/* Mapping what one does not have fails (message overflow, for the
	 * sender to see) and gives nothing; the receiver goes on. */
	a = space_start(agent_loop);
	ok = 1;
	EXPECT(agent(a, CMD_GIVE, b.raw, L4_FpageAddRights(L4_FpageLog2(NOWHERE, 12),
	             L4_FullyAccessible).raw, 0, &ok) && !ok);
	ok = 1;
	EXPECT(agent(a, CMD_GIVE, b.raw, L4_FpageAddRights(L4_FpageLog2(NOWHERE, 22),
	             L4_FullyAccessible).raw, 0, &ok) && !ok);
	EXPECT(read_faults(b, NOWHERE));
	EXPECT(space_kill(b));
	b = space_start(agent_loop);
	L4_Word_t v0;
	/* The kernel's pages in a space (the UTCB, the KIP) cannot be mapped
	 * over: the agent still talks through its own UTCB and reads its KIP. */
	L4_Word_t magic = 0;
	EXPECT(root_give_at(b, page_fp(0, L4_FullyAccessible), 0xBFE00000UL, false));
	EXPECT(root_give_at(b, page_fp(0, L4_FullyAccessible), 0xBFF00000UL, false));
	EXPECT(agent_read(b, 0xBFF00000UL, &magic));
	EXPECT_EQ(magic, *(L4_Word_t *)L4_GetKernelInterface());
	EXPECT(agent_read(b, (L4_Word_t)&faults.count, &v0));
	EXPECT(space_kill(b));
	/* Kernel memory: the access fails. The user segments end at 3 GiB,
	 * so hardware raises a #GP, which reaches the exception handler; QEMU
	 * does not check segment limits, and there the supervisor-only page
	 * raises a page fault, which reaches the pager (who cannot map it). */
	before = faults.count;
	L4_Word_t v;
	EXPECT(!agent_read(a, 0xE0100000UL, &v));
	EXPECT(faults.count > before);
	EXPECT_EQ(faults.from.raw, a.raw);
	EXPECT((faults.label == L4_LABEL_ARCH_EXCEPTION && faults.vector == 13) ||
	       (L4_IsPagefaultLabel(faults.label) && faults.addr == 0xE0100000UL));
	EXPECT(space_kill(a));
	return true;
}

static bool test_inter_space_ipc(void)
{
	/* Call/ReplyWait between two spaces, every message size. */
	L4_ThreadId_t srv = space_start(echo_server);
	EXPECT(!L4_IsNilThread(srv));
	EXPECT(echo_all_sizes(srv));
	/* The partner in another space is named by its global id. */
	L4_ThreadId_t from;
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Ipc(srv, srv, L4_Timeouts(L4_Never, L4_Never), &from);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(from.raw, srv.raw);
	EXPECT(space_kill(srv));
	return true;
}

static bool test_privileged_calls_refused(void)
{
	/* A thread outside the privileged spaces (sigma0's, the root task's)
	 * gets "no privilege" (ErrorCode 1) from ThreadControl and SpaceControl. */
	L4_ThreadId_t a = space_start(agent_loop);
	L4_Word_t r = ~0UL;
	EXPECT(agent(a, CMD_PRIV, 0, 0, 0, &r));
	EXPECT_EQ(r, 0x00000101UL);
	EXPECT(space_kill(a));
	/* Nothing was created. */
	EXPECT(!L4_ThreadControl(L4_GlobalId(5000, 1), L4_nilthread, L4_nilthread,
	                         L4_nilthread, (void *)-1));
	return true;
}

static volatile L4_Word_t refused_error;

/* Waits with BR0 = nilpage: accepts no mappings. */
static void refusing_receiver(void)
{
	L4_Accept(L4_UntypedWordsAcceptor);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	refused_error = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	L4_Sleep(L4_Never);
}

static bool test_window_refuses(void)
{
	/* A map item to a receiver whose window is the nilpage: message
	 * overflow (error 4) for both, in their own phases. */
	L4_ThreadId_t r = thread_start(refusing_receiver);
	EXPECT(!L4_IsNilThread(r));
	L4_MapItem_t m = L4_MapItem(page_fp(0, L4_FullyAccessible), 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
	L4_MsgTag_t tag = L4_Send_Timeout(r, L4_TimePeriod(200000));
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(4));
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(refused_error, ERR_RECV(4));
	EXPECT(thread_kill(r));
	return true;
}

static void silent_pager(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_Wait(&from);         /* takes the fault, never answers */
	}
}

static bool test_dead_pager(void)
{
	/* The pager dies while a fault waits for its answer: the faulting
	 * thread is stopped (and reported), everyone else goes on. */
	L4_ThreadId_t p = thread_start(silent_pager), a = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(p) && !L4_IsNilThread(a));
	L4_Word_t v;
	EXPECT(agent_read(a, (L4_Word_t)&faults.count, &v));   /* a runs */
	EXPECT(L4_ThreadControl(a, a, L4_nilthread, p, (void *)-1));
	EXPECT(!agent_read(a, NOWHERE, &v));
	EXPECT(thread_kill(p));
	EXPECT(space_kill(a));
	/* A pager that does not exist at all. */
	a = space_start(agent_loop);
	EXPECT(agent_read(a, (L4_Word_t)&faults.count, &v));
	EXPECT(L4_ThreadControl(a, a, L4_nilthread, L4_GlobalId(4000, 7), (void *)-1));
	EXPECT(!agent_read(a, NOWHERE, &v));
	EXPECT(space_kill(a));
	return true;
}

static bool test_exception_ipc(void)
{
	L4_ThreadId_t a = space_start(agent_loop);
	L4_Word_t before = faults.count, v = 0;
	pager_skips_ud2 = true;
	bool answered = agent(a, CMD_UD2, 0, 0, 0, &v);
	pager_skips_ud2 = false;
	EXPECT(answered && v == 1);             /* resumed after the ud2 */
	EXPECT(faults.count > before);
	EXPECT_EQ(faults.label, L4_LABEL_ARCH_EXCEPTION);
	EXPECT_EQ(faults.vector, 6);
	EXPECT_EQ(faults.from.raw, a.raw);
	/* Unanswered, the thread waits; the others do not. */
	EXPECT(!agent(a, CMD_UD2, 0, 0, 0, &v));
	EXPECT(space_kill(a));
	return true;
}

static bool test_hundred_spaces(void)
{
	L4_Word_t before = L4_KDB_FreeFrames();
	for (int i = 0; i < 100; i++) {
		L4_ThreadId_t a = space_start(agent_loop);
		EXPECT(!L4_IsNilThread(a));
		EXPECT(agent_write(a, (L4_Word_t)&faults.label + 0, faults.label));
		EXPECT(space_kill(a));
	}
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	return true;
}

static bool test_map_unmap_cycles(void)
{
	L4_ThreadId_t a = space_start(agent_loop);
	L4_Word_t before = 0, addr = (L4_Word_t)test_page(6), v;
	EXPECT(root_give(a, page_fp(6, L4_FullyAccessible), false));
	L4_UnmapFpage(page_fp(6, L4_FullyAccessible));
	before = L4_KDB_FreeFrames();
	for (int i = 0; i < 10000; i++) {
		EXPECT(root_give(a, page_fp(6, L4_FullyAccessible), false));
		L4_UnmapFpage(page_fp(6, L4_FullyAccessible));
	}
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	EXPECT(root_give(a, page_fp(6, L4_FullyAccessible), false));
	*test_page(6) = 0x8888;
	EXPECT(agent_read(a, addr, &v) && v == 0x8888);
	L4_UnmapFpage(page_fp(6, L4_FullyAccessible));
	EXPECT(read_faults(a, addr));
	EXPECT(space_kill(a));
	return true;
}

/* Mapping the 4 MiB area in 2 MiB halves (page by page: no superpage) to
 * ever more places of one space costs kernel memory (page tables, shadows,
 * mapping nodes) until the space's share is used up (kernel memory is
 * charged to the space it is for): the map fails with message overflow,
 * and deleting the space gives it back. */
static bool test_out_of_memory(void)
{
	L4_Word_t before = L4_KDB_FreeFrames(), n, v = 0;
	L4_ThreadId_t a = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a));
	bool failed = false;
	for (n = 0; n < 760 && !failed; n++) {
		L4_Word_t at = 0x01000000UL + n * 0x400000UL;
		for (L4_Word_t half = 0; half < 2; half++) {
			L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(BIG_AREA + half * 0x200000UL, 21),
			                                              L4_FullyAccessible), at + half * 0x200000UL);
			L4_LoadMR(1 + 2 * half, m.raw[0]);
			L4_LoadMR(2 + 2 * half, m.raw[1]);
		}
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 4, .label = CMD_TAKE } });
		L4_MsgTag_t tag = L4_Call_Timeouts(a, AGENT_TIMEOUT, AGENT_TIMEOUT);
		if (L4_IpcFailed(tag)) {
			EXPECT_EQ(L4_ErrorCode(), ERR_SEND(4));
			failed = true;
		} else if (n == 0) {
			/* The agent's read path faulted in now: after the
			 * space's share is used up, no page of its code may
			 * still be missing (its mapping would fail too). */
			EXPECT(agent_read(a, 0x01000000UL, &v));
		}
	}
	printf("# kernel memory ran out after %lu mappings of 4 MiB\n", (unsigned long)n);
	EXPECT(failed);
	/* Everyone goes on: the agent reads through its first window. */
	EXPECT(agent_read(a, 0x01000000UL, &v));
	EXPECT_EQ(v, 0xB16);
	EXPECT(space_kill(a));
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	return true;
}

#define SUPER_AT     0x40000000UL       /* where agents take the 4 MiB area */
#define PAGE_X       0x100000UL         /* offsets of three pages in it */
#define PAGE_Y       0x200000UL
#define PAGE_LAST    0x3FF000UL

static L4_Fpage_t super_fp(L4_Word_t base)
{
	return L4_FpageAddRights(L4_FpageLog2(base, 22), L4_FullyAccessible);
}

/* Kernel memory a mapping took: a superpage is one node, no page table. */
static bool costs_at_most(L4_Word_t before, L4_Word_t frames)
{
	L4_Word_t now = L4_KDB_FreeFrames();
	if (before - now > frames)
		printf("# the mapping took %lu frames of kernel memory\n", before - now);
	return before - now <= frames;
}

static bool super_reads(L4_ThreadId_t a, L4_Word_t offset, L4_Word_t expect)
{
	L4_Word_t v = 0;
	return agent_read(a, SUPER_AT + offset, &v) && v == expect;
}

/*
 * The root task's 4 MiB area came from sigma0 as one superpage. Mapped on
 * through root -> a -> b -> c, it stays one superpage in each space (one
 * mapping node, no page table). A flush of one page in b and an unmap of
 * another at the root split the superpages below them and take exactly
 * those pages; everything else stays, and the root's own superpage is not
 * split (the suite's final kernel-memory check would see it).
 */
static bool test_superpages(void)
{
	volatile L4_Word_t *area = (volatile L4_Word_t *)BIG_AREA;
	area[PAGE_X / 4] = 0x5100;
	area[PAGE_Y / 4] = 0x5200;
	area[PAGE_LAST / 4] = 0x53FF;
	L4_Word_t start = L4_KDB_FreeFrames(), ok = 0, before;
	L4_ThreadId_t a = space_start(agent_loop), b = space_start(agent_loop),
	              c = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a) && !L4_IsNilThread(b) && !L4_IsNilThread(c));
	/* Each agent runs once first, so its own pages are there. */
	EXPECT(agent_read(a, (L4_Word_t)&faults.count, &ok) && agent_read(b, (L4_Word_t)&faults.count, &ok) &&
	       agent_read(c, (L4_Word_t)&faults.count, &ok));
	before = L4_KDB_FreeFrames();
	EXPECT(root_give_at(a, super_fp(BIG_AREA), SUPER_AT, false));
	EXPECT(costs_at_most(before, 1));
	before = L4_KDB_FreeFrames();
	EXPECT(agent(a, CMD_GIVE, b.raw, super_fp(SUPER_AT).raw, 0, &ok) && ok);
	EXPECT(agent(b, CMD_GIVE, c.raw, super_fp(SUPER_AT).raw, 0, &ok) && ok);
	EXPECT(costs_at_most(before, 1));
	EXPECT(super_reads(c, 0, 0xB16) && super_reads(c, PAGE_LAST, 0x53FF));
	/* b flushes page X: b and c lose it, a keeps it. */
	L4_Fpage_t x = L4_FpageAddRights(L4_FpageLog2(SUPER_AT + PAGE_X, 12), L4_FullyAccessible);
	EXPECT(agent(b, CMD_UNMAP, x.raw, L4_UnmapFlush, 0, &ok));
	EXPECT(super_reads(a, PAGE_X, 0x5100));
	/* The root revokes page Y from everyone; its own mapping stays. */
	L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2(BIG_AREA + PAGE_Y, 12), L4_FullyAccessible));
	EXPECT_EQ(area[PAGE_Y / 4], 0x5200);
	for (int i = 0; i < 3; i++) {
		L4_ThreadId_t t = i == 0 ? a : i == 1 ? b : c;
		EXPECT(super_reads(t, 0, 0xB16) && super_reads(t, PAGE_LAST, 0x53FF));
		EXPECT(super_reads(t, PAGE_Y + 0x1000, 0) && super_reads(t, PAGE_Y - 0x1000, 0));
	}
	/* Writes go on reaching the root's memory through the split pages. */
	EXPECT(agent_write(c, SUPER_AT + PAGE_LAST, 0x63FF));
	EXPECT_EQ(area[PAGE_LAST / 4], 0x63FF);
	EXPECT(read_faults(a, SUPER_AT + PAGE_Y));
	EXPECT(read_faults(b, SUPER_AT + PAGE_X));
	EXPECT(read_faults(c, SUPER_AT + PAGE_X));
	EXPECT(space_kill(a) && space_kill(b) && space_kill(c));
	EXPECT_EQ(L4_KDB_FreeFrames(), start);
	return true;
}

/*
 * A superpage granted on moves whole; one page of it granted on splits the
 * granter's superpage, which keeps the other pages. One page mapped over
 * part of a superpage replaces just that page.
 */
static bool test_superpage_grant(void)
{
	volatile L4_Word_t *area = (volatile L4_Word_t *)BIG_AREA;
	area[PAGE_X / 4] = 0x5100;
	area[PAGE_LAST / 4] = 0x53FF;
	*test_page(0) = 0x7E57;
	L4_Word_t start = L4_KDB_FreeFrames(), ok = 0, before;
	L4_ThreadId_t a = space_start(agent_loop), d = space_start(agent_loop),
	              e = space_start(agent_loop), f = space_start(agent_loop);
	EXPECT(!L4_IsNilThread(a) && !L4_IsNilThread(d) && !L4_IsNilThread(e) && !L4_IsNilThread(f));
	EXPECT(agent_read(d, (L4_Word_t)&faults.count, &ok));
	EXPECT(root_give_at(a, super_fp(BIG_AREA), SUPER_AT, false));
	before = L4_KDB_FreeFrames();
	EXPECT(agent(a, CMD_GIVE, d.raw, super_fp(SUPER_AT).raw, 1, &ok) && ok);
	EXPECT(costs_at_most(before, 1));
	EXPECT(super_reads(d, PAGE_LAST, 0x53FF));
	/* d grants page X on: e has it, d keeps the rest. */
	L4_Fpage_t x = L4_FpageAddRights(L4_FpageLog2(SUPER_AT + PAGE_X, 12), L4_FullyAccessible);
	EXPECT(agent(d, CMD_GIVE, e.raw, x.raw, 1, &ok) && ok);
	EXPECT(super_reads(e, PAGE_X, 0x5100));
	EXPECT(super_reads(d, 0, 0xB16) && super_reads(d, PAGE_LAST, 0x53FF));
	/* A test page mapped over page X of a fresh superpage in f. */
	EXPECT(root_give_at(f, super_fp(BIG_AREA), SUPER_AT, false));
	EXPECT(root_give_at(f, page_fp(0, L4_FullyAccessible), SUPER_AT + PAGE_X, false));
	EXPECT(super_reads(f, PAGE_X, 0x7E57) && super_reads(f, PAGE_LAST, 0x53FF));
	/* The root's unmap still reaches the granted pages (they kept their
	 * place below the root's mapping). */
	L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2(BIG_AREA, 22), L4_FullyAccessible));
	EXPECT_EQ(area[0], 0xB16);
	EXPECT(super_reads(f, PAGE_X, 0x7E57));
	EXPECT(read_faults(a, SUPER_AT));
	EXPECT(read_faults(d, SUPER_AT));
	EXPECT(read_faults(e, SUPER_AT + PAGE_X));
	EXPECT(read_faults(f, SUPER_AT + PAGE_LAST));
	EXPECT(space_kill(a) && space_kill(d) && space_kill(e) && space_kill(f));
	L4_UnmapFpage(page_fp(0, L4_FullyAccessible));
	EXPECT_EQ(L4_KDB_FreeFrames(), start);
	return true;
}

const struct test space_tests[] = {
	{ "sigma0_protocol", "sigma0 hands a page out once, to its owner again, kernel memory never", test_sigma0_protocol },
	{ "inter_space_ipc", "Call/ReplyWait across spaces with 0..63 words; global ids", test_inter_space_ipc },
	{ "privileged_refused", "ThreadControl and SpaceControl refuse an unprivileged space (error 1)", test_privileged_calls_refused },
	{ "window_refuses", "a map item to a nilpage receive window fails with error 4 on both sides", test_window_refuses },
	{ "map_shares_memory", "a mapped page is shared; unmapped memory faults to the pager", test_map_shares_memory },
	{ "chain_revoke", "root -> a -> b -> c: unmap in the middle removes below, not above; flush", test_chain_revoke },
	{ "grant", "a grant removes the granter's mapping and stays revocable by its source", test_grant },
	{ "rights", "read-only maps and a revoked write right fault on writes only", test_rights },
	{ "partial_unmap", "unmapping one page of a 16 KiB mapping leaves the others", test_partial_unmap },
	{ "status_bits", "Unmap reports referenced and written, and resets them", test_status_bits },
	{ "isolation", "a space reaches neither memory it was not given nor kernel memory", test_isolation },
	{ "dead_pager", "a fault whose pager is gone or invalid stops only the faulting thread", test_dead_pager },
	{ "exception_ipc", "a ud2 reaches the exception handler, whose reply resumes the thread", test_exception_ipc },
	{ "hundred_spaces", "100 spaces created and deleted leave kernel memory as it was", test_hundred_spaces },
	{ "out_of_memory", "running out of kernel memory in a map fails the IPC, never the kernel", test_out_of_memory },
	{ "superpages", "a 4 MiB superpage maps on as one; revoking one page splits it below, not above", test_superpages },
	{ "superpage_grant", "granting a superpage, or one page of it; a page mapped over part of one", test_superpage_grant },
	{ "map_unmap_cycles", "10000 map/unmap cycles run clean", test_map_unmap_cycles },
	{ 0, 0, 0 },
};
