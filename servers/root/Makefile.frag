# servers/root: the root task (module loader and the test suite), and the
# programs it loads (servers/hello).
ROOT_OBJS   := $(B)/servers/root/main.o $(B)/servers/root/tests_ipc.o \
               $(B)/servers/root/tests_spaces.o \
               $(B)/servers/root/loader.o $(B)/servers/root/elf.o \
               $(B)/servers/root/tests_fastpath.o $(B)/servers/root/tests_threads.o \
               $(B)/servers/root/bootinfo.o \
               $(B)/servers/root/pingpong.o $(B)/servers/root/bench_measure.o \
               $(B)/servers/root/bench_ipc.o $(B)/servers/root/tests_pipe.o \
               $(B)/servers/root/tests_small.o \
               $(B)/servers/root/tests_irq.o $(B)/servers/root/tests_console.o \
               $(B)/servers/root/tests_disk.o $(TEST_COMMON_OBJS) \
               $(B)/servers/root/config.o $(B)/servers/root/memory.o $(B)/servers/root/names.o
# The paging pager on the disk (tests_disk_paging.c): the pager objects
# and the pager suite's client spaces (built by servers/pager/Makefile.frag).
ROOT_OBJS   += $(B)/servers/root/tests_disk_paging.o $(B)/servers/pager/client.o \
               $(B)/servers/pager/pool.o $(B)/servers/pager/paging.o \
               $(B)/servers/pager/disk_store.o
$(B)/servers/root/tests_disk_paging.o: USER_CFLAGS += -Iservers/pager
SIGMA0_OBJS := $(B)/sigma0/main.o $(B)/sigma0/memory.o $(B)/sigma0/ports.o
# The console driver comes before the programs that print through it.
BOOT_MODULES := $(B)/sigma0/sigma0 $(B)/servers/root/root $(B)/servers/driver/serial \
                $(B)/servers/hello/hello

$(B)/sigma0/%.o $(B)/servers/root/%.o: USER_CFLAGS += -Iservers/root -Itest/common -Ikernel -Ibench/l4bench -Iservers/driver
# The kernel's ELF reader is pure logic: the loader uses it as it is.
$(B)/servers/root/elf.o: kernel/elf.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
# So is the command-line parser (root=pingpong).
$(B)/servers/root/bootinfo.o: kernel/bootinfo.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
# make run's ping-pong table runs the benchmark's own IPC series.
$(B)/servers/root/bench_%.o: bench/l4bench/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
# Programs the root task loads from boot modules. Each is linked at an
# address of its own (they run in spaces of their own, so any address
# would do), so that a debugger with every module's symbols (make debug)
# tells them apart; a new program takes the next free 4 MiB.
BASE_hello       := 0x01000000
BASE_serial      := 0x01400000
BASE_kbd         := 0x01800000
BASE_ata         := 0x01C00000
BASE_test_loader := 0x02000000
BASE_server_tutorial := 0x02400000
$(B)/servers/hello/hello.o: servers/hello/hello.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/servers/hello/hello: $(B)/servers/hello/hello.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_hello) -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc
# The same program linked where no program may lie (the KIP and UTCB
# areas): the loader must refuse it (test/boot/root_loads_modules.t).
$(B)/servers/hello/hello-high: $(B)/servers/hello/hello.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0xBF400000 -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc
# servers/driver: user-level device drivers, started as boot modules.
$(B)/servers/driver/%.o: servers/driver/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/servers/driver/serial: $(B)/servers/driver/serial.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_serial) -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc
$(B)/servers/driver/kbd: $(B)/servers/driver/kbd.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_kbd) -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc
$(B)/servers/driver/ata: $(B)/servers/driver/ata.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_ata) -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc
TEST_MODULES := $(B)/servers/hello/hello-high $(B)/servers/driver/serial $(B)/servers/driver/kbd \
                $(B)/servers/driver/ata
$(B)/sigma0/%.o: sigma0/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/servers/root/%.o: servers/root/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@

# sigma0 and the root task are copied to their link addresses by the kernel
# (X.2 §7.8), so they must not overlap each other.
$(B)/sigma0/sigma0: $(SIGMA0_OBJS) $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00800000 -o $@ $(LIBL4_CRT0) $(SIGMA0_OBJS) $(LIBL4_A) -lgcc
$(B)/servers/root/root: $(ROOT_OBJS) $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) $(ROOT_OBJS) $(LIBL4_A) -lgcc
