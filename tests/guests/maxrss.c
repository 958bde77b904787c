/*
 * maxrss.c - the host-memory bound of the emulator, for ctest.
 *
 *   maxrss [--rm FILE] [--translation] MEM_MIB STATUS CMD [ARGS...]
 *
 * runs CMD (an `i386mm run --mem MEM_MIB M ...` command line), waits for
 * it with wait4 and takes its peak resident set (ru_maxrss, KiB). The
 * test passes when CMD exited with STATUS and the peak is within the
 * bound include/kernel.h documents (MEM_MIB MiB times
 * I386MM_RSS_MEM_NUM / I386MM_RSS_MEM_DEN plus I386MM_RSS_CONSTANT_KIB;
 * with --translation also plus I386MM_RSS_TRANSLATION_KIB, for a guest
 * that fills the CPU emulator's translation buffer).
 * --rm FILE is removed afterwards (a swap file the run made). One line says what was measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel.h"

int main(int argc, char **argv)
{
	const char *rm = NULL;
	struct rusage ru;
	long mem_mib, want, bound, got, translation = 0;
	int status;
	pid_t pid;

	if (argc > 2 && strcmp(argv[1], "--rm") == 0) {
		rm = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc > 1 && strcmp(argv[1], "--translation") == 0) {
		translation = I386MM_RSS_TRANSLATION_KIB;
		argc--;
		argv++;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: maxrss [--rm FILE] [--translation] "
				"MEM_MIB STATUS CMD [ARGS...]\n");
		return 2;
	}
	mem_mib = strtol(argv[1], NULL, 10);
	want = strtol(argv[2], NULL, 10);
	if (mem_mib <= 0 || want < 0 || want > 255) {
		fprintf(stderr, "maxrss: bad MEM_MIB or STATUS\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("maxrss: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		perror("maxrss: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("maxrss: wait4");
		return 1;
	}
	if (rm)
		unlink(rm);
	got = ru.ru_maxrss;
	bound = mem_mib * 1024 * I386MM_RSS_MEM_NUM / I386MM_RSS_MEM_DEN +
		I386MM_RSS_CONSTANT_KIB + translation;
	printf("maxrss: %ld KiB, bound %ld KiB (%ld MiB * %d/%d + %d KiB + "
	       "%ld KiB)\n", got, bound, mem_mib, I386MM_RSS_MEM_NUM,
	       I386MM_RSS_MEM_DEN, I386MM_RSS_CONSTANT_KIB, translation);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != want) {
		printf("maxrss: status 0x%x, expected exit %ld\n", status,
		       want);
		return 1;
	}
	return got <= bound ? 0 : 1;
}
