/* SPDX-License-Identifier: MIT */
/* clock.h: kernel time, counted in timer ticks and given in microseconds. */
#pragma once
#include <stdint.h>

void clock_tick(void);                  /* called by the timer interrupt */
uint64_t clock_ticks(void);
uint64_t clock_us(void);                /* microseconds since boot */
