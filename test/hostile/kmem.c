// SPDX-License-Identifier: MIT
/*
 * kmem.c (hostile): kernel memory has an owner (issue 21 item 5). Every
 * mapping costs the kernel frames: a page table and a shadow table for
 * each 4 MiB a space has pages in, a mapping node for each page. Those
 * frames are charged to the space the mapping is in, up to its share of
 * the pool (docs/architecture.md, "Kernel memory"), so unprivileged
 * spaces that map to each other at hundreds of places are refused once
 * their shares are used up, with message overflow (X.2 §5.7) to both
 * parties, while the kernel still has memory for everyone else: an
 * innocent task still faults in pages and takes mappings meanwhile. A
 * thread whose pager's map reply is refused for want of its space's
 * share is stopped, its pager told; it must not fault for ever. Deleting
 * the spaces gives every frame back.
 *
 * Once its share is used up, a space's own page faults are refused too
 * (the refused map may have taken the last of its node frame), so a
 * colluder faults in, before it colludes, every page it touches after:
 * how much room a refusal leaves depends on the pool's size and on where
 * in an item the share ran out, which is no part of what is tested.
 */
#include "hostile.h"

#define REGION_FIRST  0x04000000UL      /* above the suite's image */
#define REGION_SIZE   0x00400000UL      /* one page table and shadow each */
#define REGIONS       751               /* up to 0xBFC00000: the KIP and UTCB
                                         * areas' 4 MiB is left alone */
#define ITEMS         16                /* map items in one message */
#define GIFT_LOG2     20                /* each colluder maps 1 MiB a time */
#define GIFT_PAGES    (1u << (GIFT_LOG2 - 12))
#define FRESH_REGION  0x03C00000UL      /* a 4 MiB nobody maps to */
#define LABEL_FAULT   0x4B46            /* suite -> hoarder: touch it now */
#define TASK_MS       5000

static L4_Word_t region(unsigned r)
{
	return REGION_FIRST + r * REGION_SIZE;
}

/* The pages the tasks map on: the colluders' 1 MiB (both map it: 256
 * nodes, a page table and a shadow wherever it goes; the pages of two
 * colluders would take the whole pool without shares), and the suite's. */
static volatile L4_Word_t gift[GIFT_PAGES][1024] __attribute__((aligned(1 << GIFT_LOG2)));
static volatile L4_Word_t offer[1024] __attribute__((aligned(4096)));
/* Pages of the image no task touches before the innocent does. */
static volatile L4_Word_t innocent_pages[16][1024] __attribute__((aligned(4096)));

/* Loads n map items of the fpage at base (this space's, 2^log2 bytes) to
 * regions first.. of the receiver, after 'u' untyped words in MR1..u. */
static void load_items(L4_Word_t base, unsigned log2, unsigned first, unsigned n, unsigned u)
{
	for (unsigned k = 0; k < n; k++) {
		L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(base, log2),
		                                              L4_FullyAccessible),
		                            region(first + k));
		L4_LoadMR(u + 1 + 2 * k, m.raw[0]);
		L4_LoadMR(u + 2 + 2 * k, m.raw[1]);
	}
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = u, .t = 2 * n } });
}

static unsigned items_in(unsigned round)
{
	unsigned first = round * ITEMS;
	return first >= REGIONS ? 0 : REGIONS - first < ITEMS ? REGIONS - first : ITEMS;
}

/* ---- two colluders: A calls B with mappings, B replies with mappings ---- */

static volatile L4_ThreadId_t colluder_b_id;
/* What B saw: its receive refused (its share used up), its reply refused
 * (A's used up). */
static volatile L4_Word_t b_recv_error, b_send_error;

extern char __image_start[], __text_end[];

/* Touches a KiB of stack below its caller's frame. */
static __attribute__((noinline)) void take_stack(void)
{
	volatile char below[1024];
	below[0] = 0;
	(void)below[0];
}

/* Faults in what a colluder touches (the suite's pager maps the image
 * writable): the whole gift, so that it can be mapped on, and all it
 * will touch once refused, whose faults would be refused too: the code,
 * the words B reports in (A reads colluder_b_id there), root_id (A's
 * hostile_report sends to it), and the stack. */
static void take_pages(void)
{
	for (unsigned i = 0; i < GIFT_PAGES; i++)
		(void)gift[i][0];
	for (volatile char *p = __image_start; p < __text_end; p += 4096)
		(void)*p;
	(void)b_recv_error;
	(void)b_send_error;
	(void)colluder_b_id;
	(void)*(volatile L4_Word_t *)&root_id.raw;
	take_stack();
}

static void colluder_b(void)
{
	take_pages();
	L4_ThreadId_t from;
	L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		if (L4_IpcFailed(tag)) {
			if (!b_recv_error)
				b_recv_error = L4_ErrorCode();
			L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
			tag = L4_Wait(&from);
			continue;
		}
		L4_Word_t round = 0, wants = 0;
		L4_StoreMR(1, &round);
		L4_StoreMR(2, &wants);
		L4_LoadMR(1, round);
		load_items((L4_Word_t)gift, GIFT_LOG2, round * ITEMS,
		           wants ? items_in(round) : 0, 1);
		L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
		tag = L4_ReplyWait(from, &from);
		if (L4_IpcFailed(tag) && !(L4_ErrorCode() & 1)) {
			/* The reply failed: no receive phase followed. */
			if (!b_send_error)
				b_send_error = L4_ErrorCode();
			tag = L4_Wait(&from);
		}
	}
}

/* Reports its send error (B's share used up) << 8 | its receive error
 * (its own used up), or 0xFFFF if it ran out of regions first, or
 * 0xF0000 | e for another error e. */
static void colluder_a(void)
{
	take_pages();
	L4_Word_t a_error = 0, b_error = 0;
	for (unsigned round = 0; items_in(round) && !(a_error && b_error); round++) {
		L4_LoadMR(1, round);
		L4_LoadMR(2, !a_error);
		load_items((L4_Word_t)gift, GIFT_LOG2, round * ITEMS,
		           b_error ? 0 : items_in(round), 2);
		L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
		L4_MsgTag_t tag = L4_Call_Timeouts(colluder_b_id, L4_TimePeriod(1000000),
		                                   L4_TimePeriod(1000000));
		if (L4_IpcSucceeded(tag))
			continue;
		L4_Word_t e = L4_ErrorCode();
		if (e == ERR_SEND(4) && !b_error)
			b_error = e;
		else if (e == ERR_RECV(4) && !a_error)
			a_error = e;
		else
			hostile_report(0xF0000 | e);
	}
	hostile_report(a_error && b_error ? b_error << 8 | a_error : 0xFFFF);
}

/* The innocent: takes the suite's page at a fresh 4 MiB (a page table, a
 * shadow, a node) and faults in 16 pages nobody touched; reports the sum
 * of what it read. */
static void innocent(void)
{
	L4_Accept(L4_MapGrantItems(L4_FpageLog2(region(0), 22)));
	L4_MsgTag_t tag = L4_Receive_Timeout(root_id, L4_TimePeriod(1000000));
	if (L4_IpcFailed(tag))
		hostile_report(0xE0000 | L4_ErrorCode());
	L4_Word_t sum = *(volatile L4_Word_t *)region(0);
	for (unsigned i = 0; i < 16; i++)
		sum += innocent_pages[i][i];
	hostile_report(sum);
}

/* The word task t reports (hostile_report), or HOSTILE_SILENT. */
static L4_Word_t report_of(L4_ThreadId_t t)
{
	L4_Word_t w = HOSTILE_SILENT;
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(TASK_MS * 1000UL));
	if (L4_IpcSucceeded(tag) && L4_UntypedWords(tag) == 1)
		L4_StoreMR(1, &w);
	return w;
}

static bool innocent_runs(void)
{
	offer[0] = 0x1000;
	for (unsigned i = 0; i < 16; i++)
		innocent_pages[i][i] = i;
	L4_ThreadId_t t = space_start(innocent);
	EXPECT(!L4_IsNilThread(t));
	L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2((L4_Word_t)offer, 12),
	                                              L4_FullyAccessible), region(0));
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2 } });
	L4_MsgTag_t tag = L4_Send_Timeout(t, L4_TimePeriod(1000000));
	L4_Word_t error = L4_IpcFailed(tag) ? L4_ErrorCode() : 0;
	L4_Word_t sum = report_of(t);
	EXPECT(space_kill(t));
	EXPECT_EQ(error, 0);
	EXPECT_EQ(sum, 0x1000 + 120);           /* 0 + 1 + ... + 15 */
	return true;
}

static bool test_colluders(void)
{
	L4_Word_t before = L4_KDB_FreeFrames();
	b_recv_error = b_send_error = 0;
	colluder_b_id = space_start(colluder_b);
	EXPECT(!L4_IsNilThread(colluder_b_id));
	L4_ThreadId_t a = space_start(colluder_a);
	if (L4_IsNilThread(a))
		space_kill(colluder_b_id);
	EXPECT(!L4_IsNilThread(a));
	L4_Word_t seen = report_of(a);
	L4_Word_t left = L4_KDB_FreeFrames();
	/* Meanwhile, with both colluders' mappings still in place. */
	bool innocent_ok = innocent_runs();
	EXPECT(space_kill(a));
	EXPECT(space_kill(colluder_b_id));
	/* Each was refused at its own share, as sender and as receiver. */
	EXPECT_EQ(seen, ERR_SEND(4) << 8 | ERR_RECV(4));
	EXPECT_EQ(b_recv_error, ERR_RECV(4));
	EXPECT_EQ(b_send_error, ERR_SEND(4));
	/* Two shares leave the kernel most of what it had. */
	printf("# the colluders were refused with %lu of %lu frames still free\n", left, before);
	EXPECT(left >= before / 3);
	EXPECT(innocent_ok);
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	return true;
}

/* ---- a fault whose map reply is refused ---- */

/* A pager that serves the image and FRESH_REGION (with 'offer') and
 * records its replies that failed. */
static volatile L4_Word_t kpager_faults, kpager_refused, kpager_error;

static void kpager(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w1 = 0, w2 = 0, w3 = 0, label = L4_Label(tag);
		L4_StoreMR(1, &w1);
		L4_StoreMR(2, &w2);
		L4_StoreMR(3, &w3);
		bool reply = false;
		if (L4_IpcSucceeded(tag) && L4_IsPagefaultLabel(label)) {
			kpager_faults++;
			if (in_root_image(w1)) {
				child_load_map(w1, w1, L4_FullyAccessible);
				reply = true;
			} else if ((w1 & ~(REGION_SIZE - 1)) == FRESH_REGION) {
				child_load_map((L4_Word_t)offer, w1, L4_FullyAccessible);
				reply = true;
			}
		}
		if (!reply) {
			tag = L4_Wait(&from);
			continue;
		}
		tag = L4_ReplyWait(from, &from);
		if (L4_IpcFailed(tag) && !(L4_ErrorCode() & 1)) {
			kpager_error = L4_ErrorCode();
			kpager_refused++;
			tag = L4_Wait(&from);
		}
	}
}

static volatile L4_ThreadId_t kpager_id;

/* Takes mappings from the suite until told to touch FRESH_REGION. */
static void hoarder(void)
{
	L4_Set_PagerOf(L4_Myself(), kpager_id);
	for (;;) {
		L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
		L4_MsgTag_t tag = L4_Receive(root_id);
		if (L4_IpcSucceeded(tag) && L4_Label(tag) == LABEL_FAULT)
			(void)*(volatile L4_Word_t *)FRESH_REGION;
	}
}

static bool test_refused_fault(void)
{
	L4_Word_t before = L4_KDB_FreeFrames();
	kpager_faults = kpager_refused = kpager_error = 0;
	kpager_id = thread_start(kpager);
	EXPECT(!L4_IsNilThread(kpager_id));
	L4_ThreadId_t t = space_start(hoarder);
	EXPECT(!L4_IsNilThread(t));
	/* The suite (privileged) maps to it until its share is used up. */
	L4_Word_t error = 0;
	for (unsigned round = 0; items_in(round) && !error; round++) {
		load_items((L4_Word_t)offer, 12, round * ITEMS, items_in(round), 0);
		if (L4_IpcFailed(L4_Send_Timeout(t, L4_TimePeriod(1000000))))
			error = L4_ErrorCode();
	}
	L4_Word_t left = L4_KDB_FreeFrames();
	L4_Word_t faults_then = kpager_faults;
	/* Its pager's answer to its next fault needs a page table. */
	L4_LoadMR(0, (L4_Word_t)LABEL_FAULT << 16);
	L4_MsgTag_t tag = L4_Send_Timeout(t, L4_TimePeriod(1000000));
	for (unsigned i = 0; i < 100 && !kpager_refused; i++)
		L4_Sleep(L4_TimePeriod(10000));
	L4_Sleep(L4_TimePeriod(20000));         /* room to fault again, if it did */
	L4_Word_t refused = kpager_refused, faults = kpager_faults - faults_then;
	/* Stopped: it takes no message. */
	L4_LoadMR(0, 0);
	L4_MsgTag_t ping = L4_Send_Timeout(t, L4_TimePeriod(20000));
	L4_Word_t ping_error = L4_IpcFailed(ping) ? L4_ErrorCode() : 0;
	EXPECT(space_kill(t));
	EXPECT(thread_kill(kpager_id));
	EXPECT_EQ(error, ERR_SEND(4));
	printf("# the hoarder was refused with %lu of %lu frames still free\n", left, before);
	EXPECT(left >= before / 2);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(refused, 1);                  /* the pager was told */
	EXPECT_EQ(kpager_error, ERR_SEND(4));
	EXPECT_EQ(faults, 1);                   /* and it did not fault again */
	EXPECT_EQ(ping_error, ERR_SEND(1));     /* send timeout: halted */
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	return true;
}

/* ---- a share set by the creator (SpaceControl's k bit, our extension) ---- */

/* Sets t's limit to 'frames' (0: leaves it); returns the frames charged to
 * t, or ~0 if SpaceControl failed. */
static L4_Word_t kmem_control(L4_ThreadId_t t, L4_Word_t frames)
{
	L4_Word_t out = 0;
	if (L4_SpaceControl(t, L4_SpaceControl_KmemLimit(frames), L4_Nilpage, L4_Nilpage,
	                    L4_nilthread, &out) != 1)
		return ~0UL;
	return L4_SpaceControl_KmemUsed(out);
}

/* Takes whatever the suite maps to it. */
static void taker(void)
{
	for (;;) {
		L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
		L4_Receive(root_id);
	}
}

/* Maps the suite's page to t at region r; returns the ErrorCode or 0. */
static L4_Word_t give_region(L4_ThreadId_t t, unsigned r)
{
	load_items((L4_Word_t)offer, 12, r, 1, 0);
	return L4_IpcFailed(L4_Send_Timeout(t, L4_TimePeriod(1000000))) ? L4_ErrorCode() : 0;
}

static bool test_limit_set(void)
{
	L4_Word_t before = L4_KDB_FreeFrames();
	L4_ThreadId_t t = space_start(taker);
	EXPECT(!L4_IsNilThread(t));
	/* Once it waits in its loop, it has all the pages it will touch. */
	L4_LoadMR(0, 0);
	bool waits = L4_IpcSucceeded(L4_Send_Timeout(t, L4_TimePeriod(1000000)));
	L4_Word_t used = kmem_control(t, 0);
	L4_Word_t limited = kmem_control(t, used + 8);
	/* A page at a fresh 4 MiB costs a page table and a shadow (its nodes
	 * fit the frame its first ones took): four fit in 8 frames. */
	unsigned sent = 0;
	L4_Word_t error = 0;
	while (sent < 16 && !(error = give_region(t, sent)))
		sent++;
	L4_Word_t at_refusal = kmem_control(t, 0);
	/* A higher limit lets it take more. */
	L4_Word_t raised = kmem_control(t, L4_SpaceControl_KmemUnlimited);
	L4_Word_t error_after = give_region(t, sent);
	L4_Word_t used_after = kmem_control(t, 0);
	EXPECT(space_kill(t));
	EXPECT(waits);
	EXPECT(used != ~0UL && used > 0);       /* its UTCB page, page tables */
	EXPECT_EQ(limited, used);
	EXPECT_EQ(error, ERR_SEND(4));
	EXPECT_EQ(sent, 4);
	EXPECT_EQ(at_refusal, used + 8);        /* refused exactly at the limit */
	EXPECT_EQ(raised, used + 8);
	EXPECT_EQ(error_after, 0);
	EXPECT_EQ(used_after, used + 10);
	EXPECT_EQ(L4_KDB_FreeFrames(), before);
	return true;
}

const struct test hostile_kmem_tests[] = {
	{ "kmem_colluders", "two spaces mapping to each other at hundreds of places are "
	  "refused at their own shares, and an innocent task still gets mappings", test_colluders },
	{ "kmem_refused_fault", "a fault whose map reply its space has no kernel memory for "
	  "stops the thread and tells the pager", test_refused_fault },
	{ "kmem_limit_set", "a space's share set by its creator (SpaceControl) is refused "
	  "exactly at its limit, and a raised limit lets it take more", test_limit_set },
	{ 0 }
};
