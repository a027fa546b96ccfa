# kernel: generic L4 semantics.
KERNEL_GENERIC_OBJS := $(addprefix $(B)/kernel/, main.o kprintf.o format.o \
                         string.o memmap.o frame.o kmem.o bootinfo.o clock.o \
                         ksyms.o ktest.o)
