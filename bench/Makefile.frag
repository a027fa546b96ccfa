# SPDX-License-Identifier: MIT
# bench: the L4-side benchmark (docs/benchmarks.md). A root task,
# bench/l4bench, booted with sigma0 in place of servers/root; it links the
# helpers of test/common (util.o, spaces.o, small.o). Two images from the same sources:
#   $(BENCH_IMAGE)        full loops, for make bench (QEMU icount)
#   $(BENCH_SMOKE_IMAGE)  4 operations a loop, for the smoke test in check
BENCH_NAMES       := main measure syscalls ipc memory pipe string appel irq
BENCH_OBJS        := $(addprefix $(B)/bench/obj/, $(addsuffix .o, $(BENCH_NAMES)))
BENCH_SMOKE_OBJS  := $(addprefix $(B)/bench/obj-smoke/, $(addsuffix .o, $(BENCH_NAMES)))
BENCH_ROOT_OBJS   := $(B)/test/common/util.o $(B)/test/common/spaces.o \
                     $(B)/test/common/small.o
BENCH_IMAGE       := $(B)/bench/l4bench
BENCH_SMOKE_IMAGE := $(B)/bench/l4bench-smoke
# Where the root task would be: the kernel copies it there (X.2 §7.8).
BENCH_USER_BASE   := 0x00C00000

$(BENCH_OBJS): $(B)/bench/obj/%.o: bench/l4bench/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@
$(BENCH_SMOKE_OBJS): $(B)/bench/obj-smoke/%.o: bench/l4bench/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -DBENCH_SMOKE=1 -c $< -o $@

$(BENCH_IMAGE): $(BENCH_OBJS) $(BENCH_ROOT_OBJS) $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BENCH_USER_BASE) -o $@ $(LIBL4_CRT0) \
		$(BENCH_OBJS) $(BENCH_ROOT_OBJS) $(LIBL4_A) -lgcc
$(BENCH_SMOKE_IMAGE): $(BENCH_SMOKE_OBJS) $(BENCH_ROOT_OBJS) $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BENCH_USER_BASE) -o $@ $(LIBL4_CRT0) \
		$(BENCH_SMOKE_OBJS) $(BENCH_ROOT_OBJS) $(LIBL4_A) -lgcc

# ---- make bench ------------------------------------------------------------
# Boots the image under QEMU icount (the TSC counts guest instructions) on
# the kernel as built, a second time to check the figures repeat, and on
# the FASTPATH=0 kernel; bench/report.pl writes bench/results/latest.json,
# .md and .svg. bench/results/linux.json (make bench-linux) is included
# when present.
BENCH_RESULTS := bench/results
BENCH_TIMEOUT ?= 300
# ACCEL=kvm: on a machine where /dev/kvm works, the same images under KVM;
# the time stamp counter then counts the host's cycles, and the results go
# to bench/results/kvm.* labelled as TSC cycles. The default is icount.
ACCEL ?= icount
ifeq ($(ACCEL),kvm)
BENCH_ACCEL_ARGS := -enable-kvm -cpu host
BENCH_METHOD     := kvm-tsc
BENCH_OUT        := $(BENCH_RESULTS)/kvm
else
BENCH_ACCEL_ARGS := -icount shift=0,sleep=off
BENCH_METHOD     := qemu-icount
BENCH_OUT        := $(BENCH_RESULTS)/latest
endif
BENCH_QEMU     = timeout $(BENCH_TIMEOUT) $(QEMU) $(QEMU_ARGS) $(BENCH_ACCEL_ARGS)

# $(call bench_boot,KERNEL,LOG): one boot; fails unless the guest said
# success (isa-debug-exit status 1).
bench_boot = $(BENCH_QEMU) -kernel $(1) -initrd "$(B)/sigma0/sigma0,$(BENCH_IMAGE)" \
	< /dev/null > $(2) 2>&1; st=$$?; [ $$st -eq 1 ] || \
	{ tail -n 30 $(2); echo "bench: $(2): QEMU status $$st, not 1 (success)"; exit 1; }

bench: $(B)/kernel.elf $(B)/nofp/kernel.elf $(B)/sigma0/sigma0 $(BENCH_IMAGE)
	@$(DEPS) qemu-system-x86 gnuplot-nox perl coreutils git
	@if [ "$(ACCEL)" = kvm ] && ! [ -r /dev/kvm -a -w /dev/kvm ]; then \
		echo "bench: ACCEL=kvm needs a usable /dev/kvm (not here); plain make bench uses icount"; exit 1; fi
	@mkdir -p $(B)/bench $(BENCH_RESULTS)
	$(call bench_boot,$(B)/kernel.elf,$(B)/bench/fastpath.log)
	$(call bench_boot,$(B)/kernel.elf,$(B)/bench/fastpath-2.log)
	$(call bench_boot,$(B)/nofp/kernel.elf,$(B)/bench/nofastpath.log)
	bench/report.pl --log $(B)/bench/fastpath.log --repeat $(B)/bench/fastpath-2.log \
		--nofp $(B)/bench/nofastpath.log --linux $(BENCH_RESULTS)/linux.json \
		--commit "$$(git describe --always --dirty)" --method $(BENCH_METHOD) \
		--qemu "$$($(QEMU) --version | head -n 1)" \
		--chart $(B)/bench --out $(BENCH_OUT)
	@echo "bench: $(BENCH_OUT).json, .md, .svg"

# make bench-release NAME=2026-11-22: keeps the latest results (and the
# Linux ones beside them) under bench/results/releases/, in git, so that
# progress from release to release can be seen.
bench-release:
	@[ -n "$(NAME)" ] || { echo "bench-release: say NAME=..."; exit 1; }
	@[ -e $(BENCH_RESULTS)/latest.json ] || { echo "bench-release: run make bench first"; exit 1; }
	@mkdir -p $(BENCH_RESULTS)/releases
	cp $(BENCH_RESULTS)/latest.json $(BENCH_RESULTS)/releases/$(NAME).json
	cp $(BENCH_RESULTS)/latest.md $(BENCH_RESULTS)/releases/$(NAME).md
	cp $(BENCH_RESULTS)/latest.svg $(BENCH_RESULTS)/releases/$(NAME).svg
	@if [ -e $(BENCH_RESULTS)/linux.json ]; then cp $(BENCH_RESULTS)/linux.json $(BENCH_RESULTS)/releases/$(NAME)-linux.json; fi
	@echo "bench-release: $(BENCH_RESULTS)/releases/$(NAME).* (add them to git)"
.PHONY: bench-release
