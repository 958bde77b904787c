/*
 * mmap_ops - the mmap family on anonymous memory, one behaviour per step:
 * private and shared mappings start zeroed and keep what is written;
 * contents survive mprotect to read-only and back; munmap of a middle
 * page splits the VMA and leaves both edges readable; MAP_FIXED replaces
 * part of a mapping with fresh zero pages; a free address hint is taken
 * as given; bad arguments get Linux's errors. Last, a write to a
 * PROT_READ page must kill the process with SIGSEGV (status 139).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PG	4096u
#define HINT	((void *)0x50000000)	/* free in any i386 layout */

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("FAIL: %s\n", what);
		exit(1);
	}
}

static unsigned char *map(void *addr, size_t len, int prot, int flags)
{
	void *p = mmap(addr, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	check(p != MAP_FAILED, "mmap");
	return p;
}

/* Byte i of a region written with seed; differs from page to page. */
static unsigned char pattern(unsigned seed, size_t i)
{
	return (unsigned char)(seed + i * 7 + i / PG);
}

/* base[from..to) = the pattern, or does it hold it? */
static void fill(unsigned char *base, size_t from, size_t to, unsigned seed)
{
	size_t i;

	for (i = from; i < to; i++)
		base[i] = pattern(seed, i);
}

static int holds(const unsigned char *base, size_t from, size_t to,
		 unsigned seed)
{
	size_t i;

	for (i = from; i < to; i++)
		if (base[i] != pattern(seed, i))
			return 0;
	return 1;
}

static int zeroed(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static void private_and_shared(int flags, const char *name)
{
	unsigned char *p = map(NULL, 4 * PG, PROT_READ | PROT_WRITE, flags);

	check(zeroed(p, 4 * PG), "new anonymous pages are zero");
	fill(p, 0, 4 * PG, 1);
	check(holds(p, 0, 4 * PG, 1), "pages keep what was written");
	check(mprotect(p, 4 * PG, PROT_READ) == 0, "mprotect PROT_READ");
	check(holds(p, 0, 4 * PG, 1), "contents survive PROT_READ");
	check(mprotect(p + PG, 2 * PG, PROT_READ | PROT_WRITE) == 0,
	      "mprotect the middle back to read-write");
	fill(p, PG, 3 * PG, 2);
	check(holds(p, 0, PG, 1) && holds(p, PG, 3 * PG, 2) &&
	      holds(p, 3 * PG, 4 * PG, 1), "rewritten middle, edges kept");
	check(munmap(p, 4 * PG) == 0, "munmap");
	printf("%s anonymous: zeroed, written, kept across mprotect\n", name);
}

static void unmap_middle(void)
{
	unsigned char *p = map(NULL, 3 * PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE);
	unsigned char *q;

	fill(p, 0, 3 * PG, 3);
	check(munmap(p + PG, PG) == 0, "munmap of the middle page");
	check(holds(p, 0, PG, 3), "first page kept");
	check(holds(p, 2 * PG, 3 * PG, 3), "last page kept");
	q = map(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check(q == p + PG, "the hole is free again at its address");
	check(zeroed(q, PG), "the page mapped into the hole is zero");
	check(munmap(p, 3 * PG) == 0, "munmap of all three");
	printf("munmap of a middle page: edges kept, hole free again\n");
}

static void map_fixed(void)
{
	unsigned char *p = map(NULL, 4 * PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE);
	unsigned char *q;

	fill(p, 0, 4 * PG, 4);
	q = map(p + PG, 2 * PG, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_FIXED);
	check(q == p + PG, "MAP_FIXED maps at the address given");
	check(zeroed(q, 2 * PG), "MAP_FIXED pages are fresh zeroes");
	check(holds(p, 0, PG, 4) && holds(p, 3 * PG, 4 * PG, 4),
	      "MAP_FIXED leaves the edges alone");
	check(munmap(p, 4 * PG) == 0, "munmap");
	printf("MAP_FIXED over the middle: fresh zero pages, edges kept\n");
}

static void hint(void)
{
	unsigned char *p = map(HINT, 2 * PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE);

	check(p == HINT, "a free hint is honoured");
	fill(p, 0, 2 * PG, 5);
	check(holds(p, 0, 2 * PG, 5), "hinted pages keep what was written");
	check(munmap(p, 2 * PG) == 0, "munmap");
	printf("address hint %p: honoured\n", HINT);
}

static void errors(void)
{
	unsigned char *p = map(NULL, PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE);

	check(munmap(p + 1, PG) == -1 && errno == EINVAL,
	      "munmap of an unaligned address is EINVAL");
	check(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL, "mmap of length 0 is EINVAL");
	check(munmap(p, PG) == 0, "munmap");
	check(mprotect(p, PG, PROT_READ) == -1 && errno == ENOMEM,
	      "mprotect of an unmapped page is ENOMEM");
	printf("bad arguments: EINVAL and ENOMEM as Linux\n");
}

int main(void)
{
	unsigned char *ro;

	private_and_shared(MAP_PRIVATE, "private");
	private_and_shared(MAP_SHARED, "shared");
	unmap_middle();
	map_fixed();
	hint();
	errors();

	ro = map(NULL, PG, PROT_READ, MAP_PRIVATE);
	check(zeroed(ro, PG), "a PROT_READ page reads as zero");
	printf("writing to a PROT_READ page, expecting SIGSEGV\n");
	fflush(stdout);
	*(volatile unsigned char *)ro = 1;
	printf("FAIL: the write succeeded\n");
	return 1;
}
