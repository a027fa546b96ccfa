/* SPDX-License-Identifier: MIT */
/*
 * agent.h: the "agent" that the root task's space tests run in a child
 * space (tests_spaces.c, tests_small.c). An agent waits for commands from
 * the root task, carries each out in its own space (read or write a word,
 * accept a mapping, map or grant one of its pages to another agent) and
 * answers with one word. A test program adds commands of its own through
 * an agent_extra function. A command that faults where the pager does not
 * serve gets no answer: the caller's Call times out.
 */
#pragma once
#include "util.h"

/* Labels of the commands every agent understands (MR1..MR3: w[0..2]). */
enum {
	AGENT_READ = 1,         /* result = word at w0 */
	AGENT_WRITE,            /* word at w0 = w1 */
	AGENT_TAKE,             /* accept what the message carries (the kernel
	                         * does the work) */
	AGENT_GIVE,             /* send fpage w1 to agent w0 as AGENT_TAKE, a
	                         * grant if w2; result = whether it went */
	AGENT_FIRST_EXTRA       /* a test program's own commands from here */
};

/* Carries out a command of the test program's own; returns the answer. */
typedef L4_Word_t (*agent_extra)(L4_Word_t cmd, const L4_Word_t w[3]);

/* The agent's loop, with 'handler' as its exception handler; never
 * returns. */
void agent_serve(L4_ThreadId_t handler, agent_extra extra);

/* Sends command cmd with w0..w2 to agent a and stores its answer in
 * *result (when result is not NULL); false if the agent did not take it
 * within send_timeout or answer within recv_timeout. */
bool agent_call(L4_ThreadId_t a, L4_Word_t cmd, L4_Word_t w0, L4_Word_t w1,
                L4_Word_t w2, L4_Word_t *result, L4_Time_t send_timeout,
                L4_Time_t recv_timeout);
