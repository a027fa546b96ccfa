/* SPDX-License-Identifier: MIT */
/*
 * syscall_list.h: the one list of system calls. X(name, vector, kip_link)
 * drives the KIP stubs and links (kipstubs.c), the trap-gate dispatch
 * (syscall.c) and the gates opened to user mode. Ipc and Lipc enter by
 * sysenter when the CPU has it; every call also has its trap-gate vector.
 */
#pragma once
#include "../../kernel/kip.h"

#define SYSCALL_LIST(X) \
	X(ipc,                0x30, KIP_IPC) \
	X(lipc,               0x31, KIP_LIPC) \
	X(unmap,              0x32, KIP_UNMAP) \
	X(exchange_registers, 0x33, KIP_EXCHANGE_REGS) \
	X(system_clock,       0x34, KIP_SYSTEM_CLOCK) \
	X(thread_switch,      0x35, KIP_THREAD_SWITCH) \
	X(schedule,           0x36, KIP_SCHEDULE) \
	X(space_control,      0x37, KIP_SPACE_CONTROL) \
	X(thread_control,     0x38, KIP_THREAD_CONTROL) \
	X(processor_control,  0x39, KIP_PROCESSOR_CTRL) \
	X(memory_control,     0x3A, KIP_MEMORY_CONTROL)

#define SYSCALL_VECTOR_FIRST 0x30
#define SYSCALL_VECTOR_LAST  0x3A
#define SYSENTER_VECTOR      0x100      /* marks a frame built by sysenter */
