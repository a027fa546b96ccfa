# arch/ia32: everything that knows the machine.
ARCH_OBJS := $(addprefix $(B)/arch/ia32/, boot.o trapentry.o probe.o \
               gdt.o trap.o pic.o timer.o serial.o machine.o paging.o \
               multiboot.o init.o ktest_arch.o string.o \
               switch.o sysenter.o tswitch.o unmapentry.o uctx.o syscall.o cpu.o kipstubs.o fault_ipc.o smallspace.o \
               faultpath.o faultpath_switch.o \
               irq.o iobitmap.o iofault.o fpu.o kernel_ports.o copy.o ctrlxfer.o memattr.o) \
             $(B)/vectors.o
