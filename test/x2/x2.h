/* SPDX-License-Identifier: MIT */
/*
 * x2.h: the X.2 conformance suite's framework (test/x2/README.md). The
 * suite is a root task that uses nothing but the X.2 interface through
 * libl4's public headers: memory from sigma0 by the sigma0 protocol
 * (§7.7), output through the kernel debugger's PrintString, threads and
 * spaces of its own by ThreadControl and SpaceControl. One file per
 * manual section; every check's name starts with the section it checks.
 *
 *   x2_check(ok, "§2.3 ExchangeRegisters: ...")   one TAP line
 *   x2_skip(why, name)                             a TAP "# SKIP" line
 *   x2_diag(fmt, ...)                              a "# " line
 *
 * Helpers (env.c): threads of our own space started on a function, child
 * spaces running code of our image (their pager, a thread of ours, maps
 * our pages one to one), a page from sigma0, waiting on a condition.
 */
#pragma once
#include <l4/types.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/message.h>
#include <l4/ipc.h>
#include <l4/misc.h>
#include <l4/errors.h>
#include <l4/sigma0.h>
#include <l4/kdebug.h>
#include <l4/bootinfo.h>
#include <l4/ia32/arch.h>
#include <stdbool.h>

/* ---- TAP (tap.c) ---- */
void x2_check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void x2_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void x2_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void x2_print(const char *s);
unsigned x2_failures(void);
void x2_plan(void);

/* ---- the environment (env.c) ---- */
/* Sets it up (the KIP, our UTCB area, a first page from sigma0, the
 * pager thread); false if sigma0 or the pager thread failed us. */
bool x2_env_init(void);
extern void *x2_kip;
extern L4_ThreadId_t x2_main;           /* the root task's first thread */

/* A new thread of our space running fn on a stack of its own, paged by
 * pager (nilthread: by our own pager, sigma0). nilthread if it could not
 * be made. x2_thread_inactive makes one that does not run (no pager). */
L4_ThreadId_t x2_thread(void (*fn)(void), L4_ThreadId_t pager);
/* The same at priority prio (set before it first runs). */
L4_ThreadId_t x2_thread_prio(void (*fn)(void), L4_ThreadId_t pager, L4_Word_t prio);
#define X2_LOW_PRIO 20                  /* for threads that spin */
L4_ThreadId_t x2_thread_inactive(void);
void x2_thread_kill(L4_ThreadId_t t);
/* A thread id no thread has (a fresh number, version 1). */
L4_ThreadId_t x2_fresh_id(void);
/* The UTCB location of a free slot of our UTCB area, and its release. */
L4_Word_t x2_utcb_slot(void);
void x2_utcb_free(L4_Word_t utcb);

/* A new space whose first thread runs fn (code of our image) on a stack
 * in our image, started by our pager thread with the start message of
 * §7.1; nilthread on failure. Its pager maps our pages one to one and
 * reports every fault and exception it takes (x2_fault). */
L4_ThreadId_t x2_space(void (*fn)(void));
/* The KIP and UTCB areas x2_space gives a child (where ours are). */
L4_Fpage_t x2_kip_area(void);
L4_Fpage_t x2_utcb_area(void);
/* A further thread in the space of a child's thread (x2_space), running
 * fn the same way; x2_thread_kill deletes it. */
L4_ThreadId_t x2_space_thread(L4_ThreadId_t space, void (*fn)(void));
void x2_space_kill(L4_ThreadId_t t);
extern L4_ThreadId_t x2_pager;          /* the pager thread */

/* What the pager saw last, and what it does with a fault outside our
 * image: hold it (no reply; default) or map map_page there. */
struct x2_fault {
	volatile L4_Word_t count, label, u, mr[13];
	volatile L4_Word_t first_label, first_u, first_mr1, first_mr2;  /* the first since reset */
	volatile L4_Word_t from;
	volatile L4_Word_t map_page;            /* a page of ours to map for the next such fault */
	volatile L4_Word_t resume_ip;           /* an exception: reply with this IP (0: hold) */
};
extern struct x2_fault x2_fault;
void x2_fault_reset(void);

/* A 4 KiB page from sigma0 (any conventional one), mapped at a fresh
 * address of ours; 0 if sigma0 had none. */
L4_Word_t x2_page(void);
/* A child space (x2_space) whose thread accepts map and grant items in a
 * 4 KiB window at 'at', and reads or writes the window's first word when
 * asked. The calls fail (after 2 s) if the child's access faults: the
 * pager holds such a fault (x2_fault says where); kill the child then. */
L4_ThreadId_t x2_window_child(L4_Word_t at);
bool x2_child_map(L4_ThreadId_t c, L4_Word_t page, L4_Word_t rights, bool grant);
bool x2_child_read(L4_ThreadId_t c, L4_Word_t *value);
bool x2_child_write(L4_ThreadId_t c, L4_Word_t value);
/* Whether a read of addr by a thread of ours paged by x2_pager faults
 * there (the fault is held, the thread deleted). */
bool x2_probe_faults(L4_Word_t addr);
/* Waits up to ms milliseconds for *flag to become nonzero. Waits for
 * something that should happen use X2_WAIT_MS: they end as soon as it
 * does, and a loaded host may run the guest slowly. */
bool x2_wait(volatile L4_Word_t *flag, unsigned ms);
#define X2_WAIT_MS 5000
/* Waits until Schedule (we are t's scheduler) reports t in state (§3.5:
 * L4_SCHEDRESULT_*); false after X2_WAIT_MS. */
bool x2_wait_state(L4_ThreadId_t t, L4_Word_t state);
void x2_sleep_ms(unsigned ms);

/* ---- the sections ---- */
void x2_section_kip(void);              /* §1, A.1-A.3 */
void x2_section_threads(void);          /* §2 */
void x2_section_schedule(void);         /* §3 */
void x2_section_spaces(void);           /* §4, §7.7 */
void x2_section_ipc(void);              /* §5 */
void x2_section_misc(void);             /* §6 */
void x2_section_protocols(void);        /* §7.1, §7.3, §7.5, A.8 */
void x2_section_ia32(void);             /* A.1, A.4 */
void x2_section_bootinfo(void);         /* Appendix E */
