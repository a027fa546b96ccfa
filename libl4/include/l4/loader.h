/* SPDX-License-Identifier: MIT */
/*
 * l4/loader.h: what a program says to the loader that started it (the
 * root task, servers/root), and the name service the loader keeps. Not
 * part of X.2: an extension protocol, like sigma0's (§7.7), spoken with
 * L4_Call to the program's loader, the pager its first thread started
 * with (L4_Loader). Every request gets a reply: label 0 and the words
 * below, or label L4_LOADER_ERROR with MR1 = one of L4_LOADER_ERR_*.
 *
 *   L4_LOADER_READY  no words. "My set-up is done" (a driver serves, a
 *                    test has run). Reply: no words.
 *   L4_LOADER_EXIT   MR1 = exit status (0: success). The loader reports
 *                    the program by name and deletes its space; no reply.
 *   L4_LOADER_ARGS   no words. Reply: MR1 = n, MR2.. = the program's
 *                    arguments (the words after its name in the boot
 *                    configuration), n bytes packed four to a word.
 *   L4_LOADER_IRQ    MR1 = interrupt line: associate it with the sender
 *                    (X.2 §2.4: ThreadControl is privileged). Reply:
 *                    MR1 = 1, or 0 and MR2 = the kernel's ErrorCode.
 *   L4_LOADER_RESTART MR1 = n, MR2.. = a program's name: deletes that
 *                    program and starts it again from its file (a driver
 *                    that went wrong); for privileged programs only.
 *                    Reply, once it is started again: no words.
 *   L4_LOADER_START  MR1 = n, MR2 = m, MR3.. = a boot program's name (n
 *                    bytes), then, from the next word, arguments (m
 *                    bytes): starts another copy of that program in a new
 *                    space, the sender its parent. Reply: MR1 = its thread.
 *   L4_LOADER_WAIT   MR1 = a program's thread. Reply once it has ended:
 *                    MR1 = its exit status, or L4_LOADER_DIED.
 *   L4_LOADER_KILL   MR1 = a program's thread, which the sender started
 *                    (or any, for a privileged program): the loader ends
 *                    it (its status: L4_LOADER_DIED). Reply: no words.
 *   L4_LOADER_THREAD no words: a new thread in the sender's space (not
 *                    for privileged programs, which make their own),
 *                    inactive, paged by the loader; the sender starts it
 *                    by ExchangeRegisters. Reply: MR1 = the thread.
 *                    L4_LOADER_KILL of such a thread deletes it alone.
 *   L4_NAME_REGISTER MR1 = thread id, MR2 = n, MR3.. = the name. Binds
 *                    the name to the thread (which must be of the
 *                    sender's space). Reply: no words.
 *   L4_NAME_LOOKUP   MR1 = n, MR2.. = the name. Reply: MR1 = the thread.
 *
 * A name is 1 to L4_NAME_MAX bytes, no NUL. Names die with the space of
 * their thread. The console driver registers "console".
 */
#pragma once
#include <l4/types.h>
#include <l4/message.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

#define L4_LOADER_READY     0x444F      /* 'DO' */
#define L4_LOADER_EXIT      0x4558      /* 'EX' */
#define L4_LOADER_ARGS      0x4152      /* 'AR' */
#define L4_LOADER_IRQ       0x4952      /* 'IR' */
#define L4_LOADER_RESTART   0x5253      /* 'RS' */
#define L4_LOADER_START     0x5354      /* 'ST' */
#define L4_LOADER_WAIT      0x5754      /* 'WT' */
#define L4_LOADER_KILL      0x4B4C      /* 'KL' */
#define L4_LOADER_THREAD    0x5448      /* 'TH' */
#define L4_LOADER_DIED      (~0UL)      /* the status of a program that did not exit */
#define L4_NAME_REGISTER    0x4E52      /* 'NR' */
#define L4_NAME_LOOKUP      0x4E4C      /* 'NL' */
#define L4_LOADER_ERROR     0x4C45      /* 'LE': reply label of a refusal */

#define L4_LOADER_ERR_IPC       1       /* the loader did not answer (no loader) */
#define L4_LOADER_ERR_LABEL     2       /* unknown request */
#define L4_LOADER_ERR_MALFORMED 3       /* words missing, a bad length */
#define L4_LOADER_ERR_UNKNOWN   4       /* no such name */
#define L4_LOADER_ERR_EXISTS    5       /* the name is taken */
#define L4_LOADER_ERR_NOT_YOURS 6       /* a thread of another space */
#define L4_LOADER_ERR_FULL      7       /* the loader cannot hold more */

#define L4_NAME_MAX         32
#define L4_LOADER_ARGS_MAX  240         /* bytes of arguments */

/* The loader of this program: the pager its first thread had at start
 * (the start code records it), nilthread in the root task. */
L4_ThreadId_t L4_Loader(void);
/* Sets it: the root task points its own requests at its loader thread. */
void L4_Set_Loader(L4_ThreadId_t loader);

/* Each returns 0 or an L4_LOADER_ERR_* code. */
L4_Word_t L4_Loader_Ready(void);
L4_Word_t L4_Loader_AssociateInterrupt(L4_Word_t line);
L4_Word_t L4_Loader_Restart(const char *program);
/* Processes: another copy of a boot program, with arguments; waiting for
 * a program's end (up to 'timeout', L4_Never for ever) and its status;
 * ending one. */
L4_Word_t L4_Loader_Start(const char *program, const char *args, L4_ThreadId_t *t);
L4_Word_t L4_Loader_Wait(L4_ThreadId_t t, L4_Time_t timeout, L4_Word_t *status);
L4_Word_t L4_Loader_Kill(L4_ThreadId_t t);
/* A thread in our space (l4/process.h's L4_CreateThread uses it). */
L4_Word_t L4_Loader_NewThread(L4_ThreadId_t *t);
/* Copies the arguments, NUL-terminated, into buf (size bytes, cut if
 * short); returns their length, or -1. */
int L4_Loader_Args(char *buf, unsigned size);
/* Ends the program: the loader reports 'status' and deletes the space.
 * Returning from main does the same with main's result. */
void L4_Loader_Exit(int status) __attribute__((noreturn));

L4_Word_t L4_Name_Register(const char *name, L4_ThreadId_t t);
L4_Word_t L4_Name_Lookup(const char *name, L4_ThreadId_t *t);
/* Lookup, retried for up to ms milliseconds while the name is unknown
 * (a server still starting). */
L4_Word_t L4_Name_Wait(const char *name, L4_ThreadId_t *t, unsigned ms);

/* The loader's side, for servers that speak the protocol: a name from
 * n bytes in MRs first.. (false if n is bad or the words are missing),
 * and a string's bytes packed into MRs from first (returns the words). */
L4_Bool_t L4_Loader_StoreName(L4_MsgTag_t tag, int first, L4_Word_t n, char *name);
unsigned L4_Loader_LoadBytes(int first, const char *s, unsigned n);

L4_END_DECLS
