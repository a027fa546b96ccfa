/* SPDX-License-Identifier: MIT */
/*
 * kernel_ports.h: the I/O ports the kernel drives itself (kernel_ports.c
 * lists them, in the one place). As with its own frames, no space may
 * hold them: a user with the PIC or the PIT could turn the next timer
 * tick into a double fault, one with COM1 or an emulator exit port could
 * forge the console or end the machine. The kernel never maps them
 * (iofpage.c) and never reports a fault on them to a pager (iofault.c);
 * it publishes them in the KIP so that sigma0 can refuse them too.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Is port one of the kernel's? */
bool kernel_port(uint32_t port);
/* Does [port, port + n) include one of the kernel's ports? */
bool kernel_port_in(uint32_t port, uint32_t n);
/* Adds a KIP memory descriptor per range of kernel ports: type 0xF
 * (architecture-specific), subtype KIP_MDESC_KERNEL_PORTS, the first
 * port in the low field and the last in the high one (port << 10: the
 * fields have a granularity of 1 KiB). */
void kernel_ports_publish(void);
