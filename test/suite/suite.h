/* SPDX-License-Identifier: MIT */
/*
 * suite.h: the test suite's tables (one per tests_*.c file), and what its
 * tests ask of the system: the drivers, found by name (l4/loader.h), a
 * driver started again by the loader, and the suite's own arguments.
 */
#pragma once
#include "util.h"

extern const struct test ipc_tests[];
extern const struct test thread_tests[];
extern const struct test fastpath_tests[];
extern const struct test thread_switch_tests[]; /* tests_thread_switch.c */
extern const struct test pipe_tests[];
extern const struct test space_tests[];      /* tests_spaces.c */
extern const struct test range_tests[];      /* tests_ranges.c */
extern const struct test unmap_page_tests[]; /* tests_unmap_page.c */
extern const struct test fault_reply_tests[]; /* tests_fault_reply.c */
extern const struct test fault_call_tests[];  /* tests_fault_call.c */
extern const struct test faultpath_tests[];   /* tests_faultpath.c */
extern const struct test small_tests[];      /* tests_small.c */
extern const struct test irq_tests[];        /* tests_irq.c */
extern const struct test ctl_tests[];        /* tests_ctl.c */
extern const struct test migrate_tests[];    /* tests_migrate.c */
extern const struct test quantum_tests[];    /* tests_quantum.c */
extern const struct test redirect_tests[];   /* tests_redirect.c */
extern const struct test console_tests[];    /* tests_console.c */
/* Runs them, or reports them skipped without a serial driver. */
unsigned console_tests_run(unsigned *num);
extern const struct test disk_tests[];       /* tests_disk.c */
unsigned disk_tests_run(unsigned *num);

/* The thread registered under 'name' ("console", "kbd", "ata"), or
 * nilthread. */
L4_ThreadId_t suite_find(const char *name);
/* Has the loader start 'program' again (its file's name) and waits up
 * to ms for it to register 'name' anew; false if it does not. */
bool suite_restart(const char *program, const char *name, unsigned ms);
/* Whether the suite's arguments (the boot configuration's words after
 * --) hold 'word'. */
bool suite_arg(const char *word);
