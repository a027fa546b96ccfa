/* SPDX-License-Identifier: MIT */
/*
 * bench.h: the L4-side benchmark (docs/benchmarks.md). Each figure is the
 * best of several repetitions of a loop of many operations, after one
 * warm-up repetition, minus the same loop without the operation. Under
 * QEMU with -icount shift=0 the time stamp counter counts instructions, so
 * the figures are path lengths. Every repetition also records how many
 * CR3 loads, segment reloads and fast/general-path IPCs the kernel counted,
 * because an instruction count alone hides what those cost on hardware.
 *
 * Output, one line per figure, for bench/report.pl:
 *   BENCH name=N [words=W] value=V per=P ops=K overhead=O cr3=C seg=S
 *         fastpath=F slowpath=G [more key=value]
 * V (net) and O (the loop overhead taken off) are instructions per
 * operation with one decimal; C, S, F and G are counts per operation with
 * two; P uses '_' for spaces.
 */
#pragma once
#include "spaces.h"
#include <stdint.h>

/* Loop sizes: a repetition stays well below one timer tick (1 ms = 10^6
 * instructions under icount), so the best repetition has no interrupt in
 * it. The smoke build (BENCH_SMOKE) only checks that everything runs. */
#ifdef BENCH_SMOKE
#define BENCH_REPS      2
#define BENCH_N(n)      4u
#else
#define BENCH_REPS      9
#define BENCH_N(n)      (n)
#endif

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	/* memory: no store of the loop moves across the reading */
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

struct counters {
	L4_Word_t cr3, seg, fast, slow;
};

/* One repetition: its instructions and the kernel's counter deltas. */
struct run {
	uint64_t cycles;
	struct counters d;
	/* private to run_begin / run_end */
	struct counters c0;
	uint64_t t0;
};

void counters_read(struct counters *c);

/* Around the timed loop: the counters are read outside the rdtsc window,
 * so their KDB calls are not timed (and they switch no space). */
static inline __attribute__((always_inline)) void run_begin(struct run *r)
{
	counters_read(&r->c0);
	r->t0 = rdtsc();
}

static inline __attribute__((always_inline)) void run_end(struct run *r)
{
	uint64_t t1 = rdtsc();
	struct counters c1;
	counters_read(&c1);
	r->cycles = t1 - r->t0;
	r->d.cr3 = c1.cr3 - r->c0.cr3;
	r->d.seg = c1.seg - r->c0.seg;
	r->d.fast = c1.fast - r->c0.fast;
	r->d.slow = c1.slow - r->c0.slow;
}

/* A loop of n operations; calls run_begin and run_end around the part to
 * time (setup outside them is not counted). */
typedef void (*loop_fn)(unsigned n, void *arg, struct run *r);

/* One warm-up repetition, then the repetition with the fewest cycles of
 * BENCH_REPS. */
struct run best_of(loop_fn f, void *arg, unsigned n);

/* Prints a BENCH line for 'ops' operations measured as 'm', minus the loop
 * overhead 'o' (both from best_of). words < 0: not an IPC figure. 'extra'
 * is appended as is ("" for none). */
void report(const char *name, int words, const char *per, const struct run *m,
            const struct run *o, unsigned ops, const char *extra);

/* The loop overheads: the same loop with the operation left out. */
void empty_loop(unsigned n, void *arg, struct run *r);

/* The benchmarks, by file. Each returns false if something did not work
 * (then the line is missing and main reports the failure). */
bool bench_syscalls(void);      /* syscalls.c: null_syscall, thread_switch */
bool bench_ipc(void);           /* ipc.c: the pingpong series */
bool bench_memory(void);        /* memory.c: pagefault_rt, map_page, unmap_page, first_fault_4m */
bool bench_pipe(void);          /* pipe.c: pipe_rt */
bool bench_string(void);        /* string.c: ipc_string_rt */
bool bench_appel(void);         /* appel.c: trap, prot1, prot100, unprot100, appel1, appel2 */
bool bench_irq(void);           /* irq.c: irq_to_user */

/* How many BENCH lines were printed (main prints the total at the end). */
extern unsigned bench_lines;

/* Set: report() records without printing (the root task's table). */
extern bool bench_quiet;
/* A reported IPC figure, net per operation. */
struct figure {
	const char *name;
	int words;
	uint64_t tenths;                /* instructions x 10 */
	uint64_t cr3_hundredths;        /* CR3 loads x 100 */
};
/* The figure reported for name and words, or NULL. */
const struct figure *bench_figure(const char *name, int words);
