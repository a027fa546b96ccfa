// SPDX-License-Identifier: MIT
/*
 * test/host/format.c: host unit tests for kernel/format.c (vformat,
 * vsnprintf, snprintf). Checks every conversion (%d %i %u %x %X %p %s %c
 * %%), the '-' and '0' flags, widths and '*', the l / ll modifiers, the
 * extremes (INT_MIN, LLONG_MIN, ULLONG_MAX), unknown conversions printed
 * literally, snprintf truncation (return value = untruncated length, no
 * byte written past the buffer), and, on glibc hosts, a randomized
 * cross-check of the integer, string and character conversions against the
 * C library's own vsnprintf.
 *
 * No <stdio.h> here: format.h declares snprintf/vsnprintf, and the kernel's
 * definitions are the ones linked into this program.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "format.h"
#include "tap.h"

/*
 * Calls go through volatile pointers so that GCC cannot treat them as its
 * builtin snprintf and fold them at compile time; the wrapper has no format
 * attribute so that deliberately bad directives compile under -Werror.
 */
static int (*volatile k_vsnprintf)(char *, size_t, const char *, va_list) = vsnprintf;
static int (*volatile k_snprintf)(char *, size_t, const char *, ...) = snprintf;
static int (*volatile k_vformat)(format_sink_t, void *, const char *, va_list) = vformat;

static char out[256];

static int fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	memset(out, 'X', sizeof out);
	int n = k_vsnprintf(out, sizeof out, f, ap);
	va_end(ap);
	return n;
}

/* One test per call: the output and the return value must both match. */
#define CHECK(want, f, ...)                                                   \
	do {                                                                  \
		int n_ = fmt(f, ##__VA_ARGS__);                               \
		is_str(out, want, "\"%s\" -> \"%s\"", f, want);              \
		is_int(n_, (int)strlen(want), "  return value of \"%s\"", f);  \
	} while (0)

static void test_signed(void)
{
	CHECK("0", "%d", 0);
	CHECK("42", "%d", 42);
	CHECK("-42", "%d", -42);
	CHECK("-7", "%i", -7);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-2147483648", "%i", INT_MIN);
	CHECK("-1", "%d", -1);
	CHECK("a1b-2c", "a%db%dc", 1, -2);
}

static void test_unsigned(void)
{
	CHECK("0", "%u", 0u);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("4294967295", "%u", -1);
	CHECK("deadbeef", "%x", 0xdeadbeefu);
	CHECK("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK("0", "%x", 0u);
	CHECK("ffffffff", "%x", UINT_MAX);
	CHECK("abcdef", "%x", 0xabcdefu);
	CHECK("ABCDEF", "%X", 0xabcdefu);
}

static void test_width_flags(void)
{
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("  -42", "%5d", -42);
	CHECK("-42  |", "%-5d|", -42);
	CHECK("    0", "%5d", 0);
	CHECK("00000", "%05d", 0);
	CHECK("0", "%0d", 0);
	CHECK("42   |", "%-05d|", 42);        /* '-' overrides '0' */
	CHECK("42   |", "%0-5d|", 42);
	CHECK("-2147483648", "%05d", INT_MIN); /* width below length */
	CHECK("-02147483648", "%012d", INT_MIN);
	CHECK("-2147483648 |", "%-12d|", INT_MIN);
	CHECK("12345", "%2d", 12345);          /* never truncates */
	CHECK("000000ff", "%08x", 0xffu);
	CHECK("      FF", "%8X", 0xffu);
	CHECK("ff      |", "%-8x|", 0xffu);
	CHECK("0000000000", "%010u", 0u);
	CHECK("4294967295", "%05u", UINT_MAX);
	CHECK("                              7", "%31d", 7);
}

static void test_star(void)
{
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42);       /* negative width = '-' flag */
	CHECK("42   |", "%-*d|", 5, 42);
	CHECK("-0003", "%0*d", 5, -3);
	CHECK("42", "%*d", 0, 42);
	CHECK("    ab", "%*s", 6, "ab");
	CHECK("ab    |", "%*s|", -6, "ab");
	CHECK("  x 9", "%*c %d", 3, 'x', 9);   /* '*' consumes exactly one int */
}

static void test_long(void)
{
	CHECK("-2147483648", "%ld", (long)INT_MIN);
	CHECK("2147483647", "%li", (long)INT_MAX);
	CHECK("4294967295", "%lu", (unsigned long)UINT_MAX);
	CHECK("cafe", "%lx", 0xcafeul);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("9223372036854775807", "%lld", LLONG_MAX);
	CHECK("-9223372036854775808", "%lli", LLONG_MIN);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
	CHECK("123456789ABCDEF0", "%llX", 0x123456789abcdef0ull);
	CHECK("4294967296", "%llu", 1ull << 32);
	CHECK("0", "%lld", 0ll);
	CHECK("18446744073709551615", "%20llu", ULLONG_MAX);
	CHECK("0018446744073709551615", "%022llu", ULLONG_MAX);
	CHECK("-0009223372036854775808", "%023lld", LLONG_MIN);
	CHECK("-9223372036854775808   |", "%-23lld|", LLONG_MIN);
	/* ll must consume exactly 8 bytes of arguments, l and none 4. */
	CHECK("1099511627776 7", "%lld %d", 1ll << 40, 7);
	CHECK("7 1099511627776 -1", "%ld %llu %d", 7l, 1ull << 40, -1);
	CHECK("-1 ffffffff 1", "%lld %x %d", -1ll, UINT_MAX, 1);
}

static void test_strings_chars(void)
{
	CHECK("hello", "%s", "hello");
	CHECK("", "%s", "");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("  (null)", "%8s", (char *)NULL);
	CHECK("(null)  |", "%-8s|", (char *)NULL);
	CHECK("   hi", "%5s", "hi");
	CHECK("hi   |", "%-5s|", "hi");
	CHECK("abcdef", "%3s", "abcdef");      /* no precision: never cut */
	CHECK("[a][b c]", "[%s][%s]", "a", "b c");
	CHECK("A", "%c", 'A');
	CHECK("  A", "%3c", 'A');
	CHECK("A  |", "%-3c|", 'A');
	CHECK("xyz", "%c%c%c", 'x', 'y', 'z');
	CHECK("%", "%%");
	CHECK("100%", "100%%");
	CHECK("%d", "%%d");
	CHECK("50% of 8", "%d%% of %u", 50, 8u);

	/* %c of NUL emits a NUL byte, counted in the return value. */
	int n = fmt("a%cb", 0);
	is_int(n, 3, "\"a%%cb\" with NUL: returns 3");
	ok(out[0] == 'a' && out[1] == '\0' && out[2] == 'b' && out[3] == '\0',
	   "\"a%%cb\" with NUL: bytes a, NUL, b, NUL");
}

static void test_pointer(void)
{
	CHECK("0x00000000", "%p", (void *)0);
	CHECK("0xdeadbeef", "%p", (void *)0xdeadbeefu);
	CHECK("0x00001234", "%p", (void *)0x1234u);
	CHECK("0x00001234  |", "%-12p|", (void *)0x1234u);
	CHECK("0x00001234", "%4p", (void *)0x1234u);
	int n = fmt("%12p", (void *)0x1234u);
	is_int(n, 12, "\"%%12p\" returns 12");
	is_str(out, "  0x00001234", "\"%%12p\" -> \"  0x00001234\"");
}

static void test_unknown(void)
{
	CHECK("%q", "%q");
	CHECK("a%qb", "a%qb");
	CHECK("%5q", "%5q");
	CHECK("%-08q", "%-08q");
	CHECK("%lq", "%lq");
	CHECK("%llq", "%llq");
	CHECK("%.3d", "%.3d", 5);              /* no precision support */
	CHECK("%q 5", "%q %d", 5);             /* does not eat an argument */
	CHECK("%", "%");                       /* lone '%' at the end */
	CHECK("abc%", "abc%");
	CHECK("x%-5", "x%-5");
	CHECK("%l", "%l");
	CHECK("%hd", "%hd", 1);                /* h is unsupported */
	CHECK("", "");
	CHECK("plain text", "plain text");
}

/* --- snprintf itself: truncation, NUL termination, return values --- */

static void test_truncation(void)
{
	char b[32];
	int n;

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 6, "hello world");
	is_int(n, 11, "snprintf size 6: returns full length 11");
	is_str(b, "hello", "snprintf size 6: \"hello\" and NUL");
	ok(b[6] == 'X' && b[7] == 'X', "snprintf size 6: nothing written past the buffer");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 6, "hello");
	is_int(n, 5, "snprintf exact fit: returns 5");
	is_str(b, "hello", "snprintf exact fit: whole string");
	ok(b[6] == 'X', "snprintf exact fit: nothing past the NUL");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 5, "hello");
	is_int(n, 5, "snprintf one short: returns 5");
	is_str(b, "hell", "snprintf one short: last char dropped for the NUL");
	ok(b[5] == 'X', "snprintf one short: nothing written at b[5]");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 1, "hello %d", 42);
	is_int(n, 8, "snprintf size 1: returns 8");
	ok(b[0] == '\0' && b[1] == 'X', "snprintf size 1: only a NUL");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 0, "hello %d", 42);
	is_int(n, 8, "snprintf size 0: returns 8");
	ok(b[0] == 'X', "snprintf size 0: buffer untouched");

	n = k_snprintf(NULL, 0, "%s=%lld", "key", LLONG_MIN);
	is_int(n, 24, "snprintf(NULL, 0, ...) measures without writing");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 4, "%d", 123456);
	is_int(n, 6, "truncated number: returns 6");
	is_str(b, "123", "truncated number: first 3 digits");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 8, "%-10s|", "ab");
	is_int(n, 11, "truncated padding: returns 11");
	is_str(b, "ab     ", "truncated padding: 7 chars");
	ok(b[8] == 'X', "truncated padding: nothing written at b[8]");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, 3, "%q%%");
	is_int(n, 3, "truncated unknown conversion: returns 3");
	is_str(b, "%q", "truncated unknown conversion: \"%%q\"");

	memset(b, 'X', sizeof b);
	n = k_snprintf(b, sizeof b, "%d:%s:%c:%x", -5, "s", 'c', 255u);
	is_int(n, 9, "snprintf several conversions: returns 9");
	is_str(b, "-5:s:c:ff", "snprintf several conversions: text");
}

/* --- vformat with a caller's sink --- */

struct rec {
	char s[64];
	int n;
};

static void rec_sink(char c, void *arg)
{
	struct rec *r = arg;
	if (r->n < (int)sizeof r->s)
		r->s[r->n] = c;
	r->n++;
}

static int vf(struct rec *r, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	memset(r, 0, sizeof *r);
	int n = k_vformat(rec_sink, r, f, ap);
	va_end(ap);
	return n;
}

static void test_vformat(void)
{
	struct rec r;
	int n = vf(&r, "[%05d|%-4s|%X]", -12, "ab", 0xabcu);
	is_int(n, 16, "vformat returns the number of characters");
	is_int(r.n, 16, "vformat calls the sink once per character");
	ok(memcmp(r.s, "[-0012|ab  |ABC]", 16) == 0, "vformat sink text");

	n = vf(&r, "");
	is_int(n + r.n, 0, "vformat of \"\" never calls the sink");

	n = vf(&r, "%c", 0);
	ok(n == 1 && r.n == 1 && r.s[0] == '\0', "vformat passes a NUL from %%c to the sink");

	/* The sink sees the whole output even where snprintf would cut it. */
	n = vf(&r, "%40d", 1);
	ok(n == 40 && r.n == 40 && r.s[38] == ' ' && r.s[39] == '1',
	   "vformat width 40: 40 sink calls, right-aligned");
}

/* --- randomized cross-check with the host C library --- */

#ifdef __GLIBC__
/* glibc's implementation, under its exported alias (format.h's vsnprintf is
 * the kernel's in this program). */
extern int __vsnprintf(char *, size_t, const char *, va_list);

static int ref(char *b, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = __vsnprintf(b, size, f, ap);
	va_end(ap);
	return n;
}

static int mine(char *b, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = k_vsnprintf(b, size, f, ap);
	va_end(ap);
	return n;
}

static long long rand_value(void)
{
	switch (tap_rand(6)) {
	case 0: return 0;
	case 1: return (long long)tap_rand(20) - 10;
	case 2: return (long long)(int)tap_rand64();
	case 3: return (long long)tap_rand64();
	case 4: { static const long long e[] = { INT_MIN, INT_MAX, UINT_MAX,
	          LLONG_MIN, LLONG_MAX, -1, 1ll << 32, (1ll << 31) };
		return e[tap_rand(8)]; }
	default: return (long long)(tap_rand64() >> tap_rand(64));
	}
}

static void test_cross_check(void)
{
	static const char *const flags[] = { "", "-", "0", "-0", "0-" };
	static const char *const lens[] = { "", "l", "ll" };
	static const char convs[] = "diuxX";
	static const char *const strs[] = { "", "a", "hello", "with space", "0123456789abcdef" };
	unsigned mismatches = 0, cases = 0;

	tap_srand(20240601);
	for (int i = 0; i < 5000; i++) {
		char f[32], a[128], b[128];
		int fl = (int)tap_rand(5);
		int star = tap_rand(4) == 0;
		int width = tap_rand(3) ? (int)tap_rand(26) : -1;   /* -1: none */
		int sw = (int)tap_rand(51) - 25;
		int kind = (int)tap_rand(10);
		size_t size = tap_rand(5) == 0 ? tap_rand(12) : sizeof a;
		int n1, n2;
		char *p = f;

		*p++ = 'x';
		*p++ = '%';
		for (const char *q = flags[fl]; *q; q++)
			*p++ = *q;
		if (star)
			*p++ = '*';
		else if (width >= 0) {
			if (width >= 10)
				*p++ = (char)('0' + width / 10);
			*p++ = (char)('0' + width % 10);
		}

		memset(a, 'Z', sizeof a);
		memset(b, 'Z', sizeof b);
		if (kind < 8) {
			int ln = (int)tap_rand(3);
			char c = convs[tap_rand(5)];
			for (const char *q = lens[ln]; *q; q++)
				*p++ = *q;
			*p++ = c;
			*p++ = '|';
			*p = '\0';
			long long v = rand_value();
			if (ln == 2) {
				n1 = star ? mine(a, size, f, sw, v) : mine(a, size, f, v);
				n2 = star ? ref(b, size, f, sw, v) : ref(b, size, f, v);
			} else {
				int v32 = (int)v;
				n1 = star ? mine(a, size, f, sw, v32) : mine(a, size, f, v32);
				n2 = star ? ref(b, size, f, sw, v32) : ref(b, size, f, v32);
			}
		} else {
			/* '0' with %s / %c is undefined in C: drop it. */
			p = f + 2;
			if (fl == 1 || fl == 3 || fl == 4)
				*p++ = '-';
			if (star)
				*p++ = '*';
			else if (width >= 0) {
				if (width >= 10)
					*p++ = (char)('0' + width / 10);
				*p++ = (char)('0' + width % 10);
			}
			if (kind == 8) {
				*p++ = 's';
				*p++ = '|';
				*p = '\0';
				const char *s = strs[tap_rand(5)];
				n1 = star ? mine(a, size, f, sw, s) : mine(a, size, f, s);
				n2 = star ? ref(b, size, f, sw, s) : ref(b, size, f, s);
			} else {
				*p++ = 'c';
				*p++ = '|';
				*p = '\0';
				int c = 'A' + (int)tap_rand(26);
				n1 = star ? mine(a, size, f, sw, c) : mine(a, size, f, c);
				n2 = star ? ref(b, size, f, sw, c) : ref(b, size, f, c);
			}
		}
		cases++;
		if (n1 != n2 || memcmp(a, b, sizeof a) != 0) {
			if (++mismatches <= 5)
				diag("mismatch: format \"%s\" size %u: kernel %d \"%s\", libc %d \"%s\"",
				     f, (unsigned)size, n1, size ? a : "", n2, size ? b : "");
		}
	}
	is_int(mismatches, 0, "%u random directives agree with the C library, byte for byte", cases);
}
#endif

int main(void)
{
	test_signed();
	test_unsigned();
	test_width_flags();
	test_star();
	test_long();
	test_strings_chars();
	test_pointer();
	test_unknown();
	test_truncation();
	test_vformat();
#ifdef __GLIBC__
	test_cross_check();
#endif
	return done_testing();
}
