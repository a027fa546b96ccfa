// SPDX-License-Identifier: MIT
/*
 * The long-IPC suite's runner (longipc.h): the agents that send and
 * receive as the main thread's job says, the suite's pager, and main,
 * which runs the tables and checks after every test that kernel memory
 * is back where it was. TAP on the console.
 */
#include "longipc.h"
#include <l4/arch.h>

const int l4_exit_when_main_returns = 1;

unsigned char src_buf[BUF_SIZE] __attribute__((aligned(4096)));
unsigned char dst_buf[BUF_SIZE] __attribute__((aligned(4096)));
unsigned char dst2_buf[BUF_SIZE] __attribute__((aligned(4096)));
struct job job;
L4_ThreadId_t agent_snd, agent_rcv;

#define LABEL_READY  0x5244
#define LABEL_DONE   0x444E
#define LABEL_GO     0x474F
#define LABEL_MSG    0x4D53

/* ---- the pager ---- */

L4_ThreadId_t lp_pager;
volatile L4_Word_t lp_faults, lp_src_faults, lp_dst_faults, lp_held;
volatile L4_Word_t lp_last_addr, lp_last_access, lp_hold_from;

static bool in_range(L4_Word_t a, const unsigned char *b)
{
	return a >= (L4_Word_t)b && a < (L4_Word_t)b + BUF_SIZE;
}

static bool lp_handle(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3,
                      L4_ThreadId_t from)
{
	(void)w2, (void)w3, (void)from;
	if (!L4_IsPagefaultLabel(label))
		return false;
	lp_faults++;
	lp_last_addr = w1;
	lp_last_access = L4_PagefaultRights(label);
	lp_src_faults += in_range(w1, src_buf);
	lp_dst_faults += in_range(w1, dst_buf) || in_range(w1, dst2_buf);
	/* Held: outside the image, or from lp_hold_from to the end of the
	 * buffer that holds it. */
	L4_Word_t h = lp_hold_from;
	const unsigned char *hb = in_range(h, src_buf) ? src_buf : in_range(h, dst_buf) ? dst_buf :
	                          dst2_buf;
	bool hold = !in_root_image(w1) || (h && w1 >= h && in_range(w1, hb));
	if (hold) {
		lp_held++;
		return false;
	}
	child_load_map(w1, w1, L4_FullyAccessible);
	return true;
}

static void lp_pager_loop(void)
{
	pager_serve(lp_handle);
}

bool wait_held(unsigned ms)
{
	L4_Word_t before = lp_held;
	for (unsigned i = 0; i < ms && lp_held == before; i++)
		L4_Sleep(L4_TimePeriod(1000));
	return lp_held != before;
}

/* ---- jobs ---- */

void job_reset(void)
{
	L4_Word_t *w = (L4_Word_t *)&job;
	for (unsigned i = 0; i < sizeof job / sizeof *w; i++)
		w[i] = 0;
	job.snd_timeout = L4_Never;
	job.snd_pager = L4_nilthread;
	job.brs[0] = ACCEPT_STRINGS;
	job.nbrs = 1;
	lp_hold_from = 0;
}

void job_item(const L4_Word_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		job.words[job.u + job.t++] = w[i];
}

void job_string(const void *p, L4_Word_t len)
{
	L4_StringItem_t s = L4_StringItem((int)len, (void *)p);
	job_item(s.raw, 2);
}

void job_buffer(const L4_Word_t *w, unsigned n)
{
	/* The buffer before this one gets C = 1 (another follows). */
	unsigned at = 1;
	while (at < job.nbrs) {
		unsigned first = at;
		at += (unsigned)__L4_StringItemWords(&job.brs[first]);
		if (at >= job.nbrs)
			job.brs[first] |= 1;
	}
	for (unsigned i = 0; i < n; i++)
		job.brs[job.nbrs + i] = w[i];
	job.brs[job.nbrs] &= ~1UL;
	job.nbrs += n;
}

void job_simple_buffer(void *p, L4_Word_t len)
{
	L4_StringItem_t s = L4_StringItem((int)len, p);
	job_buffer(s.raw, 2);
}

void fill_src(unsigned seed)
{
	for (unsigned i = 0; i < BUF_SIZE; i++)
		src_buf[i] = (unsigned char)(i * 7 + seed + (i >> 8) * 13);
}

void fill_dst(void)
{
	for (unsigned i = 0; i < BUF_SIZE; i++)
		dst_buf[i] = dst2_buf[i] = CANARY;
}

bool same_bytes(const unsigned char *dst, const unsigned char *src, L4_Word_t len)
{
	for (L4_Word_t i = 0; i < len; i++)
		if (dst[i] != src[i]) {
			printf("# byte %lu differs: %02x, expected %02x\n", i, dst[i], src[i]);
			return false;
		}
	return true;
}

bool canary_at(const unsigned char *p, L4_Word_t len)
{
	for (L4_Word_t i = 0; i < len; i++)
		if (p[i] != CANARY) {
			printf("# byte %lu past the end was written\n", i);
			return false;
		}
	return true;
}

/* ---- the agents ---- */

/* Every agent first waits for the main thread's "go", which names its
 * partner (MR1): ids are known only once both threads exist. */
static L4_ThreadId_t wait_go(void)
{
	L4_Word_t w = 0;
	L4_Receive(root_id);
	L4_StoreMR(1, &w);
	return (L4_ThreadId_t){ .raw = w };
}

static void report(L4_Word_t who)
{
	L4_LoadMR(0, (L4_Word_t)LABEL_DONE << 16 | 1);
	L4_LoadMR(1, who);
	L4_Send(root_id);
	for (;;)
		L4_Sleep(L4_Never);
}

static void touch(L4_Word_t from, L4_Word_t len)
{
	for (L4_Word_t a = from; a < from + len; a += 4096)
		(void)*(volatile unsigned char *)a;
}

static void load_brs(void)
{
	touch(job.rcv_touch, job.rcv_touch_len);
	if (job.use_libl4)
		L4_AcceptStrings((L4_Acceptor_t){ .raw = job.acceptor ? job.acceptor : 1 }, &job.msgbuf);
	else
		L4_LoadBRs(0, (int)job.nbrs, job.brs);
	L4_Set_XferTimeouts(job.rcv_xfer);
}

static void record_receive(L4_MsgTag_t tag, L4_ThreadId_t from)
{
	job.rcv_tag = tag.raw;
	job.rcv_err = L4_ErrorCode();
	job.rcv_from = from.raw;
	for (int i = 1; i < 64; i++)
		L4_StoreMR(i, (L4_Word_t *)&job.rcv_mr[i]);
	if (job.peek)
		job.peeked = *(volatile L4_Word_t *)job.peek;
}

static void send_message(L4_ThreadId_t to)
{
	touch(job.snd_touch, job.snd_touch_len);
	L4_Set_XferTimeouts(job.snd_xfer);
	if (job.use_libl4) {
		L4_MsgLoad(&job.msg);
	} else {
		L4_LoadMRs(1, (int)(job.u + job.t), job.words);
		L4_LoadMR(0, (L4_Word_t)LABEL_MSG << 16 | job.t << 6 | job.u);
	}
	job.snd_started = 1;
	L4_MsgTag_t tag = L4_Send_Timeout(to, job.snd_timeout);
	job.snd_tag = tag.raw;
	job.snd_err = L4_ErrorCode();
}

/* Receiver first: it Calls the sender with "ready" and gets the strings
 * as the answer (the sender runs the copy). */
static void rcv_first_agent(void)
{
	L4_ThreadId_t snd = wait_go();
	load_brs();
	L4_LoadMR(0, (L4_Word_t)LABEL_READY << 16);
	L4_MsgTag_t tag = L4_Call(snd);
	record_receive(tag, snd);
	report(1);
}

static void snd_after_ready_agent(void)
{
	L4_ThreadId_t rcv = wait_go();
	L4_Receive(rcv);
	send_message(rcv);
	report(2);
}

/* Sender first: queued before the receiver receives (the receiver runs
 * the copy). */
static void snd_first_agent(void)
{
	send_message(wait_go());
	report(2);
}

static void rcv_late_agent(void)
{
	L4_ThreadId_t snd = wait_go(), from;
	load_brs();
	L4_MsgTag_t tag = L4_Ipc(L4_nilthread, snd, L4_Timeouts(L4_Never, L4_Never), &from);
	record_receive(tag, from);
	report(1);
}

static L4_ThreadId_t child_owner[2];

static L4_ThreadId_t start_in(enum where w, void (*fn)(void), L4_Word_t small)
{
	if (w == IN_ROOT)
		return thread_start(fn);
	if (w == IN_SMALL)
		return small_start(fn, L4_SmallSpace(small, SMALL_MB));
	/* A child of its own space, paged by the suite's pager. */
	static unsigned next;
	static L4_Word_t stacks[2][1024] __attribute__((aligned(16)));
	unsigned slot = slot_free(child_owner, 2);
	if (slot == 2)
		return L4_nilthread;
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(root_id) + 1000 + next++ % 1000, 1);
	if (!space_new(t, lp_pager, (L4_Word_t)fn, (L4_Word_t)&stacks[slot][1024]))
		return L4_nilthread;
	child_owner[slot] = t;
	return t;
}

static enum where where_of_snd, where_of_rcv;

static void kill_agent(L4_ThreadId_t *t, enum where w)
{
	if (L4_IsNilThread(*t))
		return;
	if (w == IN_ROOT) {
		thread_kill(*t);
	} else if (w == IN_SMALL) {
		small_kill(*t);
	} else {
		slot_release(child_owner, 2, *t);
		L4_ThreadControl(*t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	}
	*t = L4_nilthread;
}

void agent_kill_sender(void)
{
	kill_agent(&agent_snd, where_of_snd);
}

void agent_kill_receiver(void)
{
	kill_agent(&agent_rcv, where_of_rcv);
}

void agents_kill(void)
{
	kill_agent(&agent_snd, where_of_snd);
	kill_agent(&agent_rcv, where_of_rcv);
}

static bool go(L4_ThreadId_t t, L4_ThreadId_t partner)
{
	L4_LoadMR(0, (L4_Word_t)LABEL_GO << 16 | 1);
	L4_LoadMR(1, partner.raw);
	return L4_IpcSucceeded(L4_Send_Timeout(t, L4_TimePeriod(2000000)));
}

bool agents_start(enum where snd, enum where rcv, enum order order)
{
	where_of_snd = snd, where_of_rcv = rcv;
	bool first = order == RECEIVER_FIRST;
	agent_rcv = start_in(rcv, first ? rcv_first_agent : rcv_late_agent, 128);
	agent_snd = start_in(snd, first ? snd_after_ready_agent : snd_first_agent, 192);
	if (L4_IsNilThread(agent_rcv) || L4_IsNilThread(agent_snd)) {
		printf("# an agent could not be started\n");
		agents_kill();
		return false;
	}
	job.sender = agent_snd, job.receiver = agent_rcv;
	if (!L4_IsNilThread(job.snd_pager))
		L4_Set_PagerOf(agent_snd, job.snd_pager);
	if (first)
		return go(agent_snd, agent_rcv) && go(agent_rcv, agent_snd);
	if (!go(agent_snd, agent_rcv))
		return false;
	/* Let the sender run until it has sent (it then waits in its send
	 * phase: the receiver takes nothing but our "go" yet). */
	for (unsigned i = 0; i < 1000 && !job.snd_started; i++)
		L4_ThreadSwitch(agent_snd);
	L4_ThreadSwitch(agent_snd);
	return go(agent_rcv, agent_snd);
}

static bool wait_report(L4_ThreadId_t t, unsigned ms)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod((L4_Word_t)ms * 1000));
	if (!L4_IpcSucceeded(tag) || L4_Label(tag) != LABEL_DONE) {
		printf("# agent %lx did not report (ErrorCode %lx)\n", t.raw, L4_ErrorCode());
		return false;
	}
	return true;
}

bool agent_wait_receiver(unsigned ms)
{
	return wait_report(agent_rcv, ms);
}

bool agent_wait_sender(unsigned ms)
{
	return wait_report(agent_snd, ms);
}

bool transfer(enum where snd, enum where rcv, enum order order, unsigned ms)
{
	bool ok = agents_start(snd, rcv, order) && agent_wait_receiver(ms) &&
	          agent_wait_sender(ms);
	agents_kill();
	return ok;
}

/* ---- main ---- */

int main(void)
{
	root_id = L4_Myself();
	const struct test *const tables[] = { string_tests, fault_tests, ctrlxfer_tests, 0 };
	unsigned n = 0;
	for (unsigned i = 0; tables[i]; i++)
		for (const struct test *x = tables[i]; x->name; x++)
			n++;
	printf("1..%u\n", n + 1);
	fill_src(0);
	fill_dst();                     /* every buffer page now ours */
	lp_pager = thread_start(lp_pager_loop);
	bool setup = !L4_IsNilThread(lp_pager) && pager_init() && small_pager_init();
	printf("%s 1 - setup: the pagers\n", setup ? "ok" : "not ok");
	unsigned failed = !setup, num = 1;
	for (unsigned i = 0; tables[i]; i++)
		for (const struct test *x = tables[i]; x->name; x++) {
			unsigned long before = L4_KDB_FreeFrames();
			bool ok = setup && x->run();
			agents_kill();
			unsigned long after = L4_KDB_FreeFrames();
			if (before != after) {
				printf("# kernel memory: %lu free frames before, %lu after\n", before,
				       after);
				ok = false;
			}
			failed += !ok;
			printf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++num, x->name, x->description);
		}
	printf("# longipc: %u failed\n", failed);
	return failed != 0;
}
