// SPDX-License-Identifier: MIT
/*
 * fuzz_entry.c: the fuzzer's raw way into the kernel. fuzz_enter loads
 * every register the kernel may read (the seven general ones, EFLAGS,
 * DS ES FS GS) from fuzz_frame and jumps to fuzz_frame.target, whose
 * first instruction is popfd; the code there enters the kernel however the
 * call wants (a KIP stub, int N, sysenter, int3, `lock; nop`, a faulting
 * instruction) and returns to fuzz_return, which stores the registers.
 * Nothing between the loads and the entry may need DS, so the loads go
 * through the stack (SS) and the return path uses SS overrides: the call
 * may have left DS null. An exception resumes at fuzz_recover (the
 * handler's reply, fuzz.c), which takes the saved stack back.
 *
 * Stack at the jump: [target] [eflags] [fuzz_return], so the target's
 * popfd takes the flags and its ret (or a KIP stub's) comes back here.
 */
#include "fuzz.h"

struct fuzz_frame fuzz_frame;
unsigned char fuzz_code[64] __attribute__((aligned(64)));
L4_Word_t fuzz_segments[4];
L4_Word_t fuzz_saved_esp;

_Static_assert(sizeof(struct fuzz_frame) == 52, "fuzz_frame: offsets below");

__asm__(
	".text\n"
	".globl fuzz_enter\n"
	"fuzz_enter:\n\t"
	"pushl %ebp\n\t"
	"pushl %ebx\n\t"
	"pushl %esi\n\t"
	"pushl %edi\n\t"
	"movl %esp, fuzz_saved_esp\n\t"
	"pushl $fuzz_return\n\t"
	"pushl fuzz_frame+32\n\t"               /* eflags */
	"pushl fuzz_frame+28\n\t"               /* target */
	"pushl fuzz_frame+24\n\t"               /* ebp ... eax */
	"pushl fuzz_frame+20\n\t"
	"pushl fuzz_frame+16\n\t"
	"pushl fuzz_frame+12\n\t"
	"pushl fuzz_frame+8\n\t"
	"pushl fuzz_frame+4\n\t"
	"pushl fuzz_frame+0\n\t"
	"pushl fuzz_frame+48\n\t"               /* gs fs es ds */
	"pushl fuzz_frame+44\n\t"
	"pushl fuzz_frame+40\n\t"
	"pushl fuzz_frame+36\n\t"
	"movl 12(%esp), %eax\n\t"
	"cmpl $-1, %eax\n\t"
	"je 1f\n\t"
	"movw %ax, %gs\n"
	"1:\tmovl 8(%esp), %eax\n\t"
	"cmpl $-1, %eax\n\t"
	"je 1f\n\t"
	"movw %ax, %fs\n"
	"1:\tmovl 4(%esp), %eax\n\t"
	"cmpl $-1, %eax\n\t"
	"je 1f\n\t"
	"movw %ax, %es\n"
	"1:\tmovl 0(%esp), %eax\n\t"
	"cmpl $-1, %eax\n\t"
	"je 1f\n\t"
	"movw %ax, %ds\n"
	"1:\taddl $16, %esp\n\t"
	"popl %eax\n\t"
	"popl %ecx\n\t"
	"popl %edx\n\t"
	"popl %esi\n\t"
	"popl %edi\n\t"
	"popl %ebx\n\t"
	"popl %ebp\n\t"
	"ret\n"                                 /* to the target */

	".globl fuzz_return\n"
	"fuzz_return:\n\t"
	"movl %eax, %ss:fuzz_frame+0\n\t"
	"movl %ecx, %ss:fuzz_frame+4\n\t"
	"movl %edx, %ss:fuzz_frame+8\n\t"
	"movl %esi, %ss:fuzz_frame+12\n\t"
	"movl %edi, %ss:fuzz_frame+16\n\t"
	"movl %ebx, %ss:fuzz_frame+20\n\t"
	"movl %ebp, %ss:fuzz_frame+24\n\t"
	"xorl %eax, %eax\n\t"
	"jmp fuzz_leave\n"

	".globl fuzz_recover\n"
	"fuzz_recover:\n\t"
	"movl $1, %eax\n"
	"fuzz_leave:\n\t"
	"movl %ss:fuzz_saved_esp, %esp\n\t"
	"pushl $0x202\n\t"                      /* IF only: no TF, DF, AC, NT */
	"popfl\n\t"
	"movw %ss:fuzz_segments+0, %ds\n\t"
	"movw %ss:fuzz_segments+4, %es\n\t"
	"movw %ss:fuzz_segments+8, %fs\n\t"
	"movw %ss:fuzz_segments+12, %gs\n\t"
	"popl %edi\n\t"
	"popl %esi\n\t"
	"popl %ebx\n\t"
	"popl %ebp\n\t"
	"ret\n");

/* The sibling (fuzz_calls.c) starts, and starts over, on its own stack. */
static L4_Word_t sibling_stack[1024] __attribute__((used, aligned(16)));
__asm__(
	".text\n"
	".globl fuzz_sibling_entry\n"
	"fuzz_sibling_entry:\n\t"
	"movl $sibling_stack+4096, %esp\n\t"
	"pushl $0x202\n\t"
	"popfl\n\t"
	"call fuzz_sibling\n\t"
	"ud2\n");

void fuzz_save_segments(void)
{
	L4_Word_t ds, es, fs, gs;
	__asm__("movl %%ds, %0; movl %%es, %1; movl %%fs, %2; movl %%gs, %3"
	        : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
	fuzz_segments[0] = ds & 0xFFFF, fuzz_segments[1] = es & 0xFFFF;
	fuzz_segments[2] = fs & 0xFFFF, fuzz_segments[3] = gs & 0xFFFF;
}
