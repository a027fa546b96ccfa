# SPDX-License-Identifier: MIT
# test/suite: the test suite, a program the root task's loader starts
# with privileged=yes (test/suite/main.c). The disk tests run the paging
# pager on the ATA driver (servers/pager's objects).
SUITE_NAMES := main tests_ipc tests_spaces tests_fastpath tests_thread_switch tests_threads tests_pipe \
               tests_small tests_irq tests_ctl tests_migrate tests_redirect tests_quantum tests_console \
               tests_disk tests_disk_paging tests_ranges tests_unmap_page tests_fault_reply tests_fault_call \
               tests_faultpath
SUITE_OBJS  := $(addprefix $(B)/test/suite/, $(addsuffix .o, $(SUITE_NAMES)))
SUITE       := $(B)/test/suite/suite
# The line that starts it: privileged, in the root task's space; the
# loader starts nothing after it, and prints nothing, until it has ended.
SUITE_MODULE := $(SUITE) privileged=yes ready=600000

$(SUITE_OBJS): $(B)/test/suite/%.o: test/suite/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/suite -Itest/common -Ibench/l4bench -Iservers/driver \
		-Iservers/pager -c $< -o $@
$(SUITE): $(SUITE_OBJS) $(TEST_COMMON_OBJS) $(B)/servers/pager/client.o $(B)/servers/pager/pool.o \
          $(B)/servers/pager/paging.o $(B)/servers/pager/disk_store.o \
          $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_suite) -o $@ $(LIBL4_CRT0) \
		$(filter-out $(LIBL4_CRT0),$(filter %.o,$^)) $(LIBL4_A) -lgcc

TEST_MODULES += $(SUITE)
