# kernel: generic L4 semantics.
KERNEL_GENERIC_OBJS := $(addprefix $(B)/kernel/, main.o kprintf.o format.o \
                         string.o memmap.o frame.o kmem.o bootinfo.o clock.o \
                         ksyms.o ktest.o \
                         thread.o space.o sched.o ipc.o string_ipc.o xfer.o ctrlxfer.o threadctl.o \
                         exregs.o schedule.o spacectl.o kdb.o kip.o elf.o \
                         boot_servers.o generic_bootinfo.o slab.o mapdb.o mapdb_range.o mapdb_page.o mapitem.o unmap.o \
                         fault_reply.o \
                         interrupt.o iofpage.o procctl.o memctl.o migrate.o quantum.o propagate.o redirect.o)

# The kernel debugger's commands (docs/debugging.md); KDB=0 leaves them out.
KDB_OBJS := $(addprefix $(B)/kernel/, kdb_main.o kdb_threads.o kdb_spaces.o \
              kdb_system.o kdb_trace.o) \
            $(addprefix $(B)/arch/ia32/, kdb_arch.o sysenter_trace.o)
