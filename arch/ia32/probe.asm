; SPDX-License-Identifier: MIT
; probe.asm: memory accesses that may fault, recovered through the fixup
; table. An entry (fault_eip, resume_eip) in .fixup_table tells the trap
; handler that a kernel-mode fault at fault_eip is expected: it resumes at
; resume_eip instead of panicking. The same mechanism will serve copies
; from and to user memory.
;
;   bool probe_read32(uintptr_t va, uint32_t *out)    cdecl; eax = 1 or 0
;   bool probe_write32(uintptr_t va, uint32_t v)

section .text
global probe_read32
global probe_write32

probe_read32:
        mov     ecx, [esp + 4]
.access:
        mov     eax, [ecx]
        mov     edx, [esp + 8]
        mov     [edx], eax
        mov     eax, 1
        ret
.fault:
        xor     eax, eax
        ret

probe_write32:
        mov     ecx, [esp + 4]
        mov     edx, [esp + 8]
.access:
        mov     [ecx], edx
        mov     eax, 1
        ret
.fault:
        xor     eax, eax
        ret

section .fixup_table
        dd      probe_read32.access, probe_read32.fault
        dd      probe_write32.access, probe_write32.fault
