/* SPDX-License-Identifier: MIT */
/* pingpong.h: the IPC round-trip table that `make run` ends with. */
#pragma once
#include <stdbool.h>

/* Measures and prints the table; false if a measurement failed. */
bool pingpong_table(void);
