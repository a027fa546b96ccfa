/* SPDX-License-Identifier: MIT */
/*
 * ports.h: sigma0's book of I/O ports (X.2 A.4): sigma0 holds all 65536
 * and hands each out once, as for memory; the owner may ask again.
 * The ports the kernel drives itself (published in the KIP) are nobody's:
 * every request that includes one is refused, as the kernel would not
 * map them anyway.
 */
#pragma once
#include <l4/types.h>

/* Claims ports [base, base + 2^log2) for 'who'. 0 on success, -1 if any
 * of them belongs to another thread or the book is full. */
int ports_claim(L4_Word_t base, unsigned log2, L4_Word_t who);

/* Books the kernel's own ports from the KIP's descriptors (once). */
void ports_init(void *kip);
