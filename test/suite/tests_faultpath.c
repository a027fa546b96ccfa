// SPDX-License-Identifier: MIT
/*
 * tests_faultpath.c: the page fault's own path (arch/ia32/faultpath.c)
 * and the cases it must leave to the general one. A fault goes straight
 * to a pager the IPC fast path (or the fault reply) parked in its receive
 * phase, and a one-page map reply straight back; here one child faults on
 * a scripted pager in the root task's space, page after page, so that
 * the short way and its neighbours alternate:
 *   - the first fault meets the pager in its first L4_Wait (the general
 *     path); its one-page reply parks the pager, so the next fault takes
 *     the short way both ways;
 *   - a reply of two map items (sys_ipc) to a thread waiting on the
 *     short way;
 *   - a fault the pager keeps while it waits for another thread, then
 *     answers with a plain Send (the general path back to a thread that
 *     waits on the short way);
 *   - a pager waiting with a finite receive timeout (general path);
 *   - all of it again while a small space lives beside the child
 *     (faultpath_small: no short way then, and exits by iret);
 *   - a fault's wait on the short way ended by ExchangeRegisters from a
 *     second thread of the child's space (faultpath_aborted): the thread
 *     takes the fault again; or by the pager's deletion
 *     (faultpath_pager_gone): the thread stops.
 * After every fault the child's MR1..3, BR0 and its general registers are
 * what they were before it (X.2 §7.3: the fault is invisible to it), the
 * pager saw the X.2 message (label and access, address, IP, from), and
 * the value read is the page's. The suite runs with and without the fast
 * paths and in Bochs, so both paths give these results.
 */
#include "suite.h"
#include "spaces.h"
#include "small.h"

#define PAGE            4096UL
#define NPAGE           8
#define FAULT_BASE      0x32000000UL    /* the child's; nothing there */
#define WAIT_LIMIT      300             /* x 1 ms */
#define MR_MAGIC        0x7A5E00UL      /* MR1..3: + 1..3 */
#define BR_MAGIC        0x5B0000F0UL    /* BR0: an acceptor of no window */
#define LABEL_GO        0x71

enum reply { FP_ONE, FP_TWO_ITEMS, FP_KEEP };

/* The scripts: one entry per fault the pager sees. */
static const enum reply shapes_script[] = {
	FP_ONE,                 /* page 0: the pager in its first Wait */
	FP_ONE,                 /* page 1: the short way both ways */
	FP_TWO_ITEMS,           /* page 2 (and 3): the general reply */
	                        /* page 3: mapped, no fault */
	FP_ONE,                 /* page 4: to a pager the general reply left */
	FP_KEEP,                /* page 5: kept, answered by a Send; then the
	                           pager waits with a receive timeout */
	FP_ONE,                 /* page 6: to a pager waiting with a timeout */
	FP_ONE,                 /* page 7: the short way again */
};
static const enum reply abort_script[] = {
	FP_ONE,                 /* page 0 */
	FP_KEEP,                /* page 1: kept; the child's wait aborted */
	FP_ONE,                 /* page 1 again, queued until the pager waits */
	FP_ONE, FP_ONE, FP_ONE, FP_ONE, FP_ONE, FP_ONE,         /* pages 2..7 */
};
#define NFAULT_MAX      9
static const enum reply *script;
static unsigned nscript;
/* A kept fault is answered by a Send (shapes) or dropped (abort: the
 * child takes it again). */
static bool answer_kept;

static L4_Word_t backing[NPAGE][PAGE / sizeof(L4_Word_t)] __attribute__((aligned(PAGE)));
static volatile unsigned nfault, steps;
static volatile L4_Word_t fault_addr[NFAULT_MAX], fault_label[NFAULT_MAX], fault_ip[NFAULT_MAX];
static volatile L4_Word_t fault_from[NFAULT_MAX];
/* What the child saw after each page: the value, MR1..3, BR0, registers. */
static volatile L4_Word_t read_back[NPAGE], mrs_after[NPAGE][3], br_after[NPAGE];
static volatile L4_Word_t regs_after[NPAGE][6];
static L4_ThreadId_t fp_pager;

static L4_Word_t child_page(unsigned i)
{
	return FAULT_BASE + i * PAGE;
}

static void load_item(unsigned k, unsigned i)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2((L4_Word_t)backing[i], 12), L4_FullyAccessible);
	L4_MapItem_t m = L4_MapItem(f, child_page(i));
	L4_LoadMR(k, m.raw[0]);
	L4_LoadMR(k + 1, m.raw[1]);
}

/* Loads the reply to a fault; false for one to leave unanswered
 * (*kept: one the script keeps, at page *page). */
static bool fp_handle(L4_MsgTag_t tag, L4_ThreadId_t from, bool *kept, unsigned *page)
{
	L4_Word_t addr = 0, ip = 0;
	L4_StoreMR(1, &addr);
	L4_StoreMR(2, &ip);
	*kept = false;
	if (!L4_IsPagefaultLabel(L4_Label(tag)))
		return false;
	if (in_root_image(addr)) {
		child_load_map(addr, addr, L4_FullyAccessible);   /* its code and stack */
		return true;
	}
	unsigned k = nfault;
	if (addr < FAULT_BASE || addr >= child_page(NPAGE) || k >= nscript)
		return false;                   /* unanswered: the test sees it stall */
	fault_addr[k] = addr;
	fault_label[k] = L4_Label(tag);
	fault_ip[k] = ip;
	fault_from[k] = from.raw;
	nfault = k + 1;
	unsigned i = (unsigned)((addr - FAULT_BASE) / PAGE);
	L4_MsgTag_t reply = { .raw = 0 };
	switch (script[k]) {
	case FP_KEEP:
		*kept = true;
		*page = i;
		return false;
	case FP_TWO_ITEMS:
		load_item(1, i);
		load_item(3, i + 1);
		reply.X.t = 4;
		break;
	case FP_ONE:
		load_item(1, i);
		reply.X.t = 2;
		break;
	}
	L4_Set_MsgTag(reply);
	return true;
}

/* Answers with ReplyWait. A fault it keeps waits until the root thread's
 * word; then (answer_kept) the answer goes by Send, and the next wait has
 * a receive timeout, or the pager just waits again. */
static void fp_pager_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		bool kept = false;
		unsigned page = 0;
		if (L4_IpcSucceeded(tag) && fp_handle(tag, from, &kept, &page)) {
			tag = L4_ReplyWait(from, &from);
			continue;
		}
		if (kept && answer_kept) {
			L4_ThreadId_t client = from;
			L4_Receive(root_id);
			load_item(1, page);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
			L4_Send(client);
			tag = L4_Wait_Timeout(L4_TimePeriod(2000000), &from);
			continue;
		}
		if (kept)
			L4_Receive(root_id);
		tag = L4_Wait(&from);
	}
}

/* Reads the word at addr with known values in every general register
 * (EBP too) and stores them after the read: cdecl (addr, out[6]); the
 * value read is the return value. */
L4_Word_t fp_touch_regs(L4_Word_t addr, volatile L4_Word_t *out);
__asm__(".text\n"
        ".globl fp_touch_regs\n"
        "fp_touch_regs:\n\t"
        "pushl %ebp\n\t"
        "pushl %ebx\n\t"
        "pushl %esi\n\t"
        "pushl %edi\n\t"
        "movl 20(%esp), %ecx\n\t"
        "movl $0xA1A1, %eax\n\t"
        "movl $0xB2B2, %ebx\n\t"
        "movl $0xC3C3, %edx\n\t"
        "movl $0xD4D4, %esi\n\t"
        "movl $0xE5E5, %edi\n\t"
        "movl $0xF6F6, %ebp\n\t"
        "movl (%ecx), %ecx\n\t"
        "pushl %ecx\n\t"
        "movl 28(%esp), %ecx\n\t"
        "movl %eax, 0(%ecx)\n\t"
        "movl %ebx, 4(%ecx)\n\t"
        "movl %edx, 8(%ecx)\n\t"
        "movl %esi, 12(%ecx)\n\t"
        "movl %edi, 16(%ecx)\n\t"
        "movl %ebp, 20(%ecx)\n\t"
        "popl %eax\n\t"
        "popl %edi\n\t"
        "popl %esi\n\t"
        "popl %ebx\n\t"
        "popl %ebp\n\t"
        "ret\n");
static const L4_Word_t regs_magic[6] = { 0xA1A1, 0xB2B2, 0xC3C3, 0xD4D4, 0xE5E5, 0xF6F6 };

/* Once started, makes the test's pager its own; at the second message,
 * touches each page with known MRs, BR0 and registers. */
static void child(void)
{
	L4_Receive(root_id);
	L4_Set_PagerOf(L4_Myself(), fp_pager);
	L4_Receive(root_id);
	for (unsigned i = 0; i < NPAGE; i++) {
		for (int r = 1; r <= 3; r++)
			L4_LoadMR(r, MR_MAGIC + r);
		L4_LoadBR(0, BR_MAGIC);
		__asm__ __volatile__("" : : : "memory");
		read_back[i] = fp_touch_regs(child_page(i), regs_after[i]);
		__asm__ __volatile__("" : : : "memory");
		for (int r = 1; r <= 3; r++) {
			L4_Word_t w = 0;
			L4_StoreMR(r, &w);
			mrs_after[i][r - 1] = w;
		}
		L4_Word_t br = 0;
		L4_StoreBR(0, &br);
		br_after[i] = br;
		steps = i + 1;
	}
	L4_Sleep(L4_Never);
}

static bool wait_for(volatile unsigned *what, unsigned n)
{
	for (unsigned i = 0; *what < n && i < WAIT_LIMIT; i++)
		L4_Sleep(L4_TimePeriod(1000));
	return *what >= n;
}

/* Page 2's reply of two items strays from X.2 §7.3 (one item), which
 * leaves the thread undefined; the kernel still keeps MR0..2 (fault_ipc.c),
 * not the MR3 that the longer reply wrote. */
static bool check_page(unsigned i)
{
	EXPECT_EQ(read_back[i], 0xFB0000 + i);
	for (unsigned r = 0; r < (i == 2 ? 2 : 3); r++)
		EXPECT_EQ(mrs_after[i][r], MR_MAGIC + r + 1);
	EXPECT_EQ(br_after[i], BR_MAGIC);
	for (unsigned r = 0; r < 6; r++)
		EXPECT_EQ(regs_after[i][r], regs_magic[r]);
	return true;
}

static bool check_fault(unsigned k, unsigned page, L4_ThreadId_t c)
{
	EXPECT_EQ(fault_addr[k], child_page(page));
	EXPECT(L4_IsPagefaultLabel(fault_label[k]));
	EXPECT_EQ(L4_PagefaultRights(fault_label[k]), L4_Readable);
	EXPECT(in_root_image(fault_ip[k]));     /* the read in fp_touch_regs */
	EXPECT_EQ(fault_from[k], c.raw);
	return true;
}

static bool start_child(L4_ThreadId_t c)
{
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	return true;
}

/* The script's run once the child is started. */
static bool fp_run(L4_ThreadId_t c)
{
	EXPECT(start_child(c));
	/* Pages 0..4: two plain faults, a two-item reply that maps page 3,
	 * a plain fault; then page 5's fault, which the pager keeps. */
	EXPECT(wait_for(&steps, 5));
	EXPECT(wait_for(&nfault, 5));
	L4_Sleep(L4_TimePeriod(5000));
	EXPECT_EQ(steps, 5);
	EXPECT_EQ(nfault, 5);
	EXPECT(check_fault(0, 0, c) && check_fault(1, 1, c) && check_fault(2, 2, c));
	EXPECT(check_fault(3, 4, c) && check_fault(4, 5, c));
	for (unsigned i = 0; i < 5; i++)
		EXPECT(check_page(i));
	/* The pager answers page 5; pages 6 and 7 follow. */
	L4_LoadMR(0, 0);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = LABEL_GO } });
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(fp_pager, L4_TimePeriod(200000))));
	EXPECT(wait_for(&steps, NPAGE));
	EXPECT_EQ(nfault, nscript);
	EXPECT(check_fault(5, 6, c) && check_fault(6, 7, c));
	for (unsigned i = 5; i < NPAGE; i++)
		EXPECT(check_page(i));
	return true;
}

static void sleeper(void)
{
	L4_Sleep(L4_Never);
}

static bool fp_begin(const enum reply *r, unsigned n, bool answer)
{
	for (unsigned i = 0; i < NPAGE; i++)
		backing[i][0] = 0xFB0000 + i;
	script = r;
	nscript = n;
	answer_kept = answer;
	nfault = 0;
	steps = 0;
	fp_pager = thread_start(fp_pager_loop);
	EXPECT(!L4_IsNilThread(fp_pager));
	return true;
}

/* small: a small space lives beside the child throughout (every exit to
 * user mode then loads segments from descriptors: no sysexit). */
static bool fp_round(bool small)
{
	L4_ThreadId_t s = L4_nilthread;
	if (small) {
		s = small_start(sleeper, L4_SmallSpace(128, SMALL_MB));
		EXPECT(!L4_IsNilThread(s));
		EXPECT_EQ(small_of(s), L4_SmallSpace(128, SMALL_MB));
	}
	EXPECT(fp_begin(shapes_script, sizeof shapes_script / sizeof shapes_script[0], true));
	L4_ThreadId_t c = space_start(child);
	EXPECT(!L4_IsNilThread(c));
	bool ok = fp_run(c);
	EXPECT(space_kill(c));
	EXPECT(thread_kill(fp_pager));
	if (small)
		EXPECT(small_kill(s));
	return ok;
}

/* ---- a fault's wait ended by ExchangeRegisters ---------------------------- */

#define ABORTER_NO      990             /* thread number above the root's */
#define ABORTER_UTCB    (SPACE_UTCB_AREA + 0x200UL)
static L4_Word_t aborter_stack[1024] __attribute__((aligned(16)));
static volatile L4_ThreadId_t abort_target;

/* A second thread of the child's space (ExchangeRegisters stays within
 * one space, X.2 §2.3): at the root's word, aborts the child's receive
 * (its fault's wait) and starts it again, then says so. */
static void aborter(void)
{
	for (;;) {
		L4_Receive(root_id);
		L4_AbortReceive_and_stop(abort_target);
		L4_Start(abort_target);
		L4_LoadMR(0, 0);
		L4_Send(root_id);
	}
}

static bool abort_run(L4_ThreadId_t c, L4_ThreadId_t a)
{
	EXPECT(start_child(c));
	/* Page 0 answered; page 1's fault kept, its thread waiting. */
	EXPECT(wait_for(&steps, 1));
	EXPECT(wait_for(&nfault, 2));
	L4_Sleep(L4_TimePeriod(5000));
	EXPECT_EQ(steps, 1);
	EXPECT(check_fault(0, 0, c) && check_fault(1, 1, c));
	/* Its wait aborted: the fault is taken again and waits in the
	 * pager's queue (the pager waits for the root thread alone). */
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(a, L4_TimePeriod(200000))));
	EXPECT(L4_IpcSucceeded(L4_Receive_Timeout(a, L4_TimePeriod(200000))));
	L4_Sleep(L4_TimePeriod(5000));
	EXPECT_EQ(steps, 1);
	EXPECT_EQ(nfault, 2);
	L4_LoadMR(0, 0);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = LABEL_GO } });
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(fp_pager, L4_TimePeriod(200000))));
	EXPECT(wait_for(&steps, NPAGE));
	EXPECT_EQ(nfault, nscript);
	EXPECT(check_fault(2, 1, c));
	for (unsigned k = 3; k < nscript; k++)
		EXPECT(check_fault(k, k - 1, c));
	for (unsigned i = 0; i < NPAGE; i++)
		EXPECT(check_page(i));
	return true;
}

static bool test_faultpath_aborted(void)
{
	EXPECT(fp_begin(abort_script, sizeof abort_script / sizeof abort_script[0], false));
	L4_ThreadId_t c = space_start(child);
	EXPECT(!L4_IsNilThread(c));
	abort_target = c;
	L4_ThreadId_t a = L4_GlobalId(L4_ThreadNo(root_id) + ABORTER_NO, 1);
	bool made = L4_ThreadControl(a, c, root_id, pager_id, (void *)ABORTER_UTCB) &&
	            pager_start(a, pager_id, (L4_Word_t)aborter, (L4_Word_t)&aborter_stack[1024]);
	bool ok = made && abort_run(c, a);
	L4_ThreadControl(a, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	EXPECT(space_kill(c));
	EXPECT(thread_kill(fp_pager));
	EXPECT(made);
	return ok;
}

static bool test_faultpath_shapes(void)
{
	return fp_round(false);
}

static bool test_faultpath_small(void)
{
	return fp_round(true);
}

/* ---- a fault's pager deleted while the fault waits --------------------- */

static const enum reply gone_script[] = {
	FP_ONE,                 /* page 0 */
	FP_KEEP,                /* page 1: kept; then the pager is deleted */
};

/* The thread waiting on the short way is stopped, with the console line
 * (user_ipc_threads*.t require it), and nobody else is touched. */
static bool test_faultpath_pager_gone(void)
{
	EXPECT(fp_begin(gone_script, sizeof gone_script / sizeof gone_script[0], false));
	L4_ThreadId_t c = space_start(child);
	EXPECT(!L4_IsNilThread(c));
	EXPECT(start_child(c));
	EXPECT(wait_for(&steps, 1));
	EXPECT(wait_for(&nfault, 2));
	EXPECT(check_fault(1, 1, c));
	EXPECT(thread_kill(fp_pager));
	L4_Sleep(L4_TimePeriod(10000));
	EXPECT_EQ(steps, 1);
	EXPECT(check_page(0));
	EXPECT(space_kill(c));
	return true;
}

const struct test faultpath_tests[] = {
	{ "faultpath_shapes", "faults to a parked pager and their neighbours (two-item reply, a kept fault answered by Send, a pager's receive timeout): message, MRs, BR0, registers", test_faultpath_shapes },
	{ "faultpath_small", "the same script while a small space is live (the general path, exits by iret)", test_faultpath_small },
	{ "faultpath_aborted", "a fault's wait on the short way aborted by ExchangeRegisters: the thread takes the fault again, and its MRs, BR0 and registers survive", test_faultpath_aborted },
	{ "faultpath_pager_gone", "the pager deleted while a fault waits on the short way: the thread stops with the console line, nobody else is touched", test_faultpath_pager_gone },
	{ 0, 0, 0 },
};
