// SPDX-License-Identifier: MIT
/*
 * The resource suite: a root task (booted with sigma0 in place of
 * servers/root, test/boot/resource.t) that starts the resource server in
 * a space of its own, runs library-OS clients in theirs through the real
 * system-call interface, and prints TAP.
 */
#include "tests.h"

const int l4_exit_when_main_returns = 1;

const struct test resource_tests[] = {
	{ "bind_exclusive", "a frame is bound to one client at a time: by name, any, or a contiguous run; what is free is visible", test_bind_exclusive },
	{ "no_use_without_binding", "a client cannot use, map or pass a frame it does not hold; a passed frame moves with its data; admin requests are refused to clients", test_no_use_without_binding },
	{ "cooperative_revoke", "a cooperative owner gives back exactly what was asked by the deadline, its victims chosen by its library OS", test_cooperative_revoke },
	{ "abort", "an uncooperative owner has frames taken at the deadline, finds them in its repossession vector and keeps running on the rest", test_abort },
	{ "minimum", "the guaranteed minimum is never revoked, cooperative or not", test_minimum },
	{ "space_deleted", "a client whose space is deleted returns every frame; a live one cannot be declared gone", test_space_deleted },
	{ "lru_victims", "the library OS evicts its least recently used page, by Unmap's referenced bits", test_lru_victims },
	{ "demo_under_pressure", "a program on the library OS keeps working, with every byte right, while the server revokes frames from it for another", test_demo_under_pressure },
	{ "ports_bound", "a bound port range is used with in/out and no server on the path (COM2's scratch register); one owner; freed, the owner's access faults", test_ports_bound },
	{ "ports_no_use_without_binding", "a client cannot use, bind, pass or free ports or a line it does not hold (its in faults to its pager); passed, they work for the receiver only", test_ports_no_use_without_binding },
	{ "irq_bound", "an interrupt on a bound line reaches its owner only; one owner per line; given back on request, it stops coming and reaches the next owner", test_irq_bound },
	{ "device_abort", "an uncooperative owner loses its line and ports at the deadline, finds them in its repossession vector, and the next owner uses them", test_device_abort },
	{ "device_space_deleted", "a client whose space is deleted returns its ports and lines; the next owner gets the interrupts", test_device_space_deleted },
	{ "random_model", "a long randomised run of allocate, pass, free, revoke and abort of frames, ports and lines: the server's accounting equals a model, nothing owned twice or lost", test_random_model },
	{ 0, 0, 0 },
};

L4_Word_t free_frames(void)
{
	L4_Word_t out[1] = { 0 };
	admin_call(RES_FREE_LIST, 0, 0, 0, out, 1);
	return out[0];
}

L4_Word_t free_devices(void)
{
	L4_Word_t ports[1] = { 0 }, lines[1] = { 0 };
	admin_call(RES_FREE_LIST, 0, RES_KIND_IO_PORTS, 0, ports, 1);
	admin_call(RES_FREE_LIST, 0, RES_KIND_IRQ, 0, lines, 1);
	return ports[0] + lines[0];
}

void kill_all_clients(void)
{
	for (unsigned i = 0; i < CLIENT_SLOTS; i++)
		if (!L4_IsNilThread(rclients[i].agent))
			rclient_kill(&rclients[i]);
	stop_watching_faults();
}

int main(void)
{
	root_id = L4_Myself();
	unsigned n = 0;
	while (resource_tests[n].name)
		n++;
	printf("1..%u\n", n + 2);
	image_touch();
	bool setup = resource_server_start(L4_GlobalId(L4_ThreadNo(root_id) + 390, 1));
	printf("%s 1 - setup: the resource server in its own space, %u frames and %u port ranges"
	       " from sigma0, %u interrupt lines\n", setup ? "ok" : "not ok", RES_FRAMES,
	       RES_NPORTS, RES_NLINES);
	unsigned long free_before = L4_KDB_FreeFrames();
	unsigned failed = !setup, num = 1;
	for (const struct test *t = resource_tests; t->name; t++) {
		bool ok = setup && t->run();
		kill_all_clients();
		ok = ok && free_frames() == RES_FRAMES && free_devices() == RES_NPORTS + RES_NLINES;
		failed += !ok;
		printf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++num, t->name, t->description);
	}
	L4_Word_t consistent = 0;
	admin_call(RES_DUMP, 0, 0, 0, &consistent, 1);
	unsigned long free_after = L4_KDB_FreeFrames();
	bool same = free_before == free_after && consistent;
	printf("%s %u - kernel memory: %lu free frames before the tests, %lu after; server consistent\n",
	       same ? "ok" : "not ok", ++num, free_before, free_after);
	return failed || !same;
}
