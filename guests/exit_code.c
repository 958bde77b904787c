/*
 * exit_code - exits with the status given as its argument (0..255), so a
 * test can see that the guest's exit(2) status reaches the emulator's own
 * exit status unchanged. Built -nostdlib: main's return value goes to the
 * raw exit system call in lib/start.S.
 */
#include "lib/nolibc.h"

int main(int argc, char **argv)
{
	unsigned long status;

	if (argc != 2 || parse_ulong(argv[1], 255, &status))
		usage("exit_code STATUS (0..255)");
	put_str("exit_code: exiting with ");
	put_udec(status);
	put_str("\n");
	return (int)status;
}
