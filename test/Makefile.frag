# test: host unit tests (built for the host, TAP on stdout), boot tests
# (test/boot/*.t, Perl scripts around test/lib/BootTest.pm), and the
# harness's own tests (test/harness/*.t).
HOST_TEST_NAMES := format memmap frame bootinfo
HOST_TESTS := $(addprefix $(B)/test/host/, $(HOST_TEST_NAMES))

$(B)/test/host/format: test/host/format.c kernel/format.c test/host/tap.h
$(B)/test/host/memmap: test/host/memmap.c kernel/memmap.c test/host/tap.h
$(B)/test/host/frame: test/host/frame.c kernel/frame.c test/host/tap.h
$(B)/test/host/bootinfo: test/host/bootinfo.c kernel/bootinfo.c kernel/memmap.c test/host/tap.h

$(HOST_TESTS): $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(filter %.c,$^)
