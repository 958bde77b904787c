/*
 * hostile_mem CASE [ARG] - a guest that tries to exhaust the address
 * space or memory. Each case runs in a child the parent waits for; the
 * parent prints the child's fate, then writes and sums 1 MiB and prints
 * the checksum: the other process is unaffected.
 *
 *   mmaps N     one-page mmaps, alternately PROT_READ and PROT_READ|
 *               PROT_WRITE so that no two merge, until mmap fails (it
 *               must be ENOMEM at vm.max_map_count: /proc/self/maps then
 *               lists 65531 mappings, as Linux lets map_count reach
 *               max_map_count + 1); then, while that many stay mapped,
 *               pseudo-random ones are unmapped and mapped again until N
 *               mmaps were made in all; one in 32 holds its number,
 *               checked at the end.
 *   space [touch]  mmap of 3 GiB: ENOMEM, as the 3 GiB user half of
 *               i386 cannot hold it next to the program; then 2 GiB with
 *               MAP_NORESERVE: mapped. With `touch` a write to every page:
 *               in a small memory without swap the OOM killer's SIGKILL.
 *   brk         brk past the top of user space and then up in 64 MiB
 *               steps until refused: a refused brk returns the old
 *               break, which stays usable; brk back to the start works.
 *   fill MIB    writes MIB MiB, page by page, then checks them: more than
 *               memory + swap ends in the OOM killer's SIGKILL.
 *   swapfail MIB  (in process 1 itself, no child: every process with
 *               pages in a broken swap file is hit, so none could be
 *               "unaffected") writes MIB MiB (more than memory: much of
 *               it goes to swap), says so and reads a byte from stdin,
 *               then reads every page back. tests/guests/run_swap_ioerr.sh truncates the
 *               swap file in between: the first swap-in that finds its
 *               slot gone must be SIGBUS (Linux's do_swap_page on an I/O
 *               error), so the emulator's exit status is 135.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile_work.h"

#define PAGE		4096u
#define MAX_MAPS	70000u

/* The number of lines of /proc/self/maps: the process's VMAs. */
static unsigned count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static char *map_one(unsigned i)
{
	int prot = i & 1 ? PROT_READ | PROT_WRITE : PROT_READ;
	char *p = mmap(NULL, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED && i % 32 == 1)	/* a few, to keep RAM small */
		*(volatile uint32_t *)p = i;
	return p;
}

static int mmaps(unsigned total)
{
	static char *maps[MAX_MAPS];
	static unsigned id[MAX_MAPS];
	unsigned n, made, k, bad = 0, vmas;
	uint32_t rnd = 12345;

	for (n = 0; n < MAX_MAPS && n < total; n++) {
		maps[n] = map_one(n);
		if (maps[n] == MAP_FAILED)
			break;
		id[n] = n;
	}
	if (n == MAX_MAPS || n == total || errno != ENOMEM)
		return 10;
	vmas = count_maps();
	printf("mmaps: ENOMEM with %s\n", vmas == 65531 ?
	       "65531 mappings (vm.max_map_count 65530, plus one)" :
	       "the wrong number of mappings");
	for (made = n; made < total; made++) {
		rnd = rnd * 1103515245u + 12345u;
		k = (rnd >> 8) % n;
		if (munmap(maps[k], PAGE))
			return 11;
		maps[k] = map_one(made);
		if (maps[k] == MAP_FAILED)
			return 12;
		id[k] = made;
	}
	for (k = 0; k < n; k++) {
		if (id[k] % 32 == 1 && *(volatile uint32_t *)maps[k] != id[k])
			bad++;
		if (munmap(maps[k], PAGE))
			return 13;
	}
	printf("mmaps: %u one-page mmaps, every page right: %s\n", made,
	       bad ? "no" : "yes");
	return 0;
}

static int space(int touch)
{
	size_t big = (size_t)3 << 30, two = (size_t)2 << 30, off;
	char *p = mmap(NULL, big, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("space: mmap of 3 GiB: %s\n", p != MAP_FAILED ? "mapped" :
	       errno == ENOMEM ? "ENOMEM" : "another error");
	if (p != MAP_FAILED)
		munmap(p, big);
	p = mmap(NULL, two, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	printf("space: mmap of 2 GiB with MAP_NORESERVE: %s\n",
	       p != MAP_FAILED ? "mapped" : "failed");
	if (p == MAP_FAILED)
		return 10;
	fflush(stdout);
	if (touch)
		for (off = 0; off < two; off += PAGE)
			p[off] = 1;
	return 0;
}

static int brk_top(void)
{
	uintptr_t start = (uintptr_t)syscall(SYS_brk, 0), cur = start, got;
	uintptr_t step = 64u << 20;

	got = (uintptr_t)syscall(SYS_brk, 0xFFFFF000u);
	printf("brk: past the top of user space: %s\n",
	       got == start ? "the old break" : "moved");
	for (;;) {
		if (cur >= 0xFFFFFFFFu - step)
			return 10;	/* nothing refused it */
		got = (uintptr_t)syscall(SYS_brk, cur + step);
		if (got != cur + step)
			break;
		cur = got;
	}
	printf("brk: refused after growing: %s\n",
	       got == cur ? "the old break" : "something else");
	((volatile char *)cur)[-1] = 1;		/* still usable */
	got = (uintptr_t)syscall(SYS_brk, start);
	printf("brk: back to the start: %s\n", got == start ? "ok" : "failed");
	return 0;
}

static int fill(unsigned mib)
{
	size_t len = (size_t)mib << 20, off;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 10;
	for (off = 0; off < len; off += PAGE)
		p[off] = (char)(off >> 12 | 1);
	for (off = 0; off < len; off += PAGE)
		if (p[off] != (char)(off >> 12 | 1))
			return 11;
	return 0;
}

static int swapfail(unsigned mib)
{
	size_t len = (size_t)mib << 20, off;
	char byte, *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 10;
	for (off = 0; off < len; off += PAGE)
		p[off] = (char)(off >> 12 | 1);
	printf("swapfail: %u MiB written\n", mib);
	fflush(stdout);
	/* the harness acts, then writes a byte (a host file the guest
	 * looked up once would not show it changes: hostfs caches) */
	if (read(0, &byte, 1) != 1)
		return 12;
	for (off = 0; off < len; off += PAGE)
		if (p[off] != (char)(off >> 12 | 1))
			return 13;
	printf("swapfail: every page came back\n");
	return 0;	/* the file was intact */
}

static int run_case(int argc, char **argv)
{
	const char *name = argv[1];
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;

	if (!strcmp(name, "mmaps") && argc == 3 && n > 0)
		return mmaps((unsigned)n);
	if (!strcmp(name, "space") && argc <= 3)
		return space(argc == 3 && !strcmp(argv[2], "touch"));
	if (!strcmp(name, "brk") && argc == 2)
		return brk_top();
	if (!strcmp(name, "fill") && argc == 3 && n > 0 && n < 4096)
		return fill((unsigned)n);
	if (!strcmp(name, "swapfail") && argc == 3 && n > 0 && n < 4096)
		return swapfail((unsigned)n);
	return 2;
}

/* Real work after the child's end: 1 MiB written and summed. */
int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: hostile_mem CASE [ARG]\n");
		return 2;
	}
	if (!strcmp(argv[1], "swapfail"))
		return run_case(argc, argv);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 4;
	if (pid == 0) {
		status = run_case(argc, argv);
		fflush(stdout);
		_exit(status);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 5;
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", argv[1], WTERMSIG(status));
	else
		printf("%s: exited %d\n", argv[1], WEXITSTATUS(status));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		return 2;
	printf("work: checksum %08x\n", work());
	return 0;
}
