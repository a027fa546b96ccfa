# SPDX-License-Identifier: MIT
# test/longipc: the long-IPC suite (longipc.h), a root task booted with
# sigma0 in place of servers/root (test/boot/longipc.t; longipc_bochs.t in
# Bochs from build/l4-longipc.iso). It links the root task's helpers
# (util.o, spaces.o, small.o).
LONGIPC_OBJS  := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard test/longipc/*.c)))
LONGIPC_SUITE := $(B)/test/longipc/longipc

$(LONGIPC_OBJS): $(B)/test/longipc/%.o: test/longipc/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@

$(LONGIPC_SUITE): $(LONGIPC_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
                  $(B)/test/common/small.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(LONGIPC_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
		$(B)/test/common/small.o $(LIBL4_A) -lgcc

TEST_MODULES += $(LONGIPC_SUITE)

$(B)/l4-longipc.iso: $(B)/kernel.elf $(B)/sigma0/sigma0 $(LONGIPC_SUITE) tools/mkiso.sh
	@$(DEPS) grub-pc-bin grub-common xorriso mtools
	tools/mkiso.sh $@ "" $(B)/kernel.elf $(B)/sigma0/sigma0 $(LONGIPC_SUITE)
