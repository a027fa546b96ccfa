// SPDX-License-Identifier: MIT
/*
 * kip.c: §1 (the kernel interface page, KernelInterface) and the KIP's
 * ia32 parts (A.1-A.3): the magic and API words, the kernel descriptor
 * and its feature strings, memory descriptors, UTCB, KIP area, clock,
 * thread, page and processor information, the initial servers' entries,
 * and the system-call links.
 */
#include "x2.h"

extern char _start[];

static void kernel_interface(void)
{
	L4_Word_t version = 0, flags = 0, id = 0;
	void *kip = L4_KernelInterface(&version, &flags, &id);
	L4_KernelInterfacePage_t *k = kip;
	x2_check(kip != 0 && kip == x2_kip, "§1.2 KernelInterface: the KIP address, the same on every call");
	x2_check(((L4_Word_t)kip & 0xFFF) == 0, "§1.1 KIP: page aligned");
	x2_check(k->magic == L4_KIP_MAGIC, "§1.1 KIP: magic 'L4' 0xE6 'K' at +0");
	x2_check(version == k->ApiVersion.raw && flags == k->ApiFlags.raw,
	         "§1.2 KernelInterface: ApiVersion and ApiFlags as in the KIP");
	x2_check((version >> 24) == L4_APIVERSION_X2, "§1.1 API version: 0x84 (X.2) in bits 24..31");
	x2_check((flags & 0xF) == 0, "§1.1 API flags: little endian (ee = 0), 32-bit (ww = 0)");
	x2_check(id == __L4_KernelDesc(kip)->KernelId.raw, "§1.2 KernelInterface: KernelId as in the kernel descriptor");
	L4_Word_t y = 0, m = 0, d = 0;
	L4_KernelGenDate(kip, &y, &m, &d);
	x2_check(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 2000,
	         "§1.1 kernel descriptor: a generation date (%lu-%lu-%lu)", y, m, d);
	unsigned n = 0;
	while (n < 64 && L4_Feature(kip, n))
		n++;
	x2_check(n < 64, "§1.1 kernel descriptor: the feature strings end with an empty string (%u)", n);
}

static void memory_descriptors(void)
{
	L4_Word_t n = L4_NumMemoryDescriptors(x2_kip);
	bool conventional = false, virtual_user = false, types_known = true;
	for (L4_Word_t i = 0; i < n; i++) {
		L4_MemoryDesc_t *md = L4_MemoryDesc(x2_kip, i);
		L4_Word_t type = L4_MemoryDescType(md) & 0xF;
		types_known &= type <= 4 || type >= 0xE;
		if (!L4_IsMemoryDescVirtual(md) && type == L4_ConventionalMemoryType)
			conventional = true;
		/* §1.1: a virtual conventional descriptor says where user
		 * space is; our own image must lie inside it. */
		if (L4_IsMemoryDescVirtual(md) && type == L4_ConventionalMemoryType &&
		    L4_MemoryDescLow(md) <= (L4_Word_t)_start && L4_MemoryDescHigh(md) > (L4_Word_t)_start)
			virtual_user = true;
	}
	x2_check(n > 0 && L4_MemoryDesc(x2_kip, n - 1) != 0, "§1.1 MemoryInfo: %lu memory descriptors", n);
	x2_check(conventional, "§1.1 memory descriptors: physical conventional memory");
	x2_check(virtual_user, "§1.1 memory descriptors: a virtual one covers user space (our image)");
	x2_check(types_known, "§1.1 memory descriptors: every type is one the manual defines");
}

static void infos(void)
{
	L4_KernelInterfacePage_t *k = x2_kip;
	L4_Word_t a = L4_UtcbAlignmentLog2(x2_kip), size = L4_UtcbSize(x2_kip);
	x2_check(size > 0 && (size & ((1UL << a) - 1)) == 0,
	         "§1.1 UtcbInfo: a UTCB of %lu bytes, a multiple of its alignment 2^%lu", size, a);
	x2_check(L4_UtcbAreaSizeLog2(x2_kip) >= a, "§1.1 UtcbInfo: the smallest UTCB area holds a UTCB");
	x2_check((L4_MyLocalId().raw & 0x3F) == 0 && !L4_IsNilThread(L4_MyLocalId()),
	         "§2.1 local ThreadId: our UTCB address, its low 6 bits zero");
	x2_check(L4_KipAreaSizeLog2(x2_kip) >= 12, "§1.1 KipAreaInfo: the KIP area is at least a page");
	x2_check(L4_PageSizeMask(x2_kip) & (1UL << 12), "§1.1 PageInfo: 4 KiB pages (A: ia32)");
	x2_check((L4_PageSizeMask(x2_kip) & ~0xFFFFF000UL) == 0 && (L4_PageRights(x2_kip) & 2),
	         "§1.1 PageInfo: page sizes only from 4 KiB up; w is a right of its own");
	x2_check(L4_ReadPrecision(x2_kip) > 0 && L4_SchedulePrecision(x2_kip) > 0,
	         "§1.1 ClockInfo: read %lu us, schedule %lu us", L4_ReadPrecision(x2_kip),
	         L4_SchedulePrecision(x2_kip));
	L4_Word_t user = L4_ThreadIdUserBase(x2_kip), sys = L4_ThreadIdSystemBase(x2_kip);
	x2_check(L4_ThreadIdBits(x2_kip) >= 10 && user > sys && sys > 0,
	         "§1.1 ThreadInfo: %lu thread-number bits, system base %lu, user base %lu",
	         L4_ThreadIdBits(x2_kip), sys, user);
	x2_check(L4_ThreadNo(x2_main) == user + 2,
	         "§1.1 ThreadInfo: the root task's thread is UserBase + 2 (sigma0 UserBase, sigma1 + 1)");
	x2_check(L4_NumProcessors(x2_kip) >= 1, "§1.1 ProcessorInfo: %lu processor(s)", L4_NumProcessors(x2_kip));
	L4_ProcDesc_t *p = L4_ProcDesc(x2_kip, 0);
	if (L4_ProcDescInternalFreq(p))
		x2_check(true, "§1.1 processor descriptor: internal frequency %lu kHz",
		         L4_ProcDescInternalFreq(p));
	else
		x2_skip("the kernel reports 0 (unknown)", "§1.1 processor descriptor: internal frequency");
	x2_check(k->RootServer.ip == (L4_Word_t)_start,
	         "§7.8 KIP root server: its IP is our entry point");
	x2_check(k->sigma0.ip != 0 && k->sigma0.low <= k->sigma0.ip && k->sigma0.ip <= k->sigma0.high,
	         "§7.8 KIP sigma0: its entry lies in its memory region");
}

static void links(void)
{
	L4_KernelInterfacePage_t *k = x2_kip;
	const L4_Word_t l[] = { k->SpaceControl, k->ThreadControl, k->ProcessorControl,
	                        k->MemoryControl, k->Ipc, k->Lipc, k->Unmap,
	                        k->ExchangeRegisters, k->SystemClock, k->ThreadSwitch,
	                        k->Schedule };
	bool all = true;
	for (unsigned i = 0; i < sizeof l / sizeof *l; i++)
		all &= l[i] != 0;
	x2_check(all, "§1.1 / A.2 system-call links: all eleven are set");
}

void x2_section_kip(void)
{
	kernel_interface();
	memory_descriptors();
	infos();
	links();
}
