// SPDX-License-Identifier: MIT
/*
 * probe32.c: built like the host tests (-m32) and run once by
 * tools/host-runner.sh to learn whether this host executes 32-bit
 * programs itself or needs qemu-i386. It exits 42, a status that neither
 * a failed exec (126, 127) nor a shell reading the ELF file as a script
 * (2) gives.
 */
int main(void)
{
	return 42;
}
