; SPDX-License-Identifier: MIT
; switch.asm: switching kernel stacks between threads.
;
;   void switch_context(uint32_t *save_esp, uint32_t new_esp)   cdecl
; Pushes the callee-saved registers (ebp, ebx, esi, edi) on the current
; stack, stores esp in *save_esp, loads new_esp and pops the same four.
; The 'ret' then continues wherever the other thread called switch_context,
; or, for a new thread, at thread_first_entry (see uctx_init), which leaves
; for user mode through user_return_check and trap_return with the frame
; prepared there.

section .text
global switch_context
global thread_first_entry
extern trap_return
extern user_return_check

switch_context:
        mov     eax, [esp + 4]
        mov     edx, [esp + 8]
        push    ebp
        push    ebx
        push    esi
        push    edi
        mov     [eax], esp
        mov     esp, edx
        pop     edi
        pop     esi
        pop     ebx
        pop     ebp
        ret

thread_first_entry:                     ; esp = the new thread's trap frame
        push    esp
        call    user_return_check       ; IP/SP may have been set meanwhile
        add     esp, 4
        jmp     trap_return
