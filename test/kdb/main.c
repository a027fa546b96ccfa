// SPDX-License-Identifier: MIT
/*
 * The kernel debugger's test task, booted with sigma0 in place of the
 * root task (test/boot/kdb.t drives kdb over COM1). It sets up state the
 * host knows, prints it, and enters kdb, where the host checks each
 * command's output against it:
 *   - a thread blocked sending to another that receives only from us
 *     (the thread list, the TCB and the receiver's send queue show it),
 *     the receiver the handler of IRQ 8, our space holding ports 70-71;
 *   - a child space whose pager (a thread of ours) mapped our page
 *     'shared' read-only at CHILD_MAP_ADDR (its mappings, its memory and
 *     the frame's mapping tree show it);
 *   - an unprivileged task that tried L4_KDB_Enter and L4_KDB_Exit
 *     before (refused: it went on, and nothing was entered);
 *   - the address of an instruction for a breakpoint (bp_here) and of
 *     the next one (bp_next): the host sets the breakpoint, we run into
 *     it, the host single-steps us to bp_next;
 *   - IPCs to an echo thread while the host has the trace on;
 *   - a spin that ends when kdb was entered again (the break key).
 * Afterwards it checks that nothing changed: the blocked sender's message
 * arrives intact, the child still sees the page. TAP on the console.
 */
#include "spaces.h"
#include "small.h"
#include <l4/kdebug.h>
#include <l4/arch.h>

const int l4_exit_when_main_returns = 1;

#define CHILD_MAP_ADDR  0x30000000UL
#define SHARED_MAGIC    0xC0FFEE01UL
#define SENDER_LABEL    0x5151
#define SENDER_WORD     0xABCDEF01UL
#define REPORT_LABEL    0x5152
#define ECHO_LABEL      0x7E57
#define LOW_PRIO        50              /* ours: below every thread we start */

static volatile L4_Word_t shared[1024] __attribute__((aligned(4096)));
static volatile L4_Word_t watched;      /* the host watches it for writes */
static volatile L4_Word_t small_counter;        /* ... and this in the small space */
static L4_ThreadId_t sink_id, sender_id, child_id, child_pager_id, echo_id, tracer_id, small_id;
static L4_Word_t child_stack[1024] __attribute__((aligned(16)));

static void tell(L4_Word_t w)
{
	L4_LoadMR(0, (L4_Word_t)REPORT_LABEL << 16 | 1);
	L4_LoadMR(1, w);
	L4_Send(root_id);
}

static void report(L4_Word_t w)
{
	tell(w);
	for (;;)
		L4_Sleep(L4_Never);
}

static bool receive_report_within(L4_ThreadId_t from, L4_Word_t *w, L4_Word_t us)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(from, L4_TimePeriod(us));
	if (L4_IpcFailed(tag) || L4_Label(tag) != REPORT_LABEL)
		return false;
	L4_StoreMR(1, w);
	return true;
}

static bool receive_report(L4_ThreadId_t from, L4_Word_t *w)
{
	return receive_report_within(from, w, 10000000);
}

/* Receives only from us: the sender stays in its send queue until we
 * say go. */
static void sink(void)
{
	L4_Receive(root_id);
	L4_MsgTag_t tag = L4_Receive(sender_id);
	L4_Word_t w = 0;
	L4_StoreMR(1, &w);
	report(L4_IpcSucceeded(tag) && L4_Label(tag) == SENDER_LABEL && w == SENDER_WORD);
}

static void sender(void)
{
	L4_LoadMR(0, (L4_Word_t)SENDER_LABEL << 16 | 1);
	L4_LoadMR(1, SENDER_WORD);
	L4_Send(sink_id);
	for (;;)
		L4_Sleep(L4_Never);
}

/* Our threads run at a priority above ours (we lowered our own): once
 * started, one runs until it blocks before we go on, so its state is
 * known when we enter kdb. */
static L4_ThreadId_t create_high(L4_Word_t *sp)
{
	return thread_create(sp);
}

static bool start(L4_ThreadId_t t, L4_Word_t sp, void (*fn)(void))
{
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_MsgAppendWord(&m, (L4_Word_t)fn);
	L4_MsgAppendWord(&m, sp);
	L4_MsgLoad(&m);
	return L4_IpcSucceeded(L4_Send(t));
}

/* The child's pager: our image on demand, and 'shared' read-only at
 * CHILD_MAP_ADDR. */
static bool child_pager_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                               L4_ThreadId_t from)
{
	(void)w2, (void)w3, (void)from;
	if (!L4_IsPagefaultLabel(label))
		return false;
	if ((w1 & ~0xFFFUL) == CHILD_MAP_ADDR || (w1 & ~0xFFFUL) == CHILD_MAP_ADDR + 0x1000) {
		child_load_map((L4_Word_t)shared, w1, L4_Readable);
		return true;
	}
	if (!in_root_image(w1))
		return false;
	child_load_map(w1, w1, L4_FullyAccessible);
	return true;
}

static void child_pager(void)
{
	pager_serve(child_pager_handle);
}

/* Code that the task and its children all run, at the same address:
 * a breakpoint for one space must stop that space's thread only. */
extern char filter_here[];
static __attribute__((noinline)) L4_Word_t shared_code(void)
{
	L4_Word_t r;
	__asm__ volatile(".globl filter_here\nfilter_here: movl $0x5eed, %0" : "=a"(r));
	return r;
}
#define RUN_SHARED_CODE 1

static void child(void)
{
	tell(*(volatile L4_Word_t *)CHILD_MAP_ADDR);
	/* Again on request, at the address in MR1 (the page is still there
	 * after kdb; the second page faults while the trace is on), or
	 * shared_code. */
	for (;;) {
		L4_Word_t a = CHILD_MAP_ADDR;
		if (L4_UntypedWords(L4_Receive(root_id)) >= 1)
			L4_StoreMR(1, &a);
		tell(a == RUN_SHARED_CODE ? shared_code() : *(volatile L4_Word_t *)a);
	}
}

/* In a small space: runs shared_code on request. */
static void small_child(void)
{
	tell(shared[0]);
	for (;;) {
		L4_Receive(root_id);
		small_counter++;
		tell(shared_code());
	}
}

/* Answers every Call with its label + 1 and its words. */
static void echo(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_LoadMR(0, (L4_Label(tag) + 1) << 16 | L4_UntypedWords(tag));
		tag = L4_ReplyWait(from, &from);
	}
}

/* Calls the echo thread ECHO_CALLS times when we say go. Both run at the
 * same priority, so after the first call most go by the fast path. */
#define ECHO_CALLS 20
static void tracer(void)
{
	L4_Receive(root_id);
	L4_Word_t ok = 1;
	for (L4_Word_t i = 0; i < ECHO_CALLS; i++) {
		L4_LoadMR(0, (L4_Word_t)ECHO_LABEL << 16 | 1);
		L4_LoadMR(1, i);
		L4_MsgTag_t tag = L4_Call(echo_id);
		ok &= L4_IpcSucceeded(tag) && L4_Label(tag) == ECHO_LABEL + 1;
	}
	report(ok);
}

/* An unprivileged task: neither may stop nor end the machine. */
static void unprivileged(void)
{
	L4_KDB_Enter("kdbtest: an unprivileged task enters");
	L4_KDB_Exit(0);
	report(1);
}

extern char bp_here[], bp_next[], ud2_here[];

/* An invalid opcode, with no exception handler to hear of it: with
 * kdb=exceptions the kernel enters kdb, then stops the thread. */
static void faulter(void)
{
	__asm__ volatile(".globl ud2_here\nud2_here: ud2");
	report(0);
}

static bool unhandled_exception(void)
{
	L4_Word_t before = L4_KDB_Counter(L4_KDB_COUNTER_KDB_ENTRIES);
	printf("kdbtest: ud2_here %lx\n", (L4_Word_t)ud2_here);
	L4_ThreadId_t t = thread_start(faulter);
	/* It runs above our priority: it has faulted when we get here. */
	L4_Word_t w = 1;
	bool silent = !receive_report_within(t, &w, 100000);
	return !L4_IsNilThread(t) && silent &&
	       L4_KDB_Counter(L4_KDB_COUNTER_KDB_ENTRIES) != before && thread_kill(t);
}

static __attribute__((noinline)) L4_Word_t run_into_breakpoint(void)
{
	L4_Word_t r;
	__asm__ volatile(".globl bp_here, bp_next\n"
	                 "bp_here: movl $0x600dcafe, %0\n"
	                 "bp_next: nop\n" : "=a"(r));
	return r;
}

static bool setup(void)
{
	for (unsigned i = 0; i < 1024; i++)
		shared[i] = SHARED_MAGIC + i;
	if (!L4_Set_Priority(root_id, LOW_PRIO)) {
		printf("# cannot lower our priority, ErrorCode %lu\n", L4_ErrorCode());
		return false;
	}
	L4_Word_t sink_sp, sender_sp;
	sink_id = create_high(&sink_sp);
	sender_id = create_high(&sender_sp);
	if (L4_IsNilThread(sink_id) || L4_IsNilThread(sender_id) ||
	    !start(sink_id, sink_sp, sink) || !start(sender_id, sender_sp, sender))
		return false;
	/* Ports and an interrupt line the views must show: the CMOS clock's
	 * (its interrupt is off: the line is open, nothing arrives). */
	L4_Fpage_t io = L4_Sigma0_GetPage(L4_nilthread, L4_IoFpageLog2(0x70, 1));
	if (!L4_IsIoFpage(io) || !L4_AssociateInterrupt(L4_GlobalId(8, 1), sink_id)) {
		printf("# CMOS ports or IRQ 8 refused, ErrorCode %lu\n", L4_ErrorCode());
		return false;
	}
	echo_id = thread_start(echo);
	tracer_id = thread_start(tracer);
	child_pager_id = thread_start(child_pager);
	child_id = L4_GlobalId(L4_ThreadNo(root_id) + 100, 1);
	L4_Word_t w = 0;
	if (L4_IsNilThread(echo_id) || L4_IsNilThread(tracer_id) || L4_IsNilThread(child_pager_id) ||
	    !space_new(child_id, child_pager_id, (L4_Word_t)child,
	               (L4_Word_t)&child_stack[1024]) ||
	    !receive_report(child_id, &w) || w != SHARED_MAGIC) {
		printf("# child setup failed, read %lx\n", w);
		return false;
	}
	small_id = small_start(small_child, L4_SmallSpace(128, SMALL_MB));
	if (L4_IsNilThread(small_id) || !receive_report(small_id, &w) || w != SHARED_MAGIC) {
		printf("# small child setup failed, read %lx\n", w);
		return false;
	}
	return true;
}

static bool unprivileged_refused(void)
{
	if (!pager_init())
		return false;
	L4_ThreadId_t t = space_start(unprivileged);
	L4_Word_t w = 0;
	bool ok = !L4_IsNilThread(t) && receive_report(t, &w) && w == 1;
	space_kill(t);
	return ok;
}

/* The child reads address a (and reports what it read). */
static bool child_reads(L4_Word_t a, L4_Word_t *w)
{
	L4_LoadMR(0, 1);
	L4_LoadMR(1, a);
	return L4_IpcSucceeded(L4_Send(child_id)) && receive_report(child_id, w);
}

/* shared_code here, in the child and in the small child: the host has
 * a breakpoint on it for the child, then one on small_counter, which
 * the small child writes. */
static bool breakpoint_filtered(void)
{
	L4_Word_t w = 0, v = 0;
	if (shared_code() != 0x5eed || !child_reads(RUN_SHARED_CODE, &w))
		return false;
	L4_LoadMR(0, 0);
	return w == 0x5eed && L4_IpcSucceeded(L4_Send(small_id)) &&
	       receive_report(small_id, &v) && v == 0x5eed;
}

/* While the host has the trace on: the tracer's calls, and a page fault
 * of the child's. */
static bool echo_calls(void)
{
	L4_Word_t w = 0;
	L4_LoadMR(0, 0);
	if (L4_IpcFailed(L4_Send(tracer_id)) || !receive_report(tracer_id, &w) || w != 1)
		return false;
	return child_reads(CHILD_MAP_ADDR + 0x1000, &w) && w == SHARED_MAGIC;
}

/* Spins at user level until kdb has been entered once more. */
static bool spin_until_kdb(void)
{
	L4_Word_t before = L4_KDB_Counter(L4_KDB_COUNTER_KDB_ENTRIES);
	printf("kdbtest: spinning\n");
	volatile unsigned long n = 0;
	while (L4_KDB_Counter(L4_KDB_COUNTER_KDB_ENTRIES) == before)
		n++;
	return true;
}

static bool state_kept(void)
{
	L4_Word_t w = 0;
	L4_LoadMR(0, 0);
	if (L4_IpcFailed(L4_Send(sink_id)) || !receive_report(sink_id, &w) || w != 1) {
		printf("# the sender's message did not arrive intact (%lx)\n", w);
		return false;
	}
	if (!child_reads(CHILD_MAP_ADDR, &w) || w != SHARED_MAGIC) {
		printf("# the child read %lx\n", w);
		return false;
	}
	return true;
}

int main(void)
{
	root_id = L4_Myself();
	printf("1..8\n");
	bool ok = setup();
	printf("%s 1 - setup: a blocked sender, a child with a read-only page\n", ok ? "ok" : "not ok");
	bool refused = ok && unprivileged_refused();
	printf("%s 2 - an unprivileged task's KDB_Enter and KDB_Exit are refused\n",
	       refused ? "ok" : "not ok");
	printf("kdbtest: root %lx sink %lx sender %lx child %lx echo %lx tracer %lx pager %lx small %lx\n",
	       root_id.raw, sink_id.raw, sender_id.raw, child_id.raw, echo_id.raw, tracer_id.raw,
	       child_pager_id.raw, small_id.raw);
	printf("kdbtest: shared %lx bp_here %lx bp_next %lx watched %lx filter_here %lx "
	       "small_counter %lx\n", (L4_Word_t)shared, (L4_Word_t)bp_here, (L4_Word_t)bp_next,
	       (L4_Word_t)&watched, (L4_Word_t)filter_here, (L4_Word_t)&small_counter);
	L4_KDB_Enter("kdbtest: state ready");
	bool echoed = echo_calls();
	printf("%s 3 - calls to the echo thread and a page fault (traced)\n", echoed ? "ok" : "not ok");
	L4_Word_t r = run_into_breakpoint();
	printf("%s 4 - the breakpoint and the step ran the instruction once\n",
	       r == 0x600dcafe ? "ok" : "not ok");
	watched = 0x5A5A5A5A;
	bool filtered = ok && breakpoint_filtered();
	printf("%s 5 - a breakpoint for one space stops that space only\n",
	       filtered ? "ok" : "not ok");
	bool spun = spin_until_kdb();
	printf("%s 6 - kdb entered while we spun\n", spun ? "ok" : "not ok");
	bool unhandled = unhandled_exception();
	printf("%s 7 - an exception nobody handles entered kdb (kdb=exceptions)\n",
	       unhandled ? "ok" : "not ok");
	bool kept = ok && state_kept();
	printf("%s 8 - after kdb: the blocked message arrives, the mapping is there\n",
	       kept ? "ok" : "not ok");
	return !(ok && refused && echoed && r == 0x600dcafe && filtered && spun && unhandled && kept);
}
