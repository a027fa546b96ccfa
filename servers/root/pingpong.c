// SPDX-License-Identifier: MIT
/*
 * pingpong.c: the table `make run` ends with (kernel command line
 * "root=pingpong"). The benchmark's own IPC series (bench/l4bench/ipc.c)
 * runs quietly, then the round trips of a few message sizes are printed
 * side by side, within one space and between two, with the CR3 loads
 * each round trip took. Under `make run` QEMU counts instructions
 * (-icount), so the figures are path lengths, as in `make bench`.
 */
#include "pingpong.h"
#include "bench.h"
#include <l4/console.h>

static const unsigned shown[] = { 0, 1, 2, 4, 8, 12, 16, 24, 32, 48, 63 };

bool pingpong_table(void)
{
	bench_quiet = true;
	console_flush();        /* no console interrupts inside the measurements */
	bool ok = bench_ipc();
	printf("\nping-pong: Call/ReplyWait round trips, time stamp counter ticks each\n"
	       "(instructions when QEMU runs with -icount, as make run does)\n\n");
	printf("  words | intra-space | inter-space | CR3 loads (inter)\n");
	printf("  ------+-------------+-------------+------------------\n");
	for (unsigned i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		const struct figure *intra = bench_figure("ipc_intra_as_rt", (int)shown[i]);
		const struct figure *inter = bench_figure("ipc_inter_as_rt", (int)shown[i]);
		if (!intra || !inter) {
			ok = false;
			continue;
		}
		printf("  %5u | %9lu.%lu | %9lu.%lu | %13lu.%02lu\n", shown[i],
		       (unsigned long)(intra->tenths / 10), (unsigned long)(intra->tenths % 10),
		       (unsigned long)(inter->tenths / 10), (unsigned long)(inter->tenths % 10),
		       (unsigned long)(inter->cr3_hundredths / 100),
		       (unsigned long)(inter->cr3_hundredths % 100));
	}
	printf("\nping-pong: %s (make bench: every figure, Linux beside it)\n",
	       ok ? "done" : "FAILED");
	return ok;
}
