// SPDX-License-Identifier: MIT
/*
 * fpu.c: every thread's own x87/MMX/SSE state, switched lazily. The FPU
 * registers hold the state of at most one thread, fpu_owner. CR0.TS is
 * clear only while a thread runs that has claimed them since it was
 * switched to (its fpu_live flag), so any other thread's first FPU or SSE
 * instruction raises #NM, and fpu_claim saves the owner's registers into
 * the owner's save area (FXSAVE), loads the thread's (FXRSTOR) and makes
 * it the owner. A switch sets TS only when it leaves a thread whose
 * fpu_live is set: threads that never touch the FPU pay nothing, and the
 * IPC fast path pays nothing either, because it declines a sender whose
 * fpu_live is set in the same compare that tests irq_pending (tcb.h), and
 * leaves the switch to the general path.
 *
 * A save area (512 bytes, 16-byte aligned, the FXSAVE format) is taken
 * from a slab of the kernel pool at a thread's first FPU instruction,
 * filled with the clean state that FNINIT and reset give (control word
 * 0x37F, all registers empty and zero, MXCSR 0x1F80, every exception
 * masked), never another thread's leftovers, and freed with the thread.
 * Unmasked x87 errors raise #MF (CR0.NE) and SIMD ones #XM
 * (CR4.OSXMMEXCPT); user_trap hands both to the thread's exception
 * handler like other exceptions (X.2 Appendix A.8).
 *
 * The kernel itself never uses these registers (-mgeneral-regs-only).
 */
#include "fpu.h"
#include "x86.h"
#include "../../kernel/kernel.h"
#include "../../kernel/slab.h"

#define CR0_MP          (1u << 1)       /* WAIT obeys TS too */
#define CR0_EM          (1u << 2)       /* no FPU: every FPU instruction #NM */
#define CR0_TS          (1u << 3)
#define CR0_NE          (1u << 5)       /* x87 errors as #MF, not FERR#/IRQ 13 */
#define CR4_OSFXSR      (1u << 9)       /* FXSAVE/FXRSTOR with SSE, SSE on */
#define CR4_OSXMMEXCPT  (1u << 10)      /* unmasked SIMD errors as #XM */
#define CPUID_FPU       (1u << 0)
#define CPUID_FXSR      (1u << 24)
#define CPUID_SSE       (1u << 25)

#define FX_FCW          0               /* offsets in the FXSAVE area */
#define FX_MXCSR        24
#define FPU_AREA_SIZE   512u
#define FCW_DEFAULT     0x037Fu         /* FNINIT's: all masked, extended precision */
#define MXCSR_DEFAULT   0x1F80u         /* reset's: all masked, round to nearest */

/* 512-byte objects of a slab lie at multiples of 512 in their frame
 * (slab.c fills a frame from its end), so they are 16-byte aligned. */
static struct slab_cache area_cache = SLAB_CACHE(FPU_AREA_SIZE);
static struct tcb *fpu_owner;
static bool fpu_available;

void fpu_init(void)
{
	uint32_t a, b, c, d;
	cpuid(1, &a, &b, &c, &d);
	uint32_t need = CPUID_FPU | CPUID_FXSR | CPUID_SSE;
	fpu_available = (d & need) == need;
	uint32_t cr0 = read_cr0() | CR0_TS;
	if (!fpu_available) {
		kprintf("fpu: no FXSAVE and SSE on this CPU: user threads get no FPU\n");
		write_cr0(cr0 | CR0_EM);
		return;
	}
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	write_cr0((cr0 | CR0_MP | CR0_NE) & ~CR0_EM);
}

static void *new_area(void)
{
	char *area = slab_alloc(&area_cache);
	if (!area)
		return 0;
	if ((uintptr_t)area & 15)
		panic("fpu: save area %p not 16-byte aligned", area);
	memset(area, 0, FPU_AREA_SIZE);         /* tags all empty, registers 0 */
	*(uint16_t *)(area + FX_FCW) = FCW_DEFAULT;
	*(uint32_t *)(area + FX_MXCSR) = MXCSR_DEFAULT;
	return area;
}

bool fpu_claim(struct tcb *t)
{
	if (!fpu_available || (!t->arch.fpu_area && !(t->arch.fpu_area = new_area())))
		return false;
	clts();
	if (fpu_owner != t) {
		if (fpu_owner)
			fxsave(fpu_owner->arch.fpu_area);
		fxrstor(t->arch.fpu_area);
		fpu_owner = t;
	}
	t->fpu_live = true;
	return true;
}

void fpu_switch_away(struct tcb *t)
{
	write_cr0(read_cr0() | CR0_TS);
	t->fpu_live = false;
}

void fpu_release(struct tcb *t)
{
	if (t->fpu_live)                        /* it deletes itself */
		fpu_switch_away(t);
	if (fpu_owner == t)
		fpu_owner = 0;
	if (t->arch.fpu_area)
		slab_free(&area_cache, t->arch.fpu_area);
	t->arch.fpu_area = 0;
}
