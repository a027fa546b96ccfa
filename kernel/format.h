/* SPDX-License-Identifier: MIT */
/*
 * format.h: printf-style formatting, independent of any output device, so
 * the same code serves the console and the host unit tests.
 * Conversions: %d %i %u %x %X %p %s %c %%, with flags '-' '0', a width,
 * '*' for width, and the 'l' / 'll' length modifiers.
 */
#pragma once
#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink_t)(char c, void *arg);

int vformat(format_sink_t sink, void *arg, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
