// SPDX-License-Identifier: MIT
/*
 * fuzz_calls.c: the fuzzer task. Each call picks one way into the kernel
 * (a KIP stub, a trap gate, int N for any N, raw sysenter, a KDB int3,
 * `lock; nop`, a faulting or privileged instruction) and random or
 * boundary values for everything the kernel reads: registers, message and
 * buffer registers (typed items, acceptors), thread ids, fpages, timeouts,
 * EFLAGS and data segment selectors.
 *
 * The task shares the suite's image (spaces.h), so it must never make
 * the kernel put a page over that image at another address: then its own
 * writes would land in the suite's memory, a fault of the test and not of
 * the kernel. Receive windows and the destinations of typed items keep
 * out of the image (or map it onto itself), and instruction pointers the
 * task hands the kernel are fuzz_recover or lie outside the image.
 */
#include "fuzz.h"
#include <l4/arch.h>
#include <l4/protocols.h>

extern char __image_start[], _end[];
extern L4_Word_t fuzz_saved_esp;
void fuzz_return(void);


static L4_Word_t rng;
static L4_Word_t sysenter_stack[2];     /* a stack to return on */
static L4_Word_t scratch[16];           /* where insb may write */

static L4_Word_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}
static L4_Word_t below(L4_Word_t n) { return n ? rnd() % n : 0; }
static bool one_in(L4_Word_t n) { return below(n) == 0; }
#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])

static void seed_call(L4_Word_t seed, L4_Word_t n)
{
	rng = (seed * 0x9E3779B9u) ^ ((n + 1) * 0x85EBCA6Bu);
	if (!rng)
		rng = 1;
	for (int i = 0; i < 4; i++)
		rnd();
}

static L4_Word_t image_lo(void) { return (L4_Word_t)__image_start & ~0xFFFUL; }
static L4_Word_t image_hi(void) { return ((L4_Word_t)_end + 0xFFF) & ~0xFFFUL; }
static bool overlaps_image(L4_Word_t base, unsigned log2)
{
	if (log2 >= 32)
		return true;
	L4_Word_t end = base + (1UL << log2);
	return base < image_hi() && (end > image_lo() || end < base);
}

/* An address worth trying: the edges of every region the kernel knows. */
static L4_Word_t any_address(void)
{
	const L4_Word_t edge[] = {
		0, 0x1000, 0x00400000, 0x00FFF000, 0x01000000, 0x10000000, 0x7FFFF000,
		0xBFDFF000, fuzz.utcb_area, fuzz.kip_area, fuzz.utcb_area + 0x10000 - 4,
		0xBFFFF000, 0xBFFFFFFC, 0xC0000000, 0xC0001000, 0xDFFFF000, 0xE0000000,
		0xE0100000, 0xFFFFF000, 0xFFFFFFFC,
	};
	switch (below(4)) {
	case 0: return PICK(edge);
	case 1: return image_lo() + below(image_hi() - image_lo());
	case 2: return PICK(edge) + (below(5) - 2) * 4;
	default: return rnd();
	}
}

/* ---- thread ids (X.2 §2.1) ---- */

static L4_ThreadId_t any_thread(void)
{
	L4_ThreadId_t me = L4_Myself();
	L4_Word_t root_no = L4_ThreadNo(fuzz.suite);
	L4_Word_t user_base = L4_ThreadIdUserBase(L4_GetKernelInterface());
	switch (below(17)) {
	case 0: return L4_nilthread;
	case 1: return L4_anythread;
	case 2: return L4_anylocalthread;
	case 3: return me;
	case 4: return L4_MyLocalId();
	case 5: return L4_GlobalId(L4_ThreadNo(me), L4_Version(me) + below(3) - 1);
	case 6: return fuzz.suite;
	case 7: return fuzz.handler;
	case 8: return fuzz.pager;
	case 9: return L4_GlobalId(user_base, 1);                       /* sigma0 */
	case 10: return L4_GlobalId(root_no + below(40), 1 + below(2));  /* the suite's threads, the victim */
	case 11: return L4_GlobalId(below(24), one_in(4) ? below(4) : 1); /* interrupts */
	case 12: return L4_GlobalId((1UL << 18) - 1 - below(2), 1 + below(0x3FFF));
	case 13: return (L4_ThreadId_t){ .raw = rnd() & ~0x3FUL };     /* a local id */
	case 14: return L4_GlobalId(root_no + 300 + below(16), below(8)); /* earlier fuzzer tasks */
	case 15: return one_in(3) ? fuzz.sibling : one_in(2) ? fuzz.sibling_local
	                          : L4_GlobalId(L4_ThreadNo(fuzz.sibling), L4_Version(fuzz.sibling) + 1);
	default: return (L4_ThreadId_t){ .raw = rnd() };
	}
}

/* ---- fpages (§4.1, A.4) ---- */

static unsigned any_log2(void)
{
	static const unsigned s[] = { 0, 1, 2, 9, 10, 12, 12, 12, 13, 16, 21, 22, 22, 30, 31, 32, 33, 63 };
	return PICK(s);
}

static L4_Word_t fpage_raw(L4_Word_t base, unsigned log2, L4_Word_t rights)
{
	L4_Word_t mask = log2 >= 32 ? ~0UL : (1UL << log2) - 1;
	return (base & ~mask & ~0x3FFUL) | (L4_Word_t)(log2 & 0x3F) << 4 | (rights & 0xF);
}

static L4_Word_t any_fpage(void)
{
	switch (below(8)) {
	case 0: return 0;                                       /* nilpage */
	case 1: return L4_CompleteAddressSpace.raw | below(8);
	case 2: return L4_IoFpageLog2(below(0x10000), below(18)).raw ^ (one_in(4) ? below(16) : 0);
	case 3: return rnd();
	default: return fpage_raw(any_address(), any_log2(), below(16));
	}
}

/* fpage_base/size as the kernel reads them (s < 10 is not a memory fpage,
 * but its window must keep out of the image all the same). */
static void fpage_decode(L4_Word_t raw, L4_Word_t *base, unsigned *log2)
{
	unsigned s = (raw >> 4) & 0x3F;
	*log2 = s < 10 ? 10 : s;
	*base = *log2 >= 32 ? 0 : raw & ~((1UL << *log2) - 1);
}

/* A receive window (BR0): anything but a window onto the image that is
 * not the whole space (which places each item at its own SndBase). */
static L4_Word_t any_acceptor(void)
{
	L4_Word_t a;
	switch (below(6)) {
	case 0: a = 0; break;
	case 1: a = L4_CompleteAddressSpace.raw; break;
	case 2: a = rnd(); break;
	default: a = fpage_raw(any_address(), any_log2(), 0); break;
	}
	a = (a & ~0xFUL) | (one_in(4) ? 1 : 0);                 /* s: string items */
	L4_Word_t base;
	unsigned log2;
	fpage_decode(a, &base, &log2);
	if (a >> 4 == 0 || log2 >= 32)
		return a;
	return overlaps_image(base, log2) ? a & 1 : a;
}

/* A map or grant item (§5.2) whose destination, in a whole-space window,
 * is its SndBase: never a part of the image other than the same part. */
static void any_map_item(L4_Word_t *w0, L4_Word_t *w1)
{
	L4_Word_t f = any_fpage(), snd_base = any_address() & ~0x3FFUL;
	L4_Word_t base;
	unsigned log2;
	fpage_decode(f, &base, &log2);
	L4_Word_t mask = log2 >= 32 ? ~0UL : (1UL << log2) - 1;
	if (overlaps_image(snd_base & ~mask, log2))
		snd_base = base;
	static const L4_Word_t type[] = { 0x8, 0x8, 0xA, 0xA, 0xC, 0x0, 0x2, 0xE };
	*w0 = snd_base | PICK(type) | below(2);                 /* C: another item follows */
	*w1 = f;
	if (one_in(16))
		*w0 ^= rnd() & 0x3F0;
}

/* ---- timeouts (§3.3) ---- */

static L4_Word_t any_time(void)
{
	switch (below(16)) {
	case 0: return 0;                                       /* never */
	case 1: case 2: case 3: case 4: case 5: return L4_ZeroTime.raw;
	case 6: return 0x8000 | below(3) << 11 | below(2) << 10 | below(1024);  /* a point */
	case 7: return one_in(4) ? rnd() & 0xFFFF : (below(32) << 10);          /* m = 0 */
	default: return below(4) << 10 | below(1024);           /* up to 8 ms */
	}
}

static L4_Word_t any_timeouts(void) { return any_time() << 16 | any_time(); }

static L4_Word_t any_word(void)
{
	static const L4_Word_t edge[] = { 0, 1, 2, 0x3F, 0x40, 0x7FFFFFFF, 0x80000000, ~0UL, ~0UL - 1 };
	return one_in(3) ? PICK(edge) : one_in(2) ? any_address() : rnd();
}

/* ---- the message (§5.1) ---- */

/* A tag, MRs and BRs for an Ipc to 'to'. Returns MR0. */
static L4_Word_t any_message(L4_ThreadId_t to)
{
	static const L4_Word_t labels[] = {
		0, 1, 0x4853, 0x465A, L4_LABEL_START_REQUEST, 0xFFE0, 0xFFE7, 0xFFB0, 0xFFC0, 0xFFD0,
		0xFFF0, 0xFFA0, 0xFF86, 0x5046, 0xFFFF,
	};
	static const L4_Word_t counts[] = { 0, 0, 1, 2, 3, 12, 31, 62, 63 };
	L4_Word_t u = one_in(2) ? PICK(counts) : below(64);
	L4_Word_t t = one_in(2) ? 0 : one_in(2) ? 2 * below(4) : below(64);
	L4_Word_t label = one_in(2) ? PICK(labels) : rnd() & 0xFFFF;
	if (!FUZZ_SIGMA0_REQUESTS &&
	    L4_ThreadNo(to) == L4_ThreadIdUserBase(L4_GetKernelInterface()))
		label &= 0x7FFF;        /* no sigma0 protocol: no memory, no ports */
	L4_Word_t *utcb = __L4_Utcb();
	for (L4_Word_t i = 1; i < 64; i++)
		utcb[i] = any_word();
	for (L4_Word_t i = u + 1; i + 1 < 64 && i <= u + t; i += 2)
		if (!one_in(8))
			any_map_item(&utcb[i], &utcb[i + 1]);
	L4_LoadBR(0, any_acceptor());
	for (int i = 1; i < 4; i++)
		L4_LoadBR(i, any_word());
	if (one_in(4))
		*__L4_UtcbWord(L4_UTCB_XFER_TIMEOUTS) = any_timeouts();
	if (one_in(4))
		*__L4_UtcbWord(L4_UTCB_VIRTUAL_SENDER) = any_thread().raw;
	if (one_in(8))
		*__L4_UtcbByte(L4_UTCB_PREEMPT_FLAGS) = (L4_Word8_t)rnd();
	L4_Word_t flags = one_in(4) ? below(16) : 0;
	return label << 16 | flags << 12 | (t & 0x3F) << 6 | (u & 0x3F);
}

/* ---- code to run ---- */

static unsigned code_len;
static void emit(unsigned n, const unsigned char *b)
{
	for (unsigned i = 0; i < n && code_len < sizeof fuzz_code - 5; i++)
		fuzz_code[code_len++] = b[i];
}
#define EMIT(...) emit(sizeof((const unsigned char[]){ __VA_ARGS__ }), (const unsigned char[]){ __VA_ARGS__ })
static void emit_word(L4_Word_t w) { EMIT(w, w >> 8, w >> 16, w >> 24); }
/* ... then jmp fuzz_return (relative: no stack, no data segment). */
static void emit_end(void)
{
	L4_Word_t from = (L4_Word_t)&fuzz_code[code_len] + 5;
	fuzz_code[code_len++] = 0xE9;
	L4_Word_t rel = (L4_Word_t)fuzz_return - from;
	for (int i = 0; i < 4; i++)
		fuzz_code[code_len++] = (unsigned char)(rel >> (8 * i));
}
static void code_begin(void)
{
	code_len = 0;
	EMIT(0x9D);                                             /* popfd */
}

/* popfd; jmp *%ss:link — a KIP stub, which returns with ret or sysexit. */
static void code_stub(void **link)
{
	code_begin();
	EMIT(0x36, 0xFF, 0x25);
	emit_word((L4_Word_t)link);
}

static void code_trap(unsigned vector)
{
	code_begin();
	if (vector == 3 && one_in(2))
		EMIT(0xCC, 0x90);                               /* int3 (and a nop to resume at) */
	else
		EMIT(0xCD, vector);
	emit_end();
}

/* ---- the calls ---- */

struct fuzz_call {
	const char *name;
	unsigned weight;
	void (*make)(struct fuzz_frame *f);
};

static void *const *stub_of(unsigned vector)
{
	static void *const *stubs[] = {
		&__L4_Ipc, &__L4_Lipc, &__L4_Unmap, &__L4_ExchangeRegisters, &__L4_SystemClock,
		&__L4_ThreadSwitch, &__L4_Schedule, &__L4_SpaceControl, &__L4_ThreadControl,
		&__L4_ProcessorControl, &__L4_MemoryControl,
	};
	return stubs[vector - 0x30];
}

/* Enters system call 'vector' by its KIP stub or its trap gate. */
static void enter_syscall(unsigned vector)
{
	if (one_in(3))
		code_trap(vector);
	else
		code_stub((void **)stub_of(vector));
}

static void make_ipc(struct fuzz_frame *f)
{
	L4_ThreadId_t to = any_thread();
	f->reg[R_EAX] = to.raw;
	f->reg[R_EDX] = any_thread().raw;
	f->reg[R_ECX] = any_timeouts();
	f->reg[R_ESI] = any_message(to);
	__L4_Utcb()[0] = f->reg[R_ESI];
	f->reg[R_EDI] = (L4_Word_t)__L4_Utcb();
	if (one_in(8))
		f->reg[R_EDI] = any_address();
	unsigned vector = one_in(4) ? 0x31 : 0x30;
	if (one_in(8)) {
		/* The sysenter stub's own sequence, without the KIP. */
		code_begin();
		EMIT(0x5B, 0x89, 0xE5, 0x0F, 0x34);
	} else {
		enter_syscall(vector);
	}
}

static void make_raw_sysenter(struct fuzz_frame *f)
{
	make_ipc(f);
	/* The KIP stub's registers: EBX the return address, ECX Timeouts,
	 * EBP the stack to return on: ours, or one the kernel must refuse
	 * (or return on, if it is a user address). */
	static const L4_Word_t bad[] = {
		0, 4, 0xBFFFFFFC, 0xBFFFFFF8, 0xC0000000, 0xBFFFFFFA, 0xDFFFFFFC,
		0xE0000000, 0xFFFFFFF8, 0xFFFFFFFC, 0x10000000,
	};
	f->reg[R_ECX] = any_timeouts();
	f->reg[R_EBX] = one_in(4) ? PICK(bad) : (L4_Word_t)fuzz_return;
	f->reg[R_EBP] = one_in(3) ? PICK(bad) : (L4_Word_t)&sysenter_stack[2];
	code_begin();
	EMIT(0x0F, 0x34);
}

static void make_unmap(struct fuzz_frame *f)
{
	L4_Word_t *utcb = __L4_Utcb();
	for (int i = 0; i < 64; i++)
		utcb[i] = any_fpage();
	f->reg[R_EAX] = one_in(4) ? rnd() : below(64) | (one_in(2) ? 0x40 : 0);
	f->reg[R_ESI] = utcb[0];
	f->reg[R_EDI] = (L4_Word_t)utcb;
	enter_syscall(0x32);
}

/* An IP for ExchangeRegisters on dest: where that thread starts over
 * (fuzz_recover for this one, its entry for the sibling), or outside the
 * image, where the handler maps a page of hlt for it to fault on. */
static L4_Word_t safe_ip(L4_Word_t dest, L4_Word_t ip)
{
	if (one_in(2)) {
		if (dest == L4_Myself().raw || dest == L4_MyLocalId().raw)
			return (L4_Word_t)fuzz_recover;
		if (dest == fuzz.sibling.raw || dest == fuzz.sibling_local.raw)
			return (L4_Word_t)fuzz_sibling_entry;
	}
	return overlaps_image(ip & ~0xFFFUL, 12) ? 0x10000000UL + (ip & 0xFFFF) : ip;
}

/* An SP for ExchangeRegisters: outside the image. The sibling, stopped
 * in a system call and given a new SP alone, returns through its stub's
 * ret from there, and a word of the image would send it anywhere in it. */
static L4_Word_t safe_sp(L4_Word_t sp)
{
	return overlaps_image(sp & ~0xFFFUL, 12) ? 0x10000000UL + (sp & 0xFFFF) : sp;
}

static void make_exregs(struct fuzz_frame *f)
{
	static const L4_Word_t controls[] = { 0, 0x200, 0x6, 0x8, 0x10, 0x18, 0x20, 0x40, 0x101, 0x100, 0x3FF };
	L4_ThreadId_t dest = one_in(3) ? L4_Myself() : one_in(2) ? fuzz.sibling : any_thread();
	L4_Word_t c = one_in(2) ? PICK(controls) : rnd() & 0x1FFF;
	/* Never halt ourselves for good, never a new pager but the right one. */
	if ((c & 0x101) == 0x101 && one_in(2))
		c &= ~1UL;
	f->reg[R_EAX] = dest.raw;
	f->reg[R_ECX] = c;
	f->reg[R_EDX] = safe_sp(any_address());
	f->reg[R_ESI] = safe_ip(dest.raw, any_address());
	f->reg[R_EDI] = one_in(2) ? 0x202 | (rnd() & 0x00277FD5) : rnd();
	f->reg[R_EBX] = rnd();
	f->reg[R_EBP] = one_in(4) ? any_thread().raw : fuzz.handler.raw;
	/* A new SP makes a stub's ret pop from it: enter by the gate, which
	 * comes back here by a jump. */
	code_trap(0x33);
}

static void make_simple(struct fuzz_frame *f)
{
	static const unsigned vectors[] = { 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A };
	unsigned v = PICK(vectors);
	f->reg[R_EAX] = one_in(2) ? any_thread().raw : any_word();
	f->reg[R_ECX] = one_in(3) ? any_thread().raw : any_word();
	f->reg[R_EDX] = one_in(3) ? any_fpage() : any_word();
	f->reg[R_ESI] = one_in(3) ? any_fpage() : any_word();
	f->reg[R_EDI] = one_in(3) ? any_thread().raw : any_word();
	f->reg[R_EBX] = any_word();
	f->reg[R_EBP] = any_word();
	if (v == 0x3A) {
		f->reg[R_ESI] = __L4_Utcb()[0] = rnd() & 0xFFFF;
		f->reg[R_EDI] = (L4_Word_t)__L4_Utcb();
	}
	if (v == 0x35 && one_in(2))
		f->reg[R_EAX] = L4_Myself().raw;
	if (v == 0x36 && one_in(2))
		f->reg[R_EAX] = L4_Myself().raw;
	enter_syscall(v);
}

static void make_int(struct fuzz_frame *f)
{
	for (int i = 0; i < 7; i++)
		f->reg[i] = any_word();
	unsigned vector = below(256);
	if (vector == 0x33) {
		f->reg[R_EDX] = safe_sp(f->reg[R_EDX]);
		f->reg[R_ESI] = safe_ip(f->reg[R_EAX], f->reg[R_ESI]);
	}
	code_trap(vector);
}

static void make_kdb(struct fuzz_frame *f)
{
	static const unsigned char safe_ops[] = { 0x02, 0x11, 0x12, 0x13, 0x04, 0x20, 0x7F, 0xFF };
	static const unsigned char console_ops[] = { 0x00, 0x01, 0x03, 0x10 };
	f->reg[R_EAX] = one_in(2) ? below(20) : any_word();
	code_begin();
	switch (below(4)) {
	case 0: case 1: {
		unsigned char op = FUZZ_KDB_CONSOLE && one_in(4) ? PICK(console_ops) : PICK(safe_ops);
		EMIT(0xCC, 0x3C, op);
		break;
	}
	case 2: {
		/* KDB_Enter: its string pointer, inside the image only at a
		 * string of our own (printing anything else is PrintString's
		 * question). */
		L4_Word_t s = any_address();
		if (!FUZZ_KDB_CONSOLE && overlaps_image(s & ~0xFFFUL, 12))
			s = (L4_Word_t)"fuzz";
		EMIT(0xCC, 0xEB, 0x05, 0xB8);
		emit_word(s);
		break;
	}
	default:
		EMIT(0xCC, 0x90);
		break;
	}
	emit_end();
}

/* Instructions a user may not run, or may run only harmlessly: each must
 * end in an exception the kernel turns into IPC, or fall through. */
static void make_exception(struct fuzz_frame *f)
{
	static const unsigned char insns[][8] = {
		{ 2, 0x0F, 0x0B },                      /* ud2 */
		{ 4, 0x31, 0xC9, 0xF7, 0xF1 },          /* div by zero */
		{ 1, 0xF4 }, { 1, 0xFA }, { 1, 0xFB },  /* hlt cli sti */
		{ 1, 0xEC }, { 1, 0xEE }, { 2, 0xE4, 0x60 }, { 2, 0xE6, 0xF4 }, /* in, out */
		{ 1, 0x6C }, { 1, 0x6E },               /* insb outsb */
		{ 3, 0x0F, 0x20, 0xC0 }, { 3, 0x0F, 0x22, 0xC0 }, { 3, 0x0F, 0x22, 0xD8 },
		{ 3, 0x0F, 0x22, 0xE0 }, { 3, 0x0F, 0x23, 0xF8 }, { 3, 0x0F, 0x21, 0xF0 },
		{ 3, 0x0F, 0x01, 0x10 }, { 3, 0x0F, 0x01, 0x18 },       /* lgdt lidt [eax] */
		{ 3, 0x0F, 0x00, 0xD0 }, { 3, 0x0F, 0x00, 0xD8 },       /* lldt ltr ax */
		{ 3, 0x0F, 0x01, 0xF0 }, { 3, 0x0F, 0x01, 0x38 },       /* lmsw, invlpg */
		{ 5, 0x0F, 0x01, 0x44, 0x24, 0xF0 },    /* sgdt -16(%esp) */
		{ 5, 0x0F, 0x01, 0x4C, 0x24, 0xF0 },    /* sidt */
		{ 3, 0x0F, 0x00, 0xC0 }, { 3, 0x0F, 0x00, 0xC8 }, { 3, 0x0F, 0x01, 0xE0 },
		{ 2, 0x0F, 0x09 }, { 2, 0x0F, 0x08 }, { 2, 0x0F, 0x06 }, { 2, 0x0F, 0x30 },
		{ 2, 0x0F, 0x32 }, { 2, 0x0F, 0x33 }, { 2, 0x0F, 0x31 }, { 2, 0x0F, 0xA2 },
		{ 2, 0x0F, 0x35 }, { 2, 0x0F, 0x05 }, { 2, 0x0F, 0x07 }, { 3, 0x0F, 0x01, 0xF8 },
		{ 2, 0x0F, 0xAA }, { 1, 0xF1 }, { 1, 0xCE }, { 2, 0x0F, 0xFF }, { 2, 0x0F, 0xB9 },
		{ 2, 0x8E, 0xD0 }, { 2, 0x8E, 0xD8 }, { 2, 0x8E, 0xE8 }, { 2, 0x8E, 0xE0 },
		{ 2, 0x8B, 0x00 },                      /* mov (%eax), %eax */
		{ 3, 0xF0, 0x0F, 0x0B }, { 3, 0xF0, 0x31, 0xC0 }, { 2, 0xF0, 0x90 }, { 3, 0xF0, 0xF0, 0x90 },
		{ 1, 0xCF }, { 1, 0xCB },               /* iret, lret (frames below) */
		{ 1, 0xEA }, { 1, 0x9A },               /* far jmp, far call (operands below) */
	};
	static const unsigned char fpu[][8] = {
		{ 2, 0xDB, 0xE3 }, { 2, 0xD9, 0xE8 }, { 4, 0xD9, 0xEE, 0xDE, 0xF9 },
		{ 3, 0x0F, 0x57, 0xC0 }, { 4, 0x66, 0x0F, 0xEF, 0xC0 }, { 2, 0x0F, 0x77 },
	};
	for (int i = 0; i < 7; i++)
		f->reg[i] = any_word();
	f->reg[R_EDI] = (L4_Word_t)scratch;                     /* insb's destination */
	if (below(4) == 0)
		f->reg[R_EAX] = any_address();
	static const unsigned char mov_ds[] = { 2, 0x8E, 0xD8 };
	const unsigned char *insn = FUZZ_FPU && one_in(8) ? PICK(fpu) : PICK(insns);
	/* mov %ax, %fs / %gs (seed 4 call 15815: a null GS, then a #DB's
	 * exception IPC left by sysexit to the handler with it). */
	if (!FUZZ_FSGS_LOADS && insn[1] == 0x8E && (insn[2] == 0xE0 || insn[2] == 0xE8))
		insn = mov_ds;
	code_begin();
	if (insn[1] == 0xCF || insn[1] == 0xCB) {
		/* An iret or lret frame: IP back here, CS and FLAGS of any kind
		 * (ring 0, another privilege, VM only where allowed). */
		static const L4_Word_t cs[] = { 0x08, 0x0B, 0x10, 0x1B, 0x23, 0x00, 0x2B, 0xFFFF };
		L4_Word_t flags = rnd() & ~(FUZZ_IRET_VM ? 0 : 0x20000UL);
		if (insn[1] == 0xCF) {
			EMIT(0x68);
			emit_word(flags);
		}
		EMIT(0x68);
		emit_word(one_in(2) ? fuzz_segments[0] - 8 : PICK(cs));     /* user CS is DS - 8 */
		EMIT(0x68);
		emit_word((L4_Word_t)&fuzz_code[code_len + 5]);
		EMIT(insn[1]);
	} else if (insn[1] == 0xEA || insn[1] == 0x9A) {
		EMIT(insn[1]);
		emit_word((L4_Word_t)&fuzz_code[code_len + 6]);
		L4_Word_t sel = rnd() & 0xFFFF;
		EMIT(sel, sel >> 8);
	} else {
		emit(insn[0], insn + 1);
	}
	emit_end();
}

static void make_kernel_interface(struct fuzz_frame *f)
{
	for (int i = 0; i < 7; i++)
		f->reg[i] = any_word();
	code_begin();
	EMIT(0xF0, 0x90);
	emit_end();
}

static const struct fuzz_call calls[] = {
	{ "ipc",          30, make_ipc },
	{ "sysenter",      4, make_raw_sysenter },
	{ "unmap",        10, make_unmap },
	{ "exregs",        8, make_exregs },
	{ "syscall",      16, make_simple },
	{ "int",           8, make_int },
	{ "kdb",           3, make_kdb },
	{ "exception",    10, make_exception },
	{ "kernel-iface",  2, make_kernel_interface },
};

/* EFLAGS before the entry: mostly plain, sometimes TF, NT, AC, DF, IOPL,
 * VM, RF, ID, OF (popfd in user mode drops what it may not set). */
static L4_Word_t any_eflags(void)
{
	static const L4_Word_t bits[] = { 0x100, 0x4000, 0x40000, 0x400, 0x3000, 0x20000, 0x10000,
	                                  0x200000, 0x800, 0x1, 0x80000, 0x100000 };
	L4_Word_t fl = 0x202;
	if (one_in(4))
		for (int i = below(3) + 1; i > 0; i--)
			fl |= PICK(bits);
	if (one_in(16))
		fl = rnd() | 0x2;
	return fl;
}

static L4_Word_t any_selector(bool fs_or_gs, L4_Word_t own)
{
	if (!one_in(8))
		return FUZZ_SEL_KEEP;
	static const L4_Word_t sel[] = { 0, 3, 0x08, 0x0B, 0x10, 0x13, 0x1B, 0x23, 0x2B, 0x33, 0x3B, 0x07, 0xFFFF };
	L4_Word_t s = one_in(3) ? own : one_in(2) ? PICK(sel) : rnd() & 0xFFFF;
	if (fs_or_gs && !FUZZ_FSGS_LOADS)
		s = own;
	return s;
}

/* Builds call n from the seed; fills fuzz.what. */
static void make_call(L4_Word_t seed, L4_Word_t n)
{
	seed_call(seed, n);
	unsigned total = 0;
	for (unsigned i = 0; i < sizeof calls / sizeof calls[0]; i++)
		total += calls[i].weight;
	L4_Word_t r = below(total);
	const struct fuzz_call *c = calls;
	while (r >= c->weight)
		r -= c->weight, c++;
	struct fuzz_frame *f = &fuzz_frame;
	for (int i = 0; i < 7; i++)
		f->reg[i] = 0;
	c->make(f);
	f->target = (L4_Word_t)fuzz_code;
	f->eflags = any_eflags();
	for (int i = 0; i < 4; i++)
		f->sel[i] = any_selector(i >= 2, fuzz_segments[i]);
	/* The words that replay it. */
	char *w = fuzz.what;
	unsigned len = 0;
	const char *p = c->name;
	while (*p && len < 16)
		w[len++] = *p++;
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 7 && len < sizeof fuzz.what - 32; i++) {
		w[len++] = ' ';
		for (int k = 28; k >= 0; k -= 4)
			w[len++] = hex[f->reg[i] >> k & 0xF];
	}
	w[len++] = ' ';
	w[len++] = '[';
	for (unsigned i = 1; i < code_len && i < 9 && len < sizeof fuzz.what - 4; i++) {
		w[len++] = hex[fuzz_code[i] >> 4];
		w[len++] = hex[fuzz_code[i] & 0xF];
	}
	w[len++] = ']';
	w[len] = 0;
}

void fuzz_task(void)
{
	L4_Set_ExceptionHandler(fuzz.handler);
	fuzz_save_segments();
	while (L4_IsNilThread(fuzz.sibling))
		L4_ThreadSwitch(L4_nilthread);  /* the suite is still making it */
	for (; fuzz.next < fuzz.stop; fuzz.next++) {
		make_call(fuzz.seed, fuzz.next);
		if (fuzz.verbose)
			printf("fuzz: seed %lu call %lu: %s fl %lx sel %lx %lx %lx %lx\n", fuzz.seed,
			       fuzz.next, fuzz.what, fuzz_frame.eflags, fuzz_frame.sel[0],
			       fuzz_frame.sel[1], fuzz_frame.sel[2], fuzz_frame.sel[3]);
		fuzz.caught += fuzz_enter();
		fuzz.done++;
		/* What a call may have changed that the next one needs. */
		L4_Set_ExceptionHandler(fuzz.handler);
		L4_Word_t dummy;
		L4_ThreadId_t old;
		L4_ExchangeRegisters(L4_Myself(), L4_ExReg_pager, 0, 0, 0, 0, fuzz.handler,
		                     &dummy, &dummy, &dummy, &dummy, &dummy, &old);
	}
	L4_LoadMR(0, (L4_Word_t)FUZZ_DONE_LABEL << 16 | 2);
	L4_LoadMR(1, FUZZ_DONE_MAGIC);
	L4_LoadMR(2, fuzz.done);
	L4_Send(fuzz.suite);
	for (;;)
		L4_Sleep(L4_Never);
}

/* The sibling: a second thread of the fuzzer's space (the suite makes it),
 * so that ExchangeRegisters, IPC, map and grant, propagation and
 * ThreadSwitch have a partner the kernel must let the task reach. It
 * answers what it receives, with whole-space receive windows (typed items
 * keep out of the image, any_map_item), and keeps its own state: the task
 * may stop it, move it or restart it (fuzz_sibling_entry) at any time. */
static L4_Word_t sibling_rng = 1;

static L4_Word_t sibling_rnd(void)
{
	sibling_rng ^= sibling_rng << 13;
	sibling_rng ^= sibling_rng >> 17;
	sibling_rng ^= sibling_rng << 5;
	return sibling_rng;
}

void fuzz_sibling(void)
{
	L4_ThreadId_t from;
	L4_Set_ExceptionHandler(fuzz.handler);
	L4_LoadBR(0, L4_CompleteAddressSpace.raw);
	L4_MsgTag_t tag = L4_Wait_Timeout(L4_TimePeriod(2000), &from);
	for (;;) {
		L4_LoadBR(0, sibling_rnd() & 1 ? L4_CompleteAddressSpace.raw : 0);
		if (!L4_IpcSucceeded(tag)) {
			tag = L4_Wait_Timeout(L4_TimePeriod(1000 + sibling_rnd() % 4000), &from);
			continue;
		}
		L4_LoadMR(0, sibling_rnd() & 0xFFFF003F & ~0xFC0UL);    /* untyped words only */
		tag = L4_ReplyWait_Timeout(from, L4_TimePeriod(sibling_rnd() % 4000), &from);
	}
}
