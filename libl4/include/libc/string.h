/* SPDX-License-Identifier: MIT */
/*
 * string.h: the string and memory functions of libl4's small C library
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
void *memchr(const void *s, int c, size_t n);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* As C: copies at most n bytes and pads with NULs; the result is not
 * terminated if src has n bytes or more. */
char *strncpy(char *__restrict dst, const char *__restrict src, size_t n);
char *strcat(char *__restrict dst, const char *__restrict src);
char *strncat(char *__restrict dst, const char *__restrict src, size_t n);

#ifdef __cplusplus
}
#endif
