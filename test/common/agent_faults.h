/* SPDX-License-Identifier: MIT */
/*
 * agent_faults.h: what the Unmap tests (tests_ranges.c,
 * tests_unmap_page.c) ask of an agent in a child space: take a page the
 * caller maps to it, and show whether its access to an address faulted,
 * as the test pager's log (spaces.h, faults) saw it. The pager serves
 * the faults on the tests' pages, so the access completes either way.
 */
#pragma once
#include "agent.h"

/* The caller maps f to agent a at 'at' (an AGENT_TAKE Call with a map
 * item); false if the IPC failed. */
bool agent_give_at(L4_ThreadId_t a, L4_Fpage_t f, L4_Word_t at, L4_Time_t timeout);

/* Did a's access at addr (a write of v, or a read that must see v) go
 * through, faulting as that access if 'fault', without a fault if not?
 * False if the command failed, a read saw another value, or the fault
 * the pager logged was not this access's. */
bool agent_access(L4_ThreadId_t a, L4_Word_t addr, bool write, L4_Word_t v, bool fault,
                  L4_Time_t timeout);

/* A fresh agent's first READ or WRITE may fault on the code, read-only
 * data or stack pages it runs them with (its pager maps them from this
 * program's image on demand, wherever the link put them): a test that
 * counts the agent's faults exactly has it write and read a word of
 * its own first, one that no test counts faults on. False if either
 * command failed. */
bool agent_warm_up(L4_ThreadId_t a, L4_Time_t timeout);
