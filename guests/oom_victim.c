/*
 * oom_victim - the OOM killer's choice. The parent forks a small child,
 * which fills a 16-page buffer, sleeps 10 ms and checks it, and a big
 * child, which writes one page after another of a 64 MiB mapping until
 * memory and swap are gone. Run in 8 MiB with 4 MiB of swap, the OOM
 * killer must kill the big child (the most memory, little CPU time) and
 * spare the small one and the parent (pid 1 is never chosen). The parent
 * waits for each and prints its fate; the exit status is 0.
 *
 * oom_victim reap: the victim is not the allocating task. The big child
 * writes 9 MiB, then tells the parent through a pipe and pauses; then a
 * small child maps 3 MiB, writes and checks every page. The OOM killer,
 * called from the small child's fault, must kill the paused big child and
 * free its memory at once (the reaper) for the small child to go on.
 * Then the parent sends the big child SIGTERM: a victim dies of the
 * SIGKILL already pending (9), a survivor of SIGTERM (15, on the host).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096u
#define SMALL_PAGES	16u
#define BIG_BYTES	(64u << 20)

static int small_child(void)
{
	static uint32_t buf[SMALL_PAGES * PAGE / 4];
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	unsigned i;

	for (i = 0; i < sizeof(buf) / 4; i++)
		buf[i] = 0x9e3779b9u * i;
	nanosleep(&ts, NULL);
	for (i = 0; i < sizeof(buf) / 4; i++)
		if (buf[i] != 0x9e3779b9u * i)
			return 1;
	return 0;
}

static int big_child(void)
{
	uint8_t *p = mmap(NULL, BIG_BYTES, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t off;

	if (p == MAP_FAILED)
		return 2;
	for (off = 0; off < BIG_BYTES; off += PAGE)
		p[off] = (uint8_t)(off >> 12 | 1);
	return 3;	/* 64 MiB fit: the OOM killer never came */
}

static void fate(const char *name, pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		printf("%s: waitpid failed\n", name);
	else if (WIFEXITED(status))
		printf("%s: exited %d\n", name, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", name, WTERMSIG(status));
	else
		printf("%s: status %#x\n", name, status);
}

#define REAP_BIG	(9u << 20)
#define REAP_SMALL	(3u << 20)

static uint32_t *touch(uint32_t bytes)
{
	uint32_t *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t i;

	if (p == MAP_FAILED)
		return NULL;
	for (i = 0; i < bytes / 4; i += PAGE / 4)
		p[i] = 0x9e3779b9u * i | 1;
	return p;
}

static int reap_small(void)
{
	uint32_t *p = touch(REAP_SMALL), i;

	if (!p)
		return 2;
	for (i = 0; i < REAP_SMALL / 4; i += PAGE / 4)
		if (p[i] != (0x9e3779b9u * i | 1))
			return 1;
	return 0;
}

static int reap(void)
{
	pid_t small, big;
	int fds[2];
	char c = 0;

	if (pipe(fds))
		return 1;
	fflush(stdout);
	big = fork();
	if (big == 0) {
		if (!touch(REAP_BIG) || write(fds[1], "r", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	if (big < 0 || read(fds[0], &c, 1) != 1 || c != 'r') {
		printf("big: not ready\n");
		return 1;
	}
	small = fork();
	if (small == 0)
		_exit(reap_small());
	if (small < 0)
		return 1;
	fate("small", small);
	kill(big, SIGTERM);
	fate("big", big);
	return 0;
}

int main(int argc, char **argv)
{
	pid_t small, big;

	if (argc > 1 && !strcmp(argv[1], "reap"))
		return reap();

	fflush(stdout);
	small = fork();
	if (small == 0)
		_exit(small_child());
	big = fork();
	if (big == 0)
		_exit(big_child());
	if (small < 0 || big < 0) {
		printf("fork failed\n");
		return 1;
	}
	fate("small", small);
	fate("big", big);
	return 0;
}
