// SPDX-License-Identifier: MIT
/*
 * tests_device.c: I/O port ranges and interrupt lines as resources. A
 * bound range is used with in/out and no server on the path (COM2's
 * scratch register keeps what was written); an unbound port faults to
 * the thread's pager; a bound line brings the UART's interrupt to its
 * owner, and stops at revocation, abort, or when the owner's space goes.
 */
#include "tests.h"

#define COM2            0x2F8
#define COM2_SCRATCH    (COM2 + 7)
#define IIR_THRE        0x02            /* IIR: transmitter holding register empty */
#define SHORT_DEADLINE  20000           /* us */

static L4_ThreadId_t catcher;
static volatile L4_Word_t io_faults, io_fault_fpage;
static volatile L4_ThreadId_t io_fault_from;
extern char __image_start[], _end[];

/* A pager for a client whose IO faults the test wants to see: it logs
 * them and leaves them unanswered; image pages it maps as spaces.c's
 * pager does. */
static void catcher_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w1 = 0;
		L4_StoreMR(1, &w1);
		bool reply = false;
		if (L4_IpcSucceeded(tag) && L4_IsIoPagefaultLabel(L4_Label(tag))) {
			io_fault_fpage = w1;
			io_fault_from = from;
			io_faults++;
		} else if (L4_IpcSucceeded(tag) && L4_IsPagefaultLabel(L4_Label(tag)) &&
		           w1 >= (L4_Word_t)__image_start && w1 < (L4_Word_t)_end) {
			child_load_map(w1, w1, L4_FullyAccessible);
			reply = true;
		}
		tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

/* The client's agent is paged by the catcher from now on. */
static bool watch_faults(struct rclient *c)
{
	if (L4_IsNilThread(catcher))
		catcher = thread_start(catcher_loop);
	return !L4_IsNilThread(catcher) &&
	       L4_ThreadControl(c->agent, c->agent, L4_nilthread, catcher, (void *)-1);
}

void stop_watching_faults(void)
{
	if (!L4_IsNilThread(catcher))
		thread_kill(catcher);
	catcher = L4_nilthread;
}

/* The agent reads 'port' without holding it: the IO fault reaches its
 * pager (the catcher), and the agent stays stopped there. */
static bool faults_on_port(struct rclient *c, L4_Word_t port)
{
	L4_Word_t before = io_faults;
	L4_LoadMR(1, port);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = C_INB } });
	L4_MsgTag_t tag = L4_Call_Timeouts(c->agent, L4_Never, L4_TimePeriod(300000));
	L4_Fpage_t f = { .raw = io_fault_fpage };
	EXPECT(L4_IpcFailed(tag));
	EXPECT_EQ(io_faults, before + 1);
	EXPECT_EQ(io_fault_from.raw, c->agent.raw);
	EXPECT(L4_IsIoFpage(f));
	EXPECT_EQ(L4_IoFpagePort(f), port);
	return true;
}

static L4_Word_t free_of(enum res_kind kind)
{
	L4_Word_t out[1] = { ~0UL };
	admin_call(RES_FREE_LIST, 0, kind, 0, out, 1);
	return out[0];
}

bool test_ports_bound(void)
{
	L4_Word_t com2 = res_ports_name(COM2, RES_PORTS_LOG2), out[8];
	struct rclient *a = rclient_start(true, 4, 0, 0), *b = rclient_start(true, 4, 0, 0);
	EXPECT(a && b);
	EXPECT_EQ(free_of(RES_KIND_IO_PORTS), RES_NPORTS);
	EXPECT_RCMD(a, C_CLAIM, com2, 0, out, RES_OK);
	EXPECT_EQ(free_of(RES_KIND_IO_PORTS), RES_NPORTS - 1);
	/* Used directly: what is written to the scratch register is there. */
	EXPECT_EQ(rcmd(a, C_OUTB, COM2_SCRATCH, 0x5A, 0), 0);
	EXPECT_RCMD(a, C_INB, COM2_SCRATCH, 0, out, 0x5A);
	rcmd(a, C_OUTB, COM2_SCRATCH, 0xA5, 0);
	EXPECT_RCMD(a, C_INB, COM2_SCRATCH, 0, out, 0xA5);
	/* One owner: not for b, not twice for a. */
	EXPECT_RCMD(b, C_CLAIM, com2, 0, out, RES_E_TAKEN);
	EXPECT_RCMD(a, C_CLAIM, com2, 0, out, RES_E_TAKEN);
	/* Only what the server manages, one range at a time. */
	rcmd(b, C_CLAIM, res_ports_name(0x3F8, 3), 0, out);          /* COM1: the kernel's */
	EXPECT_EQ(out[0], RES_E_BAD_ARG);
	EXPECT_RCMD(b, C_CLAIM, res_ports_name(COM2, 2), 0, out, RES_E_BAD_ARG);
	rcmd(b, C_RAW, RES_ALLOC, com2, out);                        /* count 0 */
	EXPECT_EQ(out[0], RES_ERR);
	EXPECT_EQ(out[1], RES_E_BAD_ARG);
	/* The other ranges are b's to take (absent devices: ownership only). */
	EXPECT_RCMD(b, C_CLAIM, res_ports_name(0x3E8, RES_PORTS_LOG2), 0, out, RES_OK);
	EXPECT_RCMD(b, C_HOLDINGS, 0, 0, out, 1);
	EXPECT_EQ(out[2], 1);
	L4_Word_t list[2];
	EXPECT_EQ(admin_call(RES_HOLDINGS, a->agent.raw, 0, 0, list, 2), RES_OK);
	EXPECT_EQ(list[0], 1);
	EXPECT_EQ(list[1], com2);
	admin_call(RES_DUMP, 0, 0, 0, 0, 0);
	/* Freed: a's binding ends (its next access faults), b may take it. */
	EXPECT_RCMD(a, C_FREE, com2, 0, out, RES_OK);
	EXPECT(watch_faults(a));
	EXPECT(faults_on_port(a, COM2_SCRATCH));
	EXPECT_RCMD(b, C_CLAIM, com2, 0, out, RES_OK);
	EXPECT_RCMD(b, C_INB, COM2_SCRATCH, 0, out, 0xA5);
	EXPECT_EQ(rclient_kill(a), 0);
	EXPECT_EQ(rclient_kill(b), 2);
	return true;
}

/* c claims COM2's ports and its interrupt line 3; false if the server
 * refuses either. */
static bool claim_com2(struct rclient *c)
{
	L4_Word_t out[8];
	rcmd(c, C_CLAIM, res_ports_name(COM2, RES_PORTS_LOG2), 0, out);
	if (out[0] != RES_OK)
		return false;
	rcmd(c, C_CLAIM, res_irq_name(3), 0, out);
	return out[0] == RES_OK;
}

bool test_ports_no_use_without_binding(void)
{
	L4_Word_t com2 = res_ports_name(COM2, RES_PORTS_LOG2), irq3 = res_irq_name(3), out[8];
	struct rclient *a = rclient_start(true, 4, 0, 0), *b = rclient_start(true, 4, 0, 0);
	EXPECT(a && b);
	EXPECT(claim_com2(a));
	rcmd(a, C_OUTB, COM2_SCRATCH, 0x3C, 0);
	/* b holds neither: it can bind, pass or free neither. */
	L4_Word_t names[2] = { com2, irq3 };
	for (unsigned i = 0; i < 2; i++) {
		EXPECT_RCMD(b, C_MAP, names[i], 0, out, RES_E_NOT_HELD);
		EXPECT_RCMD(b, C_PASS, names[i], b->agent.raw, out, RES_E_NOT_HELD);
		EXPECT_RCMD(b, C_FREE, names[i], 0, out, RES_E_NOT_HELD);
		EXPECT_EQ(admin_call(RES_REVOKE_ONE, b->agent.raw, names[i], SHORT_DEADLINE, out, 1),
		          RES_ERR);
		EXPECT_EQ(out[0], RES_E_NOT_HELD);
	}
	rcmd(b, C_RAW, RES_REVOKE_ONE, a->agent.raw, out);
	EXPECT_EQ(out[1], RES_E_DENIED);
	/* b's in faults: the IO fault reaches its pager. */
	EXPECT(watch_faults(b));
	EXPECT(faults_on_port(b, COM2_SCRATCH));
	EXPECT_EQ(rclient_kill(b), 0);
	/* a passes both to c, which binds them and finds a's byte. */
	struct rclient *c = rclient_start(true, 4, 0, 0);
	EXPECT(c);
	EXPECT_RCMD(a, C_PASS, com2, c->agent.raw, out, RES_OK);
	EXPECT_RCMD(a, C_PASS, irq3, c->agent.raw, out, RES_OK);
	EXPECT_RCMD(a, C_PASS, com2, c->agent.raw, out, RES_E_NOT_HELD);
	EXPECT_RCMD(c, C_MAP, com2, 0, out, RES_OK);
	EXPECT_RCMD(c, C_MAP, irq3, 0, out, RES_OK);
	EXPECT_RCMD(c, C_INB, COM2_SCRATCH, 0, out, 0x3C);
	EXPECT_RCMD(c, C_IRQ, 3, COM2, out, 1);
	EXPECT_EQ(out[1], IIR_THRE);
	/* a's binding went with it. */
	EXPECT(watch_faults(a));
	EXPECT(faults_on_port(a, COM2_SCRATCH));
	EXPECT_EQ(rclient_kill(a), 0);
	EXPECT_EQ(rclient_kill(c), 2);
	return true;
}

bool test_irq_bound(void)
{
	L4_Word_t com2 = res_ports_name(COM2, RES_PORTS_LOG2), irq3 = res_irq_name(3), out[8];
	struct rclient *a = rclient_start(true, 4, 0, 0), *b = rclient_start(true, 4, 0, 0);
	EXPECT(a && b);
	EXPECT_RCMD(a, C_CLAIM, com2, 0, out, RES_OK);
	/* Without the line the UART interrupts, but not to a. */
	EXPECT_RCMD(a, C_IRQ, 3, COM2, out, 0);
	EXPECT_EQ(out[1], IIR_THRE);
	EXPECT_RCMD(a, C_CLAIM, irq3, 0, out, RES_OK);
	EXPECT_EQ(free_of(RES_KIND_IRQ), RES_NLINES - 1);
	for (unsigned i = 0; i < 3; i++) {
		EXPECT_RCMD(a, C_IRQ, 3, COM2, out, 1);
		EXPECT_EQ(out[1], IIR_THRE);
	}
	/* One owner per line; only lines the server manages. */
	EXPECT_RCMD(b, C_CLAIM, irq3, 0, out, RES_E_TAKEN);
	rcmd(b, C_CLAIM, res_irq_name(4), 0, out);                   /* COM1's: not managed */
	EXPECT_EQ(out[0], RES_E_BAD_ARG);
	EXPECT_RCMD(b, C_CLAIM, res_irq_name(5), 0, out, RES_OK);
	admin_call(RES_DUMP, 0, 0, 0, 0, 0);
	/* Visible revocation: a gives the line back; it no longer comes. */
	EXPECT_EQ(admin_call(RES_REVOKE_ONE, a->agent.raw, irq3, 1000000, out, 3), RES_OK);
	EXPECT_EQ(out[0], 1);
	EXPECT_EQ(out[1], 0);
	EXPECT_EQ(out[2], irq3);
	EXPECT_RCMD(a, C_HELD, irq3, 0, out, 0);
	EXPECT_RCMD(a, C_IRQ, 3, COM2, out, 0);
	EXPECT_EQ(out[1], IIR_THRE);
	EXPECT_RCMD(a, C_REPO, 0, 0, out, 0);
	/* b takes the line and a passes it the ports: now b gets it. */
	EXPECT_RCMD(b, C_CLAIM, irq3, 0, out, RES_OK);
	EXPECT_RCMD(a, C_PASS, com2, b->agent.raw, out, RES_OK);
	EXPECT_RCMD(b, C_MAP, com2, 0, out, RES_OK);
	EXPECT_RCMD(b, C_IRQ, 3, COM2, out, 1);
	EXPECT_EQ(out[1], IIR_THRE);
	EXPECT_EQ(rclient_kill(a), 0);
	EXPECT_EQ(rclient_kill(b), 3);
	return true;
}

bool test_device_abort(void)
{
	L4_Word_t com2 = res_ports_name(COM2, RES_PORTS_LOG2), irq3 = res_irq_name(3), out[8];
	struct rclient *u = rclient_start(false, 4, 0, 0);
	EXPECT(u);
	EXPECT(claim_com2(u));
	EXPECT_RCMD(u, C_IRQ, 3, COM2, out, 1);
	/* It ignores the request: at the deadline the line is taken anyway. */
	EXPECT_EQ(admin_call(RES_REVOKE_ONE, u->agent.raw, irq3, SHORT_DEADLINE, out, 3), RES_OK);
	EXPECT_EQ(out[0], 0);
	EXPECT_EQ(out[1], 1);
	EXPECT_RCMD(u, C_IRQ, 3, COM2, out, 0);
	EXPECT_EQ(out[1], IIR_THRE);
	/* The ports too; the repossession vector has both, in order. */
	EXPECT_EQ(admin_call(RES_REVOKE_ONE, u->agent.raw, com2, SHORT_DEADLINE, out, 3), RES_OK);
	EXPECT_EQ(out[1], 1);
	EXPECT_EQ(rcmd(u, C_REPO, 0, 0, out), 4);
	EXPECT_EQ(out[0], 2);
	EXPECT_EQ(out[2], irq3);
	EXPECT_EQ(out[3], com2);
	EXPECT_RCMD(u, C_HELD, com2, 0, out, 1);           /* the library OS has not looked yet */
	EXPECT_RCMD(u, C_SYNC, 0, 0, out, 2);
	EXPECT_RCMD(u, C_HOLDINGS, 0, 0, out, 0);
	EXPECT_EQ(out[2], 1);
	EXPECT(watch_faults(u));
	EXPECT(faults_on_port(u, COM2_SCRATCH));
	/* Both work for the next owner. */
	struct rclient *n = rclient_start(true, 4, 0, 0);
	EXPECT(n);
	EXPECT(claim_com2(n));
	EXPECT_RCMD(n, C_IRQ, 3, COM2, out, 1);
	EXPECT_EQ(out[1], IIR_THRE);
	EXPECT_EQ(rclient_kill(u), 0);
	EXPECT_EQ(rclient_kill(n), 2);
	return true;
}

bool test_device_space_deleted(void)
{
	L4_Word_t com2 = res_ports_name(COM2, RES_PORTS_LOG2), irq3 = res_irq_name(3), out[8];
	struct rclient *a = rclient_start(true, 4, 0, 0);
	EXPECT(a);
	EXPECT(claim_com2(a));
	EXPECT_RCMD(a, C_CLAIM, res_irq_name(5), 0, out, RES_OK);
	EXPECT_RCMD(a, C_ALLOC, RES_ANY, 0, out, RES_OK);
	EXPECT_EQ(free_of(RES_KIND_IRQ), 0);
	EXPECT_EQ(rclient_kill(a), 4);
	EXPECT_EQ(free_of(RES_KIND_IO_PORTS), RES_NPORTS);
	EXPECT_EQ(free_of(RES_KIND_IRQ), RES_NLINES);
	struct rclient *b = rclient_start(true, 4, 0, 0);
	EXPECT(b);
	EXPECT_RCMD(b, C_CLAIM, com2, 0, out, RES_OK);
	EXPECT_RCMD(b, C_CLAIM, irq3, 0, out, RES_OK);
	EXPECT_RCMD(b, C_IRQ, 3, COM2, out, 1);
	EXPECT_EQ(rclient_kill(b), 2);
	return true;
}
