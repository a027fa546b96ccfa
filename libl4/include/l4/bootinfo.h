/* SPDX-License-Identifier: MIT */
/*
 * l4/bootinfo.h: the generic BootInfo structure (manual Appendix E): a
 * header (magic, version, size, first record, number of records) and
 * typed records a boot loader may leave for the root task: simple modules,
 * simple executables, EFI tables, the Multiboot information. Every offset
 * in it is relative (the first record to the structure, a record's next
 * and command line to the record), so it reads the same wherever it is
 * mapped. Its physical address is the KIP's BootInfo word when a loader
 * provides one. This kernel does: a Simple Module for the kernel image
 * (with the kernel's command line), one per boot module, and a Simple
 * Executable for sigma0 and the root task (docs/architecture.md, Boot).
 */
#pragma once
#include <l4/types.h>

#define L4_BOOTINFO_MAGIC    0x14B0021DUL
#define L4_BOOTINFO_VERSION  1UL

/* Record types (E.2). */
#define L4_BootInfo_Module      (0x1UL)
#define L4_BootInfo_SimpleExec  (0x2UL)
#define L4_BootInfo_EFITables   (0x101UL)
#define L4_BootInfo_Multiboot   (0x102UL)

/* The three words every record starts with; the rest depends on type. */
typedef union {
	L4_Word_t raw[3];
	struct {
		L4_Word_t type;
		L4_Word_t version;
		L4_Word_t offset_next;
	} X;
} L4_BootRec_t;

/* Word i of the structure or record at p. */
L4_INLINE L4_Word_t __L4_BootWord(const void *p, unsigned i) { return ((const L4_Word_t *)p)[i]; }

L4_INLINE L4_Bool_t L4_BootInfo_Valid(void *BootInfo)
{
	return __L4_BootWord(BootInfo, 0) == L4_BOOTINFO_MAGIC &&
	       __L4_BootWord(BootInfo, 1) == L4_BOOTINFO_VERSION;
}

L4_INLINE L4_Word_t L4_BootInfo_Size(void *BootInfo) { return __L4_BootWord(BootInfo, 2); }
L4_INLINE L4_Word_t L4_BootInfo_Entries(void *BootInfo) { return __L4_BootWord(BootInfo, 4); }

L4_INLINE L4_BootRec_t *L4_BootInfo_FirstEntry(void *BootInfo)
{
	return (L4_BootRec_t *)((char *)BootInfo + __L4_BootWord(BootInfo, 3));
}

L4_INLINE L4_Word_t L4_BootRec_Type(L4_BootRec_t *r) { return r->X.type; }

/* Undefined after the last record (E.1). */
L4_INLINE L4_BootRec_t *L4_BootRec_Next(L4_BootRec_t *r)
{
	return (L4_BootRec_t *)((char *)r + r->X.offset_next);
}

/* A command line at a record-relative offset; 0 means none. */
L4_INLINE char *__L4_BootRecString(L4_BootRec_t *r, L4_Word_t offset)
{
	return offset ? (char *)r + offset : (char *)0;
}

/* Simple Module (type 1): start +0xC, size +0x10, command line +0x14. */
L4_INLINE L4_Word_t L4_Module_Start(L4_BootRec_t *b) { return __L4_BootWord(b, 3); }
L4_INLINE L4_Word_t L4_Module_Size(L4_BootRec_t *b) { return __L4_BootWord(b, 4); }
L4_INLINE char *L4_Module_Cmdline(L4_BootRec_t *b) { return __L4_BootRecString(b, __L4_BootWord(b, 5)); }

/* Simple Executable (type 2): text, data and bss as (physical start,
 * virtual start, size) from +0xC, then initial IP, flags, label and the
 * command line at +0x30..+0x3C. */
L4_INLINE L4_Word_t L4_SimpleExec_TextPstart(L4_BootRec_t *b) { return __L4_BootWord(b, 3); }
L4_INLINE L4_Word_t L4_SimpleExec_TextVstart(L4_BootRec_t *b) { return __L4_BootWord(b, 4); }
L4_INLINE L4_Word_t L4_SimpleExec_TextSize(L4_BootRec_t *b) { return __L4_BootWord(b, 5); }
L4_INLINE L4_Word_t L4_SimpleExec_DataPstart(L4_BootRec_t *b) { return __L4_BootWord(b, 6); }
L4_INLINE L4_Word_t L4_SimpleExec_DataVstart(L4_BootRec_t *b) { return __L4_BootWord(b, 7); }
L4_INLINE L4_Word_t L4_SimpleExec_DataSize(L4_BootRec_t *b) { return __L4_BootWord(b, 8); }
L4_INLINE L4_Word_t L4_SimpleExec_BssPstart(L4_BootRec_t *b) { return __L4_BootWord(b, 9); }
L4_INLINE L4_Word_t L4_SimpleExec_BssVstart(L4_BootRec_t *b) { return __L4_BootWord(b, 10); }
L4_INLINE L4_Word_t L4_SimpleExec_BssSize(L4_BootRec_t *b) { return __L4_BootWord(b, 11); }
L4_INLINE L4_Word_t L4_SimpleExec_InitialIP(L4_BootRec_t *b) { return __L4_BootWord(b, 12); }
L4_INLINE L4_Word_t L4_SimpleExec_Flags(L4_BootRec_t *b) { return __L4_BootWord(b, 13); }
L4_INLINE void L4_SimpleExec_Set_Flags(L4_BootRec_t *b, L4_Word_t w) { ((L4_Word_t *)b)[13] = w; }
L4_INLINE L4_Word_t L4_SimpleExec_Label(L4_BootRec_t *b) { return __L4_BootWord(b, 14); }
L4_INLINE void L4_SimpleExec_Set_Label(L4_BootRec_t *b, L4_Word_t w) { ((L4_Word_t *)b)[14] = w; }
L4_INLINE char *L4_SimpleExec_Cmdline(L4_BootRec_t *b)
{
	return __L4_BootRecString(b, __L4_BootWord(b, 15));
}

/* EFI Tables (type 0x101): system table +0xC, memory map, its size, the
 * size and version of its descriptors +0x10..+0x1C. */
L4_INLINE L4_Word_t L4_EFI_Systab(L4_BootRec_t *b) { return __L4_BootWord(b, 3); }
L4_INLINE L4_Word_t L4_EFI_Memmap(L4_BootRec_t *b) { return __L4_BootWord(b, 4); }
L4_INLINE L4_Word_t L4_EFI_MemmapSize(L4_BootRec_t *b) { return __L4_BootWord(b, 5); }
L4_INLINE L4_Word_t L4_EFI_MemdescSize(L4_BootRec_t *b) { return __L4_BootWord(b, 6); }
L4_INLINE L4_Word_t L4_EFI_MemdescVersion(L4_BootRec_t *b) { return __L4_BootWord(b, 7); }

/* Multiboot info (type 0x102): the Multiboot information's address +0xC. */
L4_INLINE L4_Word_t L4_MBI_Address(L4_BootRec_t *b) { return __L4_BootWord(b, 3); }

/* ---- The C++ forms (E.1) ----------------------------------------------- */

#ifdef __cplusplus
L4_INLINE L4_Word_t L4_Type(L4_BootRec_t *r) { return L4_BootRec_Type(r); }
L4_INLINE L4_BootRec_t *L4_Next(L4_BootRec_t *r) { return L4_BootRec_Next(r); }
#endif
