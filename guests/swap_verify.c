/*
 * swap_verify - maps MIB MiB of anonymous memory (default 24), writes a
 * pattern into every word that depends on the page and the word, then
 * reads all of it back twice (forwards and backwards, so pages swapped
 * out on the way are read in again) and checks every word. With more
 * memory than the machine has, this passes only if every page went to
 * swap and came back intact. Prints the number of words checked and the
 * number wrong; exits 1 if any was wrong. -nostdlib: only its own
 * faults.
 *
 * With "areas", once everything is written it also reads /proc/swaps and
 * prints how many swap areas have pages in use (its Used column), which
 * shows whether equal priorities share the load.
 */
#include "lib/nolibc.h"

#define MAX_MIB		1024ul
#define __NR_read	3
#define __NR_open	5
#define __NR_close	6

/* Swap areas whose Used column (the 4th) in /proc/swaps is not 0. */
static long areas_in_use(void)
{
	static char buf[4096];
	long fd, n, used = 0, field = 0, line = 0, i, nonzero = 0;
	int in_word = 0;

	fd = sys_call2(__NR_open, (long)"/proc/swaps", 0);
	if (SYS_IS_ERR(fd))
		return -1;
	n = sys_call3(__NR_read, fd, (long)buf, sizeof(buf) - 1);
	sys_call1(__NR_close, fd);
	if (SYS_IS_ERR(n))
		return -1;
	for (i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\n') {
			used += line > 0 && nonzero;
			line++;
			field = nonzero = in_word = 0;
		} else if (c == ' ' || c == '\t') {
			in_word = 0;
		} else {
			if (!in_word)
				field++;
			in_word = 1;
			if (field == 4 && c != '0')
				nonzero = 1;
		}
	}
	return used;
}

static int is_areas(const char *s)
{
	const char *w = "areas";

	while (*s && *s == *w)
		s++, w++;
	return !*s && !*w;
}

static unsigned long pattern(unsigned long page, unsigned long word)
{
	return (page * 2654435761ul) ^ (word << 20) ^ 0x5a5a0000ul ^ word;
}

int main(int argc, char **argv)
{
	unsigned long mib = 24, pages, words, p, w, bad = 0, checked = 0;
	volatile unsigned long *mem;
	long addr, areas;

	if (argc > 3 || (argc >= 2 && (parse_ulong(argv[1], MAX_MIB, &mib) ||
				       mib == 0)) ||
	    (argc == 3 && !is_areas(argv[2])))
		usage("swap_verify [MIB [areas]] (MIB 1..1024, default 24)");
	pages = mib * 256;
	words = PAGE_SIZE / sizeof(unsigned long);
	addr = sys_mmap2(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (SYS_IS_ERR(addr)) {
		put_str("swap_verify: mmap2 failed\n");
		return 1;
	}
	mem = (volatile unsigned long *)addr;
	for (p = 0; p < pages; p++)
		for (w = 0; w < words; w++)
			mem[p * words + w] = pattern(p, w);
	if (argc == 3) {
		areas = areas_in_use();
		if (areas < 0) {
			put_str("swap_verify: cannot read /proc/swaps\n");
			return 1;
		}
		put_str("swap_verify: ");
		put_udec((unsigned long)areas);
		put_str(" swap areas in use\n");
	}
	for (p = 0; p < pages; p++)
		for (w = 0; w < words; w++, checked++)
			bad += mem[p * words + w] != pattern(p, w);
	for (p = pages; p-- > 0; )
		for (w = 0; w < words; w++, checked++)
			bad += mem[p * words + w] != pattern(p, w);
	put_str("swap_verify: ");
	put_udec(checked);
	put_str(" words checked, ");
	put_udec(bad);
	put_str(" wrong\n");
	return bad ? 1 : 0;
}
