// SPDX-License-Identifier: MIT
/*
 * measure.c: repetitions, the best of them, and the BENCH lines.
 */
#include "bench.h"
#include <string.h>

unsigned bench_lines;
bool bench_quiet;

#define MAX_FIGURES 160
static struct figure figures[MAX_FIGURES];
static unsigned nfigures;

const struct figure *bench_figure(const char *name, int words)
{
	for (unsigned i = 0; i < nfigures; i++)
		if (figures[i].words == words && !strcmp(figures[i].name, name))
			return &figures[i];
	return 0;
}

void counters_read(struct counters *c)
{
	c->cr3 = L4_KDB_Counter(L4_KDB_COUNTER_CR3_LOADS);
	c->seg = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS);
	c->fast = L4_KDB_Counter(L4_KDB_COUNTER_IPC_FASTPATH);
	c->slow = L4_KDB_Counter(L4_KDB_COUNTER_IPC_SLOWPATH);
}

struct run best_of(loop_fn f, void *arg, unsigned n)
{
	struct run best, r;
	f(n, arg, &best);               /* warm-up: faults, caches, allocations */
	best.cycles = ~0ull;
	for (int rep = 0; rep < BENCH_REPS; rep++) {
		f(n, arg, &r);
		if (r.cycles < best.cycles)
			best = r;
	}
	return best;
}

void empty_loop(unsigned n, void *arg, struct run *r)
{
	(void)arg;
	run_begin(r);
	for (unsigned i = 0; i < n; i++)
		__asm__ __volatile__("" : : : "memory");
	run_end(r);
}

/* x / ops with 'digits' decimals, rounded, as "int.frac". */
static void fixed(char *buf, unsigned size, uint64_t x, unsigned ops, unsigned digits)
{
	uint64_t scale = digits == 1 ? 10 : 100;
	uint64_t v = (x * scale + ops / 2) / ops;
	snprintf(buf, size, "%llu.%0*llu", (unsigned long long)(v / scale), (int)digits,
	         (unsigned long long)(v % scale));
}

void report(const char *name, int words, const char *per, const struct run *m,
            const struct run *o, unsigned ops, const char *extra)
{
	/* Without icount the host's TSC is noisy and the overhead can exceed
	 * the best run; a negative figure would only mislead. */
	uint64_t net = m->cycles > o->cycles ? m->cycles - o->cycles : 0;
	if (words >= 0 && nfigures < MAX_FIGURES)
		figures[nfigures++] = (struct figure){ name, words, (net * 10 + ops / 2) / ops,
		                                       (m->d.cr3 * 100 + ops / 2) / ops };
	if (bench_quiet)
		return;
	char v[24], ov[24], cr3[24], seg[24], fast[24], slow[24], w[16] = "";
	fixed(v, sizeof v, net, ops, 1);
	fixed(ov, sizeof ov, o->cycles, ops, 1);
	fixed(cr3, sizeof cr3, m->d.cr3, ops, 2);
	fixed(seg, sizeof seg, m->d.seg, ops, 2);
	fixed(fast, sizeof fast, m->d.fast, ops, 2);
	fixed(slow, sizeof slow, m->d.slow, ops, 2);
	if (words >= 0)
		snprintf(w, sizeof w, " words=%d", words);
	printf("BENCH name=%s%s value=%s per=%s ops=%u overhead=%s cr3=%s seg=%s "
	       "fastpath=%s slowpath=%s%s%s\n", name, w, v, per, ops, ov, cr3, seg, fast,
	       slow, *extra ? " " : "", extra);
	bench_lines++;
}
