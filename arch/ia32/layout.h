/* SPDX-License-Identifier: MIT */
/*
 * layout.h: the linear address map (DESIGN.md, docs/architecture.md).
 * Included by C and, through build/asm-layout.inc, mirrored for NASM.
 *
 *   0x00000000 - 0xBFFFFFFF  large user spaces (one page directory each)
 *   0xC0000000 - 0xDFFFFFFF  small-space area (shared by all directories)
 *   0xE0000000 - 0xEFFFFFFF  kernel window onto physical 0 - 256 MiB;
 *                            the kernel image runs at 0xE0100000 inside it
 *   0xF0000000 - 0xF7FFFFFF  TCB array: 2^15 blocks of 4 KiB
 *   0xF8000000 - 0xFFFFFFFF  reserved for the kernel (temporary mappings)
 */
#pragma once

#define USER_LIMIT          0xC0000000u  /* first address no large space may use */
#define SMALL_AREA_BASE     0xC0000000u
#define SMALL_AREA_SIZE     0x20000000u
#define KERNEL_BASE         0xE0000000u  /* first kernel-only address */
#define PHYS_WINDOW_BASE    0xE0000000u
#define PHYS_WINDOW_SIZE    0x10000000u  /* 256 MiB of physical memory */
#define TCB_AREA_BASE       0xF0000000u
#define TCB_AREA_SIZE       0x08000000u
#define KTEMP_BASE          0xF8000000u
/* The last page of the small-space area is no slot's: it maps the KIP,
 * user read-only, in every directory, and the A.1 UTCB segment (%gs)
 * covers the word at its end where the kernel keeps the running thread's
 * UTCB address. One linear address for all spaces, so %gs never changes. */
#define UTCB_WORD_PAGE      (SMALL_AREA_BASE + SMALL_AREA_SIZE - PAGE_SIZE)
#define UTCB_WORD_ADDRESS   (UTCB_WORD_PAGE + PAGE_SIZE - 4)

#define PAGE_SIZE           4096u
#define PAGE_SHIFT          12
#define SUPERPAGE_SIZE      0x400000u
#define SUPERPAGE_SHIFT     22

/* The first address of the next 4 MiB region after va's (as 64 bits, so
 * the region ending at 4 GiB does not wrap). */
#define next_superpage(va)  ((((uint64_t)(va)) | (SUPERPAGE_SIZE - 1)) + 1)

/* Physical <-> kernel-virtual through the window. */
#define phys_to_virt(pa)    ((void *)((uintptr_t)(pa) + PHYS_WINDOW_BASE))
#define virt_to_phys(va)    ((uintptr_t)(va) - PHYS_WINDOW_BASE)
