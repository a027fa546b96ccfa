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

/* The counters KDB_OP_COUNTER reads (l4/kdebug.h L4_KDB_COUNTER_*). */
#define KDB_COUNTER_CR3_LOADS       0
#define KDB_COUNTER_SEGMENT_RELOADS 1
#define KDB_COUNTER_IPC_FASTPATH    2
#define KDB_COUNTER_IPC_SLOWPATH    3
#define KDB_COUNTER_IRQ_DELIVERED   4
#define KDB_COUNTER_IRQ_KEPT        5
#define KDB_COUNTER_IRQ_ARRIVAL     6
#define KDB_COUNTER_SPURIOUS_IRQ    7

/* Performs op for the current thread with argument arg; returns the value
 * for EAX (ReadChar) or arg unchanged. */
word_t kdb_op(unsigned op, word_t arg);
/* L4_KDB_Enter: prints the message (a user pointer) and continues. */
void kdb_enter(word_t user_string);
