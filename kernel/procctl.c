// SPDX-License-Identifier: MIT
/*
 * procctl.c: ProcessorControl (X.2 §6.3). One processor (number 0), whose
 * frequencies are what the KIP's processor descriptor says: the internal
 * one measured at boot, the external one 0 (unknown). Neither emulator
 * nor this kernel can change a processor's clock or voltage, so a request
 * that names the values it already has succeeds (there is nothing to do)
 * and any other setting, a voltage included, is refused with ErrorCode 5
 * (invalid parameter): §6.3 lists no error for an unsupported setting,
 * and X.2's invalid parameter is the nearest. Privileged, as §6.3 says.
 */
#include "kernel.h"
#include "syscalls.h"
#include "kip.h"
#include "space.h"

#define UNCHANGED       (~(word_t)0)

static word_t descriptor_word(unsigned off)
{
	return *(const word_t *)((const char *)kip_page + KIP_PROC_DESC + off);
}

word_t sys_processor_control(word_t processor, word_t internal_khz, word_t external_khz,
                             word_t voltage_mv)
{
	/* --- decode --- */
	if (!current->space->privileged)
		return set_error_code(ERR_NO_PRIVILEGE), 0;
	if (processor != 0)
		return set_error_code(ERR_INVALID_PARAM), 0;
	if (internal_khz != UNCHANGED && internal_khz != descriptor_word(4))
		return set_error_code(ERR_INVALID_PARAM), 0;
	if (external_khz != UNCHANGED && external_khz != descriptor_word(0))
		return set_error_code(ERR_INVALID_PARAM), 0;
	if (voltage_mv != UNCHANGED)
		return set_error_code(ERR_INVALID_PARAM), 0;
	/* --- act: the processor runs as asked already --- */
	return 1;
}
