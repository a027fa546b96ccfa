/* SPDX-License-Identifier: MIT */
/* kmem.h: setting up the kernel memory pool (allocation is in kernel.h). */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "memmap.h"

/* Chooses and initialises the pool from the usable ranges; returns where. */
bool kmem_init(const struct memmap *usable, uint32_t *base, uint32_t *size);
/* True when the physical address lies in the kernel pool. */
bool kmem_owns(uint32_t pa);
/* The idle thread's work: zeroes one free frame ahead for kmem_alloc;
 * false when enough are (or no frame is free). */
bool kmem_prezero(void);
