// SPDX-License-Identifier: MIT
/*
 * ports.c: the kernel's own I/O ports (issue 21, item 1). The kernel
 * drives the PICs, the PIT, COM1 and the emulators' exit ports; a task
 * that held the master PIC could move its vector base and turn the next
 * timer tick into a double fault. Nobody may hold them: sigma0 refuses
 * them (it reads the kernel's list from the KIP), the kernel maps the rest
 * of an IO fpage without them whoever sends it, and an access to one is
 * an exception, never an I/O fault a pager could resolve (A.4).
 */
#include "hostile.h"
#include <l4/arch.h>
#include <l4/kip.h>
#include <l4/ia32/ioport.h>

/* What an attacker asks sigma0 for: every range the kernel drives. */
static const struct { L4_Word_t port; int log2; } kernel_ranges[] = {
	{ 0x20, 1 },            /* master PIC */
	{ 0xA0, 1 },            /* slave PIC */
	{ 0x40, 2 },            /* PIT */
	{ 0x3F8, 3 },           /* COM1, the kernel's console */
	{ 0xF4, 2 },            /* QEMU isa-debug-exit */
	{ 0x8900, 0 },          /* Bochs shutdown */
};
#define NRANGES (sizeof kernel_ranges / sizeof kernel_ranges[0])

static volatile L4_Word_t granted, attack_passed;

/* Asks sigma0 for each range, then tries to move the master PIC's vector
 * base (ICW1..ICW2): the next tick would be vector 8, a double fault. */
static void pic_attacker(void)
{
	L4_Word_t n = 0;
	for (unsigned i = 0; i < NRANGES; i++) {
		L4_Fpage_t f = L4_Sigma0_GetPage(L4_nilthread,
		                                 L4_IoFpageLog2(kernel_ranges[i].port, kernel_ranges[i].log2));
		n += L4_IsIoFpage(f);
	}
	granted = n;
	L4_Set_ExceptionHandler(pager_id);      /* the #GP goes to the log */
	l4_outb(0x20, 0x11);
	l4_outb(0x21, 0x08);
	attack_passed = 1;
	hostile_report(n);
}

/* Is [port, port + 2^log2) inside one of the KIP's kernel-port ranges? */
static bool kip_lists(L4_Word_t port, int log2)
{
	void *kip = L4_GetKernelInterface();
	for (L4_Word_t i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
		L4_MemoryDesc_t *d = L4_MemoryDesc(kip, i);
		if (L4_MemoryDescType(d) == L4_KernelIoPortsMemoryDescType &&
		    L4_KernelIoPortsFirst(d) <= port &&
		    port + (1UL << log2) - 1 <= L4_KernelIoPortsLast(d))
			return true;
	}
	return false;
}

static bool test_sigma0_refuses(void)
{
	granted = ~0UL;
	attack_passed = 0;
	L4_Word_t r = hostile_run(pic_attacker, 500);
	EXPECT_EQ(granted, 0);
	EXPECT_EQ(attack_passed, 0);
	EXPECT_EQ(r, HOSTILE_SILENT);
	/* The out to 0x20 was an exception for the pager (its last message),
	 * not an I/O fault. */
	EXPECT_EQ(faults.label, L4_LABEL_ARCH_EXCEPTION);
	EXPECT_EQ(faults.vector, 13);
	/* Timer ticks still arrive: a timeout expires. */
	L4_Sleep(L4_TimePeriod(20000));
	for (unsigned i = 0; i < NRANGES; i++)
		EXPECT(kip_lists(kernel_ranges[i].port, kernel_ranges[i].log2));
	return true;
}

/* ---- a map that overlaps COM1 ---- */

#define FLOPPY  0x3F0           /* 0x3F0..0x3F7, next to COM1 */
static volatile L4_Word_t io_faults, com1_read;
static L4_ThreadId_t overlap_pager_id;
static L4_Word_t port_stack[1024] __attribute__((aligned(16)));

/* The child's pager: the image on demand, faults logged, and every I/O
 * fault answered with a map of 0x3F0/16 from the suite's own ports:
 * whatever the suite holds of it, COM1 included if it could. */
static bool overlap_pager_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                                 L4_ThreadId_t from)
{
	if (L4_IsPagefaultLabel(label) && in_root_image(w1)) {
		child_load_map(w1 & ~0xFFFUL, w1, L4_FullyAccessible);
		return true;
	}
	if (L4_IsIoPagefaultLabel(label)) {
		if (++io_faults > 8)
			return false;           /* a fault that never ends: stop */
		L4_MapItem_t m = L4_MapItem(L4_IoFpageLog2(FLOPPY, 4), 0);
		L4_LoadMR(1, m.raw[0]);
		L4_LoadMR(2, m.raw[1]);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
		return true;
	}
	faults_record(label, w1, w2, w3, from);
	return false;
}

static void overlap_pager(void)
{
	pager_serve(overlap_pager_handle);
}

static void com1_reader(void)
{
	L4_Set_ExceptionHandler(overlap_pager_id);
	(void)l4_inb(FLOPPY);
	(void)l4_inb(0x3FD);            /* COM1's line status */
	com1_read = 1;
	for (;;)
		L4_Sleep(L4_Never);
}

static bool test_map_overlapping_com1(void)
{
	/* sigma0 refuses a range with COM1 in it; the part without it is
	 * anyone's. */
	L4_Fpage_t big = L4_Sigma0_GetPage(L4_nilthread, L4_IoFpageLog2(FLOPPY, 4));
	L4_Fpage_t small = L4_Sigma0_GetPage(L4_nilthread, L4_IoFpageLog2(FLOPPY, 3));
	L4_ThreadId_t pager = overlap_pager_id = thread_start(overlap_pager);
	L4_ThreadId_t child = L4_GlobalId(L4_ThreadNo(root_id) + 700, 1);
	io_faults = com1_read = 0;
	L4_Word_t before = faults.count;
	bool started = !L4_IsNilThread(pager) &&
	               space_new(child, pager, (L4_Word_t)com1_reader, (L4_Word_t)&port_stack[1024]);
	for (unsigned i = 0; i < 50 && faults.count == before && !com1_read; i++)
		L4_Sleep(L4_TimePeriod(10000));
	L4_Word_t vector = faults.vector, n = io_faults;
	if (started)
		space_kill(child);
	if (!L4_IsNilThread(pager))
		thread_kill(pager);
	L4_Flush(L4_FpageAddRights(L4_IoFpageLog2(FLOPPY, 4), L4_FullyAccessible));
	EXPECT(!L4_IsIoFpage(big));
	EXPECT(L4_IsIoFpage(small));
	EXPECT(started);
	EXPECT_EQ(com1_read, 0);
	EXPECT_EQ(n, 1);                /* 0x3F0, once; 0x3FD is no I/O fault */
	EXPECT_EQ(faults.count, before + 1);
	EXPECT_EQ(vector, 13);
	return true;
}

const struct test hostile_port_tests[] = {
	{ "sigma0_refuses_kernel_ports",
	  "sigma0 refuses the PIC, PIT, COM1 and exit ports; an out to the PIC is a #GP; ticks go on",
	  test_sigma0_refuses },
	{ "map_overlapping_com1",
	  "an IO fpage over COM1 maps only the other ports; an access to COM1 is a #GP, not an I/O fault",
	  test_map_overlapping_com1 },
	{ 0 },
};
