/* SPDX-License-Identifier: MIT */
/*
 * l4/ia32/arch.h: ia32-only parts of the interface that are not system
 * calls: IO fpages (manual Appendix A.4), the exception message (A.8) and
 * the kernel feature string for small spaces (A.3). Pure encodings; the
 * kernel includes this header. Programs include it as <l4/arch.h>.
 */
#pragma once
#include <l4/types.h>

/* ---- The kernel's own I/O ports (an extension) -------------------------- */

/* The kernel publishes each range of I/O ports it drives itself (PIC, PIT,
 * its console UART, the emulators' exit ports) as a KIP memory descriptor
 * of type ArchitectureSpecific (0xF) with subtype 1: the first port in the
 * low field, the last in the high one, both shifted left by 10 (the fields'
 * granularity). Nobody can hold these ports; sigma0 refuses them. */
#define L4_KernelIoPortsMemoryDescType  (0x1FUL)        /* t = 1, type = 0xF */
#define L4_KernelIoPortsFirst(d)        (L4_MemoryDescLow(d) >> 10)
#define L4_KernelIoPortsLast(d)         (L4_MemoryDescHigh(d) >> 10)

/* ---- IO fpages (A.4) --------------------------------------------------- */

/* Port p in bits 16..31, size log2 s' in bits 10..15, s = 2 in bits 4..9
 * (what marks an IO fpage), rights in bits 0..3 as for memory fpages. The
 * manual's figure shows 0110 there, and IO ports have no separate rights
 * (a port is mapped read-write or not at all), so the constructors set rw. */
#define L4_IOFPAGE_S  2

L4_INLINE L4_Fpage_t L4_IoFpageLog2(L4_Word_t BasePort, int Log2FpageSize)
{
	L4_Fpage_t f;
	f.raw = (BasePort & 0xFFFF) << 16 | ((L4_Word_t)Log2FpageSize & 0x3F) << 10 |
	        L4_IOFPAGE_S << 4 | L4_ReadWriteOnly;
	return f;
}

/* FpageSize ports (at least 1); a size that is not a power of two is
 * rounded up. */
L4_INLINE L4_Fpage_t L4_IoFpage(L4_Word_t BasePort, int FpageSize)
{
	L4_Word_t size = FpageSize > 0 ? (L4_Word_t)FpageSize : 1;
	unsigned s = __L4_Msb(size);
	if ((1UL << s) < size)
		s++;
	return L4_IoFpageLog2(BasePort, (int)s);
}

L4_INLINE L4_Bool_t L4_IsIoFpage(L4_Fpage_t f) { return f.X.s == L4_IOFPAGE_S; }
L4_INLINE L4_Word_t L4_IoFpagePort(L4_Fpage_t f) { return f.raw >> 16; }
L4_INLINE L4_Word_t L4_IoFpageSizeLog2(L4_Fpage_t f) { return (f.raw >> 10) & 0x3F; }
L4_INLINE L4_Word_t L4_IoFpageSize(L4_Fpage_t f) { return 1UL << L4_IoFpageSizeLog2(f); }

/* The acceptor of IO pagefault replies: the whole 64K port space. */
#define L4_CompleteIoSpace  ((L4_Fpage_t){ .raw = 16UL << 10 | L4_IOFPAGE_S << 4 })

/* ---- Exception message (A.8) ------------------------------------------- */

/* The MR holding each value in an exception IPC (label -4 or -5 << 4,
 * u = 12, l4/protocols.h); the handler replies with MR 1 = the EIP to
 * resume at. */
#define L4_EXC_EIP           1
#define L4_EXC_EFLAGS        2
#define L4_EXC_EXCEPTION_NO  3
#define L4_EXC_ERROR_CODE    4
#define L4_EXC_EDI           5
#define L4_EXC_ESI           6
#define L4_EXC_EBP           7
#define L4_EXC_ESP           8
#define L4_EXC_EBX           9
#define L4_EXC_EDX           10
#define L4_EXC_ECX           11
#define L4_EXC_EAX           12
#define L4_EXC_WORDS         12

/* ---- Kernel features (A.3) --------------------------------------------- */

#define L4_FEATURE_SMALLSPACES  "smallspaces"
/* Control-transfer items in IPC and ExchangeRegisters, and the extended
 * page-fault and exception protocols (l4/ctrlxfer.h; our name, X.2 names
 * none). */
#define L4_FEATURE_CTRLXFER     "ctrlxfer"
