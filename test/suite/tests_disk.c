// SPDX-License-Identifier: MIT
/*
 * tests_disk.c: the ATA driver (servers/driver/ata.c) through its block
 * protocol, as a client. test/boot/disk.t boots twice on one disk image:
 * sector 1 holds a generation number, sectors 2..9 a pattern made from
 * it; each boot checks what the previous one wrote (generation 0: a fresh
 * image, all zeroes) and writes the next generation. Without the driver
 * among the modules the tests are reported as skipped.
 */
#include "spaces.h"
#include "suite.h"
#include "block_protocol.h"
#include "tests_disk_paging.h"

#define MAGIC  0x4C344453UL             /* 'L4DS' */

static L4_ThreadId_t ata;
/* The buffer: the root task's last test page (the space tests, which
 * use it, ran before), mapped to the driver and shared. */
static volatile L4_Word_t *buf;

static L4_MsgTag_t block_call(L4_Word_t label, L4_Word_t lba, L4_Word_t count, L4_Word_t *r)
{
	L4_LoadMR(1, lba);
	L4_LoadMR(2, count);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = label } });
	L4_MsgTag_t tag = L4_Call_Timeouts(ata, L4_TimePeriod(1000000), L4_TimePeriod(5000000));
	L4_StoreMR(1, r);
	return tag;
}

static L4_Word_t pattern(L4_Word_t gen, unsigned i)
{
	return (gen * 0x9E3779B9UL) ^ (i * 0x01000193UL) ^ MAGIC;
}

static bool test_attach(void)
{
	buf = test_page(TEST_PAGES - 1);
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2((L4_Word_t)buf, 12), L4_ReadWriteOnly);
	L4_MapItem_t m = L4_MapItem(f, 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = BLOCK_ATTACH } });
	L4_MsgTag_t tag = L4_Call_Timeouts(ata, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_Word_t sectors = 0;
	L4_StoreMR(1, &sectors);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), 0);
	printf("# disk: %lu sectors\n", sectors);
	EXPECT(sectors >= 16);
	return true;
}

static bool test_persist(void)
{
	L4_Word_t r = 0;
	EXPECT(L4_IpcSucceeded(block_call(BLOCK_READ, 1, 1, &r)));
	EXPECT_EQ(r, 1);
	L4_Word_t gen = buf[0] == MAGIC ? buf[1] : 0;
	printf("# disk: generation %lu found\n", gen);
	if (gen) {
		EXPECT(L4_IpcSucceeded(block_call(BLOCK_READ, 2, 8, &r)));
		EXPECT_EQ(r, 8);
		for (unsigned i = 0; i < 1024; i++)
			if (buf[i] != pattern(gen, i)) {
				printf("# word %u of generation %lu: %lx\n", i, gen, buf[i]);
				return false;
			}
	}
	/* The next generation: the pattern, then the header that names it. */
	gen++;
	for (unsigned i = 0; i < 1024; i++)
		buf[i] = pattern(gen, i);
	EXPECT(L4_IpcSucceeded(block_call(BLOCK_WRITE, 2, 8, &r)));
	EXPECT_EQ(r, 8);
	for (unsigned i = 0; i < 128; i++)
		buf[i] = i == 0 ? MAGIC : i == 1 ? gen : 0;
	EXPECT(L4_IpcSucceeded(block_call(BLOCK_WRITE, 1, 1, &r)));
	/* Read back, over a cleared buffer. */
	for (unsigned i = 0; i < 1024; i++)
		buf[i] = 0;
	EXPECT(L4_IpcSucceeded(block_call(BLOCK_READ, 2, 8, &r)));
	for (unsigned i = 0; i < 1024; i++)
		EXPECT_EQ(buf[i], pattern(gen, i));
	printf("# disk: generation %lu written\n", gen);
	return true;
}

static bool test_bad_requests(void)
{
	L4_Word_t r = 0;
	L4_MsgTag_t tag = block_call(BLOCK_READ, 1, 0, &r);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), BLOCK_ERROR);
	EXPECT_EQ(r, BLOCK_ERR_RANGE);
	tag = block_call(BLOCK_WRITE, 0xFFFFFFF0UL, 8, &r);
	EXPECT_EQ(L4_Label(tag), BLOCK_ERROR);
	EXPECT_EQ(r, BLOCK_ERR_RANGE);
	tag = block_call(0x7777, 0, 1, &r);
	EXPECT_EQ(L4_Label(tag), BLOCK_ERROR);
	EXPECT_EQ(r, BLOCK_ERR_LABEL);
	/* Still serving. */
	tag = block_call(BLOCK_READ, 1, 1, &r);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), 0);
	EXPECT_EQ(buf[0], MAGIC);
	return true;
}

const struct test disk_tests[] = {
	{ "disk_attach", "a client's page becomes the ATA driver's buffer; the driver knows the disk's size", test_attach },
	{ "disk_persist", "sectors written through the ATA driver read back, and the last boot's are there", test_persist },
	{ "disk_bad_requests", "bad block requests get an error reply, and the driver keeps serving", test_bad_requests },
	{ "disk_paging", "the paging pager with the disk as its backing store: 48 pages on 4 frames; evicted pages are on the disk byte for byte and come back", test_disk_paging },
	{ "disk_paging_io_error", "a page evicted to a slot past the disk's end: the driver refuses the write and the pager the fault, and both keep serving", test_disk_paging_io_error },
	{ 0, 0, 0 },
};

unsigned disk_tests_run(unsigned *num)
{
	ata = suite_find("ata");
	unsigned failed = 0;
	bool ok = true;
	for (const struct test *t = disk_tests; t->name; t++) {
		if (L4_IsNilThread(ata) || !ok) {
			printf("ok %u - %s: %s # SKIP %s\n", ++*num, t->name, t->description,
			       ok ? "no ATA driver among the modules" : "no buffer");
			continue;
		}
		bool r = t->run();
		if (t->run == test_attach)
			ok = r;
		failed += !r;
		printf("%s %u - %s: %s\n", r ? "ok" : "not ok", ++*num, t->name, t->description);
	}
	if (!L4_IsNilThread(ata) && buf)        /* the page is the root task's again */
		L4_UnmapFpage(L4_FpageAddRights(L4_FpageLog2((L4_Word_t)buf, 12), L4_FullyAccessible));
	return failed;
}
