/*
 * stride - walks P pages one byte per page, for a number of passes, then
 * prints a checksum of the bytes. Every access is to a different page, so
 * each is one dTLB lookup: with P = 32 a 64-entry dTLB holds the whole set
 * and almost every access hits, while a 16-entry LRU dTLB has always just
 * evicted the page it needs next and almost every access misses. Built
 * -nostdlib so the walk is nearly the only data traffic.
 */
#include "lib/nolibc.h"

#define MAX_PAGES	65536ul		/* 256 MiB */
#define MAX_PASSES	1000000ul

int main(int argc, char **argv)
{
	unsigned long pages, passes, pass, i, sum = 0;
	volatile unsigned char *p;
	long addr;

	if (argc != 3 || parse_ulong(argv[1], MAX_PAGES, &pages) ||
	    parse_ulong(argv[2], MAX_PASSES, &passes) || pages == 0)
		usage("stride PAGES PASSES (1..65536, 0..1000000)");
	addr = sys_mmap2(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (SYS_IS_ERR(addr)) {
		put_str("stride: mmap2 failed\n");
		return 1;
	}
	p = (volatile unsigned char *)addr;
	for (pass = 0; pass < passes; pass++)
		for (i = 0; i < pages; i++) {
			unsigned char b = p[i * PAGE_SIZE];

			p[i * PAGE_SIZE] = (unsigned char)(b + i + pass);
		}
	for (i = 0; i < pages; i++)
		sum = sum * 31 + p[i * PAGE_SIZE];
	sys_munmap((void *)addr, pages * PAGE_SIZE);
	put_str("stride: ");
	put_udec(pages);
	put_str(" pages, ");
	put_udec(passes);
	put_str(" passes, checksum ");
	put_hex(sum);
	put_str("\n");
	return 0;
}
