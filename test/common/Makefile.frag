# SPDX-License-Identifier: MIT
# test/common: what the test and benchmark programs that create threads
# and spaces of their own share (privileged tasks: the test suite, the
# pager and resource suites, the hostile tasks, the benchmark, and the
# root task's ping-pong table): a test table type and TAP expectations
# (util.h), a pager for children that run the program's own image
# (spaces.h), small spaces (small.h), and agents (agent.h). Threads and
# spaces themselves come from libl4 (l4/process.h). A program includes
# them with -Itest/common and links $(TEST_COMMON_OBJS).
TEST_COMMON_NAMES := util spaces small agent agent_faults
TEST_COMMON_OBJS  := $(addprefix $(B)/test/common/, $(addsuffix .o, $(TEST_COMMON_NAMES)))

$(TEST_COMMON_OBJS): $(B)/test/common/%.o: test/common/%.c $(B)/.deps-build $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itest/common -c $< -o $@
