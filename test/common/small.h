/* SPDX-License-Identifier: MIT */
/*
 * small.h: children in small address spaces (small.c) for the tests
 * (tests_small.c) and the benchmark. Every child space is SMALL_MB large
 * or larger, with its KIP and UTCB areas at SMALL_KIP and SMALL_UTCB;
 * its pager (small_pager) serves the root task's image and logs faults
 * and exceptions in 'faults' (spaces.h), leaving them unanswered.
 */
#pragma once
#include "spaces.h"

#define SMALL_MB        16
#define SMALL_KIP       0x00F00000UL    /* both inside the 16 MiB */
#define SMALL_UTCB      0x00E00000UL
#define SMALL_CHILDREN  8

extern L4_ThreadId_t small_pager;
/* When nonzero, the pager answers a #UD (ud2) with this IP to resume at. */
extern volatile L4_Word_t small_ud2_resume;
/* When nonzero, the pager answers an IO fault on the two ports at
 * small_io_port with them (mapped from the root task's own); it counts
 * every IO fault in small_io_faults. */
extern volatile L4_Word_t small_io_port, small_io_faults;
/* Starts the children's pager (once). */
bool small_pager_init(void);
/* fn in a new space with small-space number 'small' (0: a large space,
 * with the same areas); nilthread on failure. */
L4_ThreadId_t small_start(void (*fn)(void), L4_Word_t small);
/* fn in a second thread of child t's space (UTCB slot 1); nilthread on
 * failure. small_kill deletes it (the space goes with its last thread). */
L4_ThreadId_t small_thread_in(L4_ThreadId_t t, void (*fn)(void));
/* Deletes such a child and its space. */
bool small_kill(L4_ThreadId_t t);
/* The small-space number of t's space now (SpaceControl, s = 0), ~0 on
 * error. */
L4_Word_t small_of(L4_ThreadId_t t);
