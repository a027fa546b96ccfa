/* SPDX-License-Identifier: MIT */
/*
 * loader.h: the root task starts the boot modules after sigma0 and itself
 * (X.2 §7.8: the root task decides what runs) as ELF programs, each in its
 * own address space, and is their pager: pages are filled from the ELF
 * image on first touch.
 */
#pragma once
#include <stdbool.h>
#include <l4/types.h>

/* Starts every module; reports each on the console. Returns how many run. */
unsigned load_modules(void);
/* Waits up to 'ms' for the started programs to report they are done;
 * returns how many did. */
unsigned modules_wait_done(unsigned ms);
/* The kernel command line from the multiboot information ("" if none). */
const char *boot_cmdline(void);
/* The thread of the program whose module name (its path, without
 * arguments) ends in 'suffix', or nilthread. */
L4_ThreadId_t program_named(const char *suffix);
/* Deletes program 'id' (a driver that went wrong) and starts it again
 * from its file, as at boot; waits up to 'ms' for it to be ready. */
bool program_restart(L4_ThreadId_t id, unsigned ms);
