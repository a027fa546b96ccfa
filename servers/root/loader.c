// SPDX-License-Identifier: MIT
/*
 * loader.c: ELF programs from the boot modules. The multiboot information
 * (its physical address is the KIP's BootInfo) and the module images are
 * boot-loader memory, which sigma0 maps to the root task on explicit
 * request, at their physical addresses. Each program runs in a new space
 * whose pager is the loader's pager thread: on a fault inside a segment it
 * takes a fresh page from sigma0, fills it from the file (zeroes past the
 * file's bytes: bss), and maps it with the segment's rights. A fault
 * outside every segment is reported and left unanswered.
 *
 * Drivers (servers/driver) get what only the root task can give: an IO
 * fault is answered with the ports, taken from sigma0 for the root task
 * and mapped on (so the root task can take them back), and a request
 * labelled LABEL_IRQ associates an interrupt line with the sender (X.2
 * §2.4: ThreadControl is privileged), and CONSOLE_FIND (l4/console.h) gives the console
 * (serial) driver's thread id. The root task trusts its modules.
 */
#include "loader.h"
#include "spaces.h"
#include "elf.h"
#include <l4/arch.h>
#include <l4/console.h>
#include <string.h>

#define MAX_PROGRAMS   8
#define MAX_PAGES      256             /* backing pages, all programs */
#define BACKING_AREA   0x50000000UL    /* where the root task keeps them */
#define LABEL_DONE     0x444F          /* a program: "I am done" */
#define MBI_FLAG_CMDLINE (1UL << 2)
#define LABEL_IRQ      0x4952          /* a driver: MR1 = interrupt line */
#define MBI_FLAG_MODS  (1UL << 3)

struct program {
	L4_ThreadId_t id;
	const char *name;
	const unsigned char *image;     /* the module, mapped at its address */
	struct elf_image elf;
	bool done;
};

static struct program programs[MAX_PROGRAMS];
static unsigned nprograms;
static struct { L4_ThreadId_t who; L4_Word_t page, backing; } pages[MAX_PAGES];
static unsigned npages;
static L4_ThreadId_t loader_pager;

/* Maps [pa, pa + len) idempotently from sigma0 (boot-loader memory). */
static bool map_phys(L4_Word_t pa, L4_Word_t len)
{
	for (L4_Word_t p = pa & ~0xFFFUL; p < pa + len; p += 0x1000)
		if (L4_IsNilFpage(L4_Sigma0_GetPage(L4_nilthread, L4_FpageLog2(p, 12))))
			return false;
	return true;
}

static struct program *program_of(L4_ThreadId_t t)
{
	for (unsigned i = 0; i < nprograms; i++)
		if (programs[i].id.raw == t.raw)
			return &programs[i];
	return 0;
}

/* The contents of 'page' of segment s, from the file (zeroes past it). */
static void fill_page(struct program *p, const struct elf_segment *s, L4_Word_t page,
                      L4_Word_t backing)
{
	unsigned char *dst = (unsigned char *)backing;
	for (L4_Word_t off = 0; off < 0x1000; off++) {
		L4_Word_t va = page + off;
		bool in_file = va >= s->vaddr && va - s->vaddr < s->filesz;
		dst[off] = in_file ? p->image[s->offset + (va - s->vaddr)] : 0;
	}
}

/* The backing page for 'page' of program p, made on first use. */
static L4_Word_t backing_page(struct program *p, const struct elf_segment *s, L4_Word_t page)
{
	for (unsigned i = 0; i < npages; i++)
		if (pages[i].who.raw == p->id.raw && pages[i].page == page)
			return pages[i].backing;
	if (npages == MAX_PAGES)
		return 0;
	L4_Word_t b = BACKING_AREA + npages * 0x1000UL;
	if (L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(b, 12))))
		return 0;
	fill_page(p, s, page, b);
	pages[npages].who = p->id;
	pages[npages].page = page;
	pages[npages].backing = b;
	npages++;
	return b;
}

static bool serve_fault(struct program *p, L4_Word_t addr, L4_Word_t ip, L4_Word_t access)
{
	for (unsigned i = 0; i < p->elf.nsegs; i++) {
		const struct elf_segment *s = &p->elf.seg[i];
		if (addr < s->vaddr || addr - s->vaddr >= s->memsz)
			continue;
		if ((access & L4_Writable) && !s->writable)
			break;
		L4_Word_t page = addr & ~0xFFFUL, b = backing_page(p, s, page);
		if (!b) {
			printf("root: out of pages for %s\n", p->name);
			return false;
		}
		L4_Word_t rights = s->writable ? L4_FullyAccessible : L4_ReadeXecOnly;
		L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(b, 12), rights), page);
		L4_LoadMR(1, m.raw[0]);
		L4_LoadMR(2, m.raw[1]);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
		return true;
	}
	printf("root: %s (%lx) faulted at %lx (ip %lx) outside its image; left stopped\n",
	       p->name, (unsigned long)p->id.raw, (unsigned long)addr, (unsigned long)ip);
	return false;
}

/* The ports of an IO fault, from sigma0 through the root task. */
static bool serve_io_fault(struct program *p, L4_Fpage_t f)
{
	L4_Fpage_t got = L4_Sigma0_GetPage(L4_nilthread, f);
	if (!L4_IsIoFpage(got)) {
		printf("root: %s: no ports %lx/%lu for it\n", p->name,
		       (unsigned long)L4_IoFpagePort(f), (unsigned long)L4_IoFpageSize(f));
		return false;
	}
	L4_MapItem_t m = L4_MapItem(got, 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
	return true;
}

static void pager_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w1 = 0, w2 = 0, w3 = 0;
		L4_StoreMR(1, &w1);
		L4_StoreMR(2, &w2);
		L4_StoreMR(3, &w3);
		struct program *p = program_of(from);
		bool reply = false;
		if (L4_IpcFailed(tag)) {
			/* nothing to answer */
		} else if (pager_serve_start(tag, w1, w2, w3)) {
			reply = true;
		} else if (p && L4_IsPagefaultLabel(L4_Label(tag))) {
			reply = serve_fault(p, w1, w2, L4_PagefaultRights(L4_Label(tag)));
		} else if (p && L4_IsIoPagefaultLabel(L4_Label(tag))) {
			reply = serve_io_fault(p, (L4_Fpage_t){ .raw = w1 });
		} else if (p && L4_Label(tag) == LABEL_IRQ) {
			L4_Word_t ok = L4_AssociateInterrupt(L4_GlobalId(w1, 1), from);
			L4_LoadMR(1, ok);
			L4_LoadMR(2, ok ? 0 : L4_ErrorCode());
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 } });
			reply = true;
		} else if (p && L4_Label(tag) == CONSOLE_FIND) {
			L4_LoadMR(1, program_named("serial").raw);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
			reply = true;
		} else if (p && L4_Label(tag) == LABEL_DONE) {
			p->done = true;
			L4_Set_MsgTag(L4_Niltag);
			reply = true;
		}
		tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

/* Segments must stay below the KIP and UTCB areas (spaces.c). */
static const char *check_segments(const struct elf_image *e)
{
	for (unsigned i = 0; i < e->nsegs; i++) {
		const struct elf_segment *s = &e->seg[i];
		if (s->vaddr < 0x1000 || s->vaddr + s->memsz > 0xBF000000UL ||
		    s->vaddr + s->memsz < s->vaddr)
			return "a segment lies outside 4 KiB .. 0xBF000000";
	}
	return 0;
}

unsigned load_modules(void)
{
	L4_KernelInterfacePage_t *kip = L4_GetKernelInterface();
	L4_Word_t mbi = kip->BootInfo;
	if (!mbi || !map_phys(mbi, 32))
		return 0;
	const L4_Word_t *info = (const L4_Word_t *)mbi;
	if (!(info[0] & MBI_FLAG_MODS) || info[5] <= 2)
		return 0;
	L4_Word_t count = info[5], list = info[6];
	if (!map_phys(list, count * 16))
		return 0;
	loader_pager = thread_start(pager_loop);
	if (L4_IsNilThread(loader_pager))
		return 0;
	/* Modules 0 and 1 are sigma0 and the root task. */
	for (L4_Word_t i = 2; i < count && nprograms < MAX_PROGRAMS; i++) {
		const L4_Word_t *mod = (const L4_Word_t *)(list + i * 16);
		L4_Word_t start = mod[0], end = mod[1], str = mod[2];
		const char *name = "?";
		if (str && map_phys(str, 256))
			name = (const char *)str;
		struct program *p = &programs[nprograms];
		const char *err = 0;
		if (end <= start || !map_phys(start, end - start))
			err = "its memory cannot be had from sigma0";
		else
			err = elf_parse((const void *)start, end - start, &p->elf);
		if (!err)
			err = check_segments(&p->elf);
		if (err) {
			printf("root: module %lu (%s): %s; skipped\n", (unsigned long)i, name, err);
			continue;
		}
		p->id = L4_GlobalId(L4_ThreadNo(root_id) + 1000 + nprograms, 1);
		p->name = name;
		p->image = (const unsigned char *)start;
		nprograms++;
		if (!space_new(p->id, loader_pager, p->elf.entry, 0)) {
			printf("root: module %lu (%s): no space for it; skipped\n", (unsigned long)i, name);
			nprograms--;
			continue;
		}
		printf("root: started module %lu (%s) as %lx, entry %lx\n", (unsigned long)i, name,
		       (unsigned long)p->id.raw, (unsigned long)p->elf.entry);
	}
	return nprograms;
}

bool program_restart(L4_ThreadId_t id, unsigned ms)
{
	struct program *p = program_of(id);
	if (!p)
		return false;
	/* Its space goes, with its ports and interrupt lines; its pages come
	 * back from the file as they were. */
	L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	for (unsigned i = 0; i < npages; i++) {
		if (pages[i].who.raw != id.raw)
			continue;
		for (unsigned k = 0; k < p->elf.nsegs; k++) {
			const struct elf_segment *s = &p->elf.seg[k];
			if (pages[i].page + 0x1000 > s->vaddr && pages[i].page < s->vaddr + s->memsz) {
				fill_page(p, s, pages[i].page, pages[i].backing);
				break;
			}
		}
	}
	p->done = false;
	if (!space_new(p->id, loader_pager, p->elf.entry, 0))
		return false;
	for (unsigned t = 0; t <= ms && !p->done; t += 10)
		L4_Sleep(L4_TimePeriod(10000));
	return p->done;
}

L4_ThreadId_t program_named(const char *suffix)
{
	for (unsigned i = 0; i < nprograms; i++) {
		const char *n = programs[i].name;
		unsigned ln = 0, ls = 0;
		while (n[ln] && n[ln] != ' ')
			ln++;
		while (suffix[ls])
			ls++;
		if (ln >= ls && memcmp(n + ln - ls, suffix, ls) == 0)
			return programs[i].id;
	}
	return L4_nilthread;
}

unsigned modules_wait_done(unsigned ms)
{
	unsigned done = 0;
	for (unsigned t = 0; t <= ms; t += 10) {
		done = 0;
		for (unsigned i = 0; i < nprograms; i++)
			done += programs[i].done;
		if (done == nprograms)
			break;
		L4_Sleep(L4_TimePeriod(10000));
	}
	return done;
}

const char *boot_cmdline(void)
{
	L4_KernelInterfacePage_t *kip = L4_GetKernelInterface();
	L4_Word_t mbi = kip->BootInfo;
	if (!mbi || !map_phys(mbi, 32))
		return "";
	const L4_Word_t *info = (const L4_Word_t *)mbi;
	if (!(info[0] & MBI_FLAG_CMDLINE) || !info[4] || !map_phys(info[4], 256))
		return "";
	return (const char *)info[4];
}
