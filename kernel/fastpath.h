/* SPDX-License-Identifier: MIT */
/* fastpath.h: the IPC fast path (fastpath.c); FASTPATH=0 compiles it out. */
#pragma once
#include <stdbool.h>
#include "abi.h"
#include "../arch/ia32/uctx.h"

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#endif

/* Tries the fast path for the current thread's Ipc (MR0 is in its user
 * context). Returns false if nothing was done and the general path must
 * run; otherwise it does not return: the CPU leaves for the partner. */
ARCH_REGCALL bool fastpath_ipc(word_t to, word_t from_spec, word_t timeouts);
