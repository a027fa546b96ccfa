// SPDX-License-Identifier: MIT
/*
 * iofault.c: what an I/O fault reports (issue 21, items 6 and 8). The
 * kernel decodes the faulting IN/OUT to tell the pager which ports the
 * thread wants (A.4's IO-fault message). It must read the instruction
 * through the thread's own segments: a small space's EIP is an offset in
 * its slot, and read as a linear address in whatever page directory is
 * loaded it is another space's memory. And it must ask for every port the
 * access needs, or a 16- or 32-bit access whose first port is held faults
 * for ever. Ports 0x2E8..0x2EF (COM4, absent) come from sigma0 to the
 * suite and from there, by the tests' pager, to the children.
 */
#include "hostile.h"
#include "small.h"
#include <l4/arch.h>
#include <l4/ia32/ioport.h>

#define PORTS       0x2E8
#define CODE_VA     0x00800000UL        /* in the child only */
#define MAX_FAULTS  8

static struct {
	volatile L4_Word_t n, fpage[MAX_FAULTS], ip[MAX_FAULTS];
	volatile L4_Word_t exceptions;
} seen;
static volatile L4_Word_t child_done;
static L4_Word_t child_stack[1024] __attribute__((aligned(16)));
/* The child's code at CODE_VA: in ax, dx; ret. The suite has nothing
 * at CODE_VA; some other space may have anything there. */
static unsigned char code_page[4096] __attribute__((aligned(4096))) = { 0x66, 0xED, 0xC3 };

/* The image on demand, code_page at CODE_VA, and every I/O fault inside
 * the suite's ports answered with exactly the IO fpage it asks for (up to
 * MAX_FAULTS: a fault that never ends is left waiting). */
static bool io_pager_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                            L4_ThreadId_t from)
{
	(void)w3, (void)from;
	if (L4_IsPagefaultLabel(label)) {
		if ((w1 & ~0xFFFUL) == CODE_VA) {
			child_load_map((L4_Word_t)code_page, w1, L4_FullyAccessible);
			return true;
		}
		if (!in_root_image(w1))
			return false;
		child_load_map(w1 & ~0xFFFUL, w1, L4_FullyAccessible);
		return true;
	}
	if (!L4_IsIoPagefaultLabel(label)) {
		seen.exceptions++;
		return false;
	}
	L4_Fpage_t f = { .raw = w1 };
	if (seen.n == MAX_FAULTS || L4_IoFpagePort(f) < PORTS ||
	    L4_IoFpagePort(f) + L4_IoFpageSize(f) > PORTS + 8)
		return false;
	seen.fpage[seen.n] = w1;
	seen.ip[seen.n] = w2;
	seen.n++;
	L4_MapItem_t m = L4_MapItem(f, 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
	return true;
}

static void io_pager(void)
{
	pager_serve(io_pager_handle);
}

/* Runs fn in a new space (control: SpaceControl's word, A.5) paged by
 * io_pager, until it sets child_done or a second passes; then deletes it.
 * The suite holds the ports meanwhile. */
static bool run_child(void (*fn)(void), L4_Word_t control, L4_Word_t thread_offset)
{
	seen.n = seen.exceptions = child_done = 0;
	L4_Fpage_t got = L4_Sigma0_GetPage(L4_nilthread, L4_IoFpageLog2(PORTS, 3));
	L4_ThreadId_t pager = thread_start(io_pager);
	L4_ThreadId_t child = L4_GlobalId(L4_ThreadNo(root_id) + thread_offset, 1);
	bool started = L4_IsIoFpage(got) && !L4_IsNilThread(pager) &&
	               space_new_with(child, pager, (L4_Word_t)fn, (L4_Word_t)&child_stack[1024],
	                              control, SMALL_KIP, SMALL_UTCB);
	for (unsigned i = 0; started && i < 100 && !child_done; i++)
		L4_Sleep(L4_TimePeriod(10000));
	if (started)
		space_kill(child);
	if (!L4_IsNilThread(pager))
		thread_kill(pager);
	L4_Flush(L4_FpageAddRights(L4_IoFpageLog2(PORTS, 3), L4_FullyAccessible));
	return started;
}

/* Never returns: the exception it raises is left unanswered. No system
 * call here: a small space cannot reach the suite's system-call links. */
static void __attribute__((noreturn)) child_end(void)
{
	child_done = 1;
	for (;;)
		__asm__ __volatile__("ud2");
}

/* ---- a small space's instruction ---- */

static void small_child(void)
{
	L4_Word_t ax;
	__asm__ __volatile__("call *%2" : "=a"(ax) : "d"(PORTS), "r"(CODE_VA) : "memory", "ecx");
	child_end();
}

static bool test_small_space_decode(void)
{
	EXPECT(run_child(small_child, L4_SpaceControl_SetSmall | L4_SmallSpace(128, SMALL_MB), 710));
	EXPECT_EQ(child_done, 1);
	EXPECT_EQ(seen.n, 1);
	/* Its own bytes: a 16-bit in at DX, at its own IP. */
	EXPECT_EQ(seen.fpage[0], L4_IoFpageLog2(PORTS, 1).raw);
	EXPECT_EQ(seen.ip[0], CODE_VA);
	return true;
}

/* ---- a wide access whose first port is held ---- */

static void straddling_child(void)
{
	(void)l4_inb(PORTS + 1);                /* holds 0x2E9 only */
	__asm__ __volatile__("inw %%dx, %%ax" : : "d"(PORTS + 1) : "eax");
	__asm__ __volatile__("inl %%dx, %%eax" : : "d"(PORTS + 2) : "eax");
	child_end();
}

static bool test_straddling_access(void)
{
	EXPECT(run_child(straddling_child, 0, 720));
	EXPECT_EQ(child_done, 1);
	/* 0x2E9; then inw 0x2E9 wants 0x2EA; inl 0x2EA (0x2EA..0x2ED) wants
	 * 0x2EB, then 0x2EC/2: each fault an aligned IO fpage of ports the
	 * access touches and the thread lacks. */
	EXPECT_EQ(seen.n, 4);
	EXPECT_EQ(seen.fpage[0], L4_IoFpageLog2(PORTS + 1, 0).raw);
	EXPECT_EQ(seen.fpage[1], L4_IoFpageLog2(PORTS + 2, 0).raw);
	EXPECT_EQ(seen.fpage[2], L4_IoFpageLog2(PORTS + 3, 0).raw);
	EXPECT_EQ(seen.fpage[3], L4_IoFpageLog2(PORTS + 4, 1).raw);
	return true;
}

const struct test hostile_iofault_tests[] = {
	{ "small_space_io_decode",
	  "an in in a small space is decoded from the thread's own bytes (port, width, IP)",
	  test_small_space_decode },
	{ "straddling_io_access",
	  "a 16/32-bit in whose first port is held asks for the ports it lacks, and then succeeds",
	  test_straddling_access },
	{ 0 },
};
