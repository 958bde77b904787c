/*
 * mmap_shared_anon.c - a MAP_SHARED|MAP_ANONYMOUS mapping is one object
 * for every process of a fork (Linux's shmem_zero_setup): a page the
 * parent touched before the fork and pages nobody touched until after it
 * are seen by both; a MAP_PRIVATE one stays private. Prints what each
 * process saw; the same output natively and under i386mm.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES	8
#define PAGE	4096

int main(void)
{
	char *shared = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status, i, seen = 0, ok;
	pid_t pid;

	if (shared == MAP_FAILED || private == MAP_FAILED)
		return 1;
	shared[0] = 'p';		/* present at the fork */
	private[0] = 'p';
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		for (i = 0; i < PAGES; i++)	/* most first touched here */
			shared[i * PAGE] = (char)('a' + i);
		private[0] = 'c';
		_exit(shared[0] == 'a' ? 0 : 3);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return 4;
	for (i = 0; i < PAGES; i++)
		seen += shared[i * PAGE] == (char)('a' + i);
	printf("shared: the parent sees %d of the child's %d pages\n", seen,
	       PAGES);
	printf("private: the parent's byte is '%c'\n", private[0]);
	ok = seen == PAGES && private[0] == 'p';
	if (munmap(shared, PAGES * PAGE) || munmap(private, PAGE))
		return 5;
	return ok ? 0 : 6;
}
