/* SPDX-License-Identifier: MIT */
/*
 * syscalls.h: the system calls other than Ipc, as the arch entry code
 * calls them after taking their arguments out of registers. Each validates
 * all its arguments first and changes nothing when one is bad; the
 * ErrorCode TCR is written in one place, set_error_code().
 */
#pragma once
#include "tcb.h"

struct exregs {
	word_t control, sp, ip, flags, user_handle, pager;
};
/* Returns the result thread id, or nilthread (ErrorCode set). */
word_t sys_exchange_registers(word_t dest, struct exregs *io);
word_t sys_thread_control(word_t dest, word_t space, word_t scheduler,
                          word_t pager, word_t utcb_location);
word_t sys_space_control(word_t space, word_t control, word_t kip_area,
                         word_t utcb_area, word_t redirector, word_t *control_out);
word_t sys_schedule(word_t dest, word_t time_control, word_t processor_control,
                    word_t prio, word_t preemption_control, word_t *time_out);
void sys_thread_switch(word_t dest);
/* Unmap: MR0 comes and goes in a register; MR1..k in the UTCB. */
word_t sys_unmap(word_t control, word_t mr0);
uint64_t sys_system_clock(void);
/* ProcessorControl (procctl.c): 1, or 0 with ErrorCode set. */
word_t sys_processor_control(word_t processor, word_t internal_khz, word_t external_khz,
                             word_t voltage_mv);
/* MemoryControl (memctl.c): MR0 comes in a register, MR1..k in the UTCB;
 * 1, or 0 with ErrorCode set. */
word_t sys_memory_control(word_t control, const word_t attributes[4], word_t mr0);

void set_error_code(word_t code);

/* Kernel-side creation of sigma0 and the root task (X.2 §7.8). */
struct tcb *create_initial_thread(word_t global_id, struct space *s, uint32_t ip,
                                  uint32_t sp, word_t pager);
/* Deletes a thread and, with its last thread, its space. */
void thread_delete(struct tcb *t);
/* Stops a thread that cannot go on (fault with no handler): it stays
 * halted, reported on the console, and everyone else runs on. */
void thread_stop_faulted(struct tcb *t, const char *why, uint32_t addr);
