// SPDX-License-Identifier: MIT
/*
 * test/host/resource_table.c: host tests of the resource server's
 * bookkeeping (servers/resource/table.c): frames by name, clients by
 * either thread, ownership moves keeping the counts, contiguous free runs,
 * the repossession vector wrapping, and the consistency check catching a
 * frame counted wrong; port ranges and interrupt lines: names that tell
 * their kind, kept out of frame runs, counted per kind. No system call
 * runs here.
 */
#include "../../servers/resource/table.h"
#include "tap.h"

int main(void)
{
	static struct res_table t;
	L4_ThreadId_t a = L4_GlobalId(100, 1), ah = L4_GlobalId(101, 1), b = L4_GlobalId(102, 1);
	table_init_frames(&t, 0x180000, 0x70000000, 8);
	ok(t.nres == 8 && t.nfree == 8, "eight frames, all free");
	ok(table_find(&t, 0x183000) == &t.res[3], "a frame by physical name");
	ok(table_find(&t, 0x183004) == 0 && table_find(&t, 0x188000) == 0, "no such frame");
	ok(t.res[3].local == 0x70003000, "held by the server at its own address");
	int ca = table_add_client(&t, a, ah, 1), cb = table_add_client(&t, b, b, 0);
	ok(ca == 0 && cb == 1, "two clients");
	ok(table_add_client(&t, a, a, 0) < 0, "a thread is one client only");
	ok(table_client_of(&t, ah) == ca && table_client_of(&t, L4_nilthread) < 0,
	   "a client by its handler too; nilthread is nobody");
	table_give(&t, &t.res[2], ca);
	ok(t.nfree == 7 && t.client[ca].held == 1, "given: one less free");
	ok(table_find_run(&t, 2) == 0 && table_find_run(&t, 5) == 3 && table_find_run(&t, 6) < 0,
	   "free runs stop at a held frame");
	table_give(&t, &t.res[2], cb);
	ok(t.client[ca].held == 0 && t.client[cb].held == 1 && t.nfree == 7, "passed: counts move");
	table_release(&t, &t.res[2]);
	table_release(&t, &t.res[2]);
	ok(t.nfree == 8 && t.client[cb].held == 0, "released once, twice is harmless");
	ok(table_consistent(&t), "consistent");
	t.res[5].owner = ca;
	ok(!table_consistent(&t), "a frame owned behind the counts' back is caught");
	t.res[5].owner = RES_FREE_OWNER;
	t.res[6].name = t.res[1].name;
	ok(!table_consistent(&t), "a frame named twice is caught");
	t.res[6].name = 0x186000;
	for (L4_Word_t i = 0; i < RES_REPO_SLOTS + 3; i++)
		table_note_repossessed(&t.client[ca], 0x1000 * i);
	ok(t.client[ca].repo_total == RES_REPO_SLOTS + 3 && t.client[ca].repo[2] == 0x1000 * (RES_REPO_SLOTS + 2),
	   "the repossession vector keeps the newest, and the total");

	/* Port ranges and lines: one name space with frames. */
	L4_Word_t com2 = res_ports_name(0x2F8, 3), irq3 = res_irq_name(3);
	ok(res_kind_of(0x183000) == RES_KIND_FRAME && res_kind_of(com2) == RES_KIND_IO_PORTS &&
	   res_kind_of(irq3) == RES_KIND_IRQ, "a name tells its kind");
	ok(res_kind_of(0) == RES_KIND_NONE && res_kind_of(0x183004) == RES_KIND_NONE &&
	   res_kind_of(L4_GlobalId(3, 2).raw) == RES_KIND_NONE &&
	   res_kind_of(res_irq_name(16)) == RES_KIND_NONE &&
	   res_kind_of(L4_IoFpageLog2(0x2F8, 3).raw & ~7UL) == RES_KIND_NONE,
	   "no kind: zero, an unaligned address, another version, no line, an IO fpage without rights");
	ok(table_add(&t, com2, com2) && table_add(&t, irq3, 0), "a port range and a line added");
	ok(!table_add(&t, com2, com2) && !table_add(&t, 0x190000, 0) && !table_add(&t, 5, 0),
	   "not twice, and never a frame or a nameless word");
	ok(t.nres == 10 && t.nfree == 10 && table_find(&t, irq3) == &t.res[9] &&
	   t.res[8].kind == RES_KIND_IO_PORTS, "found by name, with their kind");
	ok(table_count(&t, RES_KIND_FRAME, RES_FREE_OWNER) == 8 &&
	   table_count(&t, RES_KIND_IO_PORTS, RES_FREE_OWNER) == 1 &&
	   table_count(&t, RES_KIND_IRQ, RES_FREE_OWNER) == 1, "counted per kind");
	table_give(&t, &t.res[9], cb);
	table_give(&t, &t.res[8], cb);
	ok(table_count(&t, RES_KIND_IRQ, cb) == 1 && t.client[cb].held == 2 && t.nfree == 8,
	   "held like frames");
	ok(table_find_run(&t, 8) == 0 && table_find_run(&t, 9) < 0,
	   "a run of frames never includes a port range or a line");
	table_give(&t, &t.res[8], ca);
	table_release(&t, &t.res[9]);
	ok(t.client[cb].held == 0 && t.client[ca].held == 1 && t.nfree == 9 && table_consistent(&t),
	   "passed and released: consistent");
	t.res[9].name = com2;
	ok(!table_consistent(&t), "a port range named twice is caught");
	t.res[9].name = irq3;
	ok(table_consistent(&t), "consistent again");
	return done_testing();
}
