// SPDX-License-Identifier: MIT
/*
 * kdb_main.c: the interactive kernel debugger (docs/debugging.md). It is
 * entered from a trap (L4_KDB_Enter of a privileged task, the break key
 * seen on a timer tick, a hardware breakpoint or a single step), or from
 * a panic, and runs right there on the current kernel stack with
 * interrupts off: every other thread stays exactly as it was, and time
 * stands still for the kernel (no tick is taken meanwhile). It reads
 * lines from the kernel console and runs the command they name until one
 * says leave (continue, or a step that runs the thread one instruction).
 *
 * This file has the loop, the command table and its help, argument
 * parsing, and the commands that control execution (breakpoints, step,
 * continue, halt, exit); the views of kernel state are in kdb_threads.c,
 * kdb_spaces.c, kdb_system.c and kdb_trace.c.
 */
#include "kdb_cmd.h"
#include "bootinfo.h"
#include "ksyms.h"
#include "space.h"
#include "../arch/ia32/kdb_arch.h"
#include "../arch/ia32/machine.h"
#include "../arch/ia32/layout.h"

bool kdb_on_panic, kdb_on_exception;
enum kdb_reason kdb_why;
struct trap_frame *kdb_frame;
static bool active;

#define LINE_MAX 96
#define ARGS_MAX 8

/* kdb=panic,exceptions on the kernel command line (make run sets panic). */
void kdb_init(const char *cmdline)
{
	char v[32];
	if (!cmdline_get(cmdline, "kdb", v, sizeof v))
		return;
	for (char *p = v; *p; ) {
		char *w = p;
		while (*p && *p != ',')
			p++;
		if (*p)
			*p++ = 0;
		if (!strcmp(w, "panic"))
			kdb_on_panic = true;
		else if (!strcmp(w, "exceptions"))
			kdb_on_exception = true;
		else
			kprintf("kdb: unknown option kdb=%s (panic, exceptions)\n", w);
	}
}

/* ---- parsing and names ---- */

bool kdb_parse_word(const char *s, word_t *out)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return false;
	word_t v = 0;
	for (unsigned n = 0; *s; s++, n++) {
		unsigned d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
		else return false;
		if (n >= 8)
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static bool parse_decimal(const char *s, const char *end, word_t *out)
{
	word_t v = 0;
	if (s == end)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > 0x0FFFFFFF)
			return false;
		v = v * 10 + (word_t)(*s - '0');
	}
	*out = v;
	return true;
}

struct tcb *kdb_parse_thread(const char *s)
{
	if (!strcmp(s, ".")) {
		if (!current)
			kprintf("kdb: no thread yet\n");
		return current;
	}
	const char *dot = s;
	while (*dot && *dot != '.')
		dot++;
	word_t id, no, ver;
	if (*dot) {
		if (!parse_decimal(s, dot, &no) || !parse_decimal(dot + 1, dot + strlen(dot), &ver) ||
		    no >= MAX_THREADS || ver > 0x3FFF) {
			kprintf("kdb: %s is not number.version\n", s);
			return 0;
		}
		id = tid_make(no, ver);
	} else if (!kdb_parse_word(s, &id)) {
		kprintf("kdb: %s is not a thread id\n", s);
		return 0;
	}
	struct tcb *t = tcb_of_global(id);
	if (!t)
		kprintf("kdb: no thread %s\n", s);
	return t;
}

static bool has_dot(const char *s)
{
	for (; *s; s++)
		if (*s == '.')
			return true;
	return false;
}

struct space_hunt { struct space *want; bool found; };

static bool space_seen(struct tcb *t, void *arg)
{
	struct space_hunt *h = arg;
	if (t->space == h->want)
		h->found = true;
	return !h->found;
}

struct space *kdb_parse_space(const char *s)
{
	word_t v;
	if (!has_dot(s) && kdb_parse_word(s, &v) && v >= KERNEL_BASE && !tcb_of_global(v)) {
		struct space_hunt h = { (struct space *)v, false };
		kdb_for_each_thread(space_seen, &h);
		if (h.found)
			return h.want;
		kprintf("kdb: no space at %s\n", s);
		return 0;
	}
	struct tcb *t = kdb_parse_thread(s);
	if (t && !t->space) {
		kprintf("kdb: thread %s is a kernel thread\n", s);
		return 0;
	}
	return t ? t->space : 0;
}

void kdb_for_each_thread(bool (*fn)(struct tcb *t, void *arg), void *arg)
{
	for (word_t no = 0; no < MAX_THREADS; no++) {
		struct tcb *t = tcb_by_no(no);
		if (t->global_id && t->state != TS_FREE && !fn(t, arg))
			return;
	}
}

const char *kdb_tid(word_t id, char buf[24])
{
	if (id == TID_NIL)
		return "nilthread";
	if (id == TID_ANY)
		return "anythread";
	if (id == TID_ANYLOCAL)
		return "anylocalthread";
	if (tid_is_local(id))
		snprintf(buf, 24, "local %08x", id);
	else if (tid_no(id) < SYSTEM_BASE)
		snprintf(buf, 24, "irq %u", tid_no(id));
	else
		snprintf(buf, 24, "%u.%u", tid_no(id), tid_version(id));
	return buf;
}

void kdb_print_addr(word_t addr)
{
	uint32_t off = 0;
	const char *s = addr >= KERNEL_BASE ? ksym_lookup(addr, &off) : 0;
	if (s)
		kprintf("%08x <%s+0x%x>", addr, s, off);
	else
		kprintf("%08x", addr);
}

/* ---- execution control ---- */

static int cmd_continue(int argc, char **argv)
{
	(void)argc, (void)argv;
	if (kdb_why == KDB_REASON_PANIC) {
		kprintf("kdb: the kernel panicked: there is no going on (halt)\n");
		return KDB_STAY;
	}
	return KDB_LEAVE;
}

static int cmd_halt(int argc, char **argv)
{
	(void)argc, (void)argv;
	if (kdb_why == KDB_REASON_PANIC)
		return KDB_LEAVE;               /* panic() ends the machine */
	kprintf("kdb: halted\n");
	kernel_exit(false);
}

static int cmd_exit(int argc, char **argv)
{
	word_t code = 0;
	if (argc > 1 && !kdb_parse_word(argv[1], &code)) {
		kprintf("usage: exit [0|1]\n");
		return KDB_STAY;
	}
	if (kdb_why == KDB_REASON_PANIC)
		return KDB_LEAVE;
	kernel_exit(code == 0);
}

static int cmd_step(int argc, char **argv)
{
	struct tcb *t = current;
	if (argc > 1 && !(t = kdb_parse_thread(argv[1])))
		return KDB_STAY;
	if (kdb_why == KDB_REASON_PANIC) {
		kprintf("kdb: the kernel panicked: nothing runs any more\n");
		return KDB_STAY;
	}
	const char *err = kdb_arch_step(t);
	if (err) {
		kprintf("kdb: %s\n", err);
		return KDB_STAY;
	}
	return KDB_LEAVE;
}

static int bp_usage(void)
{
	kprintf("usage: bp                      list\n"
	        "       bp N x|w|rw ADDR [LEN] [SPACE|THREAD]   set DR<N> (0-3)\n"
	        "       bp N clear\n");
	return KDB_STAY;
}

static int cmd_bp(int argc, char **argv)
{
	if (argc == 1) {
		kdb_arch_bp_list();
		return KDB_STAY;
	}
	word_t n, addr, len = 1;
	if (argc < 3 || !kdb_parse_word(argv[1], &n))
		return bp_usage();
	if (!strcmp(argv[2], "clear")) {
		if (n >= KDB_BP_COUNT)
			return bp_usage();
		kdb_arch_bp_clear(n);
		return KDB_STAY;
	}
	unsigned kind = !strcmp(argv[2], "x") ? 0 : !strcmp(argv[2], "w") ? 1 :
	                !strcmp(argv[2], "rw") ? 3 : 2;
	if (kind == 2 || argc < 4 || !kdb_parse_word(argv[3], &addr))
		return bp_usage();
	int next = 4;
	if (argc > next && strlen(argv[next]) == 1 && kdb_parse_word(argv[next], &len))
		next++;
	struct space *s = 0;
	if (argc > next && !(s = kdb_parse_space(argv[next])))
		return KDB_STAY;
	if (!s && addr < KERNEL_BASE && kdb_frame && kdb_arch_frame_user(kdb_frame))
		kprintf("kdb: a user address with no space: every space\n");
	const char *err = kdb_arch_bp_set(n, addr, kind, len, s);
	if (err)
		kprintf("kdb: %s\n", err);
	else
		kdb_arch_bp_list();
	return KDB_STAY;
}

static int cmd_where(int argc, char **argv)
{
	(void)argc, (void)argv;
	char b[24];
	if (current)
		kprintf("thread %s (%08x)", kdb_tid(current->global_id, b), current->global_id);
	else
		kprintf("no thread yet");
	if (kdb_frame) {
		kprintf(", trap frame:\n");
		kdb_arch_print_frame(kdb_frame);
		if (!kdb_arch_frame_user(kdb_frame))
			kdb_arch_backtrace(kdb_frame);
	} else {
		kprintf(", in the kernel:\n");
		kdb_arch_backtrace(0);
	}
	return KDB_STAY;
}

static int cmd_help(int argc, char **argv);

static const struct {
	const char *name, *alias, *args, *help;
	kdb_command_fn fn;
} commands[] = {
	{ "help", "?", "", "this list", cmd_help },
	{ "threads", "t", "", "every thread: state, whom it waits for, prio, space, pager, ip/sp", kdb_cmd_threads },
	{ "tcb", 0, "THREAD", "one thread's control block and user registers", kdb_cmd_tcb },
	{ "regs", "r", "[THREAD]", "a thread's user registers (default: the current one)", kdb_cmd_regs },
	{ "where", "w", "", "the current thread and the frame that entered kdb, with backtrace", cmd_where },
	{ "sendq", 0, "THREAD", "the threads waiting to send to THREAD", kdb_cmd_sendq },
	{ "spaces", "s", "", "every address space: threads, small-space slot, I/O ports", kdb_cmd_spaces },
	{ "maps", "m", "SPACE [FROM [TO]]", "a space's mappings: range, frame, rights, mapped from", kdb_cmd_maps },
	{ "frame", 0, "PHYS", "the mapping tree of a physical frame", kdb_cmd_frame },
	{ "mem", "d", "ADDR [WORDS]", "kernel memory (kernel virtual addresses)", kdb_cmd_mem },
	{ "umem", "u", "SPACE ADDR [WORDS]", "a space's memory at its virtual address", kdb_cmd_umem },
	{ "kip", 0, "", "the kernel interface page", kdb_cmd_kip },
	{ "irqs", "i", "", "interrupt lines: handler, masked, pending, counts", kdb_cmd_irqs },
	{ "counters", 0, "", "the kernel's event counters", kdb_cmd_counters },
	{ "trace", 0, "[on|off|clear|N]", "the IPC trace: switch it, or show the last N records", kdb_cmd_trace },
	{ "bp", "b", "[N x|w|rw ADDR [LEN] [SPACE] | N clear]", "hardware breakpoints 0-3 (execute, write, read/write)", cmd_bp },
	{ "step", "n", "[THREAD]", "run a thread one user instruction, then back here", cmd_step },
	{ "continue", "c", "", "leave kdb; everything runs on", cmd_continue },
	{ "halt", 0, "", "stop the machine (exit: failure)", cmd_halt },
	{ "exit", "q", "[0|1]", "end the machine with success (0) or failure (1)", cmd_exit },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int cmd_help(int argc, char **argv)
{
	(void)argc, (void)argv;
	kprintf("kdb commands (numbers and addresses in hex; THREAD: no.ver as the thread\n"
	        "list shows it, a global id, or . for the current one; SPACE: a space's\n"
	        "address from the space list, or one of its threads):\n");
	for (unsigned i = 0; i < NCOMMANDS; i++) {
		char head[48];
		snprintf(head, sizeof head, "%s%s%s %s", commands[i].name,
		         commands[i].alias ? "|" : "", commands[i].alias ? commands[i].alias : "",
		         commands[i].args);
		kprintf("  %-30s %s\n", head, commands[i].help);
	}
	return KDB_STAY;
}

/* ---- the loop ---- */

static unsigned read_line(char *buf, unsigned size)
{
	static bool after_cr;
	unsigned n = 0;
	for (;;) {
		char c = kdb_arch_getc();
		bool lf_of_crlf = c == '\n' && after_cr && n == 0;
		after_cr = c == '\r';
		if (lf_of_crlf)
			continue;
		if (c == '\r' || c == '\n') {
			kprintf("\n");
			buf[n] = 0;
			return n;
		}
		if ((c == 0x7F || c == 0x08) && n > 0) {
			n--;
			kprintf("\b \b");
		} else if (c >= 0x20 && c < 0x7F && n + 1 < size) {
			buf[n++] = c;
			kprintf("%c", c);
		}
	}
}

static int split(char *line, char **argv)
{
	int argc = 0;
	for (char *p = line; *p && argc < ARGS_MAX; ) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return argc;
}

static int run(int argc, char **argv)
{
	for (unsigned i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[0], commands[i].name) ||
		    (commands[i].alias && !strcmp(argv[0], commands[i].alias)))
			return commands[i].fn(argc, argv);
	kprintf("kdb: unknown command %s (help lists them)\n", argv[0]);
	return KDB_STAY;
}

static const char *const reason_names[] = {
	[KDB_REASON_ENTER] = "L4_KDB_Enter",
	[KDB_REASON_BREAK_KEY] = "break key",
	[KDB_REASON_PANIC] = "kernel panic",
	[KDB_REASON_BREAKPOINT] = "breakpoint",
	[KDB_REASON_STEP] = "single step",
	[KDB_REASON_EXCEPTION] = "unhandled exception",
};

void kdb_debugger(enum kdb_reason why, struct trap_frame *f, const char *what)
{
	bool was = irq_save_disable();
	if (active) {
		kprintf("kdb: %s while in kdb: ignored\n", what ? what : reason_names[why]);
		irq_restore(was);
		return;
	}
	active = true;
	kdb_entries++;
	enum kdb_reason outer_why = kdb_why;
	struct trap_frame *outer_frame = kdb_frame;
	kdb_why = why;
	kdb_frame = f;

	char b[24];
	kprintf("\n--- kdb: %s, ", what ? what : reason_names[why]);
	if (current)
		kprintf("thread %s (%08x)", kdb_tid(current->global_id, b), current->global_id);
	else
		kprintf("no thread yet");
	if (f) {
		kprintf(", %s ip ", kdb_arch_frame_user(f) ? "user" : "kernel");
		kdb_print_addr(kdb_arch_frame_ip(f));
	}
	kprintf(" ---\n");
	for (;;) {
		char line[LINE_MAX], *argv[ARGS_MAX];
		line[0] = 0;
		kprintf("kdb> ");
		read_line(line, sizeof line);
		int argc = split(line, argv);
		if (argc && run(argc, argv) == KDB_LEAVE)
			break;
	}
	if (why != KDB_REASON_PANIC)
		kprintf("kdb: continuing\n");
	kdb_why = outer_why;
	kdb_frame = outer_frame;
	active = false;
	irq_restore(was);
}
