; SPDX-License-Identifier: MIT
; unmapentry.asm: Unmap's trap-gate entry, the system call a pager makes
; for every page it takes back or protects (X.2 §4.2).
;
; Registers (A.2): in EAX control, ESI MR0, EDI UTCB; out ESI MR0, EDI
; and ESP preserved, EAX ECX EDX EBX EBP undefined. So no register needs
; saving here: sys_unmap (C) keeps EBX ESI EDI EBP as the C convention
; does, and EAX ECX EDX leave with its result and zero.
;
; Stack at entry (an interrupt gate: IF = 0; syscall.c opens it), as the
; CPU pushed it at the top of the kernel stack, where struct trap_frame
; (trapframe.h) has the same words:
;   +0 eip  +4 cs  +8 eflags  +12 user esp  +16 user ss
; The entry pushes only DS and ES below them, loads the kernel's, and
; calls sys_unmap(control, MR0); the exit pops them and irets.
;
; This short way is taken when, checked before anything changes (memory
; read through SS, the kernel's: DS is still the user's):
;   - the thread is not in virtual-8086 mode (QEMU lets an iret set VM;
;     trap_common converts such a frame);
;   - its space is large (a small space's return goes through
;     smallspace_check_return);
;   - EIP and user ESP lie in user space (user_return's tests: otherwise
;     the thread is stopped after the call, by user_return_check).
; Nothing changes them during the call (IF = 0, no switch), so they hold
; at the exit too. Otherwise the vector's own stub (trap_vector_50, the
; Unmap vector: syscall.c asserts it) takes the call the general way:
; syscall_common, unmap_trap. At the exit, need_resched (which nothing in
; Unmap sets now) sends the thread the general way out: its frame is
; completed as trap_common would and user_return_check runs.
; FASTPATH=0 leaves the short way out.

%include "asm-offsets.inc"

section .text
global unmap_entry
extern trap_vector_50
extern trap_return
extern sys_unmap
extern user_return_check
extern need_resched
extern tss_block

unmap_entry:
%if CONFIG_FASTPATH == 0
        jmp     trap_vector_50
%else
        test    dword [esp + 8], EFLAGS_VM
        jnz     trap_vector_50
        cmp     dword [esp], USER_LIMIT                 ; eip
        jae     trap_vector_50
        cmp     dword [esp + 12], USER_LIMIT            ; user esp
        ja      trap_vector_50
        mov     ecx, [ss:tss_block + TSS_BLOCK_ESP0]    ; current (tcb.h)
        mov     ecx, [ss:ecx + TCB_SPACE]
        cmp     byte [ss:ecx + SPACE_SMALL], 0
        jne     trap_vector_50

        push    ds
        push    es
        mov     ecx, SEL_KDATA
        mov     ds, ecx
        mov     es, ecx
        cld
        push    esi                     ; MR0
        push    eax                     ; control
        call    sys_unmap
        add     esp, 8
        mov     esi, eax                ; MR0 out
        xor     ecx, ecx                ; no kernel values to user mode
        xor     edx, edx
        cmp     byte [need_resched], 0
        jne     .checked
        pop     es
        pop     ds
        iretd

; The general way out: the frame trap_common builds (error code 0, the
; vector), then user_return_check and trap_return.
.checked:
        pop     es
        pop     ds
        push    dword 0
        push    dword 0x32
        pushad
        push    ds
        push    es
        push    fs
        push    gs
        mov     ecx, SEL_KDATA
        mov     ds, ecx
        mov     es, ecx
        push    esp
        call    user_return_check
        add     esp, 4
        jmp     trap_return
%endif
