/* SPDX-License-Identifier: MIT */
/* fault_ipc.h: user page faults and exceptions as IPC to the thread's
 * pager and exception handler (X.2 §7.3, §7.5, Appendix A.8). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "trapframe.h"
#include "../../kernel/tcb.h"
#include "../../kernel/mapdb.h"

/* A page fault's tag (X.2 §7.3: label -2, the access, two words) from
 * the CPU's error code: bit 1 says write; reads and fetches are one on
 * ia32 without NX, reported as r. */
static inline word_t pagefault_tag(uint32_t error)
{
	word_t access = (error & 2) ? RIGHT_W : RIGHT_R;
	return (word_t)0xFFE0u << 16 | access << 16 | 2;      /* -2 << 4 */
}

/* The current thread faulted at addr: Call its pager and retry. */
void pagefault_ipc(struct trap_frame *f, uint32_t addr);
/* The current thread raised exception f->vector: Call its handler. */
void exception_ipc(struct trap_frame *f);
/* The current thread touched 'port' (an access of 2^log2 ports) without
 * holding it: Call its pager with the IO-pagefault message (A.4), retry. */
void io_fault_ipc(struct trap_frame *f, uint32_t port, unsigned log2);
/* A preemption message (X.2 §7.4) from the current thread: a Call to its
 * scheduler (total quantum exhausted) or a send with timeout 0 to its
 * exception handler (a preemption fault). */
void preemption_ipc(struct trap_frame *f, bool to_scheduler);
/* A #GP from user mode: if it was an I/O instruction, sends the IO fault
 * (iofault.c) and returns true. */
bool io_fault(struct trap_frame *f);
/* The end of a fault's Call whose reply failed (ErrorCode says how):
 * the thread stops where retrying cannot help (no pager, a reply it
 * cannot receive), with the console line saying which; refused and empty
 * are its space's counters from before the Call (kernel.h). */
void fault_call_failed(struct tcb *self, const char *what, uint32_t addr, word_t refused,
                       word_t empty);
