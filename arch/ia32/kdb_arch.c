// SPDX-License-Identifier: MIT
/*
 * kdb_arch.c: the kernel debugger's ia32 part (kdb_arch.h): the break key
 * polled on each timer tick (robust whether or not anything else reads
 * COM1, and it sees the key while user threads spin), registers from trap
 * frames, the debug registers DR0-DR3 with DR7, and the trap flag for
 * single steps.
 *
 * The debug registers are the CPU's, not a space's: a breakpoint on a
 * user address traps in every space whose code reaches that linear
 * address, so a breakpoint that belongs to one space is filtered here
 * when it hits (the #DB of another space resumes, with RF for an execute
 * breakpoint), and nothing is reloaded on a space switch.
 */
#include "kdb_arch.h"
#include "trapframe.h"
#include "uctx.h"
#include "cpu.h"
#include "console.h"
#include "layout.h"
#include "x86.h"
#include "../../kernel/kernel.h"
#include "../../kernel/kdb.h"
#include "../../kernel/ksyms.h"
#include "../../kernel/tcb.h"
#include "../../kernel/space.h"

#define EFLAGS_TF   0x100u
#define EFLAGS_RF   0x10000u
#define DR6_BS      0x4000u
#define DR6_CLEAR   0xFFFF0FF0u     /* DR6 with no condition bits set */
#define MSR_SYSENTER_EIP 0x176

extern char sysenter_entry[], sysenter_trace_entry[];

struct hw_breakpoint {
	bool used;
	word_t addr;                    /* as given: the space's address */
	word_t linear;                  /* what DR<n> holds */
	unsigned kind, len;
	struct space *space;            /* NULL: any space, or the kernel */
};

static struct hw_breakpoint bps[KDB_BP_COUNT];
static struct tcb *stepping;            /* the thread a step was asked for */

void kdb_arch_poll_break(struct trap_frame *f)
{
	int c = console_poll();
	if (c < 0)
		return;
	if (c == KDB_BREAK_KEY)
		kdb_debugger(KDB_REASON_BREAK_KEY, f, "break key");
	else
		console_stash((char)c);
}

char kdb_arch_getc(void)
{
	int c;
	while ((c = console_getc()) < 0)
		pause();
	return (char)c;
}

word_t kdb_arch_frame_ip(const struct trap_frame *f)
{
	return f->eip;
}

bool kdb_arch_frame_user(const struct trap_frame *f)
{
	return trap_from_user(f);
}

void kdb_arch_print_frame(const struct trap_frame *f)
{
	bool user = trap_from_user(f);
	uint32_t off = 0;
	const char *sym = user ? 0 : ksym_lookup(f->eip, &off);
	kprintf("  eip %08x", f->eip);
	if (sym)
		kprintf(" <%s+0x%x>", sym, off);
	kprintf("  eflags %08x  %s mode\n", f->eflags, user ? "user" : "kernel");
	kprintf("  eax %08x  ebx %08x  ecx %08x  edx %08x\n", f->eax, f->ebx, f->ecx, f->edx);
	kprintf("  esi %08x  edi %08x  ebp %08x  esp %08x\n", f->esi, f->edi, f->ebp,
	        user ? f->user_esp : (uint32_t)&f->user_esp);
	kprintf("  cs %04x  ds %04x  es %04x  fs %04x  gs %04x", f->cs & 0xFFFF,
	        f->ds & 0xFFFF, f->es & 0xFFFF, f->fs & 0xFFFF, f->gs & 0xFFFF);
	if (user)
		kprintf("  ss %04x", f->user_ss & 0xFFFF);
	kprintf("\n");
}

void kdb_arch_print_user_regs(struct tcb *t)
{
	if (!t->space) {
		kprintf("  a kernel thread: no user registers\n");
		return;
	}
	kdb_arch_print_frame(uctx_frame(t));
	if (t != current && (t->state == TS_WAIT_SEND || t->state == TS_WAIT_RECV))
		kprintf("  (blocked in IPC: eip, esp and edi are its own, the other "
		        "registers its IPC's inputs or outputs)\n");
	if (t->arch.fpu_area)
		kprintf("  FPU state saved at %p\n", t->arch.fpu_area);
}

void kdb_arch_backtrace(const struct trap_frame *f)
{
	if (f)
		backtrace_from(f->eip, f->ebp);
	else
		backtrace_from((uint32_t)kdb_arch_backtrace, read_ebp());
}

/* ---- hardware breakpoints ---- */

static void dr_write(unsigned n, uint32_t v)
{
	switch (n) {
	case 0: write_dr0(v); break;
	case 1: write_dr1(v); break;
	case 2: write_dr2(v); break;
	default: write_dr3(v); break;
	}
}

static void dr7_load(void)
{
	uint32_t dr7 = 0;
	for (unsigned n = 0; n < KDB_BP_COUNT; n++) {
		const struct hw_breakpoint *b = &bps[n];
		if (!b->used)
			continue;
		uint32_t len = b->len == 4 ? 3 : b->len - 1;
		dr7 |= 2u << (2 * n);                   /* Gn */
		dr7 |= (b->kind | len << 2) << (16 + 4 * n);
	}
	write_dr7(dr7);
}

static const char *const kind_names[4] = { "execute", "write", "?", "read/write" };

const char *kdb_arch_bp_set(unsigned n, word_t addr, unsigned kind, unsigned len,
                            struct space *space)
{
	if (n >= KDB_BP_COUNT)
		return "no such breakpoint register (0-3)";
	if (kind != 0 && kind != 1 && kind != 3)
		return "kind is x, w or rw";
	if (kind == 0)
		len = 1;
	if (len != 1 && len != 2 && len != 4)
		return "length is 1, 2 or 4";
	if (addr & (len - 1))
		return "address not aligned to the length";
	word_t linear = addr;
	if (space) {
		if (addr >= space->arch.seg_size)
			return "address beyond the space";
		/* QEMU 7.2 (TCG) matches an execute breakpoint by linear
		 * address but then checks it against EIP, which differs under
		 * a small space's code segment base: the guest never gets its
		 * #DB and QEMU spins. Data breakpoints are checked by linear
		 * address throughout, and work. */
		if (space->arch.small && kind == 0)
			return "no execute breakpoints in a small space (QEMU loses them; "
			       "a data breakpoint works)";
		linear = addr + space->arch.seg_base;
	}
	bps[n] = (struct hw_breakpoint){ true, addr, linear, kind, len, space };
	dr_write(n, linear);
	dr7_load();
	return 0;
}

void kdb_arch_bp_clear(unsigned n)
{
	if (n < KDB_BP_COUNT)
		bps[n].used = false;
	dr7_load();
}

void kdb_arch_bp_list(void)
{
	bool any = false;
	for (unsigned n = 0; n < KDB_BP_COUNT; n++) {
		const struct hw_breakpoint *b = &bps[n];
		if (!b->used)
			continue;
		any = true;
		kprintf("  bp %u: %s, %u byte%s at %08x", n, kind_names[b->kind], b->len,
		        b->len == 1 ? "" : "s", b->addr);
		if (b->space)
			kprintf(" in space %p", (void *)b->space);
		else if (b->addr >= KERNEL_BASE) {
			uint32_t off;
			const char *s = ksym_lookup(b->addr, &off);
			kprintf(" <%s+0x%x> (kernel)", s ? s : "?", off);
		} else
			kprintf(" in every space");
		kprintf("\n");
	}
	if (!any)
		kprintf("  no breakpoints\n");
}

/* Does breakpoint b count for a hit by the current thread? */
static bool bp_applies(const struct hw_breakpoint *b)
{
	return !b->space || (current && current->space == b->space);
}

bool kdb_arch_debug_trap(struct trap_frame *f)
{
	uint32_t dr6 = read_dr6();
	write_dr6(DR6_CLEAR);
	bool user = trap_from_user(f);
	if (user && (dr6 & DR6_BS) && stepping == current) {
		stepping = 0;
		f->eflags &= ~EFLAGS_TF;
		kdb_debugger(KDB_REASON_STEP, f, "single step");
		return true;
	}
	bool ours = false;
	for (unsigned n = 0; n < KDB_BP_COUNT; n++) {
		const struct hw_breakpoint *b = &bps[n];
		if (!(dr6 & (1u << n)) || !b->used)
			continue;
		ours = true;
		if (b->kind == 0)
			f->eflags |= EFLAGS_RF;         /* the instruction runs on return */
		if (!bp_applies(b))
			continue;
		char what[48];
		snprintf(what, sizeof what, "breakpoint %u (%s at %08x)", n,
		         kind_names[b->kind], b->addr);
		kdb_debugger(KDB_REASON_BREAKPOINT, f, what);
		break;
	}
	return ours;
}

const char *kdb_arch_step(struct tcb *t)
{
	if (!t || !t->space)
		return "no user thread to step";
	struct trap_frame *f = uctx_frame(t);
	f->eflags |= EFLAGS_TF;
	if (stepping && stepping != t)
		uctx_frame(stepping)->eflags &= ~EFLAGS_TF;
	stepping = t;
	uctx_leave_by_iret(t);                  /* sysexit would drop TF */
	return 0;
}

void kdb_arch_trace_entry(bool on)
{
	if (cpu_has_sysenter())
		wrmsr(MSR_SYSENTER_EIP, (uint32_t)(on ? sysenter_trace_entry : sysenter_entry));
}
