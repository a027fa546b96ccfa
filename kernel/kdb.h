/* SPDX-License-Identifier: MIT */
/*
 * kdb.h: the kernel debugger calls a user thread makes with int3 followed
 * by a marker (libl4/include/l4/kdebug.h): print a character or a string,
 * read a character, enter the debugger, and (our extension) leave the
 * emulator with a status. The arch code decodes the instruction bytes.
 */
#pragma once
#include "abi.h"

#define KDB_OP_PRINT_CHAR    0x00
#define KDB_OP_PRINT_STRING  0x01
#define KDB_OP_READ_CHAR     0x02
#define KDB_OP_READ_CHAR_BLK 0x03
#define KDB_OP_EXIT          0x10
#define KDB_OP_FREE_FRAMES   0x11  /* tests: free kernel frames in EAX */
#define KDB_OP_COUNTER       0x12  /* benchmark: counter number EAX in EAX */
#define KDB_OP_RAISE_SPURIOUS 0x13 /* tests: a spurious interrupt on line EAX (7, 15) */
#define KDB_OP_PAGE_ATTRIBUTE 0x14 /* tests: the memory attribute of the caller's page EAX */

/* The counters KDB_OP_COUNTER reads (l4/kdebug.h L4_KDB_COUNTER_*). */
#define KDB_COUNTER_CR3_LOADS       0
#define KDB_COUNTER_SEGMENT_RELOADS 1
#define KDB_COUNTER_IPC_FASTPATH    2
#define KDB_COUNTER_IPC_SLOWPATH    3
#define KDB_COUNTER_IRQ_DELIVERED   4
#define KDB_COUNTER_IRQ_KEPT        5
#define KDB_COUNTER_IRQ_ARRIVAL     6
#define KDB_COUNTER_SPURIOUS_IRQ    7
#define KDB_COUNTER_KDB_ENTRIES     8

/* Sessions of the interactive debugger so far (KDB_COUNTER_KDB_ENTRIES). */
extern uint32_t kdb_entries;

#ifndef CONFIG_KDB
#define CONFIG_KDB 1
#endif

/* Performs op for the current thread with argument arg; returns the value
 * for EAX (ReadChar) or arg unchanged. */
word_t kdb_op(unsigned op, word_t arg);
/* L4_KDB_Enter from the current thread, whose user context is frame f:
 * prints the message (a user pointer); then, for a privileged task in a
 * kernel built with the debugger, enters it (an unprivileged one is told
 * no and goes on, docs/x2-deviations.md). */
struct trap_frame;
void kdb_enter(word_t user_string, struct trap_frame *f);

/*
 * The interactive debugger (kdb_main.c and its command files; KDB=0
 * leaves them out, and every call to them sits behind if (CONFIG_KDB)).
 * It runs on the current kernel stack with interrupts off, talks on the
 * kernel console, and returns when told to continue. f is the frame of
 * the trap that entered it (a user or a kernel one), or NULL (a panic).
 */
enum kdb_reason {
	KDB_REASON_ENTER,       /* L4_KDB_Enter of a privileged task */
	KDB_REASON_BREAK_KEY,   /* the break key on the console */
	KDB_REASON_PANIC,       /* a kernel panic: no way back */
	KDB_REASON_BREAKPOINT,  /* a hardware breakpoint hit */
	KDB_REASON_STEP,        /* a single step done */
	KDB_REASON_EXCEPTION,   /* a user exception nobody handles */
};
void kdb_debugger(enum kdb_reason why, struct trap_frame *f, const char *what);
/* Enter the debugger on a panic? (kernel command line kdb=panic). */
extern bool kdb_on_panic;
/* Enter it on a user exception that no handler takes? (kdb=exceptions) */
extern bool kdb_on_exception;
/* Reads the kernel command line's kdb= option (kdb_main.c). */
void kdb_init(const char *cmdline);

/*
 * The IPC trace (kdb_trace.c): a ring of the last IPCs and faults,
 * switched on and off in the debugger. While it is off nothing records
 * and the sysenter entry is the usual one; the trap gate's and the fault
 * messages' hooks test kdb_trace_on. While it is on, sysenter enters by
 * sysenter_trace.asm, which records each call before the usual entry.
 */
extern bool kdb_trace_on;
void kdb_trace_sysenter(word_t to, word_t from_spec, word_t tag);
/* An Ipc through the trap gate (the general path). */
void kdb_trace_ipc(word_t to, word_t from_spec, word_t tag);
/* A fault message the kernel sends for the current thread to partner. */
void kdb_trace_fault(word_t partner, word_t tag, word_t addr, word_t ip);
