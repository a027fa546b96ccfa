/* SPDX-License-Identifier: MIT */
/*
 * stdio.h: formatted output for user programs, to the console
 * (l4/console.h: the serial driver once attached, the kernel debugger
 * before). The formatter is the kernel's (kernel/format.c, compiled into
 * libl4.a): %d %i %u %x %X %p %s %c %%, flags '-' '0', a width or '*', and
 * the l / ll modifiers. printf formats into a buffer and prints it in
 * pieces of at most 256 characters.
 */
#pragma once
#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {                    /* C names for C++ programs */
#endif

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif
