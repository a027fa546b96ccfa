// SPDX-License-Identifier: MIT
/*
 * loader.c: ELF programs from the boot modules. The generic BootInfo
 * (X.2 Appendix E, <l4/bootinfo.h>; its physical address is the KIP's
 * BootInfo) and the module images are boot-loader memory, which sigma0
 * maps to the root task on explicit request, at their physical addresses.
 * Its Simple Module records are the kernel image (with the kernel's
 * command line), sigma0, the root task, then the programs; a module's
 * number counts from sigma0 (0). Each program runs in a new space
 * paged by a loader pager thread (the shared one, or one of its own,
 * config.h): on a fault inside a segment it takes a backing page
 * (memory.h), fills it from the file (zeroes past the file's bytes: bss),
 * and maps it with the segment's rights.
 *
 * The pager threads also serve the loader protocol (l4/loader.h): ready,
 * exit, arguments, interrupt lines (X.2 §2.4: ThreadControl is
 * privileged), the name service (names.c); anything else gets an error
 * reply. The start code makes a program's loader its exception handler,
 * so a program ends in one of three reported ways: it exits (a status),
 * or it faults outside its image, or it raises an exception; then its
 * space is deleted, its pages go back to the free list, its names go.
 * The root task trusts its modules with their ports: an IO fault is
 * answered with the ports, from sigma0 through the root task.
 */
#include "loader.h"
#include "program.h"
#include "memory.h"
#include <l4/arch.h>
#include <l4/bootinfo.h>
#include <l4/loader.h>
#include <l4/process.h>
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/thread.h>
#include <stdio.h>
#include <string.h>

#define PROGRAM_NO_BASE  1000           /* thread numbers: root's + this + n */
/* Privileged programs run in our space: their first threads take UTCB
 * slots from here (ours: 0, our threads': 1..L4_THREAD_SLOTS), each
 * leaving room for its own L4_THREAD_SLOTS threads after it. */
#define PRIVILEGED_SLOT  40
#define PRIVILEGED_MAX   2
#define LOADER_AREA      0x60000000UL   /* .. 0x80400000: memory.c, the tests' BIG_AREA */
#define LOADER_AREA_END  0x80400000UL

extern char __image_start[], _end[];
static unsigned nprivileged;

struct program *programs;
static unsigned nstarted, program_numbers;   /* boot programs started; ids made */
static L4_ThreadId_t shared_pager;
static volatile int lock_word;

void loader_lock(void)
{
	while (__sync_lock_test_and_set(&lock_word, 1))
		L4_ThreadSwitch(L4_nilthread);
}

void loader_unlock(void)
{
	__sync_lock_release(&lock_word);
}

/* Maps [pa, pa + len) idempotently from sigma0 (boot-loader memory). */
static bool map_phys(L4_Word_t pa, L4_Word_t len)
{
	for (L4_Word_t p = pa & ~0xFFFUL; p < pa + len; p += 0x1000)
		if (L4_IsNilFpage(L4_Sigma0_GetPage(L4_nilthread, L4_FpageLog2(p, 12))))
			return false;
	return true;
}

#define THREAD_SLOTS (L4_DEFAULT_UTCB_AREA_SIZE / L4_UTCB_SIZE)

bool program_has(const struct program *p, L4_ThreadId_t t)
{
	if (p->id.raw == t.raw)
		return true;
	for (unsigned i = 1; p->threads && i < THREAD_SLOTS; i++)
		if (p->threads[i].raw == t.raw && !L4_IsNilThread(t))
			return true;
	return false;
}

struct program *program_of(L4_ThreadId_t t)
{
	for (struct program *p = programs; p; p = p->next)
		if (program_has(p, t))
			return p;
	return NULL;
}

/* L4_LOADER_THREAD: an inactive thread in p's space, paged by p's pager,
 * in the next free slot of its UTCB area; nilthread if none. */
static L4_ThreadId_t thread_new(struct program *p)
{
	if (!p->threads && !(p->threads = heap_alloc(THREAD_SLOTS * sizeof(L4_ThreadId_t))))
		return L4_nilthread;
	unsigned slot = 1;
	while (slot < THREAD_SLOTS && !L4_IsNilThread(p->threads[slot]))
		slot++;
	if (slot == THREAD_SLOTS)
		return L4_nilthread;
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(L4_MainThread()) + PROGRAM_NO_BASE +
	                              program_numbers++, 1);
	if (!L4_ThreadControl(t, p->id, L4_MainThread(), p->pager,
	                      (void *)(L4_DEFAULT_UTCB_AREA + slot * L4_UTCB_SIZE)))
		return L4_nilthread;
	p->threads[slot] = t;
	return t;
}

/* Deletes p's thread t, not its first. */
static void thread_delete(struct program *p, L4_ThreadId_t t)
{
	for (unsigned i = 1; p->threads && i < THREAD_SLOTS; i++)
		if (p->threads[i].raw == t.raw) {
			L4_DeleteThread(t);
			p->threads[i] = L4_nilthread;
		}
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

/* The slot of p's backing page for 'page' (a two-level table from the
 * heap), or NULL when the heap is out. */
static L4_Word_t *page_slot(struct program *p, L4_Word_t page)
{
	if (!p->pages && !(p->pages = heap_alloc(1024 * sizeof(L4_Word_t *))))
		return NULL;
	L4_Word_t **table = &p->pages[page >> 22];
	if (!*table && !(*table = heap_alloc(1024 * sizeof(L4_Word_t))))
		return NULL;
	return &(*table)[(page >> 12) & 1023];
}

/* The backing page for 'page' of program p, made on first use. */
static L4_Word_t backing_page(struct program *p, const struct elf_segment *s, L4_Word_t page)
{
	L4_Word_t *slot = page_slot(p, page);
	if (!slot)
		return 0;
	if (!*slot) {
		L4_Word_t b = page_get();
		if (!b)
			return 0;
		fill_page(p, s, page, b);
		*slot = b;
	}
	return *slot;
}

/* Every backing page of p back to the free list (p's space is gone). */
static void release_pages(struct program *p)
{
	if (!p->pages)
		return;
	for (unsigned d = 0; d < 1024; d++)
		for (unsigned i = 0; p->pages[d] && i < 1024; i++)
			if (p->pages[d][i]) {
				page_put(p->pages[d][i]);
				p->pages[d][i] = 0;
			}
}

/* p has ended: its space goes, with its ports and interrupt lines, and
 * with them every mapping of its pages. */
static void program_end(struct program *p, enum program_state how, L4_Word_t status)
{
	/* Its first thread goes first: a thread blocked on one that is
	 * deleted would wake, and the first thread is the one that speaks
	 * for the program. With the last thread the space goes. */
	L4_DeleteSpace(p->id);
	for (unsigned i = 1; p->threads && i < THREAD_SLOTS; i++)
		if (!L4_IsNilThread(p->threads[i]))
			thread_delete(p, p->threads[i]);
	release_pages(p);
	names_forget(p);
	p->status = how == PROGRAM_DIED ? L4_LOADER_DIED : status;
	p->done = how == PROGRAM_EXITED && status == 0;
	p->state = how;
	if (!L4_IsNilThread(p->waiter)) {
		/* Its waiter is in the receive phase of its Call. */
		L4_LoadMR(1, p->status);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		L4_Send_Timeout(p->waiter, L4_ZeroTime);
		p->waiter = L4_nilthread;
	}
}

static void load_map(L4_Fpage_t f, L4_Word_t where)
{
	L4_MapItem_t m = L4_MapItem(f, where);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
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
			printf("root: %s (%lx): no memory left for its page %lx; it stays stopped\n",
			       p->config.name, (unsigned long)p->id.raw, (unsigned long)page);
			return false;
		}
		L4_Word_t rights = s->writable ? L4_FullyAccessible : L4_ReadeXecOnly;
		load_map(L4_FpageAddRights(L4_FpageLog2(b, 12), rights), page);
		return true;
	}
	printf("root: %s (%lx) died: %s fault at %lx (ip %lx) outside its image\n",
	       p->config.name, (unsigned long)p->id.raw,
	       access & L4_Writable ? "write" : access & L4_eXecutable ? "execute" : "read",
	       (unsigned long)addr, (unsigned long)ip);
	program_end(p, PROGRAM_DIED, ~0UL);
	return false;
}

/* The ports of an IO fault, from sigma0 through the root task. */
static bool serve_io_fault(struct program *p, L4_Fpage_t f)
{
	L4_Fpage_t got = L4_Sigma0_GetPage(L4_nilthread, f);
	if (!L4_IsIoFpage(got)) {
		printf("root: %s: no ports %lx/%lu for it\n", p->config.name,
		       (unsigned long)L4_IoFpagePort(f), (unsigned long)L4_IoFpageSize(f));
		return false;
	}
	load_map(got, 0);
	return true;
}

static const char *const vector_names[20] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound", "#UD invalid opcode", "#NM no FPU", "#DF double fault", "?",
	"#TS", "#NP", "#SS stack fault", "#GP general protection", "#PF", "?",
	"#MF x87 error", "#AC alignment", "#MC", "#XM SIMD error",
};

static void report_exception(struct program *p, L4_Word_t label, L4_Word_t ip, L4_Word_t vector)
{
	bool arch = label == L4_LABEL_ARCH_EXCEPTION;
	printf("root: %s (%lx) died: exception %lu (%s) at ip %lx\n", p->config.name,
	       (unsigned long)p->id.raw, (unsigned long)vector,
	       arch && vector < 20 ? vector_names[vector] : "system", (unsigned long)ip);
	program_end(p, PROGRAM_DIED, ~0UL);
}

static bool program_start(struct program *p);

static void load_error(L4_Word_t err)
{
	L4_LoadMR(1, err);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = L4_LOADER_ERROR } });
}

static void load_args(struct program *p)
{
	unsigned n = (unsigned)strlen(p->config.args);
	L4_LoadMR(1, n);
	unsigned words = L4_Loader_LoadBytes(2, p->config.args, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 + words } });
}

/* A record for a program, published (its first fault must find it);
 * paged by the shared pager. The caller holds the lock. */
static struct program *program_new(unsigned module, const struct program_config *config,
                                   const struct elf_image *elf, const unsigned char *image)
{
	struct program *p = heap_alloc(sizeof *p);
	if (!p)
		return NULL;
	p->module = module;
	p->config = *config;
	p->elf = *elf;
	p->image = image;
	p->id = L4_GlobalId(L4_ThreadNo(L4_MainThread()) + PROGRAM_NO_BASE + program_numbers++, 1);
	p->pager = shared_pager;
	struct program **tail = &programs;
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
	return p;
}

/* Unlinks a program that never ran. The caller holds the lock. */
static void program_forget(struct program *p)
{
	struct program **tail = &programs;
	while (*tail && *tail != p)
		tail = &(*tail)->next;
	if (*tail)
		*tail = p->next;
}

/* L4_LOADER_START: another copy of boot program w1 (name) with arguments
 * (w2 bytes), paged by the shared pager, not waited for by root=wait. */
static bool serve_start(L4_MsgTag_t tag, struct program *parent, L4_Word_t n, L4_Word_t m)
{
	char name[L4_NAME_MAX + 1];
	unsigned nw = (unsigned)(n + 3) / 4;
	if (n < 1 || n > L4_NAME_MAX || m > CONFIG_ARGS_MAX ||
	    L4_UntypedWords(tag) != 2 + nw + (m + 3) / 4 || L4_TypedWords(tag)) {
		load_error(L4_LOADER_ERR_MALFORMED);
		return true;
	}
	L4_Word_t word;
	for (unsigned i = 0; i < n; i++) {
		L4_StoreMR(3 + (int)(i / 4), &word);
		name[i] = (char)(word >> (8 * (i % 4)));
	}
	name[n] = 0;
	struct program *model = programs;
	while (model && (strcmp(model->config.name, name) || model->config.privileged))
		model = model->next;
	if (!model) {
		load_error(L4_LOADER_ERR_UNKNOWN);
		return true;
	}
	struct program_config config = model->config;
	for (unsigned i = 0; i < m; i++) {
		L4_StoreMR(3 + (int)(nw + i / 4), &word);
		config.args[i] = (char)(word >> (8 * (i % 4)));
		if (!config.args[i]) {
			load_error(L4_LOADER_ERR_MALFORMED);
			return true;
		}
	}
	config.args[m] = 0;
	config.own_pager = false;
	config.wait = false;
	struct program *p = program_new(model->module, &config, &model->elf, model->image);
	if (!p) {
		load_error(L4_LOADER_ERR_FULL);
		return true;
	}
	p->parent = parent;
	if (!program_start(p)) {
		p->state = PROGRAM_DIED;
		p->status = L4_LOADER_DIED;
		load_error(L4_LOADER_ERR_FULL);
		return true;
	}
	printf("root: started %s as %lx for %s\n", config.name, (unsigned long)p->id.raw,
	       parent ? parent->config.name : "the root task");
	L4_LoadMR(1, p->id.raw);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
	return true;
}

/* One message to a loader pager thread; true when a reply is loaded. */
static bool serve(L4_MsgTag_t tag, L4_ThreadId_t from)
{
	L4_Word_t label = L4_Label(tag), w1 = 0, w2 = 0, w3 = 0;
	L4_StoreMR(1, &w1);
	L4_StoreMR(2, &w2);
	L4_StoreMR(3, &w3);
	/* Threads of our own space (a privileged program's) send with
	 * their local ids. */
	if (L4_IsLocalId(from))
		from = L4_GlobalIdOf(from);
	struct program *p = program_of(from);
	bool mine = !p && !L4_IsNilThread(L4_LocalIdOf(from));
	if (L4_IsPagefaultLabel(label) || L4_IsIoPagefaultLabel(label) ||
	    label == L4_LABEL_EXCEPTION || label == L4_LABEL_ARCH_EXCEPTION) {
		if (!p || p->state >= PROGRAM_EXITED) {
			printf("root: a fault or exception (label %lx) from %lx, not a program; "
			       "left unanswered\n", (unsigned long)label, (unsigned long)from.raw);
			return false;
		}
		if (L4_IsPagefaultLabel(label))
			return serve_fault(p, w1, w2, L4_PagefaultRights(label));
		if (L4_IsIoPagefaultLabel(label))
			return serve_io_fault(p, (L4_Fpage_t){ .raw = w1 });
		report_exception(p, label, w1, w3);
		return false;
	}
	if (names_serve(label, tag, from, p))
		return true;
	if (!p && !mine) {
		load_error(L4_LOADER_ERR_NOT_YOURS);
		return true;
	}
	switch (label) {
	case L4_LOADER_READY:
		if (p && p->state == PROGRAM_RUNNING) {
			p->done = true;
			p->state = PROGRAM_READY;
		}
		L4_Set_MsgTag(L4_Niltag);
		return true;
	case L4_LOADER_EXIT:
		if (!p || L4_UntypedWords(tag) != 1) {
			load_error(L4_LOADER_ERR_MALFORMED);
			return true;
		}
		if (w1)
			printf("root: %s (%lx) exited with status %lu\n", p->config.name,
			       (unsigned long)p->id.raw, (unsigned long)w1);
		else
			printf("root: %s (%lx) exited\n", p->config.name, (unsigned long)p->id.raw);
		program_end(p, PROGRAM_EXITED, w1);
		return false;                   /* it is gone: nobody to answer */
	case L4_LOADER_ARGS:
		if (!p) {
			load_error(L4_LOADER_ERR_NOT_YOURS);
			return true;
		}
		load_args(p);
		return true;
	case L4_LOADER_RESTART: {
		char name[L4_NAME_MAX + 1];
		if (!p || !p->config.privileged) {
			load_error(L4_LOADER_ERR_NOT_YOURS);
			return true;
		}
		if (!L4_Loader_StoreName(tag, 2, w1, name)) {
			load_error(L4_LOADER_ERR_MALFORMED);
			return true;
		}
		struct program *q = programs;
		while (q && (strcmp(q->config.name, name) || q->config.privileged))
			q = q->next;
		if (!q) {
			load_error(L4_LOADER_ERR_UNKNOWN);
			return true;
		}
		if (q->state < PROGRAM_EXITED)
			program_end(q, PROGRAM_EXITED, 0);
		/* Its first fault comes to a pager thread, maybe this one: we
		 * answer once it is started, not once it is ready. */
		if (!program_start(q)) {
			load_error(L4_LOADER_ERR_FULL);
			return true;
		}
		printf("root: %s (%lx) started again\n", q->config.name, (unsigned long)q->id.raw);
		L4_Set_MsgTag(L4_Niltag);
		return true;
	}
	case L4_LOADER_START:
		return serve_start(tag, p, w1, w2);
	case L4_LOADER_WAIT: {
		struct program *q = program_of((L4_ThreadId_t){ .raw = w1 });
		if (L4_UntypedWords(tag) != 1 || !q) {
			load_error(q ? L4_LOADER_ERR_MALFORMED : L4_LOADER_ERR_UNKNOWN);
			return true;
		}
		if (q->state >= PROGRAM_EXITED) {
			L4_LoadMR(1, q->status);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
			return true;
		}
		if (!L4_IsNilThread(q->waiter) && q->waiter.raw != from.raw) {
			load_error(L4_LOADER_ERR_EXISTS);
			return true;
		}
		q->waiter = from;
		return false;                   /* answered when it ends */
	}
	case L4_LOADER_THREAD: {
		L4_ThreadId_t t = L4_nilthread;
		if (!p || p->config.privileged)
			load_error(L4_LOADER_ERR_NOT_YOURS);
		else if (L4_UntypedWords(tag) || L4_TypedWords(tag))
			load_error(L4_LOADER_ERR_MALFORMED);
		else if (L4_IsNilThread(t = thread_new(p)))
			load_error(L4_LOADER_ERR_FULL);
		else {
			L4_LoadMR(1, t.raw);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		}
		return true;
	}
	case L4_LOADER_KILL: {
		L4_ThreadId_t t = { .raw = w1 };
		struct program *q = program_of(t);
		if (L4_UntypedWords(tag) != 1 || !q || q->state >= PROGRAM_EXITED) {
			load_error(q ? L4_LOADER_ERR_MALFORMED : L4_LOADER_ERR_UNKNOWN);
			return true;
		}
		if (q == p && t.raw != q->id.raw) {
			thread_delete(q, t);    /* one of its own other threads */
			L4_Set_MsgTag(L4_Niltag);
			return true;
		}
		if (q->config.privileged || (p && !p->config.privileged && q->parent != p)) {
			load_error(L4_LOADER_ERR_NOT_YOURS);
			return true;
		}
		printf("root: %s (%lx) killed by %s\n", q->config.name, (unsigned long)q->id.raw,
		       p ? p->config.name : "the root task");
		program_end(q, PROGRAM_DIED, 0);
		L4_Set_MsgTag(L4_Niltag);
		return true;
	}
	case L4_LOADER_IRQ: {
		if (L4_UntypedWords(tag) != 1) {
			load_error(L4_LOADER_ERR_MALFORMED);
			return true;
		}
		L4_Word_t ok = L4_AssociateInterrupt(L4_GlobalId(w1, 1), from);
		L4_LoadMR(1, ok);
		L4_LoadMR(2, ok ? 0 : L4_ErrorCode());
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 } });
		return true;
	}
	default:
		load_error(L4_LOADER_ERR_LABEL);
		return true;
	}
}

static void pager_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		bool reply = false;
		L4_Word_t w[3] = { 0, 0, 0 };
		L4_StoreMRs(1, 3, w);
		/* A start request touches nothing shared: served without the
		 * lock, which the thread that asks may hold (a restart). */
		if (L4_IpcSucceeded(tag) && L4_ServeStartRequest(tag, w[0], w[1], w[2])) {
			reply = true;
		} else if (L4_IpcSucceeded(tag)) {     /* a failed receive: nothing to answer */
			loader_lock();
			reply = serve(tag, from);
			loader_unlock();
		}
		tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

/* Segments must stay below the KIP and UTCB areas (l4/process.h). */
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

/* A privileged program's image, copied into our own space at its link
 * address, in pages from sigma0; false (reported) if it cannot be. */
static bool place_in_root(struct program *p)
{
	if (nprivileged == PRIVILEGED_MAX) {
		printf("root: %s: no more than %u privileged programs\n", p->config.name, PRIVILEGED_MAX);
		return false;
	}
	L4_Word_t image = (L4_Word_t)__image_start, image_end = (L4_Word_t)_end;
	for (unsigned i = 0; i < p->elf.nsegs; i++) {
		const struct elf_segment *s = &p->elf.seg[i];
		L4_Word_t lo = s->vaddr & ~0xFFFUL, hi = (s->vaddr + s->memsz + 0xFFF) & ~0xFFFUL;
		bool shares = false;
		for (unsigned k = 0; k < i; k++) {
			const struct elf_segment *o = &p->elf.seg[k];
			shares |= lo < ((o->vaddr + o->memsz + 0xFFF) & ~0xFFFUL) && (o->vaddr & ~0xFFFUL) < hi;
		}
		if (shares || (lo < image_end && image < hi) ||
		    (lo < LOADER_AREA_END && LOADER_AREA < hi) || hi > L4_DEFAULT_UTCB_AREA) {
			printf("root: %s: its image would overlap ours or another segment\n", p->config.name);
			return false;
		}
	}
	for (unsigned i = 0; i < p->elf.nsegs; i++) {
		const struct elf_segment *s = &p->elf.seg[i];
		for (L4_Word_t page = s->vaddr & ~0xFFFUL; page < s->vaddr + s->memsz; page += 0x1000) {
			if (L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(page, 12)))) {
				printf("root: %s: no memory for its image\n", p->config.name);
				return false;
			}
			fill_page(p, s, page, page);
		}
	}
	p->utcb = L4_MyLocalId().raw - L4_UTCB_ADDR_OFFSET +
	          (PRIVILEGED_SLOT + nprivileged * (L4_THREAD_SLOTS + 1)) * L4_UTCB_SIZE;
	nprivileged++;
	return true;
}

/* Starts p in a new space (in ours, if privileged); false (reported) if
 * the kernel refuses. */
static bool program_start(struct program *p)
{
	p->state = PROGRAM_RUNNING;
	p->done = false;
	if (p->config.privileged) {
		/* Paged by sigma0, as the root task is (sigma0's ports go to
		 * the thread that asks, so it must ask itself); its exception
		 * handler, preset in its UTCB, is its loader (start.c). */
		L4_ThreadId_t me = L4_MainThread();
		L4_ThreadId_t sigma0 = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
		if (!L4_ThreadControl(p->id, me, me, sigma0, (void *)p->utcb)) {
			printf("root: %s: no thread for it (ErrorCode %lu)\n", p->config.name,
			       (unsigned long)L4_ErrorCode());
			return false;
		}
		*(volatile L4_Word_t *)(p->utcb + L4_UTCB_ADDR_OFFSET + L4_UTCB_EXCEPTION_HANDLER) =
			p->pager.raw;
	} else if (!L4_CreateSpace(p->id, p->pager, 0, L4_DEFAULT_KIP_AREA, L4_DEFAULT_UTCB_AREA)) {
		printf("root: %s: no space for it (ErrorCode %lu)\n", p->config.name,
		       (unsigned long)L4_ErrorCode());
		return false;
	}
	/* A new thread has X.2's default priority, 100, already. */
	if (p->config.prio != 100 &&
	    (L4_Set_Priority(p->id, p->config.prio) & 0xFF) == L4_SCHEDRESULT_ERROR)
		printf("root: %s: priority %u refused (ErrorCode %lu); it runs at 100\n",
		       p->config.name, p->config.prio, (unsigned long)L4_ErrorCode());
	if (p->config.privileged) {
		/* In our space: ExchangeRegisters starts it (X.2 §2.3). */
		L4_Start_SpIp(p->id, 0, p->elf.entry);
		return true;
	}
	if (p->pager.raw == L4_Myself().raw) {
		/* A restart, served by its own pager: we send the start
		 * message (X.2 §7.1) ourselves. */
		L4_LoadMR(1, p->elf.entry);
		L4_LoadMR(2, 0);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 } });
		if (L4_IpcSucceeded(L4_Send_Timeout(p->id, L4_TimePeriod(100000))))
			return true;
	} else if (L4_StartViaPager(p->id, p->pager, p->elf.entry, 0)) {
		return true;
	}
	printf("root: %s: its pager did not start it\n", p->config.name);
	L4_DeleteSpace(p->id);
	return false;
}

/* Waits up to ms for p to be ready or to end. */
static void wait_ready(struct program *p, unsigned ms)
{
	for (unsigned t = 0; p->state == PROGRAM_RUNNING && t < ms; t += 10)
		L4_Sleep(L4_TimePeriod(10000));
	if (p->state == PROGRAM_RUNNING)
		printf("root: %s did not report ready within %u ms; going on\n", p->config.name, ms);
}

static void load_module(L4_Word_t i, L4_BootRec_t *mod)
{
	L4_Word_t start = L4_Module_Start(mod), end = start + L4_Module_Size(mod);
	const char *line = L4_Module_Cmdline(mod) ? L4_Module_Cmdline(mod) : "?";
	struct program_config config;
	struct elf_image elf;
	const char *err = config_parse(line, &config);
	if (!err && (end <= start || !map_phys(start, end - start)))
		err = "its memory cannot be had from sigma0";
	if (!err)
		err = elf_parse((const void *)start, end - start, &elf);
	if (!err)
		err = check_segments(&elf);
	if (err) {
		printf("root: module %lu (%s): %s; skipped\n", (unsigned long)i, line, err);
		return;
	}
	loader_lock();
	struct program *p = program_new((unsigned)i, &config, &elf, (const unsigned char *)start);
	loader_unlock();
	if (!p) {
		printf("root: module %lu (%s): no memory for its record; skipped\n", (unsigned long)i,
		       line);
		return;
	}
	if (config.own_pager)
		p->pager = L4_StartThread(pager_loop);
	const char *why = L4_IsNilThread(p->pager) ? "no pager thread for it" : NULL;
	if (!why && config.privileged && !place_in_root(p))
		why = "no place for it in the root task's space";
	if (!why && !program_start(p))
		why = "it did not start";
	if (why) {
		loader_lock();
		program_forget(p);              /* never ran */
		loader_unlock();
		printf("root: module %lu (%s): %s; skipped\n", (unsigned long)i, config.name, why);
		return;
	}
	nstarted++;
	printf("root: started module %lu (%s) as %lx, entry %lx, priority %u, %s pager%s\n",
	       (unsigned long)i, config.name, (unsigned long)p->id.raw,
	       (unsigned long)p->elf.entry, config.prio, config.own_pager ? "its own" : "the shared",
	       config.privileged ? ", privileged (in the root task's space)" : "");
	wait_ready(p, config.ready_ms);
}

/* The generic BootInfo, mapped from sigma0 (at its physical address), or
 * NULL if there is none or it is not valid. */
static void *boot_info(void)
{
	void *bi = (void *)L4_BootInfo(L4_GetKernelInterface());
	if (!bi || !map_phys((L4_Word_t)bi, 5 * sizeof(L4_Word_t)) || !L4_BootInfo_Valid(bi) ||
	    !map_phys((L4_Word_t)bi, L4_BootInfo_Size(bi)))
		return NULL;
	return bi;
}

/* The n-th Simple Module record (the kernel's is 0), or NULL. */
static L4_BootRec_t *boot_module(void *bi, L4_Word_t n)
{
	L4_BootRec_t *r = L4_BootInfo_FirstEntry(bi);
	for (L4_Word_t i = 0; i < L4_BootInfo_Entries(bi); i++, r = L4_BootRec_Next(r))
		if (L4_BootRec_Type(r) == L4_BootInfo_Module && n-- == 0)
			return r;
	return NULL;
}

unsigned load_modules(void)
{
	void *bi = boot_info();
	if (!bi || !boot_module(bi, 3))
		return 0;
	shared_pager = L4_StartThread(pager_loop);
	if (L4_IsNilThread(shared_pager))
		return 0;
	L4_Set_Loader(shared_pager);            /* our own name requests */
	/* Records 1 and 2 are sigma0 and the root task (modules 0 and 1). */
	L4_BootRec_t *mod;
	for (L4_Word_t i = 2; (mod = boot_module(bi, i + 1)); i++)
		load_module(i, mod);
	return nstarted;
}

unsigned modules_wait_done(unsigned ms)
{
	unsigned done = 0;
	for (unsigned t = 0; t <= ms; t += 10) {
		unsigned n = 0;
		done = 0;
		for (struct program *p = programs; p; p = p->next) {
			n += !p->parent;                /* the boot programs */
			done += !p->parent && p->done;
		}
		if (done == n)
			break;
		L4_Sleep(L4_TimePeriod(10000));
	}
	return done;
}

unsigned modules_wait_ended(void)
{
	for (;;) {
		unsigned running = 0, failed = 0;
		for (struct program *p = programs; p; p = p->next) {
			running += p->config.wait && p->state < PROGRAM_EXITED;
			/* A program another started: its parent got its status. */
			failed += !p->parent && (p->state == PROGRAM_DIED || p->status != 0);
		}
		if (!running)
			return failed;
		L4_Sleep(L4_TimePeriod(10000));
	}
}

const char *boot_cmdline(void)
{
	void *bi = boot_info();
	L4_BootRec_t *kernel = bi ? boot_module(bi, 0) : NULL;
	return kernel && L4_Module_Cmdline(kernel) ? L4_Module_Cmdline(kernel) : "";
}
