// SPDX-License-Identifier: MIT
/*
 * tests_fault_call.c: the kernel's fault message to a pager, in the cases
 * its short way (kernel/ipc.c, ipc_fault_call: a pager in another space
 * that already waits for anythread or for the faulting thread) must leave
 * to the general one: a pager that waits for someone else when the fault
 * comes (the fault waits in its queue until it receives from anyone), and
 * a pager in the faulting thread's own space. In each case, and in the
 * short one beside them, the pager gets the X.2 fault message (§7.3: the
 * label with the access, MR1 the address, MR2 the IP, from the faulting
 * thread) and the thread's message registers are as before the fault.
 * The suite runs with and without the fast paths (user_ipc_threads.t,
 * ..._nofastpath.t) and in Bochs (..._bochs.t).
 */
#include "suite.h"
#include "spaces.h"

#define PAGE            4096UL
#define WAIT_LIMIT      200             /* x 1 ms */
#define MR_MAGIC        0x3A5E00UL      /* MR1..3 of the faulting thread: + 1..3 */
#define NFAULT          2

#define OWN_AT          (TEST_AREA + 0x380000UL)       /* the root's; nothing there */

/* The child's two pages (this image's, mapped by the test's pager). */
static L4_Word_t child_pages[NFAULT][PAGE / sizeof(L4_Word_t)] __attribute__((aligned(PAGE)));

/* What the pager saw of each fault, and what the faulting thread saw. */
static volatile unsigned nfault;
static volatile L4_Word_t fault_label[NFAULT], fault_addr[NFAULT], fault_ip[NFAULT];
static volatile L4_Word_t fault_from[NFAULT];       /* raw ids */
static volatile L4_Word_t mrs_after[NFAULT][3], read_back[NFAULT];
static volatile unsigned steps;
static L4_ThreadId_t call_pager;
static bool pager_by_tcr;               /* the child sets its Pager TCR itself */

/* The MRs are plain memory to the compiler: the barriers keep it from
 * moving the loads past the fault or reading back what it stored. */
static void load_magic(void)
{
	for (int i = 1; i <= 3; i++)
		L4_LoadMR(i, MR_MAGIC + i);
	__asm__ __volatile__("" : : : "memory");
}

static void store_mrs(volatile L4_Word_t *out)
{
	__asm__ __volatile__("" : : : "memory");
	for (int i = 1; i <= 3; i++) {
		L4_Word_t w = 0;
		L4_StoreMR(i, &w);
		out[i - 1] = w;
	}
}

static bool record(L4_Word_t label, L4_Word_t addr, L4_Word_t ip, L4_ThreadId_t from)
{
	unsigned k = nfault;
	if (!L4_IsPagefaultLabel(label) || k >= NFAULT)
		return false;
	fault_label[k] = label;
	fault_addr[k] = addr;
	fault_ip[k] = ip;
	fault_from[k] = from.raw;
	nfault = k + 1;
	return true;
}

/* ---- a pager in another space: waiting for someone else, then for anyone */

static bool call_handle(L4_Word_t label, L4_Word_t addr, L4_Word_t ip, L4_Word_t w3,
                        L4_ThreadId_t from)
{
	(void)w3;
	if (L4_IsPagefaultLabel(label) && in_root_image(addr) &&
	    (addr < (L4_Word_t)child_pages || addr >= (L4_Word_t)child_pages + sizeof child_pages)) {
		child_load_map(addr, addr, L4_FullyAccessible);  /* its code and stack */
		return true;
	}
	if (!record(label, addr, ip, from))
		return false;
	child_load_map(addr, addr, L4_FullyAccessible);
	return true;
}

/* Waits for the root thread alone first: a fault that comes now waits. */
static void call_pager_loop(void)
{
	L4_Receive(root_id);
	pager_serve(call_handle);
}

/* Makes the test's pager its own, then reads a word of each page; MR1..3
 * hold known words across each fault. */
static void child(void)
{
	L4_Receive(root_id);
	if (pager_by_tcr)
		L4_Set_Pager(call_pager);       /* §1.3: the TCR alone */
	else
		L4_Set_PagerOf(L4_Myself(), call_pager);
	L4_Receive(root_id);
	for (unsigned i = 0; i < NFAULT; i++) {
		load_magic();
		read_back[i] = *(volatile L4_Word_t *)child_pages[i];
		store_mrs(mrs_after[i]);
		steps = i + 1;
		if (i == 0)
			L4_Receive(root_id);    /* the second fault after the root says so */
	}
	L4_Sleep(L4_Never);
}

static bool wait_steps(unsigned n)
{
	for (unsigned i = 0; steps < n && i < WAIT_LIMIT; i++)
		L4_Sleep(L4_TimePeriod(1000));
	return steps >= n;
}

/* 'from' the faulting thread as the pager knows it: within one space by
 * its local id (X.2 §5.6), from another by its global id. */
static bool check_fault(unsigned k, L4_Word_t addr, L4_ThreadId_t from)
{
	EXPECT_EQ(fault_addr[k], addr);
	EXPECT(L4_IsPagefaultLabel(fault_label[k]));
	EXPECT_EQ(L4_PagefaultRights(fault_label[k]), L4_Readable);
	EXPECT(in_root_image(fault_ip[k]));     /* the read in child() or own_reader() */
	EXPECT_EQ(fault_from[k], from.raw);
	EXPECT_EQ(read_back[k], 0xFA0000 + k);
	for (unsigned i = 0; i < 3; i++)
		EXPECT_EQ(mrs_after[k][i], MR_MAGIC + i + 1);
	return true;
}

static bool fault_call_round(bool by_tcr)
{
	pager_by_tcr = by_tcr;
	for (unsigned i = 0; i < NFAULT; i++)
		child_pages[i][0] = 0xFA0000 + i;
	nfault = 0;
	steps = 0;
	call_pager = thread_start(call_pager_loop);
	EXPECT(!L4_IsNilThread(call_pager));
	L4_ThreadId_t c = space_start(child);
	EXPECT(!L4_IsNilThread(c));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	/* The child faults while its pager waits for the root thread alone:
	 * the fault waits in the pager's queue. */
	L4_Sleep(L4_TimePeriod(20000));
	EXPECT_EQ(steps, 0);
	EXPECT_EQ(nfault, 0);
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(call_pager, L4_TimePeriod(200000))));
	EXPECT(wait_steps(1));
	EXPECT(check_fault(0, (L4_Word_t)child_pages[0], c));
	/* Now the pager waits for anythread: the second fault goes to it
	 * directly (the short way where the kernel has it). */
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(c, L4_TimePeriod(200000))));
	EXPECT(wait_steps(2));
	EXPECT_EQ(nfault, 2);
	EXPECT(check_fault(1, (L4_Word_t)child_pages[1], c));
	EXPECT(space_kill(c));
	EXPECT(thread_kill(call_pager));
	return true;
}

static bool test_fault_call_queued(void)
{
	return fault_call_round(false);
}

/* The same with the pager set by the thread's own Set Pager (X.2 §1.3:
 * a TCR the thread writes; faults go where it says). */
static bool test_fault_pager_tcr(void)
{
	return fault_call_round(true);
}

/* ---- a pager in the faulting thread's own space ---------------------------- */

static L4_ThreadId_t own_pager;

static L4_Fpage_t own_fpage(void)
{
	return L4_FpageAddRights(L4_FpageLog2(OWN_AT, 12), L4_FullyAccessible);
}

/* Answers a fault at OWN_AT with a page from sigma0 there and a reply of
 * no words: a map item within one space would map nothing. */
static void own_pager_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t addr = 0, ip = 0;
		L4_StoreMR(1, &addr);
		L4_StoreMR(2, &ip);
		bool ours = L4_IpcSucceeded(tag) && (addr & ~(PAGE - 1)) == OWN_AT &&
		            record(L4_Label(tag), addr, ip, from) &&
		            !L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(OWN_AT, 12)));
		if (!ours) {
			tag = L4_Wait(&from);
			continue;
		}
		*(volatile L4_Word_t *)OWN_AT = 0xFA0000;
		L4_LoadMR(0, 0);
		tag = L4_ReplyWait(from, &from);
	}
}

static void own_reader(void)
{
	L4_Set_PagerOf(L4_Myself(), own_pager);
	load_magic();
	read_back[0] = *(volatile L4_Word_t *)OWN_AT;
	store_mrs(mrs_after[0]);
	steps = 1;
	L4_Sleep(L4_Never);
}

static bool test_fault_call_same_space(void)
{
	nfault = 0;
	steps = 0;
	own_pager = thread_start(own_pager_loop);
	EXPECT(!L4_IsNilThread(own_pager));
	L4_ThreadId_t r = thread_start(own_reader);
	EXPECT(!L4_IsNilThread(r));
	EXPECT(wait_steps(1));
	EXPECT_EQ(nfault, 1);
	EXPECT(check_fault(0, OWN_AT, L4_LocalIdOf(r)));
	EXPECT(thread_kill(r));
	EXPECT(thread_kill(own_pager));
	L4_Flush(own_fpage());                  /* the page back to sigma0's */
	return true;
}

const struct test fault_call_tests[] = {
	{ "fault_call_queued", "a fault while the pager waits for another thread waits for it; then one to a waiting pager; the message and the thread's MRs", test_fault_call_queued },
	{ "fault_pager_tcr", "a thread that sets its own Pager TCR (Set Pager) has its faults sent there", test_fault_pager_tcr },
	{ "fault_call_same_space", "a fault to a pager of the thread's own space (the general path): the message and the thread's MRs", test_fault_call_same_space },
	{ 0, 0, 0 },
};
