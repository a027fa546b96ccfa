// SPDX-License-Identifier: MIT
/*
 * fuzz.c: the system-call fuzzer's suite side (fuzz.h). A handler thread
 * of the suite is the fuzzer task's pager and exception handler: it maps
 * the image on demand, a page of hlt wherever else the task reads or jumps
 * below the kernel, and answers every exception by resuming the task at
 * fuzz_recover (a single step, #DB, goes on where it was, a bounded number
 * of times per call). The runner starts a task, watches its progress in
 * the shared 'fuzz', and when the task stops (the kernel stopped it, or it
 * waits for ever) prints the call, skips it and starts another task. The
 * victim (main.c) and kernel memory are checked after the run.
 */
#include "fuzz.h"
#include "small.h"
#include <l4/protocols.h>

struct fuzz_shared fuzz;

/* Replaying: the first call, and the spaces (0 large and small in turn,
 * 1 large only, 2 small only). */
#ifndef FUZZ_FIRST
#define FUZZ_FIRST     0
#endif
#ifndef FUZZ_SPACES
#define FUZZ_SPACES    0
#endif
#define TASK_CALLS     1000     /* a fresh task after so many calls */
#define WAIT_US        25000    /* a stopped task: no progress in 3 waits */
#define STEPS_PER_CALL 64       /* #DB single steps followed per call */
#define STACK_WORDS    2048
#ifndef PRINTED_STOPS
#define PRINTED_STOPS  20       /* (all of them when verbose) */
#endif

static L4_Word_t task_stack[STACK_WORDS] __attribute__((aligned(16)));
/* What the task finds wherever it reads or jumps outside the image: hlt,
 * which traps at every offset (ud2 would not at odd ones: 0B 0F is an or,
 * and a run of them slides through the address space a page at a time). */
static unsigned char trap_page[4096] __attribute__((aligned(4096)));
static volatile L4_Word_t last_fault, same_faults;
/* libl4's system-call links for a space whose KIP area is not the suite's
 * (init.c gives them a page of their own for this): mapped there in place
 * of the suite's page. */
extern char __L4_Links[];
static L4_Word_t own_links[1024] __attribute__((aligned(4096)));

static void own_links_make(L4_Word_t kip_area)
{
	L4_Word_t kip = (L4_Word_t)L4_GetKernelInterface();
	const L4_Word_t *links = (const L4_Word_t *)__L4_Links;
	for (int i = 0; i < 11; i++)
		own_links[i] = links[i] - kip + kip_area;
}

/* An exception: the task's registers in MR1..12 (fault_ipc.c's order:
 * EIP EFLAGS vector error EDI ESI EBP ESP EBX EDX ECX EAX). */
static void answer_exception(L4_Word_t vector, L4_ThreadId_t from)
{
	L4_Word_t r[13];
	for (int i = 1; i <= 12; i++)
		L4_StoreMR(i, &r[i]);
	if (fuzz.steps_call != fuzz.next)
		fuzz.steps_call = fuzz.next, fuzz.steps = 0;
	if (L4_IsThreadEqual(from, fuzz.sibling)) {
		/* The sibling starts over (and that is no progress of the task's). */
		r[1] = (L4_Word_t)fuzz_sibling_entry;
		r[2] = 0x202;
		fuzz.sibling_restarts++;
		for (int i = 1; i <= 12; i++)
			L4_LoadMR(i, r[i]);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 12 } });
		return;
	}
	fuzz.exceptions++;
	fuzz.vectors[vector & 31]++;
	if (vector == 1 && fuzz.steps++ < STEPS_PER_CALL) {
		/* a single step: go on */
	} else if (vector == 1) {
		r[2] &= ~0x100UL;                               /* enough: TF off */
	} else {
		r[1] = (L4_Word_t)fuzz_recover;
		r[2] = 0x202;
	}
	for (int i = 1; i <= 12; i++)
		L4_LoadMR(i, r[i]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 12 } });
}

static bool fuzz_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                        L4_ThreadId_t from)
{
	(void)w2;
	if (label == L4_LABEL_ARCH_EXCEPTION) {
		answer_exception(w3, from);
		return true;
	}
	if (!L4_IsPagefaultLabel(label))
		return false;           /* I/O faults and the rest: the task stops */
	same_faults = w1 == last_fault ? same_faults + 1 : 0;
	last_fault = w1;
	if (same_faults > 4)
		return false;           /* the kernel will not map it there */
	if ((w1 & ~0xFFFUL) == (L4_Word_t)__L4_Links && fuzz.small) {
		child_load_map((L4_Word_t)own_links, w1, L4_Readable);
		return true;
	}
	if (in_root_image(w1)) {
		child_load_map(w1, w1, L4_FullyAccessible);
		return true;
	}
	if (w1 < 0xC0000000UL && !(L4_PagefaultRights(label) & L4_Writable)) {
		child_load_map((L4_Word_t)trap_page, w1, L4_ReadeXecOnly);
		return true;
	}
	return false;
}

static void handler_loop(void)
{
	L4_LoadBR(0, 0);                /* nothing may be mapped to us */
	pager_serve(fuzz_handle);
}

/* Waits for task t: true when it reported its calls done, false when it
 * made no progress for three waits. */
static bool task_wait(L4_ThreadId_t t)
{
	L4_Word_t last = ~0UL;
	for (unsigned idle = 0; idle < 3;) {
		L4_LoadBR(0, 0);        /* whatever the task sends, nothing is mapped here */
		L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(WAIT_US));
		L4_Word_t magic = 0;
		L4_StoreMR(1, &magic);
		if (L4_IpcSucceeded(tag) && L4_Label(tag) == FUZZ_DONE_LABEL && magic == FUZZ_DONE_MAGIC &&
		    fuzz.next >= fuzz.stop)
			return true;
		/* (Exceptions are no progress: a loop of them is a stop.) */
		L4_Word_t now = fuzz.next + fuzz.done + fuzz.steps;
		idle = now == last ? idle + 1 : 0;
		last = now;
	}
	return false;
}

/* The task's second thread, in its space, started by the handler. The
 * task starts fuzzing once its fuzz.sibling is set. */
static bool sibling_start(L4_ThreadId_t task, unsigned k)
{
	L4_ThreadId_t s = L4_GlobalId(L4_ThreadNo(root_id) + 308 + k % 8, 1 + (k / 8) % 63);
	L4_Word_t utcb = fuzz.utcb_area + L4_UTCB_SIZE;         /* the second UTCB */
	if (!L4_ThreadControl(s, task, root_id, fuzz.handler, (void *)utcb) ||
	    !pager_start(s, fuzz.handler, (L4_Word_t)fuzz_sibling_entry, 0x10000000UL))
		return false;
	fuzz.sibling_local = (L4_ThreadId_t){ .raw = utcb + L4_UTCB_ADDR_OFFSET };
	fuzz.sibling = s;
	return true;
}

unsigned fuzz_run(L4_Word_t seed, L4_Word_t calls, bool verbose)
{
	static unsigned tasks;
	fuzz = (struct fuzz_shared){ .seed = seed, .calls = calls, .verbose = verbose,
	                             .suite = root_id, .pager = pager_id, .next = FUZZ_FIRST };
	for (unsigned i = 0; i < sizeof trap_page; i++)
		trap_page[i] = 0xF4;                            /* hlt */
	fuzz.handler = thread_start(handler_loop);
	if (L4_IsNilThread(fuzz.handler))
		return ~0u;
	unsigned stops = 0;
	while (fuzz.next < calls) {
		fuzz.stop = fuzz.next + TASK_CALLS < calls ? fuzz.next + TASK_CALLS : calls;
		unsigned k = tasks++;
		fuzz.sibling = L4_nilthread;
		/* Versions 1..63: one whose low six bits are 0 reads as a local id. */
		L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(root_id) + 300 + k % 8, 1 + (k / 8) % 63);
		/* Every other task in a small space (small.h's layout), which
		 * it leaves for a large one when it touches memory beyond. */
		bool small = FUZZ_SPACES == 2 || (FUZZ_SPACES == 0 && k % 2);
		fuzz.small = small ? L4_SmallSpace(k % 4 == 1 ? 128 : 192, SMALL_MB) : 0;
		fuzz.kip_area = fuzz.small ? SMALL_KIP : 0xBFF00000UL;  /* spaces.c's */
		fuzz.utcb_area = fuzz.small ? SMALL_UTCB : 0xBFE00000UL;
		own_links_make(fuzz.kip_area);
		if (!space_new_with(t, fuzz.handler, (L4_Word_t)fuzz_task, (L4_Word_t)&task_stack[STACK_WORDS],
		                    fuzz.small ? L4_SpaceControl_SetSmall | fuzz.small : 0,
		                    fuzz.kip_area, fuzz.utcb_area)) {
			stops = ~0u;
			break;
		}
		bool done = sibling_start(t, k) && task_wait(t);
		L4_ThreadControl(fuzz.sibling, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
		L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
		if (!done) {
			if (verbose || stops < PRINTED_STOPS)
				printf("# fuzz: seed %lu call %lu stopped the task: %s\n", seed, fuzz.next, fuzz.what);
			stops++;
			fuzz.next++;
		}
	}
	thread_kill(fuzz.handler);
	return stops;
}

/* A run and its verdict: every call made, most of them back, the victim
 * intact, kernel memory back where it was. */
static bool fuzz_check(L4_Word_t seed, L4_Word_t calls, bool verbose)
{
	unsigned long before = L4_KDB_FreeFrames();
	unsigned stops = fuzz_run(seed, calls, verbose);
	unsigned long after = L4_KDB_FreeFrames();
	bool intact = hostile_victim_ok();
	printf("# fuzz: seed %lu: %lu calls back (%lu by an exception), %u stopped tasks, "
	       "%lu exceptions (#UD %lu, #GP %lu, #DB %lu; the sibling's %lu)\n",
	       seed, fuzz.done, fuzz.caught, stops, fuzz.exceptions, fuzz.vectors[6],
	       fuzz.vectors[13], fuzz.vectors[1], fuzz.sibling_restarts);
	printf("fuzz: %lu calls, seed %lu, 0 panics, victim %s, kernel memory %lu -> %lu\n",
	       fuzz.next, seed, intact ? "intact" : "BROKEN", before, after);
	EXPECT(stops != ~0u);
	EXPECT_EQ(fuzz.next, calls);
	EXPECT(fuzz.done >= (calls - FUZZ_FIRST) / 2);
	EXPECT(intact);
	EXPECT_EQ(after, before);
	return true;
}

#ifndef FUZZ_SEED
#define FUZZ_SEED 1
#endif
#ifndef FUZZ_CALLS
#define FUZZ_CALLS 3000
#endif
#ifndef FUZZ_VERBOSE
#define FUZZ_VERBOSE 0
#endif

static bool fuzz_fixed_seed(void)
{
	return fuzz_check(FUZZ_SEED, FUZZ_CALLS, FUZZ_VERBOSE);
}

static bool fuzz_regression_0(void) { return fuzz_regression_tests[0].run(); }
static bool fuzz_regression_1(void) { return fuzz_regression_tests[1].run(); }

const struct test hostile_fuzz_tests[] = {
	{ "fuzz_ldt_selector", "DS loaded with an LDT selector raises #GP for the exception "
	  "handler (fuzzer seed 1 call 310)", fuzz_regression_0 },
	{ "fuzz_sigma0_roots_go", "a page a task took from sigma0 costs no kernel memory once "
	  "the task is gone (fuzzer seed 4 call 22988)", fuzz_regression_1 },
	{ "fuzz_fixed_seed", "random and boundary system calls, raw entries and exceptions from "
	  "unprivileged tasks (seed, calls: fuzz.c): no panic, no hang, victim and kernel memory intact",
	  fuzz_fixed_seed },
	{ 0, 0, 0 },
};
