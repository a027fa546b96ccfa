/* SPDX-License-Identifier: MIT */
/* fastpath.h: the IPC fast path (fastpath.c); FASTPATH=0 compiles it out. */
#pragma once
#include <stdbool.h>
#include "abi.h"
#include "../arch/ia32/uctx.h"

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#endif

/* The current thread's Ipc (MR0 is in its user context), called at entry.
 * Does not return: it either leaves for the partner or, having done
 * nothing, runs the general path (arch_ipc_general_path). */
ARCH_REGCALL __attribute__((noreturn))
void fastpath_ipc(word_t to, word_t from_spec, word_t timeouts);
