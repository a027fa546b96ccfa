// SPDX-License-Identifier: MIT
/*
 * cpu.c: feature detection and the sysenter MSRs. SYSENTER_ESP points at
 * the TSS's esp0 field rather than at a stack: the entry code loads the
 * real stack top from there, so switching threads needs no MSR write.
 */
#include "cpu.h"
#include "gdt.h"
#include "x86.h"

#define MSR_SYSENTER_CS   0x174
#define MSR_SYSENTER_ESP  0x175
#define MSR_SYSENTER_EIP  0x176
#define CPUID_SEP         (1u << 11)

extern char sysenter_entry[];

bool cpu_has_sysenter(void)
{
	uint32_t a, b, c, d;
	cpuid(1, &a, &b, &c, &d);
	/* Family 6 with model < 3 and stepping < 3 reports SEP falsely. */
	uint32_t family = (a >> 8) & 0xF, model = (a >> 4) & 0xF, stepping = a & 0xF;
	if (family == 6 && model < 3 && stepping < 3)
		return false;
	return (d & CPUID_SEP) != 0;
}

void cpu_init_sysenter(uint32_t sysenter_sp)
{
	if (!cpu_has_sysenter())
		return;
	wrmsr(MSR_SYSENTER_CS, SEL_KCODE);
	wrmsr(MSR_SYSENTER_ESP, sysenter_sp);
	wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
}
