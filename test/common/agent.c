// SPDX-License-Identifier: MIT
/*
 * agent.c: the command loop of the agents that the space tests run in
 * child spaces, and the root task's side of a command (agent.h). It runs
 * in the child, on root task code the child's pager maps, so it uses
 * nothing but its stack and the message registers.
 */
#include "agent.h"

/* AGENT_GIVE: a map or grant item for fpage w1, sent to agent w0. */
static L4_Word_t give(const L4_Word_t w[3])
{
	L4_Fpage_t f = { .raw = w[1] };
	L4_MapItem_t m = L4_MapItem(f, L4_Address(f));
	L4_GrantItem_t g = L4_GrantItem(f, L4_Address(f));
	L4_LoadMR(1, w[2] ? g.raw[0] : m.raw[0]);
	L4_LoadMR(2, w[2] ? g.raw[1] : m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = AGENT_TAKE } });
	L4_ThreadId_t target = { .raw = w[0] };
	return L4_IpcSucceeded(L4_Call(target));
}

void agent_serve(L4_ThreadId_t handler, agent_extra extra)
{
	L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
	L4_Set_ExceptionHandler(handler);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		if (L4_IpcFailed(tag)) {
			/* A receive that failed (a bad map item from another
			 * agent: X.2 reports its sender and label) is no
			 * command, and a reply that failed is over: wait. */
			tag = L4_Wait(&from);
			continue;
		}
		L4_Word_t w[3] = { 0, 0, 0 }, result = 0;
		for (int i = 0; i < 3; i++)
			L4_StoreMR(i + 1, &w[i]);
		switch (L4_Label(tag)) {
		case AGENT_READ:
			result = *(volatile L4_Word_t *)w[0];
			break;
		case AGENT_WRITE:
			*(volatile L4_Word_t *)w[0] = w[1];
			break;
		case AGENT_TAKE:
			break;
		case AGENT_GIVE:
			result = give(w);
			break;
		default:
			result = extra(L4_Label(tag), w);
			break;
		}
		L4_LoadMR(1, result);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		tag = L4_ReplyWait(from, &from);
	}
}

bool agent_call(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w0, L4_Word_t w1,
                L4_Word_t w2, L4_Word_t *result, L4_Time_t send_timeout,
                L4_Time_t recv_timeout)
{
	L4_LoadMR(1, w0);
	L4_LoadMR(2, w1);
	L4_LoadMR(3, w2);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = cmd } });
	if (L4_IpcFailed(L4_Call_Timeouts(a, send_timeout, recv_timeout)))
		return false;
	L4_Word_t r = 0;
	L4_StoreMR(1, &r);
	if (result)
		*result = r;
	return true;
}
