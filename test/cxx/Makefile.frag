# SPDX-License-Identifier: MIT
# test/cxx: a root task in C++ (main.cc), booted with sigma0 in place of
# servers/root (test/boot/cxx.t): libl4's headers as C++, linked against
# libl4.a like a C program.
CXX_SUITE := $(B)/test/cxx/cxx

$(B)/test/cxx/main.o: test/cxx/main.cc $(B)/.deps-cxx $(B)/.flags
	@mkdir -p $(dir $@)
	$(USER_CXX) $(USER_CXXFLAGS) -c $< -o $@

$(CXX_SUITE): $(B)/test/cxx/main.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=0x00C00000 -o $@ $(LIBL4_CRT0) $< $(LIBL4_A) -lgcc

TEST_MODULES += $(CXX_SUITE)
