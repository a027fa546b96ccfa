/* SPDX-License-Identifier: MIT */
/* console.h: the kernel's console, a 16550 UART on COM1 (polled). */
#pragma once

void console_init(void);
void console_putc(char c);
/* Waits until every byte written has left the UART. */
void console_flush(void);
/* Returns a received byte, or -1 when none is waiting. */
int console_getc(void);
/* The same straight from the UART, passing over what was stashed. */
int console_poll(void);
/* Keeps a byte taken off the line for the next console_getc. */
void console_stash(char c);
