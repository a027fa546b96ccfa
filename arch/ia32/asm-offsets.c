// SPDX-License-Identifier: MIT
/*
 * asm-offsets.c: the one source of what C and NASM share. Compiled to
 * assembly only; tools/gen-asm-offsets.sh turns each ASMSYM line of the
 * output into a NASM %define in build/asm-offsets.inc.
 */
#include <stddef.h>
#include "gdt.h"
#include "layout.h"
#include "syscall_list.h"
#include "trapframe.h"
#include "../../kernel/tcb.h"

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
	ASMSYM(USER_LIMIT, USER_LIMIT);
	ASMSYM(TCB_SIZE, TCB_SIZE);
	ASMSYM(TCB_KSP, offsetof(struct tcb, arch.ksp));
	ASMSYM(TCB_NEED_IRET, offsetof(struct tcb, arch.need_iret));
}
