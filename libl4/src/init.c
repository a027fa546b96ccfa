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

void *__L4_Ipc;
void *__L4_Lipc;
void *__L4_Unmap;
void *__L4_ExchangeRegisters;
void *__L4_SystemClock;
void *__L4_ThreadSwitch;
void *__L4_Schedule;
void *__L4_SpaceControl;
void *__L4_ThreadControl;
void *__L4_ProcessorControl;
void *__L4_MemoryControl;

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
