// SPDX-License-Identifier: MIT
/*
 * test/host/generic_bootinfo.c: host unit tests for kernel/generic_bootinfo.c,
 * read back through libl4's <l4/bootinfo.h> (X.2 Appendix E), as a root
 * task reads it. The header (magic, version, size, first entry, count),
 * the records in order with their offsets and command lines (the kernel's
 * first, empty and long lines, word padding), the measuring pass giving
 * the size the writing pass writes, and which ELF images become simple
 * executables (text + read-only data + data/bss; refused: no executable
 * first segment, two writable segments, bss in a read-only segment,
 * segments out of order).
 */
#include <stdint.h>
#include <string.h>
#include "generic_bootinfo.h"
#include <l4/bootinfo.h>
#include "tap.h"

static struct boot_info bi;
static uint32_t buf[4096];

static struct elf_segment seg(uint32_t vaddr, uint32_t filesz, uint32_t memsz, bool w, bool x)
{
	return (struct elf_segment){ .vaddr = vaddr, .memsz = memsz, .filesz = filesz,
	                             .writable = w, .executable = x };
}

static void test_structure(void)
{
	memset(&bi, 0, sizeof bi);
	bi.kernel_start = 0x100000, bi.kernel_end = 0x180000;
	strcpy(bi.cmdline, "kdb=on root=wait");
	bi.nmods = 3;
	bi.mods[0] = (struct boot_module){ 0x200000, 0x210000, "sigma0" };
	bi.mods[1] = (struct boot_module){ 0x210000, 0x230001, "" };
	memset(bi.mods[2].cmdline, 'x', BOOT_CMDLINE_MAX - 1);
	bi.mods[2].start = 0x231000, bi.mods[2].end = 0x232000;
	struct boot_exec ex = { .module = 0, .text_start = 0x800000, .text_size = 0x3200,
	                        .data_start = 0x804000, .data_size = 0x10, .bss_start = 0x804010,
	                        .bss_size = 0x5000, .entry = 0x800000 };

	uint32_t size = generic_bootinfo_build(NULL, &bi, &ex, 1);
	memset(buf, 0xA5, sizeof buf);
	is_uint(generic_bootinfo_build(buf, &bi, &ex, 1), size, "the measured size is the size written");
	ok(size % 4 == 0, "the size is a multiple of the word size");
	is_uint(((unsigned char *)buf)[size], 0xA5, "nothing written past the size");

	void *b = buf;
	ok(L4_BootInfo_Valid(b), "E.1: magic 0x14B0021D and version 1 (BootInfo_Valid)");
	is_uint(L4_BootInfo_Size(b), size, "E.1: Size is the whole structure");
	is_uint(L4_BootInfo_Entries(b), 5, "E.1: the kernel, three modules, one simple executable");
	is_uint((char *)L4_BootInfo_FirstEntry(b) - (char *)b, 20, "E.1: First Entry right after the header");

	L4_BootRec_t *r = L4_BootInfo_FirstEntry(b);
	is_uint(L4_BootRec_Type(r), L4_BootInfo_Module, "record 0 is a Simple Module");
	is_uint(r->X.version, 1, "its version is 1");
	is_uint(L4_Module_Start(r), 0x100000, "record 0: the kernel image's start");
	is_uint(L4_Module_Size(r), 0x80000, "record 0: its size");
	is_str(L4_Module_Cmdline(r), "kdb=on root=wait", "record 0: the kernel's command line");
	is_uint(r->X.offset_next, 24 + 20, "offset_next: six words and the line padded to a word");

	r = L4_BootRec_Next(r);
	is_uint(L4_Module_Start(r), 0x200000, "record 1: sigma0's module");
	is_str(L4_Module_Cmdline(r), "sigma0", "record 1: its command line");
	r = L4_BootRec_Next(r);
	is_uint(L4_Module_Size(r), 0x20001, "record 2: a size that is no multiple of a page");
	is_str(L4_Module_Cmdline(r), "", "record 2: an empty command line is an empty string");
	is_uint(r->X.offset_next, 24 + 4, "an empty line takes one word");
	r = L4_BootRec_Next(r);
	ok(L4_Module_Cmdline(r) && strlen(L4_Module_Cmdline(r)) == BOOT_CMDLINE_MAX - 1,
	   "record 3: a 255-character line, whole");
	ok(((uintptr_t)L4_BootRec_Next(r) - (uintptr_t)b) % 4 == 0, "records start on words");

	r = L4_BootRec_Next(r);
	is_uint(L4_BootRec_Type(r), L4_BootInfo_SimpleExec, "record 4 is a Simple Executable");
	is_uint(L4_SimpleExec_TextPstart(r), 0x800000, "SimpleExec: text physical start");
	is_uint(L4_SimpleExec_TextVstart(r), 0x800000, "SimpleExec: text virtual start (loaded 1:1)");
	is_uint(L4_SimpleExec_TextSize(r), 0x3200, "SimpleExec: text size");
	is_uint(L4_SimpleExec_DataPstart(r), 0x804000, "SimpleExec: data start");
	is_uint(L4_SimpleExec_DataSize(r), 0x10, "SimpleExec: data size");
	is_uint(L4_SimpleExec_BssVstart(r), 0x804010, "SimpleExec: bss start");
	is_uint(L4_SimpleExec_BssSize(r), 0x5000, "SimpleExec: bss size");
	is_uint(L4_SimpleExec_InitialIP(r), 0x800000, "SimpleExec: initial IP");
	is_uint(L4_SimpleExec_Flags(r) | L4_SimpleExec_Label(r), 0, "SimpleExec: flags and label 0");
	is_str(L4_SimpleExec_Cmdline(r), "sigma0", "SimpleExec: its module's command line");
	is_uint((char *)r + r->X.offset_next - (char *)b, size, "the last record ends the structure");
}

static void test_no_modules(void)
{
	memset(&bi, 0, sizeof bi);
	uint32_t size = generic_bootinfo_build(buf, &bi, NULL, 0);
	is_uint(L4_BootInfo_Entries(buf), 1, "no modules: the kernel's record alone");
	is_uint(size, 20 + 24 + 4, "no modules: header, one record, an empty line");
}

static void test_simple_exec(void)
{
	struct elf_image img = { .entry = 0x800000, .nsegs = 3 };
	img.seg[0] = seg(0x800000, 0x28a2, 0x28a2, false, true);
	img.seg[1] = seg(0x803000, 0x200, 0x200, false, false);
	img.seg[2] = seg(0x804000, 0x10, 0x5600c, true, false);
	struct boot_exec ex;
	ok(boot_exec_from_elf(&img, 1, &ex), "text, read-only data, data+bss: a simple executable");
	is_uint(ex.module, 1, "its module");
	is_uint(ex.text_size, 0x3200, "text covers the read-only data");
	is_uint(ex.data_size, 0x10, "data: the file's bytes of the writable segment");
	is_uint(ex.bss_start, 0x804010, "bss starts after them");
	is_uint(ex.bss_size, 0x5600c - 0x10, "bss: the rest of the segment");

	img.nsegs = 1;
	ok(boot_exec_from_elf(&img, 0, &ex) && ex.data_size == 0 && ex.bss_size == 0 &&
	   ex.data_start == 0x8028a2, "text only: empty data and bss after it");

	img.nsegs = 3;
	img.seg[0].executable = false;
	ok(!boot_exec_from_elf(&img, 0, &ex), "refused: the first segment is not code");
	img.seg[0].executable = true;
	img.seg[1] = seg(0x803000, 0x10, 0x20, true, false);
	ok(!boot_exec_from_elf(&img, 0, &ex), "refused: two writable segments");
	img.seg[1] = seg(0x803000, 0x10, 0x20, false, false);
	ok(!boot_exec_from_elf(&img, 0, &ex), "refused: bss in a read-only segment");
	img.seg[1] = seg(0x700000, 0x10, 0x10, false, false);
	ok(!boot_exec_from_elf(&img, 0, &ex), "refused: segments out of address order");
	img.nsegs = 0;
	ok(!boot_exec_from_elf(&img, 0, &ex), "refused: no segments");
}

int main(void)
{
	test_structure();
	test_no_modules();
	test_simple_exec();
	return done_testing();
}
