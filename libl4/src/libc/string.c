/* SPDX-License-Identifier: MIT */
/*
 * string.c: the string.h functions the kernel does not need. memset,
 * memcpy, memcmp, strlen and strcmp are the kernel's own (kernel/string.c
 * and, for memset and memcpy, arch/ia32/string.c: string moves), compiled
 * into libl4.a a second time, as format.c is.
 * Plain byte loops: the library is built with -fno-builtin and
 * -fno-tree-loop-distribute-patterns so that GCC does not turn memset's
 * own loop into a call to memset.
 */
#include <string.h>



void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}



size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}


int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	char *d = dst;
	while ((*d++ = *src++))
		;
	return dst;
}
