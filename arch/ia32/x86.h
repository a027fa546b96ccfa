/* SPDX-License-Identifier: MIT */
/*
 * x86.h: every instruction the C kernel needs, as one-line inline wrappers
 * (xv6's x86.h). Generic code in kernel/ never includes this file; only
 * arch/ia32 does.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void io_delay(void) { outb(0x80, 0); }

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
/* A software interrupt through the IDT (a macro: the vector is an immediate). */
#define soft_int(vector) __asm__ volatile("int %0" : : "i"(vector) : "memory")
static inline void pause(void) { __asm__ volatile("pause"); }

static inline uint32_t read_eflags(void) { uint32_t v; __asm__ volatile("pushfl; popl %0" : "=r"(v)); return v; }
static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void clts(void) { __asm__ volatile("clts" ::: "memory"); }
/* The x87/MMX/SSE registers to and from a 512-byte, 16-byte aligned area. */
static inline void fxsave(void *area) { __asm__ volatile("fxsave (%0)" : : "r"(area) : "memory"); }
static inline void fxrstor(const void *area) { __asm__ volatile("fxrstor (%0)" : : "r"(area) : "memory"); }
/* String moves of n words or bytes, upwards (every kernel entry clears DF).
 * Under QEMU icount each word or byte counts one instruction. */
static inline void rep_movsl(void *d, const void *s, uint32_t n) { __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static inline void rep_movsb(void *d, const void *s, uint32_t n) { __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static inline void rep_stosl(void *d, uint32_t v, uint32_t n) { __asm__ volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(v) : "memory"); }
static inline void rep_stosb(void *d, uint8_t v, uint32_t n) { __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(v) : "memory"); }
static inline void invlpg(uintptr_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline void wbinvd(void) { __asm__ volatile("wbinvd" : : : "memory"); }
static inline uint32_t read_ebp(void) { uint32_t v; __asm__ volatile("mov %%ebp, %0" : "=r"(v)); return v; }
static inline uint64_t rdtsc(void) { uint32_t lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((uint64_t)hi << 32) | lo; }
static inline void wrmsr(uint32_t msr, uint64_t v) { __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))); }
static inline uint64_t rdmsr(uint32_t msr) { uint32_t lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); return ((uint64_t)hi << 32) | lo; }
static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d) { __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0)); }

struct dtr { uint16_t limit; uint32_t base; } __attribute__((packed));
static inline void lgdt(const struct dtr *d) { __asm__ volatile("lgdt %0" : : "m"(*d)); }
static inline void lidt(const struct dtr *d) { __asm__ volatile("lidt %0" : : "m"(*d)); }
static inline void ltr(uint16_t sel) { __asm__ volatile("ltr %0" : : "r"(sel)); }
static inline void lldt(uint16_t sel) { __asm__ volatile("lldt %0" : : "r"(sel)); }
static inline void load_gs(uint16_t sel) { __asm__ volatile("mov %0, %%gs" : : "r"(sel)); }
static inline void load_fs(uint16_t sel) { __asm__ volatile("mov %0, %%fs" : : "r"(sel)); }
/* Debug registers (the kernel debugger's breakpoints, kdb_arch.c). */
static inline uint32_t read_dr6(void) { uint32_t v; __asm__ volatile("mov %%dr6, %0" : "=r"(v)); return v; }
static inline void write_dr6(uint32_t v) { __asm__ volatile("mov %0, %%dr6" : : "r"(v)); }
static inline uint32_t read_dr7(void) { uint32_t v; __asm__ volatile("mov %%dr7, %0" : "=r"(v)); return v; }
static inline void write_dr7(uint32_t v) { __asm__ volatile("mov %0, %%dr7" : : "r"(v)); }
static inline void write_dr0(uint32_t v) { __asm__ volatile("mov %0, %%dr0" : : "r"(v)); }
static inline void write_dr1(uint32_t v) { __asm__ volatile("mov %0, %%dr1" : : "r"(v)); }
static inline void write_dr2(uint32_t v) { __asm__ volatile("mov %0, %%dr2" : : "r"(v)); }
static inline void write_dr3(uint32_t v) { __asm__ volatile("mov %0, %%dr3" : : "r"(v)); }

/* Loads *va, or returns false if that faults: the fault handler finds the
 * load in the fixup table and resumes at 'fault' (probe.asm does the same
 * out of line). The caller decides which addresses may be touched. */
static inline bool load32_or_fault(uint32_t va, uint32_t *out)
{
	uint32_t v;
	__asm__ goto("1: movl (%1), %0\n\t"
	             ".pushsection .fixup_table, \"a\"\n\t.long 1b, %l[fault]\n\t.popsection"
	             : "=r"(v) : "r"(va) : : fault);
	*out = v;
	return true;
fault:
	return false;
}
