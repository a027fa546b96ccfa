// SPDX-License-Identifier: MIT
/*
 * misc.c: §6 miscellaneous: the ExceptionHandler TCR (§6.1). ProcessorControl
 * and MemoryControl refused to the unprivileged are in protocols.c; their
 * effects on a privileged caller are in README.md's list for later.
 */
#include "x2.h"

void x2_section_misc(void)
{
	L4_ThreadId_t old = L4_ExceptionHandler();
	L4_Set_ExceptionHandler(x2_pager);
	bool set = L4_ExceptionHandler().raw == x2_pager.raw;
	L4_Set_ExceptionHandler(old);
	x2_check(set && L4_ExceptionHandler().raw == old.raw,
	         "§6.1 ExceptionHandler TCR: set and read back, and restored");
}
