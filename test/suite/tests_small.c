// SPDX-License-Identifier: MIT
/*
 * tests_small.c: small address spaces (X.2 A.5), through the real
 * interface. Children (small.c) run root code as in spaces.c, only
 * reached through segments based at their slot of the small-space area;
 * they are agents that carry out commands.
 *
 * Isolation rests on segment limits, which QEMU does not check on data
 * accesses and Bochs does: the tests probe whether the CPU checks them
 * (a read past the 4-byte UTCB segment, A.1), print the answer, and assert
 * isolation only where limits are checked (and
 * test/boot/user_ipc_threads_bochs.t requires that they were).
 */
#include "agent.h"
#include "suite.h"
#include "small.h"
#include <l4/kip.h>
#include <string.h>

enum { CMD_READ = AGENT_READ, CMD_WRITE = AGENT_WRITE, CMD_TAKE = AGENT_TAKE,
       CMD_GIVE = AGENT_GIVE, CMD_READ_SS = AGENT_FIRST_EXTRA, CMD_GS_PROBE,
       CMD_ECHO, CMD_CALLS, CMD_UD2, CMD_JUMP };
#define AGENT_TIMEOUT   L4_TimePeriod(400000)
#define INSIDE          0x00800000UL    /* free in every child, below 16 MiB */
#define BEYOND          (INSIDE + (SMALL_MB << 20))
static int limits_checked = -1;         /* unknown yet */

/* ---- agents ------------------------------------------------------------- */

/* The commands of these tests beyond the agent's own (agent.h). */
static L4_Word_t small_command(L4_Word_t cmd, const L4_Word_t w[3])
{
	L4_Word_t result = 0;
	switch (cmd) {
	case CMD_READ_SS:               /* through the stack segment */
		__asm__ __volatile__("movl %%ss:(%1), %0" : "=r"(result) : "r"(w[0]));
		break;
	case CMD_UD2:
		__asm__ __volatile__("ud2");
		break;
	case CMD_JUMP:                  /* through the code segment */
		((void (*)(void))w[0])();
		break;
	case CMD_GS_PROBE:              /* past the 4-byte UTCB segment */
		__asm__ __volatile__("movl %%gs:4, %0" : "=r"(result));
		break;
	case CMD_ECHO: {
		L4_ThreadId_t target = { .raw = w[0] };
		result = echo_all_sizes(target);
		break;
	}
	case CMD_CALLS: {               /* w1 empty Calls to w0 */
		L4_ThreadId_t target = { .raw = w[0] };
		for (L4_Word_t i = 0; i < w[1]; i++) {
			L4_LoadMR(0, 0);
			if (L4_IpcFailed(L4_Call(target)))
				break;
			result++;
		}
		break;
	}
	}
	return result;
}

static void agent_loop(void)
{
	agent_serve(small_pager, small_command);
}

static bool agent(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w0, L4_Word_t w1,
                  L4_Word_t w2, L4_Word_t *result, L4_Time_t timeout)
{
	return agent_call(a, cmd, w0, w1, w2, result, AGENT_TIMEOUT, timeout);
}

static bool cmd(L4_ThreadId_t a, L4_Word_t c, L4_Word_t w0, L4_Word_t w1, L4_Word_t *result)
{
	return agent(a, c, w0, w1, 0, result, AGENT_TIMEOUT);
}

static L4_Fpage_t page_fp(unsigned i, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2((L4_Word_t)test_page(i), 12), rights);
}

/* The root task maps (or grants) test page i to a at 'at'. */
static bool root_give_at(L4_ThreadId_t a, unsigned i, L4_Word_t at, bool grant)
{
	L4_Fpage_t f = page_fp(i, L4_FullyAccessible);
	L4_MapItem_t m = L4_MapItem(f, at);
	L4_GrantItem_t g = L4_GrantItem(f, at);
	L4_LoadMR(1, grant ? g.raw[0] : m.raw[0]);
	L4_LoadMR(2, grant ? g.raw[1] : m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = CMD_TAKE } });
	return L4_IpcSucceeded(L4_Call_Timeouts(a, AGENT_TIMEOUT, AGENT_TIMEOUT));
}

/* Did reading addr in a end in a page fault its pager saw at addr (the
 * space's own address, never a linear one)? */
static bool read_faults(L4_ThreadId_t a, L4_Word_t addr)
{
	L4_Word_t before = faults.count, v;
	if (cmd(a, CMD_READ, addr, 0, &v))
		return false;
	return faults.count > before && L4_IsPagefaultLabel(faults.label) &&
	       faults.addr == addr && faults.from.raw == a.raw;
}

/* Does this CPU check data segment limits? Bochs and hardware do, QEMU's
 * TCG does not. A large agent reads past its UTCB segment. */
static bool cpu_checks_limits(void)
{
	if (limits_checked < 0) {
		L4_ThreadId_t a = small_start(agent_loop, 0);
		L4_Word_t before = faults.count, v;
		bool read = cmd(a, CMD_GS_PROBE, 0, 0, &v);
		limits_checked = !read && faults.count > before && faults.vector == 13;
		small_kill(a);
		printf("# segment limits checked by this CPU: %s\n", limits_checked ? "yes" : "no");
	}
	return limits_checked;
}

/* ---- tests ---------------------------------------------------------------- */

static bool test_control_word(void)
{
	/* A.3: the feature string. */
	void *kip = L4_GetKernelInterface();
	bool found = false;
	for (L4_Word_t i = 0; L4_Feature(kip, i); i++)
		found |= !strcmp(L4_Feature(kip, i), "smallspaces");
	EXPECT(found);
	L4_Word_t n = L4_SmallSpace(128, SMALL_MB), old = 0;
	EXPECT_EQ(n, 64 | 4);           /* 16 MB = 4 slots: bit 2; 128 MB / 2 MB */
	L4_ThreadId_t t = L4_GlobalId(29998, 1);
	L4_ThreadId_t u = L4_GlobalId(29999, 1);
	EXPECT(L4_ThreadControl(t, t, root_id, L4_nilthread, (void *)SMALL_UTCB));
	EXPECT(L4_ThreadControl(u, u, root_id, L4_nilthread, (void *)SMALL_UTCB));
	/* The t bit (extended mappings) is not offered: invalid parameter. */
	EXPECT(!L4_SpaceControl(t, L4_SpaceControl_ExtendedMap, L4_FpageLog2(SMALL_KIP, 12),
	                        L4_FpageLog2(SMALL_UTCB, 16), L4_nilthread, &old));
	EXPECT_EQ(L4_ErrorCode(), L4_ErrInvalidParam);
	/* Areas and the small number in one call: effective, old number 0. */
	EXPECT(L4_SpaceControl(t, L4_SpaceControl_SetSmall | n, L4_FpageLog2(SMALL_KIP, 12),
	                       L4_FpageLog2(SMALL_UTCB, 16), L4_nilthread, &old));
	EXPECT_EQ(old, L4_SpaceControl_SmallEffective | 0);
	EXPECT_EQ(small_of(t), n);
	/* An overlapping region (32 MB at 128 MB) is refused: e = 0. */
	L4_Word_t m = L4_SmallSpace(128, 32);
	EXPECT(L4_SpaceControl(u, L4_SpaceControl_SetSmall | m, L4_FpageLog2(SMALL_KIP, 12),
	                       L4_FpageLog2(SMALL_UTCB, 16), L4_nilthread, &old));
	EXPECT_EQ(old, 0);
	EXPECT_EQ(small_of(u), 0);
	/* So is a size that does not hold the KIP area (4 MB at 0). */
	EXPECT(L4_SpaceControl(u, L4_SpaceControl_SetSmall | L4_SmallSpace(0, 4), L4_Nilpage,
	                       L4_Nilpage, L4_nilthread, &old));
	EXPECT_EQ(old, 0);
	/* Once t goes, its slot is free for u. */
	EXPECT(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1));
	EXPECT(L4_SpaceControl(u, L4_SpaceControl_SetSmall | m, L4_Nilpage, L4_Nilpage,
	                       L4_nilthread, &old));
	EXPECT_EQ(old, L4_SpaceControl_SmallEffective | 0);
	/* Back to large: the old number is reported. */
	EXPECT(L4_SpaceControl(u, L4_SpaceControl_SetSmall | L4_LargeSpace, L4_Nilpage,
	                       L4_Nilpage, L4_nilthread, &old));
	EXPECT_EQ(old, L4_SpaceControl_SmallEffective | m);
	EXPECT(L4_ThreadControl(u, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1));
	return true;
}

static bool test_ipc(void)
{
	L4_ThreadId_t srv = small_start(echo_server, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t cli = small_start(agent_loop, L4_SmallSpace(192, SMALL_MB));
	L4_ThreadId_t big = small_start(agent_loop, 0);
	EXPECT(!L4_IsNilThread(srv) && !L4_IsNilThread(cli) && !L4_IsNilThread(big));
	EXPECT_EQ(small_of(srv), L4_SmallSpace(128, SMALL_MB));
	/* large (root) <-> small, small <-> small, another large <-> small */
	EXPECT(echo_all_sizes(srv));
	L4_Word_t ok = 0;
	EXPECT(cmd(cli, CMD_ECHO, srv.raw, 0, &ok) && ok);
	EXPECT(cmd(big, CMD_ECHO, srv.raw, 0, &ok) && ok);
	EXPECT_EQ(small_of(srv), L4_SmallSpace(128, SMALL_MB));
	EXPECT_EQ(small_of(cli), L4_SmallSpace(192, SMALL_MB));
	EXPECT(small_kill(srv) && small_kill(cli) && small_kill(big));
	return true;
}

static bool test_map_grant_flush(void)
{
	L4_ThreadId_t a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t b = small_start(agent_loop, L4_SmallSpace(256, SMALL_MB));
	L4_Word_t v = 0, ok = 0;
	*test_page(4) = 0xA4;
	*test_page(5) = 0xA5;
	/* large -> small: the same memory at the space's own address */
	EXPECT(root_give_at(a, 4, INSIDE, false));
	EXPECT(cmd(a, CMD_READ, INSIDE, 0, &v));
	EXPECT_EQ(v, 0xA4);
	EXPECT(cmd(a, CMD_WRITE, INSIDE, 0xB4, 0));
	EXPECT_EQ(*test_page(4), 0xB4);
	/* small -> small */
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(INSIDE, 12), L4_FullyAccessible);
	EXPECT(cmd(a, CMD_GIVE, b.raw, f.raw, &ok) && ok);
	EXPECT(cmd(b, CMD_READ, INSIDE, 0, &v));
	EXPECT_EQ(v, 0xB4);
	/* small -> large */
	L4_ThreadId_t l = small_start(agent_loop, 0);
	EXPECT(cmd(a, CMD_GIVE, l.raw, f.raw, &ok) && ok);
	EXPECT(cmd(l, CMD_READ, INSIDE, 0, &v));
	EXPECT_EQ(v, 0xB4);
	/* Unmap from the root task: all lose it at once, though each has
	 * just used it (the small ones through their slots: the TLB entry of
	 * the slot address goes too), and the pager hears their own address. */
	L4_UnmapFpage(page_fp(4, L4_FullyAccessible));
	EXPECT(read_faults(l, INSIDE));
	EXPECT(small_kill(l));
	EXPECT(read_faults(a, INSIDE));
	EXPECT(small_kill(a));
	EXPECT(read_faults(b, INSIDE));
	EXPECT(small_kill(b));
	/* Grant small -> small: the granter loses it. */
	a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	b = small_start(agent_loop, L4_SmallSpace(256, SMALL_MB));
	EXPECT(root_give_at(a, 5, INSIDE, false));
	EXPECT(cmd(a, CMD_READ, INSIDE, 0, &v) && v == 0xA5);
	EXPECT(agent(a, CMD_GIVE, b.raw, f.raw, 1, &ok, AGENT_TIMEOUT) && ok);
	EXPECT(cmd(b, CMD_READ, INSIDE, 0, &v));
	EXPECT_EQ(v, 0xA5);
	EXPECT(read_faults(a, INSIDE));
	EXPECT(small_kill(a));
	/* Flush by the grantee: gone from its own space too. */
	EXPECT(cmd(b, CMD_WRITE, INSIDE, 0xC5, 0));
	EXPECT_EQ(*test_page(5), 0xC5);
	L4_UnmapFpage(page_fp(5, L4_FullyAccessible));
	EXPECT(read_faults(b, INSIDE));
	EXPECT(small_kill(b));
	return true;
}

/* Past its limit a small space reaches nothing: the CPU's #GP (or, where
 * limits are not checked, the fault in the empty neighbouring slot) makes
 * it large, and the access becomes an ordinary fault at its own address. */
static bool test_beyond_limit(void)
{
	L4_ThreadId_t a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	EXPECT(read_faults(a, BEYOND));
	EXPECT_EQ(small_of(a), 0);
	EXPECT(small_kill(a));
	/* A stack access past the limit (#SS on hardware) too. */
	a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_Word_t before = faults.count, v;
	EXPECT(!cmd(a, CMD_READ_SS, BEYOND, 0, &v));
	EXPECT(faults.count > before && faults.addr == BEYOND);
	EXPECT_EQ(small_of(a), 0);
	EXPECT(small_kill(a));
	return true;
}

/* An IP beyond a small space's size, here from an exception handler's
 * reply, would make the kernel's iret fault (where the CPU checks the
 * code segment's limit: Bochs, not QEMU): the space is made large first,
 * and the thread runs on at that address (a fault, here). */
static bool test_ip_beyond(void)
{
	L4_ThreadId_t a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_Word_t before = faults.count, v;
	small_ud2_resume = BEYOND;
	bool answered = cmd(a, CMD_UD2, 0, 0, &v);
	small_ud2_resume = 0;
	EXPECT(!answered);
	EXPECT(faults.count >= before + 2);     /* the #UD, then the fetch */
	EXPECT(L4_IsPagefaultLabel(faults.label));
	EXPECT_EQ(faults.addr, BEYOND);
	EXPECT_EQ(faults.ip, BEYOND);
	EXPECT_EQ(faults.from.raw, a.raw);
	EXPECT_EQ(small_of(a), 0);
	EXPECT(small_kill(a));
	return true;
}

static bool test_promotion(void)
{
	L4_ThreadId_t a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t srv = small_start(echo_server, L4_SmallSpace(64, SMALL_MB));
	L4_ThreadId_t second = small_thread_in(a, echo_server);
	L4_Word_t v = 0, ok = 0;
	EXPECT(!L4_IsNilThread(second));
	EXPECT(echo_all_sizes(second));
	/* Within the small space by local id (the UTCB address, which the
	 * kernel reads at the slot): the second thread's UTCB is slot 1. */
	L4_Word_t second_local = SMALL_UTCB + 512 + L4_UTCB_ADDR_OFFSET;
	EXPECT(cmd(a, CMD_ECHO, second_local, 0, &ok) && ok);
	*test_page(6) = 0x66;
	*test_page(7) = 0x77;
	EXPECT(root_give_at(a, 6, INSIDE, false));
	EXPECT(cmd(a, CMD_WRITE, INSIDE + 4, 0x1234, 0));
	/* A mapping beyond the slot is made; the first access to it makes
	 * the space large, and it reads what was mapped. */
	EXPECT(root_give_at(a, 7, BEYOND, false));
	EXPECT_EQ(small_of(a), L4_SmallSpace(128, SMALL_MB));
	EXPECT(cmd(a, CMD_READ, BEYOND, 0, &v));
	EXPECT_EQ(v, 0x77);
	EXPECT_EQ(small_of(a), 0);
	/* The same threads go on, with their memory where it was. */
	EXPECT(echo_all_sizes(second));
	EXPECT(cmd(a, CMD_ECHO, second_local, 0, &ok) && ok);
	EXPECT(cmd(a, CMD_READ, INSIDE, 0, &v) && v == 0x66);
	EXPECT(cmd(a, CMD_READ, INSIDE + 4, 0, &v) && v == 0x1234);
	EXPECT(cmd(a, CMD_ECHO, srv.raw, 0, &ok) && ok);
	/* SpaceControl on a running space: large, then small again, and the
	 * server keeps answering in between. */
	L4_Word_t n = L4_SmallSpace(64, SMALL_MB), old;
	EXPECT(L4_SpaceControl(srv, L4_SpaceControl_SetSmall | 0, L4_Nilpage, L4_Nilpage,
	                       L4_nilthread, &old));
	EXPECT_EQ(old, L4_SpaceControl_SmallEffective | n);
	EXPECT(echo_all_sizes(srv));
	EXPECT(L4_SpaceControl(srv, L4_SpaceControl_SetSmall | n, L4_Nilpage, L4_Nilpage,
	                       L4_nilthread, &old));
	EXPECT_EQ(old, L4_SpaceControl_SmallEffective | 0);
	EXPECT(echo_all_sizes(srv));
	EXPECT(cmd(a, CMD_ECHO, srv.raw, 0, &ok) && ok);
	EXPECT_EQ(small_of(srv), n);
	/* And a large space made small keeps its pages. */
	EXPECT(L4_SpaceControl(a, L4_SpaceControl_SetSmall | L4_SmallSpace(128, 32), L4_Nilpage,
	                       L4_Nilpage, L4_nilthread, &old));
	EXPECT_EQ(old, L4_SpaceControl_SmallEffective | 0);
	EXPECT(cmd(a, CMD_READ, INSIDE + 4, 0, &v) && v == 0x1234);
	EXPECT(cmd(a, CMD_READ, BEYOND, 0, &v) && v == 0x77);
	EXPECT(echo_all_sizes(second));
	EXPECT(small_kill(second) && small_kill(a) && small_kill(srv));
	return true;
}

/* Did writing addr in a end in a page fault its pager saw at addr? The
 * pager leaves it unanswered: a stays blocked. */
static bool write_faults(L4_ThreadId_t a, L4_Word_t addr)
{
	L4_Word_t before = faults.count;
	if (cmd(a, CMD_WRITE, addr, 0x5E, 0))
		return false;
	return faults.count > before && L4_IsPagefaultLabel(faults.label) &&
	       faults.addr == addr && faults.from.raw == a.raw;
}

/* A mapping node points at its page-table entry, and changing a space's
 * size moves its tables (small -> large: into tables of its own; large ->
 * small: into the slot's): an Unmap after the move must still reach the
 * entries the CPU uses. */
static bool test_protect_after_move(void)
{
	L4_ThreadId_t a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t b = small_start(agent_loop, 0);
	L4_Word_t v = 0, old;
	EXPECT(!L4_IsNilThread(a) && !L4_IsNilThread(b));
	EXPECT(root_give_at(a, 6, INSIDE, false) && root_give_at(b, 7, INSIDE, false));
	EXPECT(cmd(a, CMD_WRITE, INSIDE, 0x61, 0) && cmd(b, CMD_WRITE, INSIDE, 0x71, 0));
	EXPECT(L4_SpaceControl(a, L4_SpaceControl_SetSmall | 0, L4_Nilpage, L4_Nilpage,
	                       L4_nilthread, &old));
	L4_Word_t n = L4_SmallSpace(128 + 2 * SMALL_MB, SMALL_MB);
	EXPECT(L4_SpaceControl(b, L4_SpaceControl_SetSmall | n, L4_Nilpage, L4_Nilpage,
	                       L4_nilthread, &old));
	EXPECT_EQ(small_of(a), 0);
	EXPECT_EQ(small_of(b), n);
	/* Protect both pages: reads go on, writes fault. */
	L4_UnmapFpage(page_fp(6, L4_Writable));
	L4_UnmapFpage(page_fp(7, L4_Writable));
	EXPECT(cmd(a, CMD_READ, INSIDE, 0, &v) && v == 0x61);
	EXPECT(cmd(b, CMD_READ, INSIDE, 0, &v) && v == 0x71);
	EXPECT(write_faults(a, INSIDE));
	EXPECT(write_faults(b, INSIDE));
	EXPECT_EQ(*test_page(6), 0x61);
	EXPECT_EQ(*test_page(7), 0x71);
	EXPECT(small_kill(a) && small_kill(b));
	return true;
}

/* A small space next to another cannot read its neighbour's pages past
 * its own limit (needs a CPU that checks limits). */
static bool test_isolation_neighbour(void)
{
	L4_ThreadId_t a = small_start(agent_loop, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t b = small_start(agent_loop, L4_SmallSpace(128 + SMALL_MB, SMALL_MB));
	*test_page(4) = 0x5EC2E7;
	EXPECT(root_give_at(b, 4, INSIDE, false));
	L4_Word_t v = 0;
	EXPECT(cmd(b, CMD_READ, INSIDE, 0, &v) && v == 0x5EC2E7);
	if (cpu_checks_limits()) {
		/* a's BEYOND is b's INSIDE, linearly. */
		EXPECT(read_faults(a, BEYOND));
		EXPECT_EQ(small_of(a), 0);
	}
	EXPECT(small_kill(a) && small_kill(b));
	L4_UnmapFpage(page_fp(4, L4_FullyAccessible));
	return true;
}

/* A large space cannot reach the small-space area, by its data segment,
 * its stack segment (which sysexit would leave flat: while a small space
 * exists the kernel returns by iret) or its code segment. */
static bool test_large_cannot_read_area(void)
{
	L4_ThreadId_t b = small_start(agent_loop, L4_SmallSpace(256, SMALL_MB));
	L4_ThreadId_t l = small_start(agent_loop, 0);
	*test_page(5) = 0x5EC2E7;
	EXPECT(root_give_at(b, 5, INSIDE, false));
	L4_Word_t v = 0, linear = 0xC0000000UL + (256UL << 20) + INSIDE;
	EXPECT(cmd(b, CMD_READ, INSIDE, 0, &v) && v == 0x5EC2E7);
	if (cpu_checks_limits()) {
		EXPECT(cmd(l, CMD_READ, (L4_Word_t)&faults.count, 0, &v));    /* warm */
		L4_Word_t before = faults.count;
		EXPECT(!cmd(l, CMD_READ, linear, 0, &v));
		EXPECT(faults.count > before && faults.from.raw == l.raw && faults.vector == 13);
		EXPECT(small_kill(l));
		l = small_start(agent_loop, 0);
		/* Warm: the agent's pages are mapped, so no fault (and no iret
		 * after it) comes between its return from the IPC and the read. */
		EXPECT(cmd(l, CMD_READ_SS, (L4_Word_t)&faults.count, 0, &v));
		before = faults.count;
		EXPECT(!cmd(l, CMD_READ_SS, linear, 0, &v));
		EXPECT(faults.count > before && faults.from.raw == l.raw &&
		       (faults.vector == 12 || faults.vector == 13));
		EXPECT(small_kill(l));
		l = small_start(agent_loop, 0);
		EXPECT(cmd(l, CMD_READ, (L4_Word_t)&faults.count, 0, &v));    /* warm */
		before = faults.count;
		EXPECT(!cmd(l, CMD_JUMP, linear, 0, &v));
		EXPECT(faults.count > before && faults.from.raw == l.raw && faults.vector == 13);
	}
	EXPECT(small_kill(l) && small_kill(b));
	L4_UnmapFpage(page_fp(5, L4_FullyAccessible));
	return true;
}

/* Two small spaces and the root task (large): a million messages between
 * the small ones, and not one CR3 load from the root task's Call to its
 * reply, the switches large -> small -> small -> large included. */
static bool test_million_messages(void)
{
	L4_ThreadId_t srv = small_start(null_server, L4_SmallSpace(128, SMALL_MB));
	L4_ThreadId_t cli = small_start(agent_loop, L4_SmallSpace(192, SMALL_MB));
	L4_Word_t n = 0, calls = 500000;
	EXPECT(cmd(cli, CMD_CALLS, srv.raw, 10, &n) && n == 10);   /* warm */
	L4_Word_t cr3 = L4_KDB_Counter(L4_KDB_COUNTER_CR3_LOADS);
	L4_Word_t seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS);
	EXPECT(agent(cli, CMD_CALLS, srv.raw, calls, 0, &n, L4_Never));
	cr3 = L4_KDB_Counter(L4_KDB_COUNTER_CR3_LOADS) - cr3;
	seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS) - seg;
	printf("# %lu round trips between two small spaces: %lu CR3 loads, %lu segment reloads\n",
	       n, cr3, seg);
	EXPECT_EQ(n, calls);
	EXPECT_EQ(cr3, 0);
	EXPECT(seg >= 2 * calls);       /* each switch: the user descriptors */
	EXPECT(small_kill(srv) && small_kill(cli));
	/* Between large spaces with the same KIP area nothing is reloaded
	 * but CR3, small spaces or not. */
	L4_ThreadId_t big = space_start(null_server);
	L4_ThreadId_t other = small_start(null_server, L4_SmallSpace(128, SMALL_MB));
	EXPECT(!L4_IsNilThread(big) && !L4_IsNilThread(other));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Call(big)));
	seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS);
	for (int i = 0; i < 1000; i++) {
		L4_LoadMR(0, 0);
		EXPECT(L4_IpcSucceeded(L4_Call(big)));
	}
	seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS) - seg;
	EXPECT_EQ(seg, 0);
	EXPECT(space_kill(big) && small_kill(other));
	return true;
}

const struct test small_tests[] = {
	{ "small_control_word", "SpaceControl's A.5 control word: set, report, refuse overlap and bad bits; the smallspaces feature", test_control_word },
	{ "small_ipc", "IPC large <-> small and small <-> small, 0..63 words", test_ipc },
	{ "small_map_grant_flush", "map, grant and unmap into and out of small spaces; unmapped pages fault at the space's address", test_map_grant_flush },
	{ "small_beyond_limit", "a small space touching past its size gets a fault at its own address, delivered to its pager, and is made large", test_beyond_limit },
	{ "small_ip_beyond", "an IP beyond a small space's size (an exception reply) makes it large before the return, never a kernel fault", test_ip_beyond },
	{ "small_promotion", "promotion (implicit and by SpaceControl) keeps contents and running threads; large back to small", test_promotion },
	{ "small_protect_after_move", "Unmap of w reaches a space's entries after SpaceControl moved its tables (small to large, large to small)", test_protect_after_move },
	{ "small_isolation_neighbour", "a small space cannot read its neighbouring slot (asserted where the CPU checks limits)", test_isolation_neighbour },
	{ "small_isolation_large", "a large space cannot reach the small-space area, by DS, SS or CS (asserted where the CPU checks limits)", test_large_cannot_read_area },
	{ "small_million_messages", "a million messages between two small spaces, no CR3 load from the root's Call to its reply", test_million_messages },
	{ 0, 0, 0 },
};
