/* SPDX-License-Identifier: MIT */
/*
 * printf.c: formatted output for user programs (stdio.h). The kernel's
 * formatter (kernel/format.c, also linked into libl4.a) writes into a
 * buffer on the stack, which goes to the kernel debugger's console with
 * L4_KDB_PrintString whenever it fills, and at the end.
 */
#include <stdio.h>
#include <l4/kdebug.h>
#include "format.h"

struct out {
	char buf[256];
	unsigned len;
};

static void flush(struct out *o)
{
	if (o->len) {
		o->buf[o->len] = '\0';
		L4_KDB_PrintString(o->buf);
		o->len = 0;
	}
}

static void put(char c, void *arg)
{
	struct out *o = arg;
	/* A NUL would end the string early; the console has no use for it. */
	if (c == '\0')
		return;
	if (o->len == sizeof o->buf - 1)
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
	L4_KDB_PrintString(s);
	L4_KDB_PrintChar('\n');
	return 1;
}

int putchar(int c)
{
	L4_KDB_PrintChar((char)c);
	return (unsigned char)c;
}
