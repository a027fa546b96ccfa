// SPDX-License-Identifier: MIT
/*
 * tests_disk_paging.c: the paging pager (servers/pager/paging.c) with the
 * disk (disk_store.c, through the ATA driver) as its backing store, under
 * memory pressure: a client region of 48 pages has 4 frames behind it.
 * The pager runs as a thread of the root task; its frames are four of the
 * root task's test pages, and a fifth is the buffer it shares with the
 * driver. The client is a new space with an agent and a supervisor
 * (servers/pager/client.c), so a refused fault ends the command with an
 * error instead of leaving the agent blocked.
 */
#include "tests_disk_paging.h"
#include "suite.h"
#include "client.h"
#include "paging.h"
#include "disk_store.h"
#include "block_protocol.h"
#include "bench.h"

#define AREA        0x43000000UL        /* in the client */
#define PAGES       48
#define FRAMES      4
#define FIRST_LBA   64                  /* past the sectors tests_disk.c uses */
#define POOL_PAGE   2                   /* test pages 2..5: the frames */
#define BUFFER_PAGE 6                   /* test page 6: the driver's buffer */

static struct pager pp;
static struct pool frames;
static struct paging paging;
static struct disk_store disk;

/* Pager, client and frames for one test; false if any part failed. */
static bool start(struct client *c, L4_ThreadId_t *pt, L4_Word_t first_lba, unsigned slots,
                  unsigned pages)
{
	L4_ThreadId_t ata = suite_find("ata");
	pager_reset(&pp, "disk paging");
	pp.other = client_serve_start;
	*pt = pager_thread_start(&pp);
	return !L4_IsNilThread(ata) && !L4_IsNilThread(*pt) &&
	       disk_store_init(&disk, ata, (L4_Word_t)test_page(BUFFER_PAGE), first_lba, slots) &&
	       pool_init(&frames, (L4_Word_t)test_page(POOL_PAGE), FRAMES) &&
	       paging_init(&paging, &frames, &disk.store, pages) &&
	       add_image_region(&pp) && client_start(c, *pt, true) &&
	       pager_add_supervisor(&pp, c->agent, c->supervisor) &&
	       pager_add_region(&pp, c->agent, AREA, pages * 4096UL, L4_ReadWriteOnly,
	                        paging_fault, &paging);
}

static bool stop(struct client *c, L4_ThreadId_t pt)
{
	client_kill(c);
	paging_release(&paging);
	if (!L4_IsNilThread(pt))
		thread_kill(pt);
	/* The buffer page is the root task's alone again. */
	L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2((L4_Word_t)test_page(BUFFER_PAGE), 12),
	                                L4_FullyAccessible));
	return frames.nfree == FRAMES;
}

/* Reads slot i's sectors straight from the driver and compares them with
 * the pattern the client wrote to page i. Returns the bytes that differ,
 * or ~0 if the read failed; adds the bytes to *sum. */
static L4_Word_t raw_slot_differs(unsigned i, L4_Word_t seed, L4_Word_t *sum)
{
	if (!disk_store_io(&disk, BLOCK_READ, FIRST_LBA + i * 8UL, 8))
		return ~0UL;
	const volatile unsigned char *b = (const volatile unsigned char *)test_page(BUFFER_PAGE);
	L4_Word_t bad = 0, a = AREA + i * 4096UL;
	for (unsigned j = 0; j < 4096; j++) {
		bad += b[j] != pattern_byte(a + j, seed);
		*sum = (*sum ^ b[j]) * 0x01000193UL;     /* FNV-1a */
	}
	return bad;
}

/* The bodies use EXPECT (which returns): the wrappers below clean up. */
static bool evict_and_restore(const struct client *c)
{
	L4_Word_t bad = ~0UL, sum = 0x811C9DC5UL;
	/* A seed one above the one a previous boot left on the disk, so no
	 * byte of the old contents matches the new pattern: the raw check
	 * below can only pass if this run's pages reached the disk. */
	if (!disk_store_io(&disk, BLOCK_READ, FIRST_LBA, 1))
		return false;
	L4_Word_t seed = (unsigned char)(*(volatile unsigned char *)test_page(BUFFER_PAGE) -
	                                 pattern_byte(AREA, 0) + 1);
	/* Every page written: all but FRAMES go to the disk. */
	uint64_t t0 = rdtsc();
	EXPECT_EQ(client_cmd(c, CMD_FILL, AREA, PAGES * 4096UL, seed, 0), AGENT_OK);
	uint64_t t1 = rdtsc();
	printf("# disk paging: %lu evictions, %lu written to the disk, %lu TSC ticks per page "
	       "(fault, eviction, zero fill, the client's writes)\n",
	       (unsigned long)paging.evictions, (unsigned long)disk.store.writes,
	       (unsigned long)((t1 - t0) / PAGES));
	EXPECT_EQ(paging.zero_fills, PAGES);
	EXPECT_EQ(paging.writebacks, PAGES - FRAMES);
	EXPECT_EQ(disk.store.writes, paging.writebacks);
	/* The evicted pages are on the disk, byte for byte. */
	for (unsigned i = 0; i < PAGES - FRAMES; i++)
		if ((bad = raw_slot_differs(i, seed, &sum)) != 0) {
			printf("# slot %u: %lx bytes differ on the disk\n", i, (unsigned long)bad);
			return false;
		}
	printf("# disk paging: %u slots on the disk match, checksum %lx\n",
	       PAGES - FRAMES, (unsigned long)sum);
	/* Every byte comes back through the pager, read from the disk. */
	t0 = rdtsc();
	L4_Word_t label = client_cmd(c, CMD_CHECK, AREA, PAGES * 4096UL, seed, &bad);
	t1 = rdtsc();
	if (label != AGENT_OK || bad) {
		printf("# %lx bytes differ in the client\n", (unsigned long)bad);
		return false;
	}
	printf("# disk paging: %lu restored from %lu disk reads, %lu TSC ticks per page "
	       "(fault, eviction, restore, the client's reads)\n",
	       (unsigned long)paging.restores, (unsigned long)disk.store.reads,
	       (unsigned long)((t1 - t0) / PAGES));
	EXPECT(paging.restores >= PAGES - FRAMES);
	EXPECT_EQ(disk.store.reads, paging.restores);
	/* A part rewritten, then everything checked again. */
	return client_cmd(c, CMD_FILL, AREA + 8 * 4096, 8 * 4096, seed + 1, 0) == AGENT_OK &&
	       client_cmd(c, CMD_CHECK, AREA, 8 * 4096, seed, &bad) == AGENT_OK && !bad &&
	       client_cmd(c, CMD_CHECK, AREA + 8 * 4096, 8 * 4096, seed + 1, &bad) == AGENT_OK && !bad &&
	       client_cmd(c, CMD_CHECK, AREA + 16 * 4096, (PAGES - 16) * 4096UL, seed, &bad) == AGENT_OK &&
	       !bad && disk.store.writes == paging.writebacks && pp.refused == 0;
}

static bool write_past_the_end(const struct client *c)
{
	L4_Word_t r = 0, bad = ~0UL;
	/* Slots 0 and 1 are the disk's last 16 sectors; slot 2 on lie beyond. */
	EXPECT(disk.disk_sectors >= FIRST_LBA + PAGES * 8);
	disk.first_lba = disk.disk_sectors - 16;
	/* Page 6's fault evicts page 2, whose slot is past the end: the
	 * driver refuses the write, the pager the fault. */
	L4_Word_t label = client_cmd(c, CMD_FILL, AREA, 8 * 4096UL, 5, &r);
	printf("# disk paging past the end: label %lx at %lx, driver error %lu, %lu written\n",
	       (unsigned long)label, (unsigned long)r, (unsigned long)disk.last_error,
	       (unsigned long)disk.store.writes);
	EXPECT_EQ(label, AGENT_FAULTED);
	EXPECT_EQ(r & ~0xFFFUL, AREA + 6 * 4096);
	EXPECT_EQ(disk.last_error, BLOCK_ERR_RANGE);
	EXPECT_EQ(disk.store.writes, 2);
	EXPECT_EQ(pp.refused, 1);
	/* The pager and the driver still serve: the resident pages read
	 * back, and so do the two that went to the disk's last sectors. */
	EXPECT(client_cmd(c, CMD_CHECK, AREA + 3 * 4096, 3 * 4096, 5, &bad) == AGENT_OK && !bad);
	EXPECT(disk_store_io(&disk, BLOCK_READ, disk.first_lba, 8));
	return true;
}

bool test_disk_paging(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = L4_nilthread;
	bool ok = start(&c, &pt, FIRST_LBA, PAGES, PAGES) && evict_and_restore(&c);
	return stop(&c, pt) && ok;
}

bool test_disk_paging_io_error(void)
{
	struct client c = { L4_nilthread, L4_nilthread };
	L4_ThreadId_t pt = L4_nilthread;
	bool ok = start(&c, &pt, 0, 8, 8) && write_past_the_end(&c);
	return stop(&c, pt) && ok;
}
