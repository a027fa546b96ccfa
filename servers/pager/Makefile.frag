# SPDX-License-Identifier: MIT
# servers/pager: the pagers (demand-zero, copy-on-write, paging with a
# backing store, hierarchies) on the pager library (libl4/src/pager), and
# the pager suite: a root task that runs them against client spaces,
# booted with sigma0 in place of servers/root (test/boot/pagers.t). It
# links the test programs' helpers (test/common: util.o, spaces.o).
#   PAGER_OBJS   the pagers, for other images (the benchmark links them)
#   PAGER_SUITE  the suite's image
PAGER_NAMES       := pool demand_zero cow paging mem_store disk_store
PAGER_SUITE_NAMES := main client tests tests_anon tests_cow tests_paging tests_hierarchy
PAGER_OBJS        := $(addprefix $(B)/servers/pager/, $(addsuffix .o, $(PAGER_NAMES)))
PAGER_SUITE_OBJS  := $(addprefix $(B)/servers/pager/, $(addsuffix .o, $(PAGER_SUITE_NAMES)))
PAGER_SUITE       := $(B)/servers/pager/pagers

$(PAGER_OBJS) $(PAGER_SUITE_OBJS): $(B)/servers/pager/%.o: servers/pager/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@
# The disk store speaks the ATA driver's block protocol.
$(B)/servers/pager/disk_store.o: USER_CFLAGS += -Iservers/driver

# Where the root task would be: the kernel copies it there (X.2 §7.8).
$(PAGER_SUITE): $(PAGER_SUITE_OBJS) $(PAGER_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
                $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(PAGER_SUITE_OBJS) $(PAGER_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
		$(LIBL4_A) -lgcc

TEST_MODULES += $(PAGER_SUITE)

# The tutorial docs/writing-a-pager.md: its C blocks, cut out in order,
# are a root task (test/boot/tutorial.t boots it), so the page cannot rot.
TUTORIAL := $(B)/docs/tutorial
$(B)/docs/tutorial.c: docs/writing-a-pager.md tools/extract-c.sh
	@mkdir -p $(dir $@)
	tools/extract-c.sh $< > $@
$(B)/docs/tutorial.o: $(B)/docs/tutorial.c $(B)/.deps-build $(B)/.flags
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(TUTORIAL): $(B)/docs/tutorial.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(B)/docs/tutorial.o $(LIBL4_A) -lgcc

TEST_MODULES += $(TUTORIAL)
