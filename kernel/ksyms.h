/* SPDX-License-Identifier: MIT */
/*
 * ksyms.h: the kernel's own symbol table, embedded at build time
 * (tools/gen-ksyms.sh, second link), for backtraces with function names.
 */
#pragma once
#include <stdint.h>

/* Name of the function containing addr and the offset into it, or NULL. */
const char *ksym_lookup(uint32_t addr, uint32_t *offset);
/* Address of a function by name, or 0. */
uint32_t ksym_address(const char *name);
