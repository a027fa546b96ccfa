/* SPDX-License-Identifier: MIT */
/* kipstubs.h: writing the system-call stubs into the KIP. */
#pragma once
#include <stdint.h>
#include <stdbool.h>

/* Writes the stubs at KIP_STUBS and sets every system-call link. */
void kip_write_stubs(uint8_t *kip, bool use_sysenter);
