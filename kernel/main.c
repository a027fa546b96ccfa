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
#include "generic_bootinfo.h"
#include "kdb.h"
#include "../arch/ia32/uctx.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/machine.h"

struct memmap usable_memory;
struct boot_info *boot_info_ptr;
uint32_t generic_bootinfo_pa, generic_bootinfo_room;

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

/* Ranges the kernel pool must avoid: low memory, the image and the modules
 * (the root task reads them later). The loader's own information is read
 * once, into *bi; the generic BootInfo replaces it. */
static void collect_used(const struct boot_info *bi, struct memmap *used)
{
	used->count = 0;
	memmap_add(used, 0, 0x100000, MEM_RESERVED);
	memmap_add(used, bi->kernel_start, bi->kernel_end, MEM_RESERVED);
	for (unsigned i = 0; i < bi->nmods; i++)
		memmap_add(used, bi->mods[i].start & ~0xFFFu,
		           (bi->mods[i].end + 0xFFFu) & ~0xFFFu, MEM_RESERVED);
}

/* Room for the generic BootInfo (X.2 Appendix E, generic_bootinfo.h): the
 * top pages of the largest usable range, taken out of usable memory so
 * that neither the kernel pool nor sigma0's conventional memory holds
 * them (the KIP lists them as boot-loader memory). Sized for the records
 * with a simple executable for both sigma0 and the root task, the most
 * there can be. Returns false if no range has the room. */
static bool reserve_generic_bootinfo(const struct boot_info *bi)
{
	static const struct boot_exec both[2] = { { .module = 0 }, { .module = 1 } };
	uint32_t size = generic_bootinfo_build(0, bi, both, bi->nmods >= 2 ? 2 : 0);
	uint32_t room = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	struct mem_range *best = 0;
	for (unsigned i = 0; i < usable_memory.count; i++)
		if (!best || usable_memory.r[i].end - usable_memory.r[i].base >
		             best->end - best->base)
			best = &usable_memory.r[i];
	if (!best || best->end - best->base < 2ull * room)
		return false;
	best->end -= room;
	generic_bootinfo_pa = (uint32_t)best->end;
	generic_bootinfo_room = room;
	return true;
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

	if (!test_mode && !reserve_generic_bootinfo(bi)) {
		kprintf("boot: error: no memory for the boot information\n");
		kernel_exit(false);
	}
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
