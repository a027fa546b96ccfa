/* SPDX-License-Identifier: MIT */
/* main.h: the generic kernel's entry from the arch boot code. */
#pragma once
#include "bootinfo.h"

__attribute__((noreturn)) void kernel_main(struct boot_info *bi);
/* Arch initialisation that needs kernel memory (paging, timer). */
void arch_init_late(void);
/* The kernel's memory after boot, for tests and the KIP. */
extern struct memmap usable_memory;
extern struct boot_info *boot_info_ptr;
/* Where the generic BootInfo goes (physical, page-aligned; 0 in a kernel
 * test boot) and the bytes reserved for it (boot_servers.c writes it). */
extern uint32_t generic_bootinfo_pa, generic_bootinfo_room;
