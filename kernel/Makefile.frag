# kernel: generic L4 semantics.
KERNEL_GENERIC_OBJS := $(addprefix $(B)/kernel/, main.o kprintf.o format.o \
                         string.o memmap.o frame.o kmem.o bootinfo.o clock.o \
                         ksyms.o ktest.o \
                         thread.o space.o sched.o ipc.o fastpath.o threadctl.o \
                         exregs.o schedule.o spacectl.o kdb.o kip.o elf.o \
                         boot_servers.o slab.o mapdb.o mapitem.o unmap.o \
                         interrupt.o iofpage.o)

# The fast path never returns to its caller (sysenter.asm), which keeps
# nothing in registers: it needs no frame pointer and no callee-saved
# registers, and the registers this frees save spills on the hot path.
# Cheap branches and generic tuning keep its checks plain compare-and-jump
# (no setcc chains, no padding between jumps).
$(B)/kernel/fastpath.o: KCFLAGS += -fomit-frame-pointer -fcall-used-ebx \
                                   -fcall-used-esi -fcall-used-edi \
                                   -mbranch-cost=0 -mtune=generic
$(B)/kernel/fastpath.o: kernel/Makefile.frag
