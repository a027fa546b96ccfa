/* SPDX-License-Identifier: MIT */
/*
 * kernel.h: what every part of the kernel uses: console output, panic,
 * the kernel memory allocator and a few global counters.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "format.h"

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn, format(printf, 1, 2)))
void panic(const char *fmt, ...);

/* Prints "exit: success|failure" and leaves the machine. */
__attribute__((noreturn)) void kernel_exit(bool success);

/* Kernel memory: one zeroed 4 KiB frame, as a kernel-virtual pointer, or
 * NULL when kernel memory is exhausted (an error for the caller, never a
 * panic). */
void *kmem_alloc(void);
void kmem_free(void *p);
uint32_t kmem_free_frames(void);
uint32_t kmem_total_frames(void);

/*
 * Kernel memory has an owner (docs/architecture.md, "Kernel memory"): the
 * frames the kernel allocates for one address space (its page tables,
 * shadow tables, mapping nodes, UTCB pages) are charged to that space's
 * account, and refused once it reaches its limit, so that no space's
 * mappings can starve the others. The charge goes back when the frame
 * does. 'refused' counts refusals, for truthful fault reports.
 */
struct kmem_account {
	uint32_t used, limit;           /* frames */
	uint32_t refused;               /* mappings into the space refused */
};
#define KMEM_UNLIMITED  0xFFFFFFFFu

/* A frame charged to a (NULL: the kernel's own), or NULL when a is at its
 * limit or the pool is empty. */
void *kmem_alloc_for(struct kmem_account *a);
void kmem_free_for(struct kmem_account *a, void *p);
/* Whether a may take n more frames (its limit; the pool is not asked). */
static inline bool kmem_account_room(const struct kmem_account *a, uint32_t n)
{
	return a->limit == KMEM_UNLIMITED || (a->used <= a->limit && n <= a->limit - a->used);
}
/* The limit of a new unprivileged space: a quarter of the pool. */
uint32_t kmem_default_limit(void);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

extern volatile uint32_t spurious_interrupts;
extern volatile uint32_t kernel_breakpoints;
