/* SPDX-License-Identifier: MIT */
/*
 * l4/ctrlxfer.h: control-transfer items (manual §5.4) and the ia32
 * register sets (A.9). An item's first word holds the register mask
 * (bits 12..31), the set's id (bits 4..11) and the type 110C; one word
 * follows for each bit set in the mask, in the set's order. A receiver
 * that accepts them (L4_CtrlXferItemsAcceptor) has those registers set
 * when the message arrives. Included by l4/message.h.
 *
 * This kernel has the general-purpose set (id 0: EIP, EFLAGS, EDI, ESI,
 * EBP, ESP, EBX, EDX, ECX, EAX, mask bits 0..9); an item of another set
 * fails the IPC with message overflow (docs/x2-deviations.md).
 */
#pragma once
#include <l4/message.h>

#define L4_CTRLXFER_GPREGS_ID   0
#define L4_CTRLXFER_FPUREGS_ID  1

/* The general-purpose registers, by their bit in the mask. */
enum {
	L4_CTRLXFER_GPREGS_EIP, L4_CTRLXFER_GPREGS_EFLAGS, L4_CTRLXFER_GPREGS_EDI,
	L4_CTRLXFER_GPREGS_ESI, L4_CTRLXFER_GPREGS_EBP, L4_CTRLXFER_GPREGS_ESP,
	L4_CTRLXFER_GPREGS_EBX, L4_CTRLXFER_GPREGS_EDX, L4_CTRLXFER_GPREGS_ECX,
	L4_CTRLXFER_GPREGS_EAX, L4_CTRLXFER_GPREGS_NUM
};

/* Any item: its first word, then its registers (memory for them must
 * follow, as the manual assumes). */
typedef union {
	L4_Word_t raw[1];
	struct {
		L4_Word_t C : 1;
		L4_Word_t type : 3;
		L4_Word_t id : 8;
		L4_Word_t mask : 20;
	} X;
} L4_CtrlXferItem_t;

/* The general-purpose set: the head, then all ten registers in order
 * (only those in the mask are sent). */
typedef union {
	L4_Word_t raw[1 + L4_CTRLXFER_GPREGS_NUM];
	struct {
		L4_CtrlXferItem_t item;
		L4_Word_t eip, eflags, edi, esi, ebp, esp, ebx, edx, ecx, eax;
	} regs;
} L4_GPRegsCtrlXferItem_t;

/* The FPU set (id 1): its head only; the kernel has no such set. */
typedef union {
	L4_Word_t raw[1];
} L4_FPURegsCtrlXferItem_t;

L4_INLINE L4_Bool_t L4_IsCtrlXferItem(L4_CtrlXferItem_t *c) { return (c->raw[0] & 0xE) == 0xC; }

L4_INLINE void L4_CtrlXferItemInit(L4_CtrlXferItem_t *c, L4_Word_t id)
{
	c->raw[0] = (id & 0xFF) << 4 | 0xC;
}

L4_INLINE void L4_GPRegsCtrlXferItemInit(L4_GPRegsCtrlXferItem_t *c)
{
	for (int i = 0; i <= L4_CTRLXFER_GPREGS_NUM; i++)
		c->raw[i] = 0;
	L4_CtrlXferItemInit(&c->regs.item, L4_CTRLXFER_GPREGS_ID);
}

/* Sets register reg (L4_CTRLXFER_GPREGS_*) to v and adds it to the mask. */
L4_INLINE void L4_GPRegsCtrlXferItemSet(L4_GPRegsCtrlXferItem_t *c, L4_Word_t reg, L4_Word_t v)
{
	if (reg >= L4_CTRLXFER_GPREGS_NUM)
		return;
	c->raw[1 + reg] = v;
	c->raw[0] |= 1UL << (12 + reg);
}

L4_INLINE void L4_FPURegsCtrlXferItemInit(L4_FPURegsCtrlXferItem_t *c)
{
	L4_CtrlXferItemInit((L4_CtrlXferItem_t *)c, L4_CTRLXFER_FPUREGS_ID);
}

/* The item's size in a message: its head and one word per mask bit. */
L4_INLINE L4_Word_t __L4_CtrlXferItemWords(L4_Word_t head)
{
	L4_Word_t n = 1;
	for (L4_Word_t m = head >> 12; m; m &= m - 1)
		n++;
	return n;
}

/* Puts item c (its head and the registers its mask names, from the full
 * register array after the head) at typed-word position t. */
L4_INLINE void __L4_MsgPutCtrlXferItem(L4_Msg_t *msg, L4_Word_t t, const L4_CtrlXferItem_t *c)
{
	const L4_Word_t *w = (const L4_Word_t *)c;
	L4_Word_t at = 1 + msg->tag.X.u + t, n = 1;
	msg->raw[at] = w[0];
	for (L4_Word_t b = 0; b < 20; b++)
		if (w[0] >> 12 & (1UL << b))
			msg->raw[at + n++] = w[1 + b];
}

/* The item at typed-word position t back into c (registers at their
 * places, those not in the mask 0); returns its size in words. */
L4_INLINE L4_Word_t L4_MsgGetCtrlXferItem(const L4_Msg_t *msg, L4_Word_t t, L4_CtrlXferItem_t *c)
{
	L4_Word_t *w = (L4_Word_t *)c;
	L4_Word_t at = 1 + msg->tag.X.u + t, n = 1, head = msg->raw[at];
	L4_Bool_t gp = ((head >> 4) & 0xFF) == L4_CTRLXFER_GPREGS_ID;
	w[0] = head;
	for (L4_Word_t b = 0; b < 20; b++) {
		if (head >> 12 & (1UL << b))
			w[1 + b] = msg->raw[at + n++];
		else if (gp && b < L4_CTRLXFER_GPREGS_NUM)
			w[1 + b] = 0;
	}
	return n;
}

/*
 * The manual passes a CtrlXferItem by value (§5.2 Put): the item is its
 * head with its registers after it in memory (raw[*]), so C's
 * L4_MsgPutCtrlXferItem(msg, t, item) takes the item itself (an lvalue,
 * such as a GPRegsCtrlXferItem's regs.item) and reads the registers
 * behind it; C++ has a const reference and a pointer overload.
 */
#ifdef __cplusplus
L4_INLINE void L4_MsgPutCtrlXferItem(L4_Msg_t *msg, L4_Word_t t, const L4_CtrlXferItem_t &c)
{
	__L4_MsgPutCtrlXferItem(msg, t, &c);
}
L4_INLINE void L4_MsgPutCtrlXferItem(L4_Msg_t *msg, L4_Word_t t, const L4_CtrlXferItem_t *c)
{
	__L4_MsgPutCtrlXferItem(msg, t, c);
}
#else
#define L4_MsgPutCtrlXferItem(msg, t, c) __L4_MsgPutCtrlXferItem((msg), (t), &(c))
#endif

L4_INLINE void __L4_MsgAppendGPRegs(L4_Msg_t *msg, const L4_GPRegsCtrlXferItem_t *c)
{
	__L4_MsgPutCtrlXferItem(msg, msg->tag.X.t, &c->regs.item);
	msg->tag.X.t += __L4_CtrlXferItemWords(c->raw[0]);
}

L4_INLINE void __L4_MsgAppendGPRegsValue(L4_Msg_t *msg, L4_GPRegsCtrlXferItem_t c)
{
	__L4_MsgAppendGPRegs(msg, &c);
}

L4_INLINE void __L4_MsgAppendFPURegs(L4_Msg_t *msg, const L4_FPURegsCtrlXferItem_t *c)
{
	__L4_MsgPutCtrlXferItem(msg, msg->tag.X.t, (const L4_CtrlXferItem_t *)c);
	msg->tag.X.t += __L4_CtrlXferItemWords(c->raw[0]);
}

L4_INLINE void __L4_MsgAppendFPURegsValue(L4_Msg_t *msg, L4_FPURegsCtrlXferItem_t c)
{
	__L4_MsgAppendFPURegs(msg, &c);
}

/* The Append functions take the set by value (the manual's form) or by
 * pointer (libl4's first form): C chooses by the argument's type, C++ by
 * overload. */
#ifdef __cplusplus
L4_INLINE void L4_MsgAppendGPRegsCtrlXferItem(L4_Msg_t *msg, L4_GPRegsCtrlXferItem_t c)
{
	__L4_MsgAppendGPRegs(msg, &c);
}
L4_INLINE void L4_MsgAppendGPRegsCtrlXferItem(L4_Msg_t *msg, const L4_GPRegsCtrlXferItem_t *c)
{
	__L4_MsgAppendGPRegs(msg, c);
}
L4_INLINE void L4_MsgAppendFPURegsCtrlXferItem(L4_Msg_t *msg, L4_FPURegsCtrlXferItem_t c)
{
	__L4_MsgAppendFPURegs(msg, &c);
}
L4_INLINE void L4_MsgAppendFPURegsCtrlXferItem(L4_Msg_t *msg, const L4_FPURegsCtrlXferItem_t *c)
{
	__L4_MsgAppendFPURegs(msg, c);
}
#else
#define L4_MsgAppendGPRegsCtrlXferItem(msg, c) _Generic((c), \
	L4_GPRegsCtrlXferItem_t *: __L4_MsgAppendGPRegs, \
	const L4_GPRegsCtrlXferItem_t *: __L4_MsgAppendGPRegs, \
	default: __L4_MsgAppendGPRegsValue)((msg), (c))
#define L4_MsgAppendFPURegsCtrlXferItem(msg, c) _Generic((c), \
	L4_FPURegsCtrlXferItem_t *: __L4_MsgAppendFPURegs, \
	const L4_FPURegsCtrlXferItem_t *: __L4_MsgAppendFPURegs, \
	default: __L4_MsgAppendFPURegsValue)((msg), (c))
#endif

/* ---- Fault configuration (§2.3 ExchangeRegisters C, §7.6) --------------- */

/* The fault ids of the extended protocols on this kernel: the fault
 * message's label, negated. */
#define L4_CTRLXFER_FAULT_PAGEFAULT  2
#define L4_CTRLXFER_FAULT_EXCEPTION  5

/* A CtrlXferConfItem: for fault id 'fault', append the register sets
 * whose bits are set in idmask (bit 0: the GP set). c: another follows.
 * Load them from MR 0 and call ExchangeRegisters with
 * L4_ExReg_CtrlXferConf; L4_ExReg_CtrlXferRead and ..Write take
 * CtrlXferItems after them (the kernel fills a read item's registers). */
L4_INLINE L4_Word_t L4_CtrlXferConfItem(L4_Word_t fault, L4_Word_t idmask, L4_Bool_t c)
{
	return idmask << 12 | (fault & 0xFF) << 4 | 0xC | (c ? 1 : 0);
}
