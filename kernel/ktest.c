// SPDX-License-Identifier: MIT
/*
 * ktest.c: the in-kernel test runner and the generic tests (memory, clock,
 * symbols, console). Machine-specific tests live in arch/ia32/ktest_arch.c.
 */
#include "kernel.h"
#include "ktest.h"
#include "main.h"
#include "kmem.h"
#include "clock.h"
#include "ksyms.h"
#include "frame.h"
#include "space.h"
#include "tcb.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/machine.h"

static bool test_memory_map(void)
{
	const struct boot_info *bi = boot_info_ptr;
	KT_EXPECT(memmap_total(&usable_memory) >= BOOT_MIN_MEMORY);
	for (unsigned i = 0; i < usable_memory.count; i++) {
		const struct mem_range *r = &usable_memory.r[i];
		KT_EXPECT((r->base & 0xFFF) == 0 && (r->end & 0xFFF) == 0);
		KT_EXPECT(r->end <= PHYS_WINDOW_SIZE);
		KT_EXPECT(r->base >= 0x100000);
		/* The kernel image is never usable memory. */
		KT_EXPECT(r->end <= bi->kernel_start || r->base >= bi->kernel_end);
		for (unsigned m = 0; m < bi->nmods; m++)
			KT_EXPECT(r->end <= bi->mods[m].start || r->base >= bi->mods[m].end);
	}
	return true;
}

/* Takes every kernel frame, checks they are distinct and writable, gives
 * them all back: the free count must return exactly. */
static bool test_kmem_exhaust(void)
{
	uint32_t before = kmem_free_frames();
	uint32_t **chain = 0;
	uint32_t n = 0;
	for (;;) {
		uint32_t **p = kmem_alloc();
		if (!p)
			break;
		KT_EXPECT(((uintptr_t)p & 0xFFF) == 0);
		KT_EXPECT(kmem_owns(virt_to_phys(p)));
		KT_EXPECT(p[1] == 0 && p[1023] == 0);   /* zeroed */
		p[0] = (uint32_t *)chain;
		p[1] = (uint32_t *)(uintptr_t)n;        /* a pattern to find again */
		chain = (uint32_t **)p;
		n++;
	}
	KT_EXPECT(n == before);
	KT_EXPECT(kmem_free_frames() == 0);
	KT_EXPECT(kmem_alloc() == 0);           /* exhaustion is an error */
	while (chain) {
		uint32_t **next = (uint32_t **)chain[0];
		KT_EXPECT((uint32_t)(uintptr_t)chain[1] == --n);
		kmem_free(chain);
		chain = next;
	}
	KT_EXPECT(kmem_free_frames() == before);
	return true;
}

/* Frames freed dirty come back zeroed, whether they were zeroed as they
 * were freed or went back to the pool (more freed than are kept zeroed
 * ahead), and the idle thread's zeroing ahead keeps the count. */
static bool test_kmem_zeroed(void)
{
	uint32_t before = kmem_free_frames();
	enum { N = 80 };                        /* more than are kept zeroed ahead */
	uint32_t *f[N];
	for (unsigned i = 0; i < N; i++) {
		KT_EXPECT((f[i] = kmem_alloc()) != 0);
		for (unsigned w = 0; w < 1024; w++)
			f[i][w] = 0xA5A50000u | w;
	}
	KT_EXPECT(kmem_free_frames() == before - N);
	for (unsigned i = 0; i < N; i++)
		kmem_free(f[i]);
	KT_EXPECT(kmem_free_frames() == before);
	while (kmem_prezero())
		;
	KT_EXPECT(kmem_free_frames() == before);
	for (unsigned i = 0; i < N; i++) {
		KT_EXPECT((f[i] = kmem_alloc()) != 0);
		for (unsigned w = 0; w < 1024; w++)
			KT_EXPECT(f[i][w] == 0);
	}
	for (unsigned i = 0; i < N; i++)
		kmem_free(f[i]);
	KT_EXPECT(kmem_free_frames() == before);
	return true;
}

/* The IPC fast path trusts a thread's local_sender to be a thread of its
 * own space (sysenter.asm): one that leaves the space is forgotten by
 * those that stay, and forgets its own (space.c). Plain structures, no
 * real threads: only the lists and the guesses are touched. */
static bool test_local_sender_forgotten(void)
{
	static struct space s;
	static struct tcb a, b, c;
	space_add_thread(&s, &a);
	space_add_thread(&s, &b);
	space_add_thread(&s, &c);
	KT_EXPECT(a.local_sender == &a && b.local_sender == &b && c.local_sender == &c);
	a.local_sender = &c;
	b.local_sender = &a;
	c.local_sender = &b;
	space_remove_thread(&s, &a);            /* a leaves */
	KT_EXPECT(b.local_sender == &b);        /* forgotten */
	KT_EXPECT(c.local_sender == &b);        /* b stays */
	KT_EXPECT(a.local_sender == &a && a.space == 0);
	space_remove_thread(&s, &b);
	space_remove_thread(&s, &c);
	KT_EXPECT(s.threads == 0 && s.nthreads == 0);
	return true;
}

static bool test_clock(void)
{
	/* Tick count and microseconds read together: a tick between the two
	 * reads would make the interval look a tick short. */
	bool was = irq_save_disable();
	uint64_t t0 = clock_ticks(), us0 = clock_us();
	irq_restore(was);
	while (clock_ticks() < t0 + 20)
		machine_idle();
	uint64_t us1 = clock_us();
	KT_EXPECT(us1 > us0);
	/* 20 ticks of 1 ms: between 19 and 22 ms of kernel time passed. */
	if (us1 - us0 < 19000 || us1 - us0 > 22000)
		kprintf("# clock: 20 ticks took %u us\n", (unsigned)(us1 - us0));
	KT_EXPECT(us1 - us0 >= 19000 && us1 - us0 <= 22000);
	uint64_t prev = clock_us();
	for (int i = 0; i < 10000; i++) {
		uint64_t now = clock_us();
		KT_EXPECT(now >= prev);
		prev = now;
	}
	return true;
}

static bool test_symbols(void)
{
	uint32_t off = 99;
	const char *name = ksym_lookup((uint32_t)(uintptr_t)ktest_run + 5, &off);
	KT_EXPECT(name && strcmp(name, "ktest_run") == 0 && off == 5);
	KT_EXPECT(ksym_address("kernel_main") == (uint32_t)(uintptr_t)kernel_main);
	KT_EXPECT(ksym_lookup(0x1000, 0) == 0);
	return true;
}

/* 64 numbered lines; the host checks every one arrived intact. */
static bool test_console_burst(void)
{
	for (int i = 0; i < 64; i++)
		kprintf("# serial-burst %02d 0123456789abcdefghijklmnopqrstuvwxyz %02d\n", i, i);
	return true;
}

__attribute__((noreturn)) static bool test_panic(void)
{
	panic("ktest: deliberate panic");
}

__attribute__((noreturn)) static bool test_hang(void)
{
	for (;;)
		machine_idle();
}

const struct ktest generic_tests[] = {
	{ "memory_map", "usable memory excludes the image, modules and low memory", test_memory_map, false },
	{ "kmem_exhaust", "every kernel frame can be taken and given back", test_kmem_exhaust, false },
	{ "kmem_zeroed", "frames freed dirty come back zeroed; zeroing ahead keeps the free count", test_kmem_zeroed, false },
	{ "local_sender_forgotten", "a thread leaving a space is no thread's local-sender guess there, nor keeps its own", test_local_sender_forgotten, false },
	{ "clock", "the timer ticks and the clock is monotonic", test_clock, false },
	{ "symbols", "the embedded symbol table resolves kernel functions", test_symbols, false },
	{ "console_burst", "a burst of console output arrives complete", test_console_burst, false },
	{ "panic", "panics on purpose (harness self-test)", test_panic, true },
	{ "hang", "hangs on purpose (harness self-test)", test_hang, true },
	{ 0, 0, 0, false },
};

static unsigned count_matching(const char *name)
{
	unsigned n = 0;
	const struct ktest *tables[] = { generic_tests, arch_tests };
	for (unsigned t = 0; t < 2; t++)
		for (const struct ktest *k = tables[t]; k->name; k++)
			if (strcmp(name, "all") ? !strcmp(name, k->name) : !k->harness_only)
				n++;
	return n;
}

void ktest_run(const char *name)
{
	unsigned planned = count_matching(name), num = 0, failed = 0;
	if (planned == 0) {
		kprintf("ktest: no test called \"%s\"\n", name);
		kernel_exit(false);
	}
	kprintf("1..%u\n", planned + 1);
	uint32_t free_before = kmem_free_frames();
	const struct ktest *tables[] = { generic_tests, arch_tests };
	for (unsigned t = 0; t < 2; t++)
		for (const struct ktest *k = tables[t]; k->name; k++) {
			if (strcmp(name, "all") ? strcmp(name, k->name) : k->harness_only)
				continue;
			/* Every test starts with interrupts off, whatever the
			 * one before left (the clock test idles with them on). */
			(void)irq_save_disable();
			bool ok = k->run();
			failed += !ok;
			kprintf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++num, k->name,
			        k->description);
		}
	uint32_t free_after = kmem_free_frames();
	bool no_leak = free_after == free_before;
	kprintf("%s %u - kernel memory: %u free frames before, %u after\n",
	        no_leak ? "ok" : "not ok", ++num, free_before, free_after);
	kernel_exit(failed == 0 && no_leak);
}
