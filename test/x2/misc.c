// SPDX-License-Identifier: MIT
/*
 * misc.c: §6 miscellaneous: the ExceptionHandler TCR (§6.1), and
 * ProcessorControl (§6.3) and MemoryControl (§6.4, A.7) from a privileged
 * caller (we are the root task, §2.4). Their refusal to an unprivileged
 * space is in protocols.c.
 */
#include "x2.h"

static void exception_handler(void)
{
	L4_ThreadId_t old = L4_ExceptionHandler();
	L4_Set_ExceptionHandler(x2_pager);
	bool set = L4_ExceptionHandler().raw == x2_pager.raw;
	L4_Set_ExceptionHandler(old);
	x2_check(set && L4_ExceptionHandler().raw == old.raw,
	         "§6.1 ExceptionHandler TCR: set and read back, and restored");
}

static void processor_control(void)
{
	L4_ProcDesc_t *p = L4_ProcDesc(x2_kip, 0);
	L4_Word_t internal = L4_ProcDescInternalFreq(p), external = L4_ProcDescExternalFreq(p);
	x2_check(L4_ProcessorControl(0, ~0UL, ~0UL, ~0UL) == 1,
	         "§6.3 ProcessorControl (privileged): -1 everywhere changes nothing and succeeds");
	x2_check(L4_ProcessorControl(0, internal, external, ~0UL) == 1 &&
	         L4_ProcDescInternalFreq(p) == internal && L4_ProcDescExternalFreq(p) == external,
	         "§6.3 ProcessorControl: the frequencies the KIP shows are accepted, and the KIP still shows them");
	x2_skip("deviation: docs/x2-deviations.md, ProcessorControl (another frequency or a voltage: 5)",
	        "§6.3 ProcessorControl: setting another internal frequency");
}

static void memory_control(void)
{
	L4_Word_t page = x2_page();
	if (!page) {
		x2_skip("sigma0 gave no page", "§6.4 MemoryControl");
		return;
	}
	volatile L4_Word_t *w = (volatile L4_Word_t *)page;
	*w = 0x600D;
	x2_check(L4_Set_PageAttribute(L4_FpageLog2(page, 12), L4_WriteBackMemory) == 1 && *w == 0x600D,
	         "§6.4 / A.7 MemoryControl (privileged): a page of ours set to WriteBackMemory (result 1)");
	/* Two fpages, each naming its attribute word (a); a nilpage is a no-op. */
	L4_Fpage_t two[2] = { L4_FpageLog2(page, 12), L4_Nilpage };
	L4_Word_t attrs[4] = { L4_WriteBackMemory, L4_DefaultMemory, 0, 0 };
	two[0].raw |= 1;                        /* attribute1: default */
	x2_check(L4_Set_PagesAttributes(2, two, attrs) == 1 && *w == 0x600D,
	         "§6.4 MemoryControl: fpages choose their attribute word, a nilpage is a no-op; back to DefaultMemory");
	L4_Word_t bad[4] = { 0x7FFFFFF, 0, 0, 0 };
	L4_LoadMR(0, L4_FpageLog2(page, 12).raw);
	x2_check(L4_MemoryControl(0, bad) == 0 && L4_ErrorCode() == 5,
	         "§6.4 MemoryControl: an attribute the hardware does not have is invalid (ErrorCode 5)");
}

void x2_section_misc(void)
{
	exception_handler();
	processor_control();
	memory_control();
}
