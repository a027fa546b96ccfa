// SPDX-License-Identifier: MIT
/*
 * multiboot.c: reads the multiboot v1 information into struct boot_info.
 * Everything the loader handed over lies in low physical memory reached
 * through the kernel window; anything outside the window is refused rather
 * than touched.
 */
#include "multiboot.h"
#include "layout.h"
#include "../../kernel/bootinfo.h"
#include "../../kernel/kernel.h"

extern char kernel_image_start[], kernel_image_end[];

static bool in_window(uint32_t pa, uint32_t len)
{
	return pa < PHYS_WINDOW_SIZE && len <= PHYS_WINDOW_SIZE - pa;
}

static void copy_string(char *dst, unsigned size, uint32_t pa)
{
	const char *s = in_window(pa, 1) ? phys_to_virt(pa) : "";
	unsigned n = 0;
	while (n + 1 < size && in_window(pa + n, 1) && s[n])
		dst[n] = s[n], n++;
	dst[n] = '\0';
}

const char *multiboot_parse(uint32_t magic, uint32_t mbi_phys, struct boot_info *bi)
{
	memset(bi, 0, sizeof *bi);
	bi->kernel_start = virt_to_phys(kernel_image_start);
	bi->kernel_end = virt_to_phys(kernel_image_end);
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		return "not started by a multiboot loader (bad magic in eax)";
	if (!in_window(mbi_phys, sizeof(struct multiboot_info)))
		return "the multiboot information lies outside the kernel window";
	const struct multiboot_info *mbi = phys_to_virt(mbi_phys);
	bi->raw_info = mbi_phys;

	if (mbi->flags & MBI_FLAG_CMDLINE)
		copy_string(bi->cmdline, sizeof bi->cmdline, mbi->cmdline);

	if (mbi->flags & MBI_FLAG_MMAP) {
		if (!in_window(mbi->mmap_addr, mbi->mmap_length))
			return "the memory map lies outside the kernel window";
		bi->have_memmap = true;
		uint32_t p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;
		while (p + sizeof(struct multiboot_mmap_entry) <= end) {
			const struct multiboot_mmap_entry *e = phys_to_virt(p);
			uint32_t type = e->type == 1 ? MEM_USABLE : MEM_RESERVED;
			if (memmap_add(&bi->loader_map, e->base, e->base + e->length, type))
				return "the memory map has too many entries";
			p += e->size + 4;
		}
	}

	if (mbi->flags & MBI_FLAG_MODS) {
		if (mbi->mods_count > BOOT_MODULES_MAX)
			return "too many modules";
		if (!in_window(mbi->mods_addr, mbi->mods_count * sizeof(struct multiboot_module)))
			return "the module list lies outside the kernel window";
		const struct multiboot_module *m = phys_to_virt(mbi->mods_addr);
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			if (!in_window(m[i].start, m[i].end - m[i].start))
				return "a module lies outside the kernel window";
			bi->mods[i].start = m[i].start;
			bi->mods[i].end = m[i].end;
			copy_string(bi->mods[i].cmdline, sizeof bi->mods[i].cmdline, m[i].cmdline);
		}
		bi->nmods = mbi->mods_count;
	}
	return 0;
}
