// SPDX-License-Identifier: MIT
/*
 * boot_servers.c: creating sigma0 and the root task (X.2 §7.8). Their ELF
 * images (modules 0 and 1) are copied to the physical addresses they are
 * linked for, as a boot loader would, and each gets a space whose KIP and
 * UTCB areas lie just below the user limit. Sigma0's space is idempotent:
 * the kernel resolves its faults by mapping physical = virtual. The root
 * task's image is mapped at boot (phys = virt) with sigma0 as its pager.
 * After this the kernel never looks at the modules again.
 */
#include "kernel.h"
#include "boot_servers.h"
#include "elf.h"
#include "generic_bootinfo.h"
#include "kip.h"
#include "kmem.h"
#include "sched.h"
#include "space.h"
#include "syscalls.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/uctx.h"
#include "../arch/ia32/machine.h"
#include "main.h"

#define INITIAL_KIP_AREA   0xBFF00000u          /* 4 KiB */
#define INITIAL_UTCB_AREA  0xBFE00000u          /* 64 KiB: 128 threads */
#define INITIAL_UTCB_LOG2  16

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Where an image may be copied: usable memory not holding anything else. */
static const char *check_destination(const struct boot_info *bi, uint32_t pa, uint32_t len)
{
	bool inside = false;
	for (unsigned i = 0; i < usable_memory.count; i++)
		if (pa >= usable_memory.r[i].base && pa + len <= usable_memory.r[i].end)
			inside = true;
	if (!inside)
		return "its segments are not in usable memory below the kernel window";
	for (uint32_t a = pa & ~0xFFFu; a < pa + len; a += PAGE_SIZE)
		if (kmem_owns(a))
			return "its segments overlap kernel memory";
	for (unsigned i = 0; i < bi->nmods; i++)
		if (overlaps(pa, len, bi->mods[i].start, bi->mods[i].end - bi->mods[i].start))
			return "its segments overlap a boot module";
	return 0;
}

static const char *load_image(const struct boot_info *bi, unsigned m, struct elf_image *img,
                              uint32_t *low, uint32_t *high)
{
	const struct boot_module *mod = &bi->mods[m];
	const void *src = phys_to_virt(mod->start);
	const char *err = elf_parse(src, mod->end - mod->start, img);
	if (err)
		return err;
	*low = 0xFFFFFFFFu, *high = 0;
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		if ((err = check_destination(bi, s->vaddr, s->memsz)))
			return err;
		if (s->vaddr < *low)
			*low = s->vaddr;
		if (s->vaddr + s->memsz > *high)
			*high = s->vaddr + s->memsz;
	}
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		memcpy(phys_to_virt(s->vaddr), (const char *)src + s->offset, s->filesz);
		memset((char *)phys_to_virt(s->vaddr) + s->filesz, 0, s->memsz - s->filesz);
	}
	return 0;
}

static struct space *server_space(const struct elf_image *img, bool idempotent)
{
	struct space *s = space_create();
	if (!s || space_set_areas(s, fpage_make(INITIAL_KIP_AREA, 12),
	                          fpage_make(INITIAL_UTCB_AREA, INITIAL_UTCB_LOG2)))
		panic("boot: no memory for an initial space");
	s->privileged = true;
	s->kmem.limit = KMEM_UNLIMITED;         /* they hand out all memory */
	s->idempotent = idempotent;
	for (unsigned i = 0; i < img->nsegs; i++)
		if (!space_map_identity(s, img->seg[i].vaddr, img->seg[i].memsz, true))
			panic("boot: no memory to map an initial server");
	return s;
}

/* Writes the generic BootInfo (X.2 Appendix E) into the pages kernel_main
 * reserved, with sigma0 and the root task as simple executables where
 * their images have that form, and puts its address in the KIP. */
static void publish_generic_bootinfo(const struct boot_info *bi, const struct elf_image img[2])
{
	struct boot_exec execs[2];
	unsigned n = 0;
	for (unsigned m = 0; m < 2; m++)
		n += boot_exec_from_elf(&img[m], m, &execs[n]);
	uint32_t size = generic_bootinfo_build(0, bi, execs, n);
	if (size > generic_bootinfo_room)
		panic("boot: the generic BootInfo outgrew its room");
	generic_bootinfo_build(phys_to_virt(generic_bootinfo_pa), bi, execs, n);
	kip_set_word(KIP_BOOT_INFO, generic_bootinfo_pa);
	kprintf("boot: generic BootInfo at %08x, %u bytes, %u records\n", generic_bootinfo_pa,
	        size, 1 + bi->nmods + n);
}

void start_initial_servers(const struct boot_info *bi)
{
	static const char *const names[2] = { "sigma0", "root task" };
	static const unsigned kip_off[2][4] = {
		{ KIP_SIGMA0_SP, KIP_SIGMA0_IP, KIP_SIGMA0_LOW, KIP_SIGMA0_HIGH },
		{ KIP_ROOT_SP, KIP_ROOT_IP, KIP_ROOT_LOW, KIP_ROOT_HIGH },
	};
	struct elf_image img[2];
	for (unsigned m = 0; m < 2; m++) {
		uint32_t low, high;
		const char *err = load_image(bi, m, &img[m], &low, &high);
		if (err) {
			kprintf("boot: error: module %u (%s, \"%s\"): %s\n", m, names[m],
			        bi->mods[m].cmdline, err);
			kernel_exit(false);
		}
		kip_set_word(kip_off[m][0], 0);
		kip_set_word(kip_off[m][1], img[m].entry);
		kip_set_word(kip_off[m][2], low);
		kip_set_word(kip_off[m][3], high - 1);
		kprintf("boot: %s loaded at %08x-%08x, entry %08x\n", names[m], low,
		        high, img[m].entry);
	}
	publish_generic_bootinfo(bi, img);
	struct space *s0 = server_space(&img[0], true);
	struct space *rt = server_space(&img[1], false);
	word_t sigma0_id = tid_make(SIGMA0_THREAD, 1);
	if (!create_initial_thread(sigma0_id, s0, img[0].entry, 0, TID_NIL) ||
	    !create_initial_thread(tid_make(ROOT_THREAD, 1), rt, img[1].entry, 0, sigma0_id))
		panic("boot: no memory for the initial threads");
}

static struct tcb *idle;

/* Zeroes frames ahead while nothing else runs (kmem_prezero), letting
 * interrupts in between two, and waits for one when there is no more to
 * do. */
static void idle_loop(void)
{
	for (;;) {
		if (need_resched)
			schedule();
		else if (kmem_prezero())
			machine_irq_window();
		else
			machine_idle_once();
	}
}

void start_scheduler(void)
{
	idle = thread_alloc(tid_make(IDLE_THREAD, 1));
	if (!idle)
		panic("boot: no memory for the idle thread");
	tcb_set_state(idle, TS_IDLE);
	sched_init(idle);
	uctx_init_kernel(idle, idle_loop);
	set_current(idle);
	need_resched = true;
	arch_enter_first(idle);
}
