# servers/root: the root task (the loader, the name service, and make
# run's ping-pong table), and the programs it loads (servers/hello, the
# drivers). The test suite is a program of its own: test/suite.
ROOT_OBJS   := $(addprefix $(B)/servers/root/, main.o loader.o config.o memory.o names.o elf.o \
                 bootinfo.o pingpong.o bench_measure.o bench_ipc.o) $(TEST_COMMON_OBJS)
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
# The test suite runs in our space (privileged=yes), below our image
# (0x00C00000) and inside the 16 MiB of the small spaces its children run
# its code in.
BASE_suite       := 0x00400000
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
