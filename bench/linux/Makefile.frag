# SPDX-License-Identifier: MIT
# bench/linux: Linux side by side (docs/benchmarks.md). make bench-linux
# boots Debian's stock kernel in QEMU (TCG, -icount) with lbench as /init
# and writes bench/results/linux.json and linux.md. The kernel package is
# downloaded once into $(B)/bench-linux/ and kept there.
LBENCH_B    := $(B)/bench-linux
LBENCH_PKGS := qemu-system-x86 cpio gcc libc6-dev perl
LBENCH_RES  := bench/results

$(LBENCH_B)/.deps:
	@mkdir -p $(LBENCH_B)
	@$(DEPS) $(LBENCH_PKGS)
	@touch $@

$(LBENCH_B)/vmlinuz: bench/linux/fetch-kernel.sh $(LBENCH_B)/.deps
	bench/linux/fetch-kernel.sh $(LBENCH_B)

# A 64-bit static program: the initramfs holds nothing else.
$(LBENCH_B)/initramfs/init: bench/linux/lbench.c $(LBENCH_B)/.deps
	@mkdir -p $(dir $@)
	gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

# Byte for byte the same archive from the same program (fixed date, no
# inode numbers): the kernel's early state, and with it a few figures, depend
# on the bytes it unpacks.
$(LBENCH_B)/initramfs.cpio: $(LBENCH_B)/initramfs/init
	touch -d '2020-01-01 00:00:00 UTC' $<
	cd $(LBENCH_B)/initramfs && echo init | \
		cpio -o -H newc -R 0:0 --reproducible --quiet > ../initramfs.cpio

bench-linux: $(LBENCH_B)/vmlinuz $(LBENCH_B)/initramfs.cpio
	@$(DEPS) $(LBENCH_PKGS)
	bench/linux/run.sh $(LBENCH_B)/vmlinuz $(LBENCH_B)/initramfs.cpio $(LBENCH_B)/output.txt
	bench/linux/parse.pl $(LBENCH_B)/output.txt $(LBENCH_RES)/linux.json $(LBENCH_RES)/linux.md
	@cat $(LBENCH_RES)/linux.md

.PHONY: bench-linux
