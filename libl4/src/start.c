/* SPDX-License-Identifier: MIT */
/*
 * start.c: what a user program runs around main, called from _start
 * (crt0.asm) on the program's stack: L4_Init, main, and then exit with
 * main's result. exit (stdlib.h) ends with L4_KDB_Exit(status != 0), once
 * the console has drained, if the program defines l4_exit_when_main_returns
 * nonzero (l4/kdebug.h); otherwise, and where the kernel refuses that (an
 * unprivileged task), the thread sleeps for ever: an L4 thread has nowhere
 * to return to, and stopping it is its pager's business. abort and a failed
 * assert (assert.h) say why on the console and exit with failure.
 */
#include <l4/ia32/syscalls.h>
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/console.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

int main(void);
void __l4_start(void) __attribute__((noreturn));

void __l4_start(void)
{
	L4_Init();
	exit(main());
}

void exit(int status)
{
	if (&l4_exit_when_main_returns && l4_exit_when_main_returns) {
		console_flush();        /* what the driver holds, before the end */
		L4_KDB_Exit(status != 0);
	}
	for (;;)
		L4_Sleep(L4_Never);
}

void abort(void)
{
	printf("abort: thread %lx stops\n", (unsigned long)L4_Myself().raw);
	exit(EXIT_FAILURE);
}

void __l4_assert_fail(const char *expr, const char *file, int line, const char *func)
{
	printf("%s:%d: %s: assertion failed: %s\n", file, line, func, expr);
	abort();
}
