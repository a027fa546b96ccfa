; SPDX-License-Identifier: MIT
; sysenter.asm: the fast system-call entry (Ipc, Lipc), the IPC fast path,
; and the exits of everything that entered here.
;
; Entry (from the KIP stub: pop ebx; mov ebp, esp; sysenter):
;   eax = to, ecx = Timeouts, edx = FromSpecifier, esi = MR0, edi = UTCB
;   (as the caller loaded them: A.3), ebx = the caller's return address,
;   ebp = its esp after the return
;   (addresses of the caller's space: a small space's are relative to its
;   slot and end at its seg_size; uctx.h). The kernel never reads the
;   user stack: nothing here can fault.
;   esp = address of the TSS's link word, just below its esp0
;   (SYSENTER_ESP MSR), IF = 0; the other flags are the user's
;   (sysenter clears only IF, VM and RF)
;
; The thread's user context is struct trap_frame at the top of its kernel
; stack (trapframe.h), right below its TCB (tcb.h: the TCB is the stack's
; top, esp0, and `current`): F = TCB - TF_SIZE. The entry works with esp
; = the TCB. A thread the fast path parks is parked at its TCB (ksp = the
; TCB): switch_context pops four TCB words and returns to the TCB's
; park_resume, fastpath_resume, so that whatever switches to a parked
; thread later finishes its system call there. The entry writes only what
; a parked thread needs to resume: EIP (the return address) and user ESP
; (Timeouts go to the frame's ECX only for the general path); EDI (its
; UTCB) comes from its TCB at the exit (sysenter_resume, when a parked
; thread leaves another way); CS, SS and EFLAGS of a user frame always
; hold the user selectors and the thread's own flags with IF (uctx_init,
; traps from user mode: SS is SEL_UDATA, which the exit's lfs takes up),
; and the output registers are the partner's to write. Nothing is pushed
; while esp is the TCB (a push would land in the frame): calls and a
; fault that may come go below the frame first.
; Everything else is written only when the fast path declines
; (sysenter_decline), which completes the frame as trap_common would and
; runs int sysenter_dispatch(struct trap_frame *) (syscall.c).
;
; THE FAST PATH: Call and ReplyWait with an untyped message to a partner
; that already waits for us, straight to it (seL4 and Pistachio style).
; Every check comes before the COMMIT POINT and changes nothing; a failed
; one declines. Preconditions:
;   - MR0: no typed items, no flags (propagation), u <= 63;
;   - the receive timeout is never; nobody queued to send to us, no
;     interrupt pending for us, our FPU state not live (the switch away
;     would have to protect it, fpu.c) and no redirector: one compare of
;     fast_decline;
;   - FromSpecifier is anythread or the destination (a Call);
;   - the destination is a thread's global id, or the local id of a
;     thread of our space (its UTCB names it, and its TCB confirms);
;   - the destination waits to receive, parked by a fast path with its
;     frame as it left it (fast_parked, tcb.h: a thread that waits in
;     the general path gets its message there), is not to be halted, has
;     no receive timeout armed and is still in its ready queue (lazy
;     queueing): one compare of fast_gate;
;   - it waits for anythread or for our global id;
;   - no ready thread has a higher priority than the destination (the
;     switch is the scheduler's own choice); need_resched is false here,
;     as every return to user mode passes user_return_check.
; After the commit point the caller is parked in its receive phase and the
; CPU leaves for the partner straight from its frame: by sysexit, or by
; iret while a small space exists. Memory is reached through SS (the kernel's flat data segment
; after sysenter): DS and ES stay the user's until the exit loads the
; selectors of X.2 A.10 into DS, ES, FS and GS for the thread that
; leaves, so no thread's selectors reach another.
; The same checks up to the destination's fast_gate also serve the null
; Ipc (to and FromSpecifier nilthread, no small space live): it returns
; at once (fast_null_ipc), the cheapest system call.
; The kernel built with FASTPATH=0 declines every call here.

%include "asm-offsets.inc"

F               equ     -TF_SIZE        ; a thread's frame, from its TCB (tcb.h)
FAST_PARKED_BIT equ     1 << 8          ; fast_parked in fast_gate (tcb.h)
ELSEWHERE_MARK  equ     1 << 6          ; in MR0, for a partner in the general path
%define SELF    esp                     ; our TCB: the entry's stack pointer

; For no words: EBX and EBP zero, DS and ES A.10's, two at a time
; (zero_far: a zero and SEL_UDATA).
%macro ZERO_REGISTERS 0
        lds     ebp, [ss:zero_far]
        les     ebx, [ss:zero_far]
%endmacro

; Where the partner leaves, after the switch: the entry of fast_leave_by_u
; for u (SI: the checks left no other bit in MR0's low half but
; fast_gate_general's mark, 64). Each entry passes the words its way and
; leaves by sysexit, or by iret while a small space is live (smallspace.c
; writes the table), or resumes a partner that stopped elsewhere.
%macro LEAVE_BY_WORDS 0
        movzx   ecx, si
        jmp     [ss:fast_leave_by_u + ecx * 4]
%endmacro

; The partner (ebx) leaves straight from its frame (the gate said that a
; fast path parked it and nobody changed its frame since: one whose EIP,
; ESP or flags were set is moved off its park, uctx_leave_by_iret): its
; UTCB address (EDI) and A.10's GS by one lgs (the TCB keeps SEL_UTCB
; beside local_id), and the UTCB word %gs:0 reads.
%macro PARTNER_UTCB 0
        lgs     edi, [ss:ebx + TCB_LOCAL_ID]
        mov     [ss:kip_frame + KIP_UTCB_ADDRESS], edi  ; %gs:0
%endmacro

; u >= 3 (ecx = u): MR0 kept in our TCB (the exit takes it back with
; A.10's DS), ebp = our UTCB, the block of MR0..2 the exit passes MR1 and
; MR2 from, and MR 3..u copied into the partner's UTCB (ebx; kernel
; addresses, the source through SS, the destination through ES, the
; kernel's data segment: both by one les from its TCB). Falls into the
; exit for some words.
%macro COPY_WORDS 0
        mov     [SELF + TCB_MR0_SAVE], esi
        sub     ecx, 2
        mov     ebp, [SELF + TCB_UTCB]                  ; our MR0 (kernel address)
        lea     esi, [ebp + 12]
        les     edi, [ss:ebx + TCB_MR3_FAR]
        ss rep movsd
%endmacro
; u = 2: the block is our UTCB, nothing to copy; u = 1: a block of MR1
; and a zero for MR2 (the UTCB's MR2 may be an earlier message's: nothing
; the sender did not send reaches the receiver). Then %1, the exit.
%macro TWO_WORDS 1
        mov     [SELF + TCB_MR0_SAVE], esi
        mov     ebp, [SELF + TCB_UTCB]
        jmp     %1
%endmacro
%macro ONE_WORD 1
        mov     [SELF + TCB_MR0_SAVE], esi
        mov     ebp, [SELF + TCB_UTCB]
        mov     ecx, [ss:ebp + 4]
        mov     [ss:one_mr + 4], ecx
        mov     ebp, one_mr
        jmp     %1
%endmacro

section .text
global sysenter_entry
extern sysenter_dispatch
extern sysenter_resume
extern trap_return
extern small_spaces_live
extern sched_top_prio
extern fastpath_same_space
extern fastpath_cr3
extern fastpath_other
extern fastpath_small
extern tss_block
extern kip_frame
extern io_active
extern user_switch_key
extern io_copy_of
extern loaded_space
extern cr3_loads
extern segment_reloads
extern uctx_switch_space
extern gdt_kernel_dtr

sysenter_entry:
        ; The user's flags came along: NT would make the next iret a task
        ; return, DF would break string moves, and the flags sysexit leaves
        ; with are these. First of all, before any path can leave this
        ; one, clean flags from the word esp points at (the TSS's link
        ; word, 0x2: gdt.c; TF: see the #DB case in trap.c); then esp0.
        popfd                           ; (one byte: trap.c's #DB case)
        mov     esp, [esp]              ; the current thread's stack top: its TCB
        mov     [esp + F + TF_USER_ESP], ebp
        mov     [esp + F + TF_EIP], ebx
        ; (Timeouts stay in ECX until the commit point: sysenter_decline
        ; puts them in the frame's ECX for the general path.)
        ; The return address and stack are not checked here: sysexit
        ; (no small space live) returns to user mode whatever they are,
        ; and a bad one faults there in user mode (syscall.c's
        ; page_fault then stops the thread, as user_return_check would);
        ; so does the iret exit's, or the iret faults (fast_iret_faulted).
%if CONFIG_FASTPATH == 0
        jmp     sysenter_decline
%else
        ; --- checks: eax, ecx, edx, esi, edi stay as they came ---
        ; (The FromSpecifier first: a Send or a closed Receive, the
        ; general path's, declines at once.)
        cmp     edx, eax                ; FromSpecifier: the destination,
        je      .from_ok
        cmp     edx, TID_ANY            ; or anyone
        jne     sysenter_decline
.from_ok:
        test    si, 0xFFC0              ; t, flags: nothing but u
        jnz     sysenter_decline
        test    cx, cx                  ; receive timeout: never (0)
        jnz     sysenter_decline
        cmp     dword [SELF + TCB_FAST_DECLINE], 0      ; (senders queued too)
        jne     sysenter_decline
        ; A global id names TCB_FIRST + (id >> 14) * 4096 (tcb.h), and is
        ; that thread's if its global_id says so (a free slot reads 0).
        ; The thread number is masked into the TCB area: an id beyond it
        ; names a slot whose thread has another id (a local id too).
        ; The partner's TCB: EBX from here on.
        mov     ebx, eax
        shr     ebx, 14 - 12
        and     ebx, TCB_NO_MASK
        add     ebx, TCB_FIRST
        cmp     [ss:ebx + TCB_GLOBAL_ID], eax
        je      .have_dest
        ; Not a thread's global id: most likely the local id of the last
        ; sender of our space that the fast path delivered to us
        ; (local_sender, always a thread of our space: space.c forgets
        ; one that leaves it). Else fast_local_to.
        mov     ebx, [SELF + TCB_LOCAL_SENDER]
        cmp     [ss:ebx + TCB_LOCAL_ID], eax
        jne     fast_local_to
.have_dest:
        cmp     dword [ss:ebx + TCB_FAST_GATE], FAST_PARTNER_GATE
        jne     fast_gate_general
.gate_ok:
        ; (From here a decline goes through fast_decline_marked.)
        cmp     dword [ss:ebx + TCB_RECV_FROM], TID_ANY
        je      .accepted
        mov     ebp, [SELF + TCB_GLOBAL_ID]
        cmp     [ss:ebx + TCB_RECV_FROM], ebp
        jne     fast_decline_marked     ; (local forms: the general path)
.accepted:
        movzx   ebp, byte [ss:ebx + TCB_PRIO]
        cmp     [ss:sched_top_prio], ebp
        jg      fast_decline_marked

        ; --- COMMIT POINT: from here on only state changes ---
        mov     [SELF + TCB_RECV_FROM], edx
        mov     word [SELF + TCB_STATE], STATE_FAST_PARKED      ; (ipc_error is 0: ipc.c)
        mov     word [ss:ebx + TCB_STATE], TS_RUNNING           ; (fast_parked no more)
        mov     [SELF + TCB_KSP], esp                   ; parked at its TCB

        ; --- the switch to the partner ---
        ; The TSS's esp0 and the space (edx); the UTCB and GS at the exit.
        ; The loaded space is ours: the partner's is the same one, or its
        ; ports and page table (or segments) are loaded now. (Within one
        ; space the TSS's I/O bitmap is already that space's: every change
        ; of its ports presents it again, and a stale one only denies,
        ; which iofault.c repairs.) Two large spaces without ports have
        ; equal switch keys (iobitmap.h): then only the page table
        ; changes, and it is not the one loaded (the CPU runs on the
        ; loaded large space's). Any other pair: fast_switch_special.
        ; (From, EAX: our global id, or our local id within one space.)
        mov     [ss:tss_block + TSS_BLOCK_ESP0], ebx    ; current, its stack's top (tcb.h)
        mov     edx, [ss:ebx + TCB_SPACE]
        cmp     edx, [ss:loaded_space]
        je      fast_same_space
        mov     eax, [SELF + TCB_GLOBAL_ID]             ; From
        mov     ecx, [ss:edx + SPACE_SWITCH_KEY]
        cmp     ecx, [ss:user_switch_key]
        jne     fast_switch_special
        mov     [ss:loaded_space], edx
        mov     ecx, [ss:edx + SPACE_PD_PHYS]
        mov     cr3, ecx
        inc     dword [ss:fastpath_cr3]         ; a fast call, and a CR3 load (ipc.h)
fast_leave:
        LEAVE_BY_WORDS

; One space: the partner hears our local id (X.2 §2.1), and keeps our TCB
; for its reply to it (local_sender, which the entry tests first for a
; local id).
fast_same_space:
        inc     dword [ss:fastpath_same_space]
        mov     eax, [SELF + TCB_LOCAL_ID]              ; From
        mov     [ss:ebx + TCB_LOCAL_SENDER], esp        ; (SELF)
        LEAVE_BY_WORDS

; ---- the exits, by u: fast_leave_by_u's entries ----
; ebx = the partner's TCB, eax = From, esi = MR0, esp = SELF.
; No small space is live: sysexit straight from the partner's frame (the
; kernel stack pointer does not matter to sysexit).
global fast_exit0_sysexit
fast_exit0_sysexit:
        PARTNER_UTCB
        mov     edx, [ss:ebx + F + TF_EIP]
        lfs     ecx, [ss:ebx + F + TF_USER_ESP]
        ZERO_REGISTERS
        sti                             ; takes effect after sysexit
        sysexit

global fast_many_mrs_sysexit
fast_many_mrs_sysexit:
        COPY_WORDS
; For some words (ebp = the block whose MR1 and MR2 the exit passes in
; EBX and EBP): MR0 and A.10's DS from our TCB's mr0_save, ES.
global fast_exitn_sysexit
fast_exitn_sysexit:
        PARTNER_UTCB
        mov     edx, [ss:ebx + F + TF_EIP]
        lfs     ecx, [ss:ebx + F + TF_USER_ESP]
        mov     ebx, [ss:ebp + 4]       ; MR1
        mov     ebp, [ss:ebp + 8]       ; MR2
        lds     esi, [SELF + TCB_MR0_SAVE]
        mov     es, [ss:sel_udata]
        sti                             ; takes effect after sysexit
        sysexit
global fast_one_mr_sysexit
fast_one_mr_sysexit:
        ONE_WORD fast_exitn_sysexit
global fast_two_mrs_sysexit
fast_two_mrs_sysexit:
        TWO_WORDS fast_exitn_sysexit

; A small space is live: the partner leaves by iret, which loads CS and
; SS from the GDT (the user descriptors of its space, whose code segment
; ends at its seg_size). An EIP beyond it is not checked here: QEMU's
; iret does not check it either, and the thread faults in user mode at
; its first fetch (user_page_fault and user_return_check stop it, or make
; its space large); a CPU that does check it (Bochs) raises #GP at the
; iretd itself, which the fixup table sends to fast_iret_faulted. (A bad
; ESP faults in user mode.)
; esp = the frame's EIP, CS, EFLAGS, ESP and SS, what iret pops; EDX and
; ECX get EIP and ESP, as sysexit leaves them.
global fast_leave_iret0
fast_leave_iret0:
        PARTNER_UTCB
        lea     esp, [ebx + F + TF_EIP]
        mov     edx, [esp]              ; EIP
        ZERO_REGISTERS
        lfs     ecx, [esp + TF_USER_ESP - TF_EIP]
.iret:  iretd
global fast_many_mrs_iret
fast_many_mrs_iret:
        COPY_WORDS
; (ebp = the MR block, as for fast_exitn_sysexit; MR0 and DS first, from
; our TCB, while esp is still SELF)
global fast_leave_iretn
fast_leave_iretn:
        PARTNER_UTCB
        lds     esi, [SELF + TCB_MR0_SAVE]
        lea     esp, [ebx + F + TF_EIP]
        mov     ebx, [ss:ebp + 4]       ; MR1
        mov     ebp, [ss:ebp + 8]       ; MR2
        mov     es, [ss:sel_udata]
        mov     edx, [esp]              ; EIP
        lfs     ecx, [esp + TF_USER_ESP - TF_EIP]
.iret:  iretd
global fast_one_mr_iret
fast_one_mr_iret:
        ONE_WORD fast_leave_iretn
global fast_two_mrs_iret
fast_two_mrs_iret:
        TWO_WORDS fast_leave_iretn

; ---- the fast path's rarer cases, out of line ----

; to is neither a thread's global id nor our last local sender's local
; id: a local id of our space? Its UTCB names the owner (MyGlobalId), and
; the TCB must confirm, as in tcb_lookup: its local id is to, and its
; space ours (a local id names one thread in a space). The UTCB is user
; memory, read through the caller's own DS (the user data segment of its
; space unless it loaded another user selector: the segment's base and
; limit keep the read in its space, the hardware's to check). The read
; may fault (sysenter_decline, through the fixup table; its frame goes
; below ours) and the name be forged. (QEMU checks no segment limits:
; there the read may land above the space, in kernel memory too, a read
; without side effects, as the kernel maps no device memory; the value
; can only make the fast path decline.)
fast_local_to:
        test    al, 0x3F
        jnz     sysenter_decline        ; a global id of nobody: the general path says so
        lea     esp, [esp + F]
.read_gid:
        mov     ebp, [ds:eax + UTCB_MY_GLOBAL_ID]
        lea     esp, [esp - F]
        mov     ebx, ebp
        shr     ebx, 14 - 12
        and     ebx, TCB_NO_MASK
        add     ebx, TCB_FIRST
        cmp     [ss:ebx + TCB_GLOBAL_ID], ebp
        jne     sysenter_decline
        cmp     [ss:ebx + TCB_LOCAL_ID], eax
        jne     sysenter_decline
        mov     ebp, [ss:ebx + TCB_SPACE]
        cmp     ebp, [SELF + TCB_SPACE]
        jne     sysenter_decline
        jmp     sysenter_entry.have_dest

; The destination is not parked by a fast path (or this is the null Ipc).
; One that waits in the general path (its kernel stack holds where it stopped; or a thread
; moved off its park, uctx_leave_by_iret) gets the message too, and then
; resumes where it stopped: MR0's lowest bit of t (0: the checks) marks
; it for the exits, whose table by u has these at u + 64
; (fast_resume_elsewhere); a later decline clears it
; (fast_decline_marked).
fast_gate_general:
        mov     ebp, eax
        or      ebp, edx
        jz      fast_null_ipc
        cmp     dword [ss:ebx + TCB_FAST_GATE], FAST_PARTNER_GATE & ~FAST_PARKED_BIT
        jne     sysenter_decline        ; not waiting for us
        or      esi, ELSEWHERE_MARK
        jmp     sysenter_entry.gate_ok
fast_decline_marked:
        and     esi, ~ELSEWHERE_MARK
        jmp     sysenter_decline

; The null Ipc. Nilthread names TCB slot 0, which no thread waits in: an
; Ipc with neither a send nor a receive phase (to and FromSpecifier
; nilthread) ends here, from the first test of fast_gate_general, at no
; cost to the checks above. It returns at once with from = nilthread and MR0..2 = 0,
; as the general path does (ipc.c); the thread keeps running, so the
; exit is sysexit (iret while a small space exists: the general path).
fast_null_ipc:
        cmp     dword [ss:small_spaces_live], 0
        jne     sysenter_decline
        xor     esi, esi                ; MR0: the empty tag
        xor     ebx, ebx
        xor     ebp, ebp
        ; The thread returns to itself: DS, ES, FS and GS are still its
        ; own (nothing here loaded them), which no other thread saw.
        mov     edx, [esp + F + TF_EIP]
        mov     ecx, [esp + F + TF_USER_ESP]
        sti                             ; takes effect after sysexit
        sysexit

; The iretd of fast_leave_iret0/n raised #GP (an EIP beyond the code
; segment, on a CPU that checks it there): the trap returned here by the
; fixup table with every register as it was at the iretd and esp at the
; frame's EIP; the words below it, the trap's own frame overwrote. The
; IPC's outputs go back into the frame (ECX and EDX as sysexit leaves
; them), and the thread resumes through sysenter_resume, whose
; user_return_check makes its small space large or stops it, as for any
; thread whose IP lies outside its space.
fast_iret_faulted:
        mov     [ss:esp + TF_EAX - TF_EIP], eax
        mov     [ss:esp + TF_ESI - TF_EIP], esi
        mov     [ss:esp + TF_EBX - TF_EIP], ebx
        mov     [ss:esp + TF_EBP - TF_EIP], ebp
        mov     [ss:esp + TF_ECX - TF_EIP], ecx
        mov     [ss:esp + TF_EDX - TF_EIP], edx
        mov     dword [ss:esp + TF_VECTOR - TF_EIP], SYSENTER_VECTOR
        lea     edx, [esp - TF_EIP - F] ; its TCB (it is still parked there)
        mov     ecx, SEL_KDATA
        mov     ds, ecx
        mov     es, ecx
        jmp     resume_parked

; The switch between spaces whose keys differ (edx = the partner's space,
; ecx = its switch key). To a small space without ports from a TSS that
; shows none: only GDTR changes (its table copy, space_arch.h; it runs on
; whichever page table is loaded). From such a small space to a large one
; without ports: GDTR back to the kernel's table, and the page table if
; it is not loaded. Between a large space with ports and one without, the
; TSS's map base moves too, if the TSS area holds the bitmap already.
; Other ports or segments: fast_switch_other, in a call below our frame.
fast_switch_special:
        test    ecx, SWITCH_KEY_SMALL
        jz      .to_large
        test    dword [ss:user_switch_key], SWITCH_KEY_IO_ON
        jz      fast_to_small
.other:
        lea     esp, [esp + F]          ; calls below our frame
        call    fast_switch_other
        lea     esp, [esp - F]
        jmp     fast_leave
.to_large:
        cmp     ecx, LARGE_SEG_KEY
        jne     .to_ports
        test    dword [ss:user_switch_key], SWITCH_KEY_SMALL
        jnz     fast_from_small
        ; To a large space without ports from one whose TSS shows its
        ; ports (the root task, which holds the drivers' ports, and a
        ; server): the TSS's map base moves past its limit.
        cmp     dword [ss:user_switch_key], LARGE_SEG_KEY | SWITCH_KEY_IO_ON
        jne     .other
        mov     word [ss:tss_block + TSS_BLOCK_IOMAP_BASE], TSS_IOMAP_OFF
        mov     dword [ss:io_active], 0
        mov     dword [ss:user_switch_key], LARGE_SEG_KEY
        jmp     .ports_switched
        ; To a large space with ports whose bitmap the TSS area still
        ; holds (iobitmap.h) from a large one whose TSS shows none: the
        ; map base moves back over the bitmap.
.to_ports:
        cmp     ecx, LARGE_SEG_KEY | SWITCH_KEY_PORTS
        jne     .other
        cmp     dword [ss:user_switch_key], LARGE_SEG_KEY
        jne     .other
        mov     ecx, [ss:edx + SPACE_IO]
        cmp     ecx, [ss:io_copy_of]
        jne     .other
        mov     word [ss:tss_block + TSS_BLOCK_IOMAP_BASE], TSS_IOMAP_ON
        mov     [ss:io_active], ecx
        mov     dword [ss:user_switch_key], LARGE_SEG_KEY | SWITCH_KEY_IO_ON
.ports_switched:
        mov     [ss:loaded_space], edx
        mov     ecx, [ss:edx + SPACE_PD_PHYS]
        mov     cr3, ecx
        inc     dword [ss:fastpath_cr3]
        jmp     fast_leave

; To a small space without ports, from a TSS showing none (ecx = its
; switch key, the loaded key from now on).
fast_to_small:
        mov     [ss:loaded_space], edx
        mov     [ss:user_switch_key], ecx
        lgdt    [ss:edx + SPACE_GDTR]
        inc     dword [ss:fastpath_small]       ; a fast call, and a segment reload (ipc.h)
        LEAVE_BY_WORDS
; From a small space without ports to a large one without (ecx = its
; switch key, LARGE_SEG_KEY): the kernel's table, the page table if
; another is loaded.
fast_from_small:
        mov     [ss:loaded_space], edx
        mov     [ss:user_switch_key], ecx
        lgdt    [ss:gdt_kernel_dtr]
        mov     ecx, cr3
        cmp     ecx, [ss:edx + SPACE_PD_PHYS]
        jne     .load_cr3
.loaded:
        inc     dword [ss:fastpath_small]
        LEAVE_BY_WORDS
.load_cr3:
        mov     ecx, [ss:edx + SPACE_PD_PHYS]
        mov     cr3, ecx
        inc     dword [ss:cr3_loads]
        jmp     .loaded

; Another space with ports, or a small one on either side (called from
; fast_switch_special, below our park): its ports, then its segments or its
; page table, and the loaded switch key. edx = the space; keeps ebp.
fast_switch_other:
        mov     ecx, [ss:edx + SPACE_IO]
        cmp     ecx, [ss:io_active]
        jne     fast_io_switch
.io_switched:
        mov     ecx, [ss:user_switch_key]
        and     ecx, ~SWITCH_KEY_FLAGS          ; the loaded seg_key
        cmp     ecx, [ss:edx + SPACE_SEG_KEY]
        jne     fast_switch_segments
        mov     [ss:loaded_space], edx
        mov     ecx, [ss:edx + SPACE_PD_PHYS]
        mov     cr3, ecx
        inc     dword [ss:fastpath_cr3]
.loaded:
        mov     ecx, [ss:edx + SPACE_LOADED_KEY]
        mov     [ss:user_switch_key], ecx
        ret

; Another space's ports (iobitmap.h): between a space without ports and
; one whose bitmap the TSS area still holds, only the map base moves; a
; bitmap to copy: in C.
fast_io_switch:
        test    ecx, ecx
        jz      .no_ports
        cmp     ecx, [ss:io_copy_of]
        jne     fast_switch_space_c
        mov     word [ss:tss_block + TSS_BLOCK_IOMAP_BASE], TSS_IOMAP_ON
        mov     [ss:io_active], ecx
        jmp     fast_switch_other.io_switched
.no_ports:
        mov     word [ss:tss_block + TSS_BLOCK_IOMAP_BASE], TSS_IOMAP_OFF
        mov     [ss:io_active], ecx
        jmp     fast_switch_other.io_switched

; A small space on either side (space_switch in uctx.h, the same steps):
; the page table only for a large space whose table is not loaded (a small
; space runs on whichever is), the space's descriptor table (the exit's
; segment loads and iret take it up), and the keys.
; edx = the space; ecx is free.
fast_switch_segments:
        inc     dword [ss:fastpath_other]
        mov     [ss:loaded_space], edx
        cmp     byte [ss:edx + SPACE_SMALL], 0
        jne     .segments
        mov     ecx, cr3
        cmp     ecx, [ss:edx + SPACE_PD_PHYS]
        je      .segments
        mov     ecx, [ss:edx + SPACE_PD_PHYS]
        mov     cr3, ecx
        inc     dword [ss:cr3_loads]
.segments:
        lgdt    [ss:edx + SPACE_GDTR]
        inc     dword [ss:segment_reloads]
        jmp     fast_switch_other.loaded

; A bitmap to copy: in C (which keeps ebx, esi, edi and ebp).
fast_switch_space_c:
        inc     dword [ss:fastpath_other]
        push    eax
        push    edx
        mov     ecx, SEL_KDATA          ; C code
        mov     ds, ecx
        mov     es, ecx
        push    ebx
        call    uctx_switch_space       ; (struct tcb *to)
        add     esp, 4
        pop     edx
        pop     eax
        ret

; u + 64 (fast_gate_general's mark in ESI, cleared here): the partner
; stopped elsewhere; the words go as for the fast exits, and then
; switch_context's second half, in C with the kernel's data segments.
global fast_elsewhere_no_mrs
fast_elsewhere_no_mrs:
        and     esi, ~ELSEWHERE_MARK
        mov     ebp, zero_mrs           ; (no words: the block of zeros)
        jmp     fast_outputs_to_frame
global fast_elsewhere_one_mr
fast_elsewhere_one_mr:
        and     esi, ~ELSEWHERE_MARK
        ONE_WORD fast_resume_elsewhere
global fast_elsewhere_two_mrs
fast_elsewhere_two_mrs:
        and     esi, ~ELSEWHERE_MARK
        TWO_WORDS fast_resume_elsewhere
global fast_elsewhere_many_mrs
fast_elsewhere_many_mrs:
        and     esi, ~ELSEWHERE_MARK
        and     ecx, 63                 ; u
        COPY_WORDS
; The IPC's outputs go to its frame: MR0 from our TCB for some words (esp
; is SELF), MR1 and MR2 from the block in ebp; and its UTCB address to the
; word %gs:0 reads (its exit loads GS).
fast_resume_elsewhere:
        mov     esi, [SELF + TCB_MR0_SAVE]
fast_outputs_to_frame:
        mov     ecx, [ss:ebx + TCB_LOCAL_ID]
        mov     [ss:kip_frame + KIP_UTCB_ADDRESS], ecx  ; %gs:0
        lea     ecx, [ebx - TF_SIZE]
        mov     [ss:ecx + TF_EAX], eax
        mov     [ss:ecx + TF_ESI], esi
        mov     eax, [ss:ebp + 4]
        mov     edx, [ss:ebp + 8]
        mov     [ss:ecx + TF_EBX], eax
        mov     [ss:ecx + TF_EBP], edx
        mov     ecx, SEL_KDATA
        mov     ds, ecx
        mov     es, ecx
        mov     edx, ebx
        jmp     resume_parked

%endif

; ---- the general path ----

; The fast path declined (or is compiled out): the frame completed from
; the registers that came in (eax, ecx, edx, esi, edi unchanged; EBX and
; EBP are outputs only: zeros, no kernel values).
sysenter_decline:
        add     esp, F                  ; the frame
sysenter_decline_at_frame:
        mov     [esp + TF_ECX], ecx
        mov     [esp + TF_EDI], edi
        mov     [esp + TF_EAX], eax
        mov     [esp + TF_EDX], edx
        mov     [esp + TF_ESI], esi
        mov     dword [esp + TF_EBX], 0
        mov     dword [esp + TF_EBP], 0
        mov     dword [esp + TF_VECTOR], SYSENTER_VECTOR
        mov     dword [esp + TF_CS], SEL_UCODE
        mov     dword [esp + TF_EFLAGS], 0x202
        mov     dword [esp + TF_USER_SS], SEL_UDATA
        mov     eax, SEL_KDATA
        mov     ds, eax
        mov     es, eax
        push    esp
        call    sysenter_dispatch
        jmp     sysenter_leave

; A thread the fast path parked is switched to (switch_context returns
; here, having popped five words from its TCB: tcb.h's park_resume).
global fastpath_resume_moved
global fastpath_resume
fastpath_resume:
        sub     esp, 20 + TF_SIZE       ; its frame
; A parked thread whose frame was changed (uctx_leave_by_iret): it was
; moved to a park below its frame, so that the fast path's test of ksp
; fails; switch_context returns here with esp = its frame.
fastpath_resume_moved:
        push    esp
        call    sysenter_resume
sysenter_leave:
        add     esp, 4
        test    eax, eax
        jz      trap_return
; esp = a trap frame that may leave by sysexit: every register from it,
; the A.10 selectors in DS, ES, FS and GS.
sysenter_sysexit:
        mov     ds, [ss:sel_udata]
        mov     es, [ss:sel_udata]
        mov     fs, [ss:sel_udata]
        mov     gs, [ss:sel_utcb]
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

; edx = a thread that stopped elsewhere: switch_context's second half
; (also tswitch.asm's).
global resume_parked
resume_parked:
        mov     esp, [edx + TCB_KSP]
        pop     edi
        pop     esi
        pop     ebx
        pop     ebp
        ret

section .rodata
sel_udata:      dw      SEL_UDATA
sel_utcb:       dw      SEL_UTCB
sel_kdata:      dw      SEL_KDATA
align 4
zero_mrs:       dd      0, 0, 0         ; MR0..2 of a message of no words
zero_far:       dd      0               ; lds/les: a zero, and A.10's DS/ES
                dw      SEL_UDATA

%if CONFIG_FASTPATH
section .data
; The fast path's exits by u (u <= 63: the checks): no words, one, two,
; and more. While a small space is live smallspace.c points them at the
; iret exits. Then the same for a partner that waits in the general path
; (fast_gate_general's mark, 64, in MR0).
global fast_leave_by_u
align 4
fast_leave_by_u:
                dd      fast_exit0_sysexit, fast_one_mr_sysexit, fast_two_mrs_sysexit
                times 61 dd fast_many_mrs_sysexit
                ; u + 64: a partner that waits in the general path
                dd      fast_elsewhere_no_mrs, fast_elsewhere_one_mr, fast_elsewhere_two_mrs
                times 61 dd fast_elsewhere_many_mrs
%endif

section .bss
one_mr:         resd    3               ; MR0..2 of one word: MR2 stays 0

section .fixup_table
%if CONFIG_FASTPATH
        dd      fast_local_to.read_gid, sysenter_decline_at_frame
        dd      fast_leave_iret0.iret, fast_iret_faulted
        dd      fast_leave_iretn.iret, fast_iret_faulted
%endif
