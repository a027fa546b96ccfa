# SPDX-License-Identifier: MIT
# test/hostile: the hostile-task suite (hostile.h), a root task booted with
# sigma0 in place of servers/root (test/boot/hostile.t; hostile_bochs.t in
# Bochs from build/l4-hostile.iso). Every .c file of the folder is a part
# of it; it links the test programs' helpers (test/common: util.o, spaces.o).
HOSTILE_OBJS  := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard test/hostile/*.c)))
HOSTILE_SUITE := $(B)/test/hostile/hostile

$(HOSTILE_OBJS): $(B)/test/hostile/%.o: test/hostile/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@

$(HOSTILE_SUITE): $(HOSTILE_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
                  $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(HOSTILE_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o $(LIBL4_A) -lgcc

TEST_MODULES += $(HOSTILE_SUITE)

$(B)/l4-hostile.iso: $(B)/kernel.elf $(B)/sigma0/sigma0 $(HOSTILE_SUITE) tools/mkiso.sh
	@$(DEPS) grub-pc-bin grub-common xorriso mtools
	tools/mkiso.sh $@ "" $(B)/kernel.elf $(B)/sigma0/sigma0 $(HOSTILE_SUITE)
include test/hostile/fuzz.mk
