/*
 * proc_fork_cow N K - fork's copy-on-write: N anonymous pages, each filled
 * with its own pattern, then fork. The child writes the first word of K of
 * them (spread evenly) and must see its writes, the rest of each written
 * page as the parent left it (the copy is whole), and the N - K others
 * untouched. The parent waits, then must see all N pages as it filled
 * them, whatever the child wrote; then it rewrites every page and reads
 * them back.
 *
 * What the counters must show (tests/guests/CMakeLists.txt): each of the K
 * child writes hits a page the parent still maps, so it is a copy
 * (cow_copy); the parent's N rewrites come after the child exited, when
 * each page has one mapper again, so each is a write in place
 * (cow_reuse), never a copy. The exit status is 0 when every check held.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "proc_check.h"

#define PAGE 4096u
#define WORDS (PAGE / sizeof(uint32_t))

static uint32_t pattern(unsigned page, unsigned word)
{
	return 0x9e3779b9u * (page + 1) ^ word;
}

static int child_writes(unsigned page, unsigned n, unsigned k)
{
	return k && page % (n / k) == 0 && page / (n / k) < k;
}

/* The child: write K pages, then check all N; exit 0 if all held. */
static int child(uint32_t *pages, unsigned n, unsigned k)
{
	unsigned p, w, written = 0, bad = 0;

	for (p = 0; p < n; p++)
		if (child_writes(p, n, k)) {
			pages[p * WORDS] = 0xc0ffee00u + p;
			written++;
		}
	for (p = 0; p < n; p++)
		for (w = 0; w < WORDS; w++) {
			uint32_t want = pattern(p, w);

			if (w == 0 && child_writes(p, n, k))
				want = 0xc0ffee00u + p;
			bad += pages[p * WORDS + w] != want;
		}
	return written != k ? 2 : bad ? 3 : 0;
}

int main(int argc, char **argv)
{
	unsigned n, k, p, w, bad = 0;
	uint32_t *pages;
	pid_t pid;
	int status;

	if (argc != 3 || (n = (unsigned)atoi(argv[1])) == 0 ||
	    (k = (unsigned)atoi(argv[2])) > n) {
		fprintf(stderr, "usage: proc_fork_cow PAGES WRITTEN (<= PAGES)\n");
		return 2;
	}
	pages = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (p = 0; p < n; p++)
		for (w = 0; w < WORDS; w++)
			pages[p * WORDS + w] = pattern(p, w);

	pid = proc_fork();
	if (pid == 0)
		_exit(child(pages, n, k));
	check(pid > 0, "fork");
	status = pid > 0 ? wait_for(pid) : -1;
	check(status == 0, "the child's checks: %s", status_text(status));
	printf("fork_cow: %u pages, the child wrote %u\n", n, k);
	section("fork_cow: the child saw its writes, whole copies and the "
		"parent's other pages");

	for (p = 0; p < n; p++)
		for (w = 0; w < WORDS; w++)
			bad += pages[p * WORDS + w] != pattern(p, w);
	check(bad == 0, "%u words of the parent's pages changed", bad);
	section("fork_cow: the parent's pages are as it filled them");

	for (p = 0; p < n; p++)
		pages[p * WORDS + 1] = ~pattern(p, 1);
	for (p = 0, bad = 0; p < n; p++)
		for (w = 0; w < WORDS; w++)
			bad += pages[p * WORDS + w] !=
			       (w == 1 ? ~pattern(p, w) : pattern(p, w));
	check(bad == 0, "%u words wrong after the parent's rewrite", bad);
	section("fork_cow: the parent rewrote its pages after the child exited");
	return proc_status();
}
