/*
 * hello_nostdlib - "hello, world" with no C library: our own _start
 * (lib/start.S), one write(2) and exit(2), both raw int $0x80. The
 * smallest program an emulator can run: an ELF loader, a stack with argv,
 * two system calls and a handful of code and stack pages.
 */
#include "lib/nolibc.h"

int main(void)
{
	put_str("hello, world\n");
	return 0;
}
