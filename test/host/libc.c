// SPDX-License-Identifier: MIT
/*
 * test/host/libc.c: libl4's stdlib.h number conversion and the string.h
 * functions of libl4/src/libc/string.c, on the host, against what C says.
 * Their names are renamed (l4_...) so that they do not replace the host's.
 */
#define strtol l4_strtol
#define strtoul l4_strtoul
#define atoi l4_atoi
#define atol l4_atol
#define abs l4_abs
#define labs l4_labs
#define memmove l4_memmove
#define memchr l4_memchr
#define strnlen l4_strnlen
#define strncmp l4_strncmp
#define strchr l4_strchr
#define strrchr l4_strrchr
#define strstr l4_strstr
#define strcpy l4_strcpy
#define strncpy l4_strncpy
#define strcat l4_strcat
#define strncat l4_strncat
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include "../../libl4/src/libc/stdlib.c"
#include "../../libl4/src/libc/string.c"
#include "tap.h"

/* The host's strlen and strcmp, which string.c uses, are not renamed. */
int main(void)
{
	char *end;
	is_uint(l4_strtoul("  0x1fZ", &end, 0), 0x1f, "strtoul: base 0, hex prefix");
	is_str(end, "Z", "... end after the digits");
	is_uint(l4_strtoul("0755", NULL, 0), 0755, "strtoul: base 0, octal");
	is_uint(l4_strtoul("ff", NULL, 16), 255, "strtoul: base 16 without prefix");
	is_uint(l4_strtoul("z", NULL, 36), 35, "strtoul: base 36");
	is_uint(l4_strtoul("99999999999", NULL, 10), ULONG_MAX, "strtoul: saturates");
	is_uint(l4_strtoul("-1", NULL, 10), ULONG_MAX, "strtoul: -1 is ULONG_MAX, as C says");
	const char *junk = "  +x";
	l4_strtoul(junk, &end, 10);
	ok(end == junk, "strtoul: no number, end = the string");
	l4_strtoul("0x", &end, 16);
	is_str(end, "x", "strtoul: \"0x\" is the number 0, end at the x");
	is_int(l4_strtol("-2147483648", NULL, 10), LONG_MIN, "strtol: LONG_MIN");
	is_int(l4_strtol("-9999999999", NULL, 10), LONG_MIN, "strtol: saturates below");
	is_int(l4_strtol("9999999999", NULL, 10), LONG_MAX, "strtol: saturates above");
	is_int(l4_atoi("\t-42abc"), -42, "atoi");
	is_int(l4_atol("123"), 123, "atol");
	ok(l4_abs(-5) == 5 && l4_abs(5) == 5 && l4_labs(-7L) == 7, "abs, labs");

	char buf[32] = "hello, world";
	is_str(l4_strrchr(buf, 'o'), "orld", "strrchr");
	ok(l4_strrchr(buf, 'q') == NULL && l4_strrchr(buf, 0) == buf + 12, "strrchr: none; NUL");
	is_str(l4_strstr(buf, "lo, w"), "lo, world", "strstr");
	ok(l4_strstr(buf, "worlds") == NULL && l4_strstr(buf, "") == buf, "strstr: none; empty");
	ok(l4_memchr(buf, 'w', 12) == buf + 7 && l4_memchr(buf, 'w', 7) == NULL, "memchr");
	char pad[8];
	memset(pad, 'x', sizeof pad);
	l4_strncpy(pad, "ab", 6);
	ok(!memcmp(pad, "ab\0\0\0\0xx", 8), "strncpy pads with NULs to n");
	l4_strncpy(pad, "abcdefgh", 4);
	ok(!memcmp(pad, "abcd\0\0xx", 8), "strncpy: no NUL when src is long");
	char cat[16] = "ab";
	l4_strcat(cat, "cd");
	l4_strncat(cat, "efgh", 2);
	is_str(cat, "abcdef", "strcat, strncat");
	l4_memmove(buf + 2, buf, 5);
	ok(!memcmp(buf, "hehelloworld", 13), "memmove: overlapping, forwards");
	l4_memmove(buf, buf + 2, 5);
	ok(!memcmp(buf, "helloloworld", 13), "memmove: overlapping, backwards");
	ok(l4_strncmp("abc", "abd", 2) == 0 && l4_strncmp("abc", "abd", 3) < 0 &&
	   l4_strnlen("abc", 2) == 2 && l4_strchr("abc", 'c')[0] == 'c', "strncmp, strnlen, strchr");
	return done_testing();
}
