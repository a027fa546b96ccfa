// SPDX-License-Identifier: MIT
/*
 * tests_bind.c: secure bindings: one owner per frame, named by physical
 * address, and no use without a binding.
 */
#include "tests.h"

bool test_bind_exclusive(void)
{
	struct rclient *a = rclient_start(true, 4, 0, 0), *b = rclient_start(true, 4, 0, 0);
	L4_Word_t out[8];
	EXPECT(a && b);
	EXPECT_EQ(rcmd(a, C_ALLOC, RES_ANY, 0, out), 2);
	EXPECT_EQ(out[0], RES_OK);
	L4_Word_t pa = out[1];
	EXPECT_EQ(free_frames(), RES_FRAMES - 1);
	/* The same frame by name: taken, for the other and for the owner. */
	EXPECT_RCMD(b, C_ALLOC, pa, 0, out, RES_E_TAKEN);
	EXPECT_RCMD(a, C_ALLOC, pa, 0, out, RES_E_TAKEN);
	EXPECT_RCMD(b, C_ALLOC, 0x1000, 0, out, RES_E_BAD_ARG);
	/* A contiguous run: four frames, physically in a row. */
	EXPECT_RCMD(b, C_ALLOC_RUN, 4, 0, out, RES_OK);
	L4_Word_t pb = out[1];
	for (unsigned i = 0; i < 4; i++) {
		EXPECT(pb + i * 4096 != pa);
		rcmd(b, C_ADDR, pb + i * 4096, 0, out);
		EXPECT(out[0] != 0);
	}
	/* A named frame that is free: what is free is visible. */
	L4_Word_t list[2];
	EXPECT_EQ(admin_call(RES_FREE_LIST, 0, 0, 0, list, 2), RES_OK);
	EXPECT_EQ(list[0], RES_FRAMES - 5);
	EXPECT_RCMD(b, C_ALLOC, list[1], 0, out, RES_OK);
	EXPECT_EQ(out[1], list[1]);
	EXPECT_RCMD(b, C_HOLDINGS, 0, 0, out, 5);
	EXPECT_EQ(out[2], 1);
	/* Used directly: a's word is its own, b's new frames read zero. */
	rcmd(a, C_ADDR, pa, 0, out);
	L4_Word_t va = out[0];
	EXPECT_EQ(rcmd(a, C_WRITE, va, 0xA11CE, 0), 0);
	EXPECT_RCMD(a, C_READ, va, 0, out, 0xA11CE);
	rcmd(b, C_ADDR, pb, 0, out);
	EXPECT_RCMD(b, C_READ, out[0], 0, out, 0);
	EXPECT_EQ(rclient_kill(a), 1);
	EXPECT_EQ(rclient_kill(b), 5);
	return true;
}

bool test_no_use_without_binding(void)
{
	struct rclient *a = rclient_start(true, 4, 0, 0), *b = rclient_start(true, 4, 0, 0);
	L4_Word_t out[8];
	EXPECT(a && b);
	EXPECT_RCMD(a, C_ALLOC, RES_ANY, 0, out, RES_OK);
	L4_Word_t pa = out[1];
	rcmd(a, C_ADDR, pa, 0, out);
	L4_Word_t va = out[0];
	rcmd(a, C_WRITE, va, 0xC0FFEE, 0);
	/* b holds nothing: it can neither bind, pass nor free a's frame. */
	EXPECT_RCMD(b, C_MAP, pa, 0, out, RES_E_NOT_HELD);
	EXPECT_RCMD(b, C_PASS, pa, b->agent.raw, out, RES_E_NOT_HELD);
	EXPECT_RCMD(b, C_FREE, pa, 0, out, RES_E_NOT_HELD);
	/* Only to a client. */
	EXPECT_RCMD(a, C_PASS, pa, root_id.raw, out, RES_E_NOT_CLIENT);
	/* Admin requests are the root task's; the root task is no client. */
	EXPECT_RCMD(b, C_RAW, RES_REVOKE, a->agent.raw, out, RES_ERR);
	EXPECT_EQ(out[1], RES_E_DENIED);
	rcmd(b, C_RAW, RES_DUMP, 0, out);
	EXPECT_EQ(out[1], RES_E_DENIED);
	EXPECT_EQ(admin_call(RES_ALLOC, RES_ANY, 1, FRAME_AREA, out, 1), RES_ERR);
	EXPECT_EQ(out[0], RES_E_NOT_CLIENT);
	/* a passes it: b binds it and finds a's word (the same frame). */
	EXPECT_RCMD(a, C_PASS, pa, b->agent.raw, out, RES_OK);
	EXPECT_RCMD(b, C_MAP, pa, 0, out, RES_OK);
	rcmd(b, C_ADDR, pa, 0, out);
	EXPECT_RCMD(b, C_READ, out[0], 0, out, 0xC0FFEE);
	EXPECT_RCMD(a, C_PASS, pa, b->agent.raw, out, RES_E_NOT_HELD);
	/* a's old binding is gone: touching it faults (to spaces.c's pager,
	 * which leaves it unanswered). */
	L4_Word_t before = faults.count;
	L4_LoadMR(1, va);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = C_READ } });
	L4_MsgTag_t tag = L4_Call_Timeouts(a->agent, L4_Never, L4_TimePeriod(300000));
	EXPECT(L4_IpcFailed(tag));
	EXPECT(faults.count > before);
	EXPECT_EQ(faults.addr, va);
	EXPECT_EQ(faults.from.raw, a->agent.raw);
	EXPECT_EQ(rclient_kill(a), 0);
	EXPECT_EQ(rclient_kill(b), 1);
	return true;
}
