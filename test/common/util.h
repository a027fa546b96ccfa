/* SPDX-License-Identifier: MIT */
/*
 * util.h: what the root task's tests share: a test table type, TAP
 * expectations, and helpers to start threads in the root task's own space
 * (X.2 §2.4 ThreadControl, then the start message of §7.1).
 */
#pragma once
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/thread.h>
#include <l4/process.h>
#include <stdbool.h>
#include <stdio.h>

struct test {
	const char *name;
	const char *description;
	bool (*run)(void);
};


#define EXPECT(cond) \
	do { if (!(cond)) { printf("# %s:%d: expected %s\n", __FILE__, __LINE__, #cond); return false; } } while (0)
#define EXPECT_EQ(a, b) \
	do { unsigned long _a = (unsigned long)(a), _b = (unsigned long)(b); \
	     if (_a != _b) { printf("# %s:%d: %s is %lx, expected %lx\n", __FILE__, __LINE__, #a, _a, _b); return false; } } while (0)

/* ErrorCode values of an IPC failure: (code << 1) | phase (X.2 §5.7). */
#define ERR_SEND(code)  ((code) << 1)
#define ERR_RECV(code)  ((code) << 1 | 1)

/* Tables of the threads that hold numbered slots (a stack, a UTCB): the
 * first free slot (nilthread marks one), or n when all are taken; and t's
 * slot made free again, if it holds one. */
unsigned slot_free(const L4_ThreadId_t *owner, unsigned n);
void slot_release(L4_ThreadId_t *owner, unsigned n, L4_ThreadId_t t);
/* Starts fn in a new thread of this space; returns its global id, or
 * nilthread (the test then fails). Threads get numbers from a counter. */
L4_ThreadId_t thread_start(void (*fn)(void));
/* Only creates it: the thread waits for its start message (X.2 §2.4);
 * *sp is the top of the stack it was given. */
L4_ThreadId_t thread_create(L4_Word_t *sp);
/* Deletes a thread made by thread_start. */
bool thread_kill(L4_ThreadId_t t);
/* Sends the root thread a message of two words a and b with 'label',
 * then sleeps for ever (a test thread's last word). */
void report_to_root(L4_Word_t label, L4_Word_t a, L4_Word_t b) __attribute__((noreturn));
/* Whether t exists and is halted (stopped, e.g. by the kernel). */
bool thread_halted(L4_ThreadId_t t);
/* The thread that created the current test's threads (the root thread). */
extern L4_ThreadId_t root_id;
/* Replies to every Call with its words reversed and label + 1. */
void echo_server(void);
/* The least a server can do: replies to every Call with an empty message. */
void null_server(void);
/* Calls an echo server with 0..63 words and checks every answer. */
bool echo_all_sizes(L4_ThreadId_t srv);
/* One Call to an echo server with u words, word i = first + i, label
 * 'label': the reply must carry label + 1 and the words reversed. */
bool echo_call(L4_ThreadId_t srv, L4_Word_t label, unsigned u, L4_Word_t first);
/* Sends one word to 'to' with a label; returns the tag. */
L4_MsgTag_t send_word(L4_ThreadId_t to, L4_Word_t label, L4_Word_t w);
