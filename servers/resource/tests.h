/* SPDX-License-Identifier: MIT */
/*
 * tests.h: the resource suite's tests (tests_*.c) and what they share.
 */
#pragma once
#include "clients.h"
#include "server.h"

extern const struct test resource_tests[];

bool test_bind_exclusive(void);         /* tests_bind.c */
bool test_no_use_without_binding(void);
bool test_cooperative_revoke(void);     /* tests_revoke.c */
bool test_abort(void);
bool test_minimum(void);
bool test_space_deleted(void);
bool test_lru_victims(void);            /* tests_libos.c */
bool test_demo_under_pressure(void);
bool test_random_model(void);           /* tests_model.c */

/* The server's count of free frames. */
L4_Word_t free_frames(void);
/* Kills every client a test left. */
void kill_all_clients(void);
