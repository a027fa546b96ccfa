/* SPDX-License-Identifier: MIT */
/*
 * kip.h: building the kernel interface page (X.2 §1.1, Appendix A).
 * Offsets follow the manual (32-bit); libl4/include/l4/kip.h has the same
 * layout for user programs.
 */
#pragma once
#include <stdint.h>
#include "bootinfo.h"

#define KIP_API_VERSION   (0x84u << 24 | 7u << 16)  /* X.2, revision 7 */
#define KIP_KERNEL_ID     (0x80u << 24 | 1u << 16)  /* experimental id */

/* Offsets of the fields we fill. */
#define KIP_MAGIC           0x00
#define KIP_API_VERSION_OFF 0x04
#define KIP_API_FLAGS       0x08
#define KIP_KERN_DESC_PTR   0x0C
#define KIP_SIGMA0_SP       0x20
#define KIP_SIGMA0_IP       0x24
#define KIP_SIGMA0_LOW      0x28
#define KIP_SIGMA0_HIGH     0x2C
#define KIP_ROOT_SP         0x40
#define KIP_ROOT_IP         0x44
#define KIP_ROOT_LOW        0x48
#define KIP_ROOT_HIGH       0x4C
#define KIP_MEMORY_INFO     0x54
#define KIP_UTCB_INFO       0xA8
#define KIP_KIP_AREA_INFO   0xAC
#define KIP_BOOT_INFO       0xB8
#define KIP_PROC_DESC_PTR   0xBC
#define KIP_CLOCK_INFO      0xC0
#define KIP_THREAD_INFO     0xC4
#define KIP_PAGE_INFO       0xC8
#define KIP_PROCESSOR_INFO  0xCC
#define KIP_SPACE_CONTROL   0xD0
#define KIP_THREAD_CONTROL  0xD4
#define KIP_PROCESSOR_CTRL  0xD8
#define KIP_MEMORY_CONTROL  0xDC
#define KIP_IPC             0xE0
#define KIP_LIPC            0xE4
#define KIP_UNMAP           0xE8
#define KIP_EXCHANGE_REGS   0xEC
#define KIP_SYSTEM_CLOCK    0xF0
#define KIP_THREAD_SWITCH   0xF4
#define KIP_SCHEDULE        0xF8
#define KIP_MEM_DESCS       0x100       /* memory descriptors start here */
#define KIP_MEM_DESCS_MAX   48
#define KIP_KERN_DESC       0x280
#define KIP_PROC_DESC       0x340
#define KIP_STUBS           0x400       /* system-call stubs (arch code) */
/* Ours, in the free end of the page: the current thread's UTCB address,
 * which %gs:0 reads (arch code; A.1: the "utcb address" segment covers
 * only the word that holds it, read-only). */
#define KIP_UTCB_ADDRESS    0xFFC

/* Memory descriptor types (X.2 §7.8). */
#define MDESC_CONVENTIONAL  0x1
#define MDESC_RESERVED      0x2
#define MDESC_DEDICATED     0x3
#define MDESC_BOOTLOADER    0xE
#define MDESC_ARCH          0xF
/* Ours, subtype of MDESC_ARCH: I/O ports the kernel keeps (libl4
 * ia32/arch.h, L4_KernelIoPortsMemoryDescType). */
#define KIP_MDESC_KERNEL_PORTS 0x1

/* Allocates and fills the KIP; returns its kernel address (NULL: no memory). */
/* The KIP's page, in the kernel image. */
extern uint8_t kip_frame[];
void *kip_build(const struct boot_info *bi, uint32_t kpool_base, uint32_t kpool_size);
/* Adds a memory descriptor (later ones take precedence). */
void kip_add_memdesc(uint32_t low, uint32_t high_incl, unsigned type, unsigned subtype, bool virt);
void kip_set_word(unsigned offset, uint32_t v);
