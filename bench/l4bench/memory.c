// SPDX-License-Identifier: MIT
/*
 * memory.c: page faults, map and unmap, with an agent in a space of its
 * own. Its pager is the root task's pager thread (spaces.c), which answers
 * a fault on the root task's image with a map item of the same page; the
 * pages used here are bss of this image, so the pager serves them, and the
 * root task takes them back with Unmap between repetitions.
 *   pagefault_rt  the agent reads n pages it does not have: per fault,
 *                 from the faulting read through the kernel's fault IPC,
 *                 the pager's map reply, back to the read (timed in the
 *                 agent)
 *   map_page      the root task Calls the agent with one map item of a
 *                 page; minus the same Call with a map item of the nil
 *                 fpage (which maps nothing), so it is the mapping alone
 *   unmap_page    the root task's Unmap of one page that the agent has
 *   first_fault_4m  a fresh agent reads one page in each of n 4 MiB
 *                 regions where its space has nothing yet: per fault, the
 *                 kernel's new page table (and mapping-database shadow
 *                 table) included; its pager is an l4/pager.h thread that
 *                 maps one page of this task there. Minus the same reads
 *                 once mapped. A new space every repetition
 */
#include "bench.h"
#include <l4/pager.h>

#define MAX_PAGES   64
#define CMD_TOUCH   0x70            /* MR1 base, MR2 pages: read each once */
#define PAGE        4096UL
#define CALL_LIMIT  L4_TimePeriod(2000000)

static char pf_area[MAX_PAGES][PAGE] __attribute__((aligned(PAGE)));
static char map_area[MAX_PAGES][PAGE] __attribute__((aligned(PAGE)));

/* The agent's last CMD_TOUCH, written by the agent: data pages are shared
 * with it (the pager maps them), so the root task reads it here. */
static struct run touch_run;

static void touch(L4_Word_t base, unsigned n)
{
	struct run r;
	run_begin(&r);
	for (unsigned i = 0; i < n; i++)
		(void)*(volatile L4_Word_t *)(base + i * PAGE);
	run_end(&r);
	touch_run = r;
}

/* Takes map items anywhere; reads pages on request; answers 0 words. */
static void agent(void)
{
	L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		if (L4_Label(tag) == CMD_TOUCH) {
			L4_Word_t base = 0, n = 0;
			L4_StoreMR(1, &base);
			L4_StoreMR(2, &n);
			touch(base, n);
		}
		L4_LoadMR(0, 0);
		tag = L4_ReplyWait(from, &from);
	}
}

struct mem_arg {
	L4_ThreadId_t agent;
	L4_Word_t base;
	L4_Word_t mask;                 /* map items: ~0 a page, 0 the nil fpage */
	bool unmap;                     /* pagefault: take the pages back first */
	bool failed;
};

static L4_Fpage_t page_fp(L4_Word_t base, unsigned i)
{
	return L4_FpageAddRights(L4_FpageLog2(base + i * PAGE, 12), L4_FullyAccessible);
}

static void unmap_all(L4_Word_t base, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		L4_UnmapFpage(page_fp(base, i));
}

/* One Call with a map item of page i (or of the nil fpage); the result's
 * raw tag, for the error bit. */
static inline __attribute__((always_inline)) L4_Word_t map_call(const struct mem_arg *a,
                                                                unsigned i)
{
	L4_Fpage_t f = { .raw = page_fp(a->base, i).raw & a->mask };
	L4_MapItem_t m = L4_MapItem(f, a->base + i * PAGE);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
	return L4_Call(a->agent).raw;
}

static void pagefault_rep(unsigned n, void *arg, struct run *r)
{
	struct mem_arg *a = arg;
	if (a->unmap)
		unmap_all(a->base, n);
	L4_LoadMR(1, a->base);
	L4_LoadMR(2, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = CMD_TOUCH } });
	if (L4_IpcFailed(L4_Call_Timeouts(a->agent, L4_Never, CALL_LIMIT)))
		a->failed = true;
	*r = touch_run;
}

static void map_rep(unsigned n, void *arg, struct run *r)
{
	struct mem_arg *a = arg;
	L4_Word_t results = 0;
	unmap_all(a->base, n);
	run_begin(r);
	for (unsigned i = 0; i < n; i++)
		results |= map_call(a, i);
	run_end(r);
	if (results & L4_MSGTAG_FLAG_ERROR << 12)
		a->failed = true;
}

static void unmap_rep(unsigned n, void *arg, struct run *r)
{
	struct mem_arg *a = arg;
	L4_Word_t results = 0;
	for (unsigned i = 0; i < n; i++)
		results |= map_call(a, i);
	if (results & L4_MSGTAG_FLAG_ERROR << 12)
		a->failed = true;
	run_begin(r);
	for (unsigned i = 0; i < n; i++)
		L4_UnmapFpage(page_fp(a->base, i));
	run_end(r);
}

/* Instructions per operation with one decimal, for an extra field. */
static void per_op(char *buf, unsigned size, const char *key, uint64_t x, unsigned ops)
{
	uint64_t v = (x * 10 + ops / 2) / ops;
	snprintf(buf, size, "%s=%llu.%llu", key, (unsigned long long)(v / 10),
	         (unsigned long long)(v % 10));
}

/* ---- first_fault_4m ---------------------------------------------------- */

#define FRESH_BASE  0x40000000UL    /* the agent's regions: FRESH_BASE + i * 4 MiB */
#define FRESH_STEP  0x00400000UL
#define FRESH_MAX   16
#define CMD_FRESH   0x71            /* MR1 regions */
#define FRESH_NO    500             /* agents' thread numbers, above the root's */

static struct pager ff_pager;
static char ff_frame[PAGE] __attribute__((aligned(PAGE)));
static L4_Word_t ff_stack[1024] __attribute__((aligned(16)));
static struct run ff_runs[2];       /* the agent's: faulting, then mapped */

static enum pager_result ff_fault(struct pager *p, struct pager_region *r,
                                  const struct pager_fault *f)
{
	(void)p;
	(void)r;
	pager_load_map_page((L4_Word_t)ff_frame, L4_FullyAccessible, pager_fault_page(f));
	return PAGER_REPLY;
}

static enum pager_result ff_other(struct pager *p, L4_MsgTag_t tag, L4_ThreadId_t from)
{
	(void)p;
	(void)from;
	L4_Word_t w[3] = { 0, 0, 0 };
	L4_StoreMRs(1, 3, w);
	return pager_serve_start(tag, w[0], w[1], w[2]) ? PAGER_REPLY : PAGER_NO_REPLY;
}

static void ff_pager_main(void)
{
	pager_run(&ff_pager);
}

/* Reads one word in each of the first n regions, twice (the second time
 * they are mapped), timing each pass; answers, then waits for ever. */
static void ff_agent(void)
{
	L4_ThreadId_t from;
	L4_Word_t n = 0;
	L4_Wait(&from);
	L4_StoreMR(1, &n);
	for (unsigned k = 0; k < 2; k++) {
		struct run r;
		run_begin(&r);
		for (unsigned i = 0; i < n; i++)
			(void)*(volatile L4_Word_t *)(FRESH_BASE + i * FRESH_STEP);
		run_end(&r);
		ff_runs[k] = r;
	}
	L4_LoadMR(0, 0);
	L4_Reply(from);
	for (;;)
		L4_Wait(&from);
}

/* One repetition: a new agent in a new space, its two passes, its end. */
static bool ff_rep(L4_ThreadId_t pager, unsigned rep, unsigned n, struct run *fresh,
                   struct run *mapped)
{
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(root_id) + FRESH_NO + rep, 1);
	if (!space_new(t, pager, (L4_Word_t)ff_agent, (L4_Word_t)&ff_stack[1024]))
		return false;
	L4_LoadMR(1, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = CMD_FRESH } });
	bool ok = L4_IpcSucceeded(L4_Call_Timeouts(t, L4_Never, CALL_LIMIT));
	*fresh = ff_runs[0];
	*mapped = ff_runs[1];
	return space_kill(t) && ok;
}

static bool bench_first_fault(void)
{
	extern char __image_start[], _end[];
	L4_Word_t start = (L4_Word_t)__image_start & ~(PAGE - 1);
	L4_Word_t end = ((L4_Word_t)_end + PAGE - 1) & ~(PAGE - 1);
	unsigned n = BENCH_N(FRESH_MAX);
	ff_frame[0] = 1;
	pager_reset(&ff_pager, "first_fault");
	ff_pager.other = ff_other;
	if (!pager_add_region(&ff_pager, L4_anythread, FRESH_BASE, FRESH_MAX * FRESH_STEP,
	                      L4_FullyAccessible, ff_fault, 0) ||
	    !pager_add_region(&ff_pager, L4_anythread, start, end - start, L4_FullyAccessible,
	                      pager_share_fault, 0))
		return false;
	L4_ThreadId_t pager = thread_start(ff_pager_main);
	if (L4_IsNilThread(pager))
		return false;
	struct run best_fresh = { .cycles = ~0ull }, best_mapped = { .cycles = ~0ull };
	bool ok = true;
	/* Repetition 0 is the warm-up. */
	for (unsigned rep = 0; ok && rep <= BENCH_REPS; rep++) {
		struct run fresh, mapped;
		ok = ff_rep(pager, rep, n, &fresh, &mapped);
		if (ok && rep && fresh.cycles < best_fresh.cycles)
			best_fresh = fresh;
		if (ok && rep && mapped.cycles < best_mapped.cycles)
			best_mapped = mapped;
	}
	if (ok)
		report("first_fault_4m", -1, "fault", &best_fresh, &best_mapped, n, "");
	else
		printf("bench: memory: a first_fault_4m run failed\n");
	return thread_kill(pager) && ok;
}

bool bench_memory(void)
{
	unsigned n = BENCH_N(MAX_PAGES);
	/* The root task's own mappings of the areas exist from boot (its
	 * image is mapped whole); writing them makes sure. */
	for (unsigned i = 0; i < MAX_PAGES; i++)
		pf_area[i][0] = map_area[i][0] = 1;
	L4_ThreadId_t ag = space_start(agent);
	if (L4_IsNilThread(ag))
		return false;

	struct mem_arg a = { .agent = ag, .base = (L4_Word_t)pf_area, .unmap = true };
	struct run faulting = best_of(pagefault_rep, &a, n);
	a.unmap = false;
	struct run mapped = best_of(pagefault_rep, &a, n);
	if (!a.failed)
		report("pagefault_rt", -1, "fault", &faulting, &mapped, n, "");

	struct mem_arg m = { .agent = ag, .base = (L4_Word_t)map_area, .mask = ~0UL };
	struct run gross = best_of(map_rep, &m, n);
	m.mask = 0;
	struct run nil_item = best_of(map_rep, &m, n);
	m.mask = ~0UL;
	struct run unmap = best_of(unmap_rep, &m, n);
	struct run empty = best_of(empty_loop, 0, n);
	unmap_all(m.base, n);
	if (!m.failed) {
		char extra[64];
		uint64_t g = gross.cycles > empty.cycles ? gross.cycles - empty.cycles : 0;
		per_op(extra, sizeof extra, "gross", g, n);
		report("map_page", -1, "page", &gross, &nil_item, n, extra);
		report("unmap_page", -1, "page", &unmap, &empty, n, "");
	}
	bool killed = space_kill(ag);
	if (a.failed || m.failed)
		printf("bench: memory: %s failed\n", a.failed ? "a page-fault run" : "a map item");
	bool first = bench_first_fault();
	return killed && first && !a.failed && !m.failed;
}
