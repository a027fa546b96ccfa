/* SPDX-License-Identifier: MIT */
/*
 * config.h: a program's line of the boot configuration. Each boot module
 * after sigma0 and the root task is a program; its command line (in its
 * Simple Module record of the generic BootInfo, from the boot loader's:
 * QEMU: -initrd "file opts,...", GRUB: module file opts) is
 *
 *     PATH [prio=N] [pager=own|shared] [ready=MS] [wait=yes|no]
 *          [privileged=yes|no] [-- ARGS...]
 *
 *   prio    its priority, 1..254 (default 100, X.2's default)
 *   pager   a pager thread of its own, or the one the programs share
 *   ready   how long the loader waits for it to report ready (or end)
 *           before it starts the next program, 0..600000 ms (default 3000)
 *   wait    whether root=wait waits for it to end (default yes; a
 *           server that never ends says no)
 *   privileged  runs it in the root task's own address space, where X.2
 *           (§2.4) makes every thread privileged: it may call ThreadControl
 *           and SpaceControl (the test suite does). It is trusted: it is
 *           not isolated from the root task, its image is copied in at
 *           load time, and when it ends the loader deletes its first
 *           thread only. At most two such programs.
 *   ARGS    what L4_Loader_Args gives it (at most 240 bytes)
 * Pure logic (unit-tested on the host, test/host/loader_config.c).
 */
#pragma once
#include <stdbool.h>

#define CONFIG_NAME_MAX 64
#define CONFIG_ARGS_MAX 240

struct program_config {
	char name[CONFIG_NAME_MAX];     /* PATH's last component */
	unsigned prio;
	bool own_pager;
	unsigned ready_ms;
	bool wait;
	bool privileged;
	char args[CONFIG_ARGS_MAX + 1];
};

/* Parses a module command line into *c; NULL, or a sentence saying what
 * is wrong with it (*c is then unspecified). */
const char *config_parse(const char *line, struct program_config *c);
