// SPDX-License-Identifier: MIT
/*
 * tests_ctl.c: ProcessorControl (X.2 §6.3) and MemoryControl (§6.4, A.7),
 * through the real interface. The attributes a page-table entry got are
 * read back with the debugger call L4_KDB_PageAttribute (our extension),
 * and the pages are written and read through them.
 */
#include "spaces.h"
#include "suite.h"
#include <l4/misc.h>
#include <l4/arch.h>

#define LABEL_REPORT   0x4354          /* child -> root */
/* A 4 MiB region of our own from sigma0, for the superpage cases. */
#define CTL_SUPER_AREA 0x90000000UL

static void report(L4_Word_t a, L4_Word_t b)
{
	report_to_root(LABEL_REPORT, a, b);
}

/* Starts fn in a space of its own (unprivileged) and takes its report. */
static bool child_report(void (*fn)(void), L4_Word_t *a, L4_Word_t *b)
{
	L4_ThreadId_t child = space_start(fn);
	if (L4_IsNilThread(child))
		return false;
	L4_MsgTag_t tag = L4_Receive_Timeout(child, L4_TimePeriod(3000000));
	bool got = L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_REPORT;
	L4_StoreMR(1, a);
	L4_StoreMR(2, b);
	space_kill(child);
	return got;
}

/* ---- ProcessorControl ---------------------------------------------------- */

static void unprivileged_processor_control(void)
{
	L4_Word_t r = L4_ProcessorControl(0, ~0UL, ~0UL, ~0UL);
	report(r, L4_ErrorCode());
}

static bool test_processor_control(void)
{
	L4_ProcDesc_t *p = L4_ProcDesc(L4_GetKernelInterface(), 0);
	L4_Word_t internal = L4_ProcDescInternalFreq(p), external = L4_ProcDescExternalFreq(p);
	/* Nothing asked; the values it runs at already. */
	EXPECT_EQ(L4_ProcessorControl(0, ~0UL, ~0UL, ~0UL), 1);
	EXPECT_EQ(L4_ProcessorControl(0, internal, external, ~0UL), 1);
	/* No second processor; no other clock; no voltage control. */
	EXPECT_EQ(L4_ProcessorControl(1, ~0UL, ~0UL, ~0UL), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_ProcessorControl(0, internal / 2 + 1, ~0UL, ~0UL), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_ProcessorControl(0, ~0UL, external + 33000, ~0UL), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_ProcessorControl(0, ~0UL, ~0UL, 1200), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	EXPECT_EQ(L4_ProcessorControl(0, ~0UL, ~0UL, 0), 0);   /* "shut it down" */
	EXPECT_EQ(L4_ErrorCode(), 5);
	/* The KIP says what it said. */
	EXPECT_EQ(L4_ProcDescInternalFreq(p), internal);
	/* Another space is not privileged. */
	L4_Word_t r = 9, err = 0;
	EXPECT(child_report(unprivileged_processor_control, &r, &err));
	EXPECT_EQ(r, 0);
	EXPECT_EQ(err, 1);
	return true;
}

/* ---- MemoryControl -------------------------------------------------------- */

static L4_Fpage_t page_at(L4_Word_t addr, unsigned index)
{
	L4_Fpage_t f = L4_FpageLog2(addr, 12);
	f.raw |= index;                 /* the attribute word it takes */
	return f;
}

static void unprivileged_memory_control(void)
{
	static volatile L4_Word_t mine = 1;     /* a page of its own */
	L4_Word_t r = L4_Set_PageAttribute(L4_FpageLog2((L4_Word_t)&mine & ~0xFFFUL, 12),
	                                   L4_UncacheableMemory);
	report(r, L4_ErrorCode());
}

static bool test_memory_control(void)
{
	volatile L4_Word_t *p0 = test_page(0), *p1 = test_page(1);
	L4_Word_t a0 = (L4_Word_t)p0, a1 = (L4_Word_t)p1;
	EXPECT_EQ(L4_KDB_PageAttribute(a0), L4_WriteBackMemory);
	/* Uncacheable: the entry says so, and the page still holds what is
	 * written through it. */
	EXPECT_EQ(L4_Set_PageAttribute(L4_FpageLog2(a0, 12), L4_UncacheableMemory), 1);
	EXPECT_EQ(L4_KDB_PageAttribute(a0), L4_UncacheableMemory);
	EXPECT_EQ(L4_KDB_PageAttribute(a1), L4_WriteBackMemory);
	*p0 = 0xC0DE;
	EXPECT_EQ(*p0, 0xC0DE);
	/* Two fpages, each with its attribute word. */
	L4_Fpage_t two[2] = { page_at(a0, 1), page_at(a1, 0) };
	L4_Word_t attrs[4] = { L4_UncacheableMemory, L4_WriteThroughMemory, 77, 77 };
	EXPECT_EQ(L4_Set_PagesAttributes(2, two, attrs), 1);
	EXPECT_EQ(L4_KDB_PageAttribute(a0), L4_WriteThroughMemory);
	EXPECT_EQ(L4_KDB_PageAttribute(a1), L4_UncacheableMemory);
	*p1 = 0xD1CE;
	EXPECT_EQ(*p1, 0xD1CE);
	EXPECT_EQ(*p0, 0xC0DE);
	/* Unsupported attributes (write combining, write protected need PAT;
	 * 3 means nothing) fail the whole call and change nothing. */
	L4_Word_t bad[4] = { L4_DefaultMemory, L4_WriteCombiningMemory, L4_WriteProtectedMemory, 3 };
	for (unsigned i = 1; i < 4; i++) {
		L4_Fpage_t f[2] = { page_at(a0, 0), page_at(a1, i) };
		EXPECT_EQ(L4_Set_PagesAttributes(2, f, bad), 0);
		EXPECT_EQ(L4_ErrorCode(), 5);
		EXPECT_EQ(L4_KDB_PageAttribute(a0), L4_WriteThroughMemory);
	}
	/* Bits 2..3 of an fpage and bits above k in the control word are 0. */
	L4_Fpage_t odd = L4_FpageLog2(a0, 12);
	odd.raw |= 4;
	L4_LoadMR(0, odd.raw);
	EXPECT_EQ(L4_MemoryControl(0, attrs), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	L4_LoadMR(0, L4_FpageLog2(a0, 12).raw);
	EXPECT_EQ(L4_MemoryControl(0x40, attrs), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	/* An IO fpage has no memory attribute. */
	L4_LoadMR(0, L4_IoFpageLog2(0x70, 1).raw);
	EXPECT_EQ(L4_MemoryControl(0, attrs), 0);
	EXPECT_EQ(L4_ErrorCode(), 5);
	/* A nilpage is a no-op; so is an fpage where nothing is mapped. */
	EXPECT_EQ(L4_Set_PageAttribute(L4_Nilpage, L4_UncacheableMemory), 1);
	EXPECT_EQ(L4_Set_PageAttribute(L4_FpageLog2(0x70000000UL, 16), L4_UncacheableMemory), 1);
	EXPECT_EQ(L4_KDB_PageAttribute(0x70000000UL), ~0UL);
	/* The KIP and the UTCBs are the kernel's: left as they are. */
	L4_Word_t kip = (L4_Word_t)L4_GetKernelInterface();
	L4_Word_t utcb = (L4_Word_t)__L4_Utcb() & ~0xFFFUL;
	EXPECT_EQ(L4_Set_PageAttribute(L4_FpageLog2(kip, 12), L4_UncacheableMemory), 1);
	EXPECT_EQ(L4_Set_PageAttribute(L4_FpageLog2(utcb, 12), L4_UncacheableMemory), 1);
	EXPECT_EQ(L4_KDB_PageAttribute(kip), L4_WriteBackMemory);
	EXPECT_EQ(L4_KDB_PageAttribute(utcb), L4_WriteBackMemory);
	/* Back to the default. */
	L4_Fpage_t back[2] = { page_at(a0, 0), page_at(a1, 0) };
	L4_Word_t def[4] = { L4_DefaultMemory, 0, 0, 0 };
	EXPECT_EQ(L4_Set_PagesAttributes(2, back, def), 1);
	EXPECT_EQ(L4_KDB_PageAttribute(a0), L4_WriteBackMemory);
	EXPECT_EQ(L4_KDB_PageAttribute(a1), L4_WriteBackMemory);
	/* Another space is not privileged. */
	L4_Word_t r = 9, err = 0;
	EXPECT(child_report(unprivileged_memory_control, &r, &err));
	EXPECT_EQ(r, 0);
	EXPECT_EQ(err, 1);
	return true;
}

/* One 4 MiB entry has one attribute: an fpage of part of it is refused,
 * the whole of it is set. */
static bool test_memory_control_superpage(void)
{
	L4_Fpage_t big = L4_Sigma0_GetAny(L4_nilthread, 22, L4_FpageLog2(CTL_SUPER_AREA, 22));
	EXPECT(!L4_IsNilFpage(big));
	volatile L4_Word_t *w = (volatile L4_Word_t *)(CTL_SUPER_AREA + 0x201000);
	*w = 0x5EA;
	bool refused = L4_Set_PageAttribute(L4_FpageLog2(CTL_SUPER_AREA + 0x200000, 12),
	                                    L4_UncacheableMemory) == 0;
	L4_Word_t err = L4_ErrorCode();
	L4_Word_t after_refusal = L4_KDB_PageAttribute(CTL_SUPER_AREA + 0x200000);
	L4_Word_t whole = L4_Set_PageAttribute(L4_FpageLog2(CTL_SUPER_AREA, 22), L4_WriteThroughMemory);
	L4_Word_t first = L4_KDB_PageAttribute(CTL_SUPER_AREA), last = L4_KDB_PageAttribute(CTL_SUPER_AREA + 0x3FF000);
	L4_Word_t seen = *w;
	L4_Flush(L4_FpageAddRights(L4_FpageLog2(CTL_SUPER_AREA, 22), L4_FullyAccessible));
	EXPECT(refused);
	EXPECT_EQ(err, 5);
	EXPECT_EQ(after_refusal, L4_WriteBackMemory);
	EXPECT_EQ(whole, 1);
	EXPECT_EQ(first, L4_WriteThroughMemory);
	EXPECT_EQ(last, L4_WriteThroughMemory);
	EXPECT_EQ(seen, 0x5EA);
	return true;
}

const struct test ctl_tests[] = {
	{ "processor_control", "ProcessorControl: the KIP's frequencies accepted, other clocks, voltages and processors refused (5), unprivileged callers refused (1)", test_processor_control },
	{ "memory_control", "MemoryControl sets write-through and uncacheable page-table entries per attribute word, refuses unsupported attributes and bad words (5) and unprivileged callers (1), skips the KIP and UTCBs", test_memory_control },
	{ "memory_control_superpage", "MemoryControl on a 4 MiB superpage: part of it refused (5), the whole of it set", test_memory_control_superpage },
	{ 0, 0, 0 },
};
