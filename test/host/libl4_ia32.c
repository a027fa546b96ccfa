// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_ia32.c: host tests of the ia32 binding in libl4 against
 * the X.2 manual's Appendix A and our documented conventions: the UTCB
 * offsets (A.1), IO fpages (A.4), the SpaceControl small-space number
 * (A.5), the exception message (A.8), the ExchangeRegisters control bits
 * (§2.3), the preempt flags (§3.6) and the kernel-debugger opcodes.
 */
#include <l4/arch.h>
#include <l4/kdebug.h>
#include <l4/misc.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4/ia32/utcb.h>
#include "tap.h"

static void test_utcb(void)
{
	is_int(L4_UTCB_SIZE, 512, "a UTCB block is 512 bytes");
	is_int(L4_UTCB_ADDR_OFFSET, 256, "UTCB address = UtcbLocation + 256");
	is_int(L4_UTCB_MR(0), 0, "MR 0's slot at +0 (libl4's)");
	is_int(L4_UTCB_MR(1), 4, "MR 1 at +4");
	is_int(L4_UTCB_MR(2), 8, "MR 2 at +8");
	is_int(L4_UTCB_MR(3), 12, "MR 3 at +12");
	is_int(L4_UTCB_MR(63), 252, "MR 63 at +252");
	is_int(L4_UTCB_THREAD_WORD0, -16, "ThreadWord0 at -16");
	is_int(L4_UTCB_THREAD_WORD1, -20, "ThreadWord1 at -20");
	is_int(L4_UTCB_VIRTUAL_SENDER, -24, "VirtualSender/ActualSender at -24");
	is_int(L4_UTCB_INTENDED_RECEIVER, -28, "IntendedReceiver at -28");
	is_int(L4_UTCB_XFER_TIMEOUTS, -32, "XferTimeouts at -32");
	is_int(L4_UTCB_ERROR_CODE, -36, "ErrorCode at -36");
	is_int(L4_UTCB_PREEMPT_FLAGS, -40, "preempt flags: the low byte of -40");
	is_int(L4_UTCB_COP_FLAGS, -39, "cop flags: the next byte");
	is_int(L4_UTCB_EXCEPTION_HANDLER, -44, "ExceptionHandler at -44");
	is_int(L4_UTCB_PAGER, -48, "Pager at -48");
	is_int(L4_UTCB_USER_HANDLE, -52, "UserDefinedHandle at -52");
	is_int(L4_UTCB_PROCESSOR_NO, -56, "ProcessorNo at -56");
	is_int(L4_UTCB_MY_GLOBAL_ID, -60, "MyGlobalId at -60");
	is_int(L4_UTCB_BR(0), -64, "BR 0 at -64");
	is_int(L4_UTCB_BR(1), -68, "BR 1 at -68");
	is_int(L4_UTCB_BR(32), -192, "BR 32 at -192 (the manual prints -196, against its own -64 - 4i)");
	ok(L4_UTCB_LOWEST >= -L4_UTCB_ADDR_OFFSET &&
	   L4_UTCB_HIGHEST < L4_UTCB_SIZE - L4_UTCB_ADDR_OFFSET,
	   "everything lies inside [UtcbLocation, UtcbLocation + 512)");
	is_int(L4_PREEMPT_FLAG_SIGNAL, 0x20, "preempt flag s is bit 5");
	is_int(L4_PREEMPT_FLAG_DELAY, 0x40, "preempt flag d is bit 6");
	is_int(L4_PREEMPT_FLAG_PENDING, 0x80, "preempt flag I is bit 7");
}

static void test_io_fpages(void)
{
	L4_Fpage_t f = L4_IoFpageLog2(0x3F8, 3);
	is_uint(f.raw, 0x03F80C26u, "IoFpageLog2(0x3F8, 3): p at 16, s' at 10, s = 2, 0110");
	ok(L4_IsIoFpage(f), "IsIoFpage");
	ok(!L4_IsIoFpage(L4_FpageLog2(0x3F8000, 12)), "a memory fpage is no IO fpage");
	is_uint(L4_IoFpagePort(f), 0x3F8, "IoFpagePort");
	is_uint(L4_IoFpageSizeLog2(f), 3, "IoFpageSizeLog2");
	is_uint(L4_IoFpageSize(f), 8, "IoFpageSize");
	is_uint(L4_IoFpage(0x60, 5).raw, L4_IoFpageLog2(0x60, 3).raw, "IoFpage rounds 5 ports up to 8");
	is_uint(L4_IoFpage(0x80, 1).raw, L4_IoFpageLog2(0x80, 0).raw, "one port: s' = 0");
	is_uint(L4_IoFpageLog2(0, 16).raw, 0x4026, "the whole IO space");
	/* The IO pagefault acceptor of A.4: 0 (16), 16 (6), s = 2 (6), 0000. */
	is_uint(L4_CompleteIoSpace.raw, 0x4020, "CompleteIoSpace is the IO pagefault acceptor");
}

static void test_small_spaces(void)
{
	is_uint(L4_LargeSpace, 0, "LargeSpace is 0");
	is_uint(L4_SmallSpace(0, 4), 1, "4 MB at 0: lsb bit 0, location 0");
	is_uint(L4_SmallSpace(4, 4), 3, "4 MB at 4 MB: 4 / 2 | 1");
	is_uint(L4_SmallSpace(8, 8), 6, "8 MB at 8 MB: 8 / 2 | 2");
	is_uint(L4_SmallSpace(0, 512), 128, "the whole 512 MB area");
	is_uint(L4_SmallSpace(508, 4), 255, "the last 4 MB slot");
	is_uint(L4_SmallSpace(6, 4), 0, "a misaligned location is refused");
	is_uint(L4_SmallSpace(0, 12), 0, "a size not 2^p * 4 is refused");
	is_uint(L4_SmallSpace(512, 4), 0, "beyond the area is refused");
	int good = 1;
	for (L4_Word_t small = 1; small < 256; small++)
		if (L4_SmallSpace(L4_SmallSpaceLocation(small), L4_SmallSpaceSize(small)) != small)
			good = 0;
	ok(good, "every small-space number decodes and encodes back");
	is_uint(L4_SpaceControl_SetSmall, 0x80000000u, "control s is bit 31");
	is_uint(L4_SpaceControl_ExtendedMap, 0x20000000u, "control t is bit 29");
}

static void test_control_words(void)
{
	ok(L4_ExReg_Halt == 1 && L4_ExReg_AbortRecvIpc == 2 && L4_ExReg_AbortSendIpc == 4,
	   "ExchangeRegisters H R S are bits 0..2");
	ok(L4_ExReg_sp == 8 && L4_ExReg_ip == 16 && L4_ExReg_flags == 32,
	   "s i f are bits 3..5");
	ok(L4_ExReg_user == 64 && L4_ExReg_pager == 128 && L4_ExReg_haltflag == 256,
	   "u p h are bits 6..8");
	ok(L4_ExReg_Deliver == 512 && L4_ExReg_CtrlXferConf == 1024 &&
	   L4_ExReg_CtrlXferRead == 2048 && L4_ExReg_CtrlXferWrite == 4096,
	   "d C R W are bits 9..12");
	L4_ThreadState_t s = { .raw = 5 };
	ok(L4_ThreadWasHalted(s) && L4_ThreadWasSending(s) && !L4_ThreadWasReceiving(s) &&
	   L4_ThreadWasIpcing(s), "ThreadState: H = 1, S = 1, R = 0");
	ok(L4_SCHEDRESULT_ERROR == 0 && L4_SCHEDRESULT_DEAD == 1 && L4_SCHEDRESULT_INACTIVE == 2 &&
	   L4_SCHEDRESULT_RUNNING == 3 && L4_SCHEDRESULT_PENDING_SEND == 4 &&
	   L4_SCHEDRESULT_SENDING == 5 && L4_SCHEDRESULT_WAITING == 6 &&
	   L4_SCHEDRESULT_RECEIVING == 7, "Schedule thread states 0..7 (§3.5)");
	ok(L4_DefaultMemory == 0 && L4_WriteBackMemory == 1 && L4_WriteThroughMemory == 2 &&
	   L4_UncacheableMemory == 4 && L4_WriteCombiningMemory == 5 &&
	   L4_WriteProtectedMemory == 8, "memory attributes (A.7)");
}

static void test_exception_and_kdb(void)
{
	ok(L4_EXC_EIP == 1 && L4_EXC_EFLAGS == 2 && L4_EXC_EXCEPTION_NO == 3 &&
	   L4_EXC_ERROR_CODE == 4 && L4_EXC_EDI == 5 && L4_EXC_ESI == 6 && L4_EXC_EBP == 7 &&
	   L4_EXC_ESP == 8 && L4_EXC_EBX == 9 && L4_EXC_EDX == 10 && L4_EXC_ECX == 11 &&
	   L4_EXC_EAX == 12 && L4_EXC_WORDS == 12, "exception message MRs (A.8)");
	ok(L4_KDB_OP_PRINTCHAR == 0 && L4_KDB_OP_PRINTSTRING == 1 && L4_KDB_OP_READCHAR == 2 &&
	   L4_KDB_OP_READCHAR_BLOCKED == 3 && L4_KDB_OP_EXIT == 0x10 &&
	   L4_KDB_OP_FREE_FRAMES == 0x11 && L4_KDB_OP_COUNTER == 0x12, "KDB opcodes");
	ok(L4_KDB_OPCODE_CMPB_AL == 0x3C && L4_KDB_OPCODE_JMP_SHORT == 0xEB,
	   "KDB: cmpb $OP, %%al is 3C OP; jmp short is EB");
}

int main(void)
{
	test_utcb();
	test_io_fpages();
	test_small_spaces();
	test_control_words();
	test_exception_and_kdb();
	return done_testing();
}
