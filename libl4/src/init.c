/* SPDX-License-Identifier: MIT */
/*
 * init.c: the system-call links (manual §1.1, Appendix A.2). The KIP holds
 * each stub's address as an offset from the KIP base; L4_Init reads the
 * KIP through KernelInterface and stores the absolute addresses where the
 * stubs of l4/ia32/syscalls.h call through them. Until L4_Init runs, a
 * system call jumps to address 0 and faults.
 */
#include <l4/kip.h>
#include <l4/ia32/syscalls.h>

/* The links fill a page of their own (__L4_Links), shared with no other
 * variable, so that a pager can give a space that runs this program's
 * image with its KIP area elsewhere a copy of its own (a small space,
 * servers/root/tests_small.c). */
__asm__(".pushsection .bss.l4links, \"aw\", @nobits\n"
        ".balign 4096\n"
        ".globl __L4_Links\n"
        "__L4_Links:\n"
        ".globl __L4_Ipc\n__L4_Ipc: .skip 4\n"
        ".globl __L4_Lipc\n__L4_Lipc: .skip 4\n"
        ".globl __L4_Unmap\n__L4_Unmap: .skip 4\n"
        ".globl __L4_ExchangeRegisters\n__L4_ExchangeRegisters: .skip 4\n"
        ".globl __L4_SystemClock\n__L4_SystemClock: .skip 4\n"
        ".globl __L4_ThreadSwitch\n__L4_ThreadSwitch: .skip 4\n"
        ".globl __L4_Schedule\n__L4_Schedule: .skip 4\n"
        ".globl __L4_SpaceControl\n__L4_SpaceControl: .skip 4\n"
        ".globl __L4_ThreadControl\n__L4_ThreadControl: .skip 4\n"
        ".globl __L4_ProcessorControl\n__L4_ProcessorControl: .skip 4\n"
        ".globl __L4_MemoryControl\n__L4_MemoryControl: .skip 4\n"
        ".skip 4096 - 11 * 4\n"
        ".popsection");

void L4_Init(void)
{
	L4_KernelInterfacePage_t *kip = L4_GetKernelInterface();
	char *base = (char *)kip;

	__L4_Ipc = base + kip->Ipc;
	__L4_Lipc = base + kip->Lipc;
	__L4_Unmap = base + kip->Unmap;
	__L4_ExchangeRegisters = base + kip->ExchangeRegisters;
	__L4_SystemClock = base + kip->SystemClock;
	__L4_ThreadSwitch = base + kip->ThreadSwitch;
	__L4_Schedule = base + kip->Schedule;
	__L4_SpaceControl = base + kip->SpaceControl;
	__L4_ThreadControl = base + kip->ThreadControl;
	__L4_ProcessorControl = base + kip->ProcessorControl;
	__L4_MemoryControl = base + kip->MemoryControl;
}
