// SPDX-License-Identifier: MIT
/*
 * format.c: the formatter behind kprintf and snprintf. It never allocates
 * and never fails; an unknown conversion is printed literally so that a
 * mistake shows on the console instead of eating arguments silently.
 */
#include "format.h"
#include <stdint.h>

struct fmt_state {
	format_sink_t sink;
	void *arg;
	int count;
};

static void emit(struct fmt_state *st, char c)
{
	st->sink(c, st->arg);
	st->count++;
}

static void emit_padded(struct fmt_state *st, const char *s, int len,
                        int width, int left, char pad)
{
	int fill = width > len ? width - len : 0;
	if (!left && pad == '0' && len > 0 && s[0] == '-') {
		emit(st, '-');
		s++, len--;
	}
	if (!left)
		while (fill-- > 0)
			emit(st, pad);
	while (len-- > 0)
		emit(st, *s++);
	if (left)
		while (fill-- > 0)
			emit(st, ' ');
}

/* Writes v in the given base into the end of buf; returns the first digit. */
static char *utoa(char *end, unsigned long long v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;
	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	return p;
}

int vformat(format_sink_t sink, void *arg, const char *fmt, va_list ap)
{
	struct fmt_state st = { sink, arg, 0 };
	char buf[24];

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(&st, *fmt);
			continue;
		}
		const char *start = fmt++;
		int left = 0, width = 0, lng = 0;
		char pad = ' ';
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0)
				left = 1, width = -width;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			lng++, fmt++;
		if (left)
			pad = ' ';

		char *end = buf + sizeof buf, *p;
		unsigned long long u;
		long long s;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng >= 2 ? va_arg(ap, long long)
			  : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
			p = utoa(end, u, 10, 0);
			if (s < 0)
				*--p = '-';
			emit_padded(&st, p, (int)(end - p), width, left, pad);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng >= 2 ? va_arg(ap, unsigned long long)
			  : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			p = utoa(end, u, *fmt == 'u' ? 10 : 16, *fmt == 'X');
			emit_padded(&st, p, (int)(end - p), width, left, pad);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			p = utoa(end, u, 16, 0);
			while (end - p < (int)(2 * sizeof(void *)))
				*--p = '0';
			*--p = 'x';
			*--p = '0';
			emit_padded(&st, p, (int)(end - p), width, left, ' ');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			int len = 0;
			while (str[len])
				len++;
			emit_padded(&st, str, len, width, left, ' ');
			break;
		}
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			emit_padded(&st, buf, 1, width, left, ' ');
			break;
		case '%':
			emit(&st, '%');
			break;
		default:
			/* Unknown: print the whole directive as written. */
			for (const char *q = start; q <= fmt && *q; q++)
				emit(&st, *q);
			if (!*fmt)
				return st.count;
			break;
		}
	}
	return st.count;
}

struct buf_sink {
	char *buf;
	size_t size, pos;
};

static void buf_put(char c, void *arg)
{
	struct buf_sink *b = arg;
	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n = vformat(buf_put, &b, fmt, ap);
	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
