/* SPDX-License-Identifier: MIT */
/*
 * stdlib.c: number conversion and abs for stdlib.h, as C says: leading
 * white space, a sign, base 0 (a 0x prefix means 16, a leading 0 means 8)
 * or 2..36, end set to the first character not used (s itself if there
 * was no number). Out-of-range values saturate (no errno here).
 */
#include <stdlib.h>
#include <stdbool.h>
#include <limits.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }

static int digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* The magnitude of the number at s, saturated at max (then *over is set);
 * *neg its sign. */
static unsigned long convert(const char *s, char **end, int base, bool *neg, bool *over,
                             unsigned long max)
{
	const char *p = s;
	unsigned long v = 0;
	bool any = false;
	*over = false;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	*neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	if (base >= 2 && base <= 36) {
		for (; digit(*p) < base; p++) {
			unsigned long d = (unsigned long)digit(*p);
			if (v > (max - d) / (unsigned long)base)
				*over = true;
			else
				v = v * (unsigned long)base + d;
			any = true;
		}
	}
	if (end)
		*end = (char *)(any ? p : s);
	return *over ? max : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	bool neg, over;
	unsigned long v = convert(s, end, base, &neg, &over, ULONG_MAX);
	return over ? ULONG_MAX : neg ? -v : v;
}

long strtol(const char *s, char **end, int base)
{
	bool neg, over;
	unsigned long v = convert(s, end, base, &neg, &over, (unsigned long)LONG_MAX + 1);
	if (neg)
		return v > (unsigned long)LONG_MAX ? LONG_MIN : -(long)v;
	return v > (unsigned long)LONG_MAX ? LONG_MAX : (long)v;
}

long atol(const char *s) { return strtol(s, NULL, 10); }
int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
