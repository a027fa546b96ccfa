// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_bootinfo.c: l4/bootinfo.h against Appendix E: a generic
 * BootInfo structure laid out word by word as the manual draws it (a
 * module with a command line, a simple executable, EFI tables, the
 * Multiboot information), read back through the accessors, walked with
 * FirstEntry/Next, and refused for a wrong magic or version.
 */
#include <l4/bootinfo.h>
#include <string.h>
#include "tap.h"

static L4_Word_t bi[64];

int main(void)
{
	/* Header: magic, version, size, first entry (offset), entries. */
	bi[0] = 0x14B0021D; bi[1] = 1; bi[2] = sizeof bi; bi[3] = 0x20; bi[4] = 4;
	/* Simple module at +0x20: type 1, version 1, next +0x20; start, size,
	 * command line at +0x18 of the record. */
	L4_Word_t *m = &bi[8];
	m[0] = 1; m[1] = 1; m[2] = 0x20; m[3] = 0x200000; m[4] = 0x1234; m[5] = 0x18;
	memcpy(&m[6], "mod a", 6);
	/* Simple executable at +0x40: text, data, bss, ip, flags, label, no
	 * command line. */
	L4_Word_t *x = &bi[16];
	x[0] = 2; x[1] = 1; x[2] = 0x40;
	for (unsigned i = 3; i < 15; i++)
		x[i] = 0x1000 * i;
	x[15] = 0;
	/* EFI tables at +0x80, Multiboot at +0xA0. */
	L4_Word_t *e = &bi[32];
	e[0] = 0x101; e[1] = 1; e[2] = 0x20; e[3] = 0xE1; e[4] = 0xE2; e[5] = 0xE3; e[6] = 0xE4; e[7] = 0xE5;
	L4_Word_t *mb = &bi[40];
	mb[0] = 0x102; mb[1] = 1; mb[2] = 0x10; mb[3] = 0x9500;

	ok(L4_BootInfo_Valid(bi), "Valid: magic 0x14B0021D, version 1");
	is_uint(L4_BootInfo_Size(bi), sizeof bi, "Size");
	is_uint(L4_BootInfo_Entries(bi), 4, "Entries");
	L4_BootRec_t *r = L4_BootInfo_FirstEntry(bi);
	ok((void *)r == (void *)m && L4_BootRec_Type(r) == L4_BootInfo_Module,
	   "FirstEntry: relative to the structure; a module");
	ok(L4_Module_Start(r) == 0x200000 && L4_Module_Size(r) == 0x1234, "Module Start, Size");
	is_str(L4_Module_Cmdline(r), "mod a", "Module Cmdline: relative to the record");
	r = L4_BootRec_Next(r);
	ok((void *)r == (void *)x && L4_BootRec_Type(r) == L4_BootInfo_SimpleExec,
	   "Next: a simple executable");
	ok(L4_SimpleExec_TextPstart(r) == 0x3000 && L4_SimpleExec_TextVstart(r) == 0x4000 &&
	   L4_SimpleExec_TextSize(r) == 0x5000 && L4_SimpleExec_DataPstart(r) == 0x6000 &&
	   L4_SimpleExec_DataVstart(r) == 0x7000 && L4_SimpleExec_DataSize(r) == 0x8000 &&
	   L4_SimpleExec_BssPstart(r) == 0x9000 && L4_SimpleExec_BssVstart(r) == 0xA000 &&
	   L4_SimpleExec_BssSize(r) == 0xB000 && L4_SimpleExec_InitialIP(r) == 0xC000,
	   "SimpleExec: text, data, bss at +0xC..+0x2C, initial IP at +0x30");
	L4_SimpleExec_Set_Flags(r, 7);
	L4_SimpleExec_Set_Label(r, 9);
	ok(x[13] == 7 && x[14] == 9 && L4_SimpleExec_Flags(r) == 7 && L4_SimpleExec_Label(r) == 9,
	   "SimpleExec Set_Flags/Set_Label at +0x34, +0x38");
	ok(L4_SimpleExec_Cmdline(r) == NULL, "no command line: 0");
	r = L4_BootRec_Next(r);
	ok(L4_BootRec_Type(r) == L4_BootInfo_EFITables && L4_EFI_Systab(r) == 0xE1 &&
	   L4_EFI_Memmap(r) == 0xE2 && L4_EFI_MemmapSize(r) == 0xE3 &&
	   L4_EFI_MemdescSize(r) == 0xE4 && L4_EFI_MemdescVersion(r) == 0xE5, "EFI tables");
	r = L4_BootRec_Next(r);
	ok(L4_BootRec_Type(r) == L4_BootInfo_Multiboot && L4_MBI_Address(r) == 0x9500,
	   "Multiboot info: MBI Address");
	bi[1] = 2;
	ok(!L4_BootInfo_Valid(bi), "another version: not valid");
	bi[1] = 1;
	bi[0] = 0x1D02B014;
	ok(!L4_BootInfo_Valid(bi), "the magic byte-swapped: not valid");
	return done_testing();
}
