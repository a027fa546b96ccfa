# SPDX-License-Identifier: MIT
# docs/writing-a-server.md: its C blocks, cut out in order, are one
# program (test/boot/server_tutorial.t boots it as server and client), so
# the page cannot rot. (The pager tutorial's rules: servers/pager.)
SERVER_TUTORIAL := $(B)/docs/upcase
$(B)/docs/upcase.c: docs/writing-a-server.md tools/extract-c.sh
	@mkdir -p $(dir $@)
	tools/extract-c.sh $< > $@
$(B)/docs/upcase.o: $(B)/docs/upcase.c $(B)/.deps-build $(B)/.flags
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(SERVER_TUTORIAL): $(B)/docs/upcase.o $(LIBL4_CRT0) $(LIBL4_A) $(USER_LDSCRIPT)
	$(CC) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(BASE_server_tutorial) -o $@ $(LIBL4_CRT0) \
		$< $(LIBL4_A) -lgcc

TEST_MODULES += $(SERVER_TUTORIAL)
