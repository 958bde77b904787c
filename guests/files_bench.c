/*
 * files_bench - the sequential I/O workload of tools/bench: writes or
 * reads a file of N MiB in 64 KiB chunks, through the page cache or with
 * O_DIRECT. tools/bench times whole runs (under i386mm and natively);
 * this program reports nothing time-dependent, only what it moved.
 *
 *   files_bench MODE MIB FILE [PASSES]
 *     write    create FILE (O_TRUNC), write MIB MiB
 *     read     read FILE's MIB MiB
 *     rw       write, then read, then unlink FILE
 *     dwrite, dread, drw     the same with O_DIRECT
 *   PASSES (default 1): write, or read, the MIB MiB that many times over
 *   from the start of the file, so that a short transfer still takes a
 *   time well above a run's start-up.
 *
 * The chunk buffer is filled once (4 KiB aligned, as O_DIRECT wants);
 * each chunk carries its number in its first word and the reader checks
 * it, so that the work in the guest per byte moved stays small: the
 * figures measure the file path, not the guest touching its buffer.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_check.h"

#define CHUNK		(64 * 1024ul)
#define MAX_MIB		1024ul
#define MAX_PASSES	4096ul
#define FILL_BYTE	0xa5u	/* every byte but a chunk's first word */
#define FILL_WORD	(FILL_BYTE * 0x01010101u)

static unsigned long passes = 1;

static int usage(void)
{
	fprintf(stderr, "usage: files_bench write|read|rw|dwrite|dread|drw "
		"MIB FILE [PASSES]\n");
	return 2;
}

/* ", N passes" when there are several, for the reports */
static const char *passes_text(void)
{
	static char text[32];

	text[0] = '\0';
	if (passes > 1)
		snprintf(text, sizeof(text), ", %lu passes", passes);
	return text;
}

static int do_write(const char *path, unsigned long chunks, int flags,
		    uint32_t *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | flags, 0644);
	unsigned long i = 0, pass;

	if (!check(fd >= 0, "open %s for writing", path))
		return 0;
	for (pass = 0; pass < passes; pass++) {
		if (!check(lseek(fd, 0, SEEK_SET) == 0, "rewind"))
			break;
		for (i = 0; i < chunks; i++) {
			b[0] = (uint32_t)i;
			if (!check(write(fd, b, CHUNK) == (ssize_t)CHUNK,
				   "write chunk %lu", i))
				break;
		}
		if (i < chunks)
			break;
	}
	check(close(fd) == 0, "close");
	printf("files_bench: wrote %lu MiB in %lu chunks of 64 KiB%s%s\n",
	       chunks * CHUNK >> 20, i, flags ? " with O_DIRECT" : "",
	       passes_text());
	return i == chunks && pass == passes;
}

static int do_read(const char *path, unsigned long chunks, int flags,
		   uint32_t *b)
{
	int fd = open(path, O_RDONLY | flags);
	unsigned long i = 0, bad = 0, pass;

	if (!check(fd >= 0, "open %s for reading", path))
		return 0;
	for (pass = 0; pass < passes; pass++) {
		if (!check(lseek(fd, 0, SEEK_SET) == 0, "rewind"))
			break;
		for (i = 0; i < chunks; i++) {
			if (!check(read(fd, b, CHUNK) == (ssize_t)CHUNK,
				   "read chunk %lu", i))
				break;
			bad += b[0] != (uint32_t)i || b[1] != FILL_WORD;
		}
		if (i < chunks)
			break;
		check(read(fd, b, CHUNK) == 0, "end of file after %lu chunks",
		      chunks);
	}
	check(bad == 0, "%lu chunks out of place", bad);
	close(fd);
	printf("files_bench: read %lu MiB in %lu chunks of 64 KiB%s, every "
	       "chunk in place%s\n", chunks * CHUNK >> 20, i,
	       flags ? " with O_DIRECT" : "", passes_text());
	return i == chunks && pass == passes && !bad;
}

int main(int argc, char **argv)
{
	const char *mode;
	unsigned long mib;
	uint32_t *b;
	char *end;
	int flags = 0, ok = 1;

	files_start();
	if (argc != 4 && argc != 5)
		return usage();
	mode = argv[1];
	mib = strtoul(argv[2], &end, 10);
	if (*end || end == argv[2] || mib > MAX_MIB)
		return usage();
	if (argc == 5) {
		passes = strtoul(argv[4], &end, 10);
		if (*end || end == argv[4] || !passes || passes > MAX_PASSES)
			return usage();
	}
	if (mode[0] == 'd') {
		flags = O_DIRECT;
		mode++;
	}
	if (strcmp(mode, "write") && strcmp(mode, "read") && strcmp(mode, "rw"))
		return usage();
	if (posix_memalign((void **)&b, 4096, CHUNK) != 0) {
		printf("files_bench: no memory for the buffer\n");
		return 1;
	}
	memset(b, FILL_BYTE, CHUNK);
	if (strcmp(mode, "read"))
		ok = do_write(argv[3], mib * (1024 * 1024 / CHUNK), flags, b);
	if (ok && strcmp(mode, "write"))
		ok = do_read(argv[3], mib * (1024 * 1024 / CHUNK), flags, b);
	if (ok && !strcmp(mode, "rw"))
		check(unlink(argv[3]) == 0, "unlink %s", argv[3]);
	free(b);
	return files_status();
}
