; SPDX-License-Identifier: MIT
; sysenter.asm: the fast system-call entry and exit (Ipc, Lipc), and the
; IPC fast path's switch.
;
; Entry (from the KIP stub: push ecx; mov ecx, esp; sysenter):
;   eax = to, edx = FromSpecifier, esi = MR0, edi = UTCB, ebx, ebp
;   ecx = user esp: [ecx] = Timeouts, [ecx+4] = the caller's return address
;   (addresses of the caller's space: a small space's lie at user_seg_base,
;   its slot, and end at user_seg_size; uctx.h)
;   esp = address of the TSS's esp0 (SYSENTER_ESP MSR), IF = 0; the other
;   flags are the user's (sysenter clears only IF, VM and RF)
; sysenter_entry builds the same struct trap_frame as trap_common, with
; vector SYSENTER_VECTOR, EIP = the return address, user ESP = ecx + 8 and
; ECX = Timeouts, reading the user stack through the fixup table (a bad
; stack sets 'error' instead). Then it calls
;       void fastpath_ipc(to, FromSpecifier, Timeouts)      regparm(3)
; which does not return: it leaves for the partner, or it declines and
; calls sysenter_general, which runs
;       int sysenter_dispatch(struct trap_frame *)
; A nonzero result means the frame may leave by sysexit: EDX = eip,
; ECX = user esp, flat user CS/SS, DS = ES = user data; otherwise it leaves
; through trap_return (iret), which restores every field including EFLAGS.
; While a small space exists, nothing leaves by sysexit (smallspace.h).
;
; The fast path parks the thread it blocks (fastpath_leave): its ksp points
; just below its trap frame, at four dummy words for switch_context to pop
; and the address of fastpath_resume, so any later switch to it finishes
; its system call. A thread parked that way is left to directly, with no
; stack switch: fastpath_leave loads esp with its frame and sysexits (or,
; while a small space exists, irets: sysenter_iret).

%include "asm-offsets.inc"

PARK_SIZE       equ     20              ; edi esi ebx ebp, return address

section .text
global sysenter_entry
global fastpath_leave
global sysenter_general
extern fastpath_ipc
extern sysenter_dispatch
extern sysenter_resume
extern trap_return
extern user_seg_base
extern user_seg_size
extern user_stack_max
extern small_spaces_live

; Saves the rest of the frame, from EAX down, and enters the kernel proper:
; clean flags, kernel data segments. The segment fields are not written:
; X.2 (A.10, "Segments") fixes the user's segment registers, so sysexit
; loads DS, ES and FS with the user data segment and GS with the UTCB
; segment, and before an iret sysenter_exit fills the fields in. FS and GS
; are loaded although the kernel never touches them: they hold whatever
; the thread that entered last left there, and a thread that leaves by
; sysexit must never run with another thread's selectors.
%macro SAVE_REST 0
        pushad
        sub     esp, 16                 ; gs fs es ds
        ; The user's flags came along: DF would break the C code, NT the
        ; next iret, AC a misaligned access. (TF: see the #DB case in trap.c.)
        push    0x2
        popfd
        mov     bx, SEL_KDATA
        mov     ds, bx
        mov     es, bx
%endmacro

sysenter_entry:
        mov     esp, [esp]              ; the current thread's stack top
        push    SEL_UDATA               ; user ss
        push    ecx                     ; user esp, + 8 below
        push    0x202                   ; eflags: IF (sysenter saved none)
        push    SEL_UCODE               ; cs
        cmp     ecx, [ss:user_stack_max] ; both words inside the user segment
        ja      .bad_return
        ; ECX is an address of the space: a small space's lies in its slot.
        add     ecx, [ss:user_seg_base] ; (DS is still the user's)
        ; The user stack may be unmapped: a fault resumes at .bad_* (the
        ; fixup table). SS is the kernel's flat segment, DS still the user's.
.read_return:
        push    dword [ss:ecx + 4]      ; eip: the caller's return address
        push    0                       ; error: 1 if the user stack is bad
        push    SYSENTER_VECTOR
.read_timeouts:
        mov     ecx, [ss:ecx]           ; Timeouts, saved as ECX
        SAVE_REST
        add     dword [esp + TF_USER_ESP], 8
        ; A return address outside user space: the general path does the
        ; Ipc, and the return stops the thread. So a frame the fast path
        ; parks has a valid EIP and ESP (or need_iret set, uctx.c).
        mov     ebx, [esp + TF_EIP]     ; (EBX is saved, and free)
        cmp     ebx, [user_seg_size]
        jae     sysenter_general.dispatch
        call    fastpath_ipc            ; eax, edx, ecx: to, FromSpecifier, Timeouts
                                        ; (does not return)

.bad_return:                            ; the frame is built down to cs
        push    0                       ; eip
        push    1                       ; error
        push    SYSENTER_VECTOR
        jmp     .bad_rest
.bad_timeouts:                          ; down to the vector
        mov     dword [esp + TF_ERROR - TF_VECTOR], 1
.bad_rest:
        SAVE_REST
        jmp     sysenter_general.dispatch

; void sysenter_general(void): the fast path declined (or is compiled out).
; Called on the current thread's stack; the C frames are dead.
sysenter_general:
        and     esp, -TCB_SIZE          ; the TCB, then its trap frame
        add     esp, TCB_SIZE - TF_SIZE
.dispatch:
        push    esp
        call    sysenter_dispatch
        jmp     sysenter_leave

; A parked thread is switched to (switch_context returns here): esp = its
; trap frame.
fastpath_resume:
        push    esp
        call    sysenter_resume
sysenter_leave:
        add     esp, 4
        test    eax, eax
        jz      trap_return
        jmp     sysenter_sysexit

; void fastpath_leave(struct tcb *from, struct tcb *to)   regparm(2):
; eax = from (the current thread until now), edx = to (already current,
; its address space and kernel stack loaded). Does not return.
fastpath_leave:
        ; Park 'from'. The C frames below its trap frame are dead now.
        lea     ecx, [eax + TCB_SIZE - TF_SIZE - PARK_SIZE]
        mov     dword [ecx + PARK_SIZE - 4], fastpath_resume
        mov     [eax + TCB_KSP], ecx
        ; Is 'to' parked the same way, and may it leave by sysexit?
        lea     ecx, [edx + TCB_SIZE - TF_SIZE - PARK_SIZE]
        cmp     [edx + TCB_KSP], ecx
        jne     resume_parked
        cmp     byte [edx + TCB_NEED_IRET], 0
        jne     resume_parked
        ; Its EIP and ESP were checked when it entered, and whoever has
        ; changed them since has set need_iret: no sysexit to the kernel.
        lea     esp, [ecx + PARK_SIZE]  ; its trap frame, and on:
        ; While a small space exists, CS and SS must come from the GDT
        ; (smallspace.h): iret, with the user segments of A.10.
        cmp     dword [small_spaces_live], 0
        jne     sysenter_iret

; esp = a trap frame that may leave by sysexit.
sysenter_sysexit:
        mov     eax, SEL_UDATA
        mov     ds, eax
        mov     es, eax
        mov     fs, eax
        mov     eax, SEL_UTCB
        mov     gs, eax
        add     esp, 16                 ; gs fs es ds
        popad
        mov     edx, [esp + TF_EIP - TF_VECTOR]
        mov     ecx, [esp + TF_USER_ESP - TF_VECTOR]
        sti                             ; takes effect after sysexit
        sysexit

; esp = a trap frame built by sysenter_entry (CS and SS are the user's):
; leave by iret, which loads every segment from the GDT, where the user
; descriptors are this thread's space's.
sysenter_iret:
        mov     dword [esp + TF_GS], SEL_UTCB
        mov     dword [esp + TF_FS], SEL_UDATA
        mov     dword [esp + TF_ES], SEL_UDATA
        mov     dword [esp + TF_DS], SEL_UDATA
        jmp     trap_return

; fastpath_leave's 'to' stopped elsewhere: switch_context's second half.
resume_parked:
        mov     esp, [edx + TCB_KSP]
        pop     edi
        pop     esi
        pop     ebx
        pop     ebp
        ret

section .fixup_table
        dd      sysenter_entry.read_return, sysenter_entry.bad_return
        dd      sysenter_entry.read_timeouts, sysenter_entry.bad_timeouts
