/* SPDX-License-Identifier: MIT */
/* timer.h: the periodic timer interrupt (8254 PIT channel 0, IRQ 0). */
#pragma once
#include <stdint.h>

#define TIMER_HZ  1000u                 /* one tick per millisecond */

void timer_init(void);
/* Microseconds into the current tick, from the PIT's down-counter. */
uint32_t timer_us_in_tick(void);
/* The processor's (time stamp counter's) frequency in kHz, measured at
 * boot against the PIT; 0 if it could not be measured. */
uint32_t timer_cpu_khz(void);
