// SPDX-License-Identifier: MIT
/*
 * appel.c: the Appel & Li primitives of user-level virtual memory, with
 * protection done by a user-level pager (l4/pager.h), to set beside
 * Linux's mprotect and SIGSEGV (bench/linux/lbench.c, same names, same
 * loops). An application thread in a space of its own has a region of
 * NPAGE pages, every one present; its pager is a thread of this task that
 * backs page i with frame i.
 *   protect    the application Calls its pager, which takes the write
 *              right back with one Unmap of the fewest aligned fpages
 *              (100 pages: 64 + 32 + 4)
 *   unprotect  the pager's reply carries map items with the write right
 *              (the same fpages), so the pages are writable at once, as
 *              after mprotect
 *   a fault    a write to a protected page faults to the pager, whose
 *              map reply gives the write right back (the handler's
 *              unprotect); for appel1 it also protects the page opened
 *              before
 * Timing is in the application, as in lbench: TIMED adds up only the
 * timed statements of a repetition (trap, prot1, prot100, unprot100),
 * minus the same with an empty statement (the rdtsc pair); appel1 and
 * appel2 time their whole loop minus the same loop on writable pages. Each run checks the faults the pager saw.
 */
#include "bench.h"
#include <l4/pager.h>

#define NPAGE           100
#define PAGE            4096UL
#define REGION          0x70000000UL    /* the application's */
#define FRAMES          0x71000000UL    /* the pager's, from sigma0 */
#define MID             (NPAGE / 2)
#define LABEL_PROTECT   0x5050          /* MR1 first page, MR2 pages */
#define LABEL_UNPROTECT 0x5055
#define CMD_RUN         0x7A            /* MR1 which, MR2 n */
#define CALL_LIMIT      L4_TimePeriod(2000000)

enum which { PAIR, TRAP, PROT1, PROT100, UNPROT100, APPEL1, APPEL1_OPEN, APPEL2, APPEL2_OPEN,
             /* untimed steps */
             SYNC, APPEL1_SETUP, UNPROTECT_ALL };

static struct pager ap;
static volatile int open_page = -1;     /* appel1: the one writable page */
static volatile bool appel1_mode;
static volatile unsigned appel1_next;    /* appel1: the page written next */
static struct run app_run;              /* the application's last run */
static volatile L4_Word_t run_faults;   /* faults the pager saw in it */
static L4_Word_t app_stack[2048] __attribute__((aligned(16)));
static L4_ThreadId_t pager_thread;

/* ---- the pager ----------------------------------------------------------- */

/* The fewest aligned fpages over pages [first, first + n) of 'base': each
 * as large as both the alignment of its first page and the pages left
 * allow (bit scans, not a loop over sizes). */
static unsigned cover(L4_Word_t base, unsigned first, unsigned n, L4_Word_t rights,
                      L4_Fpage_t *fp)
{
	unsigned k = 0;
	while (n) {
		unsigned s = 31 - (unsigned)__builtin_clz(n);          /* the largest 2^s <= n */
		if (first && (unsigned)__builtin_ctz(first) < s)
			s = (unsigned)__builtin_ctz(first);             /* the alignment of first */
		fp[k++] = L4_FpageAddRights(L4_FpageLog2(base + first * PAGE, 12 + s), rights);
		first += 1u << s;
		n -= 1u << s;
	}
	return k;
}

static enum pager_result appel_fault(struct pager *p, struct pager_region *r,
                                     const struct pager_fault *f)
{
	(void)p;
	int i = (int)((f->addr - r->start) / PAGE);
	if (appel1_mode) {
		if (open_page >= 0 && open_page != i)
			L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2(FRAMES + open_page * PAGE, 12),
			                                L4_Writable));
		open_page = i;
	}
	run_faults++;
	pager_load_map_page(FRAMES + i * PAGE, L4_ReadWriteOnly, pager_fault_page(f));
	return PAGER_REPLY;
}

static enum pager_result appel_other(struct pager *p, L4_MsgTag_t tag, L4_ThreadId_t from)
{
	(void)p;
	(void)from;
	L4_Word_t w[3] = { 0, 0, 0 };
	L4_StoreMRs(1, 3, w);
	if (L4_Label(tag) == LABEL_PROTECT && w[0] + w[1] <= NPAGE) {
		L4_Fpage_t fp[8];
		L4_UnmapFpages(cover(FRAMES, w[0], w[1], L4_Writable, fp), fp);
		L4_Set_MsgTag(L4_Niltag);
		return PAGER_REPLY;
	}
	if (L4_Label(tag) == LABEL_UNPROTECT && w[0] + w[1] <= NPAGE) {
		if (!pager_load_map_region(FRAMES + w[0] * PAGE, w[1] * PAGE, L4_ReadWriteOnly,
		                           REGION + w[0] * PAGE))
			return PAGER_NO_REPLY;
		return PAGER_REPLY;
	}
	return pager_serve_start(tag, w[0], w[1], w[2]) ? PAGER_REPLY : PAGER_NO_REPLY;
}

static void pager_main(void)
{
	pager_run(&ap);
}

/* ---- the application ------------------------------------------------------ */

static inline void protect(unsigned first, unsigned n, bool writable)
{
	L4_LoadMR(1, first);
	L4_LoadMR(2, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2,
	                                    .label = writable ? LABEL_UNPROTECT : LABEL_PROTECT } });
	L4_Call(pager_thread);
}

static inline void touch(unsigned i)
{
	*(volatile char *)(REGION + i * PAGE) = 1;
}

/* Adds the statement's instructions and counter deltas to *r. */
#define TIMED(r, stmt) do { struct run t_; run_begin(&t_); stmt; run_end(&t_); \
	(r)->cycles += t_.cycles; (r)->d.cr3 += t_.d.cr3; (r)->d.seg += t_.d.seg; \
	(r)->d.fast += t_.d.fast; (r)->d.slow += t_.d.slow; } while (0)

static void app_rep(enum which w, unsigned n, struct run *r)
{
	*r = (struct run){ 0 };
	switch (w) {
	case PAIR:
		for (unsigned i = 0; i < n; i++)
			TIMED(r, __asm__ __volatile__("" : : : "memory"));
		break;
	case TRAP:
		for (unsigned i = 0; i < n; i++) {
			protect(MID, 1, false);
			TIMED(r, touch(MID));
		}
		break;
	case PROT1:
		for (unsigned i = 0; i < n; i++) {
			TIMED(r, protect(MID, 1, false));
			protect(MID, 1, true);
		}
		break;
	case PROT100:
		for (unsigned i = 0; i < n; i++) {
			TIMED(r, protect(0, NPAGE, false));
			protect(0, NPAGE, true);
		}
		break;
	case UNPROT100:
		for (unsigned i = 0; i < n; i++) {
			protect(0, NPAGE, false);
			TIMED(r, protect(0, NPAGE, true));
		}
		break;
	case APPEL1:
	case APPEL1_OPEN: {
		/* One page open, the next write always hits a protected one. */
		run_begin(r);
		for (unsigned i = 0; i < n; i++) {
			touch(appel1_next);
			appel1_next = (appel1_next + 1) % NPAGE;
		}
		run_end(r);
		break;
	}
	case SYNC:
		break;
	case APPEL1_SETUP:
		/* Everything protected but the page before the next. */
		protect(0, NPAGE, false);
		protect((appel1_next + NPAGE - 1) % NPAGE, 1, true);
		break;
	case UNPROTECT_ALL:
		protect(0, NPAGE, true);
		break;
	case APPEL2:
	case APPEL2_OPEN:
		run_begin(r);
		if (w == APPEL2)
			protect(0, NPAGE, false);
		for (unsigned i = 0; i < NPAGE; i++)
			touch(i);
		run_end(r);
		break;
	}
}

static void application(void)
{
	L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
	for (unsigned i = 0; i < NPAGE; i++)
		touch(i);                       /* all present: no demand faults */
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Receive(root_id);
	for (;;) {
		if (L4_Label(tag) == CMD_RUN) {
			L4_Word_t w = 0, n = 0;
			L4_StoreMR(1, &w);
			L4_StoreMR(2, &n);
			struct run r;
			app_rep((enum which)w, (unsigned)n, &r);
			app_run = r;
		}
		L4_Set_MsgTag(L4_Niltag);
		tag = L4_Ipc(root_id, root_id, L4_Timeouts(L4_ZeroTime, L4_Never), &from);
	}
}

/* ---- the root task's side --------------------------------------------------- */

struct appel_arg {
	L4_ThreadId_t app;
	enum which which;
	L4_Word_t faults;               /* expected per repetition */
	bool failed;
};

static void appel_rep(unsigned n, void *arg, struct run *r)
{
	struct appel_arg *a = arg;
	run_faults = 0;
	L4_LoadMR(1, a->which);
	L4_LoadMR(2, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = CMD_RUN } });
	if (L4_IpcFailed(L4_Call_Timeouts(a->app, CALL_LIMIT, CALL_LIMIT)) ||
	    (a->which != SYNC && run_faults != a->faults)) {
		printf("bench: appel %d: %lu faults, expected %lu\n", a->which,
		       (unsigned long)run_faults, (unsigned long)a->faults);
		a->failed = true;
	}
	*r = app_run;
}

static struct run measure(L4_ThreadId_t app, enum which w, unsigned n, L4_Word_t faults,
                          bool *failed)
{
	struct appel_arg a = { .app = app, .which = w, .faults = faults };
	struct run r = best_of(appel_rep, &a, n);
	*failed |= a.failed;
	return r;
}

bool bench_appel(void)
{
	for (unsigned i = 0; i < NPAGE; i++)
		if (L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12,
		                                   L4_FpageLog2(FRAMES + i * PAGE, 12))))
			return false;
	extern char __image_start[], _end[];
	L4_Word_t start = (L4_Word_t)__image_start & ~(PAGE - 1);
	L4_Word_t end = ((L4_Word_t)_end + PAGE - 1) & ~(PAGE - 1);
	L4_ThreadId_t app = L4_GlobalId(L4_ThreadNo(root_id) + 300, 1);
	pager_reset(&ap, "appel");
	ap.other = appel_other;
	if (!pager_add_region(&ap, app, REGION, NPAGE * PAGE, L4_ReadWriteOnly, appel_fault, 0) ||
	    !pager_add_region(&ap, L4_anythread, start, end - start, L4_FullyAccessible,
	                      pager_share_fault, 0))
		return false;
	pager_thread = thread_start(pager_main);
	if (L4_IsNilThread(pager_thread) ||
	    !space_new(app, pager_thread, (L4_Word_t)application, (L4_Word_t)&app_stack[2048]))
		return false;

	bool failed = false;
	/* Once its pages are all present: it answers after touching them. */
	struct appel_arg sync = { .app = app, .which = SYNC };
	struct run ignored;
	appel_rep(1, &sync, &ignored);
	failed = sync.failed;
	unsigned n = BENCH_N(100), half = BENCH_N(50);
	struct run pair = measure(app, PAIR, n, 0, &failed);
	struct run trap = measure(app, TRAP, n, n, &failed);
	struct run prot1 = measure(app, PROT1, n, 0, &failed);
	struct run prot100 = measure(app, PROT100, half, 0, &failed);
	struct run unprot100 = measure(app, UNPROT100, half, 0, &failed);

	struct run open1 = measure(app, APPEL1_OPEN, n, 0, &failed);
	measure(app, APPEL1_SETUP, 1, 0, &failed);
	open_page = (int)((appel1_next + NPAGE - 1) % NPAGE);
	appel1_mode = true;
	struct run appel1 = measure(app, APPEL1, n, n, &failed);
	appel1_mode = false;
	measure(app, UNPROTECT_ALL, 1, 0, &failed);
	open_page = -1;

	struct run open2 = measure(app, APPEL2_OPEN, 1, 0, &failed);
	struct run appel2 = measure(app, APPEL2, 1, NPAGE, &failed);

	if (!failed) {
		report("trap", -1, "fault", &trap, &pair, n, "");
		report("prot1", -1, "call", &prot1, &pair, n, "");
		/* The pair overhead per call, for half as many calls. */
		struct run pair_half = pair;
		pair_half.cycles = pair.cycles * half / n;
		report("prot100", -1, "call", &prot100, &pair_half, half, "");
		report("unprot100", -1, "call", &unprot100, &pair_half, half, "");
		report("appel1", -1, "fault", &appel1, &open1, n, "");
		report("appel2", -1, "page", &appel2, &open2, NPAGE, "");
	}
	bool killed = space_kill(app) && thread_kill(pager_thread);
	return killed && !failed;
}
