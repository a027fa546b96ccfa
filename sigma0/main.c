// SPDX-License-Identifier: MIT
/*
 * sigma0: the root pager. The kernel maps its space idempotently (physical
 * = virtual). This first version is the server loop only: the X.2 sigma0
 * protocol (handing out pages with MapItems) comes with the mapping
 * database. Until then it reports every request it receives, with its
 * words, so that inter-space IPC can be observed from outside, and does
 * not reply (a client that calls it blocks, as it would on a busy server).
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <stdio.h>

int main(void)
{
	void *kip = L4_GetKernelInterface();
	printf("sigma0: running as %x, KIP at %p\n", (unsigned)L4_Myself().raw, kip);
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		L4_Msg_t msg;
		L4_MsgStore(tag, &msg);
		printf("sigma0: unserved message label %x u %u from %x:",
		       (unsigned)L4_Label(tag), (unsigned)L4_UntypedWords(tag), (unsigned)from.raw);
		for (unsigned i = 0; i < L4_UntypedWords(tag); i++)
			printf(" %x", (unsigned)L4_MsgWord(&msg, i));
		printf("\n");
	}
}
