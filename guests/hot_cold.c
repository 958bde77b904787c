/*
 * hot_cold - a hot set re-touched while a cold set is scanned: the
 * workload on which reclaim policies part ways (tests/guests run it
 * under --policy linux, fifo and clock in too little memory).
 *
 *	hot_cold HOT COLD ROUNDS WINDOW
 *
 * maps HOT + COLD anonymous pages and writes each once, hot ones first.
 * Then ROUNDS times: every hot page is read and written, then the next
 * WINDOW cold pages (cyclically). A policy that keeps what is used again
 * keeps the hot set and pays for the cold scan; one that ignores use
 * swaps the hot set out too. At the end every page is checked: word 0
 * counts the writes the page had, word 1 names the page; prints the
 * pages checked and the wrong ones, exits 1 if any was wrong.
 * -nostdlib: only its own faults.
 */
#include "lib/nolibc.h"

#define MAX_PAGES	65536ul		/* 256 MiB */
#define WORDS		(PAGE_SIZE / 4)

static unsigned long *page_at(unsigned long *base, unsigned long i)
{
	return base + i * WORDS;
}

static void touch(unsigned long *base, unsigned long i)
{
	volatile unsigned long *w = page_at(base, i);

	w[0] = w[0] + 1;
}

int main(int argc, char **argv)
{
	unsigned long hot, cold, rounds, window, n, i, r, next = 0;
	unsigned long wrong = 0, expect;
	unsigned long *base;
	long addr;

	if (argc != 5 || parse_ulong(argv[1], MAX_PAGES, &hot) ||
	    parse_ulong(argv[2], MAX_PAGES, &cold) ||
	    parse_ulong(argv[3], 1000000, &rounds) ||
	    parse_ulong(argv[4], MAX_PAGES, &window) || !hot || !cold ||
	    hot + cold > MAX_PAGES || window > cold)
		usage("hot_cold HOT COLD ROUNDS WINDOW (pages: HOT + COLD "
		      "<= 65536, WINDOW <= COLD)");
	n = hot + cold;
	addr = sys_mmap2(0, n * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (SYS_IS_ERR(addr)) {
		put_str("hot_cold: mmap2 failed\n");
		return 1;
	}
	base = (unsigned long *)addr;
	for (i = 0; i < n; i++) {
		page_at(base, i)[0] = 1;
		page_at(base, i)[1] = i ^ 0x5a5a5a5a;
	}
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < hot; i++)
			touch(base, i);
		for (i = 0; i < window; i++) {
			touch(base, hot + next);
			next = next + 1 == cold ? 0 : next + 1;
		}
	}
	/* the cold page k was touched once per time the scan reached it */
	for (i = 0; i < n; i++) {
		if (i < hot) {
			expect = 1 + rounds;
		} else {
			unsigned long k = i - hot, scans = rounds * window;

			expect = 1 + scans / cold + (k < scans % cold);
		}
		if (page_at(base, i)[0] != expect ||
		    page_at(base, i)[1] != (i ^ 0x5a5a5a5a))
			wrong++;
	}
	if (sys_munmap((void *)addr, n * PAGE_SIZE)) {
		put_str("hot_cold: munmap failed\n");
		return 1;
	}
	put_str("hot_cold: ");
	put_udec(n);
	put_str(" pages checked, ");
	put_udec(wrong);
	put_str(" wrong\n");
	return wrong ? 1 : 0;
}
