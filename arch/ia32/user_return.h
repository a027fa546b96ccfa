/* SPDX-License-Identifier: MIT */
/*
 * user_return.h: the gate back to user mode, inline. Its common case
 * (nothing to schedule, a large space, EIP and ESP inside user space) is
 * a few compares on every system call and interrupt from user mode; the
 * rest is user_return_check (syscall.c).
 */
#pragma once
#include "trapframe.h"
#include "layout.h"
#include "../../kernel/kernel.h"
#include "../../kernel/sched.h"
#include "../../kernel/space.h"
#include "../../kernel/tcb.h"

static inline void user_return(struct trap_frame *f)
{
	if (!need_resched && !current->space->arch.small &&
	    f->eip < USER_LIMIT && f->user_esp <= USER_LIMIT)
		return;
	user_return_check(f);
}
