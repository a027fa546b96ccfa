// SPDX-License-Identifier: MIT
/*
 * server.c: the resource server (server.h, protocol.h). A binding is
 * checked here once, when it is made: the frame (or the IO fpage of a
 * port range) is then mapped into the client's space and used with no
 * server on the path; an interrupt line is associated with the client's
 * thread and comes to it as IPC straight from the kernel. Taking a frame
 * or ports back is an Unmap of the server's own page or IO fpage, which
 * reaches every mapping derived from it; taking a line back
 * deassociates it (through privileged.c: that is ThreadControl).
 */
#include "server.h"
#include "privileged.h"
#include "spaces.h"

L4_ThreadId_t resource_server_id;
static struct res_table table;
static L4_Word_t server_stack[1024] __attribute__((aligned(16)));

static void revoke_binding(struct resource *r)
{
	switch (r->kind) {
	case RES_KIND_FRAME:
		L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2(r->local, 12), L4_FullyAccessible));
		break;
	case RES_KIND_IO_PORTS:
		L4_UnmapFpage((L4_Fpage_t){ .raw = r->name });
		break;
	case RES_KIND_IRQ:
		if (r->local)
			privileged_associate(L4_ThreadNo((L4_ThreadId_t){ .raw = r->name }),
			                     L4_nilthread);
		r->local = 0;
		break;
	default:
		break;
	}
}

static void load_error(L4_Word_t code)
{
	L4_LoadMR(1, code);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = RES_ERR } });
}

static void load_ok(unsigned words)
{
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = words, .label = RES_OK } });
}

/* Map items for frames first..first+n-1 to 'where' on, after u words. */
static void load_map_items(unsigned u, unsigned first, unsigned n, L4_Word_t where)
{
	for (unsigned i = 0; i < n; i++) {
		struct resource *r = &table.res[first + i];
		L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(r->local, 12),
		                                              L4_ReadWriteOnly), where + i * 4096UL);
		L4_LoadMR(u + 1 + 2 * i, m.raw[0]);
		L4_LoadMR(u + 2 + 2 * i, m.raw[1]);
	}
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = u, .t = 2 * n, .label = RES_OK } });
}

static bool good_window(L4_Word_t where, unsigned n)
{
	return !(where & 0xFFF) && where + n * 4096UL > where && where + n * 4096UL <= 0xBF000000UL;
}

/* Binds a port range or line the client holds: the IO fpage's map item,
 * or the line associated with the thread that asked. */
static bool bind_device(struct resource *r, L4_ThreadId_t from)
{
	L4_LoadMR(1, r->name);
	if (r->kind == RES_KIND_IO_PORTS) {
		L4_MapItem_t m = L4_MapItem((L4_Fpage_t){ .raw = r->name }, 0);
		L4_LoadMR(2, m.raw[0]);
		L4_LoadMR(3, m.raw[1]);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .t = 2, .label = RES_OK } });
		return true;
	}
	if (r->local && r->local != from.raw)
		revoke_binding(r);      /* to another of its threads */
	if (!privileged_associate(L4_ThreadNo((L4_ThreadId_t){ .raw = r->name }), from)) {
		r->local = 0;
		load_error(RES_E_BAD_ARG);
		return false;
	}
	r->local = from.raw;
	load_ok(1);
	return true;
}

static void alloc_device(int c, L4_ThreadId_t from, L4_Word_t name, L4_Word_t n)
{
	struct resource *r = table_find(&table, name);
	if (!r || n != 1)
		return load_error(RES_E_BAD_ARG);
	if (r->owner != RES_FREE_OWNER)
		return load_error(RES_E_TAKEN);
	table_give(&table, r, c);
	if (!bind_device(r, from))
		table_release(&table, r);
}

static void do_alloc(int c, L4_ThreadId_t from, L4_Word_t phys, L4_Word_t n, L4_Word_t where)
{
	enum res_kind kind = res_kind_of(phys);
	if (phys != RES_ANY && (kind == RES_KIND_IO_PORTS || kind == RES_KIND_IRQ))
		return alloc_device(c, from, phys, n);
	if (n < 1 || n > RES_MAX_RUN || !good_window(where, n))
		return load_error(RES_E_BAD_ARG);
	int first;
	if (phys == RES_ANY) {
		first = table_find_run(&table, n);
		if (first < 0)
			return load_error(RES_E_NONE_FREE);
	} else {
		struct resource *r = table_find(&table, phys);
		if (!r || kind != RES_KIND_FRAME || r - table.res + n > table.nres)
			return load_error(RES_E_BAD_ARG);
		first = r - table.res;
		for (unsigned i = 0; i < n; i++)
			if (table.res[first + i].kind != RES_KIND_FRAME)
				return load_error(RES_E_BAD_ARG);
		for (unsigned i = 0; i < n; i++)
			if (table.res[first + i].owner != RES_FREE_OWNER)
				return load_error(RES_E_TAKEN);
	}
	for (unsigned i = 0; i < n; i++) {
		struct resource *r = &table.res[first + i];
		table_give(&table, r, c);
		/* A new owner must not see the last one's data. */
		__builtin_memset((void *)r->local, 0, 4096);
	}
	L4_LoadMR(1, table.res[first].name);
	load_map_items(1, first, n, where);
}

static struct resource *held_by(int c, L4_Word_t name)
{
	struct resource *r = table_find(&table, name);
	return r && r->owner == c ? r : 0;
}

static void do_map(int c, L4_ThreadId_t from, L4_Word_t phys, L4_Word_t where)
{
	struct resource *r = held_by(c, phys);
	if (!r)
		return load_error(RES_E_NOT_HELD);
	if (r->kind != RES_KIND_FRAME) {
		bind_device(r, from);
		return;
	}
	if (!good_window(where, 1))
		return load_error(RES_E_BAD_ARG);
	L4_LoadMR(1, phys);
	load_map_items(1, r - table.res, 1, where);
}

static void do_free(int c, L4_Word_t phys)
{
	struct resource *r = held_by(c, phys);
	if (!r)
		return load_error(RES_E_NOT_HELD);
	revoke_binding(r);
	table_release(&table, r);
	load_ok(0);
}

static void do_pass(int c, L4_Word_t phys, L4_ThreadId_t to)
{
	struct resource *r = held_by(c, phys);
	int d = table_client_of(&table, to);
	if (!r)
		return load_error(RES_E_NOT_HELD);
	if (d < 0)
		return load_error(RES_E_NOT_CLIENT);
	/* The giver's binding ends; the receiver binds it with RES_MAP. */
	revoke_binding(r);
	table_give(&table, r, d);
	load_ok(0);
}

static void do_holdings(int c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < table.nres && n < RES_MAX_LIST; i++)
		if (table.res[i].owner == c)
			L4_LoadMR(2 + n++, table.res[i].name);
	L4_LoadMR(1, n);
	load_ok(1 + n);
}

static void do_free_list(L4_Word_t start, L4_Word_t kind)
{
	unsigned n = 0, seen = 0;
	if (!kind)
		kind = RES_KIND_FRAME;
	for (unsigned i = 0; i < table.nres && n < RES_MAX_LIST; i++)
		if (table.res[i].owner == RES_FREE_OWNER && table.res[i].kind == kind &&
		    seen++ >= start)
			L4_LoadMR(2 + n++, table.res[i].name);
	L4_LoadMR(1, table_count(&table, (enum res_kind)kind, RES_FREE_OWNER));
	load_ok(1 + n);
}

static void do_repossessed(int c)
{
	const struct res_client *cl = &table.client[c];
	L4_Word_t total = cl->repo_total, n = total < RES_REPO_SLOTS ? total : RES_REPO_SLOTS;
	for (L4_Word_t i = 0; i < n; i++)
		L4_LoadMR(3 + i, cl->repo[(total - n + i) % RES_REPO_SLOTS]);
	L4_LoadMR(1, total);
	L4_LoadMR(2, n);
	load_ok(2 + n);
}

/* Asks the owner's handler for 'want' frames (or for the one resource
 * 'one') by the deadline; its answer's names in words[], how many. */
static unsigned ask_owner(const struct res_client *cl, L4_Word_t want, L4_Word_t one,
                          L4_Word_t deadline_us, L4_Word_t *words)
{
	L4_LoadMR(1, want);
	L4_LoadMR(2, deadline_us);
	L4_LoadMR(3, one);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = RES_REVOKE_REQ } });
	L4_Time_t t = L4_TimePeriod(deadline_us);
	L4_MsgTag_t tag = L4_Call_Timeouts(cl->handler, t, t);
	unsigned u = L4_IpcSucceeded(tag) && L4_Label(tag) == RES_GIVE_BACK ?
	             L4_UntypedWords(tag) : 0;
	if (u > RES_MAX_LIST)
		u = RES_MAX_LIST;
	if (u)
		L4_StoreMRs(1, u, words);
	return u;
}

/* Takes r from its owner c: the binding flushed, the owner's count down;
 * an abort writes it into the repossession vector. */
static void take(int c, struct resource *r, bool abort)
{
	revoke_binding(r);
	table_release(&table, r);
	if (abort)
		table_note_repossessed(&table.client[c], r->name);
}

/* Visible revocation: the owner is asked for 'want' frames and picks
 * them; what it does not give back by the deadline the abort protocol
 * takes (flushed, and written to its repossession vector). Never below
 * the client's guaranteed minimum of frames. */
static void do_revoke(int c, L4_Word_t want, L4_Word_t deadline_us)
{
	struct res_client *cl = &table.client[c];
	L4_Word_t frames = table_count(&table, RES_KIND_FRAME, c);
	L4_Word_t spare = frames > cl->minimum ? frames - cl->minimum : 0;
	if (want > spare)
		want = spare;
	if (want > RES_MAX_RUN)
		want = RES_MAX_RUN;
	L4_Word_t list[2 * RES_MAX_RUN], given = 0, taken = 0;
	if (want) {
		L4_Word_t words[RES_MAX_LIST];
		unsigned u = ask_owner(cl, want, 0, deadline_us, words);
		/* Only frames it holds count, and no more than asked. */
		for (unsigned i = 0; i < u && given < want; i++) {
			struct resource *r = held_by(c, words[i]);
			if (r && r->kind == RES_KIND_FRAME) {
				take(c, r, false);
				list[given++] = r->name;
			}
		}
	}
	for (unsigned i = table.nres; i-- > 0 && given + taken < want; ) {
		struct resource *r = &table.res[i];
		if (r->owner == c && r->kind == RES_KIND_FRAME) {
			take(c, r, true);
			list[given + taken++] = r->name;
		}
	}
	L4_LoadMR(1, given);
	L4_LoadMR(2, taken);
	L4_LoadMRs(3, given + taken, list);
	load_ok(2 + given + taken);
}

/* The same for one named resource (a port range or line, say, that the
 * server needs for someone else): given back, or taken at the deadline. */
static void do_revoke_one(int c, L4_Word_t name, L4_Word_t deadline_us)
{
	struct resource *r = held_by(c, name);
	if (!r)
		return load_error(RES_E_NOT_HELD);
	L4_Word_t words[RES_MAX_LIST], given = 0;
	unsigned u = ask_owner(&table.client[c], 0, name, deadline_us, words);
	for (unsigned i = 0; i < u; i++)
		given |= words[i] == name;
	take(c, r, !given);
	L4_LoadMR(1, given);
	L4_LoadMR(2, !given);
	L4_LoadMR(3, name);
	load_ok(3);
}

/* A client whose space is gone returns everything. The root task says
 * so, and the server checks: its agent must no longer exist. */
static void do_gone(int c)
{
	struct res_client *cl = &table.client[c];
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t tag = L4_Send_Timeout(cl->agent, L4_ZeroTime);
	if (L4_IpcSucceeded(tag) || (L4_ErrorCode() >> 1 & 7) != L4_ErrNonExist)
		return load_error(RES_E_ALIVE);
	unsigned n = 0;
	for (unsigned i = 0; i < table.nres; i++) {
		if (table.res[i].owner == c) {
			take(c, &table.res[i], false);
			n++;
		}
	}
	cl->used = false;
	L4_LoadMR(1, n);
	load_ok(1);
}

static void do_dump(void)
{
	unsigned nframes = 0, free_frames = table_count(&table, RES_KIND_FRAME, RES_FREE_OWNER);
	for (unsigned i = 0; i < table.nres; i++)
		nframes += table.res[i].kind == RES_KIND_FRAME;
	printf("resource server: %u frames %lx-%lx, %u free; %u port ranges and lines, %u free\n",
	       nframes, table.res[0].name, table.res[nframes - 1].name + 4095,
	       free_frames, table.nres - nframes, table.nfree - free_frames);
	for (int c = 0; c < RES_MAX_CLIENTS; c++) {
		const struct res_client *cl = &table.client[c];
		if (!cl->used)
			continue;
		printf("resource server: client %d (agent %lx, handler %lx): %u resources, minimum %u"
		       " frames, %lu repossessed\n", c, cl->agent.raw, cl->handler.raw, cl->held,
		       cl->minimum, cl->repo_total);
		for (unsigned i = 0; i < table.nres; i++) {
			const struct resource *r = &table.res[i];
			L4_Fpage_t f = { .raw = r->name };
			if (r->owner != c)
				continue;
			if (r->kind == RES_KIND_FRAME)
				printf("resource server:   frame %lx bound to client %d\n", r->name, c);
			else if (r->kind == RES_KIND_IO_PORTS)
				printf("resource server:   ports %lx-%lx bound to client %d\n",
				       L4_IoFpagePort(f), L4_IoFpagePort(f) + L4_IoFpageSize(f) - 1, c);
			else
				printf("resource server:   interrupt line %lu bound to client %d"
				       " (thread %lx)\n", L4_ThreadNo((L4_ThreadId_t){ .raw = r->name }),
				       c, r->local);
		}
	}
	L4_LoadMR(1, table_consistent(&table));
	load_ok(1);
}

/* Loads the reply to one request; false if there is none to send. */
static bool handle(L4_MsgTag_t tag, L4_ThreadId_t from)
{
	/* Only the words sent count (the rest of the MRs are stale). */
	L4_Word_t w[3] = { 0, 0, 0 };
	unsigned u = L4_UntypedWords(tag);
	L4_StoreMRs(1, u < 3 ? (int)u : 3, w);
	L4_Word_t label = L4_Label(tag);
	bool admin = from.raw == root_id.raw;
	int c = table_client_of(&table, from);
	if (label == RES_GIVE_BACK)
		return false;           /* a late answer: the abort protocol ran */
	if (label >= RES_REGISTER && label <= RES_DUMP && !admin) {
		load_error(RES_E_DENIED);
		return true;
	}
	if (label > RES_DUMP && label <= RES_REVOKE_ONE && !admin) {
		load_error(RES_E_DENIED);
		return true;
	}
	if (admin && (label == RES_REVOKE || label == RES_GONE || label == RES_HOLDINGS ||
	              label == RES_REVOKE_ONE)) {
		c = table_client_of(&table, (L4_ThreadId_t){ .raw = w[0] });
		if (c < 0) {
			load_error(RES_E_NOT_CLIENT);
			return true;
		}
	}
	switch (label) {
	case RES_REGISTER: {
		L4_ThreadId_t agent = { .raw = w[0] }, handler = { .raw = w[1] };
		if (table_add_client(&table, agent, handler, w[2]) < 0)
			load_error(RES_E_FULL);
		else
			load_ok(0);
		return true;
	}
	case RES_REVOKE:   do_revoke(c, w[1], w[2]); return true;
	case RES_REVOKE_ONE: do_revoke_one(c, w[1], w[2]); return true;
	case RES_GONE:     do_gone(c); return true;
	case RES_DUMP:     do_dump(); return true;
	case RES_FREE_LIST: do_free_list(w[0], w[1]); return true;
	}
	if (c < 0) {
		load_error(RES_E_NOT_CLIENT);
		return true;
	}
	switch (label) {
	case RES_ALLOC:       do_alloc(c, from, w[0], w[1], w[2]); break;
	case RES_MAP:         do_map(c, from, w[0], w[1]); break;
	case RES_FREE:        do_free(c, w[0]); break;
	case RES_PASS:        do_pass(c, w[0], (L4_ThreadId_t){ .raw = w[1] }); break;
	case RES_HOLDINGS:    do_holdings(c); break;
	case RES_REPOSSESSED: do_repossessed(c); break;
	default:              load_error(RES_E_BAD_ARG); break;
	}
	return true;
}

static void server_main(void)
{
	L4_Fpage_t got = L4_Sigma0_GetAny(L4_nilthread, RES_FRAMES_LOG2,
	                                  L4_FpageLog2(SERVER_AREA, RES_FRAMES_LOG2));
	if (L4_IsNilFpage(got))
		printf("resource server: sigma0 gave no frames\n");
	else
		table_init_frames(&table, L4_Address(got), SERVER_AREA, RES_FRAMES);
	/* The port ranges, from sigma0 (it gives each port to one thread). */
	static const L4_Word_t ports[] = RES_PORTS, lines[] = RES_LINES;
	for (unsigned i = 0; i < RES_NPORTS; i++) {
		L4_Fpage_t want = L4_IoFpageLog2(ports[i], RES_PORTS_LOG2);
		L4_Fpage_t f = L4_Sigma0_GetPage(L4_nilthread, want);
		if (f.raw != want.raw || !table_add(&table, want.raw, want.raw))
			printf("resource server: sigma0 gave no ports %lx\n", ports[i]);
	}
	for (unsigned i = 0; i < RES_NLINES; i++)
		table_add(&table, res_irq_name(lines[i]), 0);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		bool reply = L4_IpcSucceeded(tag) && handle(tag, from);
		tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

bool resource_server_start(L4_ThreadId_t t)
{
	if (!pager_init() || !privileged_start(t) ||
	    !space_new(t, pager_id, (L4_Word_t)server_main,
	                                (L4_Word_t)&server_stack[1024]))
		return false;
	resource_server_id = t;
	/* Answers once its frames and ports are there. */
	const L4_Word_t want[] = { 0, RES_FRAMES, RES_NPORTS, RES_NLINES };
	for (L4_Word_t kind = RES_KIND_FRAME; kind <= RES_KIND_IRQ; kind++) {
		L4_LoadMR(1, 0);
		L4_LoadMR(2, kind);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = RES_FREE_LIST } });
		L4_MsgTag_t tag = L4_Call(t);
		L4_Word_t nfree = 0;
		L4_StoreMR(1, &nfree);
		if (L4_IpcFailed(tag) || L4_Label(tag) != RES_OK || nfree != want[kind])
			return false;
	}
	return true;
}
