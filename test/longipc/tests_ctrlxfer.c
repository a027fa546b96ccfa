// SPDX-License-Identifier: MIT
/*
 * Control-transfer items in IPC (X.2 §5.4, A.9): a receiver that accepts
 * them (BR0 c = 1) resumes with the registers the item names, here at a
 * landing pad that records every register; one that does not, or an item
 * of a register set the kernel lacks, fails the IPC with message overflow
 * and leaves the receiver's registers alone.
 */
#include "longipc.h"

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

static void gp_item(bool all)
{
	L4_GPRegsCtrlXferItem_t c;
	L4_GPRegsCtrlXferItemInit(&c);
	L4_Word_t top = (L4_Word_t)&landing_stack[512];
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EIP, (L4_Word_t)ctrl_landing);
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_ESP, top);
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_EAX, 0xA0A0A0A0);
	L4_GPRegsCtrlXferItemSet(&c, L4_CTRLXFER_GPREGS_ESI, 0x51515151);
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

const struct test ctrlxfer_tests[] = {
	{ "ctrlxfer_gpregs", "a GP-register CtrlXferItem sets the receiver's registers (alone and after a string)", test_ctrlxfer_gpregs },
	{ "ctrlxfer_refused", "CtrlXferItems not accepted, or of a set the kernel lacks: overflow, registers untouched", test_ctrlxfer_refused },
	{ 0, 0, 0 },
};
