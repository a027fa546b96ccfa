/* SPDX-License-Identifier: MIT */
/*
 * l4/message.h: messages (manual §5.1-5.6): the message tag in MR 0, map
 * and grant items, string items (l4/stringitem.h), the acceptor in BR 0, and the
 * L4_Msg_t memory object with its Put/Get/Append/Load/Store operations.
 * The MR/BR accessors come from l4/ia32/vregs.h.
 *
 * As in the manual, the Msg operations assume the object has room: a
 * message holds at most 64 words (MR 0..63), tag included.
 */
#pragma once
#include <l4/types.h>
#include <l4/ia32/vregs.h>

/* ---- MsgTag (§5.1, §5.7) ----------------------------------------------- */

/* label in bits 16..31, flags in 12..15, t in 6..11, u in 0..5. The flags
 * are p (propagate) on send, and E X r p (error, cross-cpu, redirected,
 * propagated) from bit 15 down on receive. */
typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t u : 6;
		L4_Word_t t : 6;
		L4_Word_t flags : 4;
		L4_Word_t label : 16;
	} X;
} L4_MsgTag_t;

#define L4_Niltag  ((L4_MsgTag_t){ .raw = 0 })

#define L4_MSGTAG_FLAG_PROPAGATED  0x1
#define L4_MSGTAG_FLAG_REDIRECTED  0x2
#define L4_MSGTAG_FLAG_XCPU        0x4
#define L4_MSGTAG_FLAG_ERROR       0x8

L4_INLINE L4_Bool_t L4_IsMsgTagEqual(L4_MsgTag_t l, L4_MsgTag_t r) { return l.raw == r.raw; }
L4_INLINE L4_Bool_t L4_IsMsgTagNotEqual(L4_MsgTag_t l, L4_MsgTag_t r) { return l.raw != r.raw; }

L4_INLINE L4_Word_t L4_Label(L4_MsgTag_t t) { return t.X.label; }
L4_INLINE L4_Word_t L4_UntypedWords(L4_MsgTag_t t) { return t.X.u; }
L4_INLINE L4_Word_t L4_TypedWords(L4_MsgTag_t t) { return t.X.t; }

L4_INLINE L4_MsgTag_t L4_MsgTagAddLabel(L4_MsgTag_t t, L4_Word_t label)
{
	t.X.label = label;
	return t;
}

L4_INLINE L4_MsgTag_t L4_MsgTagAddLabelTo(L4_MsgTag_t *t, L4_Word_t label)
{
	t->X.label = label;
	return *t;
}

L4_INLINE void L4_Set_Label(L4_MsgTag_t *t, L4_Word_t label) { t->X.label = label; }

/* MR 0 as a tag. */
L4_INLINE L4_MsgTag_t L4_MsgTag(void)
{
	L4_MsgTag_t t;
	L4_StoreMR(0, &t.raw);
	return t;
}

L4_INLINE void L4_Set_MsgTag(L4_MsgTag_t t) { L4_LoadMR(0, t.raw); }

/* ---- Typed items: MapItem (§5.2), GrantItem (§5.3) --------------------- */

/* Word 0: send base/2^10 in bits 10..31, zeros, type in bits 1..3 (100 map,
 * 101 grant), the continuation bit C in bit 0. Word 1: the send fpage. */
#define L4_ITEM_TYPE_MAP    0x4
#define L4_ITEM_TYPE_GRANT  0x5
#define L4_ITEM_TYPE_CTRLXFER 0x6

typedef union {
	L4_Word_t raw[2];
	struct {
		L4_Word_t C : 1;
		L4_Word_t type : 3;
		L4_Word_t _zero : 6;
		L4_Word_t snd_base : 22;
		L4_Fpage_t snd_fpage;
	} X;
} L4_MapItem_t;

/* Its own type (§5.3), as in the manual: a grant item is not a map item
 * to the compiler either. */
typedef union {
	L4_Word_t raw[2];
	struct {
		L4_Word_t C : 1;
		L4_Word_t type : 3;
		L4_Word_t _zero : 6;
		L4_Word_t snd_base : 22;
		L4_Fpage_t snd_fpage;
	} X;
} L4_GrantItem_t;

L4_INLINE L4_MapItem_t L4_MapItem(L4_Fpage_t f, L4_Word_t SndBase)
{
	L4_MapItem_t m;
	m.raw[0] = (SndBase & ~0x3FFUL) | L4_ITEM_TYPE_MAP << 1;
	m.raw[1] = f.raw;
	return m;
}

L4_INLINE L4_GrantItem_t L4_GrantItem(L4_Fpage_t f, L4_Word_t SndBase)
{
	L4_GrantItem_t g;
	g.raw[0] = (SndBase & ~0x3FFUL) | L4_ITEM_TYPE_GRANT << 1;
	g.raw[1] = f.raw;
	return g;
}

L4_INLINE L4_Bool_t L4_IsMapItem(L4_MapItem_t m) { return m.X.type == L4_ITEM_TYPE_MAP; }
L4_INLINE L4_Bool_t L4_IsGrantItem(L4_GrantItem_t g) { return g.X.type == L4_ITEM_TYPE_GRANT; }
L4_INLINE L4_Fpage_t L4_MapItemSndFpage(L4_MapItem_t m) { return m.X.snd_fpage; }
L4_INLINE L4_Word_t L4_MapItemSndBase(L4_MapItem_t m) { return m.raw[0] & ~0x3FFUL; }
L4_INLINE L4_Fpage_t L4_GrantItemSndFpage(L4_GrantItem_t g) { return g.X.snd_fpage; }
L4_INLINE L4_Word_t L4_GrantItemSndBase(L4_GrantItem_t g) { return g.raw[0] & ~0x3FFUL; }

#include <l4/stringitem.h>

/* ---- Acceptor (§5.6) --------------------------------------------------- */

/* BR 0: the receive window (an fpage without rights) in bits 4..31, c (ctrl
 * transfer items accepted) in bit 1, s (string items accepted) in bit 0. */
typedef union {
	L4_Word_t raw;
	struct {
		L4_Word_t s : 1;
		L4_Word_t c : 1;
		L4_Word_t _zero : 2;
		L4_Word_t RcvWindow : 28;
	} X;
} L4_Acceptor_t;

#define L4_UntypedWordsAcceptor   ((L4_Acceptor_t){ .raw = 0 })
#define L4_StringItemsAcceptor    ((L4_Acceptor_t){ .raw = 1 })
#define L4_CtrlXferItemsAcceptor  ((L4_Acceptor_t){ .raw = 2 })

L4_INLINE L4_Acceptor_t L4_MapGrantItems(L4_Fpage_t RcvWindow)
{
	L4_Acceptor_t a;
	a.raw = RcvWindow.raw & ~0xFUL;
	return a;
}

/* Adding a non-nil window replaces the window; the s and c bits add up. */
L4_INLINE L4_Acceptor_t L4_AddAcceptor(L4_Acceptor_t l, L4_Acceptor_t r)
{
	L4_Acceptor_t a;
	L4_Word_t window = (r.raw & ~0xFUL) ? (r.raw & ~0xFUL) : (l.raw & ~0xFUL);
	a.raw = window | ((l.raw | r.raw) & 0x3);
	return a;
}

L4_INLINE L4_Acceptor_t L4_AddAcceptorTo(L4_Acceptor_t *l, L4_Acceptor_t r)
{
	*l = L4_AddAcceptor(*l, r);
	return *l;
}

/* Removing a non-nil window removes the window, whatever its size. */
L4_INLINE L4_Acceptor_t L4_RemoveAcceptor(L4_Acceptor_t l, L4_Acceptor_t r)
{
	L4_Acceptor_t a;
	L4_Word_t window = (r.raw & ~0xFUL) ? 0 : (l.raw & ~0xFUL);
	a.raw = window | (l.raw & ~r.raw & 0x3);
	return a;
}

L4_INLINE L4_Acceptor_t L4_RemoveAcceptorFrom(L4_Acceptor_t *l, L4_Acceptor_t r)
{
	*l = L4_RemoveAcceptor(*l, r);
	return *l;
}

L4_INLINE L4_Bool_t L4_HasStringItems(L4_Acceptor_t a) { return a.X.s; }
L4_INLINE L4_Bool_t L4_HasCtrlXferItems(L4_Acceptor_t a) { return a.X.c; }
L4_INLINE L4_Bool_t L4_HasMapGrantItems(L4_Acceptor_t a) { return (a.raw & ~0xFUL) != 0; }

L4_INLINE L4_Fpage_t L4_RcvWindow(L4_Acceptor_t a)
{
	L4_Fpage_t f;
	f.raw = a.raw & ~0xFUL;
	return f;
}

L4_INLINE void L4_Accept(L4_Acceptor_t a) { L4_LoadBR(0, a.raw); }

L4_INLINE L4_Acceptor_t L4_Accepted(void)
{
	L4_Acceptor_t a;
	L4_StoreBR(0, &a.raw);
	return a;
}

/* ---- MsgBuffer (§5.6): receive buffers for BR 1... ---------------------- */

typedef union {
	L4_Word_t raw[32];
	L4_StringItem_t string[16];
} L4_MsgBuffer_t;

/* An empty buffer list: one zero-length simple string. */
L4_INLINE void L4_MsgBufferClear(L4_MsgBuffer_t *b)
{
	b->raw[0] = 0;
	b->raw[1] = 0;
}

/* The words of the buffer list: its strings up to the one whose first
 * word has C = 0 (at most 32, BR 1..32). */
L4_INLINE int __L4_MsgBufferWords(const L4_MsgBuffer_t *b)
{
	int at = 0;
	for (;;) {
		int n = (int)__L4_StringItemWords(&b->raw[at]);
		if (!(b->raw[at] & 1) || at + n >= 32)
			return at + n > 32 ? 32 : at + n;
		at += n;
	}
}

/* Appends a receive buffer, simple or compound (its whole descriptor),
 * to the list (§5.6): the last buffer so far gets C = 1. Assumes the
 * list has room (32 words in all). The first buffer replaces the empty
 * string L4_MsgBufferClear left. */
L4_INLINE void L4_MsgBufferAppendRcvString(L4_MsgBuffer_t *b, L4_StringItem_t *s)
{
	const L4_Word_t *src = (const L4_Word_t *)s;
	L4_Word_t n = __L4_StringItemWords(src);
	int at = 0;
	if (b->raw[0] != 0 || b->raw[1] != 0) {
		for (;;) {
			int len = (int)__L4_StringItemWords(&b->raw[at]);
			if (!(b->raw[at] & 1)) {
				b->raw[at] |= 1;
				at += len;
				break;
			}
			at += len;
		}
	}
	for (L4_Word_t i = 0; i < n && at + (int)i < 32; i++)
		b->raw[at + (int)i] = src[i];
	b->raw[at] &= ~1UL;             /* the last buffer: C = 0 */
}

/* A simple receive string (a compound one passed by value is taken as
 * simple: c = 0, j = 0). */
L4_INLINE void L4_MsgBufferAppendSimpleRcvString(L4_MsgBuffer_t *b, L4_StringItem_t s)
{
	s.raw[0] &= ~0x3F1UL;
	L4_MsgBufferAppendRcvString(b, &s);
}

/* BR 0 = a, BR 1... = the buffer's strings, every word of each (a
 * compound string takes 1 + j words per group). */
L4_INLINE void L4_AcceptStrings(L4_Acceptor_t a, L4_MsgBuffer_t *b)
{
	L4_LoadBR(0, a.raw);
	L4_LoadBRs(1, __L4_MsgBufferWords(b), b->raw);
}

/* ---- Msg: a message in memory (§5.1) ----------------------------------- */

typedef union {
	L4_Word_t raw[L4_NUM_MRS];
	L4_Word_t msg[L4_NUM_MRS];
	L4_MsgTag_t tag;
} L4_Msg_t;

L4_INLINE void L4_MsgClear(L4_Msg_t *msg) { msg->raw[0] = 0; }

L4_INLINE L4_MsgTag_t L4_MsgMsgTag(const L4_Msg_t *msg) { return msg->tag; }
L4_INLINE void L4_Set_MsgMsgTag(L4_Msg_t *msg, L4_MsgTag_t t) { msg->tag = t; }
L4_INLINE L4_Word_t L4_MsgLabel(const L4_Msg_t *msg) { return msg->tag.X.label; }
L4_INLINE void L4_Set_MsgLabel(L4_Msg_t *msg, L4_Word_t label) { msg->tag.X.label = label; }

/* Fills msg with label, u untyped words and t words of typed items. */
L4_INLINE void L4_MsgPut(L4_Msg_t *msg, L4_Word_t label, int u, const L4_Word_t *Untyped,
                         int t, const void *Items)
{
	const L4_Word_t *items = (const L4_Word_t *)Items;
	for (int i = 0; i < u; i++)
		msg->raw[1 + i] = Untyped[i];
	for (int i = 0; i < t; i++)
		msg->raw[1 + u + i] = items[i];
	msg->raw[0] = 0;
	msg->tag.X.label = label;
	msg->tag.X.u = (L4_Word_t)u;
	msg->tag.X.t = (L4_Word_t)t;
}

/* Copies the untyped words and the typed-item words out of msg. */
L4_INLINE void L4_MsgGet(const L4_Msg_t *msg, L4_Word_t *Untyped, void *Items)
{
	L4_Word_t u = msg->tag.X.u, t = msg->tag.X.t;
	L4_Word_t *items = (L4_Word_t *)Items;
	for (L4_Word_t i = 0; i < u; i++)
		Untyped[i] = msg->raw[1 + i];
	for (L4_Word_t i = 0; i < t; i++)
		items[i] = msg->raw[1 + u + i];
}

/* MR 0... = the tag and its u + t words. */
L4_INLINE void L4_MsgLoad(L4_Msg_t *msg)
{
	L4_LoadMRs(0, 1 + (int)(msg->tag.X.u + msg->tag.X.t), msg->raw);
}

/* msg = tag t and the u + t words that follow it in MR 1... */
L4_INLINE void L4_MsgStore(L4_MsgTag_t t, L4_Msg_t *msg)
{
	L4_StoreMRs(1, (int)(t.X.u + t.X.t), &msg->raw[1]);
	msg->tag = t;
}

/* An untyped word goes after the untyped words; typed items move up. */
L4_INLINE void L4_MsgAppendWord(L4_Msg_t *msg, L4_Word_t w)
{
	L4_Word_t u = msg->tag.X.u, t = msg->tag.X.t;
	for (L4_Word_t i = u + t; i > u; i--)
		msg->raw[i + 1] = msg->raw[i];
	msg->raw[u + 1] = w;
	msg->tag.X.u = u + 1;
}

L4_INLINE void __L4_MsgAppendItem(L4_Msg_t *msg, L4_Word_t w0, L4_Word_t w1)
{
	L4_Word_t end = msg->tag.X.u + msg->tag.X.t;
	msg->raw[end + 1] = w0;
	msg->raw[end + 2] = w1;
	msg->tag.X.t += 2;
}

L4_INLINE void L4_MsgAppendMapItem(L4_Msg_t *msg, L4_MapItem_t m)
{
	__L4_MsgAppendItem(msg, m.raw[0], m.raw[1]);
}

L4_INLINE void L4_MsgAppendGrantItem(L4_Msg_t *msg, L4_GrantItem_t g)
{
	__L4_MsgAppendItem(msg, g.raw[0], g.raw[1]);
}

/* A string item passed by value is a simple string (§5.1). */
L4_INLINE void L4_MsgAppendSimpleStringItem(L4_Msg_t *msg, L4_StringItem_t s)
{
	__L4_MsgAppendItem(msg, s.raw[0] & ~0x3F1UL, s.raw[1]);
}

/* A string item of any form: all its words. */
L4_INLINE void L4_MsgAppendStringItem(L4_Msg_t *msg, L4_StringItem_t *s)
{
	const L4_Word_t *w = (const L4_Word_t *)s;
	L4_Word_t n = __L4_StringItemWords(w), end = msg->tag.X.u + msg->tag.X.t;
	for (L4_Word_t i = 0; i < n; i++)
		msg->raw[end + 1 + i] = w[i];
	msg->tag.X.t += n;
}

/* Untyped word number u (from 0). */
L4_INLINE void L4_MsgPutWord(L4_Msg_t *msg, L4_Word_t u, L4_Word_t w) { msg->raw[1 + u] = w; }
L4_INLINE L4_Word_t L4_MsgWord(const L4_Msg_t *msg, L4_Word_t u) { return msg->raw[1 + u]; }
L4_INLINE void L4_MsgGetWord(const L4_Msg_t *msg, L4_Word_t u, L4_Word_t *w) { *w = msg->raw[1 + u]; }

/* Typed items at typed-word position t (from 0). */
L4_INLINE void L4_MsgPutMapItem(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t m)
{
	L4_Word_t at = 1 + msg->tag.X.u + t;
	msg->raw[at] = m.raw[0];
	msg->raw[at + 1] = m.raw[1];
}

L4_INLINE void L4_MsgPutGrantItem(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t g)
{
	L4_Word_t at = 1 + msg->tag.X.u + t;
	msg->raw[at] = g.raw[0];
	msg->raw[at + 1] = g.raw[1];
}

/* The Get functions return the item's size in words. */
L4_INLINE L4_Word_t L4_MsgGetMapItem(const L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t *m)
{
	L4_Word_t at = 1 + msg->tag.X.u + t;
	m->raw[0] = msg->raw[at];
	m->raw[1] = msg->raw[at + 1];
	return 2;
}

L4_INLINE L4_Word_t L4_MsgGetGrantItem(const L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t *g)
{
	L4_Word_t at = 1 + msg->tag.X.u + t;
	g->raw[0] = msg->raw[at];
	g->raw[1] = msg->raw[at + 1];
	return 2;
}

/* The string item at typed-word position t, all its words into *s (which
 * must have room for them); returns its size in words. */
L4_INLINE L4_Word_t L4_MsgGetStringItem(const L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
	const L4_Word_t *from = &msg->raw[1 + msg->tag.X.u + t];
	L4_Word_t *w = (L4_Word_t *)s, n = __L4_StringItemWords(from);
	for (L4_Word_t i = 0; i < n; i++)
		w[i] = from[i];
	return n;
}

L4_INLINE void L4_MsgPutSimpleStringItem(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t s)
{
	L4_Word_t at = 1 + msg->tag.X.u + t;
	msg->raw[at] = s.raw[0] & ~0x3F1UL;
	msg->raw[at + 1] = s.raw[1];
}

/* The manual's bracketed name for the Put above, as it spells it (a typo
 * of MsgPutSimpleStringItem, §5.2): both names are there. */
L4_INLINE void L4_MsgPutSimplStringItem(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t s)
{
	L4_MsgPutSimpleStringItem(msg, t, s);
}

L4_INLINE void L4_MsgPutStringItem(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
	const L4_Word_t *w = (const L4_Word_t *)s;
	L4_Word_t at = 1 + msg->tag.X.u + t, n = __L4_StringItemWords(w);
	for (L4_Word_t i = 0; i < n; i++)
		msg->raw[at + i] = w[i];
}

#include <l4/ctrlxfer.h>

/* ---- The C++ forms (§5.1-5.3, §5.6) ------------------------------------ */

/*
 * The manual's C++ names for the bracketed C functions above: operators
 * on tags and acceptors, and the Msg, MsgBuffer, MapItem and GrantItem
 * operations as overloads. Its Msg&, MsgBuffer& and item& parameters are
 * pointers, as in the C names (and L4Ka::Pistachio's binding); items by
 * value are values, and a CtrlXferItem "by value" is a const reference
 * (its registers follow its head in memory).
 */
#ifdef __cplusplus
L4_INLINE L4_Bool_t operator==(L4_MsgTag_t l, L4_MsgTag_t r) { return L4_IsMsgTagEqual(l, r); }
L4_INLINE L4_Bool_t operator!=(L4_MsgTag_t l, L4_MsgTag_t r) { return L4_IsMsgTagNotEqual(l, r); }
L4_INLINE L4_MsgTag_t operator+(L4_MsgTag_t t, L4_Word_t label) { return L4_MsgTagAddLabel(t, label); }
L4_INLINE L4_MsgTag_t operator+=(L4_MsgTag_t &t, L4_Word_t label)
{
	return L4_MsgTagAddLabelTo(&t, label);
}

L4_INLINE L4_Bool_t L4_MapItem(L4_MapItem_t m) { return L4_IsMapItem(m); }
L4_INLINE L4_Fpage_t L4_SndFpage(L4_MapItem_t m) { return L4_MapItemSndFpage(m); }
L4_INLINE L4_Word_t L4_SndBase(L4_MapItem_t m) { return L4_MapItemSndBase(m); }
L4_INLINE L4_Bool_t L4_GrantItem(L4_GrantItem_t g) { return L4_IsGrantItem(g); }
L4_INLINE L4_Fpage_t L4_SndFpage(L4_GrantItem_t g) { return L4_GrantItemSndFpage(g); }
L4_INLINE L4_Word_t L4_SndBase(L4_GrantItem_t g) { return L4_GrantItemSndBase(g); }

L4_INLINE L4_Acceptor_t operator+(L4_Acceptor_t l, L4_Acceptor_t r) { return L4_AddAcceptor(l, r); }
L4_INLINE L4_Acceptor_t operator+=(L4_Acceptor_t &l, L4_Acceptor_t r) { return L4_AddAcceptorTo(&l, r); }
L4_INLINE L4_Acceptor_t operator-(L4_Acceptor_t l, L4_Acceptor_t r) { return L4_RemoveAcceptor(l, r); }
L4_INLINE L4_Acceptor_t operator-=(L4_Acceptor_t &l, L4_Acceptor_t r)
{
	return L4_RemoveAcceptorFrom(&l, r);
}
L4_INLINE L4_Bool_t L4_StringItems(L4_Acceptor_t a) { return L4_HasStringItems(a); }
L4_INLINE L4_Bool_t L4_MapGrantItems(L4_Acceptor_t a) { return L4_HasMapGrantItems(a); }
L4_INLINE void L4_Accept(L4_Acceptor_t a, L4_MsgBuffer_t *b) { L4_AcceptStrings(a, b); }

L4_INLINE void L4_Clear(L4_MsgBuffer_t *b) { L4_MsgBufferClear(b); }
L4_INLINE void L4_Append(L4_MsgBuffer_t *b, L4_StringItem_t s)
{
	L4_MsgBufferAppendSimpleRcvString(b, s);
}
L4_INLINE void L4_Append(L4_MsgBuffer_t *b, L4_StringItem_t *s) { L4_MsgBufferAppendRcvString(b, s); }

L4_INLINE L4_MsgTag_t L4_MsgTag(const L4_Msg_t *msg) { return L4_MsgMsgTag(msg); }
L4_INLINE void L4_Set_MsgTag(L4_Msg_t *msg, L4_MsgTag_t t) { L4_Set_MsgMsgTag(msg, t); }
L4_INLINE L4_Word_t L4_Label(const L4_Msg_t *msg) { return L4_MsgLabel(msg); }
L4_INLINE void L4_Set_Label(L4_Msg_t *msg, L4_Word_t label) { L4_Set_MsgLabel(msg, label); }
L4_INLINE void L4_Load(L4_Msg_t *msg) { L4_MsgLoad(msg); }
L4_INLINE void L4_Store(L4_MsgTag_t t, L4_Msg_t *msg) { L4_MsgStore(t, msg); }
L4_INLINE void L4_Clear(L4_Msg_t *msg) { L4_MsgClear(msg); }

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_Word_t w) { L4_MsgAppendWord(msg, w); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_MapItem_t m) { L4_MsgAppendMapItem(msg, m); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_GrantItem_t g) { L4_MsgAppendGrantItem(msg, g); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_StringItem_t s) { L4_MsgAppendSimpleStringItem(msg, s); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_StringItem_t *s) { L4_MsgAppendStringItem(msg, s); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_GPRegsCtrlXferItem_t c) { L4_MsgAppendGPRegsCtrlXferItem(msg, &c); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_GPRegsCtrlXferItem_t *c) { L4_MsgAppendGPRegsCtrlXferItem(msg, c); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_FPURegsCtrlXferItem_t c) { L4_MsgAppendFPURegsCtrlXferItem(msg, &c); }
L4_INLINE void L4_Append(L4_Msg_t *msg, L4_FPURegsCtrlXferItem_t *c) { L4_MsgAppendFPURegsCtrlXferItem(msg, c); }

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t label, int u, const L4_Word_t *Untyped, int t,
                      const void *Items)
{
	L4_MsgPut(msg, label, u, Untyped, t, Items);
}
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t u, L4_Word_t w) { L4_MsgPutWord(msg, u, w); }
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t m) { L4_MsgPutMapItem(msg, t, m); }
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t g) { L4_MsgPutGrantItem(msg, t, g); }
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t s) { L4_MsgPutSimpleStringItem(msg, t, s); }
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s) { L4_MsgPutStringItem(msg, t, s); }
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, const L4_CtrlXferItem_t &c)
{
	L4_MsgPutCtrlXferItem(msg, t, c);
}
L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, const L4_CtrlXferItem_t *c)
{
	L4_MsgPutCtrlXferItem(msg, t, c);
}

L4_INLINE void L4_Get(const L4_Msg_t *msg, L4_Word_t *Untyped, void *Items)
{
	L4_MsgGet(msg, Untyped, Items);
}
L4_INLINE L4_Word_t L4_Get(const L4_Msg_t *msg, L4_Word_t u) { return L4_MsgWord(msg, u); }
L4_INLINE void L4_Get(const L4_Msg_t *msg, L4_Word_t u, L4_Word_t *w) { L4_MsgGetWord(msg, u, w); }
L4_INLINE L4_Word_t L4_Get(const L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t *m)
{
	return L4_MsgGetMapItem(msg, t, m);
}
L4_INLINE L4_Word_t L4_Get(const L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t *g)
{
	return L4_MsgGetGrantItem(msg, t, g);
}
L4_INLINE L4_Word_t L4_Get(const L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
	return L4_MsgGetStringItem(msg, t, s);
}
L4_INLINE L4_Word_t L4_Get(const L4_Msg_t *msg, L4_Word_t t, L4_CtrlXferItem_t *c)
{
	return L4_MsgGetCtrlXferItem(msg, t, c);
}
L4_INLINE L4_Bool_t L4_CtrlXferItem(L4_CtrlXferItem_t *c) { return L4_IsCtrlXferItem(c); }
#endif
