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

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

extern volatile uint32_t spurious_interrupts;
extern volatile uint32_t kernel_breakpoints;
