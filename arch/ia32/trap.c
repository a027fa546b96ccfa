// SPDX-License-Identifier: MIT
/*
 * trap.c: the IDT and the C side of every interrupt and exception.
 *
 * Exceptions from kernel mode are bugs unless the faulting instruction has
 * an entry in the fixup table (probe.asm); a bug panics with a full dump.
 * Hardware interrupts go to the handler registered for their line; a line
 * with no handler is masked and reported. Spurious IRQ 7/15 are dropped.
 * Exceptions from user mode go to the generic kernel (user_exception), which
 * turns them into messages to the thread's handler in later layers.
 */
#include <stddef.h>
#include "trapframe.h"
#include "user_return.h"
#include "gdt.h"
#include "pic.h"
#include "x86.h"
#include "layout.h"
#include "machine.h"
#include "../../kernel/kernel.h"
#include "../../kernel/ksyms.h"
#include "../../kernel/sched.h"
#include "../../kernel/kdb.h"
#include "kdb_arch.h"



_Static_assert(offsetof(struct trap_frame, edi) == 16, "trap frame");
_Static_assert(offsetof(struct trap_frame, eax) == 44, "trap frame");
_Static_assert(offsetof(struct trap_frame, vector) == 48, "trap frame");
_Static_assert(offsetof(struct trap_frame, eip) == 56, "trap frame");
_Static_assert(offsetof(struct trap_frame, user_ss) == 72, "trap frame");

struct gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
} __attribute__((packed));

#define EFLAGS_TF    0x100
#define GATE_INTR    0x8E       /* present, DPL 0, 32-bit interrupt gate */
#define GATE_DPL3    0x60

extern const uint32_t trap_vectors[256];
static struct gate idt[256] __attribute__((aligned(8)));
static irq_handler_t irq_handlers[IRQ_COUNT];
extern char sysenter_entry[];           /* sysenter.asm: popfd, one byte, first */
uint32_t irq_arrivals[IRQ_COUNT];

struct fixup { uint32_t fault, resume; };
extern const struct fixup fixup_table_start[], fixup_table_end[];

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static void set_gate(unsigned v, uint32_t handler, uint8_t type)
{
	idt[v] = (struct gate){ handler & 0xFFFF, SEL_KCODE, 0, type, handler >> 16 };
}

void trap_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, trap_vectors[v], GATE_INTR);
	/* int3 may be used from user mode (KDB convention). */
	set_gate(3, trap_vectors[3], GATE_INTR | GATE_DPL3);
	struct dtr d = { sizeof idt - 1, (uint32_t)idt };
	lidt(&d);
}

/* Lets a handler-less vector be opened to user mode (system-call gates). */
void trap_set_user_gate(unsigned v)
{
	set_gate(v, trap_vectors[v], GATE_INTR | GATE_DPL3);
}

/* The same, with an entry of its own instead of the vector's stub. */
void trap_set_user_entry(unsigned v, void (*entry)(void))
{
	set_gate(v, (uint32_t)entry, GATE_INTR | GATE_DPL3);
}

irq_handler_t irq_register(unsigned irq, irq_handler_t h)
{
	irq_handler_t old = irq_handlers[irq];
	irq_handlers[irq] = h;
	return old;
}

static const char *vector_name(unsigned v)
{
	if (v < 32 && exception_names[v])
		return exception_names[v];
	if (v >= IRQ_BASE_VECTOR && v < IRQ_BASE_VECTOR + IRQ_COUNT)
		return "hardware interrupt";
	return "software interrupt";
}

void backtrace_from(uint32_t eip, uint32_t ebp)
{
	kprintf("backtrace:\n");
	for (int depth = 0; depth < 32; depth++) {
		uint32_t off = 0;
		const char *name = ksym_lookup(eip, &off);
		kprintf("  [%d] %p %s+0x%x\n", depth, (void *)eip,
		        name ? name : "?", off);
		/* Follow saved frame pointers while they stay in the kernel. */
		if (ebp < KERNEL_BASE || (ebp & 3))
			break;
		uint32_t next_ebp, ret;
		if (!probe_read32(ebp, &next_ebp) || !probe_read32(ebp + 4, &ret))
			break;
		if (ret == 0 || next_ebp <= ebp)
			break;
		eip = ret - 1;          /* inside the call, not after it */
		ebp = next_ebp;
	}
}

void trap_dump(const struct trap_frame *f)
{
	int user = trap_from_user(f);
	kprintf("trap %u (%s), error code 0x%x, from %s mode\n", f->vector,
	        vector_name(f->vector), f->error, user ? "user" : "kernel");
	kprintf("  eip %08x  cs %04x  eflags %08x\n", f->eip, f->cs, f->eflags);
	kprintf("  eax %08x  ebx %08x  ecx %08x  edx %08x\n", f->eax, f->ebx, f->ecx, f->edx);
	kprintf("  esi %08x  edi %08x  ebp %08x  esp %08x\n", f->esi, f->edi, f->ebp,
	        user ? f->user_esp : (uint32_t)&f->user_esp);
	kprintf("  ds %04x es %04x fs %04x gs %04x", f->ds, f->es, f->fs, f->gs);
	if (user)
		kprintf(" ss %04x", f->user_ss);
	kprintf("\n  cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n", read_cr0(),
	        read_cr2(), read_cr3(), read_cr4());
	if (!user)
		backtrace_from(f->eip, f->ebp);
}

static bool apply_fixup(struct trap_frame *f)
{
	for (const struct fixup *x = fixup_table_start; x < fixup_table_end; x++)
		if (x->fault == f->eip) {
			f->eip = x->resume;
			return true;
		}
	return false;
}

static void handle_irq(unsigned irq, struct trap_frame *f)
{
	if ((irq == 7 || irq == 15) && pic_is_spurious(irq)) {
		spurious_interrupts++;
		return;
	}
	irq_arrivals[irq]++;
	if (irq_handlers[irq]) {
		irq_handlers[irq](irq, f);      /* the handler acknowledges */
		return;
	}
	kprintf("trap: irq %u has no handler; masked\n", irq);
	pic_mask(irq);
	pic_eoi(irq);
}

void trap_dispatch(struct trap_frame *f)
{
	unsigned v = f->vector;

	if (v >= IRQ_BASE_VECTOR && v < IRQ_BASE_VECTOR + IRQ_COUNT) {
		handle_irq(v - IRQ_BASE_VECTOR, f);
		/* Preempt only at the boundary to user mode or in the idle loop:
		 * the kernel itself runs to completion. */
		if (trap_from_user(f))
			user_return(f);
		else if (need_resched && current_is_idle())
			schedule();
		return;
	}
	if (!trap_from_user(f)) {
		if (v < 32 && apply_fixup(f))
			return;
		if (v == 1 && CONFIG_KDB && kdb_arch_debug_trap(f))
			return;         /* a kernel breakpoint of the debugger */
		if (v == 1 && (f->eflags & EFLAGS_TF)) {
			/* sysenter keeps the user's trap flag, so the first
			 * kernel instruction traps; the entry then clears the
			 * flags. Single-stepping ends at the system call. */
			f->eflags &= ~EFLAGS_TF;
			return;
		}
		if (v == 1 && f->eip == (uint32_t)sysenter_entry + 1)
			return;         /* (a CPU that traps after the entry's popfd instead) */
		if (v == 3) {
			kprintf("kdb: breakpoint at %p\n", (void *)f->eip);
			kernel_breakpoints++;
			return;
		}
		kprintf("\nunexpected %s in the kernel\n", vector_name(v));
		trap_dump(f);
		panic("trap: unexpected exception %u at %p", v, (void *)f->eip);
	}
	user_trap(f);
}

void machine_dump_here(void)
{
	uint32_t esp;
	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	kprintf("registers: esp %08x  ebp %08x  eflags %08x\n", esp, read_ebp(),
	        read_eflags());
	kprintf("  cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n", read_cr0(),
	        read_cr2(), read_cr3(), read_cr4());
	backtrace_from((uint32_t)machine_dump_here, read_ebp());
}
