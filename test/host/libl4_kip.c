// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_kip.c: host tests of libl4's kernel interface page
 * against the X.2 manual (§1.1, §1.2, §7.8): the offset of every field of
 * L4_KernelInterfacePage_t, the bit layout of every info word, memory and
 * processor descriptors, the kernel description with its feature strings,
 * and the accessors, run on a KIP built here word by word at the manual's
 * offsets (not through the struct under test).
 */
#include <stddef.h>
#include <string.h>
#include <l4/kip.h>
#include "tap.h"

#define AT(field, off) \
	is_uint(offsetof(L4_KernelInterfacePage_t, field), off, "KIP " #field " at +" #off)

static void test_offsets(void)
{
	AT(magic, 0x00);
	AT(ApiVersion, 0x04);
	AT(ApiFlags, 0x08);
	AT(KernDescPtr, 0x0C);
	AT(KernelVerPtr, 0x0C);
	AT(Kdebug, 0x10);
	AT(sigma0, 0x20);
	AT(sigma1, 0x30);
	AT(RootServer, 0x40);
	AT(MemoryInfo, 0x54);
	AT(KdebugConfig, 0x58);
	AT(UtcbInfo, 0xA8);
	AT(KipAreaInfo, 0xAC);
	AT(BootInfo, 0xB8);
	AT(ProcDescPtr, 0xBC);
	AT(ClockInfo, 0xC0);
	AT(ThreadInfo, 0xC4);
	AT(PageInfo, 0xC8);
	AT(ProcessorInfo, 0xCC);
	AT(SpaceControl, 0xD0);
	AT(ThreadControl, 0xD4);
	AT(ProcessorControl, 0xD8);
	AT(MemoryControl, 0xDC);
	AT(Ipc, 0xE0);
	AT(Lipc, 0xE4);
	AT(Unmap, 0xE8);
	AT(ExchangeRegisters, 0xEC);
	AT(SystemClock, 0xF0);
	AT(ThreadSwitch, 0xF4);
	AT(Schedule, 0xF8);
	is_uint(sizeof(L4_KernelInterfacePage_t), 0x100, "the defined part is 256 bytes");
	is_uint(offsetof(L4_BootServer_t, ip), 4, "boot server: SP at +0, IP at +4 (§7.8)");
	is_uint(offsetof(L4_BootServer_t, high), 12, "boot server: low at +8, high at +0xC");
	is_uint(offsetof(L4_KernelDesc_t, KernelGenDate), 4, "KernelGenDate at KernDesc + 4");
	is_uint(offsetof(L4_KernelDesc_t, KernelVer), 8, "KernelVer at KernDesc + 8");
	is_uint(offsetof(L4_KernelDesc_t, Supplier), 12, "Supplier at KernDesc + 0xC");
	is_uint(offsetof(L4_KernelDesc_t, VersionString), 16, "version string at KernDesc + 0x10");
	is_uint(sizeof(L4_MemoryDesc_t), 8, "MemoryDesc is two words");
	is_uint(sizeof(L4_ProcDesc_t), 16, "ProcDesc is four words");

	L4_Word_t magic = L4_KIP_MAGIC;
	ok(memcmp(&magic, "L4\xE6K", 4) == 0, "magic reads 'L4' 0xE6 'K' in memory");
}

#define FIELD(type, member, value, expect) do {                             \
		type x_ = { .raw = 0 };                                      \
		x_.X.member = (value);                                       \
		is_uint(x_.raw, (expect), #type "." #member);                \
	} while (0)

static void test_info_words(void)
{
	FIELD(L4_ApiVersion_t, version, 0x84, 0x84000000u);
	FIELD(L4_ApiVersion_t, subversion, 0xFF, 0x00FF0000u);
	FIELD(L4_ApiFlags_t, ee, 3, 0x3);
	FIELD(L4_ApiFlags_t, ww, 3, 0xC);
	FIELD(L4_MemoryInfo_t, n, 0xFFFF, 0x0000FFFFu);
	FIELD(L4_MemoryInfo_t, MemDescPtr, 0xFFFF, 0xFFFF0000u);
	FIELD(L4_UtcbInfo_t, m, 0x3FF, 0x3FF);
	FIELD(L4_UtcbInfo_t, a, 0x3F, 0xFC00);
	FIELD(L4_UtcbInfo_t, s, 0x3F, 0x3F0000);
	FIELD(L4_KipAreaInfo_t, s, 0x3F, 0x3F);
	FIELD(L4_ClockInfo_t, ReadPrecision, 0xFFFF, 0xFFFF);
	FIELD(L4_ClockInfo_t, SchedulePrecision, 0xFFFF, 0xFFFF0000u);
	FIELD(L4_ThreadInfo_t, t, 0xFF, 0xFF);
	FIELD(L4_ThreadInfo_t, SystemBase, 0xFFF, 0xFFF00);
	FIELD(L4_ThreadInfo_t, UserBase, 0xFFF, 0xFFF00000u);
	FIELD(L4_PageInfo_t, rwx, 7, 7);
	FIELD(L4_PageInfo_t, size_mask, 0x3FFFFF, 0xFFFFFC00u);
	FIELD(L4_ProcessorInfo_t, processors, 0xFFFF, 0xFFFF);
	FIELD(L4_ProcessorInfo_t, s, 0xF, 0xF0000000u);
	FIELD(L4_KernelId_t, id, 4, 0x04000000u);
	FIELD(L4_KernelId_t, subid, 2, 0x00020000u);
}

static void test_memory_desc(void)
{
	L4_MemoryDesc_t m = { .raw = { 0, 0 } };
	m.X.type = 0xF;
	is_uint(m.raw[0], 0xF, "memory desc: type in bits 0..3");
	m.raw[0] = 0;
	m.X.t = 0xF;
	is_uint(m.raw[0], 0xF0, "t in bits 4..7");
	m.raw[0] = 0;
	m.X.v = 1;
	is_uint(m.raw[0], 0x200, "v in bit 9");
	m.raw[0] = 0;
	m.X.low = 0x3FFFFF;
	is_uint(m.raw[0], 0xFFFFFC00u, "low/1024 in bits 10..31");
	m.X.high = 0x3FFFFF;
	is_uint(m.raw[1], 0xFFFFFC00u, "high/1024 in bits 10..31 of word 1");

	m = L4_MakeMemoryDesc(0x100000, 0x7FFFFFF, L4_ConventionalMemoryType, 0);
	is_uint(m.raw[0], 0x100001, "conventional [1M, 128M): word 0");
	is_uint(m.raw[1], 0x7FFFC00, "word 1 holds high without its low ten bits");
	is_uint(L4_MemoryDescLow(&m), 0x100000, "MemoryDescLow");
	is_uint(L4_MemoryDescHigh(&m), 0x7FFFFFF, "MemoryDescHigh is the last byte");
	is_uint(L4_MemoryDescType(&m), 1, "MemoryDescType");
	ok(!L4_IsMemoryDescVirtual(&m) && !L4_IsVirtual(&m), "physical");
	m = L4_MakeMemoryDesc(0xC0000000u, 0xDFFFFFFFu, 0x2F, 1);
	is_uint(L4_MemoryDescType(&m), 0x2F, "MemoryDescType = t * 16 + type");
	ok(L4_IsMemoryDescVirtual(&m), "virtual");
	ok(L4_UndefinedMemoryType == 0 && L4_ConventionalMemoryType == 1 &&
	   L4_ReservedMemoryType == 2 && L4_DedicatedMemoryType == 3 &&
	   L4_SharedMemoryType == 4 && L4_BootLoaderSpecificMemoryType == 0xE &&
	   L4_ArchitectureSpecificMemoryType == 0xF, "memory types (§1.1)");
}

/* A KIP page written word by word at the manual's offsets. */
static union {
	L4_Word_t w[1024];
	char b[4096];
} page;

static void put(unsigned off, L4_Word_t v) { page.w[off / 4] = v; }

static void build_kip(void)
{
	static const char strings[] = "L4/ia32 test kernel\0smallspaces\0second\0";
	put(0x00, L4_KIP_MAGIC);
	put(0x04, 0x84070000);                  /* X.2 revision 7 */
	put(0x08, 0);                           /* 32-bit, little endian */
	put(0x0C, 0x100);                       /* KernDescPtr */
	put(0x54, 0x200u << 16 | 3);            /* MemoryInfo: 3 descriptors at +0x200 */
	put(0xA8, 12u << 16 | 9u << 10 | 1);    /* UtcbInfo: s 12, a 9, m 1 */
	put(0xAC, 12);                          /* KipAreaInfo */
	put(0xB8, 0xB007);                      /* BootInfo */
	put(0xBC, 0x300);                       /* ProcDescPtr */
	put(0xC0, (L4_Word_t)L4_TimePeriod(1000).raw << 16 | L4_TimePeriod(1).raw);
	put(0xC4, 32u << 20 | 16u << 8 | 15);   /* ThreadInfo: user 32, system 16, t 15 */
	put(0xC8, 1u << 22 | 1u << 12 | 6);     /* PageInfo: 4M and 4K pages, rw */
	put(0xCC, 4u << 28 | 1);                /* ProcessorInfo: 16-byte descs, 2 cpus */
	put(0xE0, 0x800);                       /* Ipc link */
	put(0x100, 0x04020000);                 /* KernelId: 4.2 */
	put(0x104, 24u << 9 | 11u << 5 | 22);   /* 2024-11-22 */
	put(0x108, 0x01020003);                 /* KernelVer */
	put(0x10C, 0x20614B55);                 /* "UKa " */
	memcpy(page.b + 0x110, strings, sizeof strings);
	put(0x200, 0x100001), put(0x204, 0x7FFFC00);
	put(0x208, 0x0000002), put(0x20C, 0x9FC00);
	put(0x210, 0xE0000000u | 0x200 | 3), put(0x214, 0xFFFFFC00u);
	put(0x300, 100000), put(0x304, 2000000);
	put(0x310, 133000), put(0x314, 3000000);
}

static void test_accessors(void)
{
	void *kip = page.b;
	L4_KernelInterfacePage_t *k = kip;
	build_kip();

	is_uint(k->ApiVersion.X.version, 0x84, "ApiVersion.X.version");
	is_uint(k->ApiVersion.X.subversion, 7, "ApiVersion.X.subversion");
	is_uint(k->Ipc, 0x800, "Ipc link through the struct");
	is_uint(L4_NumMemoryDescriptors(kip), 3, "NumMemoryDescriptors");
	is_uint(L4_UtcbAreaSizeLog2(kip), 12, "UtcbAreaSizeLog2");
	is_uint(L4_UtcbAlignmentLog2(kip), 9, "UtcbAlignmentLog2");
	is_uint(L4_UtcbSize(kip), 512, "UtcbSize = 2^a * m");
	is_uint(L4_KipAreaSizeLog2(kip), 12, "KipAreaSizeLog2");
	is_uint(L4_BootInfo(kip), 0xB007, "BootInfo");
	is_uint(L4_ReadPrecision(kip), 1, "ReadPrecision in us");
	is_uint(L4_SchedulePrecision(kip), 1000, "SchedulePrecision in us");
	is_uint(L4_ThreadIdBits(kip), 15, "ThreadIdBits");
	is_uint(L4_ThreadIdSystemBase(kip), 16, "ThreadIdSystemBase");
	is_uint(L4_ThreadIdUserBase(kip), 32, "ThreadIdUserBase");
	is_uint(L4_PageSizeMask(kip), 1u << 22 | 1u << 12, "PageSizeMask: bit k for 2^k pages");
	is_uint(L4_PageRights(kip), 6, "PageRights");
	is_uint(L4_NumProcessors(kip), 2, "NumProcessors = processors - 1 field + 1");

	L4_ProcDesc_t *p = L4_ProcDesc(kip, 1);
	ok(p && (char *)p == page.b + 0x310, "ProcDesc(1) at ProcDescPtr + 2^s");
	is_uint(L4_ProcDescExternalFreq(p), 133000, "ExternalFreq at +0");
	is_uint(L4_ProcDescInternalFreq(p), 3000000, "InternalFreq at +4");
	ok(L4_ProcDesc(kip, 2) == NULL, "ProcDesc past the last is NULL");

	L4_MemoryDesc_t *m = L4_MemoryDesc(kip, 2);
	ok(m && (char *)m == page.b + 0x210, "MemoryDesc(2) at MemDescPtr + 16");
	is_uint(L4_MemoryDescLow(m), 0xE0000000u, "its low");
	is_uint(L4_MemoryDescHigh(m), 0xFFFFFFFFu, "its high");
	is_uint(L4_MemoryDescType(m), 3, "its type (dedicated)");
	ok(L4_IsVirtual(m), "its v bit");
	ok(L4_MemoryDesc(kip, 3) == NULL, "MemoryDesc past the last is NULL");

	L4_Word_t y, mo, d;
	L4_KernelGenDate(kip, &y, &mo, &d);
	ok(y == 2024 && mo == 11 && d == 22, "KernelGenDate 2024-11-22");
	is_uint(L4_KernelVersion(kip), 0x01020003, "KernelVersion");
	is_uint(L4_KernelSupplier(kip), 0x20614B55, "KernelSupplier");
	is_uint(__L4_KernelDesc(kip)->KernelId.X.id, 4, "KernelId id");
	is_str(L4_KernelVersionString(kip), "L4/ia32 test kernel", "KernelVersionString");
	is_str(L4_Feature(kip, 0), "smallspaces", "Feature(0)");
	is_str(L4_Feature(kip, 1), "second", "Feature(1)");
	ok(L4_Feature(kip, 2) == NULL, "Feature past the empty string is NULL");
}

int main(void)
{
	test_offsets();
	test_info_words();
	test_memory_desc();
	test_accessors();
	return done_testing();
}
