/*
 * swap_calls - swapon(2) and swapoff(2) from inside, on an area the
 * command line created (g.swap, the first argument) and switched on:
 * swapoff then swapoff again (EINVAL: not an area), swapon with a
 * priority, swapon again (EBUSY), swapon of things that cannot be swap
 * (a text file: EINVAL, /proc/meminfo: EINVAL, a missing file: ENOENT),
 * then /proc/swaps' columns other than the host path, meminfo's Swap
 * lines, and 12 MiB
 * written and checked through the area the guest switched on (the run
 * has 8 MiB). Prints one line per step; with "ro" (a read-only root)
 * only a swapoff and a swapon, which must both fail with EROFS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>

static void show(const char *what, int ret)
{
	printf("%s: %s\n", what, ret ? strerror(errno) : "ok");
}

/* /proc/swaps without its first column (a host path). */
static void show_swaps(void)
{
	char line[512], *rest;
	FILE *f = fopen("/proc/swaps", "r");

	if (!f) {
		printf("/proc/swaps: %s\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		/* from the last blank before the second column */
		rest = strpbrk(line, " \t");
		if (rest)
			rest += strspn(rest, " \t") - 1;
		printf("swaps:%s", rest ? rest : "\n");
	}
	fclose(f);
}

/* The lines of /proc/meminfo that start with "Swap". */
static void show_meminfo_swap(void)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f) {
		printf("/proc/meminfo: %s\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Swap", 4))
			fputs(line, stdout);
	fclose(f);
}

static int fill_and_check(size_t mib)
{
	size_t words = mib << 18, i, bad = 0;
	unsigned long *p = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < words; i++)
		p[i] = i * 2654435761ul;
	for (i = 0; i < words; i++)
		bad += p[i] != i * 2654435761ul;
	munmap(p, mib << 20);
	return (int)bad;
}

int main(int argc, char **argv)
{
	const char *area;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "ro"))) {
		fprintf(stderr, "usage: swap_calls AREA [ro]\n");
		return 2;
	}
	area = argv[1];
	show("swapoff", swapoff(area));
	if (argc == 3) {
		show("swapon", swapon(area, 0));
		return 0;
	}
	show("swapoff again", swapoff(area));
	show("swapon pri 7", swapon(area, SWAP_FLAG_PREFER | 7));
	show("swapon again", swapon(area, 0));
	show("swapon text file", swapon("notswap.txt", 0));
	show("swapon /proc/meminfo", swapon("/proc/meminfo", 0));
	show("swapon missing", swapon("missing.swap", 0));
	show_swaps();
	show_meminfo_swap();
	printf("12 MiB: %d words wrong\n", fill_and_check(12));
	return 0;
}
