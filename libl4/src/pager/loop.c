// SPDX-License-Identifier: MIT
/*
 * loop.c: the pager loop. Each message is a page fault for the region
 * map or something else for the owner's hook. A fault that no region
 * serves is an error of the client's, never a reason to hang it: it is
 * logged and sent to the client's supervisor (pager_supervise), which
 * restarts the thread at its error entry.
 */
#include <l4/pager.h>
#include <stdio.h>

/* A supervisor waits for us; give it this long to take the report. */
#define REPORT_TIMEOUT  L4_TimePeriod(100000)

static const char *access_name(L4_Word_t access)
{
	return access & L4_Writable ? "write" : access & L4_eXecutable ? "execute" : "read";
}

static void refuse(struct pager *p, const struct pager_fault *f, const char *why)
{
	p->refused++;
	printf("pager %s: thread %lx: %s at %lx (ip %lx) %s\n", p->name,
	       (unsigned long)f->client.raw, access_name(f->access), (unsigned long)f->addr,
	       (unsigned long)f->ip, why);
	for (unsigned i = 0; i < p->nsup; i++) {
		if (p->sup[i].client.raw != f->client.raw)
			continue;
		L4_LoadMR(1, f->client.raw);
		L4_LoadMR(2, f->addr);
		L4_LoadMR(3, f->ip);
		L4_LoadMR(4, f->access);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 4, .label = PAGER_LABEL_FAULT_ERROR } });
		if (L4_IpcSucceeded(L4_Send_Timeout(p->sup[i].supervisor, REPORT_TIMEOUT))) {
			p->reported++;
			return;
		}
		printf("pager %s: supervisor %lx did not take the report (ErrorCode %lx)\n", p->name,
		       (unsigned long)p->sup[i].supervisor.raw, (unsigned long)L4_ErrorCode());
	}
	printf("pager %s: nobody supervises %lx: it stays stopped\n", p->name,
	       (unsigned long)f->client.raw);
}

enum pager_result pager_handle(struct pager *p, L4_MsgTag_t tag, L4_ThreadId_t from)
{
	struct pager_fault f;
	if (L4_IpcFailed(tag))
		return PAGER_NO_REPLY;
	if (!pager_decode(tag, from, &f))
		return p->other ? p->other(p, tag, from) : PAGER_NO_REPLY;
	p->faults++;
	struct pager_region *r = pager_find_region(p, f.client, f.addr);
	if (!r) {
		refuse(p, &f, "outside every region");
		return PAGER_NO_REPLY;
	}
	if (f.access & ~r->rights) {
		refuse(p, &f, "beyond the region's rights");
		return PAGER_NO_REPLY;
	}
	enum pager_result res = r->fault(p, r, &f);
	if (res == PAGER_REFUSE) {
		refuse(p, &f, "refused by the region's policy");
		return PAGER_NO_REPLY;
	}
	return res;
}

/* A reply that failed in its send phase (ErrorCode bit 0 clear), such as
 * a map item of a page this pager does not hold itself: said, so that the
 * pager's author learns of it here, not from the client's stop. */
static void reply_failed(struct pager *p, L4_ThreadId_t to)
{
	L4_Word_t e = L4_ErrorCode();
	if (e & 1)
		return;                 /* the receive phase: no reply was lost */
	p->reply_failed++;
	printf("pager %s: reply to %lx failed (ErrorCode %lx)\n", p->name,
	       (unsigned long)to.raw, (unsigned long)e);
}

void pager_run(struct pager *p)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		if (pager_handle(p, tag, from) == PAGER_REPLY) {
			L4_ThreadId_t to = from;
			tag = L4_ReplyWait(to, &from);
			if (L4_IpcFailed(tag))
				reply_failed(p, to);
		} else {
			tag = L4_Wait(&from);
		}
	}
}
