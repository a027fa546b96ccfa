/* SPDX-License-Identifier: MIT */
/*
 * stdlib.h: the stdlib part of libl4's small C library for servers
 * (libl4/src/libc/): a heap allocator, number conversion, abs, exit and
 * abort.
 *
 * The heap is memory of the program's own space: a zero-filled array in
 * its bss (__l4_heap, page-aligned), so its pages come from the program's
 * pager on first touch, like every other page of the image, and no page is
 * touched before malloc reaches it. Its size is the most malloc can give:
 * L4_HEAP_DEFAULT_SIZE, or what the program sets with L4_HEAP(bytes) in one
 * of its files (at file scope). malloc returns NULL when it is used up.
 * Blocks are 16-byte aligned. Not thread-safe: one thread of a space
 * allocates, or the program serialises its calls.
 */
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {                    /* C names for C++ programs */
#endif

#define L4_HEAP_DEFAULT_SIZE (1024UL * 1024)

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
/* As C: the contents are kept up to the smaller size; size 0 frees p and
 * returns NULL; on failure p is left as it was. */
void *realloc(void *p, size_t size);

int abs(int x);
long labs(long x);
int atoi(const char *s);
long atol(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
/* What returning from main does (libl4/src/start.c): leaves the emulator
 * with the status if the program asked for that (l4/kdebug.h), else the
 * thread sleeps for ever. abort is exit(EXIT_FAILURE) after a message. */
void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));

/* The heap, defined by libl4 with L4_HEAP_DEFAULT_SIZE bytes unless the
 * program defines it with L4_HEAP. */
extern char __l4_heap[];
extern const size_t __l4_heap_size;

#ifdef __cplusplus
}
#define L4_HEAP(bytes) \
	extern "C" { char __l4_heap[(bytes)] __attribute__((aligned(4096))); \
	             extern const size_t __l4_heap_size = (bytes); }
#else
#define L4_HEAP(bytes) \
	char __l4_heap[(bytes)] __attribute__((aligned(4096))); \
	const size_t __l4_heap_size = (bytes)
#endif
