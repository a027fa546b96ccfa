// SPDX-License-Identifier: MIT
/*
 * tests_anon.c: demand-zero memory, refused faults, and a pager that
 * dies under its clients.
 */
#include "tests.h"
#include "demand_zero.h"

#define DZ_PAGES 16
#define PAGE     4096UL

static struct pager pz, pq;
static struct demand_zero dz, dz_ro;

/* A pager with a demand-zero region of DZ_PAGES for c (added after the
 * client exists: regions name the client's thread). */
static bool serve_dz(struct pager *p, struct demand_zero *d, struct client *c,
                     L4_Word_t area, L4_Word_t rights)
{
	return demand_zero_init(d, &pool, DZ_PAGES) &&
	       pager_add_region(p, c->agent, area, DZ_PAGES * PAGE, rights, demand_zero_fault, d);
}

bool test_demand_zero(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = test_pager_start(&pz, "demand-zero");
	bool ok = false;
	L4_Word_t r = ~0UL;
	if (L4_IsNilThread(pt) || !add_image_region(&pz) || !client_start(&c, pt, false) ||
	    !serve_dz(&pz, &dz, &c, DZ_AREA, L4_ReadWriteOnly))
		goto out;
	/* Untouched pages read as zero, each from its own fresh frame. */
	if (client_cmd(&c, CMD_ZEROES, DZ_AREA, DZ_PAGES * PAGE, 0, &r) != AGENT_OK || r != 0) {
		printf("# zeroes: %lx bytes not zero\n", (unsigned long)r);
		goto out;
	}
	if (dz.zero_fills != DZ_PAGES || pool.nfree != POOL_PAGES - DZ_PAGES) {
		printf("# %lu zero fills, %u frames free\n", (unsigned long)dz.zero_fills, pool.nfree);
		goto out;
	}
	/* What was written stays; writing faults no more (the pages were
	 * mapped writable on the read fault). */
	L4_Word_t faults = pz.faults;
	if (client_cmd(&c, CMD_FILL, DZ_AREA, DZ_PAGES * PAGE, 5, 0) != AGENT_OK ||
	    client_cmd(&c, CMD_CHECK, DZ_AREA, DZ_PAGES * PAGE, 5, &r) != AGENT_OK || r != 0) {
		printf("# fill/check: %lx bytes differ\n", (unsigned long)r);
		goto out;
	}
	if (pz.faults != faults || dz.zero_fills != DZ_PAGES) {
		printf("# %lu more faults\n", (unsigned long)(pz.faults - faults));
		goto out;
	}
	/* The pager sees the writes in its own frame. */
	L4_Word_t a = DZ_AREA + 3 * PAGE + 17;
	if (*(volatile unsigned char *)(dz.frame[3] + 17) != pattern_byte(a, 5))
		goto out;
	ok = pz.refused == 0;
out:
	client_kill(&c);
	demand_zero_revoke(&dz);
	test_pager_stop(pt);
	return ok;
}

bool test_fault_keeps_state(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = test_pager_start(&pz, "demand-zero");
	bool ok = false;
	L4_Word_t changed = ~0UL;
	if (L4_IsNilThread(pt) || !add_image_region(&pz) || !client_start(&c, pt, false) ||
	    !serve_dz(&pz, &dz, &c, DZ_AREA, L4_ReadWriteOnly))
		goto out;
	/* The first command also faults in the agent's code and stack; after
	 * it, each read of an untouched page is exactly one fault. */
	for (unsigned k = 0; k < 3; k++) {
		L4_Word_t faults = pz.faults;
		if (client_cmd(&c, CMD_KEEP_STATE, DZ_AREA + (2 + k) * PAGE, 0, 0, &changed) != AGENT_OK ||
		    changed != 0 || (k > 0 && pz.faults != faults + 1)) {
			printf("# read %u: changed %lx, %lu faults\n", k, (unsigned long)changed,
			       (unsigned long)(pz.faults - faults));
			goto out;
		}
	}
	ok = true;
out:
	client_kill(&c);
	demand_zero_revoke(&dz);
	test_pager_stop(pt);
	return ok;
}

bool test_fault_outside_regions(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = test_pager_start(&pz, "refusing");
	bool ok = false;
	L4_Word_t r = 0;
	if (L4_IsNilThread(pt) || !add_image_region(&pz) || !client_start(&c, pt, true) ||
	    !serve_dz(&pz, &dz, &c, DZ_AREA, L4_ReadWriteOnly) ||
	    !serve_dz(&pz, &dz_ro, &c, RO_AREA, L4_Readable) ||
	    !pager_add_supervisor(&pz, c.agent, c.supervisor))
		goto out;
	L4_Word_t seen = pager_errors_seen;
	/* Outside every region: the command ends with the error. */
	L4_Word_t label = client_cmd(&c, CMD_READ, 0x50000010UL, 0, 0, &r);
	if (label != AGENT_FAULTED || r != 0x50000010UL) {
		printf("# outside: label %lx, address %lx\n", (unsigned long)label, (unsigned long)r);
		goto out;
	}
	if (pz.refused != 1 || pz.reported != 1 || pager_errors_seen != seen + 1 ||
	    pager_last_error.thread.raw != c.agent.raw || !(pager_last_error.access & L4_Readable))
		goto out;
	/* The client goes on: its memory is served as before. */
	if (client_cmd(&c, CMD_WRITE, DZ_AREA, 0x1234, 0, 0) != AGENT_OK ||
	    client_cmd(&c, CMD_READ, DZ_AREA, 0, 0, &r) != AGENT_OK || r != 0x1234)
		goto out;
	/* A write to a read-only region: readable, but the write is refused. */
	if (client_cmd(&c, CMD_READ, RO_AREA + 8, 0, 0, &r) != AGENT_OK || r != 0)
		goto out;
	label = client_cmd(&c, CMD_WRITE, RO_AREA + 8, 1, 0, &r);
	if (label != AGENT_FAULTED || r != RO_AREA + 8 || pz.refused != 2 ||
	    !(pager_last_error.access & L4_Writable)) {
		printf("# read-only: label %lx, address %lx\n", (unsigned long)label, (unsigned long)r);
		goto out;
	}
	/* A stack overflow into a guard page (outside every region): the
	 * agent restarts on its error stack, as on an alternate signal
	 * stack; on the faulting stack its first push would fault again. */
	label = client_cmd(&c, CMD_OVERFLOW, GUARD_TOP, 0, 0, &r);
	if (label != AGENT_FAULTED || r != GUARD_TOP - 4 || pz.refused != 3 ||
	    pager_last_error.sp != GUARD_TOP) {
		printf("# overflow: label %lx, address %lx, sp %lx\n", (unsigned long)label,
		       (unsigned long)r, (unsigned long)pager_last_error.sp);
		goto out;
	}
	/* A report from anyone but the agent's pager is not believed. */
	seen = pager_errors_seen;
	L4_LoadMR(1, c.agent.raw);
	L4_LoadMR(2, DZ_AREA);
	L4_LoadMR(3, 0);
	L4_LoadMR(4, L4_Readable);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 4, .label = PAGER_LABEL_FAULT_ERROR } });
	if (L4_IpcFailed(L4_Send_Timeout(c.supervisor, L4_TimePeriod(100000))))
		goto out;
	ok = client_cmd(&c, CMD_READ, DZ_AREA, 0, 0, &r) == AGENT_OK && r == 0x1234 &&
	     pager_errors_seen == seen;
out:
	client_kill(&c);
	demand_zero_revoke(&dz);
	demand_zero_revoke(&dz_ro);
	test_pager_stop(pt);
	return ok;
}

bool test_pager_dies(void)
{
	struct client c = { L4_nilthread, L4_nilthread }, c2 = c, other = c;
	static struct demand_zero dz2, dz_other;
	L4_ThreadId_t pt = test_pager_start(&pz, "mortal");
	L4_ThreadId_t qt = test_pager_start(&pq, "survivor");
	bool ok = false;
	L4_Word_t r = 0;
	if (L4_IsNilThread(pt) || L4_IsNilThread(qt) || !add_image_region(&pz) ||
	    !add_image_region(&pq) || !client_start(&c, pt, false) || !client_start(&c2, pt, false) ||
	    !client_start(&other, qt, false) || !serve_dz(&pz, &dz, &c, DZ_AREA, L4_ReadWriteOnly) ||
	    !serve_dz(&pz, &dz2, &c2, DZ_AREA, L4_ReadWriteOnly) ||
	    !serve_dz(&pq, &dz_other, &other, DZ_AREA, L4_ReadWriteOnly))
		goto out;
	if (client_cmd(&c, CMD_WRITE, DZ_AREA, 7, 0, 0) != AGENT_OK ||
	    client_cmd(&c2, CMD_WRITE, DZ_AREA, 8, 0, 0) != AGENT_OK)
		goto out;
	/* The pager goes; its clients' next faults have nobody to go to. The
	 * kernel stops each with a console line (pagers.t requires them):
	 * the command never gets its answer. */
	test_pager_stop(pt);
	pt = L4_nilthread;
	for (unsigned k = 0; k < 2; k++) {
		L4_Word_t at = DZ_AREA + (5 + k) * PAGE;
		printf("# the pager is gone; client %u touches %lx\n", k, (unsigned long)at);
		L4_LoadMR(1, at);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = CMD_READ } });
		L4_MsgTag_t tag = L4_Call_Timeouts(k ? c2.agent : c.agent, L4_TimePeriod(200000),
		                                   L4_TimePeriod(200000));
		if (!L4_IpcFailed(tag) || (L4_ErrorCode() & 0xF) != ERR_RECV(1)) {
			printf("# the Call ended with tag %lx, ErrorCode %lx\n",
			       (unsigned long)tag.raw, (unsigned long)L4_ErrorCode());
			goto out;
		}
	}
	/* Everybody else runs on: another client and its pager. */
	ok = client_cmd(&other, CMD_FILL, DZ_AREA, 2 * PAGE, 3, 0) == AGENT_OK &&
	     client_cmd(&other, CMD_CHECK, DZ_AREA, 2 * PAGE, 3, &r) == AGENT_OK && r == 0;
out:
	client_kill(&c);
	client_kill(&c2);
	client_kill(&other);
	demand_zero_revoke(&dz);
	demand_zero_revoke(&dz2);
	demand_zero_revoke(&dz_other);
	test_pager_stop(pt);
	test_pager_stop(qt);
	return ok;
}

/* A policy with a bug: it maps a page of its own that it never touched,
 * so it holds nothing there to map. */
static enum pager_result map_untouched(struct pager *p, struct pager_region *r,
                                       const struct pager_fault *f)
{
	(void)p;
	pager_load_map_page(UNTOUCHED_SRC, r->rights, pager_fault_page(f));
	return PAGER_REPLY;
}

bool test_map_unheld(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = test_pager_start(&pz, "careless");
	bool ok = false;
	L4_Word_t r = 0;
	if (L4_IsNilThread(pt) || !add_image_region(&pz) || !client_start(&c, pt, false) ||
	    !pager_add_region(&pz, c.agent, DZ_AREA, PAGER_PAGE_SIZE, L4_ReadWriteOnly,
	                      map_untouched, 0))
		goto out;
	/* The reply fails for the pager, which says so; the client is
	 * stopped by the kernel with the reason (never a silent refault). */
	L4_Word_t label = client_cmd(&c, CMD_READ, DZ_AREA, 0, 0, &r);
	ok = label == 0 && pz.reply_failed == 1 && pz.faults >= 1;
	if (!ok)
		printf("# label %lx, failed replies %lu\n", (unsigned long)label,
		       (unsigned long)pz.reply_failed);
out:
	client_kill(&c);
	test_pager_stop(pt);
	return ok;
}
