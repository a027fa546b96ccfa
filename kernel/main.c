// SPDX-License-Identifier: MIT
/*
 * main.c: the generic kernel's boot sequence. Reports what the loader gave,
 * refuses bad boot input with one clear sentence, takes the kernel's memory
 * pool, then either runs a kernel test (command line "test=NAME") or starts
 * user level.
 */
#include "kernel.h"
#include "main.h"
#include "../arch/ia32/timer.h"
#include "kmem.h"
#include "ktest.h"
#include "kip.h"
#include "space.h"
#include "tcb.h"
#include "boot_servers.h"
#include "kdb.h"
#include "../arch/ia32/uctx.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/machine.h"

struct memmap usable_memory;
struct boot_info *boot_info_ptr;

static void print_boot_info(const struct boot_info *bi)
{
	kprintf("command line: \"%s\"\n", bi->cmdline);
	kprintf("kernel image: %08x-%08x\n", bi->kernel_start, bi->kernel_end);
	kprintf("memory map from the loader:\n");
	for (unsigned i = 0; i < bi->loader_map.count; i++) {
		const struct mem_range *r = &bi->loader_map.r[i];
		kprintf("  %08x%08x-%08x%08x %s\n", (uint32_t)(r->base >> 32),
		        (uint32_t)r->base, (uint32_t)(r->end >> 32), (uint32_t)r->end,
		        r->type == MEM_USABLE ? "usable" : "reserved");
	}
	kprintf("modules: %u\n", bi->nmods);
	for (unsigned i = 0; i < bi->nmods; i++)
		kprintf("  [%u] %08x-%08x %6u KiB  %s\n", i, bi->mods[i].start,
		        bi->mods[i].end, (bi->mods[i].end - bi->mods[i].start + 1023) / 1024,
		        bi->mods[i].cmdline);
}

/* Ranges the kernel pool must avoid: low memory, the image, the modules and
 * the loader's information (the root task reads the latter two later). */
static void collect_used(const struct boot_info *bi, struct memmap *used)
{
	used->count = 0;
	memmap_add(used, 0, 0x100000, MEM_RESERVED);
	memmap_add(used, bi->kernel_start, bi->kernel_end, MEM_RESERVED);
	for (unsigned i = 0; i < bi->nmods; i++)
		memmap_add(used, bi->mods[i].start & ~0xFFFu,
		           (bi->mods[i].end + 0xFFFu) & ~0xFFFu, MEM_RESERVED);
	if (bi->raw_info)
		memmap_add(used, bi->raw_info & ~0xFFFu, (bi->raw_info & ~0xFFFu) + 0x1000,
		           MEM_RESERVED);
}

void kernel_main(struct boot_info *bi)
{
	struct memmap used;
	char test[32];

	boot_info_ptr = bi;
	kprintf("\nL4/ia32 microkernel (X.2 interface) starting\n");
	print_boot_info(bi);
	if (CONFIG_KDB)
		kdb_init(bi->cmdline);

	collect_used(bi, &used);
	memmap_usable(&bi->loader_map, &used, PHYS_WINDOW_SIZE, &usable_memory);
	uint64_t total = memmap_total(&usable_memory);
	bool test_mode = cmdline_get(bi->cmdline, "test", test, sizeof test);

	const char *err = bootinfo_check(bi, total, test_mode ? 0 : BOOT_MIN_MODULES);
	if (err) {
		kprintf("boot: error: %s\n", err);
		kernel_exit(false);
	}
	kprintf("usable memory: %u KiB in %u ranges (below %u MiB)\n",
	        (uint32_t)(total / 1024), usable_memory.count, PHYS_WINDOW_SIZE >> 20);

	uint32_t pool_base, pool_size;
	if (!kmem_init(&usable_memory, &pool_base, &pool_size)) {
		kprintf("boot: error: no memory for the kernel pool\n");
		kernel_exit(false);
	}
	kprintf("kernel memory: %u KiB at %08x, %u frames free\n", pool_size / 1024,
	        pool_base, kmem_free_frames());

	arch_init_late();
	thread_init_tcbs();
	if (!(kip_page = kip_build(bi, pool_base, pool_size)))
		panic("kernel_main: no memory for the KIP");
	kprintf("processor: %u kHz (time stamp counter against the PIT)\n", timer_cpu_khz());
	syscall_init();

	if (test_mode) {
		irq_enable();
		ktest_run(test);
	}
	start_initial_servers(bi);
	start_scheduler();
}
