// SPDX-License-Identifier: MIT
/*
 * tests_thread_switch.c: ThreadSwitch to a given thread (X.2 §3.4), the
 * scheduler's switch between two threads of one space. The kernel takes
 * it on its fast path (tswitch.asm) when both sides park there, and on
 * the general path otherwise (always with FASTPATH=0): the outcomes must
 * be the same.
 */
#include "suite.h"

/* --- two threads handing the processor back and forth --- */

#define ROUNDS 2000
static volatile L4_Word_t token;        /* even: the driver's turn is over */
static volatile bool stop;
static volatile L4_ThreadId_t driver_id, partner_id;
static volatile L4_Word_t seen_ebx, seen_ecx, seen_edx, seen_esi, seen_edi, seen_ebp,
	seen_eax, seen_flags, wrong_rounds, wrong_regs;

/* Answers each even token with the next odd one, then hands the
 * processor back. It runs above the driver, so nothing but the driver's
 * ThreadSwitch lets the driver go on before it has answered. */
static void partner(void)
{
	L4_Receive(root_id);                    /* go */
	while (!stop) {
		if (!(token & 1))
			token++;
		L4_ThreadSwitch(driver_id);
	}
	L4_Sleep(L4_Never);
}

/* ThreadSwitch through the KIP stub with every register and DF set:
 * all of them come back (libl4: every register preserved). */
static void switch_keeping_registers(L4_ThreadId_t to)
{
	__asm__ __volatile__("pushl %%ebp\n\t"
	                     "movl $0x5A5A5A5A, %%ebp\n\t"
	                     "movl $0x1B1B1B1B, %%ebx\n\t"
	                     "movl $0x2C2C2C2C, %%ecx\n\t"
	                     "movl $0x3D3D3D3D, %%edx\n\t"
	                     "movl $0x4E4E4E4E, %%esi\n\t"
	                     "movl $0x6F6F6F6F, %%edi\n\t"
	                     "std\n\t"
	                     "call *__L4_ThreadSwitch\n\t"
	                     "pushfl\n\t"
	                     "cld\n\t"
	                     "popl seen_flags\n\t"
	                     "movl %%ebp, seen_ebp\n\t"
	                     "popl %%ebp\n\t"
	                     "movl %%eax, seen_eax\n\t"
	                     "movl %%ebx, seen_ebx\n\t"
	                     "movl %%ecx, seen_ecx\n\t"
	                     "movl %%edx, seen_edx\n\t"
	                     "movl %%esi, seen_esi\n\t"
	                     "movl %%edi, seen_edi"
	                     : "+a"(to.raw)
	                     :
	                     : "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
}

static void driver(void)
{
	L4_Receive(root_id);                    /* go */
	for (L4_Word_t i = 1; i <= ROUNDS; i++) {
		token = 2 * i;
		L4_ThreadId_t p = partner_id;
		switch_keeping_registers(p);
		wrong_rounds += token != 2 * i + 1;
		wrong_regs += seen_eax != p.raw || seen_ebx != 0x1B1B1B1B ||
		              seen_ecx != 0x2C2C2C2C || seen_edx != 0x3D3D3D3D ||
		              seen_esi != 0x4E4E4E4E || seen_edi != 0x6F6F6F6F ||
		              seen_ebp != 0x5A5A5A5A || !(seen_flags & 0x400);
	}
	stop = true;
	L4_LoadMR(0, 0);
	L4_Send(root_id);
	L4_Sleep(L4_Never);
}

static bool test_switch_hands_over(void)
{
	token = 1;
	stop = false;
	wrong_rounds = wrong_regs = 0;
	L4_ThreadId_t p = thread_start(partner), d = thread_start(driver);
	EXPECT(!L4_IsNilThread(p) && !L4_IsNilThread(d));
	partner_id = p;
	driver_id = d;
	/* Both below us, the partner above the driver. */
	EXPECT(L4_Set_Priority(p, 61) != 0);
	EXPECT(L4_Set_Priority(d, 60) != 0);
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send(p)));
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send(d)));
	EXPECT(L4_IpcSucceeded(L4_Receive_Timeout(d, L4_TimePeriod(5000000))));
	EXPECT_EQ(wrong_rounds, 0);
	EXPECT_EQ(wrong_regs, 0);
	EXPECT_EQ(token, 2 * ROUNDS + 1);
	EXPECT(thread_kill(p) && thread_kill(d));
	return true;
}

/* --- a thread whose IP and SP are set while it waits in ThreadSwitch --- */

static volatile int landed;
static L4_Word_t landing_stack[512];

static void yielder(void)
{
	for (;;)
		L4_ThreadSwitch(root_id);
}

static void landing(void)
{
	landed = 1;
	for (;;)
		L4_ThreadSwitch(root_id);
}

/* The thread stopped in its own ThreadSwitch (parked), and its IP and SP
 * were set: a switch to it runs it at the new IP; an IP in the kernel
 * stops it (user_return_check), never the kernel. Without the park's
 * move (uctx_leave_by_iret), the fast path irets to the kernel address:
 * Bochs raises #GP in the kernel's iret (a panic); QEMU, which does not
 * check the code segment's limit there, faults in user mode instead. */
static bool test_switch_to_changed_frame(void)
{
	landed = 0;
	L4_ThreadId_t t = thread_start(yielder);
	EXPECT(!L4_IsNilThread(t));
	for (int i = 0; i < 8; i++)
		L4_ThreadSwitch(t);             /* it switches straight back */
	L4_Word_t dummy;
	L4_ThreadId_t pager;
	L4_ThreadId_t r = L4_ExchangeRegisters(t, L4_ExReg_sp_ip, (L4_Word_t)&landing_stack[512],
	                                       (L4_Word_t)landing, 0, 0, L4_nilthread, &dummy,
	                                       &dummy, &dummy, &dummy, &dummy, &pager);
	EXPECT(!L4_IsNilThread(r));
	for (int i = 0; i < 8 && !landed; i++)
		L4_ThreadSwitch(t);
	EXPECT_EQ(landed, 1);
	for (int i = 0; i < 8; i++)
		L4_ThreadSwitch(t);             /* parked again, at landing's switch */
	r = L4_ExchangeRegisters(t, L4_ExReg_ip, 0, 0xE0100000u, 0, 0, L4_nilthread, &dummy,
	                         &dummy, &dummy, &dummy, &dummy, &pager);
	EXPECT(!L4_IsNilThread(r));
	L4_ThreadSwitch(t);
	EXPECT(thread_halted(t));
	EXPECT(thread_kill(t));
	return true;
}

const struct test thread_switch_tests[] = {
	{ "switch_hands_over", "ThreadSwitch to a thread of the same space runs it at once, every register and DF kept, 2000 times", test_switch_hands_over },
	{ "switch_to_changed_frame", "a thread waiting in ThreadSwitch whose IP and SP were set runs there; an IP in the kernel stops it", test_switch_to_changed_frame },
	{ 0, 0, 0 },
};
