; SPDX-License-Identifier: MIT
; sysenter.asm: the fast system-call entry and exit (Ipc, Lipc).
;
; Entry (from the KIP stub: push ecx; mov ecx, esp; sysenter):
;   eax = to, edx = FromSpecifier, esi = MR0, edi = UTCB, ebx, ebp
;   ecx = user esp: [ecx] = Timeouts, [ecx+4] = the caller's return address
;   esp = address of the TSS's esp0 (SYSENTER_ESP MSR), IF = 0
; It builds the same struct trap_frame as trap_common (eip = 0 until
; sysenter_dispatch reads the return address from the user stack), with
; vector SYSENTER_VECTOR, and calls
;       int sysenter_dispatch(struct trap_frame *)
; A nonzero result means the frame may leave by sysexit: EDX = eip,
; ECX = user esp, flat user CS/SS; otherwise it leaves through trap_return
; (iret), which restores every field including EFLAGS and the segments.

%include "asm-offsets.inc"

section .text
global sysenter_entry
extern sysenter_dispatch
extern trap_return

sysenter_entry:
        mov     esp, [esp]              ; the current thread's stack top
        push    SEL_UDATA               ; user ss
        push    ecx                     ; user esp
        push    0x202                   ; eflags: IF (sysenter saved none)
        push    SEL_UCODE               ; cs
        push    0                       ; eip, filled in by C
        push    0                       ; error code
        push    0x100                   ; SYSENTER_VECTOR
        pushad
        push    ds
        push    es
        push    fs
        push    gs
        mov     cx, SEL_KDATA
        mov     ds, cx
        mov     es, cx
        push    esp
        call    sysenter_dispatch
        add     esp, 4
        test    eax, eax
        jz      trap_return
        pop     gs
        pop     fs
        pop     es
        pop     ds
        popad
        mov     edx, [esp + TF_EIP - TF_VECTOR]
        mov     ecx, [esp + TF_USER_ESP - TF_VECTOR]
        sti                             ; takes effect after sysexit
        sysexit
