/* SPDX-License-Identifier: MIT */
/*
 * l4/console.h: the console, a user-level serial driver
 * (servers/driver/serial.c), and how programs print through it (not part
 * of X.2; an extension library).
 *
 * The console protocol, spoken with L4_Call. Bytes travel packed four to
 * a word, in MR2 on; MR1 is a byte count.
 *
 *   CONSOLE_WRITE  MR1 = n (<= CONSOLE_MAX_BYTES), MR2.. = the bytes.
 *                  Reply: MR1 = bytes taken (fewer when the transmit
 *                  buffer is full: send the rest again).
 *   CONSOLE_READ   no words. Reply, once a whole line has arrived: MR1 =
 *                  n, MR2.. = the line with its '\n' (a longer line comes
 *                  in pieces of CONSOLE_MAX_BYTES). The timeout is the
 *                  client's receive timeout; a line stays in the driver
 *                  until someone takes it.
 *   CONSOLE_INPUT  as CONSOLE_WRITE, but the bytes join the input, as if
 *                  typed on the line (the keyboard driver, kbd.c).
 *   CONSOLE_SYNC   no words. Reply (no words) once everything written
 *                  before has left the UART: a program about to end the
 *                  system, or to kill the driver, loses nothing.
 *   Anything else, or a malformed request: label CONSOLE_ERROR, MR1 = the
 *   reason. The driver goes on serving.
 *
 * A program's printf goes to the kernel debugger (L4_KDB_PrintString)
 * until it attaches a console; from then on through the driver. The root
 * task attaches once its modules have started; other programs call
 * console_open, which looks up the name "console" (the driver registers
 * it with the name service, l4/loader.h). Should the driver fail a write (dead, or stalled
 * past a second), that text goes to the kernel debugger instead: output
 * is never lost, only its order between the two ports may suffer.
 */
#pragma once
#include <l4/types.h>
#include <l4/message.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

#define CONSOLE_WRITE      0x5752       /* 'WR' */
#define CONSOLE_READ       0x5244       /* 'RD' */
#define CONSOLE_ERROR      0x4552       /* 'ER' */
#define CONSOLE_INPUT      0x494E       /* 'IN' */
#define CONSOLE_SYNC       0x5359       /* 'SY' */
#define CONSOLE_MAX_BYTES  240          /* 60 words */

#define CONSOLE_ERR_LABEL    1          /* unknown request */
#define CONSOLE_ERR_LENGTH   2          /* byte count and words disagree */
#define CONSOLE_ERR_BUSY     3          /* another client is reading (syncing) */

/* The driver's client calls. console_send writes all n bytes, retrying
 * while the transmit ring is full (for at most about 2 s); false if the
 * driver is nil, refuses, fails or stalls. console_input does the same
 * for typed input. console_read takes one line (or piece) into buf (CONSOLE_MAX_BYTES + 1 bytes) and returns its length, or -1
 * (*err: the IPC ErrorCode, 0 for a bad reply). console_sync waits until
 * the driver's output has left the UART. */
bool console_send(L4_ThreadId_t driver, const char *s, unsigned n);
bool console_input(L4_ThreadId_t driver, const char *s, unsigned n);   /* CONSOLE_INPUT */
int console_read(L4_ThreadId_t driver, char *buf, L4_Time_t timeout, L4_Word_t *err);
bool console_sync(L4_ThreadId_t driver);

/* printf's destination: the driver, or L4_nilthread for the kernel
 * debugger. console_open looks up "console" (l4/loader.h) and attaches
 * what it names; false, and the kernel debugger stays, if there is none. */
void console_attach(L4_ThreadId_t driver);
L4_ThreadId_t console_attached(void);
bool console_open(void);
/* console_print writes s[0..n) to wherever printf goes and returns once
 * it has left the UART (so the kernel debugger's lines on the other port
 * never cut into it); console_flush waits for the attached driver to
 * empty (start.c calls it before L4_KDB_Exit). */
void console_print(const char *s, unsigned n);
void console_flush(void);

L4_END_DECLS
