// SPDX-License-Identifier: MIT
/*
 * string.c: the few C library functions a freestanding kernel needs.
 * memset and memcpy, which zero and copy whole pages, are the machine's
 * (arch/ia32/string.c: string moves).
 */
#include "kernel.h"

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
