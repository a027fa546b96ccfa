// SPDX-License-Identifier: MIT
/*
 * init.c: kmain, the first C code. Brings up the console, descriptor
 * tables, interrupt controller and timer in the order each needs the last,
 * reads the boot information, and hands over to the generic kernel_main.
 */
#include "console.h"
#include "gdt.h"
#include "multiboot.h"
#include "paging.h"
#include "pic.h"
#include "smallspace.h"
#include "timer.h"
#include "irq.h"
#include "iobitmap.h"
#include "fpu.h"
#include "trapframe.h"
#include "../../kernel/bootinfo.h"
#include "../../kernel/kernel.h"
#include "../../kernel/main.h"

static struct boot_info boot_info;

void kmain(uint32_t magic, uint32_t mbi_phys);
void kmain(uint32_t magic, uint32_t mbi_phys)
{
	console_init();
	gdt_init();
	io_bitmap_init();
	trap_init();
	pic_init();

	const char *err = multiboot_parse(magic, mbi_phys, &boot_info);
	if (err) {
		kprintf("boot: error: %s\n", err);
		kernel_exit(false);
	}
	kernel_main(&boot_info);
}

void arch_init_late(void)
{
	paging_init();          /* kernel memory is up: the identity map goes */
	smallspace_init();      /* before the first space copies the directory */
	fpu_init();             /* TS set: no thread owns the FPU yet */
	timer_init();
	arch_irq_init();         /* user interrupt lines, all masked */
}
