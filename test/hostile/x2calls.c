// SPDX-License-Identifier: MIT
/*
 * x2calls.c: what issue 18 added to the kernel, from an unprivileged
 * task: Schedule on an interrupt thread, ProcessorControl, MemoryControl
 * and a SpaceControl redirector are refused with ErrorCode 1; a forged
 * propagation (p bit, a VirtualSender of another space) or a forged r bit
 * reaches the receiver as the task's own plain message; garbage in the
 * PreemptFlags byte changes nothing for anyone else.
 */
#include "hostile.h"
#include <l4/misc.h>
#include <l4/space.h>

#define LABEL_FORGED 0x4647

static void privileged_calls(void)
{
	L4_Word_t bits = 0, old;
	bits |= (L4_Set_Priority(L4_GlobalId(8, 1), 10) == 0 && L4_ErrorCode() == 1) << 0;
	bits |= (L4_ProcessorControl(0, ~0UL, ~0UL, ~0UL) == 0 && L4_ErrorCode() == 1) << 1;
	static volatile L4_Word_t mine = 1;
	bits |= (L4_Set_PageAttribute(L4_FpageLog2((L4_Word_t)&mine & ~0xFFFUL, 12),
	                              L4_UncacheableMemory) == 0 && L4_ErrorCode() == 1) << 2;
	bits |= (L4_SpaceControl(L4_Myself(), 0, L4_Nilpage, L4_Nilpage, root_id, &old) == 0 &&
	         L4_ErrorCode() == 1) << 3;
	hostile_report(bits);
}

static bool x2_privileged_refused(void)
{
	EXPECT_EQ(hostile_run(privileged_calls, 2000), 0xF);
	return true;
}

/* Claims to send for the suite's root thread (another space), with the r
 * bit too; then sets every PreemptFlags bit and yields. */
static void forger(void)
{
	L4_Set_VirtualSender(root_id);
	L4_MsgTag_t tag = { .X = { .label = LABEL_FORGED } };
	L4_Set_Propagation(&tag);
	tag.X.flags |= 2;                       /* r: the kernel's to set */
	L4_Set_MsgTag(tag);
	L4_Send(root_id);
	L4_Set_PreemptFlags(0xFF);
	for (int i = 0; i < 100; i++)
		L4_Yield();
	hostile_report(1);
}

static bool x2_forged_propagation(void)
{
	L4_ThreadId_t t = space_start(forger);
	EXPECT(!L4_IsNilThread(t));
	L4_ThreadId_t from = L4_nilthread;
	L4_MsgTag_t tag = L4_Wait_Timeout(L4_TimePeriod(2000000), &from);
	L4_MsgTag_t rep = L4_Receive_Timeout(t, L4_TimePeriod(2000000));
	L4_Word_t w = 0;
	L4_StoreMR(1, &w);
	space_kill(t);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), LABEL_FORGED);
	EXPECT_EQ(from.raw, t.raw);             /* the task itself, */
	EXPECT(!L4_IpcPropagated(tag));         /* not propagated, */
	EXPECT(!L4_IpcRedirected(tag));         /* not redirected */
	EXPECT(L4_IpcSucceeded(rep));
	EXPECT_EQ(w, 1);
	return true;
}

const struct test hostile_x2_tests[] = {
	{ "x2_privileged_refused", "Schedule on an interrupt thread, ProcessorControl, MemoryControl and a redirector from an unprivileged task: ErrorCode 1", x2_privileged_refused },
	{ "x2_forged_propagation", "a forged propagation and r bit arrive as the task's plain message; PreemptFlags garbage harms nobody", x2_forged_propagation },
	{ 0, 0, 0 },
};
