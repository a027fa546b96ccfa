; SPDX-License-Identifier: MIT
; boot.asm: multiboot v1 header and the first instructions of the kernel.
;
; The header and _start live in .boot, linked and loaded at the same low
; address (virtual = physical): GRUB wants the ELF entry inside a segment's
; virtual range, QEMU jumps to the entry address as it is, and both are
; satisfied. Everything else is linked high (0xE0100000 on).
;
; Entry (multiboot v1, physical, paging off):
;   eax = 0x2BADB002, ebx = physical address of the multiboot info
; What it does:
;   1. uses boot_pd below, a complete page directory in .data (4 MiB pages:
;      identity for 0-4 MiB, and the 256 MiB physical window at 0xE0000000,
;      global)
;   2. turns on PSE and PGE, loads boot_pd, enables paging and write protect
;   3. jumps to the linked (high) address, sets the boot stack and calls
;         kmain(uint32_t magic, uint32_t mbi_phys)
; kmain never returns. The identity mapping is removed by paging_init.

%define KERNEL_VBASE    0xE0000000
%define WINDOW_PDES     64              ; 64 x 4 MiB = 256 MiB window
%define PDE_P           0x001
%define PDE_RW          0x002
%define PDE_PS          0x080
%define PDE_G           0x100
%define CR0_PG          0x80000000
%define CR0_WP          0x00010000
%define CR4_PSE         0x010
%define CR4_PGE         0x080

MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ 0x00000003              ; page-align modules, want memory info
BOOT_STACK  equ 16384

section .boot
align 4
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)

global _start
_start:
        cli
        mov     esi, eax                ; keep the magic
        mov     edi, ebx                ; and the info pointer
        mov     eax, cr4
        or      eax, CR4_PSE | CR4_PGE
        mov     cr4, eax
        mov     eax, boot_pd - KERNEL_VBASE
        mov     cr3, eax
        mov     eax, cr0
        or      eax, CR0_PG | CR0_WP
        mov     cr0, eax
        mov     eax, start_high
        jmp     eax

section .text
global boot_pd
global boot_stack_top
extern kmain

start_high:
        mov     esp, boot_stack_top
        xor     ebp, ebp                ; ends every backtrace
        push    edi
        push    esi
        call    kmain
.halt:  cli
        hlt
        jmp     .halt

section .data
align 4096
boot_pd:
        dd      PDE_P | PDE_RW | PDE_PS         ; identity 0-4 MiB, dropped later
        times   (KERNEL_VBASE >> 22) - 1 dd 0
%assign i 0
%rep WINDOW_PDES
        dd      (i << 22) | PDE_P | PDE_RW | PDE_PS | PDE_G
%assign i i + 1
%endrep
        times   1024 - (KERNEL_VBASE >> 22) - WINDOW_PDES dd 0

section .bss
align 16
boot_stack:
        resb    BOOT_STACK
boot_stack_top:
