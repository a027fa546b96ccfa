// SPDX-License-Identifier: MIT
/*
 * spaces.c: §4 address spaces and mapping: fpages (§4.1), Unmap with its
 * flush and status bits (§4.2), SpaceControl and each error code (§4.3),
 * and the sigma0 protocol that gives us memory (§7.7).
 */
#include "x2.h"

#define SCRATCH 0x58000000UL            /* free addresses of ours */

static void fpages(void)
{
	L4_Fpage_t f = L4_FpageLog2(0x12345000, 12);
	x2_check(L4_Address(f) == 0x12345000 && L4_Size(f) == 4096 && L4_SizeLog2(f) == 12,
	         "§4.1 Fpage: base and size of a 4 KiB fpage");
	x2_check(L4_IsNilFpage(L4_Nilpage) && L4_CompleteAddressSpace.raw == (1UL << 4),
	         "§4.1 Fpage: nilpage 0, complete address space s = 1");
	f = L4_FpageAddRights(f, L4_ReadWriteOnly);
	x2_check(L4_Rights(f) == L4_ReadWriteOnly, "§4.1 Fpage: rights in the low bits");
}

static void sigma0(void)
{
	L4_Word_t p = x2_page();
	bool ok = p != 0;
	if (ok) {
		*(volatile L4_Word_t *)p = 0x600DF00D;
		ok = *(volatile L4_Word_t *)p == 0x600DF00D;
	}
	x2_check(ok, "§7.7 sigma0: a request for any page maps one into the receive window, writable");
	L4_Word_t n = L4_NumMemoryDescriptors(x2_kip), reserved = 0;
	for (L4_Word_t i = 0; i < n; i++) {
		L4_MemoryDesc_t *md = L4_MemoryDesc(x2_kip, i);
		if (!L4_IsMemoryDescVirtual(md) && (L4_MemoryDescType(md) & 0xF) == L4_ReservedMemoryType)
			reserved = L4_MemoryDescLow(md);
	}
	if (reserved)
		x2_check(L4_IsNilFpage(L4_Sigma0_GetPage_RcvWindow(L4_nilthread, L4_FpageLog2(reserved, 12),
		                                                   L4_FpageLog2(SCRATCH + 0x10000, 12))),
		         "§7.7 sigma0: refuses a page of reserved (kernel) memory");
	else
		x2_skip("no reserved memory descriptor", "§7.7 sigma0: refuses reserved memory");
}

static void unmap(void)
{
	L4_Word_t a = x2_page(), b = SCRATCH, v = 0;
	if (!a) {
		x2_skip("sigma0 gave no page", "§4.2 Unmap");
		return;
	}
	volatile L4_Word_t *pa = (L4_Word_t *)a;
	*pa = 0x11112222;
	L4_ThreadId_t c = x2_window_child(b);
	bool mapped = !L4_IsNilThread(c) && x2_child_map(c, a, L4_FullyAccessible, false);
	x2_check(mapped && x2_child_read(c, &v) && v == 0x11112222,
	         "§5.2 MapItem: the receiver (another space) sees the sender's page at its window");
	x2_check(x2_child_write(c, 0x33334444) && *pa == 0x33334444,
	         "§5.2 MapItem: one frame; the receiver's write shows at the sender's address");
	L4_ThreadId_t from = L4_nilthread;
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = 0x5244, .u = 1 } }.raw);     /* a read */
	L4_MsgTag_t tag = L4_Ipc(c, c, L4_Timeouts(L4_TimePeriod(5000000), L4_TimePeriod(2000000)), &from);
	x2_check(L4_IpcSucceeded(tag) && from.raw == c.raw && L4_IsGlobalId(from),
	         "§5.7 a partner of another space is seen by its global id");
	L4_Fpage_t status = L4_GetStatus(L4_FpageLog2(a, 12));
	x2_check(L4_WasWritten(status) && L4_WasReferenced(status),
	         "§4.2 Unmap (no rights): status bits written and referenced, through the derived mapping");
	L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2(a, 12), L4_Writable));
	x2_check(x2_child_read(c, &v) && v == 0x33334444 && *pa == 0x33334444,
	         "§4.2 Unmap w: the derived mapping stays readable, ours whole");
	x2_fault_reset();
	x2_check(!x2_child_write(c, 1) && x2_fault.count && x2_fault.mr[1] == b &&
	         (x2_fault.label & 0xFFF2) == 0xFFE2 && *pa == 0x33334444,
	         "§4.2 Unmap w: a write there now faults (§7.3: label -2, w set, MR 1 the address)");
	x2_space_kill(c);

	c = x2_window_child(b);
	mapped = !L4_IsNilThread(c) && x2_child_map(c, a, L4_FullyAccessible, false);
	L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2(a, 12), L4_FullyAccessible));
	x2_fault_reset();
	x2_check(mapped && !x2_child_read(c, &v) && x2_fault.count && x2_fault.mr[1] == b &&
	         *pa == 0x33334444,
	         "§4.2 Unmap rwx: the derived mapping is gone (a read faults), ours stays");
	x2_space_kill(c);
	L4_Flush(L4_FpageAddRights(L4_FpageLog2(a, 12), L4_FullyAccessible));
	x2_check(x2_probe_faults(a), "§4.2 Unmap with f (Flush): our own mapping goes too");

	L4_Word_t g = x2_page();
	c = x2_window_child(b);
	if (g && !L4_IsNilThread(c)) {
		*(volatile L4_Word_t *)g = 0x6A6A6A6A;
		bool granted = x2_child_map(c, g, L4_FullyAccessible, true);
		x2_check(granted && x2_child_read(c, &v) && v == 0x6A6A6A6A && x2_probe_faults(g),
		         "§5.3 GrantItem: the receiver has the page, the sender no longer");
	}
	x2_space_kill(c);
}

static void space_control(void)
{
	L4_Word_t control;
	x2_check(!L4_SpaceControl(x2_fresh_id(), 0, x2_kip_area(), x2_utcb_area(), L4_anythread, &control) &&
	         L4_ErrorCode() == 3,
	         "§4.3 SpaceControl on a space of no thread: ErrorCode 3");
	L4_ThreadId_t t = x2_fresh_id();
	if (!L4_ThreadControl(t, t, x2_main, L4_nilthread, (void *)-1)) {
		x2_skip("ThreadControl made no new space", "§4.3 SpaceControl");
		return;
	}
	L4_Fpage_t kip = x2_kip_area(), utcb = x2_utcb_area();
	L4_Word_t ulog = L4_SizeLog2(utcb), klog = L4_SizeLog2(kip);
	x2_check(!L4_ThreadControl(t, t, x2_main, x2_pager, (void *)L4_Address(utcb)) && L4_ErrorCode() == 3,
	         "§2.4 ThreadControl activating a thread of an uninitialised space: ErrorCode 3");
	x2_check(!L4_SpaceControl(t, 0, L4_FpageLog2(L4_Address(kip), (int)klog - 1), utcb, L4_anythread, &control) &&
	         L4_ErrorCode() == 7,
	         "§4.3 SpaceControl with a KIP area below KipAreaSize: ErrorCode 7");
	if (L4_UtcbAreaSizeLog2(x2_kip) >= 11)
		x2_check(!L4_SpaceControl(t, 0, kip, L4_FpageLog2(L4_Address(utcb), (int)L4_UtcbAreaSizeLog2(x2_kip) - 1),
		                          L4_anythread, &control) && L4_ErrorCode() == 6,
		         "§4.3 SpaceControl with a UTCB area below the smallest: ErrorCode 6");
	x2_check(!L4_SpaceControl(t, 0, kip, L4_FpageLog2(L4_Address(kip), (int)ulog), L4_anythread, &control) &&
	         L4_ErrorCode() == 7,
	         "§4.3 SpaceControl with the KIP area inside the UTCB area: ErrorCode 7");
	x2_check(!L4_SpaceControl(t, 0, kip, L4_FpageLog2(0xF0000000UL, (int)ulog), L4_anythread, &control) &&
	         L4_ErrorCode() == 6,
	         "§4.3 SpaceControl with a UTCB area outside user space: ErrorCode 6");
	x2_check(L4_SpaceControl(t, 0, kip, utcb, L4_anythread, &control),
	         "§4.3 SpaceControl: valid KIP and UTCB areas are set");
	x2_check(L4_ThreadControl(t, t, x2_main, x2_pager, (void *)L4_Address(utcb)),
	         "§2.4 ThreadControl: then the thread can be activated");
	x2_check(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1),
	         "§2.4 ThreadControl: the space's last thread deleted (the space with it)");
}

void x2_section_spaces(void)
{
	fpages();
	sigma0();
	unmap();
	space_control();
}
