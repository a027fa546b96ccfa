/* SPDX-License-Identifier: MIT */
/*
 * elf.h: reading ELF32 executables (i386) from memory. Pure logic,
 * unit-tested on the host: every offset and size is checked against the
 * image size before it is used.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

#define ELF_MAX_SEGMENTS 8

struct elf_segment {
	uint32_t vaddr, memsz;          /* where it goes, how much */
	uint32_t offset, filesz;        /* what of the file fills it */
	bool writable, executable;
};

struct elf_image {
	uint32_t entry;
	unsigned nsegs;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/* Parses the loadable segments; returns NULL or a sentence saying why the
 * image is not a usable ELF32 i386 executable. */
const char *elf_parse(const void *image, uint32_t size, struct elf_image *out);
