// SPDX-License-Identifier: MIT
/*
 * kdb_trace.c: the IPC trace, a ring of the last TRACE_SIZE IPCs and
 * fault messages (time, from, to, tag, path), switched on and off from
 * the debugger ("trace on", "trace off"). Off, it costs the fast path
 * nothing: sysenter goes straight to sysenter_entry, and only the
 * general path's hooks test kdb_trace_on. On, sysenter enters through
 * sysenter_trace.asm, which records every Ipc as the fast path's before
 * the fast path runs; when the fast path declines, sysenter_dispatch
 * marks that record as the general path's. (The kernel runs with
 * interrupts off from sysenter to there, so the record is that call's.)
 */
#include "kdb_cmd.h"
#include "clock.h"
#include "../arch/ia32/kdb_arch.h"

#define TRACE_SIZE 512

enum trace_kind { TRACE_FAST, TRACE_GENERAL, TRACE_GATE, TRACE_FAULT };

struct trace_record {
	uint32_t time_us;
	word_t from, to, from_spec, tag;
	word_t addr, ip;                /* a fault's */
	uint8_t kind;
};

bool kdb_trace_on;
static struct trace_record ring[TRACE_SIZE];
static uint32_t recorded;               /* since the last clear */
static struct trace_record *pending;    /* the last sysenter's record */

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
	pending = record(CONFIG_FASTPATH ? TRACE_FAST : TRACE_GENERAL, to, tag);
	pending->from_spec = from_spec;
}

void kdb_trace_sysenter_declined(void)
{
	if (pending && pending->from == current->global_id)
		pending->kind = TRACE_GENERAL;
	pending = 0;
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

static const char *const kind_names[] = {
	[TRACE_FAST] = "fast", [TRACE_GENERAL] = "general",
	[TRACE_GATE] = "general (int)", [TRACE_FAULT] = "fault",
};

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
		kprintf("  %6u %10u %-9s %-14s %08x %s", i, r->time_us, kdb_tid(r->from, a),
		        kdb_tid(r->to, b), r->tag, kind_names[r->kind]);
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
		pending = 0;
		kdb_arch_trace_entry(true);
		kprintf("IPC trace on (every IPC takes the trace entry)\n");
	} else if (argc > 1 && !strcmp(argv[1], "off")) {
		kdb_trace_on = false;
		kdb_arch_trace_entry(false);
		kprintf("IPC trace off\n");
	} else if (argc > 1 && !strcmp(argv[1], "clear")) {
		recorded = 0;
		pending = 0;
	} else if (argc > 1 && !kdb_parse_word(argv[1], &n)) {
		kprintf("usage: trace [on|off|clear|N]   (N in hex)\n");
	} else {
		show(n);
	}
	return KDB_STAY;
}
