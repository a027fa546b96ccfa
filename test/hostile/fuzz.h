/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h: the system-call fuzzer's parts (issue 21). An unprivileged task
 * (fuzz_calls.c) makes random and boundary system calls through every way
 * into the kernel; the suite (fuzz.c) runs it, catches its exceptions
 * through a handler thread, restarts it when it stops, and checks the
 * victim and kernel memory. Call n's arguments come from a generator
 * seeded by (seed, n) alone, so "seed S call N" replays one call without
 * the ones before it.
 *
 * The task and the suite share the suite's image pages (spaces.h), so
 * 'fuzz' below is one object seen by both: the task writes its progress
 * there and the suite reads it, which keeps a stopped task's last call
 * known without the task printing anything.
 */
#pragma once
#include "hostile.h"

/* Classes of calls that each once found a defect (test/REGRESSIONS.md):
 * all on; a switch turns one off, to look at the others alone
 * (make fuzz FUZZ_FLAGS=-DFUZZ_FPU=0). */
#ifndef FUZZ_KDB_CONSOLE
#define FUZZ_KDB_CONSOLE     1  /* KDB PrintChar/PrintString/ReadChar_Blocked/Exit */
#endif
#ifndef FUZZ_SIGMA0_REQUESTS
#define FUZZ_SIGMA0_REQUESTS 1  /* sigma0's memory, page-fault and I/O-port protocol */
#endif
#ifndef FUZZ_FPU
#define FUZZ_FPU             1  /* x87/SSE instructions in the fuzzer task */
#endif
#ifndef FUZZ_FSGS_LOADS
#define FUZZ_FSGS_LOADS      1  /* FS/GS loaded with other selectors (null too), by the
                                 * frame or by mov: sysexit leaves them to the next thread */
#endif
#ifndef FUZZ_IRET_VM
#define FUZZ_IRET_VM         1  /* EFLAGS.VM in a user iret frame */
#endif

/* One raw entry: registers in and out (EAX ECX EDX ESI EDI EBX EBP), the
 * code the entry jumps to (it starts with popfd, which loads 'eflags'),
 * and the selectors loaded into DS ES FS GS first (FUZZ_SEL_KEEP: none). */
#define FUZZ_SEL_KEEP 0xFFFFFFFFUL
struct fuzz_frame {
	L4_Word_t reg[7];
	L4_Word_t target;
	L4_Word_t eflags;
	L4_Word_t sel[4];
};
enum { R_EAX, R_ECX, R_EDX, R_ESI, R_EDI, R_EBX, R_EBP };

/* What the task and the suite share. */
struct fuzz_shared {
	/* set by the suite */
	L4_Word_t seed, calls, stop;            /* stop: this task's last call + 1 */
	bool verbose;
	L4_ThreadId_t handler, suite, pager;    /* fuzz handler, root, its pager */
	L4_ThreadId_t sibling, sibling_local;   /* the task's second thread */
	L4_Word_t kip_area, utcb_area;          /* the task's space's */
	L4_Word_t small;                        /* its small-space number (0: large) */
	/* kept by the task */
	volatile L4_Word_t next;                /* the call being made */
	volatile L4_Word_t done;                /* calls that came back */
	volatile L4_Word_t caught;              /* ... by an exception */
	char what[128];                         /* call 'next', in words */
	/* kept by the handler: #DB steps in the current call */
	volatile L4_Word_t steps, steps_call;
	volatile L4_Word_t exceptions, vectors[32];
	volatile L4_Word_t sibling_restarts;    /* exceptions of the sibling */
};
extern struct fuzz_shared fuzz;

/* The task's entry (fuzz_calls.c): makes calls fuzz.next..fuzz.calls-1,
 * then reports. */
void fuzz_task(void);
#define FUZZ_DONE_LABEL 0x465A          /* task -> suite: all calls made */
#define FUZZ_DONE_MAGIC 0xF022D04EUL

/* The raw entry (fuzz_entry.c): loads the frame, jumps to its target;
 * returns 0 when the target returned, 1 when an exception was caught. */
extern struct fuzz_frame fuzz_frame;
extern unsigned char fuzz_code[64];     /* the code a call runs (written per call) */
int fuzz_enter(void);
void fuzz_recover(void);                /* where the handler resumes the task */
void fuzz_save_segments(void);          /* the task's own, restored after each call */
extern L4_Word_t fuzz_segments[4];      /* DS ES FS GS */

/* The task's second thread: its loop, and where it starts (over). */
void fuzz_sibling(void);
void fuzz_sibling_entry(void);

/* Regression tests for what the fuzzer found (fuzz_regressions.c). */
extern const struct test fuzz_regression_tests[];

/* Runs 'calls' calls from 'seed' in fuzzer tasks, restarting one that
 * stops; prints a line for each stop. Returns the number of stops. */
unsigned fuzz_run(L4_Word_t seed, L4_Word_t calls, bool verbose);

