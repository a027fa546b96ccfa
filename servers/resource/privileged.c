// SPDX-License-Identifier: MIT
/*
 * privileged.c: the root task's hand for the resource server
 * (privileged.h). Runs in the root task's space.
 */
#include "privileged.h"
#include "server.h"
#include "util.h"

L4_ThreadId_t privileged_id;
static L4_ThreadId_t served;

static bool managed_line(L4_Word_t line)
{
	static const L4_Word_t lines[] = RES_LINES;
	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (lines[i] == line)
			return true;
	return false;
}

static void privileged_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w[2] = { 0, 0 };
		L4_StoreMRs(1, 2, w);
		L4_Word_t label = L4_Label(tag), ok = 0, err = 0;
		if (L4_IpcFailed(tag) || from.raw != served.raw) {
			tag = L4_Wait(&from);   /* nobody else gets an answer */
			continue;
		}
		L4_ThreadId_t irq = L4_GlobalId(w[0], 1);
		if (managed_line(w[0]) && label == PRIV_ASSOCIATE)
			ok = L4_AssociateInterrupt(irq, (L4_ThreadId_t){ .raw = w[1] });
		else if (managed_line(w[0]) && label == PRIV_DEASSOCIATE)
			ok = L4_DeassociateInterrupt(irq);
		if (!ok && managed_line(w[0]))
			err = L4_ErrorCode();
		L4_LoadMR(1, ok);
		L4_LoadMR(2, err);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 } });
		tag = L4_ReplyWait(from, &from);
	}
}

bool privileged_start(L4_ThreadId_t server)
{
	served = server;
	if (L4_IsNilThread(privileged_id))
		privileged_id = thread_start(privileged_loop);
	return !L4_IsNilThread(privileged_id);
}

bool privileged_associate(L4_Word_t line, L4_ThreadId_t handler)
{
	L4_LoadMR(1, line);
	L4_LoadMR(2, handler.raw);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = L4_IsNilThread(handler) ?
	                                    PRIV_DEASSOCIATE : PRIV_ASSOCIATE } });
	L4_MsgTag_t tag = L4_Call(privileged_id);
	L4_Word_t ok = 0;
	if (L4_IpcSucceeded(tag))
		L4_StoreMR(1, &ok);
	return ok;
}
