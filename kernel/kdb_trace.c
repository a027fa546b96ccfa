// SPDX-License-Identifier: MIT
/*
 * kdb_trace.c: the IPC trace, a ring of the last TRACE_SIZE IPCs and
 * fault messages (time, from, to, tag, path), switched on and off from
 * the debugger ("trace on", "trace off"). Off, it costs the fast path
 * nothing: sysenter goes straight to sysenter_entry, and only the trap
 * gate's and the fault messages' hooks test kdb_trace_on. On, sysenter
 * enters through sysenter_trace.asm, which records every Ipc before the
 * usual entry runs, with the fast path's count of IPCs (only the fast
 * path counts there). Whether a call went by the fast path shows when
 * the next sysenter is recorded, or when the trace is shown: exactly
 * that call ran in between (the kernel runs to completion), so the
 * count moved by one if the fast path took it.
 */
#include "kdb_cmd.h"
#include "clock.h"
#include "ipc.h"
#include "../arch/ia32/kdb_arch.h"

#define TRACE_SIZE 512

enum trace_kind { TRACE_SYSENTER, TRACE_GATE, TRACE_FAULT };

struct trace_record {
	uint32_t time_us;
	word_t from, to, from_spec, tag;
	word_t addr, ip;                /* a fault's; a sysenter's fast-path count in addr */
	uint8_t kind;
};

bool kdb_trace_on;
static struct trace_record ring[TRACE_SIZE];
static uint32_t recorded;               /* since the last clear */

static struct trace_record *record(enum trace_kind kind, word_t to, word_t tag)
{
	struct trace_record *r = &ring[recorded++ % TRACE_SIZE];
	struct tcb *dest = to == TID_NIL ? 0 : tcb_lookup(current, to);
	*r = (struct trace_record){
		(uint32_t)clock_us(), current->global_id, dest ? dest->global_id : to,
		0, tag, 0, 0, (uint8_t)kind };
	return r;
}

void kdb_trace_sysenter(word_t to, word_t from_spec, word_t tag)
{
	struct trace_record *r = record(TRACE_SYSENTER, to, tag);
	r->from_spec = from_spec;
	r->addr = ipc_fastpath_count();
}

/* Did the fast path take sysenter record i? The fast path's count at the
 * next sysenter record, or now, tells. */
static bool went_fast(word_t i)
{
	for (word_t j = i + 1; j != recorded; j++)
		if (ring[j % TRACE_SIZE].kind == TRACE_SYSENTER)
			return ring[j % TRACE_SIZE].addr != ring[i % TRACE_SIZE].addr;
	return ipc_fastpath_count() != ring[i % TRACE_SIZE].addr;
}

void kdb_trace_ipc(word_t to, word_t from_spec, word_t tag)
{
	record(TRACE_GATE, to, tag)->from_spec = from_spec;
}

void kdb_trace_fault(word_t partner, word_t tag, word_t addr, word_t ip)
{
	struct trace_record *r = record(TRACE_FAULT, partner, tag);
	r->addr = addr;
	r->ip = ip;
}


static void show(word_t n)
{
	word_t have = recorded < TRACE_SIZE ? recorded : TRACE_SIZE;
	if (n > have)
		n = have;
	kprintf("IPC trace (%s): %u recorded, the last %u:\n", kdb_trace_on ? "on" : "off",
	        recorded, n);
	kprintf("  %6s %10s %-9s %-14s %-8s %s\n", "seq", "time us", "from", "to",
	        "tag", "path");
	for (word_t i = recorded - n; i != recorded; i++) {
		const struct trace_record *r = &ring[i % TRACE_SIZE];
		char a[24], b[24];
		const char *path = r->kind == TRACE_FAULT ? "fault" :
		                   r->kind == TRACE_GATE ? "general (int)" :
		                   went_fast(i) ? "fast" : "general";
		kprintf("  %6u %10u %-9s %-14s %08x %s", i, r->time_us, kdb_tid(r->from, a),
		        kdb_tid(r->to, b), r->tag, path);
		if (r->kind == TRACE_FAULT)
			kprintf(" addr %08x ip %08x", r->addr, r->ip);
		else if (r->from_spec != TID_NIL)
			kprintf(", receive from %s", kdb_tid(r->from_spec, a));
		kprintf("\n");
	}
}

int kdb_cmd_trace(int argc, char **argv)
{
	word_t n = 16;
	if (argc > 1 && !strcmp(argv[1], "on")) {
		kdb_trace_on = true;
		kdb_arch_trace_entry(true);
		kprintf("IPC trace on (every IPC takes the trace entry)\n");
	} else if (argc > 1 && !strcmp(argv[1], "off")) {
		kdb_trace_on = false;
		kdb_arch_trace_entry(false);
		kprintf("IPC trace off\n");
	} else if (argc > 1 && !strcmp(argv[1], "clear")) {
		recorded = 0;
	} else if (argc > 1 && !kdb_parse_word(argv[1], &n)) {
		kprintf("usage: trace [on|off|clear|N]   (N in hex)\n");
	} else {
		show(n);
	}
	return KDB_STAY;
}
