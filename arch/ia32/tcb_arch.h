/* SPDX-License-Identifier: MIT */
/*
 * tcb_arch.h: the machine part of a TCB. The user context lives in the
 * trap frame at the top of the thread's kernel stack; only the kernel
 * stack pointer of a switched-out thread is kept here.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

struct tcb_arch {
	uint32_t ksp;           /* saved kernel esp while switched out */
	uint32_t gs_base;       /* user %gs base: the UTCB slot */
	bool need_iret;         /* leave by iret: EFLAGS were changed */
};
