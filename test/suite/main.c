// SPDX-License-Identifier: MIT
/*
 * The test suite of threads, IPC, address spaces, small spaces,
 * interrupts and I/O ports, and the drivers' protocols: a program the
 * loader starts like any other, with privileged=yes (servers/root/
 * config.h): it runs in the root task's space, so it may call
 * ThreadControl and SpaceControl (X.2 §2.4). It runs every test of its
 * tables through the real system-call interface, prints one TAP line
 * each, checks that kernel memory is back where it started, and returns
 * the number that failed: the loader reports it, and with root=wait
 * ends the emulator with the verdict.
 */
#include "suite.h"
#include "spaces.h"
#include "small.h"
#include <l4/console.h>
#include <l4/loader.h>
#include <string.h>

static char args[L4_LOADER_ARGS_MAX + 1];

L4_ThreadId_t suite_find(const char *name)
{
	L4_ThreadId_t t;
	return L4_Name_Lookup(name, &t) ? L4_nilthread : t;
}

bool suite_restart(const char *program, const char *name, unsigned ms)
{
	if (L4_Loader_Restart(program))
		return false;
	L4_ThreadId_t t;
	return L4_Name_Wait(name, &t, ms) == 0;
}

bool suite_arg(const char *word)
{
	size_t n = strlen(word);
	for (const char *s = args; *s; ) {
		if (!strncmp(s, word, n) && (s[n] == ' ' || !s[n]))
			return true;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return false;
}

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

/* Our image arrives page by page from the loader: all of it is touched
 * before kernel memory is counted, so that no test's first run of a
 * function shows as memory the kernel took. (A privileged program's
 * image is in place from the start; this costs nothing then.) */
static void touch_image(void)
{
	extern char __image_start[], _end[];
	for (volatile char *p = __image_start; p < _end; p += 4096)
		(void)*p;
}

int main(void)
{
	root_id = L4_Myself();
	if (L4_Loader_Args(args, sizeof args) < 0)
		args[0] = 0;
	console_open();                 /* print through the console driver, if any */
	printf("suite: running as %lx, arguments \"%s\"\n", (unsigned long)root_id.raw, args);
	touch_image();
	unsigned num = 0;
	printf("1..%u\n", count(ipc_tests) + count(fastpath_tests) + count(thread_switch_tests) +
	       count(thread_tests) + count(space_tests) + count(range_tests) + count(unmap_page_tests) + count(fault_reply_tests) +
	       count(fault_call_tests) + count(faultpath_tests) +
	       count(pipe_tests) + count(small_tests) +
	       count(irq_tests) + count(ctl_tests) + count(migrate_tests) + count(quantum_tests) + count(redirect_tests) + count(console_tests) + count(disk_tests) + 2);
	/* What stays for the whole run (the pager thread, the test pages from
	 * sigma0) is set up before kernel memory is counted. */
	bool setup = spaces_setup() && small_pager_init();
	printf("%s %u - setup: a pager thread and %u test pages from sigma0\n",
	       setup ? "ok" : "not ok", ++num, TEST_PAGES);
	unsigned long free_before = L4_KDB_FreeFrames();
	unsigned failed = run_table(ipc_tests, &num) + run_table(fastpath_tests, &num) +
	                  run_table(thread_switch_tests, &num) + run_table(thread_tests, &num) +
	                  (setup ? run_table(space_tests, &num) + run_table(range_tests, &num) +
	                           run_table(unmap_page_tests, &num) +
	                           run_table(fault_reply_tests, &num) +
	                           run_table(fault_call_tests, &num) +
	                           run_table(faultpath_tests, &num) +
	                           run_table(pipe_tests, &num) : 1) +
	                  (setup ? run_table(small_tests, &num) : 1) +
	                  run_table(irq_tests, &num) +
	                  (setup ? run_table(ctl_tests, &num) + run_table(migrate_tests, &num) + run_table(redirect_tests, &num) : 1) +
	                  run_table(quantum_tests, &num) + console_tests_run(&num) +
	                  disk_tests_run(&num);
	unsigned long free_after = L4_KDB_FreeFrames();
	bool same = free_before == free_after;
	printf("%s %u - kernel memory: %lu free frames before the tests, %lu after\n",
	       same ? "ok" : "not ok", ++num, free_before, free_after);
	return (int)(failed + !same);
}
