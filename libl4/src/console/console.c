/* SPDX-License-Identifier: MIT */
/*
 * console.c: the console protocol's client side and printf's destination
 * (l4/console.h). One destination per program, shared by its threads:
 * each write is one or more independent calls, so threads need no lock.
 */
#include <l4/console.h>
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/thread.h>
#include <l4/loader.h>

#define CALL_TIMEOUT_US 1000000         /* a driver that stalls longer has failed */

static L4_ThreadId_t attached;          /* nil: the kernel debugger */

static L4_MsgTag_t call(L4_ThreadId_t driver, L4_Time_t rcv)
{
	return L4_Call_Timeouts(driver, L4_TimePeriod(CALL_TIMEOUT_US), rcv);
}

/* How many of the n bytes the driver took, in order (label: WRITE or
 * INPUT). */
static unsigned send_prefix(L4_ThreadId_t driver, L4_Word_t label, const char *s, unsigned n)
{
	unsigned sent = 0;
	if (L4_IsNilThread(driver))
		return 0;                       /* an IPC to nobody would "succeed" */
	for (int tries = 0; n && tries < 1000; tries++) {
		unsigned k = n < CONSOLE_MAX_BYTES ? n : CONSOLE_MAX_BYTES;
		L4_LoadMR(1, k);
		for (unsigned w = 0; w < (k + 3) / 4; w++) {
			L4_Word_t v = 0;
			for (unsigned b = 0; b < 4 && w * 4 + b < k; b++)
				v |= (L4_Word_t)(unsigned char)s[w * 4 + b] << (8 * b);
			L4_LoadMR(2 + (int)w, v);
		}
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 + (k + 3) / 4, .label = label } });
		L4_MsgTag_t tag = call(driver, L4_TimePeriod(CALL_TIMEOUT_US));
		L4_Word_t taken = 0;
		L4_StoreMR(1, &taken);
		if (L4_IpcFailed(tag) || L4_Label(tag) != 0 || taken > k)
			break;
		s += taken, n -= taken, sent += taken;
		if (!taken)
			L4_Sleep(L4_TimePeriod(2000));  /* the transmit ring is full */
	}
	return sent;
}

bool console_send(L4_ThreadId_t driver, const char *s, unsigned n)
{
	return send_prefix(driver, CONSOLE_WRITE, s, n) == n;
}

bool console_input(L4_ThreadId_t driver, const char *s, unsigned n)
{
	return send_prefix(driver, CONSOLE_INPUT, s, n) == n;
}

int console_read(L4_ThreadId_t driver, char *buf, L4_Time_t timeout, L4_Word_t *err)
{
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = CONSOLE_READ } });
	L4_MsgTag_t tag = call(driver, timeout);
	*err = 0;
	if (L4_IpcFailed(tag)) {
		*err = L4_ErrorCode();
		return -1;
	}
	L4_Word_t n = 0;
	L4_StoreMR(1, &n);
	if (L4_Label(tag) != 0 || n > CONSOLE_MAX_BYTES || L4_UntypedWords(tag) != 1 + (n + 3) / 4)
		return -1;
	for (unsigned w = 0; w < (n + 3) / 4; w++) {
		L4_Word_t v;
		L4_StoreMR(2 + (int)w, &v);
		for (unsigned b = 0; b < 4 && w * 4 + b < n; b++)
			buf[w * 4 + b] = (char)(v >> (8 * b));
	}
	buf[n] = 0;
	return (int)n;
}

bool console_sync(L4_ThreadId_t driver)
{
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = CONSOLE_SYNC } });
	L4_MsgTag_t tag = call(driver, L4_TimePeriod(CALL_TIMEOUT_US));
	return L4_IpcSucceeded(tag) && L4_Label(tag) == 0;
}

void console_attach(L4_ThreadId_t driver)
{
	attached = driver;
}

L4_ThreadId_t console_attached(void)
{
	return attached;
}

bool console_open(void)
{
	L4_ThreadId_t t;
	if (L4_Name_Lookup("console", &t) || L4_IsNilThread(t))
		return false;
	attached = t;
	return true;
}

/* The kernel debugger takes NUL-terminated strings. */
static void kdb_print(const char *s, unsigned n)
{
	char piece[128];
	while (n) {
		unsigned k = n < sizeof piece - 1 ? n : sizeof piece - 1;
		for (unsigned i = 0; i < k; i++)
			piece[i] = s[i];
		piece[k] = 0;
		L4_KDB_PrintString(piece);
		s += k, n -= k;
	}
}

void console_print(const char *s, unsigned n)
{
	L4_ThreadId_t d = attached;
	unsigned sent = send_prefix(d, CONSOLE_WRITE, s, n);
	/* Written text has left the UART when printf returns, as with the
	 * kernel debugger: lines from the two ports do not cut into each
	 * other, and the driver is idle between prints. What the driver did
	 * not take follows on the kernel debugger, after what it did. */
	if (sent)
		console_sync(d);
	kdb_print(s + sent, n - sent);
}

void console_flush(void)
{
	if (!L4_IsNilThread(attached))
		console_sync(attached);
}
