// SPDX-License-Identifier: MIT
/*
 * kdb_threads.c: the debugger's views of threads: the thread list (state,
 * whom a blocked thread waits for, priority, space, pager, IP and SP), one
 * TCB with the thread's user registers, and a thread's send queue (the
 * senders blocked on it, in the order they will be served). Read-only.
 */
#include "kdb_cmd.h"
#include "sched.h"
#include "../arch/ia32/kdb_arch.h"
#include "../arch/ia32/uctx.h"

static const char *const state_names[] = {
	[TS_FREE] = "free", [TS_INACTIVE] = "inactive", [TS_RUNNING] = "ready",
	[TS_WAIT_SEND] = "send", [TS_WAIT_RECV] = "recv",
	[TS_WAIT_START] = "wait-start", [TS_HALTED] = "halted", [TS_IDLE] = "idle",
};

static const char *state_name(const struct tcb *t)
{
	if (t == current && t->state == TS_RUNNING)
		return "running";
	return t->state < sizeof state_names / sizeof state_names[0] ? state_names[t->state] : "?";
}

/* What t does, in words: "send to 35.1", "recv from anythread", ... */
static void describe_state(const struct tcb *t, char *buf, unsigned size)
{
	char b[24];
	switch (t->state) {
	case TS_WAIT_SEND:
		snprintf(buf, size, "send to %s%s%s",
		         t->send_to ? kdb_tid(t->send_to->global_id, b) : "?",
		         t->recv_after_send ? " (call)" : "",
		         t->in_timeout_list ? " (timeout)" : "");
		break;
	case TS_WAIT_RECV:
		snprintf(buf, size, "recv from %s%s", kdb_tid(t->recv_from, b),
		         t->in_timeout_list ? " (timeout)" : "");
		break;
	default:
		snprintf(buf, size, "%s%s", state_name(t),
		         t->halt_after_ipc ? " (halt after ipc)" : "");
		break;
	}
}

static bool list_one(struct tcb *t, void *arg)
{
	(void)arg;
	char st[48], b[24], pb[24];
	describe_state(t, st, sizeof st);
	kprintf("%c%-9s %08x %-30s %3u %08x %-9s", t == current ? '*' : ' ',
	        kdb_tid(t->global_id, b), t->global_id, st, t->prio, (uint32_t)t->space,
	        kdb_tid(t->pager, pb));
	if (t->space)
		kprintf(" %08x %08x\n", uctx_ip(t), uctx_sp(t));
	else
		kprintf(" (kernel)\n");
	return true;
}

int kdb_cmd_threads(int argc, char **argv)
{
	(void)argc, (void)argv;
	kprintf(" %-9s %-8s %-30s %3s %-8s %-9s %-8s %-8s\n", "thread", "id", "state",
	        "pri", "space", "pager", "ip", "sp");
	kdb_for_each_thread(list_one, 0);
	return KDB_STAY;
}

static int one_thread(int argc, char **argv, struct tcb **t)
{
	if (argc < 2) {
		kprintf("usage: %s THREAD\n", argv[0]);
		return 0;
	}
	*t = kdb_parse_thread(argv[1]);
	return *t != 0;
}

int kdb_cmd_tcb(int argc, char **argv)
{
	struct tcb *t;
	if (!one_thread(argc, argv, &t))
		return KDB_STAY;
	char b[24], st[48];
	describe_state(t, st, sizeof st);
	kprintf("thread %s  global id %08x", kdb_tid(t->global_id, b), t->global_id);
	if (t->utcb)
		kprintf("  local id %08x", tcb_local_id(t));
	kprintf("  tcb %p\n", (void *)t);
	kprintf("  state %s\n", st);
	kprintf("  space %p  utcb %08x (kernel %p)\n", (void *)t->space, t->utcb_location,
	        (void *)t->utcb);
	kprintf("  pager %s", kdb_tid(t->pager, b));
	kprintf("  exception handler %s", kdb_tid(t->exception_handler, b));
	kprintf("  scheduler %s  user handle %08x\n", kdb_tid(t->scheduler, b), t->user_handle);
	kprintf("  priority %u  time slice %u/%u us  total quantum %u us  %s\n", t->prio,
	        t->timeslice_left_us, t->timeslice_us, (uint32_t)t->total_quantum_us,
	        t->in_ready_queue ? "in ready queue" : "not queued");
	if (t->in_timeout_list)
		kprintf("  timeout at %u us\n", (uint32_t)t->wakeup_at);
	kprintf("  send queue %s  ipc error %x  irq pending %04x  fpu %s\n",
	        t->send_head ? kdb_tid(t->send_head->global_id, b) : "empty", t->ipc_error,
	        t->irq_pending, t->fpu_live ? "live" : "saved or unused");
	kprintf("  user registers:\n");
	kdb_arch_print_user_regs(t);
	return KDB_STAY;
}

int kdb_cmd_regs(int argc, char **argv)
{
	struct tcb *t = current;
	if (argc > 1 ? !(t = kdb_parse_thread(argv[1])) : !t) {
		kprintf("usage: regs THREAD\n");
		return KDB_STAY;
	}
	char b[24];
	kprintf("thread %s:\n", kdb_tid(t->global_id, b));
	kdb_arch_print_user_regs(t);
	return KDB_STAY;
}

int kdb_cmd_sendq(int argc, char **argv)
{
	struct tcb *t;
	if (!one_thread(argc, argv, &t))
		return KDB_STAY;
	char b[24];
	kprintf("send queue of %s:", kdb_tid(t->global_id, b));
	struct tcb *s = t->send_head;
	if (!s) {
		kprintf(" empty\n");
		return KDB_STAY;
	}
	kprintf("\n");
	unsigned n = 0;
	do {
		kprintf("  %u: %s (%08x)%s\n", n, kdb_tid(s->global_id, b), s->global_id,
		        s->recv_after_send ? " call" : " send");
		s = s->send_next;
	} while (s != t->send_head && ++n < MAX_THREADS);
	return KDB_STAY;
}
