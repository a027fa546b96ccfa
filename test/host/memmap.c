// SPDX-License-Identifier: MIT
/*
 * test/host/memmap.c: host unit tests for kernel/memmap.c (memmap_add,
 * memmap_usable, memmap_total). Hand-written cases cover the rules one by
 * one: reserved wins over usable, 'used' ranges cut holes, page alignment
 * inward, the limit clips, adjacent ranges merge, empty input, addresses
 * above 4 GiB, a realistic PC map; then thousands of random maps are
 * checked page by page against a byte-granular model.
 */
#include <stdint.h>
#include <string.h>
#include "memmap.h"
#include "tap.h"

#define KiB 1024ull
#define MiB (1024ull * 1024)
#define GiB (1024ull * 1024 * 1024)
#define NOLIMIT UINT64_MAX

static struct memmap in, used, out;

static void reset(void)
{
	memset(&in, 0xA5, sizeof in);       /* garbage beyond count */
	memset(&used, 0xA5, sizeof used);
	memset(&out, 0xA5, sizeof out);
	in.count = used.count = 0;
}

/* Compares out against want[] (pairs base,end); one test per call. */
static bool expect(int line, const char *name, unsigned n, const uint64_t *want)
{
	bool good = out.count == n;
	for (unsigned i = 0; good && i < n; i++)
		good = out.r[i].base == want[2 * i] && out.r[i].end == want[2 * i + 1] &&
		       out.r[i].type == MEM_USABLE;
	tap_ok(good, __FILE__, line, "%s", name);
	if (!good) {
		diag("  expected %u range%s:", n, n == 1 ? "" : "s");
		for (unsigned i = 0; i < n; i++)
			diag("    [0x%llx, 0x%llx)", (unsigned long long)want[2 * i],
			     (unsigned long long)want[2 * i + 1]);
		diag("  got %u:", out.count);
		for (unsigned i = 0; i < out.count && i < MEMMAP_MAX; i++)
			diag("    [0x%llx, 0x%llx) type %u", (unsigned long long)out.r[i].base,
			     (unsigned long long)out.r[i].end, out.r[i].type);
	}
	return good;
}

#define EXPECT(name, ...)                                                     \
	do {                                                                  \
		static const uint64_t w_[] = { 0, ##__VA_ARGS__ };            \
		expect(__LINE__, name, (sizeof w_ / sizeof w_[0] - 1) / 2, w_ + 1);     \
	} while (0)

static void test_add_total(void)
{
	struct memmap m;
	m.count = 0;
	is_int(memmap_add(&m, 0x1000, 0x1000, MEM_USABLE), 0, "add: empty range returns 0");
	is_uint(m.count, 0, "add: empty range is not stored");
	is_int(memmap_add(&m, 0x2000, 0x1000, MEM_USABLE), 0, "add: inverted range returns 0");
	is_uint(m.count, 0, "add: inverted range is not stored");
	is_int(memmap_add(&m, 0x1000, 0x3000, MEM_RESERVED), 0, "add: a range returns 0");
	ok(m.count == 1 && m.r[0].base == 0x1000 && m.r[0].end == 0x3000 &&
	   m.r[0].type == MEM_RESERVED, "add: stored as given");
	is_uint(memmap_total(&m), 0x2000, "total of one range");

	m.count = 0;
	int rc = 0;
	for (unsigned i = 0; i < MEMMAP_MAX; i++)
		rc |= memmap_add(&m, i * 0x10000ull, i * 0x10000ull + 0x100 + i, MEM_USABLE);
	is_int(rc, 0, "add: %u ranges fit", MEMMAP_MAX);
	is_uint(m.count, MEMMAP_MAX, "add: count is MEMMAP_MAX");
	is_int(memmap_add(&m, 5 * GiB, 6 * GiB, MEM_USABLE), -1, "add: full table returns -1");
	is_uint(m.count, MEMMAP_MAX, "add: full table keeps its count");
	is_int(memmap_add(&m, 5, 5, MEM_USABLE), 0, "add: empty range into a full table is still 0");
	is_uint(memmap_total(&m), MEMMAP_MAX * 0x100ull + MEMMAP_MAX * (MEMMAP_MAX - 1) / 2,
	        "total of %u ranges", MEMMAP_MAX);

	m.count = 0;
	is_uint(memmap_total(&m), 0, "total of an empty map is 0");
	memmap_add(&m, 0, 4 * GiB, MEM_USABLE);
	memmap_add(&m, 8 * GiB, 12 * GiB + 0x1000, MEM_USABLE);
	is_uint(memmap_total(&m), 8 * GiB + 0x1000, "total above 4 GiB is 64-bit");
}

static void test_basic(void)
{
	reset();
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("empty input gives no ranges");

	reset();
	memmap_usable(&in, NULL, NOLIMIT, &out);
	EXPECT("empty input, no used map");

	reset();
	memmap_add(&in, 1 * MiB, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("one aligned usable range", 1 * MiB, 2 * MiB);

	reset();
	memmap_add(&in, 1 * MiB, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, NULL, NOLIMIT, &out);
	EXPECT("one range, used map NULL", 1 * MiB, 2 * MiB);

	reset();
	memmap_add(&in, 1 * MiB, 2 * MiB, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("only reserved gives nothing");

	reset();
	memmap_add(&in, 1 * MiB, 2 * MiB, 3);
	memmap_add(&in, 3 * MiB, 4 * MiB, 4);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("other types (ACPI, NVS) are not usable");

	reset();
	memmap_add(&in, 0x1001, 0x5fff, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("alignment inward on both ends", 0x2000, 0x5000);

	reset();
	memmap_add(&in, 0x1000, 0x1fff, MEM_USABLE);
	memmap_add(&in, 0x3001, 0x4fff, MEM_USABLE);
	memmap_add(&in, 0x6800, 0x7800, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("ranges without a whole page vanish");

	reset();
	memmap_add(&in, 0x9000, 0xA000, MEM_USABLE);
	memmap_add(&in, 0x1000, 0x2000, MEM_USABLE);
	memmap_add(&in, 0x5000, 0x6000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("output is sorted", 0x1000, 0x2000, 0x5000, 0x6000, 0x9000, 0xA000);
}

static void test_reserved_wins(void)
{
	reset();
	memmap_add(&in, 0, 0xA0000, MEM_USABLE);
	memmap_add(&in, 0x9F000, 0xA0000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("reserved at the top of usable is cut", 0, 0x9F000);

	reset();
	memmap_add(&in, 0x9F000, 0xA0000, MEM_RESERVED);
	memmap_add(&in, 0, 0xA0000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("reserved listed first: same result", 0, 0x9F000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&in, 0x4000, 0x6000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("reserved in the middle splits", 0, 0x4000, 0x6000, 0x10000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&in, 0x3800, 0x4001, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("pages touched by an unaligned reserved range are lost",
	       0, 0x3000, 0x5000, 0x10000);

	reset();
	memmap_add(&in, 0x2000, 0x8000, MEM_USABLE);
	memmap_add(&in, 0, 0x10000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("reserved covering all of usable leaves nothing");

	reset();
	memmap_add(&in, 0x4000, 0x8000, MEM_USABLE);
	memmap_add(&in, 0x2000, 0x5000, MEM_RESERVED);
	memmap_add(&in, 0x7000, 0x9000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("reserved overlapping both ends", 0x5000, 0x7000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&in, 0x2000, 0x3000, 3);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("a non-usable type inside usable also cuts", 0, 0x2000, 0x3000, 0x10000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&in, 0x2000, 0x3000, MEM_USABLE);
	memmap_add(&in, 0x2800, 0x2900, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("a usable duplicate does not override reserved", 0, 0x2000, 0x3000, 0x10000);
}

static void test_used(void)
{
	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&used, 0x2000, 0x3000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("a used range cuts a hole", 0, 0x2000, 0x3000, 0x10000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&used, 0x2000, 0x3000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("a used range cuts a hole whatever its type", 0, 0x2000, 0x3000, 0x10000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&used, 0x2100, 0x2200, MEM_RESERVED);
	memmap_add(&used, 0x7fff, 0x8001, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("unaligned used ranges take whole pages",
	       0, 0x2000, 0x3000, 0x7000, 0x9000, 0x10000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&used, 0, 0x1000, MEM_RESERVED);
	memmap_add(&used, 0xF000, 0x20000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("used at both edges and beyond", 0x1000, 0xF000);

	reset();
	memmap_add(&in, 0, 0x10000, MEM_USABLE);
	memmap_add(&used, 0x3000, 0x6000, MEM_RESERVED);
	memmap_add(&used, 0x4000, 0x8000, MEM_RESERVED);
	memmap_add(&used, 0x2000, 0x3000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("overlapping and adjacent used ranges", 0, 0x2000, 0x8000, 0x10000);

	reset();
	memmap_add(&in, 0x10000, 0x20000, MEM_USABLE);
	memmap_add(&used, 0, 0x8000, MEM_RESERVED);
	memmap_add(&used, 0x30000, 0x40000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("used ranges outside usable change nothing", 0x10000, 0x20000);

	reset();
	memmap_add(&in, 0x10000, 0x20000, MEM_USABLE);
	memmap_add(&used, 0x10000, 0x20000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("used equal to usable leaves nothing");
}

static void test_limit(void)
{
	reset();
	memmap_add(&in, 0, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, 0x180000, &out);
	EXPECT("limit clips a range", 0, 0x180000);

	reset();
	memmap_add(&in, 0, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, 0x180800, &out);
	EXPECT("unaligned limit clips to the page below", 0, 0x180000);

	reset();
	memmap_add(&in, 0, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, 2 * MiB, &out);
	EXPECT("limit at the end changes nothing", 0, 2 * MiB);

	reset();
	memmap_add(&in, 1 * MiB, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, 1 * MiB, &out);
	EXPECT("limit at the base drops the range");

	reset();
	memmap_add(&in, 1 * MiB, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, 0x80000, &out);
	EXPECT("limit below the base drops the range");

	reset();
	memmap_add(&in, 0, 2 * MiB, MEM_USABLE);
	memmap_usable(&in, &used, 0, &out);
	EXPECT("limit 0 drops everything");

	reset();
	memmap_add(&in, 0, 0x4000, MEM_USABLE);
	memmap_add(&in, 0x8000, 0xC000, MEM_USABLE);
	memmap_add(&in, 0x10000, 0x14000, MEM_USABLE);
	memmap_usable(&in, &used, 0x9000, &out);
	EXPECT("limit drops whole ranges above it", 0, 0x4000, 0x8000, 0x9000);

	reset();
	memmap_add(&in, 3 * GiB, 6 * GiB, MEM_USABLE);
	memmap_usable(&in, &used, 4 * GiB, &out);
	EXPECT("range straddling 4 GiB clipped at 4 GiB", 3 * GiB, 4 * GiB);

	reset();
	memmap_add(&in, 4 * GiB, 6 * GiB + 0x1800, MEM_USABLE);
	memmap_add(&in, 5 * GiB, 5 * GiB + 0x1000, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("64-bit addresses above 4 GiB", 4 * GiB, 5 * GiB,
	       5 * GiB + 0x1000, 6 * GiB + 0x1000);
	is_uint(memmap_total(&out), 2 * GiB, "64-bit total");

	reset();
	memmap_add(&in, 4 * GiB, 6 * GiB, MEM_USABLE);
	memmap_usable(&in, &used, 4 * GiB, &out);
	EXPECT("everything above a 4 GiB limit dropped");
}

static void test_merge(void)
{
	reset();
	memmap_add(&in, 0x1000, 0x2800, MEM_USABLE);
	memmap_add(&in, 0x2800, 0x5000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("adjacent ranges merge before alignment", 0x1000, 0x5000);

	reset();
	memmap_add(&in, 0x3000, 0x5000, MEM_USABLE);
	memmap_add(&in, 0x1000, 0x3000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("adjacent ranges merge in any order", 0x1000, 0x5000);

	reset();
	memmap_add(&in, 0x1000, 0x4000, MEM_USABLE);
	memmap_add(&in, 0x2000, 0x6000, MEM_USABLE);
	memmap_add(&in, 0x1000, 0x4000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("overlapping and duplicate usable ranges merge", 0x1000, 0x6000);

	reset();
	for (unsigned i = 0; i < 16; i++)
		memmap_add(&in, 0x100000 + i * 0x1000, 0x101000 + i * 0x1000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("16 page-sized pieces merge into one", 0x100000, 0x110000);

	reset();
	memmap_add(&in, 0x1000, 0x3000, MEM_USABLE);
	memmap_add(&in, 0x3001, 0x6000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("a one-byte gap is not merged over", 0x1000, 0x3000, 0x4000, 0x6000);

	reset();
	memmap_add(&in, 0x1000, 0x5000, MEM_USABLE);
	memmap_add(&in, 0x5000, 0x8000, MEM_RESERVED);
	memmap_add(&in, 0x8000, 0x9000, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("ranges separated by reserved stay apart", 0x1000, 0x5000, 0x8000, 0x9000);
}

/* A QEMU-like PC: low memory, the BIOS area, 128 MiB, a high BIOS ROM. */
static void test_realistic(void)
{
	reset();
	memmap_add(&in, 0, 0x9FC00, MEM_USABLE);
	memmap_add(&in, 0x9FC00, 0xA0000, MEM_RESERVED);
	memmap_add(&in, 0xF0000, 0x100000, MEM_RESERVED);
	memmap_add(&in, 0x100000, 0x7FE0000, MEM_USABLE);
	memmap_add(&in, 0x7FE0000, 0x8000000, MEM_RESERVED);
	memmap_add(&in, 0xFFFC0000, 0x100000000, MEM_RESERVED);
	memmap_add(&used, 0, 0x100000, MEM_RESERVED);               /* low memory */
	memmap_add(&used, 0x100000, 0x1793C4, MEM_RESERVED);        /* kernel */
	memmap_add(&used, 0x17B000, 0x1A3000, MEM_RESERVED);        /* sigma0 */
	memmap_add(&used, 0x1A3000, 0x1C0000, MEM_RESERVED);        /* root task */
	memmap_add(&used, 0x10000, 0x11000, MEM_RESERVED);          /* boot info */
	memmap_usable(&in, &used, 0x38000000, &out);
	EXPECT("PC map with kernel and modules",
	       0x17A000, 0x17B000,           /* the one free page after the kernel */
	       0x1C0000, 0x7FE0000);
	is_uint(memmap_total(&out), 0x7FE0000 - 0x1C0000 + 0x1000, "PC map total");
}

/*
 * 'used' has at most MEMMAP_MAX ranges; sub-page fragments that vanish in
 * the alignment step still must not push real memory out of the table.
 */
static void test_many_fragments(void)
{
	reset();
	memmap_add(&in, 0, 256 * MiB, MEM_USABLE);
	for (unsigned i = 0; i < MEMMAP_MAX; i++)
		memmap_add(&used, i * 0x1000ull + 0x100, i * 0x1000ull + 0x200, MEM_RESERVED);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("64 sub-page holes: one big range remains", MEMMAP_MAX * 0x1000ull, 256 * MiB);
}

/* The last page of the 64-bit space: rounding the base up must not wrap. */
static void test_top_of_space(void)
{
	reset();
	memmap_add(&in, UINT64_MAX - 0x7FF, UINT64_MAX, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("sub-page range at the top of the 64-bit space vanishes");

	reset();
	memmap_add(&in, UINT64_MAX - 0x2FFF, UINT64_MAX, MEM_USABLE);
	memmap_usable(&in, &used, NOLIMIT, &out);
	EXPECT("range ending at UINT64_MAX keeps its whole pages",
	       UINT64_MAX - 0x2FFF, UINT64_MAX - 0xFFF);
}

/* --- randomized cross-check against a byte-granular model --- */

#define SPACE (32u * 4096u)         /* 32 pages, byte-granular model */

static unsigned char model_use[SPACE], model_res[SPACE], model_busy[SPACE];

static uint64_t rand_point(void)
{
	switch (tap_rand(4)) {
	case 0: return tap_rand(SPACE / 4096 + 1) * 4096ull;      /* aligned */
	case 1: return tap_rand(SPACE + 1);                       /* any byte */
	case 2: return tap_rand(SPACE / 256 + 1) * 256ull;
	default: { uint64_t p = tap_rand(SPACE / 4096 + 1) * 4096ull;  /* page +- 1 */
		int d = (int)tap_rand(3) - 1;
		return (p == 0 && d < 0) || (p == SPACE && d > 0) ? p : p + d; }
	}
}

static void rand_range(uint64_t *a, uint64_t *b)
{
	uint64_t x = rand_point(), y = rand_point();
	if (tap_rand(8) == 0)
		y = x;                  /* empty now and then */
	*a = x < y ? x : y;
	*b = x < y ? y : x;
}

static void test_random(void)
{
	static const uint64_t offsets[] = { 0, 1 * MiB, 4 * GiB - SPACE / 2, 0x7FF00000000ull };
	unsigned bad = 0, cases = 2000;

	tap_srand(0x6d656d6d6170ull);
	for (unsigned c = 0; c < cases; c++) {
		uint64_t off = offsets[tap_rand(4)];
		unsigned nin = tap_rand(11), nused = tap_rand(6);
		uint64_t limit;
		switch (tap_rand(4)) {
		case 0: limit = NOLIMIT; break;
		case 1: limit = off + SPACE; break;
		default: limit = off + rand_point(); break;
		}

		reset();
		memset(model_use, 0, sizeof model_use);
		memset(model_res, 0, sizeof model_res);
		memset(model_busy, 0, sizeof model_busy);
		for (unsigned i = 0; i < nin; i++) {
			uint64_t a, b;
			unsigned t = tap_rand(10);
			uint32_t type = t < 6 ? MEM_USABLE : t < 9 ? MEM_RESERVED : 3;
			rand_range(&a, &b);
			memmap_add(&in, off + a, off + b, type);
			memset((type == MEM_USABLE ? model_use : model_res) + a, 1, b - a);
		}
		for (unsigned i = 0; i < nused; i++) {
			uint64_t a, b;
			rand_range(&a, &b);
			memmap_add(&used, off + a, off + b, tap_rand(2) ? MEM_RESERVED : MEM_USABLE);
			memset(model_busy + a, 1, b - a);
		}
		memmap_usable(&in, tap_rand(10) == 0 && nused == 0 ? NULL : &used, limit, &out);

		/* The model: a page is usable iff every byte in it is. */
		bool want[SPACE / 4096], got[SPACE / 4096];
		for (unsigned p = 0; p < SPACE / 4096; p++) {
			want[p] = off + (p + 1) * 4096ull <= limit;
			for (unsigned i = p * 4096; want[p] && i < (p + 1) * 4096; i++)
				want[p] = model_use[i] && !model_res[i] && !model_busy[i];
			got[p] = false;
		}

		const char *why = NULL;
		if (out.count > MEMMAP_MAX)
			why = "count above MEMMAP_MAX";
		for (unsigned i = 0; !why && i < out.count; i++) {
			const struct mem_range *r = &out.r[i];
			if (r->type != MEM_USABLE)
				why = "a range's type is not MEM_USABLE";
			else if (r->base >= r->end)
				why = "an empty or inverted range";
			else if ((r->base | r->end) & 0xFFF)
				why = "a range not page-aligned";
			else if (r->base < off || r->end > off + SPACE)
				why = "a range outside the input";
			else if (i && out.r[i - 1].end >= r->base)
				why = "ranges not sorted, overlapping or left unmerged";
			else
				for (uint64_t a = r->base; a < r->end; a += 4096)
					got[(a - off) / 4096] = true;
		}
		for (unsigned p = 0; !why && p < SPACE / 4096; p++)
			if (got[p] != want[p])
				why = got[p] ? "a page reported usable is not"
				             : "a usable page is missing";
		if (!why) {
			uint64_t pages = 0;
			for (unsigned p = 0; p < SPACE / 4096; p++)
				pages += want[p];
			if (memmap_total(&out) != pages * 4096)
				why = "memmap_total disagrees with the model";
		}
		if (why && ++bad <= 3) {
			diag("case %u: %s (offset 0x%llx, limit 0x%llx)", c, why,
			     (unsigned long long)off, (unsigned long long)limit);
			for (unsigned i = 0; i < in.count; i++)
				diag("  in   [0x%llx, 0x%llx) type %u",
				     (unsigned long long)in.r[i].base,
				     (unsigned long long)in.r[i].end, in.r[i].type);
			for (unsigned i = 0; i < used.count; i++)
				diag("  used [0x%llx, 0x%llx)", (unsigned long long)used.r[i].base,
				     (unsigned long long)used.r[i].end);
			for (unsigned i = 0; i < out.count && i < MEMMAP_MAX; i++)
				diag("  out  [0x%llx, 0x%llx)", (unsigned long long)out.r[i].base,
				     (unsigned long long)out.r[i].end);
		}
	}
	is_uint(bad, 0, "%u random maps agree page by page with a byte model", cases);
}

/* Random maps at full table size: memmap_usable must not overrun anything. */
static void test_full_tables(void)
{
	unsigned bad = 0;
	tap_srand(77);
	for (unsigned c = 0; c < 200; c++) {
		reset();
		for (unsigned i = 0; i < MEMMAP_MAX; i++) {
			uint64_t a = tap_rand(1u << 20) * 16ull, b = a + 1 + tap_rand(1u << 16);
			memmap_add(&in, a, b, tap_rand(3) ? MEM_USABLE : MEM_RESERVED);
			a = tap_rand(1u << 20) * 16ull;
			memmap_add(&used, a, a + 1 + tap_rand(1u << 12), MEM_RESERVED);
		}
		memmap_usable(&in, &used, NOLIMIT, &out);
		bool good = in.count == MEMMAP_MAX && used.count == MEMMAP_MAX &&
		            out.count <= MEMMAP_MAX;
		for (unsigned i = 0; good && i < out.count; i++)
			good = out.r[i].base < out.r[i].end &&
			       !((out.r[i].base | out.r[i].end) & 0xFFF) &&
			       (i == 0 || out.r[i - 1].end < out.r[i].base);
		bad += !good;
	}
	is_uint(bad, 0, "full input tables: output stays within MEMMAP_MAX, sorted, aligned");
}

int main(void)
{
	test_add_total();
	test_basic();
	test_reserved_wins();
	test_used();
	test_limit();
	test_merge();
	test_realistic();
	test_many_fragments();
	test_top_of_space();
	test_random();
	test_full_tables();
	return done_testing();
}
