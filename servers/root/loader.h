/* SPDX-License-Identifier: MIT */
/*
 * loader.h: the root task starts the boot modules after sigma0 and itself
 * (X.2 §7.8: the root task decides what runs) as ELF programs, each in its
 * own address space, in module order, as their command lines say
 * (config.h), and is their pager: pages are filled from the ELF image on
 * first touch, from memory it takes from sigma0 as needed. It serves the
 * loader protocol and the name service (l4/loader.h), and reports every
 * program that ends by name: its exit status, or the fault that killed it.
 */
#pragma once
#include <stdbool.h>
#include <l4/types.h>

/* Starts every module, each once the one before has reported ready (or
 * ended, or its ready= time has passed); reports each on the console.
 * Returns how many run. */
unsigned load_modules(void);
/* Waits up to 'ms' for the started programs to be done (ready, or exited
 * with status 0); returns how many are. */
unsigned modules_wait_done(unsigned ms);
/* Waits until every program has ended (but those that say wait=no, and
 * those another program started); returns how many of the boot programs
 * failed (a nonzero status, or died). */
unsigned modules_wait_ended(void);
/* The kernel command line, from the kernel's Simple Module record of the
 * generic BootInfo ("" if none). */
const char *boot_cmdline(void);
