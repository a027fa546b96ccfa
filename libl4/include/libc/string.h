/* SPDX-License-Identifier: MIT */
/*
 * string.h: the few string and memory functions of libl4's tiny C library
 * for user programs (libl4/src/libc/string.c). GCC may also emit calls to
 * memcpy, memmove and memset itself, so every program links them.
 */
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {                    /* C names for C++ programs */
#endif

void *memset(void *dst, int c, size_t n);
void *memcpy(void *__restrict dst, const void *__restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strcpy(char *__restrict dst, const char *__restrict src);

#ifdef __cplusplus
}
#endif
