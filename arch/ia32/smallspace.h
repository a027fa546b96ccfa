/* SPDX-License-Identifier: MIT */
/*
 * smallspace.h: small address spaces (Liedtke's segment trick; X.2 A.5).
 * A small space is a slot of the small-space area, reached through user
 * segments whose base is the slot and whose limit is its size. The area's
 * page tables exist from boot on and are shared by every page directory,
 * so switching to a small space loads no page table: whichever directory
 * is loaded reaches it. A small space's own directory points at the same
 * tables for [0, size), so the mapping database, which writes PTEs
 * through the space's directory, needs to know nothing of this.
 */
#pragma once
#include <stdbool.h>
#include "../../kernel/abi.h"
#include "trapframe.h"

struct space;
struct tcb;

/* The ia32 control word of SpaceControl (A.5): s, and e on the way out. */
#define SPACE_CONTROL_SET_SMALL  (1u << 31)
#define SPACE_CONTROL_EFFECTIVE  (1u << 31)

/* Number of slots of 4 MiB (the last is UTCB_WORD_PAGE's, no small
 * space's), and small spaces that exist now (while there
 * is one, every return to user mode loads segments from the GDT: sysexit
 * would leave flat CS and SS, through which a large space reaches the
 * small-space area). */
#define SMALL_SLOTS   (SMALL_AREA_SIZE / SUPERPAGE_SIZE)
extern uint32_t small_spaces_live;

/* Allocates the area's page tables and enters them in the kernel's
 * directory (every space's copies them). Before the first space. */
void smallspace_init(void);
/* Maps the KIP at UTCB_WORD_PAGE (layout.h), once it exists. */
void smallspace_map_kip(void);
/* A new space is large. */
void smallspace_init_space(struct space *s);
/* SpaceControl's control word (A.5): applies s = 1 and returns the output
 * control word (e, the old number). */
word_t smallspace_control(struct space *s, word_t control);
/* Makes a small space large (its addresses unchanged, its threads
 * running); false if kernel memory ran out. */
bool smallspace_promote(struct space *s);
/* Gives back the slot of a space that is going away. */
void smallspace_destroy(struct space *s);
/* A trap of a thread of a small space that may be an access beyond the
 * slot (#GP, #SS, or a page fault outside the slot where the CPU does not
 * check limits): promotes the space and returns true (the thread retries);
 * false if the trap is something else. */
bool smallspace_limit_fault(struct tcb *t, const struct trap_frame *f, uint32_t cr2);
/* On the way to user mode: an IP or SP beyond a small space's size
 * (ExchangeRegisters, an exception reply) makes it large, so that iret
 * can load them. False if they are still beyond (no kernel memory for the
 * promotion): the thread must not return. */
bool smallspace_check_return(struct tcb *t, const struct trap_frame *f);
