/*
 * proc_bench - the process benchmark's workload (tools/bench times whole
 * runs, natively and under i386mm, and subtracts a run with 0 rounds):
 *   proc_bench fork N       N times: fork, the child _exit(0)s, waitpid;
 *   proc_bench cow MIB N    a resident region of MIB MiB (every page
 *                           written first), then N times: fork, the child
 *                           writes one byte in each page (a copy-on-write
 *                           fault and a page copy each) and _exit(0)s,
 *                           waitpid.
 * It prints one line saying what it did, and exits 0 if every child
 * exited 0, 1 otherwise, 2 on bad arguments.
 */
#include <sys/mman.h>

#include "proc_check.h"

#define PAGE 4096u

/* fork, or one line on stderr saying why not (tools/bench shows it). */
static pid_t bench_fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		fprintf(stderr, "proc_bench: fork: %s\n", errno_name(errno));
	return pid;
}

static int fork_exit(long n)
{
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = bench_fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			return 1;
		if (wait_for(pid) != 0) {
			fprintf(stderr, "proc_bench: a child failed\n");
			return 1;
		}
	}
	printf("proc_bench: %ld fork, exit, wait\n", n);
	return 0;
}

static int fork_cow(long mib, long n)
{
	size_t size = (size_t)mib << 20, off;
	volatile char *mem;
	long i;

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("proc_bench: mmap");
		return 1;
	}
	for (off = 0; off < size; off += PAGE)
		mem[off] = 1;
	for (i = 0; i < n; i++) {
		pid_t pid = bench_fork();

		if (pid == 0) {
			for (off = 0; off < size; off += PAGE)
				mem[off] = 2;
			_exit(0);
		}
		if (pid < 0)
			return 1;
		if (wait_for(pid) != 0) {
			fprintf(stderr, "proc_bench: a child failed\n");
			return 1;
		}
	}
	printf("proc_bench: %ld forks of %ld MiB, every page copied\n", n, mib);
	return 0;
}

int main(int argc, char **argv)
{
	long a, b;

	if (argc == 3 && strcmp(argv[1], "fork") == 0 &&
	    (a = atol(argv[2])) >= 0)
		return fork_exit(a);
	if (argc == 4 && strcmp(argv[1], "cow") == 0 &&
	    (a = atol(argv[2])) > 0 && a <= 1024 && (b = atol(argv[3])) >= 0)
		return fork_cow(a, b);
	fprintf(stderr, "usage: proc_bench fork N | proc_bench cow MIB N\n");
	return 2;
}
