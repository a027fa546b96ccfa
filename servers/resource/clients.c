// SPDX-License-Identifier: MIT
/*
 * clients.c: library-OS clients for the resource suite (clients.h).
 */
#include "clients.h"
#include "server.h"
#include <l4/ia32/ioport.h>

#define STACK_WORDS     1024
#define UTCB_AREA       0xBFE00000UL    /* spaces.c: a space's UTCB area */
#define CALL_LIMIT      L4_TimePeriod(30000000)
#define AGENT_OK        0x01

struct rclient rclients[CLIENT_SLOTS];
static L4_Word_t stacks[CLIENT_SLOTS][2][STACK_WORDS] __attribute__((aligned(16)));
static unsigned next_no;
extern char __image_start[], _end[];

void image_touch(void)
{
	for (volatile char *p = __image_start; p < _end; p += 4096)
		*p = *p;
}

/* Which client a thread of it is: by its stack. */
static struct rclient *me(void)
{
	L4_Word_t sp = (L4_Word_t)__builtin_frame_address(0);
	for (unsigned i = 0; i < CLIENT_SLOTS; i++)
		if (sp >= (L4_Word_t)stacks[i] && sp < (L4_Word_t)stacks[i + 1])
			return &rclients[i];
	return 0;
}

/* The data a page holds at a version: the version, then a pattern. */
static L4_Word_t pattern(unsigned page, L4_Word_t version, unsigned i)
{
	return i ? version * 0x9E3779B1UL + page * 4096UL + i : version;
}

/* Checks a resident page against what was written last (a page whose
 * newest data was repossessed may be older: then its store's version
 * counts); writes it anew if 'write'. Returns 1 if it was wrong. */
static unsigned check_page(struct rclient *c, unsigned page, bool write)
{
	L4_Word_t *p = libos_page(&c->os, page);
	if (!p)
		return 1;
	unsigned bad = 0;
	if (c->os.lost[page]) {
		c->version[page] = (unsigned)p[0];
		c->os.lost[page] = false;
	}
	for (unsigned i = 0; i < 1024; i++)
		bad |= p[i] != pattern(page, c->version[page], i);
	if (write) {
		c->version[page]++;
		for (unsigned i = 0; i < 1024; i++)
			p[i] = pattern(page, c->version[page], i);
	}
	return bad;
}

static L4_Word_t run(struct rclient *c, L4_Word_t steps, L4_Word_t seed)
{
	L4_Word_t bad = 0, x = seed | 1;
	libos_sync(&c->os);
	for (L4_Word_t i = 0; i < steps; i++) {
		if (c->os.frames < c->os.target)
			libos_alloc(&c->os, RES_ANY, 0);        /* may fail: memory is short */
		x = x * 1103515245UL + 12345;
		unsigned page = (unsigned)(x >> 16) % c->os.npages;
		libos_lock(&c->os);
		bad += check_page(c, page, true);
		if (i % 8 == 7)
			libos_age(&c->os);
		libos_unlock(&c->os);
		c->steps_done++;
	}
	return bad;
}

/* Makes a UART interrupt (transmitter empty, which it is) and waits for
 * it on 'line': it comes as IPC from the kernel if this thread holds the
 * line. Whatever the line kept from before is taken first. */
static L4_Word_t uart_interrupt(L4_Word_t line, L4_Word_t base, L4_Word_t *iir)
{
	L4_ThreadId_t irq = L4_GlobalId(line, 1);
	while (L4_IpcSucceeded(L4_Receive_Timeout(irq, L4_ZeroTime)))
		L4_Reply(irq);
	l4_outb((uint16_t)(base + 4), 0x08);    /* MCR: OUT2 (the PC's gate of the IRQ) */
	l4_outb((uint16_t)(base + 1), 0x02);    /* IER: transmitter holding register empty */
	L4_MsgTag_t tag = L4_Receive_Timeout(irq, L4_TimePeriod(300000));
	*iir = l4_inb((uint16_t)(base + 2)) & 0x0F;
	l4_outb((uint16_t)(base + 1), 0);
	if (L4_IpcFailed(tag))
		return 0;
	L4_Reply(irq);                          /* acknowledged: the line is unmasked */
	return 1;
}

static int command(struct rclient *c, L4_Word_t cmd, L4_Word_t a, L4_Word_t b, L4_Word_t *out)
{
	struct libos *os = &c->os;
	switch (cmd) {
	case C_ALLOC:     out[0] = libos_alloc(os, a, &out[1]); return 2;
	case C_ALLOC_RUN: out[0] = libos_alloc_run(os, (unsigned)a, &out[1]); return 2;
	case C_MAP:       out[0] = libos_map(os, a); return 1;
	case C_FREE:      out[0] = libos_free(os, a); return 1;
	case C_PASS:      out[0] = libos_pass(os, a, (L4_ThreadId_t){ .raw = b }); return 1;
	case C_ADDR:      out[0] = libos_addr(os, a); return 1;
	case C_READ:      out[0] = *(volatile L4_Word_t *)a; return 1;
	case C_WRITE:     *(volatile L4_Word_t *)a = b; return 0;
	case C_RAW: {
		L4_LoadMR(1, b);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = a } });
		L4_MsgTag_t tag = L4_Call(os->server);
		out[0] = L4_Label(tag);
		L4_StoreMR(1, &out[1]);
		return 2;
	}
	case C_HOLDINGS: {
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = RES_HOLDINGS } });
		L4_MsgTag_t tag = L4_Call(os->server);
		L4_Word_t n = 0, list[RES_MAX_LIST];
		L4_StoreMR(1, &n);
		if (L4_IpcFailed(tag) || n > RES_MAX_LIST)
			return -1;
		L4_StoreMRs(2, (int)n, list);
		libos_lock(os);
		bool same = n == os->frames + os->ndevices;
		for (L4_Word_t i = 0; i < n; i++)
			same = same && libos_holds(os, list[i]);
		out[0] = n;
		out[1] = os->frames + os->ndevices;
		out[2] = same;
		libos_unlock(os);
		return 3;
	}
	case C_SYNC:      out[0] = libos_sync(os); return 1;
	case C_REPO: {
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = RES_REPOSSESSED } });
		L4_MsgTag_t tag = L4_Call(os->server);
		unsigned u = L4_UntypedWords(tag);
		if (L4_IpcFailed(tag) || u > 40)
			return -1;
		L4_StoreMRs(1, (int)u, out);
		return (int)u;
	}
	case C_RUN:       out[0] = run(c, a, b); return 1;
	case C_VERIFY:
		libos_sync(os);
		out[0] = 0;
		for (unsigned p = 0; p < os->npages; p++) {
			libos_lock(os);
			out[0] += check_page(c, p, false);
			libos_unlock(os);
		}
		return 1;
	case C_TOUCH:
		libos_lock(os);
		L4_Word_t *page = libos_page(os, (unsigned)a);
		out[0] = page ? (*(volatile L4_Word_t *)page, os->last_victim) : ~0UL;
		libos_unlock(os);
		return 1;
	case C_AGE:
		libos_lock(os);
		libos_age(os);
		libos_unlock(os);
		return 0;
	case C_CLAIM:     out[0] = libos_claim(os, a); return 1;
	case C_INB:       out[0] = l4_inb((uint16_t)a); return 1;
	case C_OUTB:      l4_outb((uint16_t)a, (uint8_t)b); return 0;
	case C_IRQ:       out[0] = uart_interrupt(a, b, &out[1]); return 2;
	case C_HELD:
		libos_lock(os);
		out[0] = libos_holds(os, a);
		libos_unlock(os);
		return 1;
	case C_STATS:
		out[0] = os->frames;
		out[1] = os->misses;
		out[2] = os->evictions;
		out[3] = os->given_back;
		out[4] = os->repossessed;
		out[5] = os->pages_lost;
		return 6;
	}
	return -1;
}

static void agent_main(void)
{
	struct rclient *c = me();
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w[2] = { 0, 0 }, out[40];
		if (L4_IpcSucceeded(tag) && res_kind_of(from.raw) == RES_KIND_IRQ) {
			/* A line it holds interrupted between commands: acknowledged. */
			if (c)
				c->unasked_irqs++;
			L4_Set_MsgTag(L4_Niltag);
			tag = L4_ReplyWait(from, &from);
			continue;
		}
		L4_StoreMRs(1, 2, w);
		int n = c ? command(c, L4_Label(tag), w[0], w[1], out) : -1;
		if (n > 0)
			L4_LoadMRs(1, n, out);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = n > 0 ? n : 0,
		                                    .label = n < 0 ? 0 : AGENT_OK } });
		tag = L4_ReplyWait(from, &from);
	}
}

/* Answers the server's revocation requests: the library OS picks its
 * victims. An uncooperative client lets the deadline pass. */
static void handler_main(void)
{
	struct rclient *c = me();
	L4_ThreadId_t server = resource_server_id;
	/* Running (its first faults served): tell the root task. */
	L4_Set_MsgTag(L4_Niltag);
	L4_Send(root_id);
	for (;;) {
		L4_MsgTag_t tag = L4_Receive(server);
		L4_Word_t want = 0, one = 0, phys[RES_MAX_RUN];
		L4_StoreMR(1, &want);
		L4_StoreMR(3, &one);
		if (L4_IpcFailed(tag) || L4_Label(tag) != RES_REVOKE_REQ || !c || !c->os.cooperative)
			continue;
		unsigned k;
		if (one) {
			k = libos_give_back_one(&c->os, one);
			phys[0] = one;
		} else {
			k = libos_give_back(&c->os, want < RES_MAX_RUN ? (unsigned)want : RES_MAX_RUN,
			                    phys);
		}
		L4_LoadMRs(1, (int)k, phys);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = k, .label = RES_GIVE_BACK } });
		L4_Reply(server);
	}
}

static bool request_start(L4_ThreadId_t t, L4_Word_t ip, L4_Word_t sp)
{
	L4_LoadMR(1, t.raw);
	L4_LoadMR(2, ip);
	L4_LoadMR(3, sp);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = L4_LABEL_START_REQUEST } });
	L4_Word_t ok = 0;
	if (L4_IpcSucceeded(L4_Call(pager_id)))
		L4_StoreMR(1, &ok);
	return ok;
}

struct rclient *rclient_start(bool cooperative, unsigned npages, unsigned target,
                              unsigned minimum)
{
	unsigned i;
	for (i = 0; i < CLIENT_SLOTS && !L4_IsNilThread(rclients[i].agent); i++)
		;
	if (i == CLIENT_SLOTS || !pager_init())
		return 0;
	struct rclient *c = &rclients[i];
	__builtin_memset(c, 0, sizeof(*c));
	libos_init(&c->os, resource_server_id, FRAME_AREA, c->store, npages, target, cooperative);
	for (unsigned p = 0; p < c->os.npages; p++)
		for (unsigned w = 0; w < 1024; w++)
			c->store[p][w] = pattern(p, 0, w);
	if (!next_no)
		next_no = L4_ThreadNo(root_id) + 400;
	L4_ThreadId_t agent = L4_GlobalId(next_no, 1), handler = L4_GlobalId(next_no + 1, 1);
	next_no += 2;
	if (!space_new(agent, pager_id, (L4_Word_t)agent_main, (L4_Word_t)&stacks[i][0][STACK_WORDS]))
		return 0;
	c->agent = agent;
	if (!L4_ThreadControl(handler, agent, root_id, pager_id, (void *)(UTCB_AREA + L4_UTCB_SIZE)) ||
	    !request_start(handler, (L4_Word_t)handler_main, (L4_Word_t)&stacks[i][1][STACK_WORDS]) ||
	    L4_IpcFailed(L4_Receive_Timeout(handler, L4_TimePeriod(2000000)))) {
		printf("# handler not started, ErrorCode %lu\n", L4_ErrorCode());
		space_kill(agent);
		c->agent = L4_nilthread;
		return 0;
	}
	c->handler = handler;
	if (admin_call(RES_REGISTER, agent.raw, handler.raw, minimum, 0, 0) != RES_OK) {
		rclient_kill(c);
		return 0;
	}
	return c;
}

int rclient_kill(struct rclient *c)
{
	if (!L4_IsNilThread(c->handler))
		L4_ThreadControl(c->handler, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	L4_ThreadControl(c->agent, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	L4_Word_t n = 0;
	L4_Word_t r = admin_call(RES_GONE, c->agent.raw, 0, 0, &n, 1);
	c->agent = c->handler = L4_nilthread;
	return r == RES_OK ? (int)n : -1;
}

int rcmd(struct rclient *c, L4_Word_t cmd, L4_Word_t a, L4_Word_t b, L4_Word_t *out)
{
	L4_LoadMR(1, a);
	L4_LoadMR(2, b);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = cmd } });
	L4_MsgTag_t tag = L4_Call_Timeouts(c->agent, CALL_LIMIT, CALL_LIMIT);
	if (L4_IpcFailed(tag) || L4_Label(tag) != AGENT_OK)
		return -1;
	if (out)
		L4_StoreMRs(1, (int)L4_UntypedWords(tag), out);
	return (int)L4_UntypedWords(tag);
}

L4_Word_t admin_call(L4_Word_t label, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3, L4_Word_t *out,
                     unsigned nout)
{
	L4_LoadMR(1, w1);
	L4_LoadMR(2, w2);
	L4_LoadMR(3, w3);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = label } });
	L4_MsgTag_t tag = L4_Call(resource_server_id);
	if (L4_IpcFailed(tag))
		return 0;
	unsigned u = L4_UntypedWords(tag);
	if (out)
		L4_StoreMRs(1, (int)(u < nout ? u : nout), out);
	return L4_Label(tag);
}
