// SPDX-License-Identifier: MIT
/*
 * elf.c: the loadable segments of an ELF32 i386 executable, validated.
 */
#include "elf.h"

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2

const char *elf_parse(const void *image, uint32_t size, struct elf_image *out)
{
	const uint8_t *p = image;
	const struct ehdr *eh = image;
	if (size < sizeof *eh)
		return "too small for an ELF header";
	if (p[0] != 0x7F || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return "no ELF magic";
	if (p[4] != 1 || p[5] != 1)
		return "not 32-bit little-endian ELF";
	if (eh->type != 2 || eh->machine != 3)
		return "not an i386 executable";
	if (eh->phentsize != sizeof(struct phdr) || eh->phnum == 0)
		return "bad program header table";
	if (eh->phoff > size || (uint32_t)eh->phnum * sizeof(struct phdr) > size - eh->phoff)
		return "program headers lie outside the image";
	out->entry = eh->entry;
	out->nsegs = 0;
	const struct phdr *ph = (const struct phdr *)(p + eh->phoff);
	for (unsigned i = 0; i < eh->phnum; i++) {
		if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
			continue;
		if (out->nsegs == ELF_MAX_SEGMENTS)
			return "too many loadable segments";
		if (ph[i].filesz > ph[i].memsz)
			return "a segment's file size exceeds its memory size";
		if (ph[i].offset > size || ph[i].filesz > size - ph[i].offset)
			return "a segment lies outside the image";
		if (ph[i].vaddr + ph[i].memsz < ph[i].vaddr)
			return "a segment wraps around the address space";
		out->seg[out->nsegs++] = (struct elf_segment){
			ph[i].vaddr, ph[i].memsz, ph[i].offset, ph[i].filesz,
			(ph[i].flags & PF_W) != 0, (ph[i].flags & PF_X) != 0,
		};
	}
	if (out->nsegs == 0)
		return "no loadable segment";
	bool entry_ok = false;
	for (unsigned i = 0; i < out->nsegs; i++)
		if (out->entry - out->seg[i].vaddr < out->seg[i].memsz)
			entry_ok = true;
	return entry_ok ? 0 : "the entry point is outside every segment";
}
