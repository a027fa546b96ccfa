// SPDX-License-Identifier: MIT
/*
 * string.c: the kernel's memset and memcpy, with string moves: a word at
 * a time for the bulk, bytes for the tail. Page tables, shadow tables and
 * every frame kmem hands out are zeroed here, so this is on the path of
 * the first fault in a fresh 4 MiB region (docs/benchmarks.md,
 * first_fault_4m). The rest of the C library the kernel needs is generic
 * (kernel/string.c). The kernel is built with -fno-builtin and
 * -fno-tree-loop-distribute-patterns, so nothing here turns into a call
 * to itself (test/REGRESSIONS.md).
 */
#include "x86.h"
#include "../../kernel/kernel.h"

void *memset(void *d, int c, size_t n)
{
	uint32_t w = (uint8_t)c * 0x01010101u;
	rep_stosl(d, w, n >> 2);
	rep_stosb((char *)d + (n & ~3u), (uint8_t)c, n & 3);
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	rep_movsl(d, s, n >> 2);
	rep_movsb((char *)d + (n & ~3u), (const char *)s + (n & ~3u), n & 3);
	return d;
}
