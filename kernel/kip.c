// SPDX-License-Identifier: MIT
/*
 * kip.c: the kernel interface page. One page of the kernel's image
 * (kip_frame: its address is a link-time constant, which the IPC fast
 * path writes the current UTCB address through), mapped read-only into
 * every space at its KIP area. Memory descriptors describe
 * physical memory as the kernel found it: the loader's usable RAM as
 * conventional, its reserved regions as dedicated, the kernel's image and
 * pool as reserved, and the modules and the generic BootInfo
 * (boot_servers.c) as the boot loader's; later descriptors take
 * precedence (X.2 §7.8).
 */
#include "kernel.h"
#include "kip.h"
#include "abi.h"
#include "main.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/kipstubs.h"
#include "../arch/ia32/cpu.h"
#include "../arch/ia32/timer.h"
#include "../arch/ia32/kernel_ports.h"

uint8_t kip_frame[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t *const kip = kip_frame;

void kip_set_word(unsigned offset, uint32_t v)
{
	*(uint32_t *)(kip + offset) = v;
}

static uint32_t kip_word(unsigned offset)
{
	return *(uint32_t *)(kip + offset);
}

void kip_add_memdesc(uint32_t low, uint32_t high_incl, unsigned type,
                     unsigned subtype, bool virt)
{
	uint32_t n = kip_word(KIP_MEMORY_INFO) & 0xFFFF;
	if (n >= KIP_MEM_DESCS_MAX)
		panic("kip_add_memdesc: too many memory descriptors");
	uint32_t *d = (uint32_t *)(kip + KIP_MEM_DESCS + n * 8);
	d[0] = (low & ~0x3FFu) | (virt ? 1u << 9 : 0) | (subtype & 0xF) << 4 | (type & 0xF);
	d[1] = high_incl | 0x3FF;
	kip_set_word(KIP_MEMORY_INFO, (uint32_t)KIP_MEM_DESCS << 16 | (n + 1));
}

static void put_strings(unsigned offset, const char *const *strs, unsigned n)
{
	char *p = (char *)kip + offset;
	for (unsigned i = 0; i < n; i++) {
		size_t len = strlen(strs[i]);
		memcpy(p, strs[i], len + 1);
		p += len + 1;
	}
	*p = '\0';                      /* the empty string ends the list */
}

void *kip_build(const struct boot_info *bi, uint32_t kpool_base, uint32_t kpool_size)
{
	kip[0] = 'L'; kip[1] = '4'; kip[2] = 230; kip[3] = 'K';
	kip_set_word(KIP_API_VERSION_OFF, KIP_API_VERSION);
	kip_set_word(KIP_API_FLAGS, 0);                 /* 32-bit, little endian */
	kip_set_word(KIP_KERN_DESC_PTR, KIP_KERN_DESC);

	/* Kernel description: id, generation date, version, supplier, then
	 * the kernel's name and its feature strings (A.3). */
	kip_set_word(KIP_KERN_DESC + 0, KIP_KERNEL_ID);
	kip_set_word(KIP_KERN_DESC + 4, (2026 - 2000) << 9 | 11 << 5 | 22);
	kip_set_word(KIP_KERN_DESC + 8, 0x00010000);
	kip_set_word(KIP_KERN_DESC + 12, 'L' | '4' << 8 | 'i' << 16 | 'a' << 24);
	/* "ctrlxfer": control-transfer items in IPC and ExchangeRegisters,
	 * and the extended page-fault and exception protocols (ctrlxfer.c). */
	static const char *const strs[] = { "L4/ia32 small hand-tuned X.2 kernel",
	                                    "smallspaces", "ctrlxfer" };
	put_strings(KIP_KERN_DESC + 16, strs, 3);

	kip_set_word(KIP_MEMORY_INFO, (uint32_t)KIP_MEM_DESCS << 16);
	for (unsigned i = 0; i < bi->loader_map.count; i++) {
		const struct mem_range *r = &bi->loader_map.r[i];
		if (r->base >= 0x100000000ull)
			continue;
		uint32_t hi = r->end > 0x100000000ull ? 0xFFFFFFFFu : (uint32_t)r->end - 1;
		kip_add_memdesc((uint32_t)r->base, hi,
		                r->type == MEM_USABLE ? MDESC_CONVENTIONAL : MDESC_DEDICATED, 0, false);
	}
	kip_add_memdesc(bi->kernel_start, bi->kernel_end - 1, MDESC_RESERVED, 0, false);
	kip_add_memdesc(kpool_base, kpool_base + kpool_size - 1, MDESC_RESERVED, 0, false);
	for (unsigned i = 0; i < bi->nmods; i++)
		kip_add_memdesc(bi->mods[i].start, bi->mods[i].end - 1, MDESC_BOOTLOADER, 1, false);
	if (generic_bootinfo_room)      /* boot_servers.c fills it, and the BootInfo word */
		kip_add_memdesc(generic_bootinfo_pa, generic_bootinfo_pa + generic_bootinfo_room - 1,
		                MDESC_BOOTLOADER, 2, false);
	kip_add_memdesc(0, USER_LIMIT - 1, MDESC_CONVENTIONAL, 0, true);
	kernel_ports_publish();

	kip_set_word(KIP_UTCB_INFO, 12 << 16 | 9 << 10 | 1);   /* 4K area, 512 B */
	kip_set_word(KIP_KIP_AREA_INFO, 12);
	kip_set_word(KIP_PROC_DESC_PTR, KIP_PROC_DESC);
	kip_set_word(KIP_PROC_DESC + 0, 0);             /* external: unknown */
	kip_set_word(KIP_PROC_DESC + 4, timer_cpu_khz());       /* internal, kHz */
	kip_set_word(KIP_PROCESSOR_INFO, 4u << 28 | 0); /* 16-byte descs, 1 CPU */
	kip_set_word(KIP_CLOCK_INFO, 1000u << 16 | 1);  /* schedule 1 ms, read 1 µs */
	kip_set_word(KIP_THREAD_INFO, (uint32_t)USER_BASE << 20 | SYSTEM_BASE << 8 | THREAD_BITS);
	kip_set_word(KIP_PAGE_INFO, 1u << 12 | 1u << 22 | 0x2);  /* 4K, 4M; w */

	/* System-call links point at stubs inside this page. */
	kip_write_stubs(kip, cpu_has_sysenter());
	return kip;
}
