// SPDX-License-Identifier: MIT
/*
 * The benchmark root task: booted in place of servers/root with sigma0
 * (make bench). It reuses the root task's thread and space helpers
 * (test/common/util.c, spaces.c), prints one BENCH line per figure
 * between BENCH-BEGIN and BENCH-END, and leaves the emulator with
 * success when every benchmark ran.
 */
#include "bench.h"

const int l4_exit_when_main_returns = 1;

int main(void)
{
	root_id = L4_Myself();
	if (!pager_init()) {
		printf("bench: no pager thread\n");
		return 1;
	}
#ifdef BENCH_SMOKE
	const int smoke = 1;
#else
	const int smoke = 0;
#endif
	printf("BENCH-BEGIN reps=%d smoke=%d\n", BENCH_REPS, smoke);
	bool syscalls = bench_syscalls();
	bool ipc = bench_ipc();
	bool memory = bench_memory();
	bool pipe = bench_pipe();
	bool string = bench_string();
	bool appel = bench_appel();
	bool irq = bench_irq();
	bool ok = syscalls && ipc && memory && pipe && string && appel && irq;
	printf("BENCH-END lines=%u status=%s\n", bench_lines, ok ? "ok" : "failed");
	return !ok;
}
