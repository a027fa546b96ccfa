/* SPDX-License-Identifier: MIT */
/*
 * l4/ia32/syscalls.h: the system calls of the ia32 binding (manual
 * Appendix A.2), one inline stub each, with exactly the register tables of
 * A.2. The kernel publishes each call's stub as a link (an offset from the
 * KIP base, §1.1); L4_Init turns the links into the absolute addresses in
 * the __L4_* pointers below, and the stubs enter with `call *__L4_Name`.
 *
 * EBP stays the caller's frame pointer: a stub that hands EBP to the kernel
 * saves and restores it on the stack itself, and EBX is a clobber, so the
 * code builds with -fno-omit-frame-pointer (and needs -fno-pic).
 * ExchangeRegisters and MemoryControl need all seven registers; their
 * stubs load them from a block in memory whose address is the only operand.
 */
#pragma once
#include <l4/types.h>
#include <l4/message.h>
#include <l4/ia32/vregs.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

/* Absolute addresses of the kernel's system-call stubs (libl4/src/init.c). */
extern void *__L4_Ipc;
extern void *__L4_Lipc;
extern void *__L4_Unmap;
extern void *__L4_ExchangeRegisters;
extern void *__L4_SystemClock;
extern void *__L4_ThreadSwitch;
extern void *__L4_Schedule;
extern void *__L4_SpaceControl;
extern void *__L4_ThreadControl;
extern void *__L4_ProcessorControl;
extern void *__L4_MemoryControl;

/* Fills the __L4_* links from the KIP; call once before any system call
 * (the user start code does, before main). */
void L4_Init(void);

/* KernelInterface (§1.2): the `lock; nop` instruction, which traps. */
L4_INLINE void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                   L4_Word_t *KernelId)
{
	void *base;
	L4_Word_t version, flags, id;
	__asm__ __volatile__(".byte 0xf0, 0x90    /* lock; nop */"
	                     : "=a"(base), "=c"(version), "=d"(flags), "=S"(id));
	*ApiVersion = version;
	*ApiFlags = flags;
	*KernelId = id;
	return base;
}

/* Ipc and Lipc (§5.7): in EAX to, ECX Timeouts, EDX FromSpecifier, ESI MR 0,
 * EDI UTCB; out EAX from, ESI MR 0, EBX MR 1, EBP MR 2. */
#define __L4_IPC_STUB(link)                                                   \
	"pushl %%ebp\n\t"                                                     \
	"call *" link "\n\t"                                                  \
	"movl %%ebx, %c[mr1](%%edi)\n\t"                                      \
	"movl %%ebp, %c[mr2](%%edi)\n\t"                                      \
	"popl %%ebp"

L4_INLINE L4_MsgTag_t L4_Ipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                             L4_Word_t Timeouts, L4_ThreadId_t *from)
{
	L4_Word_t *utcb = __L4_Utcb();
	L4_Word_t eax = to.raw, ecx = Timeouts, edx = FromSpecifier.raw;
	L4_MsgTag_t tag = { .raw = utcb[0] };
	__asm__ __volatile__(__L4_IPC_STUB("__L4_Ipc")
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(tag.raw)
	                     : "D"(utcb), [mr1] "i"(L4_UTCB_MR(1)), [mr2] "i"(L4_UTCB_MR(2))
	                     : "ebx", "memory", "cc");
	utcb[0] = tag.raw;
	if (from)
		from->raw = eax;
	return tag;
}

L4_INLINE L4_MsgTag_t L4_Lipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                              L4_Word_t Timeouts, L4_ThreadId_t *from)
{
	L4_Word_t *utcb = __L4_Utcb();
	L4_Word_t eax = to.raw, ecx = Timeouts, edx = FromSpecifier.raw;
	L4_MsgTag_t tag = { .raw = utcb[0] };
	__asm__ __volatile__(__L4_IPC_STUB("__L4_Lipc")
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(tag.raw)
	                     : "D"(utcb), [mr1] "i"(L4_UTCB_MR(1)), [mr2] "i"(L4_UTCB_MR(2))
	                     : "ebx", "memory", "cc");
	utcb[0] = tag.raw;
	if (from)
		from->raw = eax;
	return tag;
}

/* Not X.2's: an Ipc whose message is its tag alone (no untyped or typed
 * words), the tag in and out through ESI, MR1 and MR2 not stored back
 * into the UTCB; for libl4's own messages that carry nothing but a label
 * (the pipe's wakes, l4/pipe.h). Returns the received tag. */
L4_INLINE L4_MsgTag_t __L4_IpcTagOnly(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                                      L4_Word_t Timeouts, L4_MsgTag_t tag)
{
	L4_Word_t eax = to.raw, ecx = Timeouts, edx = FromSpecifier.raw;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_Ipc\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(tag.raw)
	                     : "D"(__L4_Utcb())
	                     : "ebx", "memory", "cc");
	return tag;
}

/* ExchangeRegisters (§2.3): in and out EAX dest/result, ECX control, EDX SP,
 * ESI IP, EDI FLAGS, EBX UserDefinedHandle, EBP pager. */
L4_INLINE L4_ThreadId_t L4_ExchangeRegisters(L4_ThreadId_t dest, L4_Word_t control,
                                             L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
                                             L4_Word_t UserDefHandle, L4_ThreadId_t pager,
                                             L4_Word_t *old_control, L4_Word_t *old_sp,
                                             L4_Word_t *old_ip, L4_Word_t *old_flags,
                                             L4_Word_t *old_UserDefHandle,
                                             L4_ThreadId_t *old_pager)
{
	/* r: EAX ECX EDX ESI EDI EBX EBP, in and then out. */
	L4_Word_t r[7] = { dest.raw, control, sp, ip, flags, UserDefHandle, pager.raw };
	L4_Word_t *p = r;
	__asm__ __volatile__(
		"pushl %%ebp\n\t"
		"pushl %%edi\n\t"               /* the block's address */
		"movl 4(%%edi), %%ecx\n\t"
		"movl 8(%%edi), %%edx\n\t"
		"movl 12(%%edi), %%esi\n\t"
		"movl 20(%%edi), %%ebx\n\t"
		"movl 24(%%edi), %%ebp\n\t"
		"movl 0(%%edi), %%eax\n\t"
		"movl 16(%%edi), %%edi\n\t"
		"call *__L4_ExchangeRegisters\n\t"
		"pushl %%edi\n\t"               /* FLAGS out */
		"movl 4(%%esp), %%edi\n\t"
		"movl %%eax, 0(%%edi)\n\t"
		"movl %%ecx, 4(%%edi)\n\t"
		"movl %%edx, 8(%%edi)\n\t"
		"movl %%esi, 12(%%edi)\n\t"
		"popl 16(%%edi)\n\t"
		"movl %%ebx, 20(%%edi)\n\t"
		"movl %%ebp, 24(%%edi)\n\t"
		"addl $4, %%esp\n\t"
		"popl %%ebp"
		: "+D"(p)
		:
		: "eax", "ecx", "edx", "esi", "ebx", "memory", "cc");
	L4_ThreadId_t result = { .raw = r[0] };
	*old_control = r[1];
	*old_sp = r[2];
	*old_ip = r[3];
	*old_flags = r[4];
	*old_UserDefHandle = r[5];
	old_pager->raw = r[6];
	return result;
}

/* ThreadControl (§2.4): in EAX dest, ECX Pager, EDX Scheduler, ESI
 * SpaceSpecifier, EDI UtcbLocation; out EAX result; the rest clobbered. */
L4_INLINE L4_Word_t L4_ThreadControl(L4_ThreadId_t dest, L4_ThreadId_t SpaceSpecifier,
                                     L4_ThreadId_t Scheduler, L4_ThreadId_t Pager,
                                     void *UtcbLocation)
{
	L4_Word_t eax = dest.raw, ecx = Pager.raw, edx = Scheduler.raw;
	L4_Word_t esi = SpaceSpecifier.raw, edi = (L4_Word_t)UtcbLocation;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_ThreadControl\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi), "+D"(edi)
	                     :
	                     : "ebx", "memory", "cc");
	return eax;
}

/* SystemClock (§3.2): out EDX:EAX; ECX, ESI, EDI clobbered. */
L4_INLINE L4_Clock_t L4_SystemClock(void)
{
	L4_Word_t lo, hi;
	L4_Clock_t c;
	__asm__ __volatile__("call *__L4_SystemClock"
	                     : "=a"(lo), "=d"(hi)
	                     :
	                     : "ecx", "esi", "edi", "cc");
	c.raw = (L4_Word64_t)hi << 32 | lo;
	return c;
}

/* ThreadSwitch (§3.4): in EAX dest; every register preserved. */
L4_INLINE void L4_ThreadSwitch(L4_ThreadId_t dest)
{
	__asm__ __volatile__("call *__L4_ThreadSwitch"
	                     :
	                     : "a"(dest.raw)
	                     : "memory", "cc");
}

/* Schedule (§3.5): in EAX dest, ECX prio, EDX time control, ESI processor
 * control, EDI preemption control; out EAX result, EDX time control. */
L4_INLINE L4_Word_t L4_Schedule(L4_ThreadId_t dest, L4_Word_t TimeControl,
                                L4_Word_t ProcessorControl, L4_Word_t prio,
                                L4_Word_t PreemptionControl, L4_Word_t *old_TimeControl)
{
	L4_Word_t eax = dest.raw, ecx = prio, edx = TimeControl;
	L4_Word_t esi = ProcessorControl, edi = PreemptionControl;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_Schedule\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi), "+D"(edi)
	                     :
	                     : "ebx", "memory", "cc");
	*old_TimeControl = edx;
	return eax;
}

/* Unmap (§4.2): in EAX control, ESI MR 0, EDI UTCB; out ESI MR 0. */
L4_INLINE void L4_Unmap(L4_Word_t control)
{
	L4_Word_t *utcb = __L4_Utcb();
	L4_Word_t eax = control, esi = utcb[0];
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_Unmap\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+S"(esi)
	                     : "D"(utcb)
	                     : "ecx", "edx", "ebx", "memory", "cc");
	utcb[0] = esi;
}

/* SpaceControl (§4.3): in EAX SpaceSpecifier, ECX control, EDX KIP area, ESI
 * UTCB area, EDI Redirector; out EAX result, ECX control. */
L4_INLINE L4_Word_t L4_SpaceControl(L4_ThreadId_t SpaceSpecifier, L4_Word_t control,
                                    L4_Fpage_t KernelInterfacePageArea,
                                    L4_Fpage_t UtcbArea, L4_ThreadId_t Redirector,
                                    L4_Word_t *old_control)
{
	L4_Word_t eax = SpaceSpecifier.raw, ecx = control, edx = KernelInterfacePageArea.raw;
	L4_Word_t esi = UtcbArea.raw, edi = Redirector.raw;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_SpaceControl\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi), "+D"(edi)
	                     :
	                     : "ebx", "memory", "cc");
	*old_control = ecx;
	return eax;
}

/* ProcessorControl (§6.3): in EAX ProcessorNo, ECX internal frequency, EDX
 * external frequency, ESI voltage; out EAX result. */
L4_INLINE L4_Word_t L4_ProcessorControl(L4_Word_t ProcessorNo, L4_Word_t InternalFrequency,
                                        L4_Word_t ExternalFrequency, L4_Word_t voltage)
{
	L4_Word_t eax = ProcessorNo, ecx = InternalFrequency, edx = ExternalFrequency;
	L4_Word_t esi = voltage;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "call *__L4_ProcessorControl\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi)
	                     :
	                     : "edi", "ebx", "memory", "cc");
	return eax;
}

/* MemoryControl (§6.4): in EAX control, ECX attribute 0, EDX attribute 1,
 * ESI MR 0, EDI UTCB, EBX attribute 2, EBP attribute 3; out EAX result. */
L4_INLINE L4_Word_t L4_MemoryControl(L4_Word_t control, const L4_Word_t *attributes)
{
	L4_Word_t *utcb = __L4_Utcb();
	L4_Word_t eax = control, ecx = attributes[0], edx = attributes[1];
	L4_Word_t esi = utcb[0], edi = (L4_Word_t)utcb;
	const L4_Word_t *ebx = attributes;
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "movl 12(%%ebx), %%ebp\n\t"
	                     "movl 8(%%ebx), %%ebx\n\t"
	                     "call *__L4_MemoryControl\n\t"
	                     "popl %%ebp"
	                     : "+a"(eax), "+c"(ecx), "+d"(edx), "+S"(esi), "+D"(edi), "+b"(ebx)
	                     :
	                     : "memory", "cc");
	return eax;
}

L4_END_DECLS
