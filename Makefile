# SPDX-License-Identifier: MIT
# One flat Makefile; each folder lists its objects in a small fragment.
#   make            the kernel (build/kernel.elf) and the boot modules
#   make run        boot in QEMU, serial console on this terminal
#   make check      every test: host unit tests, QEMU boots, a Bochs boot
#   make iso        GRUB rescue image build/l4.iso
#   make run-bochs  boot the ISO in Bochs
#   make debug      QEMU halted with its gdb stub, and a gdb script
#   make fuzz SEED=S CALLS=N  a long system-call fuzzer run (test/hostile/fuzz.mk)
#   make bench-linux  Debian's Linux in QEMU (icount), bench/results/linux.*
#   make bench      the L4 benchmark under QEMU icount -> bench/results/latest.*
#   make clean
# Options: FASTPATH=0 builds the kernel without the IPC fast path; KDB=0
# without the kernel debugger (docs/debugging.md).

B        := build
DEPS     := tools/deps.sh
CC       := gcc
NASM     := nasm
HOSTCC   := gcc
HOSTCXX  := g++

KCFLAGS  := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
            -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
            -mgeneral-regs-only -fno-builtin -fno-tree-loop-distribute-patterns -O2 -g -std=gnu11 \
            -falign-jumps=1 -falign-loops=1 -falign-labels=1 \
            -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
            -MMD -MP -Ilibl4/include
KLDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
            -Wl,--no-warn-rwx-segments
NFLAGS   := -f elf32 -g -I $(B)/ -I arch/ia32/
FASTPATH ?= 1
KDB      ?= 1
KERNEL_CONFIG := -DCONFIG_FASTPATH=$(FASTPATH) -DCONFIG_KDB=$(KDB)
KCFLAGS  += $(KERNEL_CONFIG)
NFLAGS   += $(KERNEL_CONFIG)
HOSTCFLAGS := -m32 -O1 -g -std=gnu11 -Wall -Wextra -Werror -Ikernel -Ilibl4/include

all:

include arch/ia32/Makefile.frag
include kernel/Makefile.frag
include libl4/Makefile.frag
include test/common/Makefile.frag
include servers/root/Makefile.frag
include servers/pager/Makefile.frag
include test/Makefile.frag
include test/hostile/Makefile.frag
include test/kdb/Makefile.frag
include test/longipc/Makefile.frag
include test/x2/Makefile.frag
include test/cxx/Makefile.frag
include test/loader/Makefile.frag
include test/suite/Makefile.frag
include docs/Makefile.frag
include servers/resource/Makefile.frag
include bench/linux/Makefile.frag
include bench/Makefile.frag

KERNEL_OBJS := $(ARCH_OBJS) $(KERNEL_GENERIC_OBJS) $(if $(filter 1,$(KDB)),$(KDB_OBJS))

all: $(B)/kernel.elf $(BOOT_MODULES)

.PHONY: all deps run check iso run-bochs debug gdbinit clean check-host check-boot bench

deps:
	@$(DEPS) nasm gcc-multilib g++-multilib

$(B)/.deps-build:
	@mkdir -p $(B)
	@$(DEPS) nasm gcc-multilib
	@touch $@
# C++ programs and tests (test/cxx, test/host/libl4_cxx.cc) only.
$(B)/.deps-cxx: $(B)/.deps-build
	@$(DEPS) g++-multilib
	@touch $@

# Everything is rebuilt when the flags change.
FLAGS_NOW := $(KCFLAGS) $(NFLAGS) $(KERNEL_CONFIG)
$(B)/.flags: FORCE
	@mkdir -p $(B)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@
FORCE:

$(B)/%.o: %.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(B)/%.o: %.asm $(B)/.deps-build $(B)/.flags $(B)/asm-offsets.inc
	@mkdir -p $(dir $@)
	$(NASM) $(NFLAGS) $< -o $@

$(B)/%.o: $(B)/%.asm
	$(NASM) $(NFLAGS) $< -o $@

$(B)/asm-offsets.inc: arch/ia32/asm-offsets.c arch/ia32/*.h kernel/tcb.h kernel/abi.h $(B)/.deps-build
	$(CC) $(KCFLAGS) -S $< -o $(B)/asm-offsets.s
	tools/gen-asm-offsets.sh $(B)/asm-offsets.s > $@

$(B)/vectors.asm: tools/gen-vectors.sh arch/ia32/syscall_list.h
	@mkdir -p $(B)
	tools/gen-vectors.sh > $@

$(B)/ksyms0.asm: tools/gen-ksyms.sh
	@mkdir -p $(B)
	tools/gen-ksyms.sh - > $@

# Two links: the first gives the addresses for the symbol table, the second
# embeds it. .ksyms lies after text and data, so no function moves; the
# build checks that.
$(B)/kernel.pass1.elf: $(KERNEL_OBJS) $(B)/ksyms0.o arch/ia32/kernel.ld
	$(CC) $(KLDFLAGS) -T arch/ia32/kernel.ld -o $@ $(KERNEL_OBJS) $(B)/ksyms0.o -lgcc

$(B)/ksyms.asm: $(B)/kernel.pass1.elf tools/gen-ksyms.sh
	tools/gen-ksyms.sh $< > $@

$(B)/kernel.elf: $(KERNEL_OBJS) $(B)/ksyms.o arch/ia32/kernel.ld
	$(CC) $(KLDFLAGS) -T arch/ia32/kernel.ld -o $@ $(KERNEL_OBJS) $(B)/ksyms.o -lgcc
	@nm -n $(B)/kernel.pass1.elf | grep ' [tT] ' > $(B)/syms.pass1
	@nm -n $@ | grep ' [tT] ' > $(B)/syms.final
	@cmp -s $(B)/syms.pass1 $(B)/syms.final || { echo "kernel: symbols moved between links"; exit 1; }

# ---- running -------------------------------------------------------------

QEMU      := qemu-system-i386
# COM1 (the kernel debugger) and COM2 (the console driver, where user
# programs print) share this terminal; typed input goes to COM2. Ctrl-A c
# moves it to COM1 (and back): then ESC enters kdb (docs/debugging.md).
QEMU_ARGS := $(L4_QEMU_ARGS)               # libl4/l4.mk
# make run's job: start everything, print the ping-pong table, halt. The
# instruction counter makes the table's figures path lengths (make bench).
# make run PROGRAMS='build/x, build/y prio=50 -- args': your programs
# instead of hello: sigma0, the root task, the console driver, then each
# item (a file and its options, servers/root/config.h), with root=wait:
# the system ends when they have. QEMU's exit status 1 means success
# (isa-debug-exit), which make takes as such.
PROGRAMS  ?=
RUN_ARGS  ?= $(if $(PROGRAMS),root=wait,root=pingpong)
RUN_QEMU_ARGS ?= -icount shift=0,sleep=off
# make run and make debug: a panic enters kdb (on COM1) before it halts.
KDB_RUN_ARGS := $(if $(filter 1,$(KDB)),kdb=panic)
comma := ,
RUN_MODULES = $(if $(PROGRAMS),$(B)/sigma0/sigma0 $(B)/servers/root/root $(B)/servers/driver/serial,$(BOOT_MODULES))
# The console driver never ends: root=wait does not wait for it.
MODULE_LIST = $(subst $(B)/servers/driver/serial,$(B)/servers/driver/serial wait=no,$(subst $(eval) ,$(comma),$(strip $(RUN_MODULES))))$(if $(PROGRAMS),$(comma)$(subst $(comma) ,$(comma),$(strip $(PROGRAMS))))
# Every module's symbols: each program is linked at an address of its own.
SYMBOL_FILES = $(RUN_MODULES) $(foreach p,$(subst $(comma), ,$(subst $(eval) ,+,$(PROGRAMS))),$(firstword $(subst +, ,$(p))))

run: $(B)/kernel.elf $(SYMBOL_FILES)
	@$(DEPS) qemu-system-x86
	$(QEMU) $(QEMU_ARGS) $(RUN_QEMU_ARGS) -kernel $(B)/kernel.elf -append "$(strip $(RUN_ARGS) $(KDB_RUN_ARGS))" \
		-initrd "$(MODULE_LIST)" || [ $$? -eq 1 ]

# build/gdbinit: the kernel's symbols and every module's (test/harness/gdbinit.t).
gdbinit: $(B)/kernel.elf $(SYMBOL_FILES)
	@{ printf 'file %s\n' $(B)/kernel.elf; \
	   for f in $(SYMBOL_FILES); do printf 'add-symbol-file %s\n' "$$f"; done; \
	   printf 'target remote localhost:1234\nbreak kmain\n'; } > $(B)/gdbinit
debug: gdbinit
	@$(DEPS) qemu-system-x86 gdb
	@echo "QEMU waits for gdb: in another terminal run  gdb -x $(B)/gdbinit"
	$(QEMU) $(QEMU_ARGS) -s -S -kernel $(B)/kernel.elf -append "$(strip $(RUN_ARGS) $(KDB_RUN_ARGS))" \
		-initrd "$(MODULE_LIST)" || true

# ---- ISO images and Bochs ------------------------------------------------

# $(B)/NAME.iso: a GRUB rescue image (BIOS) of the kernel and the boot
# modules, with the kernel command line ISO_CMDLINE_NAME.
$(B)/%.iso: $(B)/kernel.elf $(BOOT_MODULES) tools/mkiso.sh
	@$(DEPS) grub-pc-bin grub-common xorriso mtools
	@mkdir -p $(dir $@)
	tools/mkiso.sh $@ "$(ISO_CMDLINE_$*)" $(B)/kernel.elf $(BOOT_MODULES)

# The ATA driver's Bochs test (test/boot/disk_bochs.t): the driver as a
# module too.
$(B)/l4-disk.iso: $(B)/kernel.elf $(BOOT_MODULES) $(B)/servers/driver/ata $(SUITE) tools/mkiso.sh
	@$(DEPS) grub-pc-bin grub-common xorriso mtools
	tools/mkiso.sh $@ "" $(B)/kernel.elf $(B)/sigma0/sigma0 $(B)/servers/root/root \
		"$(B)/servers/driver/ata wait=no" "$(SUITE_MODULE)"
# The test suite's (user_ipc_threads_bochs.t): the drivers do not end.
$(B)/l4-suite.iso: $(B)/kernel.elf $(BOOT_MODULES) $(SUITE) tools/mkiso.sh
	@$(DEPS) grub-pc-bin grub-common xorriso mtools
	tools/mkiso.sh $@ "" $(B)/kernel.elf $(B)/sigma0/sigma0 $(B)/servers/root/root \
		"$(B)/servers/driver/serial wait=no" $(B)/servers/hello/hello "$(SUITE_MODULE)"

ISO_CMDLINE_l4       := root=pingpong
ISO_CMDLINE_l4-test  := test=all

iso: $(B)/l4.iso

# Serial output on this terminal; ends when the kernel shuts Bochs down.
run-bochs: $(B)/l4.iso
	@$(DEPS) bochs bochsbios vgabios bochs-term bsdutils
	tools/bochs.sh $(B)/l4.iso

# ---- tests ---------------------------------------------------------------

# The same kernel without the IPC fast path: the IPC tests run on both.
$(B)/nofp/kernel.elf: FORCE
	@$(MAKE) --no-print-directory B=$(B)/nofp FASTPATH=0 $(B)/nofp/kernel.elf

# The minimal kernel, without the debugger (test/boot/kdb_off.t).
$(B)/nokdb/kernel.elf: FORCE
	@$(MAKE) --no-print-directory B=$(B)/nokdb KDB=0 $(B)/nokdb/kernel.elf

# One prove run: the host unit tests are executables, the .t files Perl
# (test/lib/BootTest.pm). Logs: build/test/logs/. PROVE_FLAGS=-v shows all.
BOOT_TESTS    = $(sort $(wildcard test/boot/*.t))
HARNESS_TESTS = $(sort $(wildcard test/harness/*.t))
BENCH_TESTS   = $(sort $(wildcard test/bench/*.t))
TEST_DEPS     := qemu-system-x86 bochs bochsbios vgabios bochs-term perl bsdutils

check: $(B)/kernel.elf $(B)/nofp/kernel.elf $(B)/nokdb/kernel.elf $(BOOT_MODULES) $(TEST_MODULES) $(HOST_TESTS) $(B)/l4-test.iso $(B)/l4.iso $(B)/l4-suite.iso \
       $(B)/l4-disk.iso $(B)/l4-hostile.iso $(B)/l4-longipc.iso $(B)/l4-x2.iso \
       $(BENCH_SMOKE_IMAGE) sdk
	@$(DEPS) $(TEST_DEPS)
	prove $(PROVE_FLAGS) $(HOST_TESTS) $(BENCH_TESTS) $(BOOT_TESTS) $(HARNESS_TESTS)

check-host: $(HOST_TESTS)
	@$(DEPS) perl
	prove $(PROVE_FLAGS) $(HOST_TESTS) $(BENCH_TESTS) test/harness/host_tests.t

check-boot: $(B)/kernel.elf $(BOOT_MODULES) $(TEST_MODULES) $(B)/l4-test.iso $(B)/l4.iso $(B)/l4-suite.iso $(B)/l4-disk.iso \
            $(B)/l4-hostile.iso $(B)/l4-longipc.iso $(B)/l4-x2.iso \
            $(BENCH_SMOKE_IMAGE) sdk
	@$(DEPS) $(TEST_DEPS)
	prove $(PROVE_FLAGS) $(BOOT_TESTS) $(HARNESS_TESTS)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
