/* SPDX-License-Identifier: MIT */
/*
 * l4/kip.h: the kernel interface page (manual §1.1, §1.2): its 32-bit
 * layout as a struct (every offset pinned below), the kernel, processor
 * and memory descriptors, and the accessors of the convenience interface.
 *
 * All "pointers" inside the KIP (KernDescPtr, ProcDescPtr, MemDescPtr, the
 * system-call links) are offsets from the KIP's base. The words §1.1 leaves
 * undefined at +0x10..+0x53 and +0x58..+0x5F carry the boot-time fields of
 * the kernel configuration page (§7.8); the kernel may fill them, programs
 * must not rely on them. The kernel includes this header to build its KIP.
 */
#pragma once
#include <l4/types.h>
#include <l4/ia32/syscalls.h>

#define L4_KIP_MAGIC  0x4BE6344CUL      /* 'L' '4' 0xE6 'K' at +0..+3 */

/* ---- The info words ---------------------------------------------------- */

typedef union {                         /* API Version: 0x84 = X.2 */
	L4_Word_t raw;
	struct {
		L4_Word_t _ign : 16;
		L4_Word_t subversion : 8;
		L4_Word_t version : 8;
	} X;
} L4_ApiVersion_t;

#define L4_APIVERSION_X2  0x84

typedef union {                         /* API Flags: ee endian, ww width */
	L4_Word_t raw;
	struct {
		L4_Word_t ee : 2;
		L4_Word_t ww : 2;
		L4_Word_t _ign : 28;
	} X;
} L4_ApiFlags_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t n : 16;               /* number of memory descriptors */
		L4_Word_t MemDescPtr : 16;      /* offset of the first one */
	} X;
} L4_MemoryInfo_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t m : 10;               /* a UTCB takes 2^a * m bytes */
		L4_Word_t a : 6;                /* UTCB alignment 2^a */
		L4_Word_t s : 6;                /* minimal UTCB area 2^s */
		L4_Word_t _ign : 10;
	} X;
} L4_UtcbInfo_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t s : 6;                /* KIP area size 2^s */
		L4_Word_t _ign : 26;
	} X;
} L4_KipAreaInfo_t;

typedef union {                         /* both precisions are time periods */
	L4_Word_t raw;
	struct {
		L4_Word_t ReadPrecision : 16;
		L4_Word_t SchedulePrecision : 16;
	} X;
} L4_ClockInfo_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t t : 8;                /* valid thread-number bits */
		L4_Word_t SystemBase : 12;      /* below it: interrupts */
		L4_Word_t UserBase : 12;        /* from it: user threads */
	} X;
} L4_ThreadInfo_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t rwx : 3;              /* independently settable rights */
		L4_Word_t _ign : 7;
		L4_Word_t size_mask : 22;       /* bit k - 10: pages of 2^k */
	} X;
} L4_PageInfo_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t processors : 16;      /* number of processors - 1 */
		L4_Word_t _ign : 12;
		L4_Word_t s : 4;                /* a processor descriptor is 2^s bytes */
	} X;
} L4_ProcessorInfo_t;

/* A boot server in the configuration page (§7.8). For Kdebug, sp and ip
 * are its init and entry addresses. */
typedef struct {
	L4_Word_t sp, ip, low, high;
} L4_BootServer_t;

/* ---- The page ---------------------------------------------------------- */

typedef struct {
	L4_Word_t magic;                    /* +0x00 */
	L4_ApiVersion_t ApiVersion;         /* +0x04 */
	L4_ApiFlags_t ApiFlags;             /* +0x08 */
	union {                             /* +0x0C */
		L4_Word_t KernDescPtr;          /* the manual's name */
		L4_Word_t KernelVerPtr;         /* L4Ka::Pistachio's */
	};
	L4_BootServer_t Kdebug;             /* +0x10 (§7.8) */
	L4_BootServer_t sigma0;             /* +0x20 (§7.8) */
	L4_BootServer_t sigma1;             /* +0x30 (§7.8) */
	L4_BootServer_t RootServer;         /* +0x40 (§7.8) */
	L4_Word_t _reserved50;              /* +0x50 */
	L4_MemoryInfo_t MemoryInfo;         /* +0x54 */
	L4_Word_t KdebugConfig[2];          /* +0x58 (§7.8) */
	L4_Word_t _reserved60[18];          /* +0x60 */
	L4_UtcbInfo_t UtcbInfo;             /* +0xA8 */
	L4_KipAreaInfo_t KipAreaInfo;       /* +0xAC */
	L4_Word_t _reservedB0[2];           /* +0xB0 */
	L4_Word_t BootInfo;                 /* +0xB8 */
	L4_Word_t ProcDescPtr;              /* +0xBC */
	L4_ClockInfo_t ClockInfo;           /* +0xC0 */
	L4_ThreadInfo_t ThreadInfo;         /* +0xC4 */
	L4_PageInfo_t PageInfo;             /* +0xC8 */
	L4_ProcessorInfo_t ProcessorInfo;   /* +0xCC */
	L4_Word_t SpaceControl;             /* +0xD0 privileged links */
	L4_Word_t ThreadControl;            /* +0xD4 */
	L4_Word_t ProcessorControl;         /* +0xD8 */
	L4_Word_t MemoryControl;            /* +0xDC */
	L4_Word_t Ipc;                      /* +0xE0 links */
	L4_Word_t Lipc;                     /* +0xE4 */
	L4_Word_t Unmap;                    /* +0xE8 */
	L4_Word_t ExchangeRegisters;        /* +0xEC */
	L4_Word_t SystemClock;              /* +0xF0 */
	L4_Word_t ThreadSwitch;             /* +0xF4 */
	L4_Word_t Schedule;                 /* +0xF8 */
	L4_Word_t _reservedFC;              /* +0xFC */
} L4_KernelInterfacePage_t;

#define __L4_KIP_AT(field, off) \
	L4_STATIC_ASSERT(offsetof(L4_KernelInterfacePage_t, field) == (off), "KIP: " #field)
__L4_KIP_AT(magic, 0x00);
__L4_KIP_AT(ApiVersion, 0x04);
__L4_KIP_AT(ApiFlags, 0x08);
__L4_KIP_AT(KernDescPtr, 0x0C);
__L4_KIP_AT(KernelVerPtr, 0x0C);
__L4_KIP_AT(sigma0, 0x20);
__L4_KIP_AT(RootServer, 0x40);
__L4_KIP_AT(MemoryInfo, 0x54);
__L4_KIP_AT(UtcbInfo, 0xA8);
__L4_KIP_AT(KipAreaInfo, 0xAC);
__L4_KIP_AT(BootInfo, 0xB8);
__L4_KIP_AT(ProcDescPtr, 0xBC);
__L4_KIP_AT(ClockInfo, 0xC0);
__L4_KIP_AT(ThreadInfo, 0xC4);
__L4_KIP_AT(PageInfo, 0xC8);
__L4_KIP_AT(ProcessorInfo, 0xCC);
__L4_KIP_AT(SpaceControl, 0xD0);
__L4_KIP_AT(ThreadControl, 0xD4);
__L4_KIP_AT(ProcessorControl, 0xD8);
__L4_KIP_AT(MemoryControl, 0xDC);
__L4_KIP_AT(Ipc, 0xE0);
__L4_KIP_AT(Lipc, 0xE4);
__L4_KIP_AT(Unmap, 0xE8);
__L4_KIP_AT(ExchangeRegisters, 0xEC);
__L4_KIP_AT(SystemClock, 0xF0);
__L4_KIP_AT(ThreadSwitch, 0xF4);
__L4_KIP_AT(Schedule, 0xF8);
L4_STATIC_ASSERT(sizeof(L4_KernelInterfacePage_t) == 0x100, "KIP: size of the defined part");

/* ---- Kernel description (at KernDescPtr) ------------------------------- */

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t _ign : 16;
		L4_Word_t subid : 8;
		L4_Word_t id : 8;
	} X;
} L4_KernelId_t;

typedef struct {
	L4_KernelId_t KernelId;             /* +0x0 */
	L4_Word_t KernelGenDate;            /* +0x4 day 0..4, month 5..8, year-2000 9..15 */
	L4_Word_t KernelVer;                /* +0x8 subsubver 0..15, subver 16..23, ver 24..31 */
	L4_Word_t Supplier;                 /* +0xC four characters, first in the low byte */
	char VersionString[];               /* +0x10 then the feature strings, "" ends them */
} L4_KernelDesc_t;

L4_STATIC_ASSERT(offsetof(L4_KernelDesc_t, VersionString) == 0x10, "KernelDesc layout");

/* ---- Processor and memory descriptors ---------------------------------- */

typedef union {
	L4_Word_t raw[4];
	struct {
		L4_Word_t ExternalFreq;         /* kHz */
		L4_Word_t InternalFreq;         /* kHz */
	} X;
} L4_ProcDesc_t;

/* Word 0: type in bits 0..3, t in 4..7, v (virtual) in bit 9, low/1024 in
 * 10..31. Word 1: high/1024 in bits 10..31 (high is the last byte). */
typedef union {
	L4_Word_t raw[2];
	struct {
		L4_Word_t type : 4;
		L4_Word_t t : 4;
		L4_Word_t _ign0 : 1;
		L4_Word_t v : 1;
		L4_Word_t low : 22;
		L4_Word_t _ign1 : 10;
		L4_Word_t high : 22;
	} X;
} L4_MemoryDesc_t;

#define L4_UndefinedMemoryType             (0x0UL)
#define L4_ConventionalMemoryType          (0x1UL)
#define L4_ReservedMemoryType              (0x2UL)
#define L4_DedicatedMemoryType             (0x3UL)
#define L4_SharedMemoryType                (0x4UL)
#define L4_BootLoaderSpecificMemoryType    (0xEUL)
#define L4_ArchitectureSpecificMemoryType  (0xFUL)

L4_INLINE L4_Bool_t L4_IsMemoryDescVirtual(const L4_MemoryDesc_t *m) { return m->X.v; }
L4_INLINE L4_Bool_t L4_IsVirtual(const L4_MemoryDesc_t *m) { return m->X.v; }
/* t * 16 + type */
L4_INLINE L4_Word_t L4_MemoryDescType(const L4_MemoryDesc_t *m) { return m->raw[0] & 0xFF; }
L4_INLINE L4_Word_t L4_MemoryDescLow(const L4_MemoryDesc_t *m) { return m->raw[0] & ~0x3FFUL; }
L4_INLINE L4_Word_t L4_MemoryDescHigh(const L4_MemoryDesc_t *m) { return m->raw[1] | 0x3FFUL; }

/* A descriptor for [low, high] (high = last byte); for the kernel and
 * sigma0. type is t * 16 + type as L4_MemoryDescType returns it. */
L4_INLINE L4_MemoryDesc_t L4_MakeMemoryDesc(L4_Word_t low, L4_Word_t high, L4_Word_t type,
                                            L4_Bool_t is_virtual)
{
	L4_MemoryDesc_t m;
	m.raw[0] = (low & ~0x3FFUL) | (is_virtual ? 1UL << 9 : 0) | (type & 0xFF);
	m.raw[1] = high & ~0x3FFUL;
	return m;
}

L4_INLINE L4_Word_t L4_ProcDescExternalFreq(const L4_ProcDesc_t *p) { return p->X.ExternalFreq; }
L4_INLINE L4_Word_t L4_ProcDescInternalFreq(const L4_ProcDesc_t *p) { return p->X.InternalFreq; }

/* ---- Accessors (§1.2) -------------------------------------------------- */

L4_INLINE void *L4_GetKernelInterface(void)
{
	L4_Word_t v, f, id;
	return L4_KernelInterface(&v, &f, &id);
}

L4_INLINE L4_Word_t L4_ApiVersion(void)
{
	L4_Word_t v, f, id;
	L4_KernelInterface(&v, &f, &id);
	return v;
}

L4_INLINE L4_Word_t L4_ApiFlags(void)
{
	L4_Word_t v, f, id;
	L4_KernelInterface(&v, &f, &id);
	return f;
}

L4_INLINE L4_Word_t L4_KernelId(void)
{
	L4_Word_t v, f, id;
	L4_KernelInterface(&v, &f, &id);
	return id;
}

#define __L4_KIP(k) ((const L4_KernelInterfacePage_t *)(k))

L4_INLINE L4_KernelDesc_t *__L4_KernelDesc(void *kip)
{
	return (L4_KernelDesc_t *)((char *)kip + __L4_KIP(kip)->KernDescPtr);
}

L4_INLINE void L4_KernelGenDate(void *kip, L4_Word_t *year, L4_Word_t *month, L4_Word_t *day)
{
	L4_Word_t d = __L4_KernelDesc(kip)->KernelGenDate;
	*year = ((d >> 9) & 0x7F) + 2000;
	*month = (d >> 5) & 0xF;
	*day = d & 0x1F;
}

L4_INLINE L4_Word_t L4_KernelVersion(void *kip) { return __L4_KernelDesc(kip)->KernelVer; }
L4_INLINE L4_Word_t L4_KernelSupplier(void *kip) { return __L4_KernelDesc(kip)->Supplier; }
L4_INLINE char *L4_KernelVersionString(void *kip) { return __L4_KernelDesc(kip)->VersionString; }

/* Feature string num (from 0): the strings after the version string, up
 * to the empty one; NULL past the last. */
L4_INLINE char *L4_Feature(void *kip, L4_Word_t num)
{
	char *s = L4_KernelVersionString(kip);
	while (*s++)
		;
	for (; *s; num--) {
		if (num == 0)
			return s;
		while (*s++)
			;
	}
	return NULL;
}

L4_INLINE L4_Word_t L4_NumProcessors(void *kip) { return __L4_KIP(kip)->ProcessorInfo.X.processors + 1; }
L4_INLINE L4_Word_t L4_NumMemoryDescriptors(void *kip) { return __L4_KIP(kip)->MemoryInfo.X.n; }
L4_INLINE L4_Word_t L4_PageSizeMask(void *kip) { return __L4_KIP(kip)->PageInfo.raw & ~0x3FFUL; }
L4_INLINE L4_Word_t L4_PageRights(void *kip) { return __L4_KIP(kip)->PageInfo.X.rwx; }
L4_INLINE L4_Word_t L4_ThreadIdBits(void *kip) { return __L4_KIP(kip)->ThreadInfo.X.t; }
L4_INLINE L4_Word_t L4_ThreadIdSystemBase(void *kip) { return __L4_KIP(kip)->ThreadInfo.X.SystemBase; }
L4_INLINE L4_Word_t L4_ThreadIdUserBase(void *kip) { return __L4_KIP(kip)->ThreadInfo.X.UserBase; }
L4_INLINE L4_Word_t L4_UtcbAreaSizeLog2(void *kip) { return __L4_KIP(kip)->UtcbInfo.X.s; }
L4_INLINE L4_Word_t L4_UtcbAlignmentLog2(void *kip) { return __L4_KIP(kip)->UtcbInfo.X.a; }
L4_INLINE L4_Word_t L4_KipAreaSizeLog2(void *kip) { return __L4_KIP(kip)->KipAreaInfo.X.s; }
L4_INLINE L4_Word_t L4_BootInfo(void *kip) { return __L4_KIP(kip)->BootInfo; }

L4_INLINE L4_Word_t L4_UtcbSize(void *kip)
{
	return (1UL << __L4_KIP(kip)->UtcbInfo.X.a) * __L4_KIP(kip)->UtcbInfo.X.m;
}

/* The precisions in microseconds (ClockInfo holds them as time periods). */
L4_INLINE L4_Word_t L4_ReadPrecision(void *kip)
{
	L4_Time_t t = { .raw = (L4_Word16_t)__L4_KIP(kip)->ClockInfo.X.ReadPrecision };
	return (L4_Word_t)L4_TimePeriodMicroseconds(t);
}

L4_INLINE L4_Word_t L4_SchedulePrecision(void *kip)
{
	L4_Time_t t = { .raw = (L4_Word16_t)__L4_KIP(kip)->ClockInfo.X.SchedulePrecision };
	return (L4_Word_t)L4_TimePeriodMicroseconds(t);
}

L4_INLINE L4_MemoryDesc_t *L4_MemoryDesc(void *kip, L4_Word_t num)
{
	const L4_KernelInterfacePage_t *k = __L4_KIP(kip);
	if (num >= k->MemoryInfo.X.n)
		return NULL;
	return (L4_MemoryDesc_t *)((char *)kip + k->MemoryInfo.X.MemDescPtr) + num;
}

L4_INLINE L4_ProcDesc_t *L4_ProcDesc(void *kip, L4_Word_t num)
{
	const L4_KernelInterfacePage_t *k = __L4_KIP(kip);
	if (num >= L4_NumProcessors(kip))
		return NULL;
	return (L4_ProcDesc_t *)((char *)kip + k->ProcDescPtr + (num << k->ProcessorInfo.X.s));
}

/* ---- The C++ forms (§1.1) ---------------------------------------------- */

/* The manual's MemoryDesc& and ProcDesc& are pointers, as in the C names. */
#ifdef __cplusplus
L4_INLINE void *L4_KernelInterface(void) { return L4_GetKernelInterface(); }
L4_INLINE L4_Word_t L4_Type(const L4_MemoryDesc_t *m) { return L4_MemoryDescType(m); }
L4_INLINE L4_Word_t L4_Low(const L4_MemoryDesc_t *m) { return L4_MemoryDescLow(m); }
L4_INLINE L4_Word_t L4_High(const L4_MemoryDesc_t *m) { return L4_MemoryDescHigh(m); }
L4_INLINE L4_Word_t L4_ExternalFreq(const L4_ProcDesc_t *p) { return L4_ProcDescExternalFreq(p); }
L4_INLINE L4_Word_t L4_InternalFreq(const L4_ProcDesc_t *p) { return L4_ProcDescInternalFreq(p); }
#endif
