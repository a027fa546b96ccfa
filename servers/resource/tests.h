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
bool test_ports_bound(void);            /* tests_device.c */
bool test_ports_no_use_without_binding(void);
bool test_irq_bound(void);
bool test_device_abort(void);
bool test_device_space_deleted(void);

/* Runs a client command (rcmd) and expects the first word of its answer
 * to be want; a macro, so that a failure names the test's own line. */
#define EXPECT_RCMD(c, cmd, a, b, out, want) \
	do { rcmd(c, cmd, a, b, out); EXPECT_EQ((out)[0], want); } while (0)
/* The server's count of free frames; of free port ranges and lines. */
L4_Word_t free_frames(void);
L4_Word_t free_devices(void);
/* Kills every client a test left (and tests_device.c's fault catcher). */
void kill_all_clients(void);
void stop_watching_faults(void);
