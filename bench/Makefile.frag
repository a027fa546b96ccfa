# SPDX-License-Identifier: MIT
# bench: the L4-side benchmark (docs/benchmarks.md). A root task,
# bench/l4bench, booted with sigma0 in place of servers/root; it links the
# root task's helpers (util.o, spaces.o). Two images from the same sources:
#   $(BENCH_IMAGE)        full loops, for make bench (QEMU icount)
#   $(BENCH_SMOKE_IMAGE)  4 operations a loop, for the smoke test in check
BENCH_NAMES       := main measure syscalls ipc memory irq
BENCH_OBJS        := $(addprefix $(B)/bench/obj/, $(addsuffix .o, $(BENCH_NAMES)))
BENCH_SMOKE_OBJS  := $(addprefix $(B)/bench/obj-smoke/, $(addsuffix .o, $(BENCH_NAMES)))
BENCH_ROOT_OBJS   := $(B)/servers/root/util.o $(B)/servers/root/spaces.o
BENCH_IMAGE       := $(B)/bench/l4bench
BENCH_SMOKE_IMAGE := $(B)/bench/l4bench-smoke
# Where the root task would be: the kernel copies it there (X.2 §7.8).
BENCH_USER_BASE   := 0x00C00000

$(BENCH_OBJS): $(B)/bench/obj/%.o: bench/l4bench/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Iservers/root -c $< -o $@
$(BENCH_SMOKE_OBJS): $(B)/bench/obj-smoke/%.o: bench/l4bench/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Iservers/root -DBENCH_SMOKE=1 -c $< -o $@

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
BENCH_QEMU     = timeout $(BENCH_TIMEOUT) $(QEMU) $(QEMU_ARGS) -icount shift=0,sleep=off

# $(call bench_boot,KERNEL,LOG): one boot; fails unless the guest said
# success (isa-debug-exit status 1).
bench_boot = $(BENCH_QEMU) -kernel $(1) -initrd "$(B)/sigma0/sigma0,$(BENCH_IMAGE)" \
	< /dev/null > $(2) 2>&1; st=$$?; [ $$st -eq 1 ] || \
	{ tail -n 30 $(2); echo "bench: $(2): QEMU status $$st, not 1 (success)"; exit 1; }

bench: $(B)/kernel.elf $(B)/nofp/kernel.elf $(B)/sigma0/sigma0 $(BENCH_IMAGE)
	@$(DEPS) qemu-system-x86 gnuplot-nox perl coreutils git
	@mkdir -p $(B)/bench $(BENCH_RESULTS)
	$(call bench_boot,$(B)/kernel.elf,$(B)/bench/fastpath.log)
	$(call bench_boot,$(B)/kernel.elf,$(B)/bench/fastpath-2.log)
	$(call bench_boot,$(B)/nofp/kernel.elf,$(B)/bench/nofastpath.log)
	bench/report.pl --log $(B)/bench/fastpath.log --repeat $(B)/bench/fastpath-2.log \
		--nofp $(B)/bench/nofastpath.log --linux $(BENCH_RESULTS)/linux.json \
		--commit "$$(git describe --always --dirty)" \
		--qemu "$$($(QEMU) --version | head -n 1)" \
		--chart $(B)/bench --out $(BENCH_RESULTS)/latest
	@echo "bench: $(BENCH_RESULTS)/latest.json, latest.md, latest.svg"
