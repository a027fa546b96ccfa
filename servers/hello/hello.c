// SPDX-License-Identifier: MIT
/*
 * hello: a program the root task loads from a boot module into its own
 * address space. It checks that its data and bss arrived as the ELF file
 * says (each page comes from its pager on first touch), says so (through
 * the console driver, when there is one), and tells its pager it is done.
 */
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <l4/console.h>
#include <l4/loader.h>
#include <stdio.h>

#define WORDS      (64 * 1024 / 4)

static unsigned data_word = 0x600DDA7A;
static unsigned bss_words[WORDS];       /* 64 KiB: 16 pages of bss faults */

int main(void)
{
	console_open();                 /* print through the console driver, if any */
	unsigned sum = 0;
	for (unsigned i = 0; i < WORDS; i++)
		sum |= bss_words[i];            /* bss must read as zero */
	for (unsigned i = 0; i < WORDS; i++)
		bss_words[i] = i;
	unsigned long total = 0;
	for (unsigned i = 0; i < WORDS; i++)
		total += bss_words[i];
	bool ok = sum == 0 && data_word == 0x600DDA7A &&
	          total == (unsigned long)WORDS * (WORDS - 1) / 2;
	printf("hello: %lx in its own address space, pager %lx: data and bss %s; console %s\n",
	       (unsigned long)L4_Myself().raw, (unsigned long)L4_Pager().raw,
	       ok ? "as the ELF file says" : "WRONG",
	       L4_IsNilThread(console_attached()) ? "the kernel debugger" : "the serial driver");
	L4_Loader_Ready();
	return ok ? 0 : 1;
}
