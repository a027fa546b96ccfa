// SPDX-License-Identifier: MIT
/*
 * asm-offsets.c: the one source of what C and NASM share. Compiled to
 * assembly only; tools/gen-asm-offsets.sh turns each ASMSYM line of the
 * output into a NASM %define in build/asm-offsets.inc.
 */
#include <stddef.h>
#include "gdt.h"
#include "iobitmap.h"
#include "layout.h"
#include "syscall_list.h"
#include "trapframe.h"
#include "../../kernel/tcb.h"
#include "../../kernel/space.h"
#include "../../kernel/kip.h"

#define ASMSYM(name, value) \
	__asm__ volatile("\n.ascii \"ASMSYM " #name " %c0\"" : : "i"(value))

void asm_offsets(void);
void asm_offsets(void)
{
	ASMSYM(SEL_KCODE, SEL_KCODE);
	ASMSYM(SEL_KDATA, SEL_KDATA);
	ASMSYM(SEL_UCODE, SEL_UCODE);
	ASMSYM(SEL_UDATA, SEL_UDATA);
	ASMSYM(SEL_UTCB, SEL_UTCB);
	ASMSYM(EFLAGS_VM, EFLAGS_VM);
	ASMSYM(TF_SIZE, sizeof(struct trap_frame));
	ASMSYM(TS_PARK_SIZE, TS_PARK_SIZE);
	ASMSYM(TF_VECTOR, offsetof(struct trap_frame, vector));
	ASMSYM(TF_EIP, offsetof(struct trap_frame, eip));
	ASMSYM(TF_USER_ESP, offsetof(struct trap_frame, user_esp));
	ASMSYM(TF_ECX, offsetof(struct trap_frame, ecx));
	ASMSYM(TF_GS, offsetof(struct trap_frame, gs));
	ASMSYM(TF_FS, offsetof(struct trap_frame, fs));
	ASMSYM(TF_ES, offsetof(struct trap_frame, es));
	ASMSYM(TF_DS, offsetof(struct trap_frame, ds));
	ASMSYM(TF_ERROR, offsetof(struct trap_frame, error));
	ASMSYM(SYSENTER_VECTOR, SYSENTER_VECTOR);
	ASMSYM(SYSCALL_VECTOR_FIRST, SYSCALL_VECTOR_FIRST);
	ASMSYM(USER_LIMIT, USER_LIMIT);
	ASMSYM(TCB_KSP, offsetof(struct tcb, arch.ksp));
	ASMSYM(TCB_MR3_FAR, offsetof(struct tcb, arch.mr3));
	ASMSYM(TCB_MR0_SAVE, offsetof(struct tcb, arch.mr0_save));
	/* The IPC fast path (fastpath.asm). */
	ASMSYM(TF_EDI, offsetof(struct trap_frame, edi));
	ASMSYM(TF_ESI, offsetof(struct trap_frame, esi));
	ASMSYM(TF_EBP, offsetof(struct trap_frame, ebp));
	ASMSYM(TF_EBX, offsetof(struct trap_frame, ebx));
	ASMSYM(TF_EDX, offsetof(struct trap_frame, edx));
	ASMSYM(TF_EAX, offsetof(struct trap_frame, eax));
	ASMSYM(TF_CS, offsetof(struct trap_frame, cs));
	ASMSYM(TF_EFLAGS, offsetof(struct trap_frame, eflags));
	ASMSYM(TF_USER_SS, offsetof(struct trap_frame, user_ss));
	ASMSYM(TCB_GLOBAL_ID, offsetof(struct tcb, global_id));
	ASMSYM(TCB_FAST_GATE, offsetof(struct tcb, fast_gate));
	ASMSYM(TCB_STATE, offsetof(struct tcb, state));
	ASMSYM(TCB_RECV_FROM, offsetof(struct tcb, recv_from));
	ASMSYM(TCB_SPACE, offsetof(struct tcb, space));
	ASMSYM(TCB_UTCB, offsetof(struct tcb, utcb));
	ASMSYM(TCB_LOCAL_ID, offsetof(struct tcb, local_id));
	_Static_assert(offsetof(struct tcb, utcb_selector) == offsetof(struct tcb, local_id) + 4,
	               "lgs reads local_id and utcb_selector");
	ASMSYM(TCB_LOCAL_SENDER, offsetof(struct tcb, local_sender));
	ASMSYM(TCB_FAST_DECLINE, offsetof(struct tcb, fast_decline));
	_Static_assert(offsetof(struct tcb, send_next) == offsetof(struct tcb, fast_decline) + 4,
	               "fast_decline's flags fit its word");
	ASMSYM(TCB_FPU_LIVE, offsetof(struct tcb, fpu_live));
	ASMSYM(TCB_PRIO, offsetof(struct tcb, prio));
	ASMSYM(SPACE_PD_PHYS, offsetof(struct space, pd_phys));
	ASMSYM(SPACE_IO, offsetof(struct space, io));
	ASMSYM(SPACE_SEG_KEY, offsetof(struct space, arch.seg_key));
	ASMSYM(SPACE_SWITCH_KEY, offsetof(struct space, arch.switch_key));
	ASMSYM(SPACE_LOADED_KEY, offsetof(struct space, arch.loaded_key));
	ASMSYM(SPACE_SMALL, offsetof(struct space, arch.small));
	ASMSYM(SPACE_SEG_BASE, offsetof(struct space, arch.seg_base));
	ASMSYM(SPACE_SEG_SIZE, offsetof(struct space, arch.seg_size));
	ASMSYM(SPACE_GDTR, offsetof(struct space, arch.gdtr));
	ASMSYM(SWITCH_KEY_SMALL, SWITCH_KEY_SMALL);
	ASMSYM(SWITCH_KEY_IO_ON, SWITCH_KEY_IO_ON);
	ASMSYM(SWITCH_KEY_PORTS, SWITCH_KEY_PORTS);
	ASMSYM(SWITCH_KEY_FLAGS, SWITCH_KEY_FLAGS);
	ASMSYM(LARGE_SEG_KEY, LARGE_SEG_KEY);
	ASMSYM(FAST_PARTNER_GATE, FAST_PARTNER_GATE);
	ASMSYM(SWITCH_PARTNER_GATE, SWITCH_PARTNER_GATE);
	ASMSYM(TS_WAIT_RECV, TS_WAIT_RECV);
	ASMSYM(STATE_FAST_PARKED, STATE_FAST_PARKED);
	ASMSYM(TS_RUNNING, TS_RUNNING);
	ASMSYM(TID_ANY, TID_ANY);
	ASMSYM(TCB_NO_MASK, (MAX_THREADS - 1) * TCB_SIZE);
	ASMSYM(TCB_FIRST, (uintptr_t)tcb_by_no(0));     /* thread 0's TCB: the area's first */
	ASMSYM(UTCB_ADDR_OFFSET, UTCB_ADDR_OFFSET);
	ASMSYM(UTCB_MY_GLOBAL_ID, UTCB_MY_GLOBAL_ID);
	ASMSYM(KIP_UTCB_ADDRESS, KIP_UTCB_ADDRESS);
	ASMSYM(TSS_BLOCK_ESP0, offsetof(struct tss_block, tss.esp0));
	ASMSYM(TSS_BLOCK_IOMAP_BASE, offsetof(struct tss_block, tss.iomap_base));
	ASMSYM(TSS_IOMAP_ON, TSS_IOMAP_ON);
	ASMSYM(TSS_IOMAP_OFF, TSS_IOMAP_OFF);
}
