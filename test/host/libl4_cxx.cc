// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_cxx.cc: every libl4 header compiles as C++ (built twice,
 * -std=gnu++98 and -std=c++17: libl4_cxx98, libl4_cxx17), as unmodified
 * X.2 programs in C++ expect, and the functions defined in C keep their C
 * names: redeclaring one here with C linkage is an error if its header
 * left it with C++ linkage (a mangled name that libl4.a does not define).
 * A few encodings are checked at run time in C++ too.
 */
#include <l4/arch.h>
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
	return done_testing();
}
