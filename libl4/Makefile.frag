# SPDX-License-Identifier: MIT
# libl4: the X.2 convenience interface (headers in libl4/include/l4/), the
# start code and a tiny C library for user programs. Provides:
#   LIBL4_A        $(B)/libl4.a: system-call links (L4_Init), __l4_start,
#                  string.h / stdio.h / stdlib.h (malloc on a heap in
#                  bss) / assert.h functions, the kernel's formatter,
#                  the pager library (l4/pager.h, src/pager/)
#   LIBL4_CRT0     $(B)/libl4/crt0.o: _start; link it first
#   USER_LDSCRIPT  libl4/user.ld: programs at 0x00400000, page-aligned
#                  text / rodata / data+bss segments
#   USER_CFLAGS    flags to compile a user program (includes <l4/...>,
#                  <string.h>, <stdio.h>, <stdlib.h>, <assert.h>);
#                  USER_CXX, USER_CXXFLAGS in C++
#   USER_LDFLAGS   flags to link one
# A user program prog from prog.c:
#   $(B)/prog.o: prog.c ; $(CC) $(USER_CFLAGS) -c $< -o $@
#   $(B)/prog: $(B)/prog.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
#   	$(CC) $(USER_LDFLAGS) -o $@ $(LIBL4_CRT0) $(B)/prog.o $(LIBL4_A) -lgcc

include libl4/l4.mk
USER_CFLAGS   := $(L4_COMMON_CFLAGS) -MMD -MP -Ilibl4/include -Ilibl4/include/libc
# A user program in C++ (test/cxx): the same, less what is C only, and
# nothing that needs a C++ runtime (libl4 has none; no global constructors).
USER_CXX      := g++
USER_CXXFLAGS := $(filter-out -std=gnu11 -Wstrict-prototypes -Wmissing-prototypes,$(USER_CFLAGS)) \
                 -std=gnu++17 -fno-exceptions -fno-rtti -fno-use-cxa-atexit -fno-threadsafe-statics
USER_LDSCRIPT := libl4/user.ld
USER_LDFLAGS  := $(L4_COMMON_LDFLAGS) -T $(USER_LDSCRIPT)

# The library itself: no builtins, so that memset's loop stays a loop.
LIBL4_CFLAGS  := $(USER_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns

LIBL4_A       := $(B)/libl4.a
LIBL4_CRT0    := $(B)/libl4/crt0.o
LIBL4_OBJS    := $(B)/libl4/init.o $(B)/libl4/start.o \
                 $(B)/libl4/libc/string.o $(B)/libl4/libc/stdlib.o $(B)/libl4/libc/malloc.o \
                 $(B)/libl4/libc/heap.o $(B)/libl4/libc/printf.o $(B)/libl4/libc/format.o \
                 $(B)/libl4/libc/kstring.o $(B)/libl4/libc/kstring_arch.o $(B)/libl4/pipe/pipe.o $(B)/libl4/console/console.o \
                 $(B)/libl4/loader/loader.o $(B)/libl4/process/thread.o $(B)/libl4/process/space.o \
                 $(addprefix $(B)/libl4/pager/, fault.o reply.o region.o loop.o supervise.o)

$(filter-out $(B)/libl4/libc/format.o $(B)/libl4/libc/kstring.o $(B)/libl4/libc/kstring_arch.o,$(LIBL4_OBJS)): $(B)/libl4/%.o: libl4/src/%.c $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(LIBL4_CFLAGS) $(LIBL4_EXTRA_CFLAGS) -c $< -o $@

# The pipe's loops run a few times per call (one byte: once): no
# alignment padding, which the fall-through into them executes (pipe_rt).
$(B)/libl4/pipe/pipe.o: LIBL4_EXTRA_CFLAGS := -falign-loops=1 -falign-jumps=1 -falign-labels=1
# printf.c uses the kernel's formatter (kernel/format.h), compiled a second
# time with the user flags.
$(B)/libl4/libc/printf.o: LIBL4_EXTRA_CFLAGS := -Ikernel
$(B)/libl4/libc/format.o: kernel/format.c $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(LIBL4_CFLAGS) -c $< -o $@

$(B)/libl4/libc/kstring.o: kernel/string.c $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(LIBL4_CFLAGS) -c $< -o $@
$(B)/libl4/libc/kstring_arch.o: arch/ia32/string.c arch/ia32/x86.h $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(LIBL4_CFLAGS) -c $< -o $@

$(LIBL4_CRT0): libl4/src/crt0.asm $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -g $< -o $@

$(LIBL4_A): $(LIBL4_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

libl4: $(LIBL4_A) $(LIBL4_CRT0)
.PHONY: libl4 sdk install

# The SDK: what a program outside the tree builds and boots with
# (libl4/l4.mk, template/): headers, the library, the start code, the
# link script, and the kernel with the modules every system boots.
# make sdk puts it in $(B)/sdk; make install PREFIX=DIR copies it there.
SDK_BOOT := $(B)/kernel.elf $(B)/sigma0/sigma0 $(B)/servers/root/root $(B)/servers/driver/serial
sdk: $(LIBL4_A) $(LIBL4_CRT0) $(SDK_BOOT) libl4/l4.mk
	@rm -rf $(B)/sdk.new && mkdir -p $(B)/sdk.new/lib $(B)/sdk.new/boot
	@cp -r libl4/include $(B)/sdk.new/include
	@cp $(LIBL4_A) $(LIBL4_CRT0) $(USER_LDSCRIPT) $(B)/sdk.new/lib/
	@cp $(SDK_BOOT) $(B)/sdk.new/boot/
	@cp libl4/l4.mk $(B)/sdk.new/l4.mk
	@rm -rf $(B)/sdk && mv $(B)/sdk.new $(B)/sdk
	@echo "sdk: $(B)/sdk (include $(B)/sdk/l4.mk with L4_SDK set to it)"
install: sdk
	@test -n "$(PREFIX)" || { echo "install: say where: make install PREFIX=DIR"; exit 2; }
	mkdir -p $(PREFIX)
	cp -r $(B)/sdk/. $(PREFIX)/
