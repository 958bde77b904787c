/*
 * hello - "hello, world" through glibc. Small as it is, glibc's static
 * startup exercises much of the emulator: the auxiliary vector (AT_PHDR,
 * AT_RANDOM...), set_thread_area for TLS, brk for the TLS block, stdio's
 * buffer, write(2) and exit_group(2).
 */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
