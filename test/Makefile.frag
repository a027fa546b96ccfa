# test: host unit tests (built for the host, TAP on stdout), boot tests
# (test/boot/*.t, Perl scripts around test/lib/BootTest.pm), and the
# harness's own tests (test/harness/*.t).
HOST_TEST_NAMES := format memmap frame bootinfo \
                   libl4_types libl4_message libl4_kip libl4_ia32 \
                   pager_region
HOST_TESTS := $(addprefix $(B)/test/host/, $(HOST_TEST_NAMES))

$(B)/test/host/format: test/host/format.c kernel/format.c test/host/tap.h
$(B)/test/host/memmap: test/host/memmap.c kernel/memmap.c test/host/tap.h
$(B)/test/host/frame: test/host/frame.c kernel/frame.c test/host/tap.h
$(B)/test/host/bootinfo: test/host/bootinfo.c kernel/bootinfo.c kernel/memmap.c test/host/tap.h
LIBL4_TEST_HEADERS := $(wildcard libl4/include/l4/*.h libl4/include/l4/ia32/*.h)
$(B)/test/host/libl4_types: test/host/libl4_types.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_message: test/host/libl4_message.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_kip: test/host/libl4_kip.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/libl4_ia32: test/host/libl4_ia32.c test/host/tap.h $(LIBL4_TEST_HEADERS)
$(B)/test/host/pager_region: test/host/pager_region.c libl4/src/pager/region.c test/host/tap.h $(LIBL4_TEST_HEADERS)

$(HOST_TESTS): $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(filter %.c,$^)
