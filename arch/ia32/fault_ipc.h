/* SPDX-License-Identifier: MIT */
/* fault_ipc.h: user page faults and exceptions as IPC to the thread's
 * pager and exception handler (X.2 §7.3, §7.5, Appendix A.8). */
#pragma once
#include <stdint.h>
#include "trapframe.h"

/* The current thread faulted at addr: Call its pager and retry. */
void pagefault_ipc(struct trap_frame *f, uint32_t addr);
/* The current thread raised exception f->vector: Call its handler. */
void exception_ipc(struct trap_frame *f);
