// SPDX-License-Identifier: MIT
/*
 * The root task: the loader. It starts the boot modules' programs
 * (loader.h; their options: config.h), each once the one before is
 * ready, serves them (pages, the loader protocol, the name service), and
 * prints through the serial driver once that has registered "console".
 * Then the kernel command line's root= says what it does:
 *   root=wait      (the default) waits until every program has ended
 *                  (but those with wait=no) and ends the emulator:
 *                  success if each exited with status 0
 *   root=serve     nothing more: the system stays up, the loader serves
 *   root=pingpong  prints the IPC round-trip table and ends (make run)
 * The test suite is a program of its own (test/suite).
 */
#include "loader.h"
#include "pingpong.h"
#include "bootinfo.h"
#include "spaces.h"
#include <l4/console.h>
#include <l4/loader.h>
#include <string.h>

const int l4_exit_when_main_returns = 1;

int main(void)
{
	root_id = L4_Myself();
	printf("root: running as %x\n", (unsigned)root_id.raw);
	char job[16] = "wait";
	cmdline_get(boot_cmdline(), "root", job, sizeof job);
	if (strcmp(job, "serve") && strcmp(job, "wait") && strcmp(job, "pingpong")) {
		printf("root: root=%s: unknown; root= takes serve, wait or pingpong\n", job);
		return 1;
	}
	/* The boot modules' programs, each until it is ready. */
	unsigned started = load_modules();
	unsigned done = modules_wait_done(3000);
	printf("root: %u program%s started, %u done\n", started, started == 1 ? "" : "s", done);
	/* From here on our output goes through the console driver, if one
	 * was among the modules (l4/console.h). */
	L4_ThreadId_t serial;
	if (!L4_Name_Lookup("console", &serial)) {
		printf("root: printing through the serial driver %lx from here on\n",
		       (unsigned long)serial.raw);
		console_attach(serial);
	}
	if (!strcmp(job, "serve")) {
		printf("root: serving; the system stays up\n");
		for (;;)
			L4_Sleep(L4_Never);
	}
	if (!strcmp(job, "pingpong")) {
		if (!pager_init())
			return 1;
		return !pingpong_table() || done != started;
	}
	unsigned failed = modules_wait_ended();
	printf("root: every program has ended, %u failed\n", failed);
	return failed != 0;
}
