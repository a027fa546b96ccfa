// SPDX-License-Identifier: MIT
/*
 * kipstubs.c: the code behind the KIP's system-call links (Appendix A.2).
 * User code does `call *link`; the stub enters the kernel:
 *
 *   trap-gate stub   int $vector ; ret           (CD vv C3)
 *   sysenter stub    pop %ebx ; mov %esp,%ebp ; sysenter
 *                                                (5B 89 E5 0F 34)
 *
 * The sysenter stub hands the kernel everything in registers: the
 * caller's return address (popped into EBX) and the caller's ESP after
 * the return (EBP, which the Ipc convention leaves free on entry);
 * Timeouts stay in ECX. The kernel never reads the user stack, and
 * leaves by sysexit straight to the caller.
 * The stubs are position independent: they run wherever the KIP is mapped.
 */
#include "kipstubs.h"
#include "syscall_list.h"
#include "../../kernel/kip.h"

static void put_word(uint8_t *kip, unsigned off, uint32_t v)
{
	*(uint32_t *)(kip + off) = v;
}

void kip_write_stubs(uint8_t *kip, bool use_sysenter)
{
	unsigned pos = KIP_STUBS;
#define WRITE_STUB(name, vector, link)                                     \
	put_word(kip, link, pos);                                          \
	if (use_sysenter && (link == KIP_IPC || link == KIP_LIPC)) {       \
		static const uint8_t se[] = { 0x5B, 0x89, 0xE5, 0x0F, 0x34 }; \
		for (unsigned i = 0; i < sizeof se; i++)                   \
			kip[pos++] = se[i];                                \
	} else {                                                           \
		kip[pos++] = 0xCD;                                         \
		kip[pos++] = vector;                                       \
		kip[pos++] = 0xC3;                                         \
	}                                                                  \
	pos = (pos + 7) & ~7u;
	SYSCALL_LIST(WRITE_STUB)
#undef WRITE_STUB
}
