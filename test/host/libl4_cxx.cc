// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_cxx.cc: every libl4 header compiles as C++ (built twice,
 * -std=gnu++98 and -std=c++17: libl4_cxx98, libl4_cxx17), as unmodified
 * X.2 programs in C++ expect, and the functions defined in C keep their C
 * names: redeclaring one here with C linkage is an error if its header
 * left it with C++ linkage (a mangled name that libl4.a does not define).
 * A few encodings are checked at run time in C++ too, and the manual's C++
 * forms (operators, overloads) against their C names.
 */
#include <l4/arch.h>
#include <l4/bootinfo.h>
#include <l4/console.h>
#include <l4/errors.h>
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/misc.h>
#include <l4/pager.h>
#include <l4/pipe.h>
#include <l4/protocols.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4/types.h>
#include <l4/ia32/arch.h>
#include <l4/ia32/ioport.h>
#include <l4/ia32/syscalls.h>
#include <l4/ia32/utcb.h>
#include <l4/ia32/vregs.h>
#include "tap.h"

extern "C" void L4_Init(void);
extern "C" void console_print(const char *s, unsigned n);
extern "C" L4_Bool_t pager_decode(L4_MsgTag_t tag, L4_ThreadId_t from, struct pager_fault *f);
extern "C" void pipe_init(struct pipe *p, L4_ThreadId_t reader, L4_ThreadId_t writer);
extern "C" void pager_supervise(void (*entry)(void)) __attribute__((noreturn));

// The manual's C++ forms compute what their C names do.
static void cxx_binding()
{
	L4_ThreadId_t a = L4_GlobalId(7, 1), b = L4_GlobalId(7, 2);
	ok(a == L4_GlobalId(7, 1) && a != b && !(a == b) && !(a != a), "ThreadId == and !=");

	L4_Fpage_t f = L4_FpageLog2(0x10000, 12);
	is_uint(L4_Rights(f + L4_Readable + L4_Writable), L4_ReadWriteOnly, "Fpage + rights");
	f += L4_FullyAccessible;
	is_uint(L4_Rights(f), L4_FullyAccessible, "Fpage += rights");
	is_uint(L4_Rights(f - L4_Writable), L4_ReadeXecOnly, "Fpage - rights");
	f -= L4_eXecutable;
	ok(L4_Rights(f) == L4_ReadWriteOnly && L4_Address(f) == 0x10000 && L4_SizeLog2(f) == 12,
	   "Fpage -= rights keeps address and size");

	L4_Time_t t = L4_TimePeriod(1000);
	is_uint(L4_TimePeriodMicroseconds(t + 24UL), 1024, "Time + Word (microseconds)");
	is_uint(L4_TimePeriodMicroseconds(t + L4_TimePeriod(500)), 1500, "Time + Time");
	is_uint(L4_TimePeriodMicroseconds(t - 400UL), 600, "Time - Word");
	is_uint(L4_TimePeriodMicroseconds(t - L4_TimePeriod(2000)), 0, "Time - Time stops at zero");
	t += 10UL;
	t += L4_TimePeriod(90);
	t -= L4_TimePeriod(50);
	t -= 50UL;
	is_uint(L4_TimePeriodMicroseconds(t), 1000, "Time += and -=, Word and Time");
	ok(L4_TimePeriod(2000) > t && t < L4_TimePeriod(2000) && t >= t && t <= t &&
	   !(t > t) && !(t < t), "Time < > <= >=");
	ok(L4_TimePeriod(0) == L4_ZeroTime && t != L4_Never && L4_Never + t == L4_Never,
	   "Time == and !=, never stays never");

	L4_Clock_t c = { 1000000 }, d = { 250 };
	is_uint((c + d).raw, 1000250, "Clock + Clock");
	is_uint((c - d).raw, 999750, "Clock - Clock");
	is_uint((c + ((L4_Word64_t)1 << 40)).raw >> 40, 1, "Clock + Word64");
	is_uint((c + -1000).raw, 999000, "Clock + int (negative)");
	is_uint((c - -5).raw, 1000005, "Clock - int (negative)");
	is_uint((c + 3UL).raw, 1000003, "Clock + Word");
	is_uint((c - sizeof(L4_Word_t) + 4L - 8LL).raw, 999992, "Clock + and - any integer type");
	is_uint((c + (L4_Word64_t)-1).raw, 999999, "Clock + Word64 wraps like the C name");
	ok(d < c && c > d && d <= c && c >= d && c <= c && c >= c && !(c < c) && c == c && c != d,
	   "Clock comparisons");

	L4_MsgTag_t tag = L4_Niltag + 0x55;
	tag += 0x66;
	ok(L4_Label(tag) == 0x66 && tag == L4_MsgTagAddLabel(L4_Niltag, 0x66) && tag != L4_Niltag,
	   "MsgTag + label, +=, ==, !=");

	L4_Acceptor_t acc = L4_UntypedWordsAcceptor + L4_StringItemsAcceptor;
	acc += L4_MapGrantItems(L4_CompleteAddressSpace);
	ok(L4_StringItems(acc) && L4_MapGrantItems(acc), "Acceptor + and +=");
	acc -= L4_StringItemsAcceptor;
	ok(!L4_StringItems(acc) && L4_MapGrantItems(acc) &&
	   !L4_MapGrantItems(acc - L4_MapGrantItems(L4_CompleteAddressSpace)), "Acceptor - and -=");

	L4_Msg_t m;
	L4_Clear(&m);
	L4_Set_Label(&m, 0x77);
	L4_Append(&m, 11UL);
	L4_Append(&m, 22UL);
	L4_MapItem_t mi = L4_MapItem(L4_FpageLog2(0x20000, 12), 0x20000);
	L4_Append(&m, mi);
	L4_Append(&m, 33UL);        // words go before the items
	ok(L4_Label(&m) == 0x77 && L4_UntypedWords(L4_MsgTag(&m)) == 3 &&
	   L4_TypedWords(L4_MsgTag(&m)) == 2, "Msg: Clear, Set_Label, Append, MsgTag, Label");
	ok(L4_Get(&m, 0) == 11 && L4_Get(&m, 2) == 33, "Msg: Get word");
	L4_Word_t w = 0;
	L4_Get(&m, 1, &w);
	is_uint(w, 22, "Msg: Get word into a Word");
	L4_MapItem_t got;
	is_uint(L4_Get(&m, 0, &got), 2, "Msg: Get map item (its size)");
	ok(L4_MapItem(got) && L4_SndBase(got) == 0x20000 && L4_SndFpage(got).raw == L4_SndFpage(mi).raw,
	   "Msg: the map item, MapItem/SndBase/SndFpage");
	L4_Put(&m, 1, 99UL);
	is_uint(L4_Get(&m, 1), 99, "Msg: Put word");
	L4_GrantItem_t gi = L4_GrantItem(L4_FpageLog2(0x30000, 12), 0x30000);
	L4_Put(&m, 0, gi);
	L4_GrantItem_t gg;
	L4_Get(&m, 0, &gg);
	ok(L4_GrantItem(gg) && L4_SndBase(gg) == 0x30000, "Msg: Put and Get grant item");
	const L4_Word_t words[2] = { 5, 6 };
	L4_Put(&m, 0x88, 2, words, 0, NULL);
	L4_Word_t out[2] = { 0, 0 };
	L4_Get(&m, out, NULL);
	ok(L4_Label(&m) == 0x88 && out[0] == 5 && out[1] == 6 && L4_TypedWords(L4_MsgTag(&m)) == 0,
	   "Msg: Put and Get the whole message");
	L4_Set_MsgTag(&m, L4_Niltag + 0x99);
	ok(L4_Label(&m) == 0x99 && L4_UntypedWords(L4_MsgTag(&m)) == 0, "Msg: Set_MsgTag");
}

int main()
{
	L4_ThreadId_t t = L4_GlobalId(0x1234, 5);
	is_uint(t.raw, 0x1234u << 14 | 5, "GlobalId in C++");
	ok(L4_IsThreadEqual(t, L4_GlobalId(0x1234, 5)), "IsThreadEqual in C++");
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_Set_MsgLabel(&m, 0x42);
	L4_MsgAppendWord(&m, 7);
	L4_MsgAppendWord(&m, 9);
	is_uint(L4_UntypedWords(L4_MsgMsgTag(&m)), 2, "L4_Msg_t: two words appended");
	is_uint(L4_Label(L4_MsgMsgTag(&m)), 0x42, "L4_Msg_t: label");
	is_uint(L4_MsgWord(&m, 1), 9, "L4_Msg_t: second word");
	L4_Fpage_t f = L4_FpageLog2(0x40000, 14);
	is_uint(L4_Size(f), 0x4000, "Fpage size in C++");
	is_uint(sizeof(L4_KernelInterfacePage_t), 0x100, "KIP layout in C++");
	cxx_binding();
	return done_testing();
}
