// SPDX-License-Identifier: MIT
/*
 * main.c: the X.2 conformance suite's root task (test/x2/README.md). It
 * sets up its environment (env.c), runs the sections in the manual's
 * order, and prints the TAP plan and a summary; returning from main
 * leaves the emulator through the KDB Exit call (our extension; on a
 * kernel without it the suite ends in the kernel debugger or asleep).
 */
#include "x2.h"

const int l4_exit_when_main_returns = 1;

int main(void)
{
	/* sigma0 prints while it starts; once it has answered us, it has
	 * done (env.c takes a page from it first), and our lines stay whole. */
	if (!x2_env_init()) {
		x2_print("Bail out! no page from sigma0, or no pager thread (ThreadControl, ExchangeRegisters)\n");
		return 1;
	}
	x2_print("# x2: the X.2 conformance suite\n");
	x2_section_kip();
	x2_section_threads();
	x2_section_schedule();
	x2_section_spaces();
	x2_section_ipc();
	x2_section_misc();
	x2_section_protocols();
	x2_section_ia32();
	x2_section_bootinfo();
	x2_plan();
	return x2_failures() != 0;
}
