# test/kdb: the kernel debugger's test task (test/kdb/main.c), a root task
# booted with sigma0 in place of servers/root; test/boot/kdb.t drives kdb
# over COM1. It links the root task's helpers (util.o, spaces.o, small.o), as
# test/hostile does.
KDB_TEST_OBJS := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard test/kdb/*.c)))
KDB_TEST      := $(B)/test/kdb/kdbtest

$(KDB_TEST_OBJS): $(B)/test/kdb/%.o: test/kdb/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@

$(KDB_TEST): $(KDB_TEST_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
             $(B)/test/common/small.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) \
		$(KDB_TEST_OBJS) $(B)/test/common/util.o $(B)/test/common/spaces.o \
		$(B)/test/common/small.o $(LIBL4_A) -lgcc

TEST_MODULES += $(KDB_TEST)
