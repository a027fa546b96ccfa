/* SPDX-License-Identifier: MIT */
/*
 * console_protocol.h: the console protocol of the serial driver
 * (servers/driver/serial.c), spoken with L4_Call. Bytes travel packed
 * four to a word, in MR2 on; MR1 is a byte count.
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
 *   Anything else, or a malformed request: label CONSOLE_ERROR, MR1 = the
 *   reason. The driver goes on serving.
 */
#pragma once

#define CONSOLE_WRITE      0x5752       /* 'WR' */
#define CONSOLE_READ       0x5244       /* 'RD' */
#define CONSOLE_ERROR      0x4552       /* 'ER' */
#define CONSOLE_INPUT      0x494E       /* 'IN' */
#define CONSOLE_MAX_BYTES  240          /* 60 words */

#define CONSOLE_ERR_LABEL    1          /* unknown request */
#define CONSOLE_ERR_LENGTH   2          /* byte count and words disagree */
#define CONSOLE_ERR_BUSY     3          /* another client is reading */
