; SPDX-License-Identifier: MIT
; trapentry.asm: the common path of every interrupt and exception.
;
; The stub for vector v (tools/gen-vectors.sh) has pushed an error code
; (0 if the CPU pushed none) and v. trap_common completes struct trap_frame
; (trapframe.h), lowest address first:
;
;   +0  gs  +4  fs  +8  es  +12 ds              pushed here
;   +16 edi +20 esi +24 ebp +28 (esp) +32 ebx
;   +36 edx +40 ecx +44 eax                     pushad
;   +48 vector  +52 error                       stub
;   +56 eip +60 cs  +64 eflags                  CPU
;   +68 user esp  +72 user ss                   CPU, from ring 3 only
;
; and calls trap_dispatch(struct trap_frame *). trap_return unwinds the same
; frame and irets; C may have changed any field, eip and cs included.
;
; Virtual-8086 mode: no thread may run in it, but QEMU 7.2 lets a user-mode
; iret set EFLAGS.VM (a CPU ignores VM there). A trap from such a task
; pushes four more words (es ds fs gs of the task, above user ss) and a
; real-mode CS whose low bits say nothing of the privilege level. The
; first check below turns that frame into an ordinary one from user mode:
; the words moved up to where a ring-3 frame lies, VM cleared, the user
; selectors of X.2 A.10 in CS, SS, DS, ES, FS and GS. The task goes on in
; protected mode, as on a CPU that ignored the flag.

%include "asm-offsets.inc"

section .text
global trap_common
global trap_return
extern trap_dispatch
extern syscall_entries

; The rest of struct trap_frame, and the kernel's data segments for C.
%macro COMPLETE_FRAME 0
        pushad
        push    ds
        push    es
        push    fs
        push    gs
        mov     ax, SEL_KDATA
        mov     ds, ax
        mov     es, ax
        cld
%endmacro

trap_common:
        test    dword [esp + 16], EFLAGS_VM     ; (vector, error, eip, cs, eflags)
        jnz     from_vm86
.frame:
        COMPLETE_FRAME
        push    esp
        call    trap_dispatch
        add     esp, 4
trap_return:
        pop     gs
        pop     fs
        pop     es
        pop     ds
        popad
        add     esp, 8                  ; vector and error code
        iretd

; The page fault (vector 14), the most frequent trap: from user mode the
; same frame, straight to user_page_fault (syscall.c), without
; trap_dispatch's decoding. A fault of the kernel's own (a fixup's user
; access) and one from virtual-8086 mode (whose CS says nothing of the
; privilege level) take trap_common's way. Stack at entry: vector (14,
; the stub's), error code (the CPU's), eip, cs, eflags.
global page_fault_common
extern user_page_fault
page_fault_common:
        test    dword [esp + 16], EFLAGS_VM
        jnz     from_vm86
        test    byte [esp + 12], 3              ; cs: from ring 3?
        jz      trap_common.frame
        COMPLETE_FRAME
        push    esp
        call    user_page_fault
        add     esp, 4
        jmp     trap_return

; The system-call trap gates (syscall_list.h): the same frame, straight to
; the vector's entry in syscall_entries (syscall.c), without
; trap_dispatch's decoding. From
; virtual-8086 mode (QEMU lets an iret set VM) the frame is converted and
; the trap decoded as any other.
global syscall_common
syscall_common:
        test    dword [esp + 16], EFLAGS_VM
        jnz     from_vm86
        COMPLETE_FRAME
        push    esp
        mov     eax, [esp + 4 + TF_VECTOR]
        call    [syscall_entries + eax * 4 - SYSCALL_VECTOR_FIRST * 4]
        add     esp, 4
        jmp     trap_return

; esp: vector, error, eip, cs, eflags, esp, ss, es, ds, fs, gs (the task's).
from_vm86:
        push    eax
        mov     dword [esp + 44], SEL_UDATA     ; ss, where gs was
        mov     eax, [esp + 24]
        mov     [esp + 40], eax                 ; esp
        mov     eax, [esp + 20]
        and     eax, ~EFLAGS_VM
        mov     [esp + 36], eax                 ; eflags
        mov     dword [esp + 32], SEL_UCODE     ; cs
        mov     eax, [esp + 12]
        mov     [esp + 28], eax                 ; eip
        mov     eax, [esp + 8]
        mov     [esp + 24], eax                 ; error
        mov     eax, [esp + 4]
        mov     [esp + 20], eax                 ; vector
        mov     eax, SEL_UDATA                  ; what trap_common saves
        mov     ds, eax
        mov     es, eax
        mov     fs, eax
        mov     eax, SEL_UTCB
        mov     gs, eax
        pop     eax
        add     esp, 16
        jmp     trap_common.frame
