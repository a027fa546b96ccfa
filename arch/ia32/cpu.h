/* SPDX-License-Identifier: MIT */
/* cpu.h: processor features the kernel uses. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

bool cpu_has_sysenter(void);
/* Programs the sysenter MSRs: kernel CS, entry point, and the address of
 * the word holding the current kernel stack top (the TSS's esp0). */
void cpu_init_sysenter(uint32_t esp0_address);
