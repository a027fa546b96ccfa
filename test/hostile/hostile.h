/* SPDX-License-Identifier: MIT */
/*
 * hostile.h: the hostile-task suite (test/hostile/, booted in place of the
 * root task by test/boot/hostile.t, and in Bochs by hostile_bochs.t). Each
 * test starts an unprivileged task in a space of its own (space_start, the
 * root task's helpers), lets it attack the kernel through the real
 * system-call interface, and then checks that the kernel, the suite and a
 * victim are untouched. One table per class of defect (issue 21), each in
 * a file of its own; main.c runs those that are linked in (weak
 * references), so a table is added by adding its file.
 */
#pragma once
#include "spaces.h"

/* Tables of tests, one per class (NULL-terminated; weak: may be absent). */
extern const struct test hostile_port_tests[] __attribute__((weak));
extern const struct test hostile_segment_tests[] __attribute__((weak));
extern const struct test hostile_kdb_tests[] __attribute__((weak));
extern const struct test hostile_fpu_tests[] __attribute__((weak));
extern const struct test hostile_kmem_tests[] __attribute__((weak));
extern const struct test hostile_iofault_tests[] __attribute__((weak));
extern const struct test hostile_leak_tests[] __attribute__((weak));
extern const struct test hostile_flags_tests[] __attribute__((weak));
extern const struct test hostile_fuzz_tests[] __attribute__((weak));
extern const struct test hostile_x2_tests[] __attribute__((weak));

/* The victim: a thread of this space that keeps a checksum over a page of
 * its own and answers a Call with 1 while it still matches. Started once
 * by main.c; hostile_victim_ok() asks it (with a timeout). */
bool hostile_victim_start(void);
bool hostile_victim_ok(void);

/* Runs fn as an unprivileged task in a new space and waits (up to ms
 * milliseconds) for it to report with hostile_report(); returns the word
 * it reported, or HOSTILE_SILENT if it did not (it is killed either way). */
#define HOSTILE_SILENT  (~0UL)
L4_Word_t hostile_run(void (*fn)(void), unsigned ms);
/* The report's label (MR0's upper half; one untyped word, the result). */
#define HOSTILE_REPORT_LABEL 0x4853
/* In the task: reports w to the suite, then waits for ever (killed). */
void hostile_report(L4_Word_t w) __attribute__((noreturn));
