# SPDX-License-Identifier: MIT
# test/loader: the program the loader's boot tests start under several
# names (test/boot/loader.t, names.t): one ELF file, copied once per name,
# since the loader reports a program by its file's name.
LOADER_TEST_NAMES := exiter crasher faulter silent bigbss server names
LOADER_TEST_PROGS := $(addprefix $(B)/test/loader/, $(LOADER_TEST_NAMES))

$(B)/test/loader/prog.o: test/loader/prog.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/test/loader/prog: $(B)/test/loader/prog.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_test_loader) -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc
$(LOADER_TEST_PROGS): $(B)/test/loader/prog
	cp $< $@

TEST_MODULES += $(LOADER_TEST_PROGS)
