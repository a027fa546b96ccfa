; SPDX-License-Identifier: MIT
; tswitch.asm: ThreadSwitch's fast path, the scheduler's switch between
; two threads of one space (a yield to a given thread: user-level
; schedulers, coroutines, a server handing the processor to a worker).
;
; thread_switch_fast is ThreadSwitch's entry in syscall_entries
; (syscall.c): syscall_common calls it with the whole trap frame built
; (F = esp + 8: its return address, then the argument f = F), IF = 0.
; The general path, thread_switch_trap (sys_thread_switch in C), is the
; reference; every check below comes before the COMMIT POINT and changes
; nothing, and a failed one tail-calls it with the same argument.
; Preconditions:
;   - dest is the global id of a thread that is ready (TS_RUNNING), in
;     its ready queue, with no timeout armed and not to be halted: one
;     compare of fast_gate (SWITCH_PARTNER_GATE); not the caller itself
;     (that is a plain yield: the general path);
;   - it lives in the caller's space, which is the loaded one: no page
;     table, segments or I/O bitmap to switch;
;   - the caller's FPU state is not live (the switch away would have to
;     protect it, fpu.c; whoever is switched to then finds TS set).
; need_resched is false here: every return to user mode passes
; user_return_check. sched_switch_to does the same steps (no enqueue is
; needed: the partner is queued, the caller stays in its queue).
;
; After the commit point the caller is parked at its TS park: TS_PARK
; bytes below its frame, the four words switch_context pops and the
; address of ts_resume, so that whatever switches to it later (the
; scheduler, this path) finishes its system call there (through
; user_return_check and trap_return, as a new thread starts). The partner
; is left to straight from its frame if it is parked so (the steady state
; of two threads that hand the processor back and forth), else resumed
; where it stopped, as switch_context would. A thread whose frame is
; changed while parked (ExchangeRegisters) is moved off its park
; (uctx_leave_by_iret), as on the IPC fast path. FASTPATH=0 leaves it out.

%include "asm-offsets.inc"

TS_PARK         equ     TS_PARK_SIZE    ; 4 words, ts_resume (tcb_arch.h)

section .text
global thread_switch_fast
global ts_resume
global ts_resume_moved
extern thread_switch_trap
extern thread_first_entry
extern trap_return
extern tss_block
extern kip_frame
extern resume_parked

thread_switch_fast:
%if CONFIG_FASTPATH == 0
        jmp     thread_switch_trap
%else
        mov     eax, [esp + 8 + TF_EAX]         ; dest
        test    eax, eax
        jz      thread_switch_trap              ; nilthread: a yield (the scheduler's)
        mov     edx, eax
        shr     edx, 14 - 12
        and     edx, TCB_NO_MASK
        add     edx, TCB_FIRST
        cmp     [edx + TCB_GLOBAL_ID], eax
        jne     thread_switch_trap
        cmp     dword [edx + TCB_FAST_GATE], SWITCH_PARTNER_GATE
        jne     thread_switch_trap
        mov     ecx, [tss_block + TSS_BLOCK_ESP0]       ; current (tcb.h)
        cmp     ecx, edx
        je      thread_switch_trap
        mov     eax, [edx + TCB_SPACE]
        cmp     eax, [ecx + TCB_SPACE]
        jne     thread_switch_trap
        cmp     byte [ecx + TCB_FPU_LIVE], 0
        jne     thread_switch_trap

        ; --- COMMIT POINT ---
        lea     eax, [esp + 8 - TS_PARK]
        mov     dword [eax + 16], ts_resume
        mov     [ecx + TCB_KSP], eax
        mov     [tss_block + TSS_BLOCK_ESP0], edx       ; current, its stack's top (tcb.h)
        mov     eax, [edx + TCB_LOCAL_ID]
        mov     [kip_frame + KIP_UTCB_ADDRESS], eax     ; %gs:0
        lea     eax, [edx - TF_SIZE]                    ; its frame
        lea     ecx, [eax - TS_PARK]
        cmp     [edx + TCB_KSP], ecx
        jne     resume_parked           ; switch_context's second half (sysenter.asm)
        mov     esp, eax
        jmp     trap_return
%endif

; A thread parked here is switched to (switch_context returns here):
; esp = its park + 20, or + 16 from the moved park one word lower.
ts_resume:
        add     esp, TS_PARK - 20
        jmp     thread_first_entry
ts_resume_moved:
        add     esp, TS_PARK - 16
        jmp     thread_first_entry
