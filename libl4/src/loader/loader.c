/* SPDX-License-Identifier: MIT */
/*
 * loader.c: the client side of the loader protocol and the name service
 * (l4/loader.h). Every call has a send and a receive timeout, so a
 * program whose loader is gone or silent gets L4_LOADER_ERR_IPC instead
 * of hanging.
 */
#include <l4/loader.h>
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/thread.h>

#define CALL_TIMEOUT_US 2000000

extern L4_ThreadId_t __l4_loader;       /* set by the start code (start.c) */

L4_ThreadId_t L4_Loader(void)
{
	return __l4_loader;
}

void L4_Set_Loader(L4_ThreadId_t loader)
{
	__l4_loader = loader;
}

/* Calls the loader with the message loaded; 0, or the error code. */
static L4_Word_t loader_call(L4_MsgTag_t *reply)
{
	if (L4_IsNilThread(__l4_loader))
		return L4_LOADER_ERR_IPC;
	L4_MsgTag_t tag = L4_Call_Timeouts(__l4_loader, L4_TimePeriod(CALL_TIMEOUT_US),
	                                   L4_TimePeriod(CALL_TIMEOUT_US));
	if (reply)
		*reply = tag;
	if (L4_IpcFailed(tag))
		return L4_LOADER_ERR_IPC;
	if (L4_Label(tag) == L4_LOADER_ERROR) {
		L4_Word_t err = L4_LOADER_ERR_MALFORMED;
		if (L4_UntypedWords(tag) >= 1)
			L4_StoreMR(1, &err);
		return err ? err : L4_LOADER_ERR_MALFORMED;
	}
	return L4_Label(tag) == 0 ? 0 : L4_LOADER_ERR_MALFORMED;
}

unsigned L4_Loader_LoadBytes(int first, const char *s, unsigned n)
{
	unsigned words = (n + 3) / 4;
	for (unsigned w = 0; w < words; w++) {
		L4_Word_t v = 0;
		for (unsigned b = 0; b < 4 && w * 4 + b < n; b++)
			v |= (L4_Word_t)(unsigned char)s[w * 4 + b] << (8 * b);
		L4_LoadMR(first + (int)w, v);
	}
	return words;
}

L4_Bool_t L4_Loader_StoreName(L4_MsgTag_t tag, int first, L4_Word_t n, char *name)
{
	if (n < 1 || n > L4_NAME_MAX || L4_UntypedWords(tag) != (L4_Word_t)first - 1 + (n + 3) / 4)
		return 0;
	for (unsigned w = 0; w < (n + 3) / 4; w++) {
		L4_Word_t v;
		L4_StoreMR(first + (int)w, &v);
		for (unsigned b = 0; b < 4 && w * 4 + b < n; b++) {
			name[w * 4 + b] = (char)(v >> (8 * b));
			if (!name[w * 4 + b])
				return 0;
		}
	}
	name[n] = 0;
	return 1;
}

static unsigned length(const char *s)
{
	unsigned n = 0;
	while (s[n])
		n++;
	return n;
}

L4_Word_t L4_Loader_Ready(void)
{
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = L4_LOADER_READY } });
	return loader_call(0);
}

L4_Word_t L4_Loader_AssociateInterrupt(L4_Word_t line)
{
	L4_LoadMR(1, line);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = L4_LOADER_IRQ } });
	L4_Word_t err = loader_call(0);
	if (err)
		return err;
	L4_Word_t ok = 0;
	L4_StoreMR(1, &ok);
	return ok ? 0 : L4_LOADER_ERR_MALFORMED;
}

L4_Word_t L4_Loader_Restart(const char *program)
{
	unsigned n = length(program);
	if (n < 1 || n > L4_NAME_MAX)
		return L4_LOADER_ERR_MALFORMED;
	L4_LoadMR(1, n);
	unsigned words = L4_Loader_LoadBytes(2, program, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 + words, .label = L4_LOADER_RESTART } });
	return loader_call(0);
}

L4_Word_t L4_Loader_Start(const char *program, const char *args, L4_ThreadId_t *t)
{
	unsigned n = length(program), m = length(args);
	*t = L4_nilthread;
	if (n < 1 || n > L4_NAME_MAX || m > L4_LOADER_ARGS_MAX)
		return L4_LOADER_ERR_MALFORMED;
	L4_LoadMR(1, n);
	L4_LoadMR(2, m);
	unsigned words = L4_Loader_LoadBytes(3, program, n);
	words += L4_Loader_LoadBytes(3 + (int)words, args, m);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 + words, .label = L4_LOADER_START } });
	L4_MsgTag_t tag;
	L4_Word_t err = loader_call(&tag);
	if (!err && L4_UntypedWords(tag) != 1)
		err = L4_LOADER_ERR_MALFORMED;
	if (!err)
		L4_StoreMR(1, &t->raw);
	return err;
}

L4_Word_t L4_Loader_Wait(L4_ThreadId_t t, L4_Time_t timeout, L4_Word_t *status)
{
	if (L4_IsNilThread(__l4_loader))
		return L4_LOADER_ERR_IPC;
	L4_LoadMR(1, t.raw);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = L4_LOADER_WAIT } });
	L4_MsgTag_t tag = L4_Call_Timeouts(__l4_loader, L4_TimePeriod(CALL_TIMEOUT_US), timeout);
	L4_Word_t w = 0;
	L4_StoreMR(1, &w);
	if (L4_IpcFailed(tag))
		return L4_LOADER_ERR_IPC;
	if (L4_Label(tag) == L4_LOADER_ERROR)
		return w ? w : L4_LOADER_ERR_MALFORMED;
	if (L4_Label(tag) != 0 || L4_UntypedWords(tag) != 1)
		return L4_LOADER_ERR_MALFORMED;
	*status = w;
	return 0;
}

L4_Word_t L4_Loader_NewThread(L4_ThreadId_t *t)
{
	L4_MsgTag_t tag;
	*t = L4_nilthread;
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = L4_LOADER_THREAD } });
	L4_Word_t err = loader_call(&tag);
	if (!err && L4_UntypedWords(tag) != 1)
		err = L4_LOADER_ERR_MALFORMED;
	if (!err)
		L4_StoreMR(1, &t->raw);
	return err;
}

L4_Word_t L4_Loader_Kill(L4_ThreadId_t t)
{
	L4_LoadMR(1, t.raw);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = L4_LOADER_KILL } });
	return loader_call(0);
}

int L4_Loader_Args(char *buf, unsigned size)
{
	L4_MsgTag_t tag;
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = L4_LOADER_ARGS } });
	if (loader_call(&tag) || !size)
		return -1;
	L4_Word_t n = 0;
	L4_StoreMR(1, &n);
	if (n > L4_LOADER_ARGS_MAX || L4_UntypedWords(tag) != 1 + (n + 3) / 4)
		return -1;
	unsigned k = 0;
	for (unsigned i = 0; i < n && k + 1 < size; i++, k++) {
		L4_Word_t v;
		L4_StoreMR(2 + (int)(i / 4), &v);
		buf[k] = (char)(v >> (8 * (i % 4)));
	}
	buf[k] = 0;
	return (int)k;
}

void L4_Loader_Exit(int status)
{
	L4_LoadMR(1, (L4_Word_t)status);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = L4_LOADER_EXIT } });
	if (!L4_IsNilThread(__l4_loader))
		L4_Send_Timeout(__l4_loader, L4_TimePeriod(CALL_TIMEOUT_US));
	for (;;)                        /* the loader deletes us */
		L4_Sleep(L4_Never);
}

L4_Word_t L4_Name_Register(const char *name, L4_ThreadId_t t)
{
	unsigned n = length(name);
	if (n < 1 || n > L4_NAME_MAX)
		return L4_LOADER_ERR_MALFORMED;
	L4_LoadMR(1, t.raw);
	L4_LoadMR(2, n);
	unsigned words = L4_Loader_LoadBytes(3, name, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 + words, .label = L4_NAME_REGISTER } });
	return loader_call(0);
}

L4_Word_t L4_Name_Lookup(const char *name, L4_ThreadId_t *t)
{
	unsigned n = length(name);
	*t = L4_nilthread;
	if (n < 1 || n > L4_NAME_MAX)
		return L4_LOADER_ERR_MALFORMED;
	L4_LoadMR(1, n);
	unsigned words = L4_Loader_LoadBytes(2, name, n);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 + words, .label = L4_NAME_LOOKUP } });
	L4_MsgTag_t tag;
	L4_Word_t err = loader_call(&tag);
	if (err)
		return err;
	if (L4_UntypedWords(tag) != 1)
		return L4_LOADER_ERR_MALFORMED;
	L4_StoreMR(1, &t->raw);
	return 0;
}

L4_Word_t L4_Name_Wait(const char *name, L4_ThreadId_t *t, unsigned ms)
{
	for (unsigned waited = 0;; waited += 10) {
		L4_Word_t err = L4_Name_Lookup(name, t);
		if (err != L4_LOADER_ERR_UNKNOWN || waited >= ms)
			return err;
		L4_Sleep(L4_TimePeriod(10000));
	}
}
