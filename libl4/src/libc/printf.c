/* SPDX-License-Identifier: MIT */
/*
 * printf.c: formatted output for user programs (stdio.h). The kernel's
 * formatter (kernel/format.c, also linked into libl4.a) writes into a
 * buffer on the stack, which goes to the console (l4/console.h: the
 * serial driver once the program has attached it, the kernel debugger
 * before) whenever it fills, and at the end.
 */
#include <stdio.h>
#include <l4/console.h>
#include "format.h"

struct out {
	char buf[256];
	unsigned len;
};

static void flush(struct out *o)
{
	if (o->len) {
		console_print(o->buf, o->len);
		o->len = 0;
	}
}

static void put(char c, void *arg)
{
	struct out *o = arg;
	/* A NUL would end the kernel debugger's string early; the console
	 * has no use for it. */
	if (c == '\0')
		return;
	if (o->len == sizeof o->buf)
		flush(o);
	o->buf[o->len++] = c;
}

int vprintf(const char *fmt, va_list ap)
{
	struct out o = { .len = 0 };
	int n = vformat(put, &o, fmt, ap);
	flush(&o);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	printf("%s\n", s);
	return 1;
}

int putchar(int c)
{
	char ch = (char)c;
	console_print(&ch, 1);
	return (unsigned char)c;
}
