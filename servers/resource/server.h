/* SPDX-License-Identifier: MIT */
/*
 * server.h: the resource server (protocol.h): a thread in an address
 * space of its own that takes RES_FRAMES frames and the port ranges
 * RES_PORTS from sigma0 and binds them, and the interrupt lines
 * RES_LINES, to clients. Its admin is the root task (root_id).
 */
#pragma once
#include "protocol.h"
#include "table.h"
#include <l4/types.h>
#include <stdbool.h>

#define RES_FRAMES_LOG2 19                      /* 128 frames, one contiguous piece */
#define RES_FRAMES      (1U << (RES_FRAMES_LOG2 - 12))
#define SERVER_AREA     0x70000000UL            /* where the server holds them */
/* Devices no other program of the resource suite drives: COM2 (QEMU has
 * it when given a second -serial; its scratch register 0x2FF holds what
 * is written) and COM3/COM4's ranges, absent in QEMU (ownership only);
 * COM2's IRQ 3 and the free IRQ 5. */
#define RES_PORTS_LOG2  3
#define RES_PORTS       { 0x2F8, 0x3E8, 0x2E8 }
#define RES_NPORTS      3
#define RES_LINES       { 3, 5 }
#define RES_NLINES      2

extern L4_ThreadId_t resource_server_id;
/* Starts the server as thread t of a new space (paged by spaces.c's
 * pager, which shares this image); returns once it answers. */
bool resource_server_start(L4_ThreadId_t t);
