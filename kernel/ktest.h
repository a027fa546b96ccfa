/* SPDX-License-Identifier: MIT */
/*
 * ktest.h: tests that run inside the kernel at boot (command line
 * "test=NAME", or "test=all"). Each prints one TAP line; the run ends with
 * a check that kernel memory is back where it started, and exits the
 * emulator with success only if everything passed. The host side
 * (test/run-boot) collects the TAP.
 */
#pragma once
#include <stdbool.h>

struct ktest {
	const char *name;
	const char *description;
	bool (*run)(void);
	bool harness_only;      /* panics or hangs on purpose: not in "all" */
};

extern const struct ktest generic_tests[];
extern const struct ktest arch_tests[];

__attribute__((noreturn)) void ktest_run(const char *name);

/* Inside a test: report a failed expectation and make the test fail. */
#define KT_EXPECT(cond) \
	do { if (!(cond)) { kprintf("# %s:%d: expected %s\n", __FILE__, __LINE__, #cond); return false; } } while (0)
