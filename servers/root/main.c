// SPDX-License-Identifier: MIT
/*
 * The root task. It starts the boot modules' programs (loader.h, their
 * options: config.h), and prints through the serial driver once that is
 * among them (found by its name, "console"). Then the kernel command
 * line's root= says what it does:
 *   root=serve     nothing more: the system stays up, the loader serves
 *   root=wait      waits until every program has ended, and ends the
 *                  emulator: success if each exited with status 0
 *   root=pingpong  prints the IPC round-trip table and ends (make run)
 *   (none)         the test suite of threads, IPC and address spaces:
 *                  it runs
 * every test of its tables through the real system-call interface, prints
 * one TAP line each, checks that kernel memory is back where it started,
 * and ends the emulator with the verdict (L4_KDB_Exit).
 */
#include "small.h"
#include "loader.h"
#include "pingpong.h"
#include "bootinfo.h"
#include <l4/console.h>
#include <l4/loader.h>
#include <string.h>

const int l4_exit_when_main_returns = 1;

static unsigned run_table(const struct test *t, unsigned *num)
{
	unsigned failed = 0;
	for (; t->name; t++) {
		bool ok = t->run();
		failed += !ok;
		printf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++*num, t->name, t->description);
	}
	return failed;
}

static unsigned count(const struct test *t)
{
	unsigned n = 0;
	while (t[n].name)
		n++;
	return n;
}

int main(void)
{
	root_id = L4_Myself();
	printf("root: running as %x\n", (unsigned)root_id.raw);
	unsigned num = 0;
	char job[16] = "";
	cmdline_get(boot_cmdline(), "root", job, sizeof job);
	if (job[0] && strcmp(job, "serve") && strcmp(job, "wait") && strcmp(job, "pingpong")) {
		printf("root: root=%s: unknown; root= takes serve, wait or pingpong\n", job);
		return 1;
	}
	/* The boot modules' programs run first, each until it is ready. */
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
	if (!strcmp(job, "wait")) {
		unsigned failed = modules_wait_ended();
		printf("root: every program has ended, %u failed\n", failed);
		return failed != 0;
	}
	/* make run: the ping-pong table instead of the test suite. */
	if (!strcmp(job, "pingpong")) {
		if (!pager_init())
			return 1;
		return !pingpong_table() || done != started;
	}
	printf("1..%u\n", count(ipc_tests) + count(fastpath_tests) + count(thread_tests) + count(space_tests) +
	       count(pipe_tests) + count(small_tests) +
	       count(irq_tests) + count(console_tests) + count(disk_tests) + 2);
	/* What stays for the whole run (the pager thread, the test pages from
	 * sigma0) is set up before kernel memory is counted. */
	bool setup = spaces_setup() && small_pager_init();
	printf("%s %u - setup: a pager thread and %u test pages from sigma0\n",
	       setup ? "ok" : "not ok", ++num, TEST_PAGES);
	unsigned long free_before = L4_KDB_FreeFrames();
	unsigned failed = run_table(ipc_tests, &num) + run_table(fastpath_tests, &num) +
	                  run_table(thread_tests, &num) +
	                  (setup ? run_table(space_tests, &num) + run_table(pipe_tests, &num) : 1) +
	                  (setup ? run_table(small_tests, &num) : 1) +
	                  run_table(irq_tests, &num) + console_tests_run(&num) +
	                  disk_tests_run(&num);
	unsigned long free_after = L4_KDB_FreeFrames();
	bool same = free_before == free_after;
	printf("%s %u - kernel memory: %lu free frames before the tests, %lu after\n",
	       same ? "ok" : "not ok", ++num, free_before, free_after);
	return failed || !same || done != started;
}
