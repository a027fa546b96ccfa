/* SPDX-License-Identifier: MIT */
/* multiboot.h: the multiboot v1 information structure (the parts we read). */
#pragma once
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC  0x2BADB002u
#define MBI_FLAG_MEM      (1u << 0)
#define MBI_FLAG_CMDLINE  (1u << 2)
#define MBI_FLAG_MODS     (1u << 3)
#define MBI_FLAG_MMAP     (1u << 6)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_module {
	uint32_t start, end, cmdline, reserved;
} __attribute__((packed));

struct multiboot_mmap_entry {
	uint32_t size;                  /* of the rest of the entry */
	uint64_t base, length;
	uint32_t type;                  /* 1 = available RAM */
} __attribute__((packed));

struct boot_info;
/* Fills bi from the multiboot information at physical address mbi_phys.
 * Returns NULL or a sentence saying what is wrong with the structure. */
const char *multiboot_parse(uint32_t magic, uint32_t mbi_phys, struct boot_info *bi);
