# SPDX-License-Identifier: MIT
# l4.mk: how to build and boot an L4 program against libl4, for Makefiles
# outside the tree (template/ shows one). Set L4_SDK to the folder that
# holds include/, lib/ and boot/ (an installed libl4, `make install
# PREFIX=...`, or the tree's build/sdk, `make sdk`) before including this.
# The tree's own build takes L4_COMMON_CFLAGS and L4_QEMU_ARGS from here.
#   L4_CC, L4_CFLAGS   compile a program's C files
#   L4_LDFLAGS         link one; add -Wl,--defsym=USER_BASE=ADDR to link it
#                      at an address of its own (default 0x00400000)
#   L4_CRT0, L4_LIBL4  the start code (link it first) and the library
#   L4_BOOT_KERNEL, L4_BOOT_SIGMA0, L4_BOOT_ROOT, L4_BOOT_CONSOLE
#                      the kernel and the modules every system boots
#   L4_QEMU, L4_QEMU_ARGS  the emulator as the tree runs it; QEMU leaves
#                      with status 1 when the system ends in success
#                      (isa-debug-exit: status (v << 1) | 1, v = 0), 3 on
#                      failure

L4_CC             := gcc
L4_COMMON_CFLAGS  := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
                     -fno-omit-frame-pointer -fno-asynchronous-unwind-tables -O2 -g -std=gnu11 \
                     -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes
L4_COMMON_LDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
                     -Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments
L4_QEMU           := qemu-system-i386
# COM1 (the kernel debugger) and COM2 (the console driver) share stdio.
L4_QEMU_ARGS      := -m 128 -display none -chardev stdio,id=console,mux=on \
                     -serial chardev:console -serial chardev:console -monitor none -no-reboot \
                     -device isa-debug-exit,iobase=0xf4,iosize=4

ifdef L4_SDK
L4_CFLAGS         := $(L4_COMMON_CFLAGS) -I$(L4_SDK)/include -I$(L4_SDK)/include/libc
L4_LDFLAGS        := $(L4_COMMON_LDFLAGS) -T $(L4_SDK)/lib/user.ld
L4_CRT0           := $(L4_SDK)/lib/crt0.o
L4_LIBL4          := $(L4_SDK)/lib/libl4.a
L4_BOOT_KERNEL    := $(L4_SDK)/boot/kernel.elf
L4_BOOT_SIGMA0    := $(L4_SDK)/boot/sigma0
L4_BOOT_ROOT      := $(L4_SDK)/boot/root
L4_BOOT_CONSOLE   := $(L4_SDK)/boot/serial
endif
