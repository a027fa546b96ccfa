/* SPDX-License-Identifier: MIT */
/* console.h: the kernel's console, a 16550 UART on COM1 (polled). */
#pragma once

void console_init(void);
void console_putc(char c);
/* Waits until every byte written has left the UART. */
void console_flush(void);
/* Returns a received byte, or -1 when none is waiting. */
int console_getc(void);
