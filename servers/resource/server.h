/* SPDX-License-Identifier: MIT */
/*
 * server.h: the resource server (protocol.h): a thread in an address
 * space of its own that takes RES_FRAMES frames from sigma0 and binds
 * them to clients. Its admin is the root task (root_id).
 */
#pragma once
#include "protocol.h"
#include "table.h"
#include <l4/types.h>
#include <stdbool.h>

#define RES_FRAMES_LOG2 19                      /* 128 frames, one contiguous piece */
#define RES_FRAMES      (1U << (RES_FRAMES_LOG2 - 12))
#define SERVER_AREA     0x70000000UL            /* where the server holds them */

extern L4_ThreadId_t resource_server_id;
/* Starts the server as thread t of a new space (paged by spaces.c's
 * pager, which shares this image); returns once it answers. */
bool resource_server_start(L4_ThreadId_t t);
