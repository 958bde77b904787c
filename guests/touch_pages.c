/*
 * touch_pages - maps N fresh anonymous pages and writes one byte to each.
 * Every write lands on a page never touched before, so each is exactly
 * one demand-zero fault: a test can check that the emulator counted at
 * least N page faults and not many more. Built -nostdlib so nothing but
 * this loop, the code and the stack takes faults.
 */
#include "lib/nolibc.h"

#define MAX_PAGES	65536ul		/* 256 MiB */

int main(int argc, char **argv)
{
	unsigned long n, i, sum = 0;
	volatile unsigned char *p;
	long addr;

	if (argc != 2 || parse_ulong(argv[1], MAX_PAGES, &n) || n == 0)
		usage("touch_pages PAGES (1..65536)");
	addr = sys_mmap2(0, n * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (SYS_IS_ERR(addr)) {
		put_str("touch_pages: mmap2 failed\n");
		return 1;
	}
	p = (volatile unsigned char *)addr;
	for (i = 0; i < n; i++)
		p[i * PAGE_SIZE] = (unsigned char)(i | 1);
	for (i = 0; i < n; i++)
		sum += p[i * PAGE_SIZE] == (unsigned char)(i | 1);
	if (sys_munmap((void *)addr, n * PAGE_SIZE)) {
		put_str("touch_pages: munmap failed\n");
		return 1;
	}
	put_str("touch_pages: ");
	put_udec(sum);
	put_str(" pages touched\n");
	return sum == n ? 0 : 1;
}
