/* SPDX-License-Identifier: MIT */
/*
 * kdb_arch.h: what the kernel debugger (kernel/kdb_*.c) asks of ia32: the
 * console's input and its break key, a thread's registers, the debug
 * registers (hardware breakpoints), single-stepping, and the sysenter
 * entry the IPC trace diverts. Built only with the debugger (KDB=1); the
 * calls from the rest of arch/ sit behind if (CONFIG_KDB).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "../../kernel/abi.h"

struct tcb;
struct space;
struct trap_frame;

/* The break key (ESC), as Pistachio's kdb has it. */
#define KDB_BREAK_KEY 0x1B

/* Timer tick: a byte on the console? The break key enters the debugger
 * with the interrupted frame; any other byte is kept for ReadChar. */
void kdb_arch_poll_break(struct trap_frame *f);
/* Waits for a byte from the console (interrupts stay off). */
char kdb_arch_getc(void);

/* Prints a frame's registers (a user or a kernel frame). */
void kdb_arch_print_frame(const struct trap_frame *f);
/* The user registers of thread t (its saved user context). */
void kdb_arch_print_user_regs(struct tcb *t);
/* The IP of a trap frame, and whether it came from user mode. */
word_t kdb_arch_frame_ip(const struct trap_frame *f);
bool kdb_arch_frame_user(const struct trap_frame *f);
/* Prints a backtrace of the kernel stack from frame f (a kernel frame),
 * or from the caller when f is NULL. */
void kdb_arch_backtrace(const struct trap_frame *f);

/* Hardware breakpoints DR0-DR3. kind: 0 execute, 1 write, 3 read/write;
 * len 1, 2 or 4 (execute: 1). space: a user address of that space (NULL:
 * a kernel address, or a user address of every space). Returns NULL or
 * why not. */
#define KDB_BP_COUNT 4
const char *kdb_arch_bp_set(unsigned n, word_t addr, unsigned kind, unsigned len,
                            struct space *space);
void kdb_arch_bp_clear(unsigned n);
void kdb_arch_bp_list(void);
/* A #DB from the frame f: one of ours (a breakpoint, or a step that the
 * debugger asked for) enters the debugger and returns true; another's
 * returns false (the thread's exception handler hears of it). */
bool kdb_arch_debug_trap(struct trap_frame *f);
/* Lets thread t run one user instruction, then enters the debugger.
 * Returns NULL or why not. */
const char *kdb_arch_step(struct tcb *t);

/* The IPC trace on: every sysenter goes through the trace entry
 * (sysenter_trace.asm), which records it, then takes the usual one. */
void kdb_arch_trace_entry(bool on);
