/* SPDX-License-Identifier: MIT */
/*
 * generic_bootinfo.h: the generic BootInfo structure of X.2 Appendix E,
 * which the kernel leaves for the root task in boot-loader memory (the
 * KIP's BootInfo word holds its physical address). Records, in order: a
 * Simple Module for the kernel image (its command line is the kernel's),
 * one Simple Module per boot module (sigma0, the root task, the rest),
 * then a Simple Executable for each image the kernel loaded itself
 * (sigma0 and the root task) where the image has the simple form E.2
 * describes. Every offset is relative, so the structure reads the same
 * wherever it is mapped. Pure logic, unit-tested on the host.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "bootinfo.h"
#include "elf.h"

#define GENERIC_BOOTINFO_MAGIC    0x14B0021Du
#define GENERIC_BOOTINFO_VERSION  1u
#define BOOTREC_MODULE            0x1u
#define BOOTREC_SIMPLE_EXEC       0x2u

/* An image as loaded (physical = virtual): one read-only range (text,
 * with any read-only data after it), data, bss. */
struct boot_exec {
	unsigned module;                /* index into boot_info.mods */
	uint32_t text_start, text_size;
	uint32_t data_start, data_size;
	uint32_t bss_start, bss_size;
	uint32_t entry;
};

/* Fills ex from an ELF image loaded at its link addresses, if it fits
 * E.2's simple executable: its read-only segments (the first executable)
 * followed by at most one writable one, in address order. */
bool boot_exec_from_elf(const struct elf_image *img, unsigned module, struct boot_exec *ex);

/* Writes the structure for bi and the nexec images at buf (buf NULL:
 * only measures) and returns its size in bytes, a multiple of 4. */
uint32_t generic_bootinfo_build(void *buf, const struct boot_info *bi,
                                const struct boot_exec *execs, unsigned nexec);
