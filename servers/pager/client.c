// SPDX-License-Identifier: MIT
/*
 * client.c: client spaces for the pager tests (client.h).
 */
#include "client.h"

#define CLIENT_SLOTS    8
#define STACK_WORDS     1024
#define UTCB_AREA       0xBFE00000UL    /* spaces.c: a space's UTCB area */
#define CALL_LIMIT      L4_TimePeriod(2000000)

extern char __image_start[], _end[];

static L4_Word_t stacks[CLIENT_SLOTS][3][STACK_WORDS] __attribute__((aligned(16)));
static L4_ThreadId_t slot_owner[CLIENT_SLOTS];
static unsigned next_no;

/* Reads addr (a fault, for an untouched page) with every general
 * register holding a known value: the kernel's page-fault IPC must give
 * them all back. Returns the registers' differences ORed together. */
static L4_Word_t read_keeping_registers(L4_Word_t addr)
{
	L4_Word_t diff;
	__asm__ __volatile__(
		"pushl %%ebp\n\t"
		"movl $0x11111111, %%eax\n\t"
		"movl $0x22222222, %%ebx\n\t"
		"movl $0x33333333, %%edx\n\t"
		"movl $0x44444444, %%esi\n\t"
		"movl $0x55555555, %%edi\n\t"
		"movl $0x66666666, %%ebp\n\t"
		"movl (%%ecx), %%ecx\n\t"
		"xorl $0x11111111, %%eax\n\t"
		"xorl $0x22222222, %%ebx\n\t"
		"orl %%ebx, %%eax\n\t"
		"xorl $0x33333333, %%edx\n\t"
		"orl %%edx, %%eax\n\t"
		"xorl $0x44444444, %%esi\n\t"
		"orl %%esi, %%eax\n\t"
		"xorl $0x55555555, %%edi\n\t"
		"orl %%edi, %%eax\n\t"
		"xorl $0x66666666, %%ebp\n\t"
		"orl %%ebp, %%eax\n\t"
		"popl %%ebp"
		: "=a"(diff), "+c"(addr) : : "ebx", "edx", "esi", "edi", "memory", "cc");
	return diff;
}

/* CMD_KEEP_STATE: what X.2 says a page fault's IPC preserves (the MRs of
 * the message and more, BR0, ErrorCode, the registers), checked across a
 * fault at addr. */
static L4_Word_t fault_keeps_state(L4_Word_t addr)
{
	/* ErrorCode gets a known value from a send that fails: nobody. */
	L4_Set_MsgTag(L4_Niltag);
	L4_Send_Timeout(L4_GlobalId(L4_ThreadNo(L4_Myself()) + 1000, 1), L4_ZeroTime);
	L4_Word_t error = L4_ErrorCode();
	L4_Word_t mr[KEEP_MRS], back[KEEP_MRS], br0 = 0x4321abc0UL, changed = 0;
	for (unsigned i = 0; i < KEEP_MRS; i++)
		mr[i] = 0x5a5a0000UL + i * 0x1111UL;
	L4_LoadMRs(0, KEEP_MRS, mr);
	L4_LoadBR(0, br0);
	if (read_keeping_registers(addr))
		changed |= KEEP_REGISTERS;
	L4_StoreMRs(0, KEEP_MRS, back);
	for (unsigned i = 0; i < KEEP_MRS; i++)
		if (back[i] != mr[i])
			changed |= 1u << i;
	L4_Word_t br_back = 0;
	L4_StoreBR(0, &br_back);
	if (br_back != br0)
		changed |= KEEP_BR0;
	L4_LoadBR(0, 0);                /* accept no map items again */
	if (L4_ErrorCode() != error || error == 0)
		changed |= KEEP_ERROR_CODE;
	return changed;
}

static L4_Word_t do_command(L4_Word_t cmd, L4_Word_t a, L4_Word_t b, L4_Word_t seed)
{
	volatile unsigned char *p = (volatile unsigned char *)a;
	L4_Word_t bad = 0;
	switch (cmd) {
	case CMD_FILL:
		for (L4_Word_t i = 0; i < b; i++)
			p[i] = pattern_byte(a + i, seed);
		return 0;
	case CMD_CHECK:
		for (L4_Word_t i = 0; i < b; i++)
			bad += p[i] != pattern_byte(a + i, seed);
		return bad;
	case CMD_ZEROES:
		for (L4_Word_t i = 0; i < b; i++)
			bad += p[i] != 0;
		return bad;
	case CMD_HOT:
		for (L4_Word_t i = 0; i < seed; i++) {
			bad += *(volatile L4_Word_t *)a;
			*(volatile L4_Word_t *)(b + i * 4096) = i;
		}
		return bad;
	case CMD_READ:
		return *(volatile L4_Word_t *)a;
	case CMD_WRITE:
		*(volatile L4_Word_t *)a = b;
		return 0;
	case CMD_KEEP_STATE:
		return fault_keeps_state(a);
	case CMD_OVERFLOW:
		/* A stack that has run into its guard page: the push faults. */
		__asm__ __volatile__("movl %%esp, %%ebx\n\t"
		                     "movl %0, %%esp\n\t"
		                     "pushl $0\n\t"
		                     "movl %%ebx, %%esp"
		                     : : "r"(a) : "ebx", "memory");
		return 0;
	}
	return ~0UL;
}

static void agent_loop(void) __attribute__((noreturn));
static void agent_loop(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Receive(root_id);
	for (;;) {
		L4_Word_t w[3] = { 0, 0, 0 };
		L4_StoreMRs(1, 3, w);
		L4_Word_t r = do_command(L4_Label(tag), w[0], w[1], w[2]);
		L4_LoadMR(1, r);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = AGENT_OK } });
		tag = L4_Ipc(root_id, root_id, L4_Timeouts(L4_ZeroTime, L4_Never), &from);
	}
}

/* Where the supervisor restarts the agent after a refused fault: the
 * command in progress ends with AGENT_FAULTED. */
static void agent_on_error(void)
{
	L4_LoadMR(1, pager_last_error.addr);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = AGENT_FAULTED } });
	L4_Reply(root_id);
	agent_loop();
}

/* The agent restarts on a stack of its own, its slot's third: after a
 * fault on its stack (CMD_OVERFLOW) that one is unusable. The supervisor
 * runs on the slot's second, so its own stack says which slot it is. */
static void supervisor_main(void)
{
	L4_Word_t here = (L4_Word_t)__builtin_frame_address(0);
	L4_Word_t slot = (here - (L4_Word_t)stacks) / sizeof stacks[0];
	pager_supervise_on_stack(agent_on_error, &stacks[slot][2][STACK_WORDS]);
}

/* Asks 'pager' to send thread t its start message (spaces.c's protocol). */
static bool request_start(L4_ThreadId_t pager, L4_ThreadId_t t, L4_Word_t ip, L4_Word_t sp)
{
	L4_LoadMR(1, t.raw);
	L4_LoadMR(2, ip);
	L4_LoadMR(3, sp);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = L4_LABEL_START_REQUEST } });
	L4_Word_t ok = 0;
	if (L4_IpcSucceeded(L4_Call_Timeouts(pager, CALL_LIMIT, CALL_LIMIT)))
		L4_StoreMR(1, &ok);
	return ok;
}

bool client_start(struct client *c, L4_ThreadId_t pager, bool supervised)
{
	unsigned slot;
	for (slot = 0; slot < CLIENT_SLOTS && !L4_IsNilThread(slot_owner[slot]); slot++)
		;
	if (slot == CLIENT_SLOTS)
		return false;
	if (!next_no)
		next_no = L4_ThreadNo(root_id) + 600;
	c->agent = L4_GlobalId(next_no, 1);
	c->supervisor = supervised ? L4_GlobalId(next_no + 1, 1) : L4_nilthread;
	next_no += 2;
	if (!space_new(c->agent, pager, (L4_Word_t)agent_loop, (L4_Word_t)&stacks[slot][0][STACK_WORDS]))
		return false;
	slot_owner[slot] = c->agent;
	if (!supervised)
		return true;
	/* The second thread of the space: UTCB slot 1. */
	if (!L4_ThreadControl(c->supervisor, c->agent, root_id, pager,
	                      (void *)(UTCB_AREA + L4_UTCB_SIZE)) ||
	    !request_start(pager, c->supervisor, (L4_Word_t)supervisor_main,
	                   (L4_Word_t)&stacks[slot][1][STACK_WORDS])) {
		printf("# supervisor not started, ErrorCode %lu\n", L4_ErrorCode());
		client_kill(c);
		return false;
	}
	/* Wait until it runs: a report must not find it still starting. */
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = PAGER_LABEL_FAULT_ERROR } });
	if (L4_IpcFailed(L4_Call_Timeouts(c->supervisor, CALL_LIMIT, CALL_LIMIT))) {
		printf("# supervisor does not answer, ErrorCode %lu\n", L4_ErrorCode());
		client_kill(c);
		return false;
	}
	return true;
}

void client_kill(struct client *c)
{
	for (unsigned slot = 0; slot < CLIENT_SLOTS; slot++)
		if (slot_owner[slot].raw == c->agent.raw)
			slot_owner[slot] = L4_nilthread;
	if (!L4_IsNilThread(c->supervisor))
		L4_ThreadControl(c->supervisor, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
	L4_ThreadControl(c->agent, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
}

L4_Word_t client_cmd(const struct client *c, L4_Word_t cmd, L4_Word_t a, L4_Word_t b,
                     L4_Word_t seed, L4_Word_t *result)
{
	L4_LoadMR(1, a);
	L4_LoadMR(2, b);
	L4_LoadMR(3, seed);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = cmd } });
	L4_MsgTag_t tag = L4_Call_Timeouts(c->agent, CALL_LIMIT, CALL_LIMIT);
	if (L4_IpcFailed(tag))
		return 0;
	if (result)
		L4_StoreMR(1, result);
	return L4_Label(tag);
}

enum pager_result client_serve_start(struct pager *p, L4_MsgTag_t tag, L4_ThreadId_t from)
{
	(void)p;
	(void)from;
	L4_Word_t w[3] = { 0, 0, 0 };
	L4_StoreMRs(1, 3, w);
	return pager_serve_start(tag, w[0], w[1], w[2]) ? PAGER_REPLY : PAGER_NO_REPLY;
}

bool add_image_region(struct pager *p)
{
	L4_Word_t start = (L4_Word_t)__image_start & PAGER_PAGE_MASK;
	L4_Word_t end = ((L4_Word_t)_end + PAGER_PAGE_SIZE - 1) & PAGER_PAGE_MASK;
	return pager_add_region(p, L4_anythread, start, end - start, L4_FullyAccessible,
	                        pager_share_fault, 0) != 0;
}

static struct pager *volatile starting;

static void pager_thread(void)
{
	struct pager *p = starting;
	starting = 0;
	pager_run(p);
}

L4_ThreadId_t pager_thread_start(struct pager *p)
{
	starting = p;
	L4_ThreadId_t t = thread_start(pager_thread);
	while (!L4_IsNilThread(t) && starting)
		L4_ThreadSwitch(t);
	return t;
}
