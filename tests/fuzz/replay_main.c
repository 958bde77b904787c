/*
 * replay_main.c - a fuzz target without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on every file named, and on every file of
 * every directory named (in name order, so runs are reproducible). The
 * gcc builds register one ctest per target and directory (corpus,
 * regress), so every seed and every input that ever crashed is replayed
 * by the ordinary test suite, with and without the sanitizers.
 * A crash or a failed check aborts with the file's name already printed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc(size ? (size_t)size : 1)) ||
	    fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "%s: cannot read\n", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	fprintf(stderr, "replay %s (%ld bytes)\n", path, size);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every file of dir; the number run, or -1. */
static int run_dir(const char *dir)
{
	struct dirent **names;
	char path[4096];
	int n = scandir(dir, &names, skip_dot, by_name), i, ran = 0;

	if (n < 0) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (ran >= 0 && run_file(path) == 0)
			ran++;
		else
			ran = -1;
		free(names[i]);
	}
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, n, total = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) :
		    run_file(argv[i]) ? -1 : 1;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%d inputs replayed, every check passed\n", total);
	return 0;
}
