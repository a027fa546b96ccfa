// SPDX-License-Identifier: MIT
/*
 * tests_redirect.c: propagated IPC (X.2 §5.7, the p bit and the
 * VirtualSender/ActualSender TCRs) and redirection (§4.3, SpaceControl's
 * redirector, the r bit and IntendedReceiver), through the real
 * interface. The threads live in spaces of their own (test/common/
 * spaces.c), so that ids show which space a sender is in.
 */
#include "spaces.h"
#include "suite.h"

#define LABEL_SEEN     0x5345          /* server -> root: what it received */
#define LABEL_REPLY    0x7701          /* server -> originator */
#define LABEL_ORIG     0x4F52          /* originator -> root: its reply */
#define RD_NO_BASE     950             /* thread numbers above the root's */
#define UTCB_SLOT(i)   (SPACE_UTCB_AREA + (i) * 0x200UL)

static L4_ThreadId_t rd_id(unsigned i)
{
	return L4_GlobalId(L4_ThreadNo(root_id) + RD_NO_BASE + i, 1);
}

static L4_Word_t rd_stack[2][1024] __attribute__((aligned(16)));
/* Who does what: set by the root task before it starts the threads. */
static volatile L4_ThreadId_t rd_server, rd_proxy, rd_target;

static void tell_root(L4_Word_t label, L4_Word_t a, L4_Word_t b, L4_Word_t c)
{
	L4_LoadMR(1, a);
	L4_LoadMR(2, b);
	L4_LoadMR(3, c);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = label } });
	L4_Send(root_id);
}

/* Reports every message: the sender it saw, the tag's flags, ActualSender
 * and IntendedReceiver; then replies to the sender it saw. */
static void server(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		L4_Word_t flags = L4_IpcPropagated(tag) | L4_IpcRedirected(tag) << 1;
		L4_Word_t actual = flags & 1 ? L4_ActualSender().raw : 0;
		tell_root(LABEL_SEEN, from.raw, flags, actual);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = LABEL_REPLY } });
		L4_Send_Timeout(from, L4_ZeroTime);
	}
}

/* Passes on every message it gets to rd_server, propagated on behalf of
 * its sender, and tells the root task what it got (from, flags,
 * IntendedReceiver). */
static void proxy(void)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		L4_Word_t flags = L4_IpcPropagated(tag) | L4_IpcRedirected(tag) << 1;
		L4_Word_t intended = flags & 2 ? L4_IntendedReceiver().raw : 0;
		tell_root(LABEL_SEEN, from.raw, flags, intended);
		L4_Set_VirtualSender(from);
		L4_MsgTag_t out = { .X = { .label = 0x1234 } };
		L4_Set_Propagation(&out);
		L4_Set_MsgTag(out);
		L4_Send(rd_server);
	}
}

/* Calls rd_target once and tells the root task whom the reply came from
 * and its label. */
static void originator(void)
{
	L4_Receive(root_id);                    /* go */
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = 0x4321 } });
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Ipc(rd_target, rd_target, L4_Timeouts(L4_Never, L4_TimePeriod(2000000)),
	                         &from);
	/* A re-targeted Call takes the reply from whoever it now waits for. */
	tell_root(LABEL_ORIG, L4_IpcSucceeded(tag) ? from.raw : 0, L4_Label(tag),
	          L4_IpcFailed(tag) ? L4_ErrorCode() : 0);
	for (;;)
		L4_Sleep(L4_Never);
}

static bool seen(L4_ThreadId_t t, L4_Word_t label, L4_Word_t *a, L4_Word_t *b, L4_Word_t *c)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(3000000));
	L4_StoreMR(1, a);
	L4_StoreMR(2, b);
	L4_StoreMR(3, c);
	return L4_IpcSucceeded(tag) && L4_Label(tag) == label;
}

static bool go(L4_ThreadId_t t)
{
	L4_Set_MsgTag(L4_Niltag);
	return L4_IpcSucceeded(L4_Send_Timeout(t, L4_TimePeriod(1000000)));
}

static bool delete_thread(L4_ThreadId_t t)
{
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}

/* A second thread in the space of 'first', at UTCB slot 1. */
static bool second_thread(L4_ThreadId_t t, L4_ThreadId_t first, void (*fn)(void), unsigned stack)
{
	return L4_ThreadControl(t, first, root_id, pager_id, (void *)UTCB_SLOT(1)) &&
	       pager_start(t, pager_id, (L4_Word_t)fn, (L4_Word_t)&rd_stack[stack][1024]);
}

/* Client and proxy share a space: the proxy may propagate for the client
 * to a server elsewhere, which sees the client, p and the proxy as the
 * actual sender; the client's Call then takes the server's reply. A
 * proxy in a space of its own may not: the server sees the proxy. */
static bool test_propagation(void)
{
	L4_ThreadId_t s = space_start(server);
	rd_server = s;
	L4_ThreadId_t p = space_start(proxy);
	L4_ThreadId_t c = rd_id(0);
	rd_target = p;
	bool made = !L4_IsNilThread(s) && !L4_IsNilThread(p) && second_thread(c, p, originator, 0);
	L4_Word_t pf = 0, pflags = 9, pi = 0, sf = 0, sflags = 9, sactual = 0, of = 0, olabel = 0, oerr = 0;
	bool ok = made && go(c) &&
	          seen(p, LABEL_SEEN, &pf, &pflags, &pi) &&
	          seen(s, LABEL_SEEN, &sf, &sflags, &sactual) &&
	          seen(c, LABEL_ORIG, &of, &olabel, &oerr);
	/* Not permitted: a proxy alone in its space, for the same client. */
	L4_ThreadId_t p2 = space_start(proxy);
	L4_Word_t uf = 0, uflags = 9, ua = 0, x, y, z;
	bool ok2 = !L4_IsNilThread(p2) &&
	           L4_IpcSucceeded(send_word(p2, 0x55, 0)) &&
	           seen(p2, LABEL_SEEN, &x, &y, &z) &&
	           seen(s, LABEL_SEEN, &uf, &uflags, &ua);
	delete_thread(c);
	space_kill(p);
	space_kill(p2);
	space_kill(s);
	EXPECT(made);
	EXPECT(ok);
	EXPECT(L4_IsLocalId((L4_ThreadId_t){ .raw = pf }));     /* the client's Call, from its space */
	EXPECT_EQ(pflags, 0);
	EXPECT_EQ(sf, c.raw);                   /* the server sees the client, */
	EXPECT_EQ(sflags, 1);                   /* propagated, */
	EXPECT_EQ(sactual, p.raw);              /* by the proxy */
	EXPECT_EQ(of, s.raw);                   /* the client's reply: from the server */
	EXPECT_EQ(olabel, LABEL_REPLY);
	EXPECT(ok2);
	EXPECT_EQ(uf, p2.raw);                  /* unpropagated */
	EXPECT_EQ(uflags, 0);
	return true;
}

/* A space with a redirector: its sends outside go to the redirector (r,
 * IntendedReceiver), which may propagate them on for the sender; sends to
 * the redirector's space (the originator's reports to us) go straight;
 * anythread ends it. */
static bool test_redirection(void)
{
	L4_ThreadId_t s = space_start(server);
	rd_server = s;
	/* The redirector, in our space: the originator may then report to us. */
	L4_ThreadId_t r = thread_start(proxy);
	L4_ThreadId_t o = rd_id(1);
	rd_target = s;
	L4_Word_t old;
	bool made = !L4_IsNilThread(s) && !L4_IsNilThread(r) &&
	            L4_ThreadControl(o, o, root_id, L4_nilthread, (void *)UTCB_SLOT(0)) &&
	            L4_SpaceControl(o, 0, L4_FpageLog2(SPACE_KIP_AREA, 12),
	                            L4_FpageLog2(SPACE_UTCB_AREA, 16), r, &old) &&
	            L4_ThreadControl(o, o, L4_nilthread, pager_id, (void *)-1) &&
	            pager_start(o, pager_id, (L4_Word_t)originator, (L4_Word_t)&rd_stack[1][1024]);
	/* A redirector that does not exist. */
	L4_Word_t bad = L4_SpaceControl(o, 0, L4_Nilpage, L4_Nilpage, L4_GlobalId(5000, 1), &old);
	L4_Word_t bad_err = L4_ErrorCode();
	L4_Word_t rf = 0, rflags = 9, rint = 0, sf = 0, sflags = 9, sactual = 0, of = 0, olabel = 0, oerr = 0;
	int step = !made ? 0 : !go(o) ? 1 : !seen(r, LABEL_SEEN, &rf, &rflags, &rint) ? 2 :
	           !seen(s, LABEL_SEEN, &sf, &sflags, &sactual) ? 3 :
	           !seen(o, LABEL_ORIG, &of, &olabel, &oerr) ? 4 : 5;
	bool ok = step == 5;
	if (!ok)
		printf("# redirection: stopped at step %d (%lx %lx %lx)\n", step, rf, rflags, rint);
	/* Redirection off: the server hears the thread itself. */
	L4_Word_t off = L4_SpaceControl(o, 0, L4_Nilpage, L4_Nilpage, L4_anythread, &old);
	L4_Word_t df = 0, dflags = 9, da = 0;
	L4_ThreadId_t o2 = rd_id(2);
	bool made2 = L4_ThreadControl(o2, o, root_id, pager_id, (void *)UTCB_SLOT(1)) &&
	             pager_start(o2, pager_id, (L4_Word_t)originator, (L4_Word_t)&rd_stack[0][1024]);
	bool ok2 = made2 && go(o2) && seen(s, LABEL_SEEN, &df, &dflags, &da) &&
	           seen(o2, LABEL_ORIG, &of, &olabel, &oerr);
	delete_thread(o2);
	delete_thread(o);
	thread_kill(r);
	space_kill(s);
	EXPECT(made);
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(bad_err, 5);
	EXPECT(ok);
	EXPECT_EQ(rf, o.raw);                   /* the redirector got it, */
	EXPECT_EQ(rflags, 2);                   /* redirected, */
	EXPECT_EQ(rint, s.raw);                 /* meant for the server */
	EXPECT_EQ(sf, o.raw);                   /* passed on for the sender: */
	EXPECT_EQ(sflags, 1);                   /* propagation by its redirector */
	EXPECT_EQ(sactual, r.raw);
	EXPECT_EQ(off, 1);
	EXPECT(made2);
	EXPECT(ok2);
	EXPECT_EQ(df, o2.raw);
	EXPECT_EQ(dflags, 0);
	EXPECT_EQ(of, s.raw);
	EXPECT_EQ(olabel, LABEL_REPLY);
	return true;
}

const struct test redirect_tests[] = {
	{ "propagation", "a proxy sharing its client's space propagates the client's Call: the server sees the client, p and ActualSender, and replies to the client; a proxy elsewhere is not permitted", test_propagation },
	{ "redirection", "a space's sends outside go to its redirector (r, IntendedReceiver), which propagates them on; a bad redirector is refused (5); anythread ends it", test_redirection },
	{ 0, 0, 0 },
};
