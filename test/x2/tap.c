// SPDX-License-Identifier: MIT
/*
 * tap.c: the suite's TAP output, through the kernel debugger's PrintString
 * (the KDB interface) only, so that it needs no console server.
 * Lines are formatted into a buffer first (libl4's vsnprintf). The plan
 * comes last ("1..N"), then the summary line the boot tests look for.
 */
#include "x2.h"
#include <stdarg.h>
#include <stdio.h>

static unsigned number, failed, skipped;

/* One line, one PrintString: another task's output (sigma0's) cannot
 * land inside it. */
void x2_print(const char *s)
{
	L4_KDB_PrintString(s);
}

static void line(const char *status, const char *directive, const char *fmt, va_list ap)
{
	char name[200], out[300];
	vsnprintf(name, sizeof name, fmt, ap);
	snprintf(out, sizeof out, "%s %u - %s%s\n", status, ++number, name, directive);
	x2_print(out);
}

void x2_check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(ok ? "ok" : "not ok", "", fmt, ap);
	va_end(ap);
	failed += !ok;
}

void x2_skip(const char *why, const char *fmt, ...)
{
	char directive[120];
	va_list ap;
	snprintf(directive, sizeof directive, " # SKIP %s", why);
	va_start(ap, fmt);
	line("ok", directive, fmt, ap);
	va_end(ap);
	skipped++;
}

void x2_diag(const char *fmt, ...)
{
	char text[200], out[210];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	snprintf(out, sizeof out, "# %s\n", text);
	x2_print(out);
}

unsigned x2_failures(void) { return failed; }

void x2_plan(void)
{
	char out[120];
	snprintf(out, sizeof out, "1..%u\n# x2: %u checks, %u skipped, %u failed\n", number,
	         number, skipped, failed);
	x2_print(out);
}
