/* SPDX-License-Identifier: MIT */
/* boot_servers.h: starting sigma0, the root task and the scheduler. */
#pragma once
#include "bootinfo.h"

void start_initial_servers(const struct boot_info *bi);
__attribute__((noreturn)) void start_scheduler(void);
