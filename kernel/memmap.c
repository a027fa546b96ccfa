// SPDX-License-Identifier: MIT
/*
 * memmap.c: usable physical memory from the loader's map. The algorithm is
 * an interval subtraction over sorted boundaries: collect every start and
 * end, and for each elementary interval ask whether some usable range covers
 * it and no reserved or used range does. O(n^2) with n <= 2*MEMMAP_MAX; runs
 * once at boot.
 */
#include "memmap.h"

#define PAGE_MASK_64 0xFFFull

int memmap_add(struct memmap *m, uint64_t base, uint64_t end, uint32_t type)
{
	if (end <= base)
		return 0;
	if (m->count >= MEMMAP_MAX)
		return -1;
	m->r[m->count++] = (struct mem_range){ base, end, type };
	return 0;
}

static int covered(const struct memmap *m, uint64_t a, uint64_t b, int want_usable)
{
	for (unsigned i = 0; m && i < m->count; i++) {
		const struct mem_range *r = &m->r[i];
		int usable = r->type == MEM_USABLE;
		if (usable == want_usable && r->base <= a && b <= r->end)
			return 1;
	}
	return 0;
}

static int overlaps_any(const struct memmap *m, uint64_t a, uint64_t b)
{
	for (unsigned i = 0; m && i < m->count; i++)
		if (m->r[i].base < b && a < m->r[i].end)
			return 1;
	return 0;
}

/* True when [a, b) contains at least one whole page. */
static int whole_page(uint64_t a, uint64_t b)
{
	if (a > ~PAGE_MASK_64)
		return 0;
	uint64_t first = (a + PAGE_MASK_64) & ~PAGE_MASK_64;
	return first < b && b - first >= PAGE_MASK_64 + 1;
}

static void sort_points(uint64_t *p, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t v = p[i];
		unsigned j = i;
		while (j > 0 && p[j - 1] > v) {
			p[j] = p[j - 1];
			j--;
		}
		p[j] = v;
	}
}

void memmap_usable(const struct memmap *in, const struct memmap *used,
                   uint64_t limit, struct memmap *out)
{
	uint64_t pts[4 * MEMMAP_MAX + 1];
	unsigned n = 0;

	for (unsigned i = 0; i < in->count; i++) {
		pts[n++] = in->r[i].base;
		pts[n++] = in->r[i].end;
	}
	for (unsigned i = 0; used && i < used->count; i++) {
		pts[n++] = used->r[i].base;
		pts[n++] = used->r[i].end;
	}
	pts[n++] = limit;
	sort_points(pts, n);

	out->count = 0;
	uint64_t pa = 0, pb = 0;         /* the pending interval, not yet added */
	for (unsigned i = 0; i + 1 < n; i++) {
		uint64_t a = pts[i], b = pts[i + 1];
		if (a == b || a >= limit)
			continue;
		if (!covered(in, a, b, 1) || covered(in, a, b, 0) ||
		    overlaps_any(used, a, b))
			continue;
		if (pb == a && pb != pa) {      /* contiguous: extend */
			pb = b;
			continue;
		}
		if (whole_page(pa, pb))
			memmap_add(out, pa, pb, MEM_USABLE);
		pa = a, pb = b;
	}
	if (whole_page(pa, pb))
		memmap_add(out, pa, pb, MEM_USABLE);

	/* Page-align inward and drop what vanishes. */
	unsigned k = 0;
	for (unsigned i = 0; i < out->count; i++) {
		uint64_t a = out->r[i].base, b = out->r[i].end & ~PAGE_MASK_64;
		a = a > ~PAGE_MASK_64 ? b : (a + PAGE_MASK_64) & ~PAGE_MASK_64;
		if (a < b)
			out->r[k++] = (struct mem_range){ a, b, MEM_USABLE };
	}
	out->count = k;
}

uint64_t memmap_total(const struct memmap *m)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < m->count; i++)
		t += m->r[i].end - m->r[i].base;
	return t;
}
