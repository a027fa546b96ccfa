// SPDX-License-Identifier: MIT
/*
 * The hostile-task suite (hostile.h): a root task that runs each class's
 * table, checks after every test that the victim is intact, and at the end
 * that kernel memory is back where it started. TAP on the console.
 */
#include "hostile.h"
#include <l4/arch.h>

const int l4_exit_when_main_returns = 1;


static const struct test *const *tables(void)
{
	static const struct test *t[11];
	unsigned n = 0;
	const struct test *all[] = {
		hostile_port_tests, hostile_segment_tests, hostile_kdb_tests,
		hostile_fpu_tests, hostile_kmem_tests, hostile_iofault_tests,
		hostile_leak_tests, hostile_flags_tests, hostile_fuzz_tests, hostile_x2_tests,
	};
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i])
			t[n++] = all[i];
	t[n] = 0;
	return t;
}

/* ---- the victim ---- */

static volatile L4_Word_t victim_page[1024] __attribute__((aligned(4096)));
static L4_ThreadId_t victim_id;

static L4_Word_t victim_sum(void)
{
	L4_Word_t s = 0;
	for (unsigned i = 0; i < 1024; i++)
		s = (s << 5 | s >> 27) ^ victim_page[i];
	return s;
}

static void victim(void)
{
	for (unsigned i = 0; i < 1024; i++)
		victim_page[i] = i * 2654435761u;
	L4_Word_t want = victim_sum();
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t ok = L4_IpcSucceeded(tag) && victim_sum() == want;
		L4_LoadMR(0, 1);        /* untyped 1 */
		L4_LoadMR(1, ok);
		tag = L4_ReplyWait(from, &from);
	}
}

bool hostile_victim_start(void)
{
	victim_id = thread_start(victim);
	return !L4_IsNilThread(victim_id);
}

bool hostile_victim_ok(void)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Call_Timeouts(victim_id, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_Word_t ok = 0;
	L4_StoreMR(1, &ok);
	return L4_IpcSucceeded(tag) && L4_UntypedWords(tag) == 1 && ok == 1;
}

/* ---- hostile tasks ---- */

void hostile_report(L4_Word_t w)
{
	L4_LoadMR(0, (L4_Word_t)HOSTILE_REPORT_LABEL << 16 | 1);
	L4_LoadMR(1, w);
	L4_Send(root_id);
	for (;;)
		L4_Sleep(L4_Never);
}

L4_Word_t hostile_run(void (*fn)(void), unsigned ms)
{
	L4_ThreadId_t t = space_start(fn);
	if (L4_IsNilThread(t))
		return HOSTILE_SILENT;
	L4_Word_t w = HOSTILE_SILENT;
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod((L4_Word_t)ms * 1000));
	if (L4_IpcSucceeded(tag) && L4_Label(tag) == HOSTILE_REPORT_LABEL)
		L4_StoreMR(1, &w);
	space_kill(t);
	return w;
}

int main(void)
{
	root_id = L4_Myself();
	const struct test *const *t = tables();
	unsigned n = 0;
	for (unsigned i = 0; t[i]; i++)
		for (const struct test *x = t[i]; x->name; x++)
			n++;
	printf("1..%u\n", n + 2);
	bool setup = pager_init() && hostile_victim_start() && hostile_victim_ok();
	printf("%s 1 - setup: the pager thread and the victim\n", setup ? "ok" : "not ok");
	unsigned long free_before = L4_KDB_FreeFrames();
	unsigned failed = !setup, num = 1;
	for (unsigned i = 0; t[i]; i++)
		for (const struct test *x = t[i]; x->name; x++) {
			bool ok = setup && x->run();
			bool intact = hostile_victim_ok();
			if (!intact)
				printf("# the victim is no longer intact after %s\n", x->name);
			ok = ok && intact;
			failed += !ok;
			printf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++num, x->name, x->description);
		}
	unsigned long free_after = L4_KDB_FreeFrames();
	bool same = free_before == free_after;
	printf("%s %u - kernel memory: %lu free frames before the tests, %lu after\n",
	       same ? "ok" : "not ok", ++num, free_before, free_after);
	return failed || !same;
}
