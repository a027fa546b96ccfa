// SPDX-License-Identifier: MIT
/*
 * test/host/resource_table.c: host tests of the resource server's
 * bookkeeping (servers/resource/table.c): frames by name, clients by
 * either thread, ownership moves keeping the counts, contiguous free runs,
 * the repossession vector wrapping, and the consistency check catching a
 * frame counted wrong. No system call runs here.
 */
#include "../../servers/resource/table.h"
#include "tap.h"

int main(void)
{
	static struct res_table t;
	L4_ThreadId_t a = L4_GlobalId(100, 1), ah = L4_GlobalId(101, 1), b = L4_GlobalId(102, 1);
	table_init_frames(&t, 0x180000, 0x70000000, 8);
	ok(t.nres == 8 && t.nfree == 8, "eight frames, all free");
	ok(table_frame(&t, 0x183000) == &t.res[3], "a frame by physical name");
	ok(table_frame(&t, 0x183004) == 0 && table_frame(&t, 0x188000) == 0, "no such frame");
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
	return done_testing();
}
