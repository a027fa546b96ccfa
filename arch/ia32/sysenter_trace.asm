; SPDX-License-Identifier: MIT
; sysenter_trace.asm: the sysenter entry while the kernel debugger's IPC
; trace is on (kernel/kdb_trace.c). kdb_arch_trace_entry points the
; SYSENTER_EIP MSR here instead of at sysenter_entry (sysenter.asm), so
; the fast path pays nothing while the trace is off: it is not even
; reached through here then.
;
; Entry: as sysenter_entry (eax = to, ecx = Timeouts, edx = FromSpecifier,
; esi = MR0, edi = UTCB, ebx = return address, ebp = user esp,
; esp = address of the TSS's link word, IF = 0). It records the call in C on
; the current kernel stack, below where sysenter_entry builds its frame,
; restores every register that came in and goes on at sysenter_entry,
; whose fast path or general path then does the IPC (kdb_trace.c tells
; which by the fast path's count).
;
;   kdb_trace_sysenter(to, from_spec, tag)    cdecl, kernel segments

%include "asm-offsets.inc"

section .text
global sysenter_trace_entry
extern sysenter_entry
extern kdb_trace_sysenter
extern tss_block

sysenter_trace_entry:
        popfd                           ; clean flags (as sysenter_entry)
        mov     esp, [esp]              ; the current thread's stack top
        sub     esp, TF_SIZE + 64       ; clear of the frame sysenter_entry builds
        push    eax
        push    ecx
        push    edx
        push    esi
        push    edi
        push    ebx
        push    ebp
        mov     ebx, ds                 ; the user's data selectors
        push    ebx
        mov     ebx, es
        push    ebx
        push    0x2                     ; no DF, TF or NT for C
        popfd
        mov     ebx, SEL_KDATA
        mov     ds, ebx
        mov     es, ebx
        push    esi
        push    edx
        push    eax
        call    kdb_trace_sysenter
        add     esp, 12
        pop     ebx
        mov     es, ebx
        pop     ebx
        mov     ds, ebx
        pop     ebp
        pop     ebx
        pop     edi
        pop     esi
        pop     edx
        pop     ecx
        pop     eax
        mov     esp, tss_block + TSS_BLOCK_ESP0 - 4 ; as the SYSENTER_ESP MSR says (the link word)
        jmp     sysenter_entry
