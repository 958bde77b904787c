/*
 * kernel_read - reads the first byte of the kernel half, 0xC0000000. On
 * i386 Linux the kernel's page-directory entries are supervisor-only, so
 * a user-mode read there is a protection fault and the process dies of
 * SIGSEGV (exit status 139 through a shell). Built -nostdlib so the line
 * below is written before the fatal access.
 */
#include "lib/nolibc.h"

#define KERNEL_START	0xC0000000u

int main(void)
{
	volatile unsigned char *p = (volatile unsigned char *)KERNEL_START;
	unsigned char c;

	put_str("kernel_read: reading ");
	put_hex(KERNEL_START);
	put_str(", expecting SIGSEGV\n");
	c = *p;
	(void)c;
	put_str("kernel_read: the read succeeded\n");
	return 1;
}
