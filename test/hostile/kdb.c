// SPDX-License-Identifier: MIT
/*
 * kdb.c: the kernel debugger's calls from an unprivileged task
 * (docs/x2-deviations.md). Printing is anyone's; entering the debugger
 * and reading the kernel console (both stall every thread until someone
 * types), ending the machine and raising spurious interrupts are
 * refused, with ~0 in EAX, and the task goes on.
 */
#include "hostile.h"

static void privileged_calls(void)
{
	L4_Word_t refused = 0;
	L4_KDB_Exit(0);                 /* would end the run: "exit: success" early */
	refused |= 1;
	L4_KDB_Exit(1);
	refused |= 2;
	refused |= (L4_KDB_ReadChar_Blocked() == -1) << 2;
	refused |= (L4_KDB_ReadChar() == -1) << 3;
	refused |= (L4_KDB_RaiseSpurious(7) == ~0UL) << 4;
	L4_KDB_PrintString("hostile: an unprivileged task may print\n");
	hostile_report(refused);
}

static bool kdb_privileged_refused(void)
{
	EXPECT_EQ(hostile_run(privileged_calls, 2000), 0x1F);
	return true;
}

/* Entering the debugger would stop every thread until someone at the
 * console said continue (the boot would hang): refused, the string
 * printed, and the task goes on. */
static void enter_debugger(void)
{
	L4_KDB_Enter("hostile: an unprivileged task enters kdb");
	hostile_report(1);
}

static bool kdb_enter_refused(void)
{
	EXPECT_EQ(hostile_run(enter_debugger, 2000), 1);
	return true;
}

/* A string far longer than an unprivileged task may print in one call:
 * the kernel prints its first 128 bytes (interrupts are off meanwhile). */
static char long_string[6000];

static void print_long(void)
{
	for (unsigned i = 0; i < sizeof long_string - 1; i++)
		long_string[i] = i % 64 == 63 ? '\n' : 'x';
	long_string[0] = '<';
	L4_KDB_PrintString(long_string);
	L4_KDB_PrintChar('\n');
	hostile_report(1);
}

static bool kdb_print_bounded(void)
{
	EXPECT_EQ(hostile_run(print_long, 2000), 1);
	return true;
}

const struct test hostile_kdb_tests[] = {
	{ "kdb_privileged_refused", "KDB exit, reading the console, spurious IRQs refused to an unprivileged task", kdb_privileged_refused },
	{ "kdb_enter_refused", "an unprivileged KDB_Enter does not enter the debugger; the task goes on", kdb_enter_refused },
	{ "kdb_print_bounded", "an unprivileged PrintString prints at most 128 bytes", kdb_print_bounded },
	{ 0, 0, 0 }
};
