// SPDX-License-Identifier: MIT
/*
 * tests_irq.c: interrupts as IPC (X.2 §2.4, §7.2) and I/O ports as IO
 * fpages (A.4), through the real interface. The device is the CMOS clock
 * (ports 0x70/0x71, IRQ 8), which QEMU and Bochs both emulate: its
 * periodic interrupt, about 1 kHz, comes again only after register C has
 * been read, so a handler controls the pace.
 *
 * Every test takes the two ports from sigma0 and flushes them at its end,
 * so kernel memory is back where it was (the suite counts it).
 */
#include "spaces.h"
#include "suite.h"
#include "small.h"
#include <l4/arch.h>
#include <l4/space.h>
#include <l4/ia32/ioport.h>



#define RTC_IRQ        8
#define RTC_INDEX      0x70
#define RTC_DATA       0x71
#define NMI_OFF        0x80            /* keep NMIs off while indexing */
#define IRQ_TIMEOUT    L4_TimePeriod(1000000)
#define ROUNDS         20
#define LABEL_REPORT   0x4952          /* handler -> root */

static L4_ThreadId_t irq_id(unsigned irq) { return L4_GlobalId(irq, 1); }

static uint8_t rtc_read(uint8_t reg)
{
	l4_outb(RTC_INDEX, reg | NMI_OFF);
	return l4_inb(RTC_DATA);
}

static void rtc_write(uint8_t reg, uint8_t v)
{
	l4_outb(RTC_INDEX, reg | NMI_OFF);
	l4_outb(RTC_DATA, v);
}

/* Periodic interrupt on (1024 Hz) or off; reading C re-arms it. */
static void rtc_periodic(bool on)
{
	rtc_write(0x0A, (uint8_t)((rtc_read(0x0A) & 0xF0) | 0x06));
	uint8_t b = rtc_read(0x0B);
	rtc_write(0x0B, (uint8_t)(on ? b | 0x40 : b & ~0x40));
	(void)rtc_read(0x0C);
}

static bool rtc_ports_get(void)
{
	L4_Fpage_t f = L4_Sigma0_GetPage(L4_nilthread, L4_IoFpageLog2(RTC_INDEX, 1));
	return L4_IsIoFpage(f) && L4_IoFpagePort(f) == RTC_INDEX;
}

static void rtc_ports_drop(void)
{
	L4_Flush(L4_FpageAddRights(L4_IoFpageLog2(RTC_INDEX, 1), L4_FullyAccessible));
}

/* Is tag an interrupt message of X.2 §7.2 from line irq? */
static bool is_interrupt(L4_MsgTag_t tag, L4_ThreadId_t from, unsigned irq)
{
	return L4_IpcSucceeded(tag) && L4_Label(tag) == L4_LABEL_INTERRUPT &&
	       L4_UntypedWords(tag) == 0 && L4_TypedWords(tag) == 0 &&
	       from.raw == irq_id(irq).raw;
}

static void report(L4_Word_t a, L4_Word_t b)
{
	report_to_root(LABEL_REPORT, a, b);
}

/* Waits for a report from t; false on timeout. */
static bool await_report(L4_ThreadId_t t, L4_Word_t *a, L4_Word_t *b)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(3000000));
	if (L4_IpcFailed(tag) || L4_Label(tag) != LABEL_REPORT) {
		printf("# no report from %lx: tag %lx, ErrorCode %lu\n", t.raw, tag.raw,
		       L4_IpcFailed(tag) ? L4_ErrorCode() : 0);
		return false;
	}
	L4_StoreMR(1, a);
	L4_StoreMR(2, b);
	return true;
}

/* fn, run in a space of its own (not privileged), reports a call's result
 * and ErrorCode: it must be refused, 0 with ErrorCode 1 (no privilege). */
static bool refused_in_other_space(void (*fn)(void))
{
	L4_ThreadId_t child = space_start(fn);
	EXPECT(!L4_IsNilThread(child));
	L4_Word_t r = 9, err = 0;
	bool got = await_report(child, &r, &err);
	space_kill(child);
	EXPECT(got);
	EXPECT_EQ(r, 0);
	EXPECT_EQ(err, 1);
	return true;
}

/* ---- association ------------------------------------------------------- */

static void unprivileged_child(void)
{
	L4_Word_t r = L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_Myself());
	report(r, L4_ErrorCode());
}

static bool test_association_errors(void)
{
	/* The timer stays in the kernel; the cascade is no device. */
	EXPECT_EQ(L4_AssociateInterrupt(irq_id(0), root_id), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	EXPECT_EQ(L4_AssociateInterrupt(irq_id(2), root_id), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	/* Interrupt threads have version 1, and numbers below 16. */
	EXPECT_EQ(L4_AssociateInterrupt(L4_GlobalId(RTC_IRQ, 2), root_id), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	/* They never move to another space. */
	EXPECT_EQ(L4_ThreadControl(irq_id(RTC_IRQ), root_id, L4_nilthread, root_id,
	                           (void *)-1), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	/* A handler that does not exist. */
	EXPECT_EQ(L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_GlobalId(5000, 1)), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	/* Unassociated: no partner, either way. */
	EXPECT(L4_IpcFailed(L4_Send_Timeout(irq_id(RTC_IRQ), L4_ZeroTime)));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(2));
	EXPECT(L4_IpcFailed(L4_Receive_Timeout(irq_id(RTC_IRQ), L4_ZeroTime)));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(2));
	/* Associated, no interrupt: the receive times out; an
	 * acknowledgement of nothing is accepted. */
	EXPECT_EQ(L4_AssociateInterrupt(irq_id(RTC_IRQ), root_id), 1);
	EXPECT(L4_IpcFailed(L4_Receive_Timeout(irq_id(RTC_IRQ), L4_ZeroTime)));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(1));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Reply(irq_id(RTC_IRQ))));
	/* Deassociated (pager = the interrupt thread itself): gone again. */
	EXPECT_EQ(L4_DeassociateInterrupt(irq_id(RTC_IRQ)), 1);
	EXPECT(L4_IpcFailed(L4_Receive_Timeout(irq_id(RTC_IRQ), L4_ZeroTime)));
	EXPECT_EQ(L4_ErrorCode(), ERR_RECV(2));
	/* Another space is not privileged. */
	EXPECT(refused_in_other_space(unprivileged_child));
	return true;
}

/* ---- delivery ---------------------------------------------------------- */

/* ROUNDS interrupts, acknowledged half by Reply then Receive, half by
 * ReplyWait; reports how many were right. */
static void rtc_handler(void)
{
	L4_Word_t good = 0;
	if (L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_Myself()) != 1)
		report(0, L4_ErrorCode());
	rtc_periodic(true);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait_Timeout(IRQ_TIMEOUT, &from);
	for (unsigned i = 0; i < ROUNDS; i++) {
		if (!is_interrupt(tag, from, RTC_IRQ))
			break;
		good++;
		(void)rtc_read(0x0C);           /* the device's acknowledgement */
		L4_LoadMR(0, 0);
		if (i & 1) {
			tag = L4_ReplyWait_Timeout(from, IRQ_TIMEOUT, &from);
		} else {
			if (L4_IpcFailed(L4_Reply(from)))
				break;
			tag = L4_Receive_Timeout(irq_id(RTC_IRQ), IRQ_TIMEOUT);
			from = irq_id(RTC_IRQ);
		}
	}
	rtc_periodic(false);
	L4_DeassociateInterrupt(irq_id(RTC_IRQ));
	report(good, 0);
}

static bool test_delivery(void)
{
	EXPECT(rtc_ports_get());
	L4_Word_t before = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_DELIVERED);
	L4_ThreadId_t h = thread_start(rtc_handler);
	EXPECT(!L4_IsNilThread(h));
	L4_Word_t good = 0, err = 0;
	bool got = await_report(h, &good, &err);
	thread_kill(h);
	rtc_ports_drop();
	EXPECT(got);
	EXPECT_EQ(err, 0);
	EXPECT_EQ(good, ROUNDS);
	EXPECT(L4_KDB_Counter(L4_KDB_COUNTER_IRQ_DELIVERED) - before >= ROUNDS);
	return true;
}

/* ---- spurious interrupts ---------------------------------------------- */

#define SPURIOUS_ROUNDS 3

/* The handler of lines 7 and 15 (associating unmasks them): it tells the
 * root task it is ready, then waits for any message; reports whether one
 * came and from whom, or the receive's ErrorCode. */
static void spurious_handler(void)
{
	if (L4_AssociateInterrupt(irq_id(7), L4_Myself()) != 1 ||
	    L4_AssociateInterrupt(irq_id(15), L4_Myself()) != 1)
		report(2, L4_ErrorCode());
	L4_Set_MsgTag(L4_Niltag);
	L4_Send(root_id);
	L4_ThreadId_t from = L4_nilthread;
	L4_MsgTag_t tag = L4_Wait_Timeout(L4_TimePeriod(300000), &from);
	L4_Word_t err = L4_IpcFailed(tag) ? L4_ErrorCode() : from.raw;
	L4_DeassociateInterrupt(irq_id(7));
	L4_DeassociateInterrupt(irq_id(15));
	report(L4_IpcSucceeded(tag), err);
}

/* The kernel takes vectors 7 and 15 with nothing in service at the PIC, as
 * a spurious interrupt arrives: counted, no message to the lines' handler,
 * no acknowledgement that could end another line's service. */
static bool test_spurious(void)
{
	L4_Word_t spurious = L4_KDB_Counter(L4_KDB_COUNTER_SPURIOUS_IRQ);
	L4_Word_t delivered = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_DELIVERED);
	L4_Word_t kept = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_KEPT);
	L4_ThreadId_t h = thread_start(spurious_handler);
	EXPECT(!L4_IsNilThread(h));
	L4_MsgTag_t tag = L4_Receive_Timeout(h, L4_TimePeriod(1000000));
	bool ready = L4_IpcSucceeded(tag) && L4_Label(tag) == 0, raised = true;
	for (unsigned i = 0; ready && i < SPURIOUS_ROUNDS; i++)
		raised = raised && L4_KDB_RaiseSpurious(7) == 1 && L4_KDB_RaiseSpurious(15) == 1;
	L4_Word_t other = L4_KDB_RaiseSpurious(RTC_IRQ);        /* refused */
	L4_Word_t seen = L4_KDB_Counter(L4_KDB_COUNTER_SPURIOUS_IRQ) - spurious;
	L4_Word_t got = 0, what = 0;
	bool reported = await_report(h, &got, &what);
	thread_kill(h);
	/* Read before printing: the console driver's own interrupts count. */
	L4_Word_t delivered_after = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_DELIVERED);
	L4_Word_t kept_after = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_KEPT);
	printf("# spurious: %lu counted, handler got %s %lx\n", (unsigned long)seen,
	       got ? "a message from" : "ErrorCode", (unsigned long)what);
	EXPECT(ready);
	EXPECT(raised);
	EXPECT_EQ(other, 0);
	EXPECT_EQ(seen, 2 * SPURIOUS_ROUNDS);
	EXPECT(reported);
	EXPECT_EQ(got, 0);
	EXPECT_EQ(what, ERR_RECV(1));           /* its wait timed out */
	EXPECT_EQ(delivered_after, delivered);
	EXPECT_EQ(kept_after, kept);
	/* The PIC is as it was: the timer still ticks, and the RTC's line on
	 * the slave, through the cascade, still delivers. */
	L4_Word_t t0 = (L4_Word_t)L4_SystemClock().raw;
	L4_Sleep(L4_TimePeriod(20000));
	EXPECT((L4_Word_t)L4_SystemClock().raw - t0 >= 20000);
	return test_delivery();
}

/* ---- an interrupt for a busy handler is kept ------------------------- */

static volatile L4_ThreadId_t busy_handler, busy_client;
static volatile L4_Word_t busy_step;

/* Waits, without receiving, until the kernel has kept an interrupt. */
static bool spin_until_kept(L4_Word_t kept_before)
{
	for (unsigned long i = 0; i < 400000000UL; i++)
		if (L4_KDB_Counter(L4_KDB_COUNTER_IRQ_KEPT) != kept_before)
			return true;
	return false;
}

/* Calls the handler when it says so. */
static void busy_client_fn(void)
{
	L4_ThreadId_t handler;
	L4_Wait(&handler);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = 0x1234 } });
	L4_MsgTag_t tag = L4_Call(handler);
	report(L4_IpcSucceeded(tag), L4_Label(tag));
}

/* Kept while it computes: a zero-timeout receive gets it at once. Kept
 * while it is in a closed receive from a client: its ReplyWait (a case
 * the IPC fast path would otherwise take) gets the interrupt before
 * anything else. busy_step says how far it got. */
static void busy_handler_fn(void)
{
	L4_ThreadId_t from;
	if (L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_Myself()) != 1)
		report(busy_step, L4_ErrorCode());
	busy_step = 1;
	L4_Word_t kept = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_KEPT);
	rtc_periodic(true);
	if (!spin_until_kept(kept))
		report(busy_step, 0);
	busy_step = 2;
	L4_MsgTag_t tag = L4_Receive_Timeout(irq_id(RTC_IRQ), L4_ZeroTime);
	if (!is_interrupt(tag, irq_id(RTC_IRQ), RTC_IRQ))
		report(busy_step, tag.raw);
	busy_step = 3;
	/* The client's call first, with the line acknowledged meanwhile. */
	L4_ThreadId_t client = busy_client;
	L4_Set_MsgTag(L4_Niltag);
	L4_Send(client);                        /* go */
	kept = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_KEPT);
	tag = L4_Receive_Timeout(client, IRQ_TIMEOUT);
	if (L4_IpcFailed(tag) || L4_Label(tag) != 0x1234)
		report(busy_step, tag.raw);
	busy_step = 4;
	(void)rtc_read(0x0C);
	L4_LoadMR(0, 0);
	L4_Reply(irq_id(RTC_IRQ));
	if (!spin_until_kept(kept))
		report(busy_step, 0);
	busy_step = 5;
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = 0x4321 } });
	tag = L4_ReplyWait(client, &from);      /* the fast path's case */
	if (!is_interrupt(tag, from, RTC_IRQ))
		report(busy_step, tag.raw);
	busy_step = 6;
	rtc_periodic(false);
	L4_DeassociateInterrupt(irq_id(RTC_IRQ));
	report(7, 0);
}

static bool test_pending_kept(void)
{
	EXPECT(rtc_ports_get());
	busy_step = 0;
	/* The client first: the handler may have a higher priority than the
	 * root task, and then runs as soon as it is started. */
	busy_client = thread_start(busy_client_fn);
	busy_handler = thread_start(busy_handler_fn);
	L4_Word_t step = 0, detail = 0, ok = 0, label = 0;
	bool got = await_report(busy_handler, &step, &detail);
	/* The client got its reply. */
	bool client_got = got && await_report(busy_client, &ok, &label);
	thread_kill(busy_client);
	thread_kill(busy_handler);
	rtc_ports_drop();
	if (!got)
		printf("# busy handler did not report; it was at step %lu\n", busy_step);
	EXPECT(got);
	if (step != 7)
		printf("# busy handler stopped at step %lu (%lx)\n", step, detail);
	EXPECT_EQ(step, 7);
	EXPECT(client_got);
	EXPECT(ok);
	EXPECT_EQ(label, 0x4321);
	return true;
}

/* ---- a handler dies; a new one takes over ----------------------------- */

static volatile L4_Word_t first_handler_got;

static void dying_handler(void)
{
	L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_Myself());
	rtc_periodic(true);
	L4_ThreadId_t from;
	if (is_interrupt(L4_Wait_Timeout(IRQ_TIMEOUT, &from), from, RTC_IRQ))
		first_handler_got = 1;
	for (;;)                        /* never acknowledges: then it dies */
		L4_Sleep(L4_Never);
}

static void restarted_handler(void)
{
	if (L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_Myself()) != 1)
		report(0, L4_ErrorCode());
	(void)rtc_read(0x0C);           /* a restarted driver resets its device */
	L4_ThreadId_t from;
	L4_Word_t n = 0;
	for (; n < 3; n++) {
		if (!is_interrupt(L4_Wait_Timeout(IRQ_TIMEOUT, &from), from, RTC_IRQ))
			break;
		(void)rtc_read(0x0C);
		L4_LoadMR(0, 0);
		L4_Reply(from);
	}
	rtc_periodic(false);
	L4_DeassociateInterrupt(irq_id(RTC_IRQ));
	report(n, 0);
}

static bool test_handler_restart(void)
{
	EXPECT(rtc_ports_get());
	first_handler_got = 0;
	L4_ThreadId_t h1 = thread_start(dying_handler);
	EXPECT(!L4_IsNilThread(h1));
	for (int i = 0; i < 200 && !first_handler_got; i++)
		L4_Sleep(L4_TimePeriod(5000));
	thread_kill(h1);                /* with its interrupt unacknowledged */
	L4_ThreadId_t h2 = thread_start(restarted_handler);
	L4_Word_t n = 0, err = 0;
	bool got = !L4_IsNilThread(h2) && await_report(h2, &n, &err);
	thread_kill(h2);
	rtc_ports_drop();
	EXPECT(first_handler_got);
	EXPECT(got);
	EXPECT_EQ(n, 3);
	return true;
}

/* ---- I/O ports: faults, map, unmap ------------------------------------ */

extern char __image_start[], _end[];

/* A pager for one child: the root task's image on demand, and IO faults
 * logged and, while io_serve is set, answered with the ports from the
 * root task's own (a map, so the root task can revoke them). */
static struct {
	volatile L4_Word_t count, label, fpage, ip;
} io_faults;
static volatile bool io_serve;

static bool io_pager_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                            L4_ThreadId_t from)
{
	(void)w3;
	(void)from;
	if (L4_IsPagefaultLabel(label) && in_root_image(w1)) {
		child_load_map(w1, w1, L4_FullyAccessible);
		return true;
	}
	if (!L4_IsIoPagefaultLabel(label))
		return false;
	io_faults.label = label;
	io_faults.fpage = w1;
	io_faults.ip = w2;
	io_faults.count++;
	if (!io_serve)
		return false;
	L4_Fpage_t f = { .raw = w1 };
	child_load_io_map(L4_IoFpagePort(f) & ~1UL);
	return true;
}

static void io_pager(void)
{
	pager_serve(io_pager_handle);
}

/* Reads CMOS register A on each message from the root task. */
static void port_child(void)
{
	L4_ThreadId_t from;
	for (;;) {
		L4_Wait(&from);
		L4_Word_t v = rtc_read(0x0A);
		L4_LoadMR(1, v);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		L4_Reply(from);
	}
}

static L4_Word_t child_stack[1024] __attribute__((aligned(16)));

static bool ask_child(L4_ThreadId_t child, L4_Word_t *v)
{
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t tag = L4_Call_Timeouts(child, L4_TimePeriod(500000), L4_TimePeriod(500000));
	L4_StoreMR(1, v);
	return L4_IpcSucceeded(tag);
}

static bool test_io_fault_map_unmap(void)
{
	EXPECT(rtc_ports_get());
	L4_Word_t reg_a = rtc_read(0x0A) & 0x7F;        /* bit 7: update in progress */
	L4_ThreadId_t pager = thread_start(io_pager);
	EXPECT(!L4_IsNilThread(pager));
	L4_ThreadId_t child = L4_GlobalId(L4_ThreadNo(root_id) + 400, 1);
	io_faults.count = 0;
	io_serve = true;
	bool ok = space_new(child, pager, (L4_Word_t)port_child,
	                    (L4_Word_t)&child_stack[1024]);
	L4_Word_t v = 0, count1 = 0, count2 = 0, count3 = 0;
	bool read1 = ok && ask_child(child, &v);
	count1 = io_faults.count;
	L4_Word_t label = io_faults.label, fpage = io_faults.fpage, ip = io_faults.ip;
	/* Ports held: no more faults. */
	L4_Word_t v2 = 0;
	bool read2 = ok && ask_child(child, &v2);
	count2 = io_faults.count;
	/* Unmap (not flush): the child loses the ports, the root task keeps
	 * them; the child's next access faults, and now nobody answers. */
	io_serve = false;
	L4_UnmapFpage(L4_FpageAddRights(L4_IoFpageLog2(RTC_INDEX, 1), L4_FullyAccessible));
	L4_Word_t mine = rtc_read(0x0A) & 0x7F;
	bool read3 = ok && ask_child(child, &v2);
	count3 = io_faults.count;
	if (ok)
		L4_ThreadControl(child, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	thread_kill(pager);
	rtc_ports_drop();
	EXPECT(ok);
	EXPECT(read1);
	EXPECT_EQ(v & 0x7F, reg_a);
	EXPECT_EQ(count1, 1);
	EXPECT_EQ(label, 0xFF86);
	EXPECT_EQ(fpage, L4_IoFpageLog2(RTC_INDEX, 0).raw);
	EXPECT(ip >= (L4_Word_t)__image_start && ip < (L4_Word_t)_end);
	EXPECT(read2);
	EXPECT_EQ(count2, 1);
	EXPECT_EQ(mine, reg_a);
	EXPECT(!read3);
	EXPECT_EQ(count3, 2);
	return true;
}

/* An agent in a child space: reads CMOS register A, or gives its ports
 * (map or grant) to another agent, or takes what it is given. */
enum { PORT_READ = 1, PORT_GIVE, PORT_TAKE };
static L4_Word_t agent_stacks[2][1024] __attribute__((aligned(16)));

static void port_agent(void)
{
	L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w1 = 0, w2 = 0, result = 0;
		L4_StoreMR(1, &w1);
		L4_StoreMR(2, &w2);
		if (L4_Label(tag) == PORT_READ) {
			result = rtc_read(0x0A);
		} else if (L4_Label(tag) == PORT_GIVE) {
			L4_Fpage_t f = L4_IoFpageLog2(RTC_INDEX, 1);
			L4_MapItem_t m = L4_MapItem(f, 0);
			L4_GrantItem_t g = L4_GrantItem(f, 0);
			L4_LoadMR(1, w2 ? g.raw[0] : m.raw[0]);
			L4_LoadMR(2, w2 ? g.raw[1] : m.raw[1]);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = PORT_TAKE } });
			result = L4_IpcSucceeded(L4_Call((L4_ThreadId_t){ .raw = w1 }));
		}
		L4_LoadMR(1, result);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		tag = L4_ReplyWait(from, &from);
	}
}

/* Sends a command; false if the agent did not answer (it faulted). */
static bool agent_cmd(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w1, L4_Word_t w2, L4_Word_t *r)
{
	L4_LoadMR(1, w1);
	L4_LoadMR(2, w2);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = cmd } });
	L4_MsgTag_t tag = L4_Call_Timeouts(a, L4_TimePeriod(300000), L4_TimePeriod(300000));
	L4_StoreMR(1, r);
	return L4_IpcSucceeded(tag);
}

/* root -> A (map), A -> B (grant): A loses the ports, B has them, and
 * the root task's unmap still reaches B. Deleting the spaces and dropping
 * the ports leaves kernel memory as it was. */
static bool test_io_grant_revoke(void)
{
	L4_Word_t frames = L4_KDB_FreeFrames();
	EXPECT(rtc_ports_get());
	L4_Word_t reg_a = rtc_read(0x0A) & 0x7F;
	L4_ThreadId_t pager = thread_start(io_pager);
	L4_ThreadId_t a = L4_GlobalId(L4_ThreadNo(root_id) + 401, 1);
	L4_ThreadId_t b = L4_GlobalId(L4_ThreadNo(root_id) + 402, 1);
	io_faults.count = 0;
	io_serve = false;
	bool made = !L4_IsNilThread(pager) &&
	            space_new(a, pager, (L4_Word_t)port_agent, (L4_Word_t)&agent_stacks[0][1024]) &&
	            space_new(b, pager, (L4_Word_t)port_agent, (L4_Word_t)&agent_stacks[1][1024]);
	/* The root task maps the ports to A. */
	L4_MapItem_t m = L4_MapItem(L4_IoFpageLog2(RTC_INDEX, 1), 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = PORT_TAKE } });
	bool mapped = made && L4_IpcSucceeded(L4_Call_Timeouts(a, L4_TimePeriod(300000),
	                                                        L4_TimePeriod(300000)));
	L4_Word_t va = 0, vb = 0, given = 0, late = 0;
	bool a_reads = mapped && agent_cmd(a, PORT_READ, 0, 0, &va);
	bool granted = a_reads && agent_cmd(a, PORT_GIVE, b.raw, 1, &given);
	bool b_reads = granted && agent_cmd(b, PORT_READ, 0, 0, &vb);
	L4_Word_t faults_before = io_faults.count;
	bool a_after = granted && agent_cmd(a, PORT_READ, 0, 0, &late);     /* faults */
	L4_Word_t faults_a = io_faults.count;
	L4_UnmapFpage(L4_FpageAddRights(L4_IoFpageLog2(RTC_INDEX, 1), L4_FullyAccessible));
	bool b_after = b_reads && agent_cmd(b, PORT_READ, 0, 0, &late);     /* faults */
	L4_Word_t faults_b = io_faults.count;
	if (made) {
		L4_ThreadControl(a, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
		L4_ThreadControl(b, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	}
	thread_kill(pager);
	rtc_ports_drop();
	EXPECT(made);
	EXPECT(mapped);
	EXPECT(a_reads);
	EXPECT_EQ(va & 0x7F, reg_a);
	EXPECT(granted);
	EXPECT_EQ(given, 1);
	EXPECT(b_reads);
	EXPECT_EQ(vb & 0x7F, reg_a);
	EXPECT_EQ(faults_before, 0);
	EXPECT(!a_after);
	EXPECT_EQ(faults_a, 1);
	EXPECT(!b_after);
	EXPECT_EQ(faults_b, 2);
	EXPECT_EQ(L4_KDB_FreeFrames(), frames);
	return true;
}

/* The IPC fast path moves the TSS's I/O map base itself between a large
 * space with ports and one without (sysenter.asm, fast_switch_special): a
 * server that a thread of the root task Calls on the fast path, while the
 * root task holds the RTC's ports, must not reach them. The Calls have
 * receive timeout never (the fast path's shape), so a thread of the root
 * task makes them and the main thread watches: the read's Call never
 * comes back, as the agent's port access faults to a pager that does not
 * answer. */
static L4_ThreadId_t fp_io_agent;
static volatile L4_Word_t fp_io_done, fp_io_result;

static void fp_io_call(L4_Word_t label)
{
	L4_LoadMR(1, 0);
	L4_LoadMR(2, 0);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = label } });
	L4_MsgTag_t tag = L4_Call(fp_io_agent);
	L4_Word_t r = 0;
	L4_StoreMR(1, &r);
	fp_io_result = L4_IpcSucceeded(tag) ? r : ~1UL;
}

static void fp_io_caller(void)
{
	/* No-op commands (label 0, answered with 0): from the second on, both
	 * sides are in the fast path's steady state. */
	for (int i = 0; i < 3; i++)
		fp_io_call(0);
	fp_io_done = 1;
	fp_io_call(PORT_READ);
	fp_io_done = 2;
	L4_Sleep(L4_Never);
}

static bool test_io_fastpath_switch(void)
{
	EXPECT(rtc_ports_get());
	L4_Word_t reg_a = rtc_read(0x0A) & 0x7F;
	L4_ThreadId_t pager = thread_start(io_pager);
	L4_ThreadId_t a = L4_GlobalId(L4_ThreadNo(root_id) + 403, 1);
	io_faults.count = 0;
	io_serve = false;
	fp_io_done = 0;
	fp_io_result = ~0UL;
	fp_io_agent = a;
	L4_Word_t fast_before = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH);
	bool made = !L4_IsNilThread(pager) &&
	            space_new(a, pager, (L4_Word_t)port_agent, (L4_Word_t)&agent_stacks[0][1024]);
	L4_ThreadId_t c = made ? thread_start(fp_io_caller) : L4_nilthread;
	for (int i = 0; i < 100 && !L4_IsNilThread(c) && io_faults.count == 0 && fp_io_done < 2; i++)
		L4_Sleep(L4_TimePeriod(5000));
	L4_Sleep(L4_TimePeriod(5000));
	L4_Word_t faults = io_faults.count, done = fp_io_done, result = fp_io_result;
	L4_Word_t fast = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH) - fast_before;
	L4_Word_t mine = rtc_read(0x0A) & 0x7F;
	if (made)
		L4_ThreadControl(a, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	if (!L4_IsNilThread(c))
		thread_kill(c);
	thread_kill(pager);
	rtc_ports_drop();
	EXPECT(made);
	EXPECT(!L4_IsNilThread(c));
	EXPECT_EQ(result, 0);                   /* the no-op commands came back */
	/* On the fast path (a kernel built with FASTPATH=0 counts none; a
	 * timer tick may send a Call the general way). */
	EXPECT(!fast_before || fast >= 1);
	EXPECT_EQ(done, 1);                     /* the read's did not */
	EXPECT_EQ(faults, 1);                   /* the agent's port access faulted */
	EXPECT_EQ(L4_IoFpagePort((L4_Fpage_t){ .raw = io_faults.fpage }) & ~1UL, RTC_INDEX);
	EXPECT_EQ(mine, reg_a);                 /* and the root task has its ports */
	return true;
}

/* The root task's own access without the ports faults too: to its pager,
 * sigma0, which hands them out on that fault. */
static bool test_io_fault_sigma0(void)
{
	L4_Word_t v = rtc_read(0x0A) & 0x7F;    /* faults, sigma0 maps */
	L4_Word_t again = rtc_read(0x0A) & 0x7F;
	rtc_ports_drop();
	EXPECT_EQ(v, again);
	EXPECT_EQ(v & 0x0F, 6);                 /* the rate the tests set */
	return true;
}

/* A driver in a small space (X.2 A.5): the ports it was given work with
 * no CR3 of its own, and the TSS bitmap follows the space, not the page
 * table: after the unmap the same access faults again, and the root task
 * (a large space, whose directory stays loaded) keeps its ports. */
static bool test_io_small_space(void)
{
	EXPECT(rtc_ports_get());
	L4_Word_t reg_a = rtc_read(0x0A) & 0x7F;
	EXPECT(small_pager_init());
	small_io_port = RTC_INDEX;
	small_io_faults = 0;
	L4_ThreadId_t child = small_start(port_child, L4_SmallSpace(320, SMALL_MB));
	L4_Word_t v = 0, v2 = 0, count1, count2, count3, small = small_of(child);
	bool read1 = !L4_IsNilThread(child) && ask_child(child, &v);
	count1 = small_io_faults;
	bool read2 = read1 && ask_child(child, &v2);
	count2 = small_io_faults;
	L4_Word_t mine = rtc_read(0x0A) & 0x7F;      /* a switch back: root's bitmap */
	small_io_port = 0;
	L4_UnmapFpage(L4_FpageAddRights(L4_IoFpageLog2(RTC_INDEX, 1), L4_FullyAccessible));
	L4_Word_t v3 = 0;
	bool read3 = read2 && ask_child(child, &v3);
	count3 = small_io_faults;
	if (!L4_IsNilThread(child))
		small_kill(child);
	rtc_ports_drop();
	EXPECT(!L4_IsNilThread(child));
	EXPECT_EQ(small, L4_SmallSpace(320, SMALL_MB));
	EXPECT(read1 && read2);
	EXPECT_EQ(v & 0x7F, reg_a);
	EXPECT_EQ(v2 & 0x7F, reg_a);
	EXPECT_EQ(count1, 1);                   /* one fault, then the ports held */
	EXPECT_EQ(count2, 1);
	EXPECT_EQ(mine, reg_a);
	EXPECT(!read3);                         /* taken away: faults, unanswered */
	EXPECT_EQ(count3, 2);
	return true;
}


/* ---- the priority of an interrupt thread (Schedule, X.2 §2.4, §3.4) ---- */

/* The priorities of these tests, below the suite's own (80 after
 * tests_threads.c's preemption test): the RTC's handler above a spinning
 * thread; the interrupt thread below the spinner, then above. */
#define PRIO_HANDLER   70
#define PRIO_SPINNER   50
#define PRIO_IRQ_LOW   40
#define PRIO_IRQ_HIGH  60

static void unprivileged_schedule_child(void)
{
	L4_Word_t r = L4_Set_Priority(irq_id(RTC_IRQ), 10);
	report(r, L4_ErrorCode());
}

static bool test_irq_schedule_errors(void)
{
	/* The timer's line, a bad version: no such thread. */
	EXPECT_EQ(L4_Set_Priority(irq_id(0), 50), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	EXPECT_EQ(L4_Set_Priority(L4_GlobalId(RTC_IRQ, 2), 50), 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	/* No quantum and no preemption control for interrupt threads; a
	 * priority beyond 255 or above the caller's own. */
	EXPECT_EQ(L4_Set_Timeslice(irq_id(RTC_IRQ), L4_TimePeriod(10000), L4_Never), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_Set_PreemptionDelay(irq_id(RTC_IRQ), 10, 100), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_Set_Priority(irq_id(RTC_IRQ), 256), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_Set_Priority(irq_id(RTC_IRQ), 255), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	/* The thread state: inactive without a handler, then waiting. */
	EXPECT_EQ(L4_Set_Priority(irq_id(RTC_IRQ), PRIO_IRQ_HIGH), 2);
	EXPECT_EQ(L4_AssociateInterrupt(irq_id(RTC_IRQ), root_id), 1);
	L4_Word_t st = L4_Set_Priority(irq_id(RTC_IRQ), PRIO_IRQ_HIGH);
	EXPECT_EQ(L4_DeassociateInterrupt(irq_id(RTC_IRQ)), 1);
	EXPECT_EQ(st, 6);
	/* Another space is not privileged. */
	EXPECT(refused_in_other_space(unprivileged_schedule_child));
	return true;
}


static volatile L4_Word_t prio_handler_count;

static void prio_handler(void)
{
	if (L4_AssociateInterrupt(irq_id(RTC_IRQ), L4_Myself()) != 1)
		report(0, L4_ErrorCode());
	rtc_periodic(true);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		if (!is_interrupt(tag, from, RTC_IRQ))
			report(0, tag.raw);
		prio_handler_count++;
		(void)rtc_read(0x0C);
		L4_LoadMR(0, 0);
		tag = L4_ReplyWait(from, &from);
	}
}

/* Spins for 30 ms of system time; reports the handler's count before
 * and after. */
static void prio_spinner(void)
{
	L4_Receive(root_id);                    /* at its priority now */
	L4_Word_t before = prio_handler_count;
	L4_Word64_t end = L4_SystemClock().raw + 30000;
	while (L4_SystemClock().raw < end)
		;
	report(before, prio_handler_count);
}

static bool spin_once(L4_Word_t *before, L4_Word_t *after)
{
	L4_ThreadId_t s = thread_start(prio_spinner);
	if (L4_IsNilThread(s))
		return false;
	L4_Set_Priority(s, PRIO_SPINNER);
	L4_Set_MsgTag(L4_Niltag);
	bool got = L4_IpcSucceeded(L4_Send(s)) && await_report(s, before, after);
	thread_kill(s);
	return got;
}

static bool test_irq_priority_preempts(void)
{
	EXPECT(rtc_ports_get());
	EXPECT_EQ(L4_Set_Priority(irq_id(RTC_IRQ), PRIO_IRQ_LOW), 2);
	prio_handler_count = 0;
	L4_ThreadId_t h = thread_start(prio_handler);   /* at 100: runs at once */
	EXPECT(!L4_IsNilThread(h));
	L4_Set_Priority(h, PRIO_HANDLER);
	/* Below the spinner: its interrupts wait until the spinner blocks. */
	L4_Word_t low_before = 0, low_after = 0, high_before = 0, high_after = 0;
	bool low = spin_once(&low_before, &low_after);
	L4_Sleep(L4_TimePeriod(10000));         /* lets the interrupt thread run */
	L4_Word_t after_sleep = prio_handler_count;
	/* Above the spinner: they preempt it for the handler. */
	L4_Word_t st = L4_Set_Priority(irq_id(RTC_IRQ), PRIO_IRQ_HIGH);
	bool high = spin_once(&high_before, &high_after);
	thread_kill(h);
	rtc_periodic(false);
	rtc_ports_drop();
	printf("# handler counts: low %lu..%lu, after a sleep %lu, high %lu..%lu\n",
	       low_before, low_after, after_sleep, high_before, high_after);
	EXPECT(low);
	EXPECT(high);
	EXPECT_EQ(low_after, low_before);
	EXPECT(after_sleep > low_after);
	EXPECT(st == 4 || st == 6);
	EXPECT(high_after > high_before);
	return true;
}

const struct test irq_tests[] = {
	{ "irq_association", "AssociateInterrupt refuses the timer, bad ids, other spaces and unprivileged callers; unassociated lines have no partner", test_association_errors },
	{ "irq_delivery", "RTC interrupts reach their handler as IPC from the interrupt thread and are acknowledged by a reply", test_delivery },
	{ "irq_spurious", "spurious interrupts on lines 7 and 15 are counted, reach no handler, and leave the timer and other lines working", test_spurious },
	{ "irq_pending_kept", "an interrupt for a busy handler is kept, and comes before a client on its next receive", test_pending_kept },
	{ "irq_handler_restart", "a handler killed with an interrupt in service is replaced; the new one gets interrupts", test_handler_restart },
	{ "io_fault_map_unmap", "a port not held faults to the pager (label -8, IO fpage, IP); its map works; unmap takes it away", test_io_fault_map_unmap },
	{ "io_small_space", "a driver in a small space uses the ports it was given, and after an unmap faults again", test_io_small_space },
	{ "io_fastpath_switch", "a server Called on the IPC fast path by a task holding ports (the fast path moves the TSS's map base) cannot reach them, and the task keeps them", test_io_fastpath_switch },
	{ "io_grant_revoke", "ports mapped on and granted: the granter loses them, the grantee has them, the source's unmap reaches it; memory returns", test_io_grant_revoke },
	{ "io_fault_sigma0", "the root task's port fault goes to sigma0, which maps the ports", test_io_fault_sigma0 },
	/* Last: they leave the RTC's interrupt thread at priority 60, as
	 * the suite cannot raise it back to 255 above its own. */
	{ "irq_schedule_errors", "Schedule on an interrupt thread: bad ids, time and preemption control, priorities above the caller's, unprivileged callers; its state", test_irq_schedule_errors },
	{ "irq_priority_preempts", "an interrupt thread below a spinning thread waits until it blocks; above it, it preempts it for the handler", test_irq_priority_preempts },
	{ 0, 0, 0 },
};
