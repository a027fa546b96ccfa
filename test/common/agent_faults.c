// SPDX-License-Identifier: MIT
/*
 * agent_faults.c: an agent's page and its faults, for the Unmap tests
 * (agent_faults.h).
 */
#include "agent_faults.h"
#include "spaces.h"

bool agent_give_at(L4_ThreadId_t a, L4_Fpage_t f, L4_Word_t at, L4_Time_t timeout)
{
	L4_MapItem_t m = L4_MapItem(f, at);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = AGENT_TAKE } });
	return L4_IpcSucceeded(L4_Call_Timeouts(a, timeout, timeout));
}

bool agent_access(L4_ThreadId_t a, L4_Word_t addr, bool write, L4_Word_t v, bool fault,
                  L4_Time_t timeout)
{
	L4_Word_t before = faults.count, got = 0;
	if (!agent_call(a, write ? AGENT_WRITE : AGENT_READ, addr, v, 0, &got, timeout, timeout))
		return false;
	if (!write && got != v)
		return false;
	bool faulted = faults.count != before;
	return faulted == fault &&
	       (!faulted || (faults.addr == addr && faults.from.raw == a.raw &&
	                     faults.access == (write ? L4_Writable : L4_Readable)));
}

static volatile L4_Word_t warm_word;          /* never among a test's pages */

bool agent_warm_up(L4_ThreadId_t a, L4_Time_t timeout)
{
	L4_Word_t at = (L4_Word_t)&warm_word, v = 0;
	return agent_call(a, AGENT_WRITE, at, 0x3A3A, 0, &v, timeout, timeout) &&
	       agent_call(a, AGENT_READ, at, 0, 0, &v, timeout, timeout) && v == 0x3A3A;
}
