// SPDX-License-Identifier: MIT
/*
 * names.c: the name service (l4/loader.h): a list of names, each bound to
 * a thread and owned by the program that registered it (or by the root
 * task); a program's names go when it ends, so a lookup never answers
 * with a dead server. Lookups are open to every thread; a registration
 * must come from a program (or the root task) and bind a thread of the
 * sender's own space. Every request is answered, refusals with
 * L4_LOADER_ERROR and a reason.
 */
#include "program.h"
#include "memory.h"
#include <l4/loader.h>
#include <l4/ipc.h>
#include <l4/thread.h>
#include <string.h>

struct name {
	struct name *next;
	char text[L4_NAME_MAX + 1];
	L4_ThreadId_t thread;
	struct program *owner;          /* NULL: the root task */
	bool live;
};

static struct name *names;

static void load_error(L4_Word_t err)
{
	L4_LoadMR(1, err);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = L4_LOADER_ERROR } });
}

static struct name *find(const char *text)
{
	for (struct name *n = names; n; n = n->next)
		if (n->live && !strcmp(n->text, text))
			return n;
	return NULL;
}

/* Is t a thread of the sender's space? The sender itself, a thread the
 * loader made for the sender's program, or, for the root task, any thread
 * ExchangeRegisters can reach (only threads of one's own space). */
static bool sender_space_owns(L4_ThreadId_t t, L4_ThreadId_t from, struct program *p)
{
	if (t.raw == from.raw)
		return true;
	if (p)
		return program_has(p, t);
	return !L4_IsNilThread(L4_LocalIdOf(t));
}

static void do_register(L4_MsgTag_t tag, L4_ThreadId_t from, struct program *p)
{
	L4_Word_t tid = 0, n = 0;
	char text[L4_NAME_MAX + 1];
	L4_StoreMR(1, &tid);
	L4_StoreMR(2, &n);
	L4_ThreadId_t t = { .raw = tid };
	if (L4_UntypedWords(tag) < 2 || L4_TypedWords(tag) || !L4_Loader_StoreName(tag, 3, n, text))
		return load_error(L4_LOADER_ERR_MALFORMED);
	if (!L4_IsGlobalId(t) || L4_IsNilThread(t) || !sender_space_owns(t, from, p))
		return load_error(L4_LOADER_ERR_NOT_YOURS);
	if (find(text))
		return load_error(L4_LOADER_ERR_EXISTS);
	struct name *e = NULL;
	for (struct name *x = names; x && !e; x = x->next)
		if (!x->live)
			e = x;                  /* reuse a forgotten entry */
	if (!e) {
		e = heap_alloc(sizeof *e);
		if (!e)
			return load_error(L4_LOADER_ERR_FULL);
		e->next = names;
		names = e;
	}
	strcpy(e->text, text);
	e->thread = t;
	e->owner = p;
	e->live = true;
	L4_Set_MsgTag(L4_Niltag);
}

static void do_lookup(L4_MsgTag_t tag)
{
	L4_Word_t n = 0;
	char text[L4_NAME_MAX + 1];
	L4_StoreMR(1, &n);
	if (L4_UntypedWords(tag) < 1 || L4_TypedWords(tag) || !L4_Loader_StoreName(tag, 2, n, text))
		return load_error(L4_LOADER_ERR_MALFORMED);
	struct name *e = find(text);
	if (!e)
		return load_error(L4_LOADER_ERR_UNKNOWN);
	L4_LoadMR(1, e->thread.raw);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
}

bool names_serve(L4_Word_t label, L4_MsgTag_t tag, L4_ThreadId_t from, struct program *p)
{
	if (label == L4_NAME_LOOKUP) {
		do_lookup(tag);
		return true;
	}
	if (label == L4_NAME_REGISTER) {
		do_register(tag, from, p);
		return true;
	}
	return false;
}

void names_forget(struct program *p)
{
	for (struct name *n = names; n; n = n->next)
		if (n->live && n->owner == p)
			n->live = false;
}
