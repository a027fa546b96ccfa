// SPDX-License-Identifier: MIT
/*
 * The pager suite: a root task (booted with sigma0 in place of
 * servers/root, test/boot/pagers.t) that runs the pagers of this folder
 * against client spaces through the real system-call interface, prints
 * TAP, and checks that kernel memory is back where it started.
 */
#include "tests.h"

const int l4_exit_when_main_returns = 1;

int main(void)
{
	root_id = L4_Myself();
	unsigned n = 0;
	while (pager_tests[n].name)
		n++;
	printf("1..%u\n", n + 2);
	/* The pools stay for the whole run: taken before memory is counted. */
	bool setup = pager_tests_setup();
	printf("%s 1 - setup: frame pools and the backing store from sigma0\n",
	       setup ? "ok" : "not ok");
	unsigned long free_before = L4_KDB_FreeFrames();
	unsigned failed = !setup, num = 1;
	for (const struct test *t = pager_tests; t->name; t++) {
		bool ok = setup && t->run();
		failed += !ok;
		printf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++num, t->name, t->description);
	}
	unsigned long free_after = L4_KDB_FreeFrames();
	bool same = free_before == free_after;
	printf("%s %u - kernel memory: %lu free frames before the tests, %lu after\n",
	       same ? "ok" : "not ok", ++num, free_before, free_after);
	return failed || !same;
}
