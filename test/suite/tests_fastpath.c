// SPDX-License-Identifier: MIT
/*
 * tests_fastpath.c: the edges of the IPC fast path and of the sysenter
 * entry, through the real interface. A Call to a thread that waits for us
 * takes the fast path, which leaves the caller parked in its receive
 * phase; these tests end such waits every other way (deletion of either
 * side, ExchangeRegisters, a priority change), feed the entry bad user
 * stacks, return addresses and flags, and check that the direct switch
 * still respects priorities. With FASTPATH=0 the same calls take the
 * general path and must pass too.
 */
#include "util.h"
#include "suite.h"
#include "small.h"
#include <string.h>

#define LABEL_GO   0x60
#define LABEL_ACK  0x61

/* Whether the KIP's Ipc stub uses sysenter (the raw-entry tests need it). */
static bool ipc_uses_sysenter(void)
{
	static const unsigned char se[] = { 0x5B, 0x89, 0xE5, 0x0F, 0x34 };
	const unsigned char *stub = __L4_Ipc;
	return memcmp(stub, se, sizeof se) == 0;
}

/* --- a caller parked by the fast path, and a server that keeps it --- */

static volatile L4_ThreadId_t server_id;
static volatile L4_Word_t call_result, call_label, server_result;
static volatile int call_returned;

/* Receives one message and then sleeps, leaving its caller waiting; on
 * LABEL_GO from the root thread it first replies to the caller. */
static void keeping_server(void)
{
	L4_ThreadId_t caller;
	L4_Wait(&caller);
	for (;;) {
		L4_MsgTag_t tag = L4_Receive(root_id);
		if (L4_Label(tag) != LABEL_GO)
			continue;
		L4_MsgTag_t reply = { .raw = 0 };
		L4_Set_Label(&reply, LABEL_ACK);
		L4_Set_MsgTag(reply);
		tag = L4_Send(caller);
		server_result = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	}
}

/* Calls server_id (by its local id, which the fast path resolves) and
 * records how the call ended. */
static void parked_caller(void)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Call(L4_LocalIdOf(server_id));
	call_result = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	call_label = L4_Label(tag);
	call_returned = 1;
	L4_Sleep(L4_Never);
}

/* Starts a keeping server and a caller parked on it. */
static bool park_caller(L4_ThreadId_t *server, L4_ThreadId_t *caller)
{
	call_result = call_label = server_result = 99;
	call_returned = 0;
	*server = thread_start(keeping_server);
	server_id = *server;
	L4_Sleep(L4_TimePeriod(1000));          /* the server waits */
	*caller = thread_start(parked_caller);
	L4_Sleep(L4_TimePeriod(2000));          /* the caller is parked */
	return !L4_IsNilThread(*server) && !L4_IsNilThread(*caller) && !call_returned;
}

static bool release_server(L4_ThreadId_t server)
{
	L4_MsgTag_t tag = { .raw = 0 };
	L4_Set_Label(&tag, LABEL_GO);
	L4_Set_MsgTag(tag);
	return L4_IpcSucceeded(L4_Send(server));
}

/* Gives the parked caller time to run; then its Call must have ended,
 * with ErrorCode 'result' (0: it succeeded). */
static bool caller_woke_with(L4_Word_t result)
{
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(call_returned, 1);
	EXPECT_EQ(call_result, result);
	return true;
}

static bool test_parked_reply(void)
{
	L4_ThreadId_t s, c;
	EXPECT(park_caller(&s, &c));
	EXPECT(release_server(s));
	EXPECT(caller_woke_with(0));
	EXPECT_EQ(call_label, LABEL_ACK);
	EXPECT_EQ(server_result, 0);
	EXPECT(thread_kill(c) && thread_kill(s));
	return true;
}

static bool test_parked_partner_deleted(void)
{
	L4_ThreadId_t s, c;
	EXPECT(park_caller(&s, &c));
	EXPECT(thread_kill(s));
	EXPECT(caller_woke_with(ERR_RECV(2)));
	EXPECT(thread_kill(c));
	return true;
}

static bool test_parked_canceled(void)
{
	L4_ThreadId_t s, c;
	EXPECT(park_caller(&s, &c));
	L4_AbortReceive_and_stop(c);
	L4_Start(c);
	EXPECT(caller_woke_with(ERR_RECV(3)));
	EXPECT(thread_kill(c) && thread_kill(s));
	return true;
}

/* A fast-path reply to a caller whose flags, IP and SP were set while it
 * was parked: it must leave by iret with them (sysexit would give it the
 * kernel's flags), at the new IP on the new stack. The server changes
 * them itself, between receiving the Call and its ReplyWait: nothing is
 * scheduled in between, so the caller is still where the fast path
 * parked it. */
static volatile L4_Word_t landed, landed_flags;
static L4_Word_t landing_stack[512];
void landing_entry(void);
__asm__(".text\n"
        "landing_entry:\n\t"
        "pushfl\n\t"
        "popl landed_flags\n\t"
        "movl $1, landed\n"
        "1:\tjmp 1b\n");

#define WARM_UP 16
#define SET_FLAGS 0x8C1                 /* CF, ZF, SF, OF: no exit sets them all */

/* Calls server_id by its global id (the fast path's reply needs the
 * caller to wait for the server's global id), first a ping-pong: in the
 * steady state both sides wait where the fast path parked them. */
static void global_caller(void)
{
	for (int i = 0; i <= WARM_UP; i++) {
		L4_LoadMR(0, 0);
		L4_Call(server_id);
	}
	call_returned = 1;                      /* never: it lands elsewhere */
	L4_Sleep(L4_Never);
}

static void frame_changing_server(void)
{
	L4_ThreadId_t caller, from;
	L4_Wait(&caller);
	for (int i = 0; i < WARM_UP; i++) {
		L4_Set_MsgTag(L4_Niltag);
		L4_ReplyWait(caller, &caller);
	}
	L4_Word_t dummy;
	L4_ThreadId_t pager;
	L4_ExchangeRegisters(caller, L4_ExReg_sp | L4_ExReg_ip | L4_ExReg_flags,
	                     (L4_Word_t)&landing_stack[512], (L4_Word_t)landing_entry, SET_FLAGS,
	                     0, L4_nilthread, &dummy, &dummy, &dummy, &dummy, &dummy, &pager);
	L4_Set_MsgTag(L4_Niltag);
	L4_ReplyWait(caller, &from);
	L4_Sleep(L4_Never);
}

static bool test_parked_frame_changed(void)
{
	landed = landed_flags = 0;
	call_returned = 0;
	L4_ThreadId_t s = thread_start(frame_changing_server);
	server_id = s;
	L4_Sleep(L4_TimePeriod(1000));          /* the server waits */
	L4_ThreadId_t c = thread_start(global_caller);
	for (int i = 0; i < 100 && !landed; i++)
		L4_Sleep(L4_TimePeriod(1000));
	EXPECT(!L4_IsNilThread(s) && !L4_IsNilThread(c));
	EXPECT_EQ(landed, 1);
	EXPECT_EQ(call_returned, 0);            /* not back at the Call */
	EXPECT_EQ(landed_flags & SET_FLAGS, SET_FLAGS);
	EXPECT(thread_kill(c) && thread_kill(s));
	return true;
}

static bool test_parked_deleted(void)
{
	L4_ThreadId_t s, c;
	EXPECT(park_caller(&s, &c));
	L4_ThreadId_t c_local = L4_LocalIdOf(c);
	EXPECT(thread_kill(c));
	/* The reply goes to a local id whose thread is gone: no partner. */
	EXPECT(release_server(s));
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(server_result, ERR_SEND(2));
	/* The same for a Call, which the fast path looks at first: the UTCB
	 * still names the dead thread, its TCB no longer confirms it. */
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcFailed(L4_Call(c_local)));
	EXPECT_EQ(L4_ErrorCode(), ERR_SEND(2));
	EXPECT(thread_kill(s));
	return true;
}

/* Calls the root thread, which receives the call at once: the caller is
 * parked with no scheduling pass in between, so it is still in its ready
 * queue (lazy queueing). */
static void root_caller(void)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Call(root_id);
	call_result = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	call_label = L4_Label(tag);
	call_returned = 1;
	L4_Sleep(L4_Never);
}

static bool test_parked_priority_change(void)
{
	call_returned = 0;
	L4_ThreadId_t c = thread_start(root_caller);
	EXPECT(L4_IpcSucceeded(L4_Receive(c)));
	/* Moving it to another priority must not make it runnable. */
	EXPECT(L4_Set_Priority(c, 90) != 0);
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(call_returned, 0);
	L4_MsgTag_t reply = { .raw = 0 };
	L4_Set_Label(&reply, LABEL_ACK);
	L4_Set_MsgTag(reply);
	EXPECT(L4_IpcSucceeded(L4_Send(c)));
	/* Priority 90 runs when nothing above it is ready: soon, if not at
	 * once (Bochs is slow, a driver may be busy). */
	for (int i = 0; i < 100 && !call_returned; i++)
		L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(call_returned, 1);
	EXPECT_EQ(call_result, 0);
	EXPECT_EQ(call_label, LABEL_ACK);
	EXPECT(thread_kill(c));
	return true;
}

/* --- a server whose wait had a timeout --- */

static volatile L4_Word_t timed_errors, timed_served;

/* Waits with a 20 ms timeout, serves one Call, then waits without one. */
static void timed_server(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait_Timeout(L4_TimePeriod(20000), &from);
	if (L4_IpcFailed(tag))
		timed_errors++;
	for (;;) {
		timed_served++;
		L4_LoadMR(0, 0);
		tag = L4_ReplyWait(from, &from);
		if (L4_IpcFailed(tag)) {
			timed_errors++;
			tag = L4_Wait(&from);
		}
	}
}

static bool test_timeout_canceled(void)
{
	timed_errors = timed_served = 0;
	L4_ThreadId_t s = thread_start(timed_server);
	L4_Sleep(L4_TimePeriod(1000));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Call(s)));
	/* The first wait's timeout was canceled: it must not end the wait
	 * the server is in now. */
	L4_Sleep(L4_TimePeriod(30000));
	EXPECT_EQ(timed_errors, 0);
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Call(s)));
	EXPECT_EQ(timed_served, 2);
	EXPECT(thread_kill(s));
	return true;
}

/* --- priorities --- */

static volatile char order[4];
static volatile int norder;

static void low_server(void)
{
	L4_ThreadId_t from;
	L4_Wait(&from);
	for (;;) {
		order[norder++] = 'S';
		L4_LoadMR(0, 0);
		L4_ReplyWait(from, &from);
	}
}

static void middle(void)
{
	order[norder++] = 'M';
	L4_Sleep(L4_Never);
}

/* The root thread (100) calls a server at 90 while a thread at 95 is
 * ready: the direct switch must not run the server first. */
static bool test_ipc_priority(void)
{
	norder = 0;
	L4_ThreadId_t s = thread_start(low_server);
	EXPECT(L4_Set_Priority(s, 90) != 0);
	L4_Sleep(L4_TimePeriod(1000));          /* the server waits */
	/* The middle thread starts at our priority: should our time slice
	 * end before we lower it (Bochs is slow), it runs at once. That is
	 * the scheduler being fair, not the case under test: start again. */
	L4_ThreadId_t m = L4_nilthread;
	for (int tries = 0; tries < 5; tries++) {
		m = thread_start(middle);
		if (L4_Set_Priority(m, 95) != 0 && norder == 0)
			break;
		thread_kill(m);
		norder = 0;
	}
	bool ready = norder == 0;               /* ready, not yet run */
	L4_LoadMR(0, 0);
	bool called = ready && L4_IpcSucceeded(L4_Call(s));
	bool killed = thread_kill(m) && thread_kill(s);
	EXPECT(ready);
	EXPECT(called);
	EXPECT_EQ(norder, 2);
	EXPECT_EQ(order[0], 'M');
	EXPECT_EQ(order[1], 'S');
	EXPECT(killed);
	return true;
}

/* --- the sysenter entry with what a user may load --- */

static volatile L4_ThreadId_t raw_to;
static volatile L4_Word_t raw_flags;
static volatile int raw_done;

/* A Call to raw_to entered by sysenter directly (the KIP stub's
 * registers: EBX the return address, ECX Timeouts, EBP the stack), with
 * TF, DF, NT and AC set (TF by the popf just before sysenter, so the step
 * trap comes in the kernel). Records the flags it comes back with. */
static void evil_flags_caller(void)
{
	L4_Word_t to = raw_to.raw, from = to, mr0 = 0, flags;
	__asm__ __volatile__(
		"pushl %%ebp\n\t"
		"movl $1f, %%ebx\n\t"        /* return address */
		"xorl %%ecx, %%ecx\n\t"      /* Timeouts: never, never */
		"pushfl\n\t"
		"orl $0x44500, (%%esp)\n\t"  /* AC NT DF TF */
		"leal 4(%%esp), %%ebp\n\t"
		"popfl\n\t"
		"sysenter\n"
		"1:\n\t"
		"pushfl\n\t"
		"cld\n\t"
		"popl %%ecx\n\t"
		"popl %%ebp"
		: "=c"(flags), "+a"(to), "+d"(from), "+S"(mr0)
		: "D"(__L4_Utcb())
		: "ebx", "memory", "cc");
	raw_flags = flags;
	raw_done = 1;
	/* Now a receive that times out, through the idle loop and its
	 * interrupts, with whatever flags the kernel kept. */
	L4_Word_t timeouts = L4_Timeouts(L4_Never, L4_TimePeriod(2000));
	to = 0;
	from = L4_Myself().raw;
	__asm__ __volatile__(
		"pushl %%ebp\n\t"
		"movl $1f, %%ebx\n\t"        /* Timeouts stay in ECX */
		"pushfl\n\t"
		"orl $0x44400, (%%esp)\n\t"  /* AC NT DF */
		"leal 4(%%esp), %%ebp\n\t"
		"popfl\n\t"
		"sysenter\n"
		"1:\n\t"
		"cld\n\t"
		"popl %%ebp"
		: "+c"(timeouts), "+a"(to), "+d"(from), "+S"(mr0)
		: "D"(__L4_Utcb())
		: "ebx", "memory", "cc");
	raw_done = 2;
	L4_Sleep(L4_Never);
}

static bool test_entry_flags(void)
{
	if (!ipc_uses_sysenter()) {
		printf("# no sysenter: skipped\n");
		return true;
	}
	raw_done = 0;
	L4_ThreadId_t s = thread_start(null_server);
	raw_to = s;
	L4_Sleep(L4_TimePeriod(1000));
	L4_ThreadId_t t = thread_start(evil_flags_caller);
	L4_Sleep(L4_TimePeriod(10000));
	EXPECT_EQ(raw_done, 2);
	/* The kernel's flags come back: no trap, direction, nested-task or
	 * alignment flag. */
	EXPECT_EQ(raw_flags & 0x44500, 0);
	EXPECT(thread_kill(t) && thread_kill(s));
	return true;
}

static volatile L4_Word_t bad_esp, bad_ret;

/* Enters Ipc by sysenter with EBP (the stack it returns on) = bad_esp and
 * a valid return address, or, if bad_esp is 0, with a valid stack and the
 * return address bad_ret; the Ipc is a Call to raw_to, so the return goes
 * through the fast path's exit. */
static void bad_entry_caller(void)
{
	L4_Word_t to = raw_to.raw, from = to, mr0 = 0, esp = bad_esp, ret = bad_ret;
	L4_Word_t junk = 0xFFFC;        /* no valid selector: a trap frame's
	                                   registers must not become segments */
	/* One good Call first: the server then waits in the fast path's
	 * steady state (still in its ready queue), so that the bad Call's
	 * reply comes back through the fast path's exit. */
	L4_LoadMR(0, 0);
	L4_Call(raw_to);
	if (esp)
		__asm__ __volatile__("pushl %%ebp\n\t"
		                     "movl %%ecx, %%ebp\n\t"
		                     "xorl %%ecx, %%ecx\n\t"
		                     "movl $1f, %%ebx\n\t"
		                     "sysenter\n"
		                     "1:\n\t"
		                     "popl %%ebp"
		                     : "+a"(to), "+d"(from), "+S"(junk), "+c"(esp), "+D"(junk)
		                     : : "ebx", "memory", "cc");
	else
		__asm__ __volatile__("pushl %%ebp\n\t"
		                     "xorl %%ecx, %%ecx\n\t"
		                     "movl %%esp, %%ebp\n\t"
		                     "sysenter\n\t"
		                     "popl %%ebp"
		                     : "+a"(to), "+d"(from), "+S"(mr0), "+b"(ret)
		                     : "D"(__L4_Utcb()) : "ecx", "memory", "cc");
	raw_done = 1;                           /* never reached */
	L4_Sleep(L4_Never);
}

static L4_Word_t restart_stack[1024];
static void restarted(void)
{
	raw_done = 2;
	L4_Sleep(L4_Never);
}

static bool bad_entry(L4_Word_t esp, L4_Word_t ret)
{
	raw_done = 0;
	bad_esp = esp;
	bad_ret = ret;
	L4_ThreadId_t s = thread_start(null_server);
	raw_to = s;
	L4_Sleep(L4_TimePeriod(1000));
	L4_ThreadId_t t = thread_start(bad_entry_caller);
	L4_Sleep(L4_TimePeriod(3000));
	EXPECT_EQ(raw_done, 0);
	EXPECT(thread_halted(t));               /* stopped, never returned to */
	/* Restarted elsewhere, it runs (by iret, from its frame). */
	L4_Start_SpIp(t, (L4_Word_t)&restart_stack[1024], (L4_Word_t)restarted);
	L4_Sleep(L4_TimePeriod(2000));
	EXPECT_EQ(raw_done, 2);
	EXPECT(thread_kill(t) && thread_kill(s));
	return true;
}

/* The kernel never reads the user stack: a stack pointer inside user
 * space, mapped or not, comes back as it went in. */
static volatile L4_Word_t returned_esp, saved_esp;
static void unmapped_stack_caller(void)
{
	L4_Word_t to = raw_to.raw, from = to, mr0 = 0;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "movl %%esp, saved_esp\n\t"
	                     "movl $0x40000000, %%ebp\n\t"
	                     "xorl %%ecx, %%ecx\n\t"
	                     "movl $1f, %%ebx\n\t"
	                     "sysenter\n"
	                     "1:\n\t"
	                     "movl %%esp, returned_esp\n\t"
	                     "movl saved_esp, %%esp\n\t"
	                     "popl %%ebp"
	                     : "+a"(to), "+d"(from), "+S"(mr0)
	                     : "D"(__L4_Utcb()) : "ebx", "ecx", "memory", "cc");
	raw_done = 1;
	L4_Sleep(L4_Never);
}

static bool test_entry_bad_stack(void)
{
	if (!ipc_uses_sysenter()) {
		printf("# no sysenter: skipped\n");
		return true;
	}
	EXPECT(bad_entry(0xFFFFF000u, 0));      /* kernel memory */
	EXPECT(bad_entry(0xC0000004u, 0));      /* just past user space */
	EXPECT(bad_entry(0, 0xE0100000u));      /* return address in the kernel */
	EXPECT(bad_entry(0, 0xC0000000u));      /* the first address past user space */
	raw_done = 0;
	returned_esp = 0;
	L4_ThreadId_t s = thread_start(null_server);
	raw_to = s;
	L4_Sleep(L4_TimePeriod(1000));
	L4_ThreadId_t t = thread_start(unmapped_stack_caller);
	for (int i = 0; i < 100 && !raw_done; i++)
		L4_Sleep(L4_TimePeriod(1000));
	EXPECT_EQ(raw_done, 1);
	EXPECT_EQ(returned_esp, 0x40000000u);
	EXPECT(thread_kill(t) && thread_kill(s));
	return true;
}

/* The same while a small space is live: the fast path's partner then
 * leaves by iret, which does not check its EIP first. A CPU that checks
 * the code segment's limit at the iret (Bochs) raises #GP in the kernel
 * there; the fixup (sysenter.asm, fast_iret_faulted) must stop the thread
 * as the sysexit exit's user fault does, with no kernel fault. */
static void small_sleeper(void)
{
	L4_Sleep(L4_Never);
}

static bool test_entry_bad_return_iret(void)
{
	if (!ipc_uses_sysenter()) {
		printf("# no sysenter: skipped\n");
		return true;
	}
	L4_ThreadId_t small = small_start(small_sleeper, L4_SmallSpace(128, SMALL_MB));
	EXPECT(!L4_IsNilThread(small));
	EXPECT_EQ(small_of(small), L4_SmallSpace(128, SMALL_MB));
	EXPECT(bad_entry(0, 0xE0100000u));      /* return address in the kernel */
	EXPECT(bad_entry(0, 0xC0000000u));      /* the first address past user space */
	EXPECT(bad_entry(0xC0000004u, 0));      /* a stack just past user space */
	EXPECT(small_kill(small));
	return true;
}

/* Ipc with neither phase (to and FromSpecifier nilthread), through the
 * KIP stub with every output register preset: it returns at once with
 * from nilthread and MR0, MR1 and MR2 (ESI, EBX, EBP) zero, on either
 * path. FS is set to null before: the fast path returns the thread to
 * itself without loading selectors (they are its own), the general path
 * loads A.10's; either way a read through FS afterwards works (A.10: a
 * #GP with a wrong selector of its own reloads them and retries). */
__attribute__((used)) static volatile L4_Word_t null_ipc_probe = 0x5EC5EC;
static bool test_null_ipc(void)
{
	L4_Word_t from = 0 /* to: nilthread */, mr0 = 0x00050000, mr1 = 0x11111111, mr2 = 0x22222222;
	L4_Word_t error = L4_ErrorCode(), fs;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "movl $0x22222222, %%ebp\n\t"
	                     "xorl %%edx, %%edx\n\t"
	                     "movl %%edx, %%fs\n\t"
	                     "xorl %%ecx, %%ecx\n\t"
	                     "call *__L4_Ipc\n\t"
	                     "movl %%ebp, %%edx\n\t"
	                     "popl %%ebp\n\t"
	                     "movl %%edx, %[mr2]\n\t"
	                     "movl %%fs:null_ipc_probe, %%ecx\n\t"
	                     "movl %%ecx, %[fs]"
	                     : "+a"(from), "+S"(mr0), "+b"(mr1), [mr2] "=m"(mr2), [fs] "=m"(fs)
	                     : "D"(__L4_Utcb())
	                     : "ecx", "edx", "memory", "cc");
	EXPECT_EQ(from, 0);
	EXPECT_EQ(mr0, 0);
	EXPECT_EQ(mr1, 0);
	EXPECT_EQ(mr2, 0);
	EXPECT_EQ(fs, 0x5EC5EC);
	EXPECT_EQ(L4_ErrorCode(), error);
	/* And through libl4: the tag is empty. */
	L4_LoadMR(0, 0x00070000);
	L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_nilthread, 0, NULL);
	EXPECT_EQ(tag.raw, 0);
	return true;
}

/* Long untyped messages take the fast path too (MR3 and up by a string
 * move), whole and in order, in both directions. */
static bool test_long_messages(void)
{
	/* A kernel built with FASTPATH=0 counts none; this one has counted
	 * the earlier tests' Calls. */
	bool fast = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH) > 0;
	L4_ThreadId_t srv = thread_start(echo_server);
	EXPECT(!L4_IsNilThread(srv));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Call(srv)));  /* now it waits in ReplyWait */
	static const unsigned sizes[] = { 3, 9, 32, 62, 63 };
	for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		unsigned u = sizes[k];
		/* A timer tick inside the round trip may send one half the
		 * general way (a preemption): a few tries, one must be fast. */
		bool whole_fast = false;
		for (int try = 0; try < 4 && !whole_fast; try++) {
			L4_Word_t before = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH);
			EXPECT(echo_call(srv, 0x70, u, 0xC0DE0000UL + k * 0x100));
			L4_Word_t taken = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH) - before;
			/* The server was waiting: both IPCs of the round trip. */
			whole_fast = taken == (fast ? 2u : 0u);
		}
		EXPECT(whole_fast);
	}
	EXPECT(thread_kill(srv));
	return true;
}

/* --- a local id resolved while the caller's DS is not its own --- */

static volatile L4_Word_t local_server_from;

static void local_echo_server(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	local_server_from = L4_Label(tag) == LABEL_GO ? from.raw : 0;
	L4_MsgTag_t reply = { .raw = 0 };
	L4_Set_Label(&reply, LABEL_ACK);
	L4_Set_MsgTag(reply);
	L4_Reply(from);
	L4_Sleep(L4_Never);
}

/* The fast path reads a local id's UTCB word (MyGlobalId) through the
 * caller's DS when the id is not its last local sender's. A caller that
 * loaded its UTCB selector (four bytes) there makes that read fault on a
 * CPU that checks limits (Bochs; QEMU reads wherever the segment's base
 * points): the general path must then do the Call, to the right thread,
 * with the right ids on both sides. The caller is a fresh thread: it has
 * had no local sender. */
static volatile L4_Word_t strange_to, strange_from, strange_tag, strange_done;

static void strange_ds_caller(void)
{
	L4_Word_t eax = strange_to, edx = strange_to, esi = (L4_Word_t)LABEL_GO << 16, ecx = 0;
	L4_Word_t stub = (L4_Word_t)__L4_Ipc;
	unsigned short utcb_sel;        /* on the stack: read through SS */
	__asm__ __volatile__("mov %%gs, %0" : "=m"(utcb_sel));
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "mov %[sel], %%ds\n\t"
	                     "call *%%ebx\n\t"
	                     "popl %%ebp\n\t"
	                     "pushl %%ss\n\t"        /* DS as A.10 has it: SS's */
	                     "popl %%ds"
	                     : "+a"(eax), "+d"(edx), "+S"(esi), "+c"(ecx), "+b"(stub)
	                     : "D"(__L4_Utcb()), [sel] "m"(utcb_sel)
	                     : "memory", "cc");
	strange_from = eax;
	strange_tag = esi;
	strange_done = L4_MyLocalId().raw;
	L4_Sleep(L4_Never);
}

static bool test_local_id_strange_ds(void)
{
	local_server_from = 1;
	strange_done = 0;
	L4_ThreadId_t s = thread_start(local_echo_server);
	L4_Sleep(L4_TimePeriod(1000));          /* the server waits */
	strange_to = L4_LocalIdOf(s).raw;
	L4_ThreadId_t c = thread_start(strange_ds_caller);
	L4_Sleep(L4_TimePeriod(5000));
	L4_MsgTag_t tag = { .raw = strange_tag };
	EXPECT(strange_done != 0);
	EXPECT(!(tag.X.flags & 8));             /* no error */
	EXPECT_EQ(L4_Label(tag), LABEL_ACK);
	EXPECT_EQ(strange_from, strange_to);    /* from: the server's local id */
	EXPECT_EQ(local_server_from, strange_done);
	EXPECT(thread_kill(c) && thread_kill(s));
	return true;
}

/* --- words to a partner that waits in the general path --- */

#define LABEL_WORDS 0x62

static volatile L4_Word_t general_bad;          /* the server's findings */
static volatile L4_ThreadId_t general_server;

/* Waits by the general path every time (L4_Wait, after a Reply, which
 * the fast path declines), so a Call reaches it through the fast path's
 * way to a thread that stopped elsewhere (sysenter.asm,
 * fast_resume_elsewhere). It checks what came (word i of a message of u
 * words is 0x5000 * u + i; MR1 and MR2 beyond u are not the previous
 * message's), that its UTCB address (%gs:0) is its own, and replies u
 * words reversed. */
static void general_waiting_server(void)
{
	L4_Word_t prev1 = 0, prev2 = 0;
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		unsigned u = L4_UntypedWords(tag);
		L4_Word_t w[64];
		L4_StoreMRs(1, 63, w);
		if (L4_Label(tag) != LABEL_WORDS || !L4_SameThreads(L4_MyGlobalId(), general_server))
			general_bad |= 1;
		for (unsigned i = 0; i < u; i++)
			if (w[i] != 0x5000 * u + i)
				general_bad |= 2;
		if ((u < 1 && w[0] == prev1 && prev1) || (u < 2 && w[1] == prev2 && prev2))
			general_bad |= 4;
		prev1 = w[0];
		prev2 = w[1];
		L4_Msg_t out;
		L4_MsgClear(&out);
		L4_Set_MsgLabel(&out, LABEL_WORDS + 1);
		for (unsigned i = 0; i < u; i++)
			L4_MsgAppendWord(&out, w[u - 1 - i]);
		L4_MsgLoad(&out);
		L4_Reply(from);
	}
}

static bool test_words_to_general_waiter(void)
{
	bool fast = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH) > 0;
	general_bad = 0;
	L4_ThreadId_t srv = thread_start(general_waiting_server);
	general_server = srv;
	EXPECT(!L4_IsNilThread(srv));
	L4_Sleep(L4_TimePeriod(1000));          /* it waits */
	/* Long first, then shorter: MR1 and MR2 of an earlier message must
	 * not reach the server again. */
	static const unsigned sizes[] = { 63, 5, 3, 2, 1, 0, 2, 9, 1, 0 };
	for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		unsigned u = sizes[k];
		/* A timer tick may send the Call the general way: a few tries,
		 * one must take the fast path (its count goes up by one: the
		 * Reply is the general path's). */
		bool went_fast = false;
		for (int try = 0; try < 4 && !went_fast; try++) {
			L4_Word_t before = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH);
			EXPECT(echo_call(srv, LABEL_WORDS, u, 0x5000 * u));
			went_fast = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH) - before == (fast ? 1u : 0u);
			EXPECT_EQ(general_bad, 0);
		}
		EXPECT(went_fast);
	}
	EXPECT(thread_kill(srv));
	return true;
}

/* --- a ReplyWait while a sender is queued --- */

static volatile L4_ThreadId_t queue_server_id;
static volatile L4_Word_t queued_from, queued_label;

/* Sends label 0x63 to the server, which is not receiving from it yet:
 * it waits in the server's send queue. */
static void queued_sender(void)
{
	L4_MsgTag_t tag = { .raw = 0 };
	L4_Set_Label(&tag, 0x63);
	L4_Set_MsgTag(tag);
	L4_Send(queue_server_id);
	L4_Sleep(L4_Never);
}

/* Receives only from the root thread first; its ReplyWait to the root
 * thread must then receive the queued sender's message (the fast path
 * declines a thread with senders queued: it would park instead). */
static void queue_server(void)
{
	L4_Receive(root_id);
	L4_LoadMR(0, 0);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_ReplyWait(root_id, &from);
	queued_label = L4_IpcSucceeded(tag) ? L4_Label(tag) : 0xBAD;
	queued_from = L4_GlobalIdOf(from).raw;   /* (one space: a local id came) */
	L4_Sleep(L4_Never);
}

static bool test_reply_wait_senders_queued(void)
{
	queued_from = queued_label = 0;
	L4_ThreadId_t s = thread_start(queue_server);
	queue_server_id = s;
	L4_Sleep(L4_TimePeriod(1000));          /* it waits for us */
	L4_ThreadId_t q = thread_start(queued_sender);
	L4_Sleep(L4_TimePeriod(1000));          /* queued */
	EXPECT(!L4_IsNilThread(s) && !L4_IsNilThread(q));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Call(s)));    /* the reply comes */
	L4_Sleep(L4_TimePeriod(1000));
	EXPECT_EQ(queued_label, 0x63);
	EXPECT_EQ(queued_from, q.raw);
	EXPECT(thread_kill(q) && thread_kill(s));
	return true;
}

const struct test fastpath_tests[] = {
	{ "null_ipc", "Ipc with neither send nor receive phase returns at once: from nilthread, MR0-MR2 zero, its selectors usable", test_null_ipc },
	{ "long_messages", "Call/ReplyWait with 3 to 63 untyped words: whole, in order, on the fast path", test_long_messages },
	{ "words_to_general_waiter", "a Call on the fast path to a server waiting in the general path: 0 to 63 words whole, no earlier MR1 or MR2, the server's own UTCB", test_words_to_general_waiter },
	{ "reply_wait_senders_queued", "a ReplyWait with a sender queued receives that sender's message (the fast path must not park)", test_reply_wait_senders_queued },
	{ "parked_reply", "a caller parked by the fast path gets its reply by the general path", test_parked_reply },
	{ "parked_partner_deleted", "deleting the partner of a parked caller wakes it (error 2)", test_parked_partner_deleted },
	{ "parked_canceled", "ExchangeRegisters aborts a parked caller's receive (error 3)", test_parked_canceled },
	{ "parked_frame_changed", "a parked caller whose flags, IP and SP were set leaves with them when a fast-path reply comes", test_parked_frame_changed },
	{ "parked_deleted", "a parked caller can be deleted; replying to it fails (error 2)", test_parked_deleted },
	{ "parked_priority_change", "a priority change leaves a parked caller waiting", test_parked_priority_change },
	{ "timeout_canceled", "a wait with a timeout, ended by a Call, leaves no timeout behind", test_timeout_canceled },
	{ "ipc_priority", "a Call does not run a low-priority server before a ready thread above it", test_ipc_priority },
	{ "entry_flags", "sysenter with TF, DF, NT and AC set: the kernel survives, the flags come back clear", test_entry_flags },
	{ "local_id_strange_ds", "a Call to a local id while the caller's DS holds its UTCB selector reaches the thread (the fast path's read of its UTCB declines)", test_local_id_strange_ds },
	{ "entry_bad_stack", "sysenter with a stack or return address outside user space stops the thread (it can be restarted); the user stack itself is never read", test_entry_bad_stack },
	{ "entry_bad_return_iret", "the same while a small space is live (the fast path leaves by iret): the thread stops, never a kernel fault (Bochs checks EIP at the iret)", test_entry_bad_return_iret },
	{ 0, 0, 0 },
};
