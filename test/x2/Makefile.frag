# SPDX-License-Identifier: MIT
# test/x2: the X.2 conformance suite (test/x2/README.md), a root task
# booted with sigma0 in place of servers/root (test/boot/x2.t; with the
# FASTPATH=0 kernel x2_nofastpath.t; in Bochs x2_bochs.t from
# build/l4-x2.iso). It uses libl4's public headers only.
X2_OBJS  := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard test/x2/*.c)))
X2_SUITE := $(B)/test/x2/x2

$(X2_OBJS): $(B)/test/x2/%.o: test/x2/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@

$(X2_SUITE): $(X2_OBJS) $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(X2_OBJS) $(LIBL4_A) -lgcc

TEST_MODULES += $(X2_SUITE)

$(B)/l4-x2.iso: $(B)/kernel.elf $(B)/sigma0/sigma0 $(X2_SUITE) tools/mkiso.sh
	@$(DEPS) grub-pc-bin grub-common xorriso mtools
	tools/mkiso.sh $@ "" $(B)/kernel.elf $(B)/sigma0/sigma0 $(X2_SUITE)
