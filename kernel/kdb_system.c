// SPDX-License-Identifier: MIT
/*
 * kdb_system.c: the debugger's views of the kernel as a whole: the KIP
 * as user programs see it (X.2 §1.1), the interrupt lines (handler,
 * masked, pending, in service, arrivals), and the event counters that
 * L4_KDB_Counter reads. Read-only.
 */
#include "kdb_cmd.h"
#include "kip.h"
#include "space.h"
#include "ipc.h"
#include "interrupt.h"
#include "clock.h"
#include "../arch/ia32/irq.h"
#include "../arch/ia32/uctx.h"

static word_t kip_word(unsigned off)
{
	return *(const word_t *)((const char *)kip_page + off);
}

static const char *const mem_types[16] = {
	"undefined", "conventional", "reserved", "dedicated", "shared",
	[0xE] = "bootloader", [0xF] = "arch",
};

int kdb_cmd_kip(int argc, char **argv)
{
	(void)argc, (void)argv;
	static const struct { const char *name; unsigned off; } words[] = {
		{ "magic", KIP_MAGIC }, { "api version", KIP_API_VERSION_OFF },
		{ "api flags", KIP_API_FLAGS }, { "kernel desc", KIP_KERN_DESC_PTR },
		{ "sigma0 ip", KIP_SIGMA0_IP }, { "sigma0 sp", KIP_SIGMA0_SP },
		{ "root ip", KIP_ROOT_IP }, { "root sp", KIP_ROOT_SP },
		{ "memory info", KIP_MEMORY_INFO }, { "utcb info", KIP_UTCB_INFO },
		{ "kip area info", KIP_KIP_AREA_INFO }, { "boot info", KIP_BOOT_INFO },
		{ "clock info", KIP_CLOCK_INFO }, { "thread info", KIP_THREAD_INFO },
		{ "page info", KIP_PAGE_INFO }, { "processor info", KIP_PROCESSOR_INFO },
		{ "SpaceControl", KIP_SPACE_CONTROL }, { "ThreadControl", KIP_THREAD_CONTROL },
		{ "ProcessorControl", KIP_PROCESSOR_CTRL }, { "MemoryControl", KIP_MEMORY_CONTROL },
		{ "Ipc", KIP_IPC }, { "Lipc", KIP_LIPC }, { "Unmap", KIP_UNMAP },
		{ "ExchangeRegisters", KIP_EXCHANGE_REGS }, { "SystemClock", KIP_SYSTEM_CLOCK },
		{ "ThreadSwitch", KIP_THREAD_SWITCH }, { "Schedule", KIP_SCHEDULE },
	};
	kprintf("KIP at %p (kernel), words at their offsets; system-call links are\n"
	        "offsets from the KIP's address in each space:\n", kip_page);
	for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++)
		kprintf("  %03x %-18s %08x%s", words[i].off, words[i].name, kip_word(words[i].off),
		        i % 2 ? "\n" : "   ");
	kprintf("\n");
	word_t info = kip_word(KIP_MEMORY_INFO), n = info & 0xFFFF, off = info >> 16;
	kprintf("  memory descriptors (%u):\n", n);
	for (word_t i = 0; i < n && i < KIP_MEM_DESCS_MAX; i++) {
		word_t lo = kip_word(off + 8 * i), hi = kip_word(off + 8 * i + 4);
		kprintf("    %08x-%08x %s %-12s (type %x.%x)\n", lo & ~0x3FFu, hi | 0x3FF,
		        lo & 0x200 ? "virtual " : "physical", mem_types[lo & 0xF] ? mem_types[lo & 0xF] : "?",
		        lo & 0xF, (lo >> 4) & 0xF);
	}
	return KDB_STAY;
}

int kdb_cmd_irqs(int argc, char **argv)
{
	(void)argc, (void)argv;
	kprintf("  irq  handler          masked  pending  in-service  arrivals\n");
	for (unsigned irq = 0; irq < INTERRUPT_LINES; irq++) {
		word_t handler;
		bool pending, in_service;
		char b[24];
		interrupt_line_state(irq, &handler, &pending, &in_service);
		const char *who = handler != TID_NIL ? kdb_tid(handler, b) :
		                  irq == 0 ? "kernel (timer)" : irq == 2 ? "kernel (cascade)" :
		                  irq == 4 ? "kernel (COM1)" : "none";
		kprintf("  %3u  %-16s %-6s  %-7s  %-10s  %u\n", irq, who,
		        arch_irq_masked(irq) ? "yes" : "no", pending ? "yes" : "no",
		        in_service ? "yes" : "no", irq_arrivals[irq]);
	}
	return KDB_STAY;
}

int kdb_cmd_counters(int argc, char **argv)
{
	(void)argc, (void)argv;
	kprintf("  clock                %u us\n", (uint32_t)clock_us());
	kprintf("  ipc fast path        %u\n", ipc_fastpath_count());
	kprintf("  ipc general path     %u\n", ipc_slowpath_count);
	kprintf("  cr3 loads            %u\n", cr3_load_count());
	kprintf("  segment reloads      %u\n", segment_reload_count());
	kprintf("  interrupts delivered %u\n", interrupts_delivered);
	kprintf("  interrupts kept      %u\n", interrupts_kept);
	kprintf("  spurious interrupts  %u\n", spurious_interrupts);
	kprintf("  kernel breakpoints   %u\n", kernel_breakpoints);
	kprintf("  kernel frames free   %u of %u\n", kmem_free_frames(), kmem_total_frames());
	return KDB_STAY;
}
