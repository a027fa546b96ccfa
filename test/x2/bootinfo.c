// SPDX-License-Identifier: MIT
/*
 * bootinfo.c: Appendix E, the generic BootInfo, read as a root task reads
 * it: the KIP's BootInfo word is its physical address (E.1), which we
 * map from sigma0 (boot-loader memory, §7.7) at the same address. Its
 * header, then every record by offset_next: each a known type of version
 * 1, Simple Modules with their start, size and command line, and, where
 * there are Simple Executables, one whose entry is ours. A kernel whose
 * loader gives no generic BootInfo skips these checks (E.1 allows it).
 */
#include "x2.h"

extern char _start[];

static bool map_phys(L4_Word_t pa, L4_Word_t len)
{
	for (L4_Word_t p = pa & ~0xFFFUL; p < pa + len; p += 0x1000)
		if (L4_IsNilFpage(L4_Sigma0_GetPage(L4_nilthread, L4_FpageLog2(p, 12))))
			return false;
	return true;
}

void x2_section_bootinfo(void)
{
	L4_Word_t pa = L4_BootInfo(x2_kip);
	void *bi = (void *)pa;
	if (!pa || !map_phys(pa, 20) || !L4_BootInfo_Valid(bi)) {
		x2_skip("no generic BootInfo here", "E.1 generic BootInfo: magic and version");
		return;
	}
	x2_check(true, "E.1 generic BootInfo: magic 0x14B0021D, version 1 (BootInfo_Valid)");
	L4_Word_t size = L4_BootInfo_Size(bi), n = L4_BootInfo_Entries(bi);
	x2_check(size >= 20 && map_phys(pa, size), "E.1 BootInfo_Size: %lu bytes, mapped from sigma0", size);
	L4_BootRec_t *r = L4_BootInfo_FirstEntry(bi);
	x2_check((char *)r >= (char *)bi + 20 && (char *)r < (char *)bi + size && (pa & 3) == 0,
	         "E.1 BootInfo_FirstEntry: inside the structure, after the header; word aligned");
	unsigned modules = 0, execs = 0, bad = 0;
	bool cmdlines = true, ours = false;
	for (L4_Word_t i = 0; i < n; i++, r = L4_BootRec_Next(r)) {
		if ((char *)r + 12 > (char *)bi + size || r->X.offset_next < 12 || r->X.version != 1) {
			bad++;
			break;
		}
		if (L4_BootRec_Type(r) == L4_BootInfo_Module) {
			modules++;
			char *c = L4_Module_Cmdline(r);
			cmdlines &= L4_Module_Size(r) > 0 &&
			            (!c || (c > (char *)r && c < (char *)bi + size));
		} else if (L4_BootRec_Type(r) == L4_BootInfo_SimpleExec) {
			execs++;
			ours |= L4_SimpleExec_InitialIP(r) == (L4_Word_t)_start &&
			        L4_SimpleExec_TextVstart(r) <= (L4_Word_t)_start &&
			        (L4_Word_t)_start < L4_SimpleExec_TextVstart(r) + L4_SimpleExec_TextSize(r);
		}
	}
	x2_check(bad == 0 && n > 0, "E.1 BootInfo records: %lu, each version 1, chained by offset_next inside Size", n);
	x2_check(modules >= 2 && cmdlines,
	         "E.2 Simple Module records: %u, each with a size and a command line inside the structure", modules);
	if (execs)
		x2_check(ours, "E.2 Simple Executable records: one has our entry point as InitialIP, in its text");
	else
		x2_skip("the loader gave no Simple Executable", "E.2 Simple Executable records");
}
