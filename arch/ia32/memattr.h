/* SPDX-License-Identifier: MIT */
/*
 * memattr.h: ia32 memory attributes (X.2 A.7) in page-table entries,
 * without PAT: write back (PCD = PWT = 0, also the default), write
 * through (PWT), uncacheable (PCD | PWT). Write combining and write
 * protected need PAT, which this kernel leaves off: they are refused.
 */
#pragma once
#include "../../kernel/space.h"

#define MEMATTR_DEFAULT        0
#define MEMATTR_WRITE_BACK     1
#define MEMATTR_WRITE_THROUGH  2
#define MEMATTR_UNCACHEABLE    4

/* Whether the attribute can be set on this machine. */
bool memattr_supported(word_t attr);
/* The attribute of the page-table entry of va in s (1, 2 or 4), or ~0
 * if nothing is mapped there. */
word_t memattr_get(struct space *s, word_t va);
/* Sets the attribute of the entry that maps va (a 4 KiB page, or the
 * whole 4 MiB superpage that holds va) and drops stale TLB entries;
 * nothing if va is unmapped. */
void memattr_set(struct space *s, word_t va, word_t attr);
/* After attributes changed: writes back and invalidates the caches, so
 * that no line cached under the old attribute outlives it. */
void memattr_caches_written_back(void);
