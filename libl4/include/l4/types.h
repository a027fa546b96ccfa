/* SPDX-License-Identifier: MIT */
/*
 * l4/types.h: the basic L4 X.2 data types for 32-bit machines: words,
 * ThreadId (manual §2.1), Fpage (§4.1), Time (§3.3) and Clock (§3.1).
 *
 * Every type is a union of its raw word and a bit-field view named X (the
 * field paths of L4Ka::Pistachio's libl4, so existing X.2 programs compile
 * unchanged). The encodings are the ABI: the kernel includes this header,
 * and test/host/libl4_*.c checks every field against the manual.
 * Freestanding: only <stdint.h>, <stddef.h> and <stdbool.h>.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L4_INLINE static inline

/* The headers compile as C and as C++ (98 on): functions defined in C
 * keep their C names, and layout checks use the dialect's assertion. */
#ifdef __cplusplus
#define L4_BEGIN_DECLS extern "C" {
#define L4_END_DECLS }
#if __cplusplus >= 201103L
#define L4_STATIC_ASSERT(c, msg) static_assert(c, msg)
#else
#define L4_STATIC_ASSERT(c, msg) L4_STATIC_ASSERT_AT(c, __LINE__)
#define L4_STATIC_ASSERT_AT(c, l) L4_STATIC_ASSERT_AT2(c, l)
#define L4_STATIC_ASSERT_AT2(c, l) \
	typedef char __L4_static_assert_##l[(c) ? 1 : -1] __attribute__((unused))
#endif
#else
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#define L4_STATIC_ASSERT(c, msg) _Static_assert(c, msg)
#endif

typedef unsigned long L4_Word_t;        /* the machine word: 32 bits here */
typedef uint64_t L4_Word64_t;
typedef uint32_t L4_Word32_t;
typedef uint16_t L4_Word16_t;
typedef uint8_t L4_Word8_t;
typedef L4_Word_t L4_Bool_t;            /* 0 = false, anything else true */

L4_STATIC_ASSERT(sizeof(L4_Word_t) == 4, "libl4: 32-bit (ia32) binding only");

/* Index of the most significant set bit of w (w != 0). */
L4_INLINE unsigned __L4_Msb(L4_Word_t w)
{
	return 31u - (unsigned)__builtin_clzl(w);
}

/* ---- ThreadId (§2.1) --------------------------------------------------- */

/* Global id: thread number in bits 14..31, version in bits 0..13; the low
 * six version bits are never all zero. Local id: bits 0..5 are zero. */
typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t version : 14;
		L4_Word_t thread_no : 18;
	} X;
} L4_GthreadId_t;

typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t _zero : 6;
		L4_Word_t local_id : 26;
	} X;
} L4_LthreadId_t;

typedef union {
	L4_Word_t raw;
	L4_GthreadId_t global;
	L4_LthreadId_t local;
} L4_ThreadId_t;

#define L4_nilthread       ((L4_ThreadId_t){ .raw = 0 })
#define L4_anythread       ((L4_ThreadId_t){ .raw = ~0UL })
#define L4_anylocalthread  ((L4_ThreadId_t){ .raw = ~0UL << 6 })

L4_INLINE L4_ThreadId_t L4_GlobalId(L4_Word_t threadno, L4_Word_t version)
{
	L4_ThreadId_t t;
	t.raw = (threadno << 14) | (version & 0x3FFF);
	return t;
}

L4_INLINE L4_Word_t L4_Version(L4_ThreadId_t t) { return t.global.X.version; }
L4_INLINE L4_Word_t L4_ThreadNo(L4_ThreadId_t t) { return t.global.X.thread_no; }

L4_INLINE L4_Bool_t L4_IsThreadEqual(L4_ThreadId_t l, L4_ThreadId_t r)
{
	return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsThreadNotEqual(L4_ThreadId_t l, L4_ThreadId_t r)
{
	return l.raw != r.raw;
}

L4_INLINE L4_Bool_t L4_IsNilThread(L4_ThreadId_t t) { return t.raw == 0; }

/* nilthread counts as local (its low bits are zero), anythread as global. */
L4_INLINE L4_Bool_t L4_IsLocalId(L4_ThreadId_t t) { return (t.raw & 0x3F) == 0; }
L4_INLINE L4_Bool_t L4_IsGlobalId(L4_ThreadId_t t) { return (t.raw & 0x3F) != 0; }

/* ---- Fpage (§4.1) ------------------------------------------------------ */

/* base/2^10 in bits 10..31, size log2 s in bits 4..9, bit 3 zero, rights
 * rwx in bits 0..2 (r = 4, w = 2, x = 1). */
typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t rwx : 3;
		L4_Word_t reserved : 1;
		L4_Word_t s : 6;
		L4_Word_t b : 22;
	} X;
} L4_Fpage_t;

#define L4_Readable        (0x04UL)
#define L4_Writable        (0x02UL)
#define L4_eXecutable      (0x01UL)
#define L4_FullyAccessible (0x07UL)
#define L4_ReadWriteOnly   (0x06UL)
#define L4_ReadeXecOnly    (0x05UL)
#define L4_NoAccess        (0x00UL)

/* The status bits Unmap returns in the rights position (§4.2). */
#define L4_Referenced      (0x04UL)
#define L4_Dirty           (0x02UL)
#define L4_Executed        (0x01UL)

#define L4_Nilpage               ((L4_Fpage_t){ .raw = 0 })
#define L4_CompleteAddressSpace  ((L4_Fpage_t){ .raw = 1UL << 4 })

L4_INLINE L4_Bool_t L4_IsNilFpage(L4_Fpage_t f) { return f.raw == 0; }

/* An fpage of 2^Log2FpageSize bytes at BaseAddress (whose low ten bits are
 * dropped; the kernel ignores base bits below the size). */
L4_INLINE L4_Fpage_t L4_FpageLog2(L4_Word_t BaseAddress, int Log2FpageSize)
{
	L4_Fpage_t f;
	f.raw = (BaseAddress & ~0x3FFUL) | (((L4_Word_t)Log2FpageSize & 0x3F) << 4);
	return f;
}

/* FpageSize >= 1K; a size that is not a power of two is rounded up. */
L4_INLINE L4_Fpage_t L4_Fpage(L4_Word_t BaseAddress, int FpageSize)
{
	L4_Word_t size = (L4_Word_t)FpageSize;
	unsigned s = size ? __L4_Msb(size) : 0;
	if (size && (1UL << s) < size)
		s++;
	return L4_FpageLog2(BaseAddress, (int)s);
}

L4_INLINE L4_Word_t L4_SizeLog2(L4_Fpage_t f) { return f.X.s; }

/* 2^s for a real fpage; 0 for the nilpage and the complete address space,
 * and for s >= 32, whose size a 32-bit word cannot hold. */
L4_INLINE L4_Word_t L4_Size(L4_Fpage_t f)
{
	return f.X.s < 10 || f.X.s >= 32 ? 0 : 1UL << f.X.s;
}

/* The base address, aligned down to the fpage's size. */
L4_INLINE L4_Word_t L4_Address(L4_Fpage_t f)
{
	L4_Word_t mask = f.X.s >= 32 ? 0 : ~((1UL << f.X.s) - 1);
	return f.raw & ~0x3FFUL & mask;
}

L4_INLINE L4_Word_t L4_Rights(L4_Fpage_t f) { return f.X.rwx; }

L4_INLINE void L4_Set_Rights(L4_Fpage_t *f, L4_Word_t AccessRights)
{
	f->X.rwx = AccessRights & 7;
}

L4_INLINE L4_Fpage_t L4_FpageAddRights(L4_Fpage_t f, L4_Word_t AccessRights)
{
	f.raw |= AccessRights & 7;
	return f;
}

L4_INLINE L4_Fpage_t L4_FpageAddRightsTo(L4_Fpage_t *f, L4_Word_t AccessRights)
{
	f->raw |= AccessRights & 7;
	return *f;
}

L4_INLINE L4_Fpage_t L4_FpageRemoveRights(L4_Fpage_t f, L4_Word_t AccessRights)
{
	f.raw &= ~(AccessRights & 7);
	return f;
}

L4_INLINE L4_Fpage_t L4_FpageRemoveRightsFrom(L4_Fpage_t *f, L4_Word_t AccessRights)
{
	f->raw &= ~(AccessRights & 7);
	return *f;
}

/* ---- Time (§3.3) ------------------------------------------------------- */

/* A 16-bit time value. Period: bit 15 = 0, exponent e in bits 10..14,
 * mantissa m in bits 0..9, meaning 2^e * m microseconds; 0 is "never" and
 * e = 1, m = 0 (0x0400) is zero. Point: bit 15 = 1, e in bits 11..14, the
 * epoch parity c in bit 10, m in bits 0..9 (see L4_TimePointClock). */
typedef union {
	L4_Word16_t raw;
	struct {
		L4_Word16_t m : 10;
		L4_Word16_t e : 5;
		L4_Word16_t a : 1;
	} period;
	struct {
		L4_Word16_t m : 10;
		L4_Word16_t c : 1;
		L4_Word16_t e : 4;
		L4_Word16_t a : 1;
	} point;
} L4_Time_t;

#define L4_Never     ((L4_Time_t){ .raw = 0 })
#define L4_ZeroTime  ((L4_Time_t){ .raw = 1 << 10 })

/* The shortest period of at least `microseconds` (rounded up, so that a
 * timeout never expires early; values below 1024 are exact). Periods
 * beyond 2^31 * 1023 us (about 610 hours) become L4_Never. */
L4_INLINE L4_Time_t L4_TimePeriod(L4_Word64_t microseconds)
{
	L4_Time_t t;
	if (microseconds == 0)
		return L4_ZeroTime;
	for (unsigned e = 0; e < 32; e++) {
		L4_Word64_t low = microseconds & ((1ULL << e) - 1);
		L4_Word64_t m = (microseconds >> e) + (low != 0);
		if (m < 1024) {
			t.raw = (L4_Word16_t)(e << 10 | m);
			return t;
		}
	}
	return L4_Never;
}

L4_INLINE L4_Bool_t L4_IsTimePoint(L4_Time_t t) { return t.period.a; }

/* The length of a period in microseconds; L4_Never gives UINT64_MAX.
 * (Extension: the inverse of L4_TimePeriod, for the kernel and tests.) */
L4_INLINE L4_Word64_t L4_TimePeriodMicroseconds(L4_Time_t t)
{
	if (t.raw == 0)
		return ~(L4_Word64_t)0;
	return (L4_Word64_t)t.period.m << t.period.e;
}

L4_INLINE L4_Bool_t L4_IsTimeEqual(L4_Time_t l, L4_Time_t r)
{
	return l.raw == r.raw || (!L4_IsTimePoint(l) && !L4_IsTimePoint(r) &&
	       L4_TimePeriodMicroseconds(l) == L4_TimePeriodMicroseconds(r));
}

L4_INLINE L4_Bool_t L4_IsTimeNotEqual(L4_Time_t l, L4_Time_t r)
{
	return !L4_IsTimeEqual(l, r);
}

/* Periods only; comparing a point is undefined (§3.3). */
L4_INLINE L4_Bool_t L4_IsTimeLonger(L4_Time_t l, L4_Time_t r)
{
	return L4_TimePeriodMicroseconds(l) > L4_TimePeriodMicroseconds(r);
}

L4_INLINE L4_Bool_t L4_IsTimeShorter(L4_Time_t l, L4_Time_t r)
{
	return L4_TimePeriodMicroseconds(l) < L4_TimePeriodMicroseconds(r);
}

L4_INLINE L4_Time_t L4_TimeAddUsec(L4_Time_t l, L4_Word_t r)
{
	if (l.raw == 0 || L4_IsTimePoint(l))
		return l;
	return L4_TimePeriod(L4_TimePeriodMicroseconds(l) + r);
}

L4_INLINE L4_Time_t L4_TimeSubUsec(L4_Time_t l, L4_Word_t r)
{
	L4_Word64_t us = L4_TimePeriodMicroseconds(l);
	if (l.raw == 0 || L4_IsTimePoint(l))
		return l;
	return L4_TimePeriod(us > r ? us - r : 0);
}

L4_INLINE L4_Time_t L4_TimeAdd(L4_Time_t l, L4_Time_t r)
{
	if (l.raw == 0 || r.raw == 0)
		return L4_Never;
	return L4_TimePeriod(L4_TimePeriodMicroseconds(l) + L4_TimePeriodMicroseconds(r));
}

/* l - r for periods; never is left as it is, and a difference below zero
 * is zero (as L4_TimeSubUsec). */
L4_INLINE L4_Time_t L4_TimeSub(L4_Time_t l, L4_Time_t r)
{
	if (l.raw == 0 || L4_IsTimePoint(l))
		return l;
	if (r.raw == 0)
		return L4_ZeroTime;
	L4_Word64_t a = L4_TimePeriodMicroseconds(l), b = L4_TimePeriodMicroseconds(r);
	return L4_TimePeriod(a > b ? a - b : 0);
}

/* The assigning forms, C++ += and -= (§3.3): l is updated and returned. */
L4_INLINE L4_Time_t L4_TimeAddTo(L4_Time_t *l, L4_Time_t r) { return *l = L4_TimeAdd(*l, r); }
L4_INLINE L4_Time_t L4_TimeSubFrom(L4_Time_t *l, L4_Time_t r) { return *l = L4_TimeSub(*l, r); }

L4_INLINE L4_Time_t L4_TimeAddUsecTo(L4_Time_t *l, L4_Word_t r)
{
	return *l = L4_TimeAddUsec(*l, r);
}

L4_INLINE L4_Time_t L4_TimeSubUsecFrom(L4_Time_t *l, L4_Word_t r)
{
	return *l = L4_TimeSubUsec(*l, r);
}

/* ---- Clock (§3.1) ------------------------------------------------------ */

/* Microseconds since an undefined base, 64 bits on every machine. */
typedef struct {
	L4_Word64_t raw;
} L4_Clock_t;

L4_INLINE L4_Clock_t L4_ClockAdd(L4_Clock_t l, L4_Clock_t r)
{
	l.raw += r.raw;
	return l;
}

L4_INLINE L4_Clock_t L4_ClockSub(L4_Clock_t l, L4_Clock_t r)
{
	l.raw -= r.raw;
	return l;
}

L4_INLINE L4_Clock_t L4_ClockAddUsec(L4_Clock_t l, L4_Word64_t r)
{
	l.raw += r;
	return l;
}

L4_INLINE L4_Clock_t L4_ClockSubUsec(L4_Clock_t l, L4_Word64_t r)
{
	l.raw -= r;
	return l;
}

L4_INLINE L4_Bool_t L4_IsClockEarlier(L4_Clock_t l, L4_Clock_t r) { return l.raw < r.raw; }
L4_INLINE L4_Bool_t L4_IsClockLater(L4_Clock_t l, L4_Clock_t r) { return l.raw > r.raw; }
L4_INLINE L4_Bool_t L4_IsClockEqual(L4_Clock_t l, L4_Clock_t r) { return l.raw == r.raw; }
L4_INLINE L4_Bool_t L4_IsClockNotEqual(L4_Clock_t l, L4_Clock_t r) { return l.raw != r.raw; }

/* ---- Time points (§3.3) ------------------------------------------------ */

/*
 * A point (e, c, m) names the clock value whose bits e..e+9 are m, whose
 * bits above e+10 are those of the current clock, and whose bit e+10 is c:
 * if the current clock's bit e+10 differs from c the point lies in the next
 * 2^(e+10) epoch. So a point decodes right while the clock is in its epoch
 * or in the one before, and it is precise to 2^e microseconds.
 * (The manual's formula prints Clock[63,e+9] * 2^10 for this term; we read
 * it as Clock[63,e+10] * 2^(e+10), which is what makes the c test and the
 * stated validity of (2^10 - 1) * 2^e agree.)
 */
L4_INLINE L4_Clock_t L4_TimePointClock(L4_Time_t t, L4_Clock_t now)
{
	unsigned shift = t.point.e + 10u;
	L4_Word64_t epoch = now.raw >> shift;
	L4_Clock_t at;
	at.raw = (epoch << shift) + ((L4_Word64_t)t.point.m << t.point.e);
	if ((epoch & 1) != t.point.c)
		at.raw += 1ULL << shift;
	return at;
}

/*
 * The most precise point for `at` that stays valid from `now` until `at`.
 * A time already reached gives L4_ZeroTime; one too far away for any point
 * (beyond about 33 s) gives the period at - now instead. (Extension: the
 * pure half of L4_TimePoint, which reads the clock itself.)
 */
L4_INLINE L4_Time_t L4_TimePointFrom(L4_Clock_t at, L4_Clock_t now)
{
	L4_Time_t t;
	if (at.raw <= now.raw)
		return L4_ZeroTime;
	for (unsigned e = 0; e < 16; e++) {
		unsigned shift = e + 10;
		if ((at.raw >> shift) - (now.raw >> shift) <= 1) {
			t.raw = (L4_Word16_t)(0x8000 | e << 11 |
			        ((at.raw >> shift) & 1) << 10 | ((at.raw >> e) & 0x3FF));
			return t;
		}
	}
	return L4_TimePeriod(at.raw - now.raw);
}

/* ---- The C++ forms (§2.1, §3.1, §3.3, §4.1) ---------------------------- */

/*
 * The manual names these functions in C++ first: operators on thread ids,
 * fpages and rights, clocks and times. Each is the bracketed C function
 * above under its C++ name; T& parameters of the manual are references
 * here only where C++ needs them (the left side of += and -=).
 */
#ifdef __cplusplus
L4_INLINE L4_Bool_t operator==(L4_ThreadId_t l, L4_ThreadId_t r) { return L4_IsThreadEqual(l, r); }
L4_INLINE L4_Bool_t operator!=(L4_ThreadId_t l, L4_ThreadId_t r) { return L4_IsThreadNotEqual(l, r); }

L4_INLINE L4_Fpage_t operator+(L4_Fpage_t f, L4_Word_t AccessRights)
{
	return L4_FpageAddRights(f, AccessRights);
}
L4_INLINE L4_Fpage_t operator+=(L4_Fpage_t &f, L4_Word_t AccessRights)
{
	return L4_FpageAddRightsTo(&f, AccessRights);
}
L4_INLINE L4_Fpage_t operator-(L4_Fpage_t f, L4_Word_t AccessRights)
{
	return L4_FpageRemoveRights(f, AccessRights);
}
L4_INLINE L4_Fpage_t operator-=(L4_Fpage_t &f, L4_Word_t AccessRights)
{
	return L4_FpageRemoveRightsFrom(&f, AccessRights);
}

/* Periods (§3.3): a Word operand is microseconds. */
L4_INLINE L4_Time_t operator+(L4_Time_t l, L4_Word_t r) { return L4_TimeAddUsec(l, r); }
L4_INLINE L4_Time_t operator+=(L4_Time_t &l, L4_Word_t r) { return L4_TimeAddUsecTo(&l, r); }
L4_INLINE L4_Time_t operator-(L4_Time_t l, L4_Word_t r) { return L4_TimeSubUsec(l, r); }
L4_INLINE L4_Time_t operator-=(L4_Time_t &l, L4_Word_t r) { return L4_TimeSubUsecFrom(&l, r); }
L4_INLINE L4_Time_t operator+(L4_Time_t l, L4_Time_t r) { return L4_TimeAdd(l, r); }
L4_INLINE L4_Time_t operator+=(L4_Time_t &l, L4_Time_t r) { return L4_TimeAddTo(&l, r); }
L4_INLINE L4_Time_t operator-(L4_Time_t l, L4_Time_t r) { return L4_TimeSub(l, r); }
L4_INLINE L4_Time_t operator-=(L4_Time_t &l, L4_Time_t r) { return L4_TimeSubFrom(&l, r); }
L4_INLINE L4_Bool_t operator>(L4_Time_t l, L4_Time_t r) { return L4_IsTimeLonger(l, r); }
L4_INLINE L4_Bool_t operator>=(L4_Time_t l, L4_Time_t r) { return !L4_IsTimeShorter(l, r); }
L4_INLINE L4_Bool_t operator<(L4_Time_t l, L4_Time_t r) { return L4_IsTimeShorter(l, r); }
L4_INLINE L4_Bool_t operator<=(L4_Time_t l, L4_Time_t r) { return !L4_IsTimeLonger(l, r); }
L4_INLINE L4_Bool_t operator==(L4_Time_t l, L4_Time_t r) { return L4_IsTimeEqual(l, r); }
L4_INLINE L4_Bool_t operator!=(L4_Time_t l, L4_Time_t r) { return L4_IsTimeNotEqual(l, r); }

/* Clocks (§3.1): an integer operand is microseconds, and may be negative.
 * The manual gives int and Word64; the other integer types are ours:
 * without them clock + word (or + sizeof, + a long) would be ambiguous
 * between those two. */
L4_INLINE L4_Clock_t operator+(L4_Clock_t l, L4_Clock_t r) { return L4_ClockAdd(l, r); }
L4_INLINE L4_Clock_t operator-(L4_Clock_t l, L4_Clock_t r) { return L4_ClockSub(l, r); }
#define __L4_CLOCK_USEC_OPS(T) \
	L4_INLINE L4_Clock_t operator+(L4_Clock_t l, T r) \
	{ return L4_ClockAddUsec(l, (L4_Word64_t)(int64_t)r); } \
	L4_INLINE L4_Clock_t operator-(L4_Clock_t l, T r) \
	{ return L4_ClockSubUsec(l, (L4_Word64_t)(int64_t)r); }
__L4_CLOCK_USEC_OPS(int)
__L4_CLOCK_USEC_OPS(long)
__L4_CLOCK_USEC_OPS(long long)
__L4_CLOCK_USEC_OPS(unsigned int)
__L4_CLOCK_USEC_OPS(unsigned long)
__L4_CLOCK_USEC_OPS(unsigned long long)
#undef __L4_CLOCK_USEC_OPS
L4_INLINE L4_Bool_t operator<(L4_Clock_t l, L4_Clock_t r) { return L4_IsClockEarlier(l, r); }
L4_INLINE L4_Bool_t operator>(L4_Clock_t l, L4_Clock_t r) { return L4_IsClockLater(l, r); }
L4_INLINE L4_Bool_t operator<=(L4_Clock_t l, L4_Clock_t r) { return !L4_IsClockLater(l, r); }
L4_INLINE L4_Bool_t operator>=(L4_Clock_t l, L4_Clock_t r) { return !L4_IsClockEarlier(l, r); }
L4_INLINE L4_Bool_t operator==(L4_Clock_t l, L4_Clock_t r) { return L4_IsClockEqual(l, r); }
L4_INLINE L4_Bool_t operator!=(L4_Clock_t l, L4_Clock_t r) { return L4_IsClockNotEqual(l, r); }
#endif
