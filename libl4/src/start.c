/* SPDX-License-Identifier: MIT */
/*
 * start.c: what a user program runs around main, called from _start
 * (crt0.asm) on the program's stack: L4_Init, main, and then either
 * L4_KDB_Exit with main's verdict (once the console has drained), if the program defines
 * l4_exit_when_main_returns nonzero (l4/kdebug.h), or sleep forever: an L4
 * thread has nowhere to return to, and stopping it is its pager's business.
 */
#include <l4/ia32/syscalls.h>
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/console.h>

int main(void);
void __l4_start(void) __attribute__((noreturn));

void __l4_start(void)
{
	L4_Init();
	int status = main();
	if (&l4_exit_when_main_returns && l4_exit_when_main_returns) {
		console_flush();        /* what the driver holds, before the end */
		L4_KDB_Exit(status != 0);
	}
	for (;;)
		L4_Sleep(L4_Never);
}
