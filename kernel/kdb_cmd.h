/* SPDX-License-Identifier: MIT */
/*
 * kdb_cmd.h: what the debugger's command files share (kdb_main.c has the
 * loop and the table): the state of this entry, argument parsing, and
 * printing thread ids and kernel addresses by name. A command gets its
 * words (argv[0] is its name) and returns KDB_STAY, or KDB_LEAVE to end
 * the session.
 */
#pragma once
#include "kernel.h"
#include "kdb.h"
#include "tcb.h"

#define KDB_STAY  0
#define KDB_LEAVE 1

typedef int (*kdb_command_fn)(int argc, char **argv);

/* This entry: why, and the frame of the trap that entered (or NULL). */
extern enum kdb_reason kdb_why;
extern struct trap_frame *kdb_frame;

/* A number: hex, with or without 0x (the debugger's numbers are hex). */
bool kdb_parse_word(const char *s, word_t *out);
/* A thread: its global id in hex, its number.version in decimal (as the
 * thread list shows it), or "." for the current thread. NULL with a
 * line said when there is none. */
struct tcb *kdb_parse_thread(const char *s);
/* A space: the kernel address the space list shows, or any thread of
 * it. NULL with a line said when there is none. */
struct space *kdb_parse_space(const char *s);
/* Calls fn for every thread that exists (TCB slots in use), in order of
 * thread number; stops early when fn returns false. */
void kdb_for_each_thread(bool (*fn)(struct tcb *t, void *arg), void *arg);

/* A thread id as X.2 names it: "nilthread", "anythread",
 * "anylocalthread", "irq N", "local XXXXXXXX", or "no.ver". */
const char *kdb_tid(word_t id, char buf[24]);
/* Prints addr with its kernel symbol: "e0101234 <ipc_send+0x14>". */
void kdb_print_addr(word_t addr);

/* The commands (one file per kind of state). */
int kdb_cmd_threads(int argc, char **argv);
int kdb_cmd_tcb(int argc, char **argv);
int kdb_cmd_regs(int argc, char **argv);
int kdb_cmd_sendq(int argc, char **argv);
int kdb_cmd_spaces(int argc, char **argv);
int kdb_cmd_maps(int argc, char **argv);
int kdb_cmd_frame(int argc, char **argv);
int kdb_cmd_mem(int argc, char **argv);
int kdb_cmd_umem(int argc, char **argv);
int kdb_cmd_kip(int argc, char **argv);
int kdb_cmd_irqs(int argc, char **argv);
int kdb_cmd_counters(int argc, char **argv);
int kdb_cmd_trace(int argc, char **argv);
