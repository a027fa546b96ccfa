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

%include "asm-offsets.inc"

section .text
global trap_common
global trap_return
extern trap_dispatch

trap_common:
        pushad
        push    ds
        push    es
        push    fs
        push    gs
        mov     ax, SEL_KDATA
        mov     ds, ax
        mov     es, ax
        cld
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
