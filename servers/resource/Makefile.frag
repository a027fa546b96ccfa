# SPDX-License-Identifier: MIT
# servers/resource: the exokernel-style resource server (secure bindings
# of physical frames, visible revocation, the abort protocol), a library
# OS on top of it, and their suite: a root task booted with sigma0 in
# place of servers/root (test/boot/resource.t). It links the test
# programs' helpers (test/common: util.o, spaces.o).
RESOURCE_NAMES := main server privileged table libos clients tests_bind tests_revoke tests_libos tests_model tests_device
RESOURCE_OBJS  := $(addprefix $(B)/servers/resource/, $(addsuffix .o, $(RESOURCE_NAMES)))
RESOURCE_SUITE := $(B)/servers/resource/resource

$(RESOURCE_OBJS): $(B)/servers/resource/%.o: servers/resource/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@

# Where the root task would be: the kernel copies it there (X.2 §7.8).
$(RESOURCE_SUITE): $(RESOURCE_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
                   $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(RESOURCE_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
		$(LIBL4_A) -lgcc

TEST_MODULES += $(RESOURCE_SUITE)

# The bookkeeping is pure logic: a host test (included after test/'s
# fragment, which sets HOST_TESTS and builds NAME.elf and its runner
# script NAME).
HOST_TESTS += $(B)/test/host/resource_table
HOST_TEST_ELFS += $(B)/test/host/resource_table.elf
$(B)/test/host/resource_table.elf: test/host/resource_table.c servers/resource/table.c test/host/tap.h
