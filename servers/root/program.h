/* SPDX-License-Identifier: MIT */
/*
 * program.h: the loader's record of a program it started (loader.c), and
 * what its parts share: the lock every pager thread and the main thread
 * take around the records, the name service (names.c).
 */
#pragma once
#include "config.h"
#include "elf.h"
#include <l4/types.h>
#include <l4/message.h>
#include <stdbool.h>

enum program_state {
	PROGRAM_RUNNING,        /* started, not ready yet */
	PROGRAM_READY,          /* said L4_LOADER_READY */
	PROGRAM_EXITED,         /* L4_LOADER_EXIT, or main returned */
	PROGRAM_DIED,           /* a fault or exception it could not survive */
};

struct program {
	struct program *next;
	L4_ThreadId_t id;               /* its first thread */
	L4_ThreadId_t pager;            /* the loader thread that pages it */
	unsigned module;                /* its boot module's number */
	struct program_config config;
	const unsigned char *image;     /* the module, mapped at its address */
	struct elf_image elf;
	L4_Word_t **pages;              /* page directory: its backing pages */
	L4_Word_t utcb;                 /* privileged: its first thread's UTCB */
	volatile enum program_state state;
	volatile L4_Word_t status;      /* exit status */
	bool done;                      /* ready, or exited with status 0 */
	struct program *parent;         /* the program that started it, if any */
	L4_ThreadId_t waiter;           /* a thread in L4_LOADER_WAIT for it */
	L4_ThreadId_t *threads;         /* its other threads, by UTCB slot (1..) */
};

extern struct program *programs;

void loader_lock(void);
void loader_unlock(void);
/* The program that thread t belongs to (its first thread or another). */
struct program *program_of(L4_ThreadId_t t);
/* Whether t is one of p's threads. */
bool program_has(const struct program *p, L4_ThreadId_t t);

/* The name service's requests (label, from a program p or from a thread
 * of the root task's own space when p is NULL): true when a reply is
 * loaded, which every request gets. */
bool names_serve(L4_Word_t label, L4_MsgTag_t tag, L4_ThreadId_t from, struct program *p);
/* Forgets the names of a program that ended. */
void names_forget(struct program *p);
