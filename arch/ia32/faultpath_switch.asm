; SPDX-License-Identifier: MIT
; faultpath_switch.asm: the two stack moves of the page fault's own path
; (faultpath.c). Everything else of that path is C.
;
; faultpath_leave(struct tcb *self, struct tcb *to, from, tag, mr1, mr2)
;   cdecl, from C with the kernel's data segments and IF = 0.
;   self, the faulting thread, stops as switch_context stops a thread:
;   ebp, ebx, esi, edi above the return address on its kernel stack, esp
;   in self's TCB_KSP; whoever resumes it (switch_context, resume_parked)
;   returns from this call. 'to' is a pager the IPC fast path parked
;   (TCB_KSP == its park P, sysenter.asm), already switched to by
;   faultpath.c (current, esp0, the %gs:0 word, its space); it leaves by
;   sysexit straight from its frame with its Ipc's outputs (A.2): EAX
;   from, ESI the tag, EBX MR1, EBP MR2, EDI its UTCB, and the selectors
;   of X.2 A.10 in DS, ES, FS and GS. No small space is live (sysexit
;   loads flat CS and SS): faultpath.c checked.
;
; faultpath_park(struct tcb *self, struct tcb *to)   cdecl, never returns
;   self, a pager in its Ipc entered by sysenter (its frame completed by
;   sysenter_decline), is parked as the IPC fast path parks a thread: at
;   its TCB (TCB_KSP = the TCB, whose park_resume is fastpath_resume);
;   whoever resumes it later finishes its Ipc there, or (a fault, the IPC
;   fast path) leaves straight from its frame. Then 'to', already switched
;   to, resumes where it stopped (resume_parked).

%include "asm-offsets.inc"

section .text
global faultpath_leave
global faultpath_park
extern kip_frame
extern resume_parked

faultpath_leave:
        mov     eax, [esp + 4]          ; self
        mov     edx, [esp + 8]          ; to
        push    ebp
        push    ebx
        push    esi
        push    edi
        mov     [eax + TCB_KSP], esp
        mov     eax, [esp + 16 + 12]    ; from
        mov     esi, [esp + 16 + 16]    ; tag
        mov     ebx, [esp + 16 + 20]    ; MR1
        mov     ebp, [esp + 16 + 24]    ; MR2
        lea     esp, [edx - TF_SIZE]    ; its frame, below its TCB (tcb.h)
        mov     edi, [kip_frame + KIP_UTCB_ADDRESS]
        mov     edx, [esp + TF_EIP]
        mov     ecx, [esp + TF_USER_ESP]
        mov     ds, [ss:sel_udata]      ; (memory through SS from here)
        mov     es, [ss:sel_udata]
        mov     fs, [ss:sel_udata]
        mov     gs, [ss:sel_utcb]
        sti                             ; takes effect after sysexit
        sysexit

faultpath_park:
        mov     eax, [esp + 4]          ; self
        mov     edx, [esp + 8]          ; to
        mov     [eax + TCB_KSP], eax    ; parked at its TCB (park_resume: tcb.h)
        jmp     resume_parked

section .rodata
sel_udata:      dw      SEL_UDATA
sel_utcb:       dw      SEL_UTCB
