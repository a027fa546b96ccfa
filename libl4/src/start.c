/* SPDX-License-Identifier: MIT */
/*
 * start.c: what a user program runs around main, called from _start
 * (crt0.asm) on the program's stack: L4_Init, main, and then exit with
 * main's result. exit (stdlib.h) ends
 *  - in a root task (its pager is sigma0) that defines
 *    l4_exit_when_main_returns nonzero (l4/kdebug.h): with L4_KDB_Exit
 *    (status != 0), once the console has drained;
 *  - in a program a loader started (l4/loader.h): with L4_Loader_Exit,
 *    which the loader reports by the program's name;
 *  - otherwise (and where the kernel refuses KDB_Exit: an unprivileged
 *    task) asleep for ever: an L4 thread has nowhere to return to.
 * A loaded program's first thread takes its loader as its exception
 * handler, so that a crash is reported by name, not silently stopped.
 * (A privileged program, paged by sigma0, finds its loader there.)
 * abort and a failed assert (assert.h) say why on the console and exit
 * with failure.
 */
#include <l4/ia32/syscalls.h>
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/kip.h>
#include <l4/console.h>
#include <l4/loader.h>
#include <l4/thread.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

int main(void);
void __l4_start(void) __attribute__((noreturn));
/* What the loader and process calls need (loader.c, process/thread.c). */
L4_ThreadId_t __l4_loader, __l4_main_thread;

void __l4_start(void)
{
	L4_Init();
	__l4_main_thread = L4_Myself();
	L4_ThreadId_t pager = L4_Pager();
	L4_ThreadId_t sigma0 = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
	if (!L4_IsNilThread(pager) && pager.raw != sigma0.raw) {
		__l4_loader = pager;
		if (L4_IsNilThread(L4_ExceptionHandler()))
			L4_Set_ExceptionHandler(pager);
	} else if (pager.raw == sigma0.raw) {
		/* The root task, or a privileged program in its space, which
		 * sigma0 pages as it does the root task: its loader preset its
		 * exception handler (servers/root/loader.c). */
		__l4_loader = L4_ExceptionHandler();
	}
	exit(main());
}

void exit(int status)
{
	if (&l4_exit_when_main_returns && l4_exit_when_main_returns) {
		console_flush();        /* what the driver holds, before the end */
		L4_KDB_Exit(status != 0);
	}
	if (!L4_IsNilThread(__l4_loader)) {
		console_flush();
		L4_Loader_Exit(status);
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
