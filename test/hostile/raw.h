/* SPDX-License-Identifier: MIT */
/*
 * raw.h: system calls for hostile tasks that have broken their own
 * environment (a null %gs, a strange %ds), where libl4's wrappers, which
 * find the UTCB through %gs:0, cannot be used: the IPC stub is entered
 * with every register given (A.2), the UTCB address passed in.
 */
#pragma once
#include <l4/ipc.h>

/* A send-only Ipc with tag mr0 (MR1.. already in utcb), never timing out. */
static inline void raw_send(L4_Word_t *utcb, L4_ThreadId_t to, L4_Word_t mr0)
{
	L4_Word_t eax = to.raw, ecx = 0, edx = L4_nilthread.raw, esi = mr0;
	__asm__ __volatile__("pushl %%ebp\n\tcall *__L4_Ipc\n\tpopl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi)
	                     : "D"(utcb) : "ebx", "memory", "cc");
}

/* A receive from nobody that never ends. */
static inline __attribute__((noreturn)) void raw_wait_forever(L4_Word_t *utcb)
{
	for (;;) {
		L4_Word_t eax = L4_nilthread.raw, ecx = 0, edx = L4_nilthread.raw, esi = 0;
		__asm__ __volatile__("pushl %%ebp\n\tcall *__L4_Ipc\n\tpopl %%ebp"
		                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi)
		                     : "D"(utcb) : "ebx", "memory", "cc");
	}
}

static inline unsigned short read_gs(void)
{
	unsigned short v;
	__asm__ __volatile__("mov %%gs, %0" : "=r"(v));
	return v;
}

static inline unsigned short read_ds(void)
{
	unsigned short v;
	__asm__ __volatile__("mov %%ds, %0" : "=r"(v));
	return v;
}
