// SPDX-License-Identifier: MIT
/*
 * env.c: the suite's environment, built from the X.2 interface alone.
 * Threads of our space get a UTCB slot of our area (its location found
 * from our own UTCB address and the KIP's UtcbInfo) and a stack of our
 * image; they enter child_start(fn) with fn as its argument on the stack.
 * Child spaces get their KIP and UTCB areas by SpaceControl where ours
 * are (libl4's system-call links, in our image's data, hold addresses
 * inside our KIP area, and a child shares that data), and their
 * first thread the §7.1 start message from our pager thread, which maps
 * them our image's pages one to one, so that a child runs our code and
 * shares our data (its results are read by the main thread directly).
 */
#include "x2.h"

#define STACK_WORDS     1024
#define NSTACKS         24
#define NSLOTS          32              /* UTCB slots we use, ours included */
#define FIRST_NUMBER    200             /* thread numbers: ours + this + n */
#define PAGE_AREA       0x50000000UL    /* pages from sigma0 (x2_page) */
#define LABEL_START     0x5354

extern char __image_start[], _end[];

void *x2_kip;
L4_ThreadId_t x2_main, x2_pager;
struct x2_fault x2_fault;

static L4_Word_t stacks[NSTACKS][STACK_WORDS] __attribute__((aligned(16)));
static bool stack_used[NSTACKS];
static bool slot_used[NSLOTS];
static L4_Word_t utcb_base, utcb_size, next_number, next_page;
static struct { L4_ThreadId_t t; int stack; L4_Word_t utcb; } owned[NSTACKS];

void x2_sleep_ms(unsigned ms) { L4_Sleep(L4_TimePeriod((L4_Word64_t)ms * 1000)); }

bool x2_wait(volatile L4_Word_t *flag, unsigned ms)
{
	for (unsigned i = 0; i < ms && !*flag; i++)
		x2_sleep_ms(1);
	return *flag != 0;
}

bool x2_wait_state(L4_ThreadId_t t, L4_Word_t state)
{
	L4_Word_t old;
	for (unsigned i = 0; i < X2_WAIT_MS; i++) {
		if ((L4_Schedule(t, ~0UL, ~0UL, ~0UL, ~0UL, &old) & 0xFF) == state)
			return true;
		x2_sleep_ms(1);
	}
	return false;
}

L4_ThreadId_t x2_fresh_id(void)
{
	return L4_GlobalId(L4_ThreadNo(x2_main) + FIRST_NUMBER + next_number++, 1);
}

L4_Word_t x2_utcb_slot(void)
{
	for (unsigned i = 1; i < NSLOTS; i++)
		if (!slot_used[i]) {
			slot_used[i] = true;
			return utcb_base + i * utcb_size;
		}
	return 0;
}

void x2_utcb_free(L4_Word_t utcb)
{
	if (utcb > utcb_base && utcb < utcb_base + NSLOTS * utcb_size)
		slot_used[(utcb - utcb_base) / utcb_size] = false;
}

/* Where every thread of ours and every child's first thread begins: fn
 * is its argument (the stack holds a null return address, then fn). */
static void child_start(void (*fn)(void))
{
	fn();
	for (;;)
		L4_Sleep(L4_Never);
}

static int stack_take(void)
{
	for (int i = 0; i < NSTACKS; i++)
		if (!stack_used[i]) {
			stack_used[i] = true;
			return i;
		}
	return -1;
}

/* The initial SP for fn on stack i: [sp] = 0, [sp + 4] = fn, and
 * sp + 4 16-byte aligned as the i386 ABI has it at a function's entry. */
static L4_Word_t stack_prepare(int i, void (*fn)(void))
{
	L4_Word_t *top = &stacks[i][STACK_WORDS];
	top[-5] = 0;
	top[-4] = (L4_Word_t)fn;
	return (L4_Word_t)&top[-5];
}

static void remember(L4_ThreadId_t t, int stack, L4_Word_t utcb)
{
	owned[stack].t = t;
	owned[stack].stack = stack;
	owned[stack].utcb = utcb;
}

L4_ThreadId_t x2_thread(void (*fn)(void), L4_ThreadId_t pager)
{
	return x2_thread_prio(fn, pager, L4_SCHEDULE_UNCHANGED);
}

L4_ThreadId_t x2_thread_prio(void (*fn)(void), L4_ThreadId_t pager, L4_Word_t prio)
{
	int s = stack_take();
	L4_Word_t utcb = x2_utcb_slot();
	L4_ThreadId_t t = x2_fresh_id();
	if (L4_IsNilThread(pager))
		pager = L4_Pager();
	if (s < 0 || !utcb || !L4_ThreadControl(t, x2_main, x2_main, pager, (void *)utcb)) {
		if (s >= 0)
			stack_used[s] = false;
		x2_utcb_free(utcb);
		return L4_nilthread;
	}
	remember(t, s, utcb);
	if (prio != L4_SCHEDULE_UNCHANGED)      /* before it runs (§3.5) */
		L4_Set_Priority(t, prio);
	L4_Start_SpIp(t, stack_prepare(s, fn), (L4_Word_t)child_start);
	return t;
}

L4_ThreadId_t x2_thread_inactive(void)
{
	L4_Word_t utcb = x2_utcb_slot();
	L4_ThreadId_t t = x2_fresh_id();
	if (!utcb || !L4_ThreadControl(t, x2_main, x2_main, L4_nilthread, (void *)utcb)) {
		x2_utcb_free(utcb);
		return L4_nilthread;
	}
	int s = stack_take();
	if (s >= 0)
		remember(t, s, utcb);
	return t;
}

void x2_thread_kill(L4_ThreadId_t t)
{
	if (L4_IsNilThread(t))
		return;
	L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	for (int i = 0; i < NSTACKS; i++)
		if (stack_used[i] && owned[i].t.raw == t.raw) {
			stack_used[i] = false;
			x2_utcb_free(owned[i].utcb);
			owned[i].t = L4_nilthread;
		}
}

L4_Fpage_t x2_kip_area(void)
{
	return L4_FpageLog2((L4_Word_t)x2_kip, (int)L4_KipAreaSizeLog2(x2_kip));
}

L4_Fpage_t x2_utcb_area(void)
{
	L4_Word_t log2 = L4_UtcbAreaSizeLog2(x2_kip);
	return L4_FpageLog2(utcb_base, (int)(log2 < 12 ? 12 : log2));
}

/* Our pager sends t the start message (§7.1: from the thread's pager)
 * for fn on stack s; whether t took it. */
static bool start_by_pager(L4_ThreadId_t t, int s, void (*fn)(void))
{
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_Set_MsgLabel(&msg, LABEL_START);
	L4_MsgAppendWord(&msg, t.raw);
	L4_MsgAppendWord(&msg, (L4_Word_t)child_start);
	L4_MsgAppendWord(&msg, stack_prepare(s, fn));
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Call(x2_pager);
	L4_Word_t ok = 0;
	L4_StoreMR(1, &ok);
	return L4_IpcSucceeded(tag) && ok;
}

L4_ThreadId_t x2_space(void (*fn)(void))
{
	int s = stack_take();
	L4_ThreadId_t t = x2_fresh_id();
	L4_Word_t control;
	if (s < 0)
		return L4_nilthread;
	remember(t, s, 0);
	if (!L4_ThreadControl(t, t, x2_main, L4_nilthread, (void *)-1) ||
	    !L4_SpaceControl(t, 0, x2_kip_area(), x2_utcb_area(), L4_anythread, &control) ||
	    !L4_ThreadControl(t, t, x2_main, x2_pager, (void *)utcb_base) ||
	    !start_by_pager(t, s, fn)) {
		x2_space_kill(t);
		return L4_nilthread;
	}
	return t;
}

L4_ThreadId_t x2_space_thread(L4_ThreadId_t space, void (*fn)(void))
{
	int s = stack_take();
	L4_Word_t utcb = x2_utcb_slot();        /* free in the child's area too */
	L4_ThreadId_t t = x2_fresh_id();
	if (s < 0 || !utcb || !L4_ThreadControl(t, space, x2_main, x2_pager, (void *)utcb)) {
		if (s >= 0)
			stack_used[s] = false;
		x2_utcb_free(utcb);
		return L4_nilthread;
	}
	remember(t, s, utcb);
	if (!start_by_pager(t, s, fn)) {
		x2_thread_kill(t);
		return L4_nilthread;
	}
	return t;
}

void x2_space_kill(L4_ThreadId_t t)
{
	x2_thread_kill(t);              /* its last thread: the space goes too */
}

void x2_fault_reset(void)
{
	x2_fault.count = 0;
	x2_fault.label = 0;
	x2_fault.map_page = 0;
	x2_fault.resume_ip = 0;
}

static bool in_image(L4_Word_t a)
{
	return a >= (L4_Word_t)__image_start && a < (L4_Word_t)_end;
}

/* A map item of our page at 'ours' to the faulting page 'at'. */
static void load_map_reply(L4_Word_t ours, L4_Word_t at)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(ours & ~0xFFFUL, 12), L4_FullyAccessible);
	L4_MapItem_t m = L4_MapItem(f, at & ~0xFFFUL);
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .t = 2 } }.raw);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
}

/* Records a fault or exception message; returns whether to reply (the
 * reply is loaded). */
static bool handle_fault(L4_MsgTag_t tag, L4_ThreadId_t from)
{
	L4_Word_t label = L4_Label(tag), u = L4_UntypedWords(tag), mr[13] = { 0 };
	for (L4_Word_t i = 1; i <= u && i < 13; i++)
		L4_StoreMR((int)i, &mr[i]);
	bool pagefault = (label & 0xFFF0) == 0xFFE0;
	if (pagefault && in_image(mr[1])) {        /* our image: served, not recorded */
		load_map_reply(mr[1], mr[1]);
		return true;
	}
	for (int i = 0; i < 13; i++)
		x2_fault.mr[i] = mr[i];
	x2_fault.label = label;
	x2_fault.u = u;
	x2_fault.from = from.raw;
	if (x2_fault.count == 0) {
		x2_fault.first_label = label, x2_fault.first_u = u;
		x2_fault.first_mr1 = mr[1], x2_fault.first_mr2 = mr[2];
	}
	x2_fault.count++;
	if (pagefault && x2_fault.map_page) {
		load_map_reply(x2_fault.map_page, x2_fault.mr[1]);
		x2_fault.map_page = 0;
		return true;
	}
	if (!pagefault && x2_fault.resume_ip) {     /* §7.5: the reply's MR 1 is the IP */
		L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 1 } }.raw);
		L4_LoadMR(1, x2_fault.resume_ip);
		x2_fault.resume_ip = 0;
		return true;
	}
	return false;                           /* held: no reply */
}

static void pager_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		bool reply = false;
		if (L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_START) {
			L4_Word_t child, ip, sp;
			L4_StoreMR(1, &child);
			L4_StoreMR(2, &ip);
			L4_StoreMR(3, &sp);
			L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 2 } }.raw);
			L4_LoadMR(1, ip);
			L4_LoadMR(2, sp);
			L4_MsgTag_t r = L4_Send_Timeout((L4_ThreadId_t){ .raw = child },
			                                L4_TimePeriod(5000000));
			L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 1 } }.raw);
			L4_LoadMR(1, L4_IpcSucceeded(r));
			reply = true;
		} else if (L4_IpcSucceeded(tag)) {
			reply = handle_fault(tag, from);
		}
		tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

L4_Word_t x2_page(void)
{
	L4_Word_t at = PAGE_AREA + next_page * 0x1000;
	L4_Fpage_t f = L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(at, 12));
	if (L4_IsNilFpage(f))
		return 0;
	next_page++;
	return at;
}

bool x2_env_init(void)
{
	x2_kip = L4_GetKernelInterface();
	x2_main = L4_Myself();
	utcb_size = L4_UtcbSize(x2_kip);
	utcb_base = L4_MyLocalId().raw & ~(utcb_size - 1);
	slot_used[0] = true;
	if (!x2_page())                 /* sigma0 answers: its start-up lines are out */
		return false;
	x2_pager = x2_thread(pager_loop, L4_nilthread);
	return !L4_IsNilThread(x2_pager);
}

/* ---- a child space with a receive window, driven by IPC ---- */

#define LABEL_MAP    0x4D50
#define LABEL_READ   0x5244
#define LABEL_WRITE  0x5752

static volatile L4_Word_t window;

/* The child's loop: accepts map and grant items into the window; reads
 * or writes its first word when asked; answers every request. */
static void window_loop(void)
{
	L4_Accept(L4_MapGrantItems(L4_FpageLog2(window, 12)));
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t label = L4_IpcSucceeded(tag) ? L4_Label(tag) : 0, v = 0, w;
		if (label == LABEL_READ)
			v = *(volatile L4_Word_t *)window;
		if (label == LABEL_WRITE) {
			L4_StoreMR(1, &w);
			*(volatile L4_Word_t *)window = w;
		}
		L4_LoadMR(0, (L4_MsgTag_t){ .X = { .u = 1 } }.raw);
		L4_LoadMR(1, v);
		tag = L4_ReplyWait(from, &from);
	}
}

L4_ThreadId_t x2_window_child(L4_Word_t at)
{
	window = at;
	return x2_space(window_loop);
}

static bool child_call(L4_ThreadId_t c, L4_Word_t label, L4_Word_t arg, L4_Word_t *result)
{
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = label, .u = 1 } }.raw);
	L4_LoadMR(1, arg);
	L4_MsgTag_t tag = L4_Call_Timeouts(c, L4_TimePeriod(5000000), L4_TimePeriod(2000000));
	if (L4_IpcFailed(tag))
		return false;
	if (result)
		L4_StoreMR(1, result);
	return true;
}

bool x2_child_map(L4_ThreadId_t c, L4_Word_t page, L4_Word_t rights, bool grant)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(page, 12), rights);
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_Set_MsgLabel(&msg, LABEL_MAP);
	if (grant)
		L4_MsgAppendGrantItem(&msg, L4_GrantItem(f, 0));
	else
		L4_MsgAppendMapItem(&msg, L4_MapItem(f, 0));
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Call_Timeouts(c, L4_TimePeriod(5000000), L4_TimePeriod(5000000));
	return L4_IpcSucceeded(tag);
}

bool x2_child_read(L4_ThreadId_t c, L4_Word_t *value)
{
	return child_call(c, LABEL_READ, 0, value);
}

bool x2_child_write(L4_ThreadId_t c, L4_Word_t value)
{
	return child_call(c, LABEL_WRITE, value, NULL);
}

/* ---- a probe: reads one word in a thread of ours paged by x2_pager ---- */

static volatile L4_Word_t probe_addr, probe_value, probe_done;

static void prober(void)
{
	probe_value = *(volatile L4_Word_t *)probe_addr;
	probe_done = 1;
}

bool x2_probe_faults(L4_Word_t addr)
{
	x2_fault_reset();
	probe_addr = addr, probe_done = 0;
	L4_ThreadId_t t = x2_thread(prober, x2_pager);
	bool faulted = x2_wait(&x2_fault.count, X2_WAIT_MS) && x2_fault.mr[1] == addr && !probe_done;
	x2_thread_kill(t);
	return faulted;
}
