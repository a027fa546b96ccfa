// SPDX-License-Identifier: MIT
/*
 * test/host/libl4_message.c: host tests of libl4's message encodings
 * against the X.2 manual: the MsgTag (§5.1, §5.7), map and grant items
 * (§5.2, §5.3), simple string items (§5.5), the acceptor (§5.6), the
 * Timeouts word and the ErrorCode word of a failed IPC (§5.7), the labels
 * of the protocols (chapter 7, A.4), and the L4_Msg_t operations that do
 * not touch the UTCB. Nothing here runs a system call or reads %gs.
 */
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/protocols.h>
#include <l4/sigma0.h>
#include <l4/space.h>
#include "tap.h"

static void test_msgtag(void)
{
	L4_MsgTag_t t = L4_Niltag;
	is_uint(t.raw, 0, "Niltag is 0");
	is_uint(sizeof t, 4, "MsgTag is one word");
	is_field(t, X.u, 63, 0x3F, "u is bits 0..5");
	is_field(t, X.t, 63, 0xFC0, "t is bits 6..11");
	is_field(t, X.flags, 15, 0xF000, "flags are bits 12..15");
	is_field(t, X.label, 0xFFFF, 0xFFFF0000u, "label is bits 16..31");

	t.raw = 0x123450C7;
	is_uint(L4_Label(t), 0x1234, "Label");
	is_uint(L4_UntypedWords(t), 7, "UntypedWords");
	is_uint(L4_TypedWords(t), 3, "TypedWords");
	is_uint(L4_MsgTagAddLabel(t, 0xBEEF).raw, 0xBEEF50C7u, "MsgTagAddLabel replaces the label");
	L4_MsgTagAddLabelTo(&t, 0x42);
	is_uint(t.raw, 0x004250C7u, "MsgTagAddLabelTo");
	ok(L4_IsMsgTagEqual(t, t) && L4_IsMsgTagNotEqual(t, L4_Niltag), "MsgTag comparison");

	ok(L4_IpcSucceeded((L4_MsgTag_t){ .raw = 0x7000 }), "E clear: succeeded");
	ok(L4_IpcFailed((L4_MsgTag_t){ .raw = 0x8000 }), "E is bit 15");
	ok(L4_IpcXcpu((L4_MsgTag_t){ .raw = 0x4000 }), "X is bit 14");
	ok(L4_IpcRedirected((L4_MsgTag_t){ .raw = 0x2000 }), "r is bit 13");
	ok(L4_IpcPropagated((L4_MsgTag_t){ .raw = 0x1000 }), "p is bit 12");
	ok(!L4_IpcFailed((L4_MsgTag_t){ .raw = 0x7FFF }), "other bits do not mean failure");
	t.raw = 0x00050002;
	L4_Set_Propagation(&t);
	is_uint(t.raw, 0x00051002, "Set_Propagation sets p (bit 12)");
}

static void test_items(void)
{
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(0x40000, 12), L4_FullyAccessible);
	L4_MapItem_t m = L4_MapItem(f, 0x12345678);
	is_uint(m.raw[0], 0x12345408u, "MapItem word 0: snd base/1024 at 10, type 100, C 0");
	is_uint(m.raw[1], f.raw, "MapItem word 1: the send fpage");
	ok(L4_IsMapItem(m), "IsMapItem");
	is_uint(L4_MapItemSndBase(m), 0x12345400u, "MapItemSndBase");
	is_uint(L4_MapItemSndFpage(m).raw, f.raw, "MapItemSndFpage");
	m.X.C = 1;
	is_uint(m.raw[0], 0x12345409u, "C is bit 0");

	L4_GrantItem_t g = L4_GrantItem(f, 0);
	is_uint(g.raw[0], 0xA, "GrantItem word 0: type 101");
	ok(L4_IsGrantItem(g), "IsGrantItem");
	is_uint(L4_GrantItemSndFpage(g).raw, f.raw, "GrantItemSndFpage");
	is_uint(L4_GrantItemSndBase(L4_GrantItem(f, 0xFFFFFFFF)), 0xFFFFFC00u, "GrantItemSndBase");
	/* Each is its own type (§5.2, §5.3), of the same layout. */
	ok(_Generic(g, L4_GrantItem_t: 1, default: 0) && _Generic(m, L4_GrantItem_t: 0, default: 1),
	   "GrantItem_t is a type of its own, not MapItem_t");
	ok(sizeof g == 8 && sizeof g == sizeof m, "a grant item is two words, as a map item");
	ok(!L4_IsGrantItem((L4_GrantItem_t){ { m.raw[0], m.raw[1] } }) &&
	   !L4_IsMapItem((L4_MapItem_t){ { g.raw[0], g.raw[1] } }),
	   "a map item's words are no grant item, and the other way round");

	/* sigma0's refusals (§7.7): map reject MR 1 = 1000, grant reject 1010. */
	is_uint(L4_MapItem(L4_Nilpage, 0).raw[0], 0x8, "map item of the nilpage = map reject");
	is_uint(L4_GrantItem(L4_Nilpage, 0).raw[0], 0xA, "grant item of the nilpage = grant reject");

	int buf;
	L4_StringItem_t s = L4_StringItem(100, &buf);
	is_uint(s.raw[0], 100u << 10, "simple string: length at bit 10, type 0hh, c = 0, j - 1 = 0");
	ok(s.X.string_ptr == &buf, "string pointer in word 1");
	ok(L4_IsStringItem(&s) && !L4_CompoundString(&s), "IsStringItem, not compound");
	is_uint(L4_Substrings(&s), 1, "one substring");
	ok(!L4_IsStringItem((L4_StringItem_t *)&m), "a map item is no string item");
}

static void test_acceptor(void)
{
	is_uint(L4_UntypedWordsAcceptor.raw, 0, "UntypedWordsAcceptor");
	is_uint(L4_StringItemsAcceptor.raw, 1, "StringItemsAcceptor: s is bit 0");
	is_uint(L4_CtrlXferItemsAcceptor.raw, 2, "CtrlXferItemsAcceptor: c is bit 1");
	/* The pagefault acceptor of §7.3: 0 (22), s = 1 (6), 0000. */
	is_uint(L4_MapGrantItems(L4_CompleteAddressSpace).raw, 0x10,
	        "MapGrantItems(complete space) is the pagefault acceptor");
	L4_Acceptor_t a = L4_MapGrantItems(L4_FpageAddRights(L4_FpageLog2(0x800000, 22), 7));
	is_uint(a.raw, 0x800160u, "the receive window loses its rights");
	is_uint(L4_RcvWindow(a).raw, 0x800160u, "RcvWindow");
	ok(L4_HasMapGrantItems(a) && !L4_HasStringItems(a), "HasMapGrantItems");
	a = L4_AddAcceptor(a, L4_StringItemsAcceptor);
	is_uint(a.raw, 0x800161u, "AddAcceptor keeps the window, adds s");
	a = L4_AddAcceptor(a, L4_MapGrantItems(L4_CompleteAddressSpace));
	is_uint(a.raw, 0x11, "adding a window replaces the window");
	L4_AddAcceptorTo(&a, L4_CtrlXferItemsAcceptor);
	ok(L4_HasCtrlXferItems(a), "AddAcceptorTo");
	a = L4_RemoveAcceptor(a, L4_StringItemsAcceptor);
	is_uint(a.raw, 0x12, "RemoveAcceptor(strings) clears s only");
	a = L4_RemoveAcceptor(a, L4_MapGrantItems(L4_FpageLog2(0, 12)));
	is_uint(a.raw, 0x2, "removing any window denies mappings");
	ok(L4_IsNilFpage(L4_RcvWindow(a)), "RcvWindow is then the nilpage");
	L4_RemoveAcceptorFrom(&a, L4_CtrlXferItemsAcceptor);
	is_uint(a.raw, 0, "RemoveAcceptorFrom");
}

static void test_msg(void)
{
	L4_Msg_t msg;
	L4_Word_t w[3] = { 11, 22, 33 };
	L4_Fpage_t f = L4_FpageLog2(0x1000, 12);

	L4_MsgClear(&msg);
	is_uint(msg.raw[0], 0, "MsgClear clears the tag");
	L4_Set_MsgLabel(&msg, 0x77);
	L4_MsgAppendWord(&msg, 1);
	L4_MsgAppendWord(&msg, 2);
	L4_MsgAppendMapItem(&msg, L4_MapItem(f, 0));
	is_uint(msg.raw[0], 0x00770082u, "label 0x77, t = 2, u = 2");
	is_uint(msg.raw[3], 0x8, "map item follows the untyped words");
	L4_MsgAppendWord(&msg, 3);
	is_uint(L4_UntypedWords(L4_MsgMsgTag(&msg)), 3, "appending a word after an item: u = 3");
	is_uint(msg.raw[3], 3, "the word goes before the items");
	is_uint(msg.raw[4], 0x8, "the item moved up");
	is_uint(msg.raw[5], f.raw, "with its fpage");
	L4_MapItem_t m;
	is_uint(L4_MsgGetMapItem(&msg, 0, &m), 2, "MsgGetMapItem returns the item's size");
	is_uint(m.raw[1], f.raw, "and the item");
	L4_MsgAppendGrantItem(&msg, L4_GrantItem(f, 0));
	is_uint(L4_TypedWords(msg.tag), 4, "AppendGrantItem: t = 4");
	is_uint(msg.raw[6], 0xA, "grant item after the map item");
	L4_GrantItem_t g;
	is_uint(L4_MsgGetGrantItem(&msg, 2, &g), 2, "MsgGetGrantItem returns the item's size");
	ok(L4_IsGrantItem(g) && g.raw[1] == f.raw, "and the grant item");
	L4_MsgPutGrantItem(&msg, 2, L4_GrantItem(f, 0x800));
	is_uint(msg.raw[6], 0x80A, "MsgPutGrantItem at typed position 2");

	L4_MsgPut(&msg, 0xABC, 3, w, 2, L4_MapItem(f, 0).raw);
	is_uint(msg.raw[0], 0x0ABC0083u, "MsgPut: label, t = 2, u = 3, no flags");
	is_uint(L4_MsgWord(&msg, 2), 33, "MsgWord(2)");
	L4_Word_t x;
	L4_MsgGetWord(&msg, 0, &x);
	is_uint(x, 11, "MsgGetWord(0)");
	L4_MsgPutWord(&msg, 1, 99);
	is_uint(msg.raw[2], 99, "MsgPutWord(1) is MR 2");
	L4_MsgPutMapItem(&msg, 0, L4_MapItem(f, 0x400));
	is_uint(msg.raw[4], 0x408, "MsgPutMapItem at typed position 0 is MR u + 1");
	L4_Word_t u[3], items[2];
	L4_MsgGet(&msg, u, items);
	ok(u[0] == 11 && u[1] == 99 && u[2] == 33 && items[0] == 0x408 && items[1] == f.raw,
	   "MsgGet copies the untyped words and the items out");
	is_uint(L4_MsgLabel(&msg), 0xABC, "MsgLabel");
	L4_Set_MsgMsgTag(&msg, L4_Niltag);
	is_uint(msg.raw[0], 0, "Set_MsgMsgTag");

	L4_MsgBuffer_t b;
	char s1[8], s2[16];
	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(8, s1));
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(16, s2));
	ok(b.raw[0] == (8u << 10 | 1) && b.raw[1] == (L4_Word_t)s1 &&
	   b.raw[2] == 16u << 10 && b.raw[3] == (L4_Word_t)s2,
	   "MsgBuffer: two simple strings, C set on all but the last");
}

static void test_ipc_words(void)
{
	is_uint(L4_Timeouts(L4_Never, L4_Never), 0, "Timeouts(never, never)");
	is_uint(L4_Timeouts(L4_ZeroTime, L4_Never), 0x04000000u, "snd timeout in bits 16..31");
	is_uint(L4_Timeouts(L4_Never, L4_TimePeriod(5)), 5, "rcv timeout in bits 0..15");

	is_uint(L4_IpcErrorWord(L4_ErrTimeout, L4_ErrRecvPhase, 0), 3, "receive timeout: e = 1, p = 1");
	is_uint(L4_IpcErrorWord(L4_ErrNonExist, L4_ErrSendPhase, 0), 4, "no partner on send: 2 << 1");
	is_uint(L4_IpcErrorWord(L4_ErrMsgOverflow, L4_ErrRecvPhase, 100), 100u << 4 | 9,
	        "message overflow after 100 bytes");
	is_uint(L4_IpcErrorCode(0x649), 4, "IpcErrorCode is bits 1..3");
	is_uint(L4_IpcErrorPhase(0x649), 1, "IpcErrorPhase is bit 0");
	is_uint(L4_IpcErrorOffset(0x649), 0x64, "IpcErrorOffset is bits 4..31");
	ok(L4_ErrTimeout == 1 && L4_ErrNonExist == 2 && L4_ErrCanceled == 3 &&
	   L4_ErrMsgOverflow == 4 && L4_ErrXferTimeoutInvoker == 5 &&
	   L4_ErrXferTimeoutPartner == 6 && L4_ErrAborted == 7, "IPC error codes e = 1..7 (§5.7)");
	ok(L4_ErrNoPrivilege == 1 && L4_ErrInvalidThread == 2 && L4_ErrInvalidSpace == 3 &&
	   L4_ErrInvalidScheduler == 4 && L4_ErrInvalidParam == 5 && L4_ErrUtcbArea == 6 &&
	   L4_ErrKipArea == 7 && L4_ErrNoMem == 8, "system-call error codes 1..8");
	is_uint(L4_UnmapFlush, 64, "Flush is Unmap(64 + k)");
	is_uint(L4_Referenced | L4_Dirty | L4_Executed, 7, "unmap status bits RWX in bits 0..2");
}

static void test_protocols(void)
{
	L4_MsgTag_t t = L4_Niltag;
	t.X.label = L4_PagefaultLabel(L4_Writable);
	t.X.u = 2;
	is_uint(t.raw, 0xFFE20002u, "pagefault, write: -2 (12) | 0010 | 0 | t 0 | u 2");
	ok(L4_IsPagefaultLabel(L4_Label(t)) && L4_PagefaultRights(L4_Label(t)) == L4_Writable,
	   "IsPagefaultLabel, PagefaultRights");
	is_int(L4_LabelProtocol(L4_Label(t)), -2, "LabelProtocol(pagefault) = -2");
	is_int(L4_LabelProtocol(L4_LABEL_INTERRUPT), -1, "interrupt label -1");
	is_int(L4_LabelProtocol(L4_LABEL_PREEMPTION), -3, "preemption label -3");
	is_int(L4_LabelProtocol(L4_LABEL_EXCEPTION), -4, "exception label -4");
	is_int(L4_LabelProtocol(L4_LABEL_ARCH_EXCEPTION), -5, "arch exception label -5");
	is_int(L4_LabelProtocol(L4_LABEL_SIGMA0), -6, "sigma0 label -6");
	is_uint(L4_LABEL_SIGMA0, 0xFFA0, "sigma0 label is -6 << 4 = 0xFFA0");
	is_int(L4_LabelProtocol(L4_LABEL_IO_PAGEFAULT), -8, "IO pagefault label -8");
	ok(L4_IsIoPagefaultLabel(L4_LABEL_IO_PAGEFAULT | 6) && !L4_IsPagefaultLabel(0xFF86),
	   "IO pagefault label 0xFF86 is no memory pagefault");
	is_int(L4_LabelProtocol(0x0123), 0x12, "a positive label");
}

int main(void)
{
	test_msgtag();
	test_items();
	test_acceptor();
	test_msg();
	test_ipc_words();
	test_protocols();
	return done_testing();
}
