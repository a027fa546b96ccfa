// SPDX-License-Identifier: MIT
/*
 * test/host/pager_region.c: host tests of the pager library's region map
 * (libl4/src/pager/region.c): lookup by client and address, first match
 * wins, L4_anythread, bad ranges refused, a full map, removal of a
 * client's regions and supervisor. No system call runs here.
 */
#include <l4/pager.h>
#include "tap.h"

static enum pager_result policy_a(struct pager *p, struct pager_region *r,
                                  const struct pager_fault *f)
{
	(void)p; (void)r; (void)f;
	return PAGER_REPLY;
}

static enum pager_result policy_b(struct pager *p, struct pager_region *r,
                                  const struct pager_fault *f)
{
	(void)p; (void)r; (void)f;
	return PAGER_NO_REPLY;
}

int main(void)
{
	static struct pager p;
	L4_ThreadId_t a = L4_GlobalId(100, 1), b = L4_GlobalId(101, 1);
	pager_reset(&p, "host");
	is_str(p.name, "host", "reset keeps the name");
	is_uint(p.nregions, 0, "and starts empty");
	ok(pager_find_region(&p, a, 0x1000) == 0, "an empty map serves nothing");

	struct pager_region *ra = pager_add_region(&p, a, 0x40000000, 0x4000, L4_ReadWriteOnly,
	                                           policy_a, (void *)1);
	struct pager_region *any = pager_add_region(&p, L4_anythread, 0x40000000, 0x10000,
	                                            L4_Readable, policy_b, 0);
	ok(ra && any, "two regions added");
	ok(pager_find_region(&p, a, 0x40000000) == ra, "start of a's region");
	ok(pager_find_region(&p, a, 0x40003FFF) == ra, "last byte of a's region");
	ok(pager_find_region(&p, a, 0x40004000) == any, "past it: the region for everybody");
	ok(pager_find_region(&p, b, 0x40000000) == any, "another client: the region for everybody");
	ok(pager_find_region(&p, b, 0x40010000) == 0, "past every region: none");
	ok(pager_find_region(&p, b, 0x3FFFFFFF) == 0, "below every region: none");
	is_uint(ra->rights, L4_ReadWriteOnly, "rights kept");
	ok(ra->data == (void *)1 && ra->fault == policy_a, "policy and data kept");

	ok(!pager_add_region(&p, a, 0x50000800, 0x1000, L4_Readable, policy_a, 0), "unaligned start refused");
	ok(!pager_add_region(&p, a, 0x50000000, 0x1800, L4_Readable, policy_a, 0), "unaligned size refused");
	ok(!pager_add_region(&p, a, 0x50000000, 0, L4_Readable, policy_a, 0), "empty region refused");
	ok(!pager_add_region(&p, a, 0xFFFFF000, 0x2000, L4_Readable, policy_a, 0), "wrapping region refused");
	ok(!pager_add_region(&p, a, 0x50000000, 0x1000, L4_Readable, 0, 0), "no policy refused");
	ok(pager_add_region(&p, a, 0xFFFFF000, 0x1000, L4_Readable, policy_a, 0) != 0,
	   "the last page of the address space is fine");

	while (p.nregions < PAGER_MAX_REGIONS)
		pager_add_region(&p, b, 0x60000000 + p.nregions * 0x1000, 0x1000, L4_Readable, policy_b, 0);
	ok(!pager_add_region(&p, b, 0x70000000, 0x1000, L4_Readable, policy_b, 0), "a full map refuses");

	ok(pager_add_supervisor(&p, a, b), "a supervisor for a");
	ok(pager_add_supervisor(&p, b, a), "and one for b");
	pager_remove_client(&p, b);
	is_uint(p.nregions, 3, "b's regions gone, a's and everybody's left");
	ok(pager_find_region(&p, a, 0x40001000) == &p.region[0], "a's region still first");
	ok(pager_find_region(&p, b, 0x60001000) == 0, "b's region is gone");
	is_uint(p.nsup, 1, "b's supervisor gone");
	ok(p.sup[0].client.raw == a.raw && p.sup[0].supervisor.raw == b.raw, "a's kept");
	return done_testing();
}
