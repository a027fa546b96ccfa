# test: host unit tests (built for the host, TAP on stdout), boot tests
# (test/boot/*.t, Perl scripts around test/lib/BootTest.pm), and the
# harness's own tests (test/harness/*.t).
HOST_TEST_NAMES := format memmap frame bootinfo \
                   libl4_types libl4_message libl4_kip libl4_ia32 \
                   pager_region libl4_cxx98 libl4_cxx17 \
                   libl4_names libl4_names_cxx98 libl4_names_cxx17 malloc libc \
                   libl4_bootinfo loader_config generic_bootinfo
# What prove runs: a small script per test (tools/host-test.sh) that runs
# the 32-bit binary NAME.elf beside it, directly or under qemu-i386 on a
# host whose Linux cannot execute 32-bit programs (tools/host-runner.sh
# tries one, test/host/probe32.c, on every make check).
HOST_TESTS := $(addprefix $(B)/test/host/, $(HOST_TEST_NAMES))
HOST_TEST_ELFS := $(addsuffix .elf, $(HOST_TESTS))

$(B)/test/host/format.elf: test/host/format.c kernel/format.c test/host/tap.h
$(B)/test/host/memmap.elf: test/host/memmap.c kernel/memmap.c test/host/tap.h
$(B)/test/host/frame.elf: test/host/frame.c kernel/frame.c test/host/tap.h
$(B)/test/host/bootinfo.elf: test/host/bootinfo.c kernel/bootinfo.c kernel/memmap.c test/host/tap.h
$(B)/test/host/generic_bootinfo.elf: test/host/generic_bootinfo.c kernel/generic_bootinfo.c test/host/tap.h \
                                     libl4/include/l4/bootinfo.h
LIBL4_TEST_HEADERS := $(wildcard libl4/include/l4/*.h libl4/include/l4/ia32/*.h)
$(B)/test/host/libl4_types.elf: test/host/libl4_types.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_message.elf: test/host/libl4_message.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_kip.elf: test/host/libl4_kip.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_ia32.elf: test/host/libl4_ia32.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_bootinfo.elf: test/host/libl4_bootinfo.c test/host/tap.h $(LIBL4_TEST_HEADERS)
# It includes the allocator's source, to rename it and to see its state.
$(B)/test/host/malloc.elf: test/host/malloc.c libl4/src/libc/malloc.c test/host/tap.h $(B)/.deps-build
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $<
$(B)/test/host/libc.elf: test/host/libc.c libl4/src/libc/stdlib.c libl4/src/libc/string.c \
                         test/host/tap.h $(B)/.deps-build
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $<
$(B)/test/host/pager_region.elf: test/host/pager_region.c libl4/src/pager/region.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/loader_config.elf: test/host/loader_config.c servers/root/config.c test/host/tap.h
$(B)/test/host/loader_config.elf: HOSTCFLAGS += -Iservers/root
# Every libl4 header as C++ in two dialects, with C names for C functions.
HOSTCXXFLAGS := -m32 -O1 -g -ffreestanding -fno-exceptions -fno-rtti -Wall -Wextra -Werror \
                -Ilibl4/include
$(B)/test/host/libl4_cxx98.elf $(B)/test/host/libl4_cxx17.elf: \
$(B)/test/host/libl4_cxx%.elf: test/host/libl4_cxx.cc test/host/tap.h $(LIBL4_TEST_HEADERS) \
                               $(B)/.deps-cxx
	@mkdir -p $(dir $@)
	$(HOSTCXX) $(HOSTCXXFLAGS) -std=$(if $(filter 98,$*),gnu++98,c++$*) -o $@ $<

# The manual's interface (test/host/x2_interface.txt) against libl4: a
# program that uses every entry, in C and in C++, must compile.
X2_NAMES := test/host/x2_interface.txt tools/gen-x2-names.pl
$(B)/test/host/x2_names.c: $(X2_NAMES)
	@mkdir -p $(dir $@)
	tools/gen-x2-names.pl c $< > $@.new && mv $@.new $@
$(B)/test/host/x2_names.cc: $(X2_NAMES)
	@mkdir -p $(dir $@)
	tools/gen-x2-names.pl c++ $< > $@.new && mv $@.new $@
$(B)/test/host/libl4_names.elf: $(B)/test/host/x2_names.c $(LIBL4_TEST_HEADERS) $(B)/.deps-build
	$(HOSTCC) $(HOSTCFLAGS) -Wstrict-prototypes -Wmissing-prototypes -o $@ $<
$(B)/test/host/libl4_names_cxx98.elf $(B)/test/host/libl4_names_cxx17.elf: \
$(B)/test/host/libl4_names_cxx%.elf: $(B)/test/host/x2_names.cc $(LIBL4_TEST_HEADERS) $(B)/.deps-cxx
	$(HOSTCXX) $(HOSTCXXFLAGS) -std=$(if $(filter 98,$*),gnu++98,c++$*) -o $@ $<

# (Pattern rules: other fragments add host tests of their own.)
$(B)/test/host/%.elf: test/host/%.c $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(filter %.c,$^)

# The runner, decided anew on every run (the build folder may have moved
# to another host); rewritten only when it changes.
HOST_RUNNER := $(B)/test/host/runner
$(HOST_RUNNER): $(B)/test/host/probe32.elf tools/host-runner.sh FORCE
	@tools/host-runner.sh $< > $@.new || { rm -f $@.new; exit 1; }
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

$(B)/test/host/%: $(B)/test/host/%.elf $(HOST_RUNNER) tools/host-test.sh
	@sed -e "s|@RUNNER@|'$$(cat $(HOST_RUNNER))'|" tools/host-test.sh > $@.new
	@chmod +x $@.new && mv $@.new $@
