/* SPDX-License-Identifier: MIT */
/* fastpath.h: the IPC fast path (fastpath.c); FASTPATH=0 compiles it out. */
#pragma once
#include <stdbool.h>
#include "abi.h"

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#endif

/* Tries the fast path for the current thread's Ipc; false means nothing
 * was done and the general path must run. */
bool fastpath_ipc(word_t to, word_t from_spec, word_t timeouts, word_t mr0);
