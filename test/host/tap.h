// SPDX-License-Identifier: MIT
/*
 * tap.h: a tiny TAP (Test Anything Protocol) producer for the host unit
 * tests. Header-only; each test program includes it once.
 *
 *   ok(cond, name, ...)            one test; name is printf-like
 *   is_int(got, want, name, ...)   signed comparison, diagnostics on failure
 *   is_uint(got, want, name, ...)  unsigned comparison (shown in hex too)
 *   is_str(got, want, name, ...)   string comparison (NULL allowed)
 *   is_field(u, field, value, bits, name, ...)  where a bitfield lies: sets
 *                                  u.field = value in an all-zero u and
 *                                  compares u.raw with bits
 *   diag(fmt, ...)                 a '# ' comment line
 *   todo_start(reason) / todo_end()  tests in between are TODO: a failure
 *                                  prints "not ok N - name # TODO reason"
 *                                  and does not fail the suite
 *   return done_testing();         prints the plan "1..N", returns the
 *                                  exit status (nonzero if any non-TODO
 *                                  test failed)
 *
 * Output goes through write(2) and a private formatter (%d %u %x %s %c %%
 * with l / ll), never through stdio: the format test links the kernel's own
 * snprintf/vsnprintf, which must not be the thing that reports on itself.
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

static int tap_run, tap_failed, tap_todo_failed;
static const char *tap_todo;

struct tap_buf {
	char b[2048];
	size_t n;
};

static inline void tap_putc(struct tap_buf *t, char c)
{
	if (t->n + 1 < sizeof t->b)
		t->b[t->n++] = c;
}

static inline void tap_puts(struct tap_buf *t, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		tap_putc(t, *s++);
}

static inline void tap_putu(struct tap_buf *t, unsigned long long v, unsigned base)
{
	char d[24];
	int i = 0;
	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		tap_putc(t, d[--i]);
}

static inline void tap_vfmt(struct tap_buf *t, const char *f, va_list ap)
{
	for (; *f; f++) {
		if (*f != '%') {
			tap_putc(t, *f);
			continue;
		}
		int lng = 0;
		f++;
		while (*f == 'l')
			lng++, f++;
		switch (*f) {
		case 'd':
		case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long)
			            : lng ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0)
				tap_putc(t, '-');
			tap_putu(t, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long)
			                     : lng ? va_arg(ap, unsigned long)
			                     : va_arg(ap, unsigned);
			tap_putu(t, v, *f == 'u' ? 10 : 16);
			break;
		}
		case 's':
			tap_puts(t, va_arg(ap, const char *));
			break;
		case 'c':
			tap_putc(t, (char)va_arg(ap, int));
			break;
		case '%':
			tap_putc(t, '%');
			break;
		case '\0':
			return;
		default:
			tap_putc(t, '%');
			tap_putc(t, *f);
			break;
		}
	}
}

static inline void tap_flush(struct tap_buf *t)
{
	size_t off = 0;
	while (off < t->n) {
		ssize_t w = write(1, t->b + off, t->n - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	t->n = 0;
}

/* Writes one or more '# ' comment lines (splitting on newlines). */
static inline TAP_PRINTF(1, 2) void diag(const char *fmt, ...)
{
	struct tap_buf msg = { { 0 }, 0 }, out = { { 0 }, 0 };
	va_list ap;
	va_start(ap, fmt);
	tap_vfmt(&msg, fmt, ap);
	va_end(ap);
	msg.b[msg.n] = '\0';
	tap_puts(&out, "# ");
	for (size_t i = 0; i < msg.n; i++) {
		tap_putc(&out, msg.b[i]);
		if (msg.b[i] == '\n' && i + 1 < msg.n)
			tap_puts(&out, "# ");
	}
	if (!msg.n || msg.b[msg.n - 1] != '\n')
		tap_putc(&out, '\n');
	tap_flush(&out);
}

static inline void todo_start(const char *reason) { tap_todo = reason; }
static inline void todo_end(void) { tap_todo = NULL; }

static inline bool tap_vok(bool pass, const char *file, int line,
                    const char *name, va_list ap)
{
	struct tap_buf t = { { 0 }, 0 };
	tap_run++;
	if (!pass) {
		if (tap_todo)
			tap_todo_failed++;
		else
			tap_failed++;
	}
	tap_puts(&t, pass ? "ok " : "not ok ");
	tap_putu(&t, (unsigned)tap_run, 10);
	tap_puts(&t, " - ");
	struct tap_buf nm = { { 0 }, 0 };
	tap_vfmt(&nm, name, ap);
	for (size_t i = 0; i < nm.n; i++)  /* '#' would start a directive */
		tap_putc(&t, nm.b[i] == '#' ? '_' : nm.b[i] == '\n' ? ' ' : nm.b[i]);
	if (tap_todo) {
		tap_puts(&t, " # TODO ");
		tap_puts(&t, tap_todo);
	}
	tap_putc(&t, '\n');
	tap_flush(&t);
	if (!pass) {
		diag("  Failed %stest at %s line %d.", tap_todo ? "(TODO) " : "",
		     file, line);
	}
	return pass;
}

static inline TAP_PRINTF(4, 5) bool
tap_ok(bool pass, const char *file, int line, const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	bool r = tap_vok(pass, file, line, name, ap);
	va_end(ap);
	return r;
}

static inline TAP_PRINTF(5, 6) bool
tap_is_int(long long got, long long want, const char *file, int line,
           const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	bool r = tap_vok(got == want, file, line, name, ap);
	va_end(ap);
	if (!r)
		diag("         got: %lld\n    expected: %lld", got, want);
	return r;
}

static inline TAP_PRINTF(5, 6) bool
tap_is_uint(unsigned long long got, unsigned long long want,
            const char *file, int line, const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	bool r = tap_vok(got == want, file, line, name, ap);
	va_end(ap);
	if (!r)
		diag("         got: %llu (0x%llx)\n    expected: %llu (0x%llx)",
		     got, got, want, want);
	return r;
}

static inline bool tap_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static inline TAP_PRINTF(5, 6) bool
tap_is_str(const char *got, const char *want, const char *file, int line,
           const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	bool r = tap_vok(tap_streq(got, want), file, line, name, ap);
	va_end(ap);
	if (!r) {
		diag("         got: %s%s%s", got ? "'" : "", got ? got : "NULL",
		     got ? "'" : "");
		diag("    expected: %s%s%s", want ? "'" : "", want ? want : "NULL",
		     want ? "'" : "");
	}
	return r;
}

static inline int done_testing(void)
{
	struct tap_buf t = { { 0 }, 0 };
	tap_puts(&t, "1..");
	tap_putu(&t, (unsigned)tap_run, 10);
	tap_putc(&t, '\n');
	tap_flush(&t);
	if (tap_failed)
		diag("Looks like you failed %d test%s of %d.", tap_failed,
		     tap_failed == 1 ? "" : "s", tap_run);
	if (tap_todo_failed)
		diag("%d TODO test%s failed (known bugs).", tap_todo_failed,
		     tap_todo_failed == 1 ? "" : "s");
	return tap_failed ? 1 : 0;
}

#define ok(cond, ...)          tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_uint(got, want, ...) \
	tap_is_uint((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_field(u, field, value, bits, ...) \
	do { (u).raw = 0; (u).field = (value); is_uint((u).raw, (bits), __VA_ARGS__); } while (0)

/* A small deterministic PRNG (xorshift64*) so failures reproduce. */
static unsigned long long tap_rng_state = 0x9E3779B97F4A7C15ull;

static inline void tap_srand(unsigned long long seed)
{
	tap_rng_state = seed ? seed : 0x9E3779B97F4A7C15ull;
}

static inline unsigned long long tap_rand64(void)
{
	unsigned long long x = tap_rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	tap_rng_state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* Uniform enough in [0, n) for n well below 2^32. */
static inline unsigned tap_rand(unsigned n)
{
	return n ? (unsigned)((tap_rand64() >> 32) % n) : 0;
}
