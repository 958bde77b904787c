/*
 * lackey_host.c - a tiny host program for tests/cli's valgrind run:
 * some loads, stores and read-modify-writes, one of them across a page
 * boundary, so the lackey import has every kind of line to count.
 */
#include <stdint.h>
#include <string.h>

static unsigned char buf[3 * 4096] __attribute__((aligned(4096)));

int main(void)
{
	volatile uint64_t *cross = (volatile uint64_t *)(void *)(buf + 4092);
	unsigned sum = 0;

	for (int i = 0; i < 3 * 4096; i += 64)
		buf[i] = (unsigned char)i;
	for (int i = 0; i < 3 * 4096; i += 64)
		sum += buf[i];
	*cross += sum;		/* a modify of 8 bytes across a page */
	return (int)(*cross & 0);
}
