/* SPDX-License-Identifier: MIT */
/*
 * machine.h: what the generic kernel asks of the machine as a whole.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

enum exit_status { EXIT_SUCCESS = 0, EXIT_FAILURE = 1 };

/*
 * Leaves the emulator: QEMU's isa-debug-exit (status (v << 1) | 1, so 1 for
 * success and 3 for failure), then Bochs's shutdown port; on anything else
 * halts forever.
 */
__attribute__((noreturn)) void machine_exit(enum exit_status st);

/* Interrupts on or off for the current CPU; returns the previous state. */
bool irq_save_disable(void);
void irq_restore(bool was_enabled);
void irq_enable(void);
/* Wait for the next interrupt (with interrupts enabled). */
void machine_idle(void);
/* Enables interrupts, waits for one, disables them again (idle thread). */
void machine_idle_once(void);
/* Lets a pending interrupt in, without waiting for one (idle thread). */
void machine_irq_window(void);

/* Instructions (under QEMU icount) or cycles since reset. */
uint64_t machine_cycles(void);

/* Dumps the caller's registers and backtrace on the console. */
void machine_dump_here(void);

/* Probes: read or write one word of kernel-virtual memory, returning false
 * instead of faulting when the address is not mapped as required. */
bool probe_read32(uintptr_t va, uint32_t *out);
bool probe_write32(uintptr_t va, uint32_t v);
