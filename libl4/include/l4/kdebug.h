/* SPDX-License-Identifier: MIT */
/*
 * l4/kdebug.h: the kernel debugger interface (not in the X.2 manual; the
 * names are the customary L4 ones). Our ia32 encoding, which the kernel
 * decodes from the bytes after the trap:
 *
 *   int3; cmpb $OP, %al     CC 3C OP   an operation with its argument in EAX
 *     OP 0x00 PrintChar          EAX = the character
 *     OP 0x01 PrintString        EAX = address of a NUL-terminated string
 *     OP 0x02 ReadChar           returns EAX = a character, or -1 if none
 *     OP 0x03 ReadChar_Blocked   returns EAX = a character, waiting for one
 *     OP 0x10 Exit               EAX = 0 success, 1 failure: leaves the
 *                                emulator (our extension, for tests)
 *     OP 0x11 FreeFrames         returns EAX = the kernel's free frames
 *                                (our extension, for leak tests)
 *     OP 0x12 Counter            EAX = a counter number (L4_KDB_COUNTER_*);
 *                                returns EAX = its value, ~0 if unknown
 *                                (our extension, read-only, for benchmarks)
 *     OP 0x13 RaiseSpurious      EAX = 7 or 15: the kernel takes that line's
 *                                vector with nothing in service, as a
 *                                spurious interrupt; returns EAX = 1, or 0
 *                                for another line (our extension, for tests)
 *     OP 0x14 PageAttribute      EAX = an address of the caller's space:
 *                                returns EAX = the memory attribute of the
 *                                page-table entry there (A.7: 1 write back,
 *                                2 write through, 4 uncacheable), ~0 if
 *                                nothing is mapped (our extension, for tests
 *                                of MemoryControl)
 *   int3; jmp 1f; movl $s, %eax; 1:   CC EB 05 B8 <s>   KDB_Enter(s)
 *
 * The cmpb and the jumped-over movl do nothing if executed, so the kernel
 * may resume after the int3 or after the whole sequence.
 */
#pragma once
#include <l4/types.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

#define L4_KDB_OP_PRINTCHAR        0x00
#define L4_KDB_OP_PRINTSTRING      0x01
#define L4_KDB_OP_READCHAR         0x02
#define L4_KDB_OP_READCHAR_BLOCKED 0x03
#define L4_KDB_OP_EXIT             0x10
#define L4_KDB_OP_FREE_FRAMES      0x11
#define L4_KDB_OP_COUNTER          0x12
#define L4_KDB_OP_RAISE_SPURIOUS   0x13
#define L4_KDB_OP_PAGE_ATTRIBUTE   0x14

/* The kernel's event counters (since boot, wrapping at 2^32). */
#define L4_KDB_COUNTER_CR3_LOADS       0    /* address-space switches */
#define L4_KDB_COUNTER_SEGMENT_RELOADS 1    /* UTCB segment (GS) reloads */
#define L4_KDB_COUNTER_IPC_FASTPATH    2    /* IPCs done by the fast path */
#define L4_KDB_COUNTER_IPC_SLOWPATH    3    /* IPCs done by the general path */
#define L4_KDB_COUNTER_IRQ_DELIVERED   4    /* interrupt messages delivered */
#define L4_KDB_COUNTER_IRQ_KEPT        5    /* interrupts kept for a busy handler */
#define L4_KDB_COUNTER_IRQ_ARRIVAL     6    /* time stamp of the last interrupt entry, low word */
#define L4_KDB_COUNTER_SPURIOUS_IRQ    7    /* spurious interrupts (lines 7, 15) seen */
#define L4_KDB_COUNTER_KDB_ENTRIES     8    /* sessions of the kernel debugger */

/* The bytes that follow the int3 (0xCC). */
#define L4_KDB_OPCODE_CMPB_AL      0x3C   /* then OP */
#define L4_KDB_OPCODE_JMP_SHORT    0xEB   /* then 05 B8 <address of the string> */

/* Enters the kernel debugger with a message; str must be a string literal.
 * Only a privileged task (sigma0, the root task) enters it; another
 * prints the message and a refusal, and goes on. */
#define L4_KDB_Enter(str)                                                     \
	__asm__ __volatile__("int3\n\t"                                       \
	                     "jmp 1f\n\t"                                     \
	                     "movl $2f, %eax\n\t"                             \
	                     ".pushsection .rodata\n"                         \
	                     "2:\t.asciz " #str "\n\t"                        \
	                     ".popsection\n"                                  \
	                     "1:")

L4_INLINE void L4_KDB_PrintChar(char c)
{
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     :
	                     : "a"((L4_Word_t)(unsigned char)c), [op] "i"(L4_KDB_OP_PRINTCHAR)
	                     : "cc");
}

L4_INLINE void L4_KDB_PrintString(const char *s)
{
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     :
	                     : "a"(s), [op] "i"(L4_KDB_OP_PRINTSTRING)
	                     : "memory", "cc");
}

/* A character from the debug console, or -1 if none is waiting. */
L4_INLINE int L4_KDB_ReadChar(void)
{
	int c;
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     : "=a"(c)
	                     : [op] "i"(L4_KDB_OP_READCHAR)
	                     : "cc");
	return c;
}

L4_INLINE int L4_KDB_ReadChar_Blocked(void)
{
	int c;
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     : "=a"(c)
	                     : [op] "i"(L4_KDB_OP_READCHAR_BLOCKED)
	                     : "cc");
	return c;
}

/* Leaves the emulator with success (0) or failure (1). Returns only where
 * the kernel cannot leave (then the caller should stop by other means). */
L4_INLINE void L4_KDB_Exit(L4_Word_t code)
{
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     :
	                     : "a"(code), [op] "i"(L4_KDB_OP_EXIT)
	                     : "memory", "cc");
}

/* The number of free page frames the kernel has (tests compare it before
 * and after to find leaks). */
L4_INLINE L4_Word_t L4_KDB_FreeFrames(void)
{
	L4_Word_t n;
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     : "=a"(n)
	                     : [op] "i"(L4_KDB_OP_FREE_FRAMES)
	                     : "cc");
	return n;
}

/* One of the kernel's event counters (L4_KDB_COUNTER_*). */
L4_INLINE L4_Word_t L4_KDB_Counter(L4_Word_t which)
{
	L4_Word_t n = which;
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     : "+a"(n)
	                     : [op] "i"(L4_KDB_OP_COUNTER)
	                     : "cc");
	return n;
}

/* A spurious interrupt on line 7 or 15, made by the kernel (tests): 1 if
 * done, 0 for another line. */
L4_INLINE L4_Word_t L4_KDB_RaiseSpurious(L4_Word_t line)
{
	L4_Word_t r = line;
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     : "+a"(r)
	                     : [op] "i"(L4_KDB_OP_RAISE_SPURIOUS)
	                     : "memory", "cc");
	return r;
}

/* The memory attribute (A.7) that the page-table entry of addr in the
 * caller's space has, or ~0 if nothing is mapped there. */
L4_INLINE L4_Word_t L4_KDB_PageAttribute(L4_Word_t addr)
{
	L4_Word_t r = addr;
	__asm__ __volatile__("int3\n\tcmpb %[op], %%al"
	                     : "+a"(r)
	                     : [op] "i"(L4_KDB_OP_PAGE_ATTRIBUTE)
	                     : "memory", "cc");
	return r;
}

/* CR3 loads and segment reloads so far: a benchmark reads them before and
 * after a loop to report address-space switches per operation. */
L4_INLINE void L4_KDB_Counters(L4_Word_t *cr3_loads, L4_Word_t *segment_reloads)
{
	*cr3_loads = L4_KDB_Counter(L4_KDB_COUNTER_CR3_LOADS);
	*segment_reloads = L4_KDB_Counter(L4_KDB_COUNTER_SEGMENT_RELOADS);
}

/*
 * A program that defines this symbol as a nonzero int leaves the emulator
 * with L4_KDB_Exit(main's result != 0) when main returns; otherwise the
 * start code sleeps forever after main (libl4/src/start.c).
 */
extern const int l4_exit_when_main_returns __attribute__((weak));

L4_END_DECLS
