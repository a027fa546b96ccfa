/* SPDX-License-Identifier: MIT */
/*
 * heap.c: the default heap for malloc (stdlib.h): L4_HEAP_DEFAULT_SIZE
 * bytes of bss. The linker takes this file from libl4.a only for a
 * program that calls malloc and defines no heap of its own (L4_HEAP).
 */
#include <stdlib.h>

char __l4_heap[L4_HEAP_DEFAULT_SIZE] __attribute__((aligned(4096)));
const size_t __l4_heap_size = L4_HEAP_DEFAULT_SIZE;
