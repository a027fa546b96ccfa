// SPDX-License-Identifier: MIT
/*
 * protocols.c: §7 protocols, seen from a child space's thread and its
 * pager (env.c's pager thread): the thread start message (§7.1), page
 * faults (§7.3) answered with a map item, exceptions (§7.5, A.8: label
 * -5, twelve words) answered with a new IP, an INT n raising #GP with
 * error code 8n + 2 (A.8), and the privileged calls refused to an
 * unprivileged space (ErrorCode 1: §2.4, §4.3, §6.3, §6.4).
 */
#include "x2.h"

#define FAULT_AT  0x60000000UL          /* outside our image: the pager decides */

static volatile L4_Word_t started, value, resumed, errs[4];

static volatile L4_Word_t child_kip, child_magic, child_self;

static void start_child(void)
{
	child_kip = (L4_Word_t)L4_GetKernelInterface();
	child_magic = ((L4_KernelInterfacePage_t *)child_kip)->magic;
	child_self = L4_Myself().raw;
	started = 1;
}

/* Sends to the main thread until it has been received. */
static void sending_child(void)
{
	L4_LoadMR(0, (L4_MsgTag_t){ .X = { .label = 0x77 } }.raw);
	L4_Send(x2_main);
	started = 1;
}

static void touch_child(void)
{
	value = *(volatile L4_Word_t *)FAULT_AT;
	*(volatile L4_Word_t *)(FAULT_AT + 0x1000) = 5;
	resumed = 1;
}

extern char x2_ud2_at[], x2_ud2_after[], x2_int_at[], x2_int_after[];

static __attribute__((noinline)) void ud2_child(void)
{
	L4_Set_ExceptionHandler(x2_pager);
	__asm__ volatile(".globl x2_ud2_at, x2_ud2_after\n"
	                 "x2_ud2_at: ud2\n"
	                 "x2_ud2_after:" ::: "memory");
	resumed = 1;
}

static __attribute__((noinline)) void int_child(void)
{
	L4_Set_ExceptionHandler(x2_pager);
	__asm__ volatile(".globl x2_int_at, x2_int_after\n"
	                 "x2_int_at: int $0x55\n"
	                 "x2_int_after:" ::: "memory");
	resumed = 1;
}

static void unprivileged_child(void)
{
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadNo(L4_Myself()) + 1, 1);
	L4_Word_t control, attributes[4] = { 0, 0, 0, 0 };
	errs[0] = L4_ThreadControl(t, L4_Myself(), L4_Myself(), L4_nilthread, (void *)-1) ? 0 : L4_ErrorCode();
	errs[1] = L4_SpaceControl(L4_Myself(), 0, L4_Nilpage, L4_Nilpage, L4_anythread, &control) ? 0 : L4_ErrorCode();
	errs[2] = L4_ProcessorControl(0, 0, 0, 0) ? 0 : L4_ErrorCode();
	errs[3] = L4_MemoryControl(0, attributes) ? 0 : L4_ErrorCode();
	started = 1;
}

static void start_protocol(void)
{
	started = 0;
	L4_ThreadId_t c = x2_space(start_child);
	x2_check(!L4_IsNilThread(c) && x2_wait(&started, X2_WAIT_MS),
	         "§7.1 thread start: a new thread runs from the IP and SP of its pager's message");
	x2_check(L4_IsNilThread(__L4_ExReg(c, 0, 0, 0, 0, 0, L4_nilthread, NULL)) && L4_ErrorCode() == 2,
	         "§2.3 ExchangeRegisters on a thread of another space: nilthread, ErrorCode 2");
	x2_check(child_kip == L4_Address(x2_kip_area()) && child_magic == L4_KIP_MAGIC,
	         "§1.2 / §4.3 KernelInterface in a new space: the KIP, at the KIP area SpaceControl set");
	x2_check(child_self == c.raw, "§2.2 MyGlobalId in a new space: the id ThreadControl gave it");
	x2_space_kill(c);

	started = 0;
	c = x2_space(sending_child);
	x2_check(x2_wait_state(c, L4_SCHEDRESULT_PENDING_SEND),
	         "§3.5 Schedule: a thread whose send waits for its partner is pending send (4)");
	L4_MsgTag_t tag = L4_Receive_Timeout(L4_anylocalthread, L4_TimePeriod(20000));
	bool local_only = L4_IpcFailed(tag) && L4_ErrorCode() == (L4_ErrTimeout << 1 | 1);
	L4_ThreadId_t from = L4_nilthread;
	tag = L4_Ipc(L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, L4_TimePeriod(5000000)), &from);
	x2_check(local_only, "§5.7 receive from anylocalthread ignores a sender of another space");
	x2_check(L4_IpcSucceeded(tag) && L4_Label(tag) == 0x77 && from.raw == c.raw && x2_wait(&started, X2_WAIT_MS),
	         "§5.7 receive from anythread takes it, from its global id");
	x2_space_kill(c);
}

static void pagefault_protocol(void)
{
	L4_Word_t page = x2_page();
	if (!page) {
		x2_skip("sigma0 gave no page", "§7.3 page fault protocol");
		return;
	}
	*(volatile L4_Word_t *)page = 0xFEEDFACE;
	x2_fault_reset();
	x2_fault.map_page = page;               /* the answer to its first fault (the read) */
	resumed = 0, value = 0;
	L4_ThreadId_t c = x2_space(touch_child);
	for (int i = 0; i < X2_WAIT_MS && x2_fault.count < 2; i++)
		x2_sleep_ms(1);                 /* the read served, the write held */
	L4_Word_t label = x2_fault.first_label, u = x2_fault.first_u, addr = x2_fault.first_mr1;
	L4_Word_t ip = x2_fault.first_mr2;
	x2_check(label == 0xFFE4 && u == 2 && addr == FAULT_AT,
	         "§7.3 page fault: label -2 with r (read), two words, MR 1 the address");
	x2_check(ip >= (L4_Word_t)touch_child && ip < (L4_Word_t)touch_child + 64,
	         "§7.3 page fault: MR 2 the faulting instruction's IP");
	x2_check(x2_fault.count == 2 && value == 0xFEEDFACE && x2_fault.label == 0xFFE2 &&
	         x2_fault.mr[1] == FAULT_AT + 0x1000 && !resumed,
	         "§7.3 the pager's map item resumes it: it read the page, then faulted writing (label -2 with w)");
	x2_space_kill(c);
}

static void exception_protocol(void)
{
	x2_fault_reset();
	x2_fault.resume_ip = (L4_Word_t)x2_ud2_after;
	resumed = 0;
	L4_ThreadId_t c = x2_space(ud2_child);
	bool back = x2_wait(&resumed, X2_WAIT_MS);
	x2_check((x2_fault.label & 0xFFF0) == 0xFFB0 && x2_fault.u == 12,
	         "§7.5 / A.8 exception: label -5 (architecture specific), twelve words");
	x2_check(x2_fault.mr[1] == (L4_Word_t)x2_ud2_at && x2_fault.mr[3] == 6,
	         "A.8 exception: MR 1 EIP at the ud2, MR 3 exception number 6 (#UD)");
	x2_check(x2_fault.mr[8] > 0 && (x2_fault.mr[2] & 0x2) != 0,
	         "A.8 exception: MR 8 ESP and MR 2 EFLAGS (bit 1 always set)");
	x2_check(back, "§7.5 the handler's reply (MR 1 = IP) resumes the thread there");
	x2_space_kill(c);

	x2_fault_reset();
	x2_fault.resume_ip = (L4_Word_t)x2_int_after;
	resumed = 0;
	c = x2_space(int_child);
	back = x2_wait(&resumed, X2_WAIT_MS);
	x2_check(back && x2_fault.mr[1] == (L4_Word_t)x2_int_at && x2_fault.mr[3] == 13 &&
	         x2_fault.mr[4] == 0x55 * 8 + 2,
	         "A.8 INT n: #GP (13) with error code 8n + 2, for the handler to emulate");
	x2_space_kill(c);
}

static void privileges(void)
{
	started = 0;
	for (int i = 0; i < 4; i++)
		errs[i] = ~0UL;
	L4_ThreadId_t c = x2_space(unprivileged_child);
	bool ran = x2_wait(&started, X2_WAIT_MS);
	x2_check(ran && errs[0] == 1, "§2.4 ThreadControl from an unprivileged space: ErrorCode 1");
	x2_check(ran && errs[1] == 1, "§4.3 SpaceControl from an unprivileged space: ErrorCode 1");
	x2_check(ran && errs[2] == 1, "§6.3 ProcessorControl from an unprivileged space: ErrorCode 1");
	x2_check(ran && errs[3] == 1, "§6.4 MemoryControl from an unprivileged space: ErrorCode 1");
	x2_space_kill(c);
}

void x2_section_protocols(void)
{
	start_protocol();
	pagefault_protocol();
	exception_protocol();
	privileges();
}
