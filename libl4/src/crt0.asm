; SPDX-License-Identifier: MIT
; crt0.asm: the entry point of an L4 user program, _start.
;
; In:  ESP  the stack the starter gave the thread (X.2 §7.1: the pager's
;           start message, or ExchangeRegisters), or 0 for none; then we
;           switch to a 16 KiB stack of our own in .bss.
;      all other registers: undefined.
; Out: never returns; calls __l4_start (start.c) with ESP 16-byte aligned
;      and EBP = 0, which ends the frame-pointer chain for backtraces.
;
; The loader zero-fills .bss as the ELF program headers say; crt0 does not.

        section .text
        global  _start
        extern  __l4_start

_start:
        test    esp, esp
        jnz     .have_stack
        mov     esp, stack_top
.have_stack:
        and     esp, ~15
        xor     ebp, ebp
        call    __l4_start
.hang:  jmp     .hang                   ; __l4_start does not return

        section .bss
        alignb  16
stack:  resb    16384
stack_top:
