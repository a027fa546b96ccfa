// SPDX-License-Identifier: MIT
/*
 * Control-transfer items in IPC (X.2 §5.4, A.9): a receiver that accepts
 * them (BR0 c = 1) resumes with the registers the item names, here at a
 * landing pad that records every register; one that does not, or an item
 * of a register set the kernel lacks, fails the IPC with message overflow
 * and leaves the receiver's registers alone.
 */
#include "longipc.h"
#include <string.h>
#include <l4/kip.h>
#include <l4/arch.h>

#define TAG_E  0x8000UL

/* What the landing pad saw: EAX ECX EDX EBX ESP EBP ESI EDI EFLAGS. */
volatile L4_Word_t landed[9];
static L4_Word_t landing_stack[512] __attribute__((aligned(16)));

void ctrl_landing(void);
void ctrl_landed(void) __attribute__((noreturn, used));

__asm__(".text\n.globl ctrl_landing\nctrl_landing:\n"
        "  movl %eax, landed + 0\n  movl %ecx, landed + 4\n  movl %edx, landed + 8\n"
        "  movl %ebx, landed + 12\n  movl %esp, landed + 16\n  movl %ebp, landed + 20\n"
        "  movl %esi, landed + 24\n  movl %edi, landed + 28\n"
        "  pushfl\n  popl landed + 32\n"
        "  call ctrl_landed\n");

void ctrl_landed(void)
{
	L4_LoadMR(0, (L4_Word_t)0x444E << 16 | 1);         /* DONE, as agents do */
	L4_LoadMR(1, 3);
	L4_Send(root_id);
	for (;;)
		L4_Sleep(L4_Never);
}

/* A GP-set item that lands the thread at ctrl_landing on landing_stack
 * with EAX and ESI set (the tests add what else they set). */
static void landing_item(L4_GPRegsCtrlXferItem_t *c)
{
	L4_GPRegsCtrlXferItemInit(c);
	L4_GPRegsCtrlXferItemSet(c, L4_CTRLXFER_GPREGS_EIP, (L4_Word_t)ctrl_landing);
	L4_GPRegsCtrlXferItemSet(c, L4_CTRLXFER_GPREGS_ESP, (L4_Word_t)&landing_stack[512]);
	L4_GPRegsCtrlXferItemSet(c, L4_CTRLXFER_GPREGS_EAX, 0xA0A0A0A0);
	L4_GPRegsCtrlXferItemSet(c, L4_CTRLXFER_GPREGS_ESI, 0x51515151);
}

static void gp_item(bool all)
{
	L4_GPRegsCtrlXferItem_t c;
	landing_item(&c);
	if (all) {
		L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EFLAGS, 0x801 | 0x200 | 0x3000);
		L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EDI, 0xD1D1D1D1);
		L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EBP, 0xB9B9B9B9);
		L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EBX, 0xBBBBBBBB);
		L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EDX, 0xDDDDDDDD);
		L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_ECX, 0xCCCCCCCC);
	}
	L4_MsgAppendGPRegsCtrlXferItem(&job.msg, &c);
}

static bool landed_as_set(bool all)
{
	EXPECT_EQ(landed[0], 0xA0A0A0A0);
	EXPECT_EQ(landed[6], 0x51515151);
	EXPECT_EQ(landed[4], (L4_Word_t)&landing_stack[512]);
	if (all) {
		EXPECT_EQ(landed[1], 0xCCCCCCCC);
		EXPECT_EQ(landed[2], 0xDDDDDDDD);
		EXPECT_EQ(landed[3], 0xBBBBBBBB);
		EXPECT_EQ(landed[5], 0xB9B9B9B9);
		EXPECT_EQ(landed[7], 0xD1D1D1D1);
		/* CF and OF set as asked; IOPL not (a user cannot set it). */
		EXPECT_EQ(landed[8] & 0x3801, 0x801);
		EXPECT(landed[8] & 0x200);
	}
	return true;
}

static bool send_regs(enum where s, enum where r, enum order o, bool all, bool with_string)
{
	job_reset();
	fill_src(83);
	fill_dst();
	for (unsigned i = 0; i < 9; i++)
		landed[i] = 0;
	job.use_libl4 = true;
	L4_MsgClear(&job.msg);
	L4_Set_MsgLabel(&job.msg, 0x4D53);
	if (with_string)
		L4_MsgAppendSimpleStringItem(&job.msg, L4_StringItem(500, src_buf + 7));
	gp_item(all);
	L4_MsgBufferClear(&job.msgbuf);
	L4_MsgBufferAppendSimpleRcvString(&job.msgbuf, L4_StringItem(600, dst_buf));
	job.acceptor = L4_CtrlXferItemsAcceptor.raw | (with_string ? L4_StringItemsAcceptor.raw : 0);
	EXPECT(transfer(s, r, o, 5000));
	EXPECT_EQ(job.snd_tag & TAG_E, 0);
	EXPECT(landed_as_set(all));
	if (with_string) {
		EXPECT(same_bytes(dst_buf, src_buf + 7, 500));
		EXPECT(canary_at(dst_buf + 500, 100));
	}
	return true;
}

static bool test_ctrlxfer_gpregs(void)
{
	return send_regs(IN_ROOT, IN_ROOT, RECEIVER_FIRST, true, false) &&
	       send_regs(IN_ROOT, IN_CHILD, SENDER_FIRST, true, false) &&
	       send_regs(IN_CHILD, IN_CHILD, RECEIVER_FIRST, false, true) &&
	       send_regs(IN_CHILD, IN_ROOT, SENDER_FIRST, true, true);
}

/* A receiver the IPC fast path parked (its Call to us took the fast path,
 * and it waits for our reply there) gets the reply's item through the
 * general path: every register as the item says, EDI too (the fast path
 * keeps EDI out of a parked thread's frame; it used to be written over
 * with the UTCB address on the way out). */
static void parked_caller(void)
{
	L4_Accept(L4_CtrlXferItemsAcceptor);
	L4_Call(root_id);
	for (;;)
		L4_Sleep(L4_Never);             /* not reached: moved to the pad */
}

static bool test_ctrlxfer_to_parked(void)
{
	for (unsigned i = 0; i < 9; i++)
		landed[i] = 0;
	L4_ThreadId_t t = thread_start(parked_caller);
	EXPECT(!L4_IsNilThread(t));
	L4_MsgTag_t tag = L4_Receive(t);        /* waiting, never timing out: its Call is fast */
	bool called = L4_IpcSucceeded(tag);
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_GPRegsCtrlXferItem_t c;
	landing_item(&c);
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EDI, 0xD1D1D1D1);
	L4_MsgAppendGPRegsCtrlXferItem(&m, &c);
	L4_MsgLoad(&m);
	bool replied = L4_IpcSucceeded(L4_Send_Timeout(t, L4_TimePeriod(100000)));
	tag = L4_Receive_Timeout(t, L4_TimePeriod(2000000));   /* the pad's DONE */
	thread_kill(t);
	EXPECT(called);
	EXPECT(replied);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT(landed_as_set(false));
	EXPECT_EQ(landed[7], 0xD1D1D1D1);
	return true;
}

/* Not accepted, or a set the kernel lacks: overflow, the receiver
 * returns from its IPC where it was. */
static bool refused(bool accept, bool fpu)
{
	job_reset();
	for (unsigned i = 0; i < 9; i++)
		landed[i] = 0;
	job.use_libl4 = true;
	L4_MsgClear(&job.msg);
	L4_Set_MsgLabel(&job.msg, 0x4D53);
	if (fpu) {
		L4_FPURegsCtrlXferItem_t f;
		L4_FPURegsCtrlXferItemInit(&f);
		L4_MsgAppendFPURegsCtrlXferItem(&job.msg, &f);
	} else {
		gp_item(true);
	}
	L4_MsgBufferClear(&job.msgbuf);
	job.acceptor = accept ? L4_CtrlXferItemsAcceptor.raw : L4_StringItemsAcceptor.raw;
	EXPECT(transfer(IN_ROOT, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(job.snd_tag & TAG_E);
	EXPECT(job.rcv_tag & TAG_E);
	EXPECT_EQ(EC_CODE(job.snd_err), 4);
	EXPECT_EQ(EC_CODE(job.rcv_err), 4);
	EXPECT_EQ(landed[0], 0);
	return true;
}

static bool test_ctrlxfer_refused(void)
{
	return refused(false, false) && refused(true, true);
}

/* An item that sends the receiver into the kernel: the send succeeds, the
 * receiver (which asked for items) is stopped on its way out, and the
 * kernel and everyone else go on. */
static bool test_ctrlxfer_hostile(void)
{
	job_reset();
	job.use_libl4 = true;
	L4_MsgClear(&job.msg);
	L4_Set_MsgLabel(&job.msg, 0x4D53);
	L4_GPRegsCtrlXferItem_t c;
	L4_GPRegsCtrlXferItemInit(&c);
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EIP, 0xE0100000UL);
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EFLAGS, 0x3000 | 0x200);   /* IOPL 3 */
	L4_MsgAppendGPRegsCtrlXferItem(&job.msg, &c);
	L4_MsgBufferClear(&job.msgbuf);
	job.acceptor = L4_CtrlXferItemsAcceptor.raw;
	EXPECT(agents_start(IN_CHILD, IN_CHILD, RECEIVER_FIRST));
	EXPECT(agent_wait_sender(5000));
	EXPECT_EQ(job.snd_tag & TAG_E, 0);
	L4_MsgTag_t tag = L4_Receive_Timeout(agent_rcv, L4_TimePeriod(50000));
	EXPECT(!L4_IpcSucceeded(tag));          /* stopped, not running */
	agents_kill();
	return true;
}

/* ---- ExchangeRegisters R and W ---- */

static volatile L4_Word_t spins;

static void spinner(void)
{
	for (;;)
		spins++;
}

static L4_ThreadId_t exregs_items(L4_ThreadId_t t, L4_Word_t control)
{
	L4_Word_t o[5];
	L4_ThreadId_t op;
	return L4_ExchangeRegisters(t, control, 0, 0, 0, 0, L4_nilthread, &o[0], &o[1], &o[2],
	                            &o[3], &o[4], &op);
}

/* A thread stopped in its loop: R reads its registers (EIP inside the
 * loop, ESP on its stack), W writes new ones, and it resumes with them. */
static bool test_exregs_read_write(void)
{
	for (unsigned i = 0; i < 9; i++)
		landed[i] = 0;
	L4_ThreadId_t t = thread_start(spinner);
	EXPECT(!L4_IsNilThread(t));
	L4_Set_Priority(t, 50);                 /* runs when we wait */
	L4_Sleep(L4_TimePeriod(2000));
	L4_Word_t sp = 0, ip = 0, fl = 0;
	L4_Stop_SpIpFlags(t, &sp, &ip, &fl);
	/* R: the GP set, every register. */
	L4_LoadMR(0, 0x3FFUL << 12 | 0xC);
	bool ok = !L4_IsNilThread(exregs_items(t, L4_ExReg_CtrlXferRead));
	L4_Word_t r[11];
	L4_StoreMRs(0, 11, r);
	/* W: EIP, ESP, EAX, ESI only; then started (resumed). */
	L4_GPRegsCtrlXferItem_t c;
	landing_item(&c);
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_MsgAppendGPRegsCtrlXferItem(&m, &c);
	L4_LoadMRs(0, (int)L4_TypedWords(L4_MsgMsgTag(&m)), &m.raw[1]);
	ok = ok && !L4_IsNilThread(exregs_items(t, L4_ExReg_CtrlXferWrite));
	/* A malformed item (a set the kernel lacks): ErrorCode 5, nothing
	 * written. */
	L4_LoadMR(0, 1UL << 12 | 7 << 4 | 0xC);
	bool refused = L4_IsNilThread(exregs_items(t, L4_ExReg_CtrlXferWrite)) &&
	               L4_ErrorCode() == 5;
	L4_Start(t);
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(2000000));
	thread_kill(t);
	EXPECT(ok);
	EXPECT(refused);
	EXPECT_EQ(r[0], 0x3FFUL << 12 | 0xC);
	EXPECT_EQ(r[1], ip);                    /* EIP, as ExchangeRegisters says */
	EXPECT_EQ(r[6], sp);                    /* ESP */
	EXPECT_EQ(r[2], fl);                    /* EFLAGS */
	EXPECT((L4_Word_t)spinner <= ip && ip < (L4_Word_t)spinner + 64);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT(landed_as_set(false));
	return true;
}

/* ---- the extended page-fault and exception protocols ---- */

static volatile L4_Word_t cx_label, cx_u, cx_t, cx_mr1, cx_mr2, cx_head, cx_eip, cx_esp, cx_eax;

/* Answers a page fault or exception of the extended protocol with a GP
 * item that moves the thread to the landing pad. */
static void cx_handler(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w[16] = { 0 };
		L4_StoreMRs(1, 15, w);
		cx_label = L4_Label(tag), cx_u = L4_UntypedWords(tag), cx_t = L4_TypedWords(tag);
		cx_mr1 = w[0], cx_mr2 = w[1], cx_head = w[2];
		cx_eip = w[3], cx_esp = w[3 + 5], cx_eax = w[3 + 9];
		L4_GPRegsCtrlXferItem_t c;
		landing_item(&c);
		L4_Msg_t m;
		L4_MsgClear(&m);
		L4_MsgAppendGPRegsCtrlXferItem(&m, &c);
		L4_MsgLoad(&m);
		tag = L4_ReplyWait(from, &from);
	}
}

static volatile bool cx_exception;

static void cx_faulter(void)
{
	L4_Word_t w = 0;
	L4_Receive(root_id);                    /* configured, go */
	L4_StoreMR(1, &w);
	L4_Set_ExceptionHandler((L4_ThreadId_t){ .raw = w });
	if (cx_exception)
		__asm__ volatile("movl $0x0E0E0E0E, %%eax\n ud2" ::: "eax");
	else
		__asm__ volatile("movl $0x0E0E0E0E, %%eax\n movl (%0), %%ecx"
		                 :: "r"(HOLD_ADDR) : "eax", "ecx");
	for (;;)
		L4_Sleep(L4_Never);             /* not reached: moved to the pad */
}

static bool extended(bool exception)
{
	for (unsigned i = 0; i < 9; i++)
		landed[i] = 0;
	cx_exception = exception;
	cx_label = 0;
	L4_ThreadId_t h = thread_start(cx_handler);
	L4_ThreadId_t t = thread_start(cx_faulter);
	EXPECT(!L4_IsNilThread(h) && !L4_IsNilThread(t));
	L4_Word_t fault = exception ? L4_CTRLXFER_FAULT_EXCEPTION : L4_CTRLXFER_FAULT_PAGEFAULT;
	L4_LoadMR(0, L4_CtrlXferConfItem(fault, 1, 0));
	bool conf = !L4_IsNilThread(exregs_items(t, L4_ExReg_CtrlXferConf));
	/* An unknown fault id is refused. */
	L4_LoadMR(0, L4_CtrlXferConfItem(3, 1, 0));
	bool refused = L4_IsNilThread(exregs_items(t, L4_ExReg_CtrlXferConf)) &&
	               L4_ErrorCode() == 5;
	L4_Set_PagerOf(t, h);
	L4_LoadMR(0, 1);
	L4_LoadMR(1, h.raw);
	L4_Send(t);
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(2000000));
	thread_kill(t);
	thread_kill(h);
	EXPECT(conf);
	EXPECT(refused);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(cx_label, exception ? (L4_Word_t)0xFFB0 : (L4_Word_t)0xFFE4);
	EXPECT_EQ(cx_u, 2);
	EXPECT_EQ(cx_t, 11);
	EXPECT_EQ(cx_head, 0x3FFUL << 12 | 0xC);
	EXPECT_EQ(cx_eax, 0x0E0E0E0E);
	if (exception) {
		EXPECT_EQ(cx_mr1, 6);           /* #UD */
	} else {
		EXPECT_EQ(cx_mr1, HOLD_ADDR);
		EXPECT_EQ(cx_mr2, cx_eip);      /* the item's EIP is the faulting IP */
	}
	EXPECT(landed_as_set(false));
	return true;
}

static bool test_extended_faults(void)
{
	bool found = false;
	void *kip = L4_GetKernelInterface();
	for (L4_Word_t i = 0; L4_Feature(kip, i); i++)
		found |= !strcmp(L4_Feature(kip, i), L4_FEATURE_CTRLXFER);
	EXPECT(found);
	return extended(false) && extended(true);
}

const struct test ctrlxfer_tests[] = {
	{ "ctrlxfer_gpregs", "a GP-register CtrlXferItem sets the receiver's registers (alone and after a string)", test_ctrlxfer_gpregs },
	{ "ctrlxfer_to_parked", "a reply's GP item to a caller the IPC fast path parked: every register it names, EDI too", test_ctrlxfer_to_parked },
	{ "ctrlxfer_refused", "CtrlXferItems not accepted, or of a set the kernel lacks: overflow, registers untouched", test_ctrlxfer_refused },
	{ "ctrlxfer_hostile", "an item with a kernel IP and IOPL 3: the receiver is stopped, nothing else happens", test_ctrlxfer_hostile },
	{ "ctrlxfer_exregs", "ExchangeRegisters R reads a stopped thread's registers, W sets them; bad items refused", test_exregs_read_write },
	{ "ctrlxfer_fault_protocol", "C configures page faults and exceptions: registers sent as an item, the reply's item sets them; the KIP feature", test_extended_faults },
	{ 0, 0, 0 },
};
