/* SPDX-License-Identifier: MIT */
/*
 * memory.h: sigma0's book of physical memory: what kind each page is (from
 * the KIP's memory descriptors and boot-server regions) and which thread
 * owns it. A page is handed out once; its owner may ask again.
 */
#pragma once
#include <l4/types.h>

void memory_init(void *kip);
/* Claims [base, base + 2^log2) for 'who' (specific request). Conventional
 * memory only if 'conventional_only' (page faults). 0 on success. */
int memory_claim(L4_Word_t base, unsigned log2, L4_Word_t who, int conventional_only);
/* Finds and claims a free conventional fpage of 2^log2 bytes; returns its
 * base, or ~0 if there is none. */
L4_Word_t memory_claim_any(unsigned log2, L4_Word_t who);
/* Pages of conventional memory still free (reports, tests). */
L4_Word_t memory_free_pages(void);
