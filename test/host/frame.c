// SPDX-License-Identifier: MIT
/*
 * test/host/frame.c: host unit tests for kernel/frame.c, the bitmap frame
 * pool (frame_pool_init / alloc / alloc_run / free / owns) and
 * kmem_pool_size. Covers exhaustion (alloc returns 0), distinct aligned
 * owned frames, free restoring the count, double and foreign frees rejected
 * without any change, alloc_run alignment by physical address and
 * contiguity, and a long random alloc/free sequence checked after every
 * step against a model, with the invariant nfree == clear bits.
 */
#include <stdint.h>
#include <string.h>
#include "frame.h"
#include "tap.h"

#define MiB (1024u * 1024)

static struct frame_pool pool, snap;

/* nfree equals the clear bits among the first nframes; no bit beyond. */
static bool invariant(const struct frame_pool *p)
{
	uint32_t clear = 0;
	for (uint32_t i = 0; i < FRAME_POOL_MAX; i++) {
		bool set = p->bitmap[i / 32] >> (i % 32) & 1;
		if (i < p->nframes)
			clear += !set;
		else if (set)
			return false;
	}
	return clear == p->nfree;
}

static void take_snapshot(void) { memcpy(&snap, &pool, sizeof pool); }
/* Ignores the search hint, which a rejected call may legitimately keep. */
static bool unchanged(void)
{
	return pool.base == snap.base && pool.nframes == snap.nframes &&
	       pool.nfree == snap.nfree &&
	       memcmp(pool.bitmap, snap.bitmap, sizeof pool.bitmap) == 0;
}

static void test_init(void)
{
	memset(&pool, 0xFF, sizeof pool);
	frame_pool_init(&pool, 0x400000, 100);
	ok(pool.base == 0x400000 && pool.nframes == 100 && pool.nfree == 100,
	   "init: base, nframes, nfree");
	ok(invariant(&pool), "init clears a dirty bitmap");

	memset(&pool, 0xFF, sizeof pool);
	frame_pool_init(&pool, 0x400000, FRAME_POOL_MAX + 1000);
	is_uint(pool.nframes, FRAME_POOL_MAX, "init clamps nframes to FRAME_POOL_MAX");
	is_uint(pool.nfree, FRAME_POOL_MAX, "init clamps nfree too");
	ok(invariant(&pool), "clamped pool: invariant holds");

	frame_pool_init(&pool, 0x400000, 0);
	is_uint(frame_pool_alloc(&pool), 0, "empty pool: alloc returns 0");
	is_uint(frame_pool_alloc_run(&pool, 1, 1), 0, "empty pool: alloc_run returns 0");
	ok(!frame_pool_owns(&pool, 0x400000), "empty pool owns nothing");
	ok(!frame_pool_free(&pool, 0x400000), "empty pool: free rejected");
}

static void test_owns(void)
{
	frame_pool_init(&pool, 0x400000, 100);
	ok(frame_pool_owns(&pool, 0x400000), "owns the first frame");
	ok(frame_pool_owns(&pool, 0x400000 + 99 * FRAME_SIZE), "owns the last frame");
	ok(!frame_pool_owns(&pool, 0x400000 + 100 * FRAME_SIZE), "does not own one past the end");
	ok(!frame_pool_owns(&pool, 0x400000 - FRAME_SIZE), "does not own the frame below");
	ok(!frame_pool_owns(&pool, 0x400800), "does not own an unaligned address");
	ok(!frame_pool_owns(&pool, 0x400001), "does not own base + 1");
	ok(!frame_pool_owns(&pool, 0), "does not own 0");
	ok(!frame_pool_owns(&pool, 0xFFFFF000), "does not own the top frame");

	/* Pool at the very top of the 32-bit space: no overflow in the bounds. */
	frame_pool_init(&pool, 0xFFFF0000, 16);
	ok(frame_pool_owns(&pool, 0xFFFFF000), "top pool owns 0xFFFFF000");
	ok(!frame_pool_owns(&pool, 0xFFFEF000), "top pool: not the frame below");
	ok(!frame_pool_owns(&pool, 0), "top pool: 0 (wrapped end) not owned");
}

static void test_alloc_all(uint32_t base, uint32_t n)
{
	static bool seen[FRAME_POOL_MAX];
	static uint32_t got[FRAME_POOL_MAX];
	bool distinct = true, aligned = true, owned = true, nonzero = true;

	frame_pool_init(&pool, base, n);
	memset(seen, 0, sizeof seen);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t pa = frame_pool_alloc(&pool);
		got[i] = pa;
		nonzero &= pa != 0;
		aligned &= pa % FRAME_SIZE == 0;
		owned &= frame_pool_owns(&pool, pa);
		if (pa >= base && (pa - base) / FRAME_SIZE < n) {
			distinct &= !seen[(pa - base) / FRAME_SIZE];
			seen[(pa - base) / FRAME_SIZE] = true;
		} else {
			distinct = false;
		}
	}
	ok(nonzero, "%u frames at 0x%x: every alloc succeeds", n, base);
	ok(aligned, "%u frames: every frame page-aligned", n);
	ok(owned, "%u frames: every frame owned by the pool", n);
	ok(distinct, "%u frames: every frame distinct", n);
	is_uint(pool.nfree, 0, "%u frames: nfree is 0", n);
	ok(invariant(&pool), "%u frames: invariant holds when full", n);
	is_uint(frame_pool_alloc(&pool), 0, "%u frames: alloc on a full pool returns 0", n);
	is_uint(frame_pool_alloc(&pool), 0, "%u frames: and again", n);
	is_uint(frame_pool_alloc_run(&pool, 1, 1), 0, "%u frames: alloc_run on a full pool returns 0", n);
	is_uint(pool.nfree, 0, "%u frames: nfree still 0", n);

	/* A freed frame is the one the next alloc finds, wherever the hint is. */
	uint32_t mid = base + (n / 2) * FRAME_SIZE;
	ok(frame_pool_free(&pool, mid), "%u frames: free the middle frame", n);
	is_uint(pool.nfree, 1, "%u frames: nfree 1", n);
	is_uint(frame_pool_alloc(&pool), mid, "%u frames: alloc finds the only free frame", n);
	ok(frame_pool_free(&pool, base), "%u frames: free frame 0", n);
	is_uint(frame_pool_alloc(&pool), base, "%u frames: alloc wraps around to frame 0", n);

	bool freed = true;
	for (uint32_t i = 0; i < n; i++)
		freed &= frame_pool_free(&pool, got[i]);
	ok(freed, "%u frames: every frame frees", n);
	is_uint(pool.nfree, n, "%u frames: free restores nfree", n);
	ok(invariant(&pool), "%u frames: invariant holds when empty", n);

	take_snapshot();
	bool rejected = true;
	for (uint32_t i = 0; i < n; i++)
		rejected &= !frame_pool_free(&pool, got[i]);
	ok(rejected, "%u frames: double free rejected for every frame", n);
	ok(unchanged(), "%u frames: double frees change nothing", n);
}

static void test_bad_free(void)
{
	frame_pool_init(&pool, 0x800000, 64);
	uint32_t a = frame_pool_alloc(&pool), b = frame_pool_alloc(&pool);
	ok(a && b && a != b, "two frames");
	take_snapshot();
	ok(!frame_pool_free(&pool, 0x800000 - FRAME_SIZE), "free below the pool rejected");
	ok(!frame_pool_free(&pool, 0x800000 + 64 * FRAME_SIZE), "free just past the pool rejected");
	ok(!frame_pool_free(&pool, a + 0x10), "free of an unaligned address rejected");
	ok(!frame_pool_free(&pool, a + FRAME_SIZE - 1), "free of the frame's last byte rejected");
	ok(!frame_pool_free(&pool, 0), "free of 0 rejected");
	ok(!frame_pool_free(&pool, 0x800000 + 40 * FRAME_SIZE), "free of a never-allocated frame rejected");
	ok(unchanged(), "rejected frees change neither count nor bitmap");
	ok(frame_pool_free(&pool, a), "free of an allocated frame accepted");
	is_uint(pool.nfree, 63, "nfree up by one");
	ok(!frame_pool_free(&pool, a), "second free of it rejected");
	is_uint(pool.nfree, 63, "nfree unchanged by the double free");
	ok(frame_pool_owns(&pool, a), "a free frame is still owned");
	ok(invariant(&pool), "invariant holds");
}

static bool run_is_allocated(uint32_t pa, uint32_t n)
{
	/* Every frame of the run is allocated: a free succeeds exactly once. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t idx = (pa - pool.base) / FRAME_SIZE + i;
		if (!frame_pool_owns(&pool, pa + i * FRAME_SIZE) ||
		    !(pool.bitmap[idx / 32] >> (idx % 32) & 1))
			return false;
	}
	return true;
}

static void test_alloc_run(void)
{
	/* Base at frame 1027: index alignment differs from physical alignment. */
	static const uint32_t aligns[] = { 1, 2, 4, 8, 16, 64, 256 };
	for (unsigned k = 0; k < sizeof aligns / sizeof aligns[0]; k++) {
		uint32_t al = aligns[k];
		frame_pool_init(&pool, 0x403000, 1024);
		frame_pool_alloc(&pool);        /* frame 0 taken */
		uint32_t pa = frame_pool_alloc_run(&pool, 3, al);
		ok(pa != 0 && pa % (al * FRAME_SIZE) == 0,
		   "alloc_run(3, %u): physical address 0x%x aligned to %u frames", al, pa, al);
		ok(pa && run_is_allocated(pa, 3), "alloc_run(3, %u): 3 contiguous frames allocated", al);
		is_uint(pool.nfree, 1024 - 1 - 3, "alloc_run(3, %u): nfree down by 3", al);
		ok(invariant(&pool), "alloc_run(3, %u): invariant", al);
	}

	frame_pool_init(&pool, 0x400000, 64);
	uint32_t r1 = frame_pool_alloc_run(&pool, 5, 1);
	uint32_t r2 = frame_pool_alloc_run(&pool, 5, 1);
	ok(r1 && r2 && (r2 >= r1 + 5 * FRAME_SIZE || r1 >= r2 + 5 * FRAME_SIZE),
	   "two runs do not overlap");
	bool outside = true;
	for (int i = 0; i < 54; i++) {
		uint32_t pa = frame_pool_alloc(&pool);
		outside &= pa && !(pa >= r1 && pa < r1 + 5 * FRAME_SIZE) &&
		           !(pa >= r2 && pa < r2 + 5 * FRAME_SIZE);
	}
	ok(outside, "single allocs never return a frame of a run");
	is_uint(pool.nfree, 0, "pool exhausted by runs and singles");
	bool each = true;
	for (uint32_t i = 0; i < 5; i++)
		each &= frame_pool_free(&pool, r1 + i * FRAME_SIZE);
	ok(each, "a run's frames free one by one");
	is_uint(pool.nfree, 5, "nfree 5 after freeing a run");

	frame_pool_init(&pool, 0x400000, 64);
	is_uint(frame_pool_alloc_run(&pool, 64, 1), 0x400000, "run of the whole pool");
	is_uint(pool.nfree, 0, "whole-pool run leaves nothing");

	frame_pool_init(&pool, 0x400000, 64);
	take_snapshot();
	is_uint(frame_pool_alloc_run(&pool, 65, 1), 0, "run larger than the pool fails");
	is_uint(frame_pool_alloc_run(&pool, 0, 1), 0, "run of 0 frames fails");
	is_uint(frame_pool_alloc_run(&pool, 1, 0), 0, "alignment 0 fails");
	is_uint(frame_pool_alloc_run(&pool, 1, 3), 0, "alignment 3 (not a power of two) fails");
	is_uint(frame_pool_alloc_run(&pool, 2, 12), 0, "alignment 12 fails");
	ok(unchanged(), "failed runs change nothing");

	/* Fragmented: every other frame free, no run of 2 exists. */
	frame_pool_init(&pool, 0x400000, 64);
	for (int i = 0; i < 64; i++)
		frame_pool_alloc(&pool);
	for (uint32_t i = 0; i < 64; i += 2)
		frame_pool_free(&pool, 0x400000 + i * FRAME_SIZE);
	take_snapshot();
	is_uint(pool.nfree, 32, "fragmented: 32 frames free");
	is_uint(frame_pool_alloc_run(&pool, 2, 1), 0, "fragmented: no run of 2");
	is_uint(frame_pool_alloc_run(&pool, 33, 1), 0, "run larger than nfree fails");
	ok(unchanged(), "fragmented: failed runs change nothing");
	uint32_t one = frame_pool_alloc_run(&pool, 1, 2);
	ok(one && one % (2 * FRAME_SIZE) == 0 && ((one - 0x400000) / FRAME_SIZE) % 2 == 0,
	   "fragmented: run of 1 aligned to 2 finds a free even frame");

	/* 8 free frames starting at frame 1027: no 8-aligned run of 8 fits. */
	frame_pool_init(&pool, 0x403000, 8);
	take_snapshot();
	is_uint(frame_pool_alloc_run(&pool, 8, 8), 0, "8 frames at 0x403000: no 8-aligned run of 8");
	ok(unchanged(), "impossible alignment changes nothing");
	is_uint(frame_pool_alloc_run(&pool, 3, 8), 0x408000, "run of 3 aligned to 8 at 0x408000");
	is_uint(frame_pool_alloc_run(&pool, 1, 4), 0x404000, "run of 1 aligned to 4 at 0x404000");
	is_uint(frame_pool_alloc_run(&pool, 2, 1), 0x405000, "run of 2 unaligned at 0x405000");
	is_uint(frame_pool_alloc_run(&pool, 2, 1), 0, "no run of 2 left");
	is_uint(pool.nfree, 2, "2 frames left");
}

/* --- randomized alloc / free against a model --- */

static bool model[FRAME_POOL_MAX];

static bool bitmap_matches_model(void)
{
	for (uint32_t i = 0; i < pool.nframes; i++)
		if ((bool)(pool.bitmap[i / 32] >> (i % 32) & 1) != model[i])
			return false;
	return invariant(&pool);
}

static bool model_has_run(uint32_t n, uint32_t align)
{
	uint32_t bf = pool.base / FRAME_SIZE;
	for (uint32_t i = 0; i + n <= pool.nframes; i++) {
		if ((bf + i) % align)
			continue;
		uint32_t j = 0;
		while (j < n && !model[i + j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

static void test_random(void)
{
	unsigned bad = 0, ops = 0, allocs = 0, runs = 0, frees = 0;
	tap_srand(0xf4a3e);
	for (unsigned round = 0; round < 40; round++) {
		uint32_t n = round % 8 == 7 ? FRAME_POOL_MAX - tap_rand(40)
		           : 1 + tap_rand(round % 2 ? 80 : 1000);
		uint32_t base = (1 + tap_rand(0xFFFFF - n - 1)) * FRAME_SIZE;
		uint32_t nalloc = 0;
		const char *why = NULL;

		frame_pool_init(&pool, base, n);
		memset(model, 0, sizeof model);
		for (unsigned step = 0; step < 4000 && !why; step++, ops++) {
			unsigned op = tap_rand(100);
			if (op < 40) {
				uint32_t pa = frame_pool_alloc(&pool);
				if (!pa) {
					if (nalloc != n)
						why = "alloc failed with frames free";
				} else if (!frame_pool_owns(&pool, pa) || pa % FRAME_SIZE)
					why = "alloc returned a frame not of the pool";
				else if (model[(pa - base) / FRAME_SIZE])
					why = "alloc returned an allocated frame";
				else
					model[(pa - base) / FRAME_SIZE] = true, nalloc++, allocs++;
			} else if (op < 75) {
				if (!nalloc)
					continue;
				uint32_t i = tap_rand(n);
				while (!model[i])
					i = i + 1 < n ? i + 1 : 0;
				if (!frame_pool_free(&pool, base + i * FRAME_SIZE))
					why = "free of an allocated frame rejected";
				model[i] = false, nalloc--, frees++;
			} else if (op < 85) {
				uint32_t pa;
				switch (tap_rand(4)) {
				case 0: pa = base + tap_rand(n) * FRAME_SIZE; break;
				case 1: pa = base - FRAME_SIZE * (1 + tap_rand(4)); break;
				case 2: pa = base + (n + tap_rand(4)) * FRAME_SIZE; break;
				default: pa = base + tap_rand(n) * FRAME_SIZE + 1 + tap_rand(FRAME_SIZE - 1); break;
				}
				bool valid = pa >= base && (pa - base) % FRAME_SIZE == 0 &&
				             (pa - base) / FRAME_SIZE < n &&
				             model[(pa - base) / FRAME_SIZE];
				bool r = frame_pool_free(&pool, pa);
				if (r != valid)
					why = valid ? "valid free rejected" : "bad free accepted";
				else if (valid)
					model[(pa - base) / FRAME_SIZE] = false, nalloc--, frees++;
			} else {
				uint32_t len = tap_rand(4) ? 1 + tap_rand(8) : 1 + tap_rand(n + 2);
				uint32_t al = 1u << tap_rand(7);
				bool possible = len <= n - nalloc && model_has_run(len, al);
				uint32_t pa = frame_pool_alloc_run(&pool, len, al);
				if (!pa) {
					if (possible)
						why = "alloc_run failed though a run exists";
				} else if (!possible)
					why = "alloc_run succeeded though no run exists";
				else if (pa % (al * FRAME_SIZE) || !frame_pool_owns(&pool, pa) ||
				         !frame_pool_owns(&pool, pa + (len - 1) * FRAME_SIZE))
					why = "alloc_run returned a misaligned or foreign run";
				else {
					uint32_t i0 = (pa - base) / FRAME_SIZE;
					for (uint32_t j = 0; j < len; j++) {
						if (model[i0 + j])
							why = "alloc_run returned an allocated frame";
						model[i0 + j] = true;
					}
					nalloc += len, runs++;
				}
			}
			if (!why && pool.nfree != n - nalloc)
				why = "nfree differs from the model";
			if (!why && (step % 16 == 0 || n < 2000) && !bitmap_matches_model())
				why = "bitmap differs from the model, or nfree != clear bits";
		}
		if (!why && !bitmap_matches_model())
			why = "bitmap differs from the model at the end";
		if (why && ++bad <= 3)
			diag("round %u (base 0x%x, %u frames): %s", round, base, n, why);
	}
	is_uint(bad, 0, "%u random operations (%u allocs, %u runs, %u frees) match the model",
	        ops, allocs, runs, frees);
}

static void test_kmem_pool_size(void)
{
	is_uint(kmem_pool_size(0), 2 * MiB, "kmem_pool_size(0) = 2 MiB (the minimum)");
	is_uint(kmem_pool_size(8 * MiB), 2 * MiB, "8 MiB usable: 2 MiB");
	is_uint(kmem_pool_size(16 * MiB), 2 * MiB, "16 MiB usable: 2 MiB");
	is_uint(kmem_pool_size(17 * MiB), 17 * MiB / 8, "17 MiB usable: an eighth");
	is_uint(kmem_pool_size(128 * MiB), 16 * MiB, "128 MiB usable: 16 MiB");
	is_uint(kmem_pool_size(100000000), 12500000 & ~4095u, "an eighth rounded down to frames");
	is_uint(kmem_pool_size(512 * MiB), 64 * MiB, "512 MiB usable: 64 MiB");
	is_uint(kmem_pool_size(512 * MiB - 8), 64 * MiB - FRAME_SIZE, "just under 512 MiB");
	is_uint(kmem_pool_size(4096ull * MiB), 64 * MiB, "4 GiB usable: capped at 64 MiB");
	is_uint(kmem_pool_size(UINT64_MAX), 64 * MiB, "UINT64_MAX: capped at 64 MiB");
	is_uint(kmem_pool_size(1ull << 35), FRAME_POOL_MAX * FRAME_SIZE, "cap is FRAME_POOL_MAX frames");

	bool good = true;
	uint32_t prev = 0;
	tap_srand(5);
	for (int i = 0; i < 20000 && good; i++) {
		uint64_t u = i < 10000 ? (uint64_t)i * 77777u : tap_rand64() >> tap_rand(64);
		uint32_t s = kmem_pool_size(u);
		uint64_t eighth = u / 8;
		good = s % FRAME_SIZE == 0 && s >= 2 * MiB && s <= FRAME_POOL_MAX * FRAME_SIZE &&
		       (eighth < 2 * MiB || eighth >= (uint64_t)FRAME_POOL_MAX * FRAME_SIZE ||
		        (s <= eighth && s + FRAME_SIZE > eighth)) &&
		       (i >= 10000 || s >= prev);
		if (!good)
			diag("kmem_pool_size(%llu) = %u", (unsigned long long)u, s);
		prev = s;
	}
	ok(good, "kmem_pool_size: whole frames, within [2 MiB, 64 MiB], an eighth, monotonic");
}

int main(void)
{
	test_init();
	test_owns();
	test_alloc_all(0x400000, 100);
	test_alloc_all(0x1000, 1);
	test_alloc_all(0x200000, 32);
	test_alloc_all(0x200000, 33);
	test_alloc_all(0x10000000, FRAME_POOL_MAX);
	test_bad_free();
	test_alloc_run();
	test_random();
	test_kmem_pool_size();
	return done_testing();
}
