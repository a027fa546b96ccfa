// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_types.c: host tests of libl4's basic types against the
 * X.2 manual: ThreadId (§2.1), Fpage (§4.1), Time periods and points
 * (§3.3) and Clock (§3.1). Expected raw words are worked out by hand from
 * the manual's bit layouts, not produced by the code under test.
 */
#include <l4/types.h>
#include "tap.h"

static void test_threadid(void)
{
	is_uint(L4_nilthread.raw, 0, "nilthread is 0");
	is_uint(L4_anythread.raw, 0xFFFFFFFFu, "anythread is -1");
	is_uint(L4_anylocalthread.raw, 0xFFFFFFC0u, "anylocalthread is -1 << 6");
	is_uint(sizeof(L4_ThreadId_t), 4, "ThreadId is one word");

	L4_ThreadId_t t = L4_GlobalId(5, 1);
	is_uint(t.raw, 5u << 14 | 1, "GlobalId(5, 1): thread number at bit 14, version at 0");
	is_uint(L4_ThreadNo(t), 5, "ThreadNo");
	is_uint(L4_Version(t), 1, "Version");
	t = L4_GlobalId(0x3FFFF, 0x3FFF);
	is_uint(t.raw, 0xFFFFFFFFu, "18-bit thread number, 14-bit version fill the word");
	t = L4_GlobalId(0x12345, 0x7FFF);
	is_uint(L4_Version(t), 0x3FFF, "a version wider than 14 bits is cut");
	is_uint(L4_ThreadNo(t), 0x12345, "and leaves the thread number alone");

	is_field(t, global.X.version, 0x3FFF, 0x3FFF, "global.X.version is bits 0..13");
	is_field(t, global.X.thread_no, 0x3FFFF, 0xFFFFC000u, "global.X.thread_no is bits 14..31");
	is_field(t, local.X.local_id, 1, 0x40, "local.X.local_id starts at bit 6");

	ok(L4_IsLocalId((L4_ThreadId_t){ .raw = 0x00401000 }), "low six bits 0: local");
	ok(L4_IsGlobalId((L4_ThreadId_t){ .raw = 0x00401001 }), "a low version bit set: global");
	ok(L4_IsGlobalId((L4_ThreadId_t){ .raw = 0x00400020 }), "version bit 5 alone: global");
	ok(L4_IsLocalId((L4_ThreadId_t){ .raw = 0x00400040 }), "version bit 6 alone: local");
	ok(L4_IsNilThread(L4_nilthread) && !L4_IsNilThread(L4_anythread), "IsNilThread");
	ok(L4_IsThreadEqual(L4_GlobalId(7, 3), L4_GlobalId(7, 3)), "IsThreadEqual");
	ok(L4_IsThreadNotEqual(L4_GlobalId(7, 3), L4_GlobalId(7, 4)), "IsThreadNotEqual");
	/* An interrupt's id: thread number = IRQ, version 1 (§2.1). */
	is_uint(L4_GlobalId(3, 1).raw, 0xC001, "interrupt 3's thread id");
}

static void test_fpage(void)
{
	is_uint(L4_Readable, 4, "Readable is r = bit 2");
	is_uint(L4_Writable, 2, "Writable is w = bit 1");
	is_uint(L4_eXecutable, 1, "eXecutable is x = bit 0");
	is_uint(L4_FullyAccessible, 7, "FullyAccessible rwx = 111");
	is_uint(L4_ReadeXecOnly, 5, "ReadeXecOnly rwx = 101");
	is_uint(L4_NoAccess, 0, "NoAccess");
	is_uint(L4_Nilpage.raw, 0, "nilpage is 0");
	is_uint(L4_CompleteAddressSpace.raw, 0x10, "complete address space: base 0, s = 1");
	is_uint(sizeof(L4_Fpage_t), 4, "Fpage is one word");

	L4_Fpage_t f = L4_FpageLog2(0x12345000, 12);
	is_uint(f.raw, 0x123450C0u, "FpageLog2(0x12345000, 12): b/1024 at 10, s at 4");
	is_uint(f.X.s, 12, "X.s");
	is_uint(f.X.b, 0x12345000u >> 10, "X.b");
	is_uint(L4_Rights(f), 0, "no rights");
	L4_Set_Rights(&f, L4_FullyAccessible);
	is_uint(f.raw, 0x123450C7u, "Set_Rights puts rwx in bits 0..2");
	is_uint(f.X.rwx, 7, "X.rwx");
	f = L4_FpageRemoveRights(f, L4_Writable);
	is_uint(f.raw, 0x123450C5u, "FpageRemoveRights(w)");
	f = L4_FpageAddRights(L4_FpageLog2(0x1000, 12), L4_Readable);
	is_uint(f.raw, 0x10C4, "FpageAddRights(r)");
	L4_FpageAddRightsTo(&f, L4_eXecutable);
	is_uint(L4_Rights(f), 5, "FpageAddRightsTo");
	L4_FpageRemoveRightsFrom(&f, L4_Readable);
	is_uint(L4_Rights(f), 1, "FpageRemoveRightsFrom");

	f = L4_FpageLog2(0x12345678, 12);
	is_uint(L4_Address(f), 0x12345000u, "Address drops the low bits");
	f = L4_FpageLog2(0x12345678, 16);
	is_uint(L4_Address(f), 0x12340000u, "Address aligns to the fpage size");
	is_uint(L4_Size(f), 0x10000, "Size = 2^s");
	is_uint(L4_SizeLog2(f), 16, "SizeLog2");
	is_uint(L4_Size(L4_FpageLog2(0, 32)), 0, "a 4 GiB fpage's size does not fit a word");
	is_uint(L4_Address(L4_FpageLog2(0x80000000u, 32)), 0, "a 4 GiB fpage starts at 0");
	is_uint(L4_Size(L4_Nilpage), 0, "nilpage has size 0");

	is_uint(L4_Fpage(0x10000, 4096).raw, L4_FpageLog2(0x10000, 12).raw, "Fpage(b, 4096)");
	is_uint(L4_SizeLog2(L4_Fpage(0, 5000)), 13, "Fpage rounds the size up");
	is_uint(L4_SizeLog2(L4_Fpage(0, 1024)), 10, "the smallest fpage, 1K");
	ok(L4_IsNilFpage(L4_Nilpage) && !L4_IsNilFpage(L4_CompleteAddressSpace), "IsNilFpage");
}

static void test_time(void)
{
	is_uint(L4_Never.raw, 0, "never is 0");
	is_uint(L4_ZeroTime.raw, 0x0400, "zero is e = 1, m = 0");
	is_uint(sizeof(L4_Time_t), 2, "Time is 16 bits");
	is_uint(L4_TimePeriod(0).raw, 0x0400, "TimePeriod(0) = ZeroTime");
	is_uint(L4_TimePeriod(1).raw, 0x0001, "1 us: e = 0, m = 1");
	is_uint(L4_TimePeriod(1023).raw, 0x03FF, "1023 us: e = 0, m = 1023");
	is_uint(L4_TimePeriod(1024).raw, 0x0600, "1024 us: e = 1, m = 512");
	is_uint(L4_TimePeriod(1025).raw, 0x0601, "1025 us rounds up to e = 1, m = 513");
	is_uint(L4_TimePeriod(1000000).raw, 10u << 10 | 977, "1 s: e = 10, m = 977");
	is_uint(L4_TimePeriod(1023ULL << 31).raw, 0x7FFF, "the longest period");
	is_uint(L4_TimePeriod((1023ULL << 31) + 1).raw, 0, "longer is never");

	L4_Time_t t;
	is_field(t, period.m, 0x3FF, 0x03FF, "period.m is bits 0..9");
	is_field(t, period.e, 0x1F, 0x7C00, "period.e is bits 10..14");
	is_field(t, point.c, 1, 0x0400, "point.c is bit 10");
	is_field(t, point.e, 0xF, 0x7800, "point.e is bits 11..14");
	is_field(t, point.a, 1, 0x8000, "bit 15 marks a point");

	is_uint(L4_TimePeriodMicroseconds(L4_TimePeriod(777)), 777, "period 777 us decodes");
	ok(L4_TimePeriodMicroseconds(L4_Never) == UINT64_MAX, "never decodes as forever");
	is_uint(L4_TimePeriodMicroseconds(L4_ZeroTime), 0, "zero decodes as 0");

	int exact = 1;
	for (int i = 0; i < 2000; i++) {
		L4_Word64_t us = tap_rand64() >> tap_rand(64);
		if (us > (1023ULL << 31))
			us >>= 24;
		L4_Time_t p = L4_TimePeriod(us);
		L4_Word64_t back = L4_TimePeriodMicroseconds(p);
		/* Never shorter, and as close as 10 mantissa bits allow. */
		if (back < us || (us && back - us >= (1ULL << p.period.e)) || p.period.a) {
			exact = 0;
			diag("us %llu -> raw %x -> %llu", (unsigned long long)us, p.raw,
			     (unsigned long long)back);
			break;
		}
	}
	ok(exact, "TimePeriod rounds up by less than one unit of 2^e");

	ok(L4_IsTimeEqual(L4_TimePeriod(512), (L4_Time_t){ .raw = 1 << 10 | 256 }),
	   "equal periods with different encodings compare equal");
	ok(L4_IsTimeLonger(L4_TimePeriod(2000), L4_TimePeriod(1998)), "IsTimeLonger");
	ok(!L4_IsTimeLonger(L4_TimePeriod(2000), L4_TimePeriod(1999)), "1999 us rounds up to 2000");
	ok(L4_IsTimeShorter(L4_TimePeriod(5), L4_Never), "every period is shorter than never");
	is_uint(L4_TimePeriodMicroseconds(L4_TimeAddUsec(L4_TimePeriod(100), 23)), 123, "TimeAddUsec");
	is_uint(L4_TimePeriodMicroseconds(L4_TimeSubUsec(L4_TimePeriod(100), 23)), 77, "TimeSubUsec");
	is_uint(L4_TimeAdd(L4_TimePeriod(1), L4_Never).raw, 0, "adding never gives never");
	/* The rest of §3.3's operators, by their C names. */
	is_uint(L4_TimePeriodMicroseconds(L4_TimeSub(L4_TimePeriod(100), L4_TimePeriod(23))), 77,
	        "TimeSub");
	is_uint(L4_TimeSub(L4_TimePeriod(5), L4_TimePeriod(9)).raw, L4_ZeroTime.raw,
	        "TimeSub below zero gives zero");
	is_uint(L4_TimeSub(L4_Never, L4_TimePeriod(9)).raw, 0, "never less a period is never");
	L4_Time_t acc = L4_TimePeriod(100);
	is_uint(L4_TimePeriodMicroseconds(L4_TimeAddTo(&acc, L4_TimePeriod(20))), 120,
	        "TimeAddTo returns the sum");
	is_uint(L4_TimePeriodMicroseconds(acc), 120, "TimeAddTo: and stores it");
	L4_TimeSubFrom(&acc, L4_TimePeriod(50));
	is_uint(L4_TimePeriodMicroseconds(acc), 70, "TimeSubFrom");
	L4_TimeAddUsecTo(&acc, 5);
	is_uint(L4_TimePeriodMicroseconds(acc), 75, "TimeAddUsecTo");
	is_uint(L4_TimePeriodMicroseconds(L4_TimeSubUsecFrom(&acc, 25)), 50, "TimeSubUsecFrom");
	is_uint(L4_TimePeriodMicroseconds(acc), 50, "TimeSubUsecFrom: and stores it");
}

static void test_time_point(void)
{
	L4_Clock_t now = { 0 }, at = { 1000 };
	L4_Time_t t = L4_TimePointFrom(at, now);
	is_uint(t.raw, 0x83E8, "point 1000 us from 0: e = 0, c = 0, m = 1000");
	is_uint(L4_TimePointClock(t, now).raw, 1000, "decodes to 1000");

	now.raw = 1000, at.raw = 3000;
	t = L4_TimePointFrom(at, now);
	is_uint(t.raw, 0x8000 | 1 << 11 | 1 << 10 | 476, "point 3000 from 1000: e = 1, c = 1, m = 476");
	is_uint(L4_TimePointClock(t, now).raw, 3000, "decodes to 3000 in the next epoch");
	now.raw = 2500;
	is_uint(L4_TimePointClock(t, now).raw, 3000, "and still 3000 once the clock is in its epoch");

	is_uint(L4_TimePointFrom((L4_Clock_t){ 5 }, (L4_Clock_t){ 9 }).raw, 0x0400,
	        "a point in the past is ZeroTime");
	ok(!L4_IsTimePoint(L4_TimePointFrom((L4_Clock_t){ 1ULL << 40 }, (L4_Clock_t){ 0 })),
	   "a point too far away becomes a period");

	int good = 1;
	for (int i = 0; i < 5000 && good; i++) {
		now.raw = tap_rand64() >> 8;
		at.raw = now.raw + 1 + (tap_rand64() >> (39 + tap_rand(25)));
		t = L4_TimePointFrom(at, now);
		if (!L4_IsTimePoint(t))
			continue;
		L4_Word64_t grain = 1ULL << t.point.e;
		/* Decoded at any clock between now and at, the point is at,
		 * rounded down to its precision. */
		L4_Clock_t mid = { now.raw + (at.raw - now.raw) / 2 };
		L4_Clock_t d0 = L4_TimePointClock(t, now), d1 = L4_TimePointClock(t, mid),
		           d2 = L4_TimePointClock(t, at);
		if (d0.raw != d1.raw || d1.raw != d2.raw || d0.raw > at.raw ||
		    at.raw - d0.raw >= grain) {
			good = 0;
			diag("now %llx at %llx raw %x -> %llx %llx %llx",
			     (unsigned long long)now.raw, (unsigned long long)at.raw, t.raw,
			     (unsigned long long)d0.raw, (unsigned long long)d1.raw,
			     (unsigned long long)d2.raw);
		}
	}
	ok(good, "random points decode to their time, within 2^e, all the way there");

	/* The longest-lived point: e = 15, precision 32 ms, up to ~33.5 s. */
	now.raw = 0;
	at.raw = (1ULL << 25) - 1;
	t = L4_TimePointFrom(at, now);
	ok(L4_IsTimePoint(t) && t.point.e <= 15, "a point 33 s ahead is representable");
}

static void test_clock(void)
{
	L4_Clock_t a = { 100 }, b = { 30 };
	is_uint(sizeof(L4_Clock_t), 8, "Clock is 64 bits");
	is_uint(L4_ClockAdd(a, b).raw, 130, "ClockAdd");
	is_uint(L4_ClockSub(a, b).raw, 70, "ClockSub");
	is_uint(L4_ClockAddUsec(a, 1ULL << 40).raw, (1ULL << 40) + 100, "ClockAddUsec is 64-bit");
	is_uint(L4_ClockSubUsec(a, 1).raw, 99, "ClockSubUsec");
	ok(L4_IsClockEarlier(b, a) && L4_IsClockLater(a, b), "IsClockEarlier / IsClockLater");
	ok(L4_IsClockEqual(a, a) && L4_IsClockNotEqual(a, b), "IsClockEqual / NotEqual");
}

int main(void)
{
	test_threadid();
	test_fpage();
	test_time();
	test_time_point();
	test_clock();
	return done_testing();
}
