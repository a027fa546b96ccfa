# SPDX-License-Identifier: MIT
# make fuzz SEED=S CALLS=N: a long fuzzer run (test/hostile/fuzz.h) in a
# root task of its own: the hostile suite's frame (main.c: victim, kernel
# memory) with only the fuzzer's table, its seed and number of calls built
# in, booted in QEMU. VERBOSE=1 prints every call before it is made;
# FUZZ_FLAGS=-DFUZZ_FIRST=n replays from call n, -DFUZZ_FPU=0 (and the other
# switches of fuzz.h) turns a class of calls off. FUZZ_TIMEOUT: seconds,
# then the boot is killed (a hang).
SEED         ?= 1
CALLS        ?= 100000
VERBOSE      ?= 0
FUZZ_FLAGS   ?=
FUZZ_TIMEOUT ?= 3600
FUZZ_DIR     := $(B)/test/hostile/fuzz-long
FUZZ_SRCS    := $(sort $(wildcard test/hostile/fuzz*.c))
FUZZ_LONG    := $(FUZZ_DIR)/fuzz
FUZZ_DEFS    := -DFUZZ_SEED=$(SEED)UL -DFUZZ_CALLS=$(CALLS)UL -DFUZZ_VERBOSE=$(VERBOSE) $(FUZZ_FLAGS)

# Rebuilt each time: the seed and the counts are compiled in.
$(FUZZ_LONG): $(FUZZ_SRCS) test/hostile/fuzz.h $(B)/test/hostile/main.o \
              $(B)/test/common/util.o $(B)/test/common/spaces.o $(LIBL4_CRT0) $(LIBL4_A) FORCE
	@mkdir -p $(FUZZ_DIR)
	for f in $(FUZZ_SRCS); do \
		$(CC) $(USER_CFLAGS) -Itest/common $(FUZZ_DEFS) -c $$f -o $(FUZZ_DIR)/$$(basename $$f .c).o || exit 1; \
	done
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(B)/test/hostile/main.o $(patsubst test/hostile/%.c,$(FUZZ_DIR)/%.o,$(FUZZ_SRCS)) \
		$(B)/test/common/util.o $(B)/test/common/spaces.o $(LIBL4_A) -lgcc

.PHONY: fuzz
fuzz: $(B)/kernel.elf $(B)/sigma0/sigma0 $(FUZZ_LONG)
	@$(DEPS) qemu-system-x86
	{ timeout $(FUZZ_TIMEOUT) $(QEMU) $(QEMU_ARGS) -kernel $(B)/kernel.elf -append "" \
		-initrd "$(B)/sigma0/sigma0,$(FUZZ_LONG)"; echo $$? > $(B)/fuzz.status; } | tee $(B)/fuzz.log
	@status=$$(cat $(B)/fuzz.status); [ "$$status" = 1 ] || \
		{ echo "fuzz: QEMU status $$status (1 is success, 124 a timeout)"; exit 1; }
