// SPDX-License-Identifier: MIT
/*
 * The forms of string items and receive buffers (X.2 §5.5, §5.6) and the
 * message overflow rules (§5.7): every transfer checked byte by byte,
 * with the bytes after the last one received still the canary.
 */
#include "longipc.h"

#define TAG_E  0x8000UL

/* Both sides succeeded; the receiver got the tag's u and t. */
static bool both_ok(void)
{
	EXPECT_EQ(job.snd_tag & TAG_E, 0);
	if (job.rcv_tag & TAG_E)
		printf("# receiver ErrorCode %lx\n", job.rcv_err);
	EXPECT_EQ(job.rcv_tag & TAG_E, 0);
	EXPECT_EQ(job.rcv_tag & 0xFFF, job.t << 6 | job.u);
	EXPECT_EQ(job.rcv_tag >> 16, 0x4D53);
	return true;
}

/* Both failed with code (the sender's view) at offset. */
static bool both_failed(L4_Word_t code, L4_Word_t offset)
{
	L4_Word_t rcode = code == 5 ? 6 : code == 6 ? 5 : code;
	EXPECT(job.snd_tag & TAG_E);
	EXPECT(job.rcv_tag & TAG_E);
	EXPECT_EQ(EC_CODE(job.snd_err), code);
	EXPECT_EQ(EC_PHASE(job.snd_err), 0);
	EXPECT_EQ(EC_OFFSET(job.snd_err), offset);
	EXPECT_EQ(EC_CODE(job.rcv_err), rcode);
	EXPECT_EQ(EC_PHASE(job.rcv_err), 1);
	EXPECT_EQ(EC_OFFSET(job.rcv_err), offset);
	return true;
}

/* The partly received message keeps its label, u and t (§5.7). */
static bool partial_tag(void)
{
	EXPECT_EQ(job.rcv_tag >> 16, 0x4D53);
	EXPECT_EQ(job.rcv_tag & 0xFFF, job.t << 6 | job.u);
	return true;
}

static bool simple(enum where s, enum where r, enum order o, L4_Word_t from, L4_Word_t to,
                   L4_Word_t len)
{
	job_reset();
	fill_src((unsigned)(from + to + len));
	fill_dst();
	L4_Word_t w = 0x1234;
	job.words[0] = w;
	job.u = 1;
	job_string(src_buf + from, len);
	job_simple_buffer(dst_buf + to, len + 100);
	EXPECT(transfer(s, r, o, 5000));
	EXPECT(both_ok());
	EXPECT_EQ(job.rcv_mr[1], w);
	/* The receiver's typed words are the sender's item as sent. */
	EXPECT_EQ(job.rcv_mr[2], job.words[1]);
	EXPECT_EQ(job.rcv_mr[3], job.words[2]);
	EXPECT(same_bytes(dst_buf + to, src_buf + from, len));
	EXPECT(canary_at(dst_buf + to + len, 200));
	EXPECT(canary_at(dst_buf, to));
	return true;
}

static bool test_simple_intra(void)
{
	return simple(IN_ROOT, IN_ROOT, RECEIVER_FIRST, 5, 3, 300) &&
	       simple(IN_ROOT, IN_ROOT, SENDER_FIRST, 4000, 10, 5000) &&
	       simple(IN_ROOT, IN_ROOT, RECEIVER_FIRST, 0, 0, 1);
}

static bool test_simple_inter(void)
{
	return simple(IN_ROOT, IN_CHILD, RECEIVER_FIRST, 7, 4090, 300) &&
	       simple(IN_CHILD, IN_ROOT, SENDER_FIRST, 100, 1, 9000) &&
	       simple(IN_CHILD, IN_CHILD, RECEIVER_FIRST, 4095, 4097, 4) &&
	       simple(IN_CHILD, IN_CHILD, SENDER_FIRST, 1, 2, 256);
}

static bool test_small_spaces(void)
{
	return simple(IN_SMALL, IN_SMALL, RECEIVER_FIRST, 3, 5, 6000) &&
	       simple(IN_SMALL, IN_SMALL, SENDER_FIRST, 8000, 1, 4096) &&
	       simple(IN_SMALL, IN_CHILD, RECEIVER_FIRST, 17, 33, 3000);
}

/* Gather: a compound string of two groups (three substrings of 100
 * bytes, then one of 50) into one simple buffer. */
static bool gather(enum where s, enum where r, enum order o)
{
	job_reset();
	fill_src(11);
	fill_dst();
	L4_Word_t w[8];
	L4_StringItem_t *si = (L4_StringItem_t *)w;
	*si = L4_StringItem(100, src_buf + 10);
	L4_AddSubstringAddressTo(si, src_buf + 1000);
	L4_AddSubstringAddressTo(si, src_buf + 4090);
	L4_StringItem_t tail = L4_StringItem(50, src_buf + 9000);
	L4_AddSubstringTo(si, &tail);
	EXPECT_EQ(L4_Substrings(si), 4);
	EXPECT_EQ((L4_Word_t)L4_Substring(si, 3), (L4_Word_t)(src_buf + 4090));
	EXPECT_EQ((L4_Word_t)L4_Substring(si, 4), (L4_Word_t)(src_buf + 9000));
	EXPECT(L4_CompoundString(si));
	EXPECT_EQ(__L4_StringItemWords(w), 6);
	job_item(w, 6);
	job_simple_buffer(dst_buf + 1, 400);
	EXPECT(transfer(s, r, o, 5000));
	EXPECT(both_ok());
	EXPECT(same_bytes(dst_buf + 1, src_buf + 10, 100));
	EXPECT(same_bytes(dst_buf + 101, src_buf + 1000, 100));
	EXPECT(same_bytes(dst_buf + 201, src_buf + 4090, 100));
	EXPECT(same_bytes(dst_buf + 301, src_buf + 9000, 50));
	EXPECT(canary_at(dst_buf + 351, 100));
	return true;
}

static bool test_gather(void)
{
	return gather(IN_ROOT, IN_ROOT, RECEIVER_FIRST) && gather(IN_CHILD, IN_ROOT, SENDER_FIRST) &&
	       gather(IN_ROOT, IN_CHILD, RECEIVER_FIRST);
}

/* Scatter: a simple string of 1000 bytes into a compound buffer of four
 * substrings of 256 (one crossing a page, one in another buffer). */
static bool scatter(enum where s, enum where r, enum order o)
{
	job_reset();
	fill_src(23);
	fill_dst();
	job_string(src_buf + 3, 1000);
	L4_Word_t w[8];
	L4_StringItem_t *b = (L4_StringItem_t *)w;
	*b = L4_StringItem(256, dst_buf);
	L4_AddSubstringAddressTo(b, dst_buf + 1024);
	L4_AddSubstringAddressTo(b, dst_buf + 4000);
	L4_AddSubstringAddressTo(b, dst2_buf + 77);
	job_buffer(w, 5);
	EXPECT(transfer(s, r, o, 5000));
	EXPECT(both_ok());
	EXPECT(same_bytes(dst_buf, src_buf + 3, 256));
	EXPECT(same_bytes(dst_buf + 1024, src_buf + 259, 256));
	EXPECT(same_bytes(dst_buf + 4000, src_buf + 515, 256));
	EXPECT(same_bytes(dst2_buf + 77, src_buf + 771, 232));
	EXPECT(canary_at(dst_buf + 256, 1024 - 256));
	EXPECT(canary_at(dst2_buf + 77 + 232, 100));
	return true;
}

static bool test_scatter(void)
{
	return scatter(IN_ROOT, IN_ROOT, SENDER_FIRST) && scatter(IN_ROOT, IN_CHILD, RECEIVER_FIRST) &&
	       scatter(IN_CHILD, IN_CHILD, SENDER_FIRST);
}

/* Compound on both sides, with pieces of unequal sizes. */
static bool compound_both(enum where s, enum where r, enum order o)
{
	job_reset();
	fill_src(31);
	fill_dst();
	L4_Word_t w[10], v[10];
	L4_StringItem_t *si = (L4_StringItem_t *)w, *b = (L4_StringItem_t *)v;
	*si = L4_StringItem(700, src_buf + 5);
	L4_StringItem_t more = L4_StringItem(333, src_buf + 6000);
	L4_AddSubstringTo(si, &more);
	L4_AddSubstringAddressTo(si, src_buf + 12000);     /* 333 too */
	*b = L4_StringItem(500, dst_buf + 4000);
	L4_StringItem_t rest = L4_StringItem(900, dst2_buf + 4090);
	L4_AddSubstringTo(b, &rest);
	job_item(w, (unsigned)__L4_StringItemWords(w));
	job_buffer(v, (unsigned)__L4_StringItemWords(v));
	EXPECT(transfer(s, r, o, 5000));
	EXPECT(both_ok());
	/* 700 + 333 + 333 = 1366 bytes: 500 into the first, 866 after. */
	unsigned char want[1366];
	for (int i = 0; i < 700; i++)
		want[i] = src_buf[5 + i];
	for (int i = 0; i < 333; i++)
		want[700 + i] = src_buf[6000 + i], want[1033 + i] = src_buf[12000 + i];
	EXPECT(same_bytes(dst_buf + 4000, want, 500));
	EXPECT(same_bytes(dst2_buf + 4090, want + 500, 866));
	EXPECT(canary_at(dst_buf + 4500, 100));
	EXPECT(canary_at(dst2_buf + 4090 + 866, 100));
	return true;
}

static bool test_compound_both(void)
{
	return compound_both(IN_ROOT, IN_ROOT, RECEIVER_FIRST) &&
	       compound_both(IN_CHILD, IN_CHILD, SENDER_FIRST) &&
	       compound_both(IN_SMALL, IN_SMALL, RECEIVER_FIRST);
}

/* Strings, a map item between them, the buffers taken in order; a cache
 * hint on one (accepted, ignored). The receiver then reads the mapped
 * page. */
static bool test_mixed_items(void)
{
	job_reset();
	fill_src(41);
	fill_dst();
	job_string(src_buf + 100, 100);
	L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2((L4_Word_t)src_buf + 8192, 12),
	                                              L4_Readable), 0);
	job_item(m.raw, 2);
	L4_StringItem_t b = L4_AddCacheAllocationHint(L4_StringItem(200, src_buf + 300),
	                                              L4_AllocateNewCacheLines);
	EXPECT(L4_IsCacheAllocationHintEqual(L4_CacheAllocationHint(b), L4_AllocateNewCacheLines));
	job_item(b.raw, 2);
	job.brs[0] = L4_MapGrantItems(L4_FpageLog2(0x40000000UL, 12)).raw | ACCEPT_STRINGS;
	job_simple_buffer(dst_buf, 100);
	job_simple_buffer(dst2_buf + 5, 300);
	job_simple_buffer(dst_buf + 8000, 300);          /* one too many: fine */
	job.peek = 0x40000000UL;
	EXPECT(transfer(IN_ROOT, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(both_ok());
	EXPECT(same_bytes(dst_buf, src_buf + 100, 100));
	EXPECT(same_bytes(dst2_buf + 5, src_buf + 300, 200));
	EXPECT(canary_at(dst2_buf + 205, 100));
	EXPECT(canary_at(dst_buf + 8000, 300));
	EXPECT_EQ(job.peeked, *(L4_Word_t *)(src_buf + 8192));
	return true;
}

/* A buffer too short: the message is cut where it is full (§5.7). */
static bool too_short(enum where s, enum where r, enum order o)
{
	job_reset();
	fill_src(53);
	fill_dst();
	job_string(src_buf + 1, 1000);
	job_simple_buffer(dst_buf + 2, 600);
	EXPECT(transfer(s, r, o, 5000));
	EXPECT(both_failed(4, 600));
	EXPECT(partial_tag());
	EXPECT(same_bytes(dst_buf + 2, src_buf + 1, 600));
	EXPECT(canary_at(dst_buf + 602, 500));
	return true;
}

static bool test_too_short(void)
{
	return too_short(IN_ROOT, IN_ROOT, RECEIVER_FIRST) && too_short(IN_CHILD, IN_ROOT, SENDER_FIRST) &&
	       too_short(IN_ROOT, IN_CHILD, SENDER_FIRST);
}

/* Two strings, one buffer: the first arrives, the second overflows. */
static bool test_missing_buffer(void)
{
	job_reset();
	fill_src(59);
	fill_dst();
	job_string(src_buf, 300);
	job_string(src_buf + 500, 200);
	job_simple_buffer(dst_buf, 1000);
	EXPECT(transfer(IN_ROOT, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(both_failed(4, 300));
	EXPECT(same_bytes(dst_buf, src_buf, 300));
	EXPECT(canary_at(dst_buf + 300, 800));
	return true;
}

/* Strings not accepted (BR0 s = 0): overflow at offset 0. */
static bool test_not_accepted(void)
{
	job_reset();
	fill_dst();
	job_string(src_buf, 64);
	job_simple_buffer(dst_buf, 1000);
	job.brs[0] = 0;
	EXPECT(transfer(IN_CHILD, IN_ROOT, RECEIVER_FIRST, 5000));
	EXPECT(both_failed(4, 0));
	EXPECT(canary_at(dst_buf, 1000));
	return true;
}

/* An empty string still takes a buffer: the next string goes to the next
 * one. */
static bool test_empty_string(void)
{
	job_reset();
	fill_src(61);
	fill_dst();
	job_string(src_buf, 0);
	job_string(src_buf + 10, 20);
	job_simple_buffer(dst_buf, 100);
	job_simple_buffer(dst2_buf, 100);
	EXPECT(transfer(IN_ROOT, IN_ROOT, SENDER_FIRST, 5000));
	EXPECT(both_ok());
	EXPECT(canary_at(dst_buf, 100));
	EXPECT(same_bytes(dst2_buf, src_buf + 10, 20));
	EXPECT(canary_at(dst2_buf + 20, 80));
	return true;
}

/* A descriptor whose c bit promises a group beyond the typed words: the
 * first group arrives, then overflow. */
static bool test_malformed(void)
{
	job_reset();
	fill_src(67);
	fill_dst();
	L4_Word_t w[2] = { 10UL << 10 | 1UL << 9, (L4_Word_t)src_buf };
	job_item(w, 2);
	job_simple_buffer(dst_buf, 100);
	EXPECT(transfer(IN_CHILD, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(both_failed(4, 10));
	EXPECT(same_bytes(dst_buf, src_buf, 10));
	EXPECT(canary_at(dst_buf + 10, 90));
	/* An item type that is no item (111C): overflow, nothing moved. */
	job_reset();
	fill_dst();
	L4_Word_t bad[2] = { 0xE, 0 };
	job_item(bad, 2);
	job_simple_buffer(dst_buf, 100);
	EXPECT(transfer(IN_CHILD, IN_ROOT, SENDER_FIRST, 5000));
	EXPECT(both_failed(4, 0));
	EXPECT(canary_at(dst_buf, 100));
	return true;
}

/* Strings and buffers outside user space, in the kernel, wrapping around:
 * overflow for both, from unprivileged children too, and nothing of the
 * kernel's read or written (the suite and the kernel go on). */
static bool hostile(L4_Word_t sa, L4_Word_t slen, L4_Word_t da, L4_Word_t dlen)
{
	job_reset();
	fill_dst();
	job_string((void *)sa, slen);
	job_simple_buffer((void *)da, dlen);
	EXPECT(transfer(IN_CHILD, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(both_failed(4, 0));
	EXPECT(canary_at(dst_buf, 200));
	return true;
}

static bool test_hostile_addresses(void)
{
	L4_Word_t d = (L4_Word_t)dst_buf, s = (L4_Word_t)src_buf;
	return hostile(0xE0100000UL, 64, d, 200) &&         /* the kernel image */
	       hostile(0xF0000000UL, 16, d, 200) &&         /* the TCB array */
	       hostile(0xC0000000UL, 16, d, 200) &&         /* the small-space area */
	       hostile(0xBFFFFFF0UL, 32, d, 200) &&         /* runs past user space */
	       hostile(0xFFFFFFF0UL, 0x20, d, 200) &&       /* wraps around */
	       hostile(s, 64, 0xE0000000UL, 4096) &&        /* buffer: physical window */
	       hostile(s, 64, 0xDFFFF000UL, 4096) &&        /* buffer: the KIP page of %gs */
	       hostile(s, 64, 0xFFFFFFC0UL, 0x80);          /* buffer wraps */
}

/* The manual's interface end to end: L4_Msg_t with L4_MsgAppendStringItem
 * (compound) and L4_MsgAppendSimpleStringItem on the sender's side;
 * L4_MsgBufferAppendRcvString (compound) and AppendSimpleRcvString with
 * L4_AcceptStrings on the receiver's (which once loaded two words per
 * buffer); L4_MsgGetStringItem on what arrived. */
static bool test_libl4_interface(void)
{
	job_reset();
	fill_src(71);
	fill_dst();
	job.use_libl4 = true;
	L4_Word_t w[8], v[12];
	L4_StringItem_t *si = (L4_StringItem_t *)w, *b = (L4_StringItem_t *)v;
	*si = L4_StringItem(300, src_buf + 1);
	L4_AddSubstringAddressTo(si, src_buf + 5000);
	L4_AddSubstringAddressTo(si, src_buf + 9000);
	L4_MsgClear(&job.msg);
	L4_Set_MsgLabel(&job.msg, 0x4D53);
	L4_MsgAppendWord(&job.msg, 0xCAFE);
	L4_MsgAppendStringItem(&job.msg, si);
	L4_MsgAppendSimpleStringItem(&job.msg, L4_StringItem(77, src_buf + 20000));
	EXPECT_EQ(L4_TypedWords(L4_MsgMsgTag(&job.msg)), 4 + 2);
	*b = L4_StringItem(100, dst_buf);
	for (unsigned i = 1; i < 9; i++)
		L4_AddSubstringAddressTo(b, dst_buf + i * 1000);
	L4_MsgBufferClear(&job.msgbuf);
	L4_MsgBufferAppendRcvString(&job.msgbuf, b);
	L4_MsgBufferAppendSimpleRcvString(&job.msgbuf, L4_StringItem(100, dst2_buf));
	job.u = 1, job.t = 6;
	EXPECT(transfer(IN_CHILD, IN_CHILD, RECEIVER_FIRST, 5000));
	EXPECT(both_ok());
	/* Piece k of 100 bytes: from substring k / 3 at (k % 3) * 100. */
	const L4_Word_t from[3] = { 1, 5000, 9000 };
	for (unsigned k = 0; k < 9; k++)
		EXPECT(same_bytes(dst_buf + k * 1000, src_buf + from[k / 3] + (k % 3) * 100, 100));
	EXPECT(canary_at(dst_buf + 100, 900));
	EXPECT(same_bytes(dst2_buf, src_buf + 20000, 77));
	EXPECT(canary_at(dst2_buf + 77, 23));
	/* What arrived, read back with the Msg interface. */
	L4_Msg_t got;
	got.raw[0] = job.rcv_tag;
	for (unsigned i = 1; i < 8; i++)
		got.raw[i] = job.rcv_mr[i];
	EXPECT_EQ(L4_MsgWord(&got, 0), 0xCAFE);
	L4_Word_t back[8];
	L4_StringItem_t *r = (L4_StringItem_t *)back;
	EXPECT_EQ(L4_MsgGetStringItem(&got, 0, r), 4);
	EXPECT_EQ(L4_Substrings(r), 3);
	EXPECT_EQ((L4_Word_t)L4_Substring(r, 2), (L4_Word_t)(src_buf + 5000));
	EXPECT_EQ(L4_MsgGetStringItem(&got, 4, r), 2);
	EXPECT_EQ(r->X.string_length, 77);
	return true;
}

const struct test string_tests[] = {
	{ "string_libl4_interface", "L4_Msg and L4_MsgBuffer with compound strings, L4_AcceptStrings, L4_MsgGetStringItem", test_libl4_interface },
	{ "string_simple_intra", "a simple string within one space, both orders, unaligned, across pages", test_simple_intra },
	{ "string_simple_inter", "a simple string between spaces, both orders, byte by byte", test_simple_inter },
	{ "string_small_spaces", "strings between two small spaces and from a small to a large one", test_small_spaces },
	{ "string_gather", "a compound string (two groups, j = 3 and 1) gathered into one buffer", test_gather },
	{ "string_scatter", "a simple string scattered into a compound buffer of four substrings", test_scatter },
	{ "string_compound_both", "compound strings into compound buffers of other sizes", test_compound_both },
	{ "string_mixed_items", "string, map item, string with a cache hint: buffers in order, the mapping arrives, one buffer spare", test_mixed_items },
	{ "string_too_short", "a buffer too short: overflow at its length on both sides, the rest not written", test_too_short },
	{ "string_missing_buffer", "more strings than buffers: overflow after the first string", test_missing_buffer },
	{ "string_not_accepted", "BR0 without s: overflow at offset 0", test_not_accepted },
	{ "string_empty", "an empty string takes a buffer of its own", test_empty_string },
	{ "string_malformed", "a descriptor past the typed words, a reserved item type: overflow", test_malformed },
	{ "string_hostile_addresses", "strings and buffers in the kernel, past user space, wrapping: overflow, nothing touched", test_hostile_addresses },
	{ 0, 0, 0 },
};
