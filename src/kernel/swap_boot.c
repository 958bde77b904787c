/*
 * swap_boot.c - the swap areas of one run (`--swap FILE[:SIZE][,pri=N]`)
 * and the reclaim the run loop does between CPU slices.
 *
 * Files are made ready before anything boots, so every mistake in them
 * is a usage error (exit 2) with one line naming the file: a missing
 * FILE is written as mkswap would with SIZE; an existing one is used as
 * it is, and a SIZE that disagrees with its header is an error rather
 * than a silent resize, since the file may hold a swap area the user
 * cares about. The areas go on (do_swapon, in command-line order) once
 * the VFS is up, as swap.h asks, and off after the last process and the
 * file systems are gone: then no PTE and no tmpfs page holds a slot, so
 * any slot still in use is one the kernel lost.
 *
 * kswapd is not a thread here: reclaim_tick runs it, and the periodic
 * cache reaping, once per scheduling step on the virtual clock.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel.h"
#include "proc_fs.h"
#include "swap.h"
#include "swap_boot.h"
#include "timekeeping.h"
#include "vmscan.h"

struct swap_spec {
	char *path;
	uint64_t size;		/* 0: not given */
	int prio;		/* -1: automatic */
	dev_t dev;		/* identity, once prepared */
	ino_t ino;
};

static struct swap_spec specs[SWAP_BOOT_MAX];
static unsigned int nr_specs;

static int spec_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int spec_error(const char *fmt, ...)
{
	va_list ap;

	fputs("i386mm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* ",pri=N" at the end of spec: cut it off. 0 or EXIT_USAGE. */
static int parse_prio(const char *opt, char *spec, int *prio)
{
	char *comma = strrchr(spec, ',');
	char *end;
	long n;

	*prio = -1;
	if (!comma)
		return 0;
	if (strncmp(comma + 1, "pri=", 4))
		return spec_error("%s %s: unknown setting '%s' (only pri=N)",
				  opt, spec, comma + 1);
	errno = 0;
	n = strtol(comma + 5, &end, 10);
	if (comma[5] < '0' || comma[5] > '9' || errno || *end ||
	    n > SWAP_PRIO_MAX)
		return spec_error("%s %s: pri=%s: not a priority 0..%d", opt,
				  spec, comma + 5, SWAP_PRIO_MAX);
	*prio = (int)n;
	*comma = '\0';
	return 0;
}

int swap_boot_add(const char *opt, const char *value)
{
	struct swap_spec *s;
	char *spec, *colon;
	int ret;

	if (nr_specs == SWAP_BOOT_MAX)
		return spec_error("%s: at most %d swap areas", opt,
				  SWAP_BOOT_MAX);
	spec = strdup(value);
	if (!spec)
		return spec_error("%s: out of memory", opt);
	s = &specs[nr_specs];
	memset(s, 0, sizeof(*s));
	ret = parse_prio(opt, spec, &s->prio);
	colon = strrchr(spec, ':');
	if (!ret && colon) {
		*colon = '\0';
		if (parse_size(colon + 1, &s->size) || !s->size)
			ret = spec_error("%s %s: SIZE %s: not a size (a number "
					 "with an optional K, M or G suffix)",
					 opt, value, colon + 1);
	}
	if (!ret && !*spec)
		ret = spec_error("%s %s: no FILE", opt, value);
	if (ret) {
		free(spec);
		return ret;
	}
	s->path = spec;
	nr_specs++;
	return 0;
}

unsigned swap_boot_areas(uint64_t *bytes, int *prio, unsigned max)
{
	unsigned i;

	for (i = 0; i < nr_specs && i < max; i++) {
		bytes[i] = specs[i].size;
		prio[i] = specs[i].prio;
	}
	return i;
}

void swap_boot_reset(void)
{
	while (nr_specs)
		free(specs[--nr_specs].path);
}

/* FILE does not exist: write a new area of the size asked for. */
static int create_area(struct swap_spec *s)
{
	char err[256];

	if (!s->size)
		return spec_error("--swap %s: does not exist, and no SIZE "
				  "was given to create it (FILE:SIZE)",
				  s->path);
	if (mkswap_file(s->path, s->size, NULL, NULL, err, sizeof(err)))
		return spec_error("--swap %s: %s", s->path, err);
	return 0;
}

/* FILE exists: it must be a regular file with a sound swap header. */
static int check_area(struct swap_spec *s, const struct stat *st)
{
	struct swap_header_info info;
	char err[256];
	uint64_t bytes;
	int fd, ret;

	if (!S_ISREG(st->st_mode))
		return spec_error("--swap %s: not a regular file", s->path);
	fd = open(s->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return spec_error("--swap %s: %s", s->path, strerror(errno));
	ret = read_swap_header(fd, &info, err, sizeof(err));
	close(fd);
	if (ret)
		return spec_error("--swap %s: %s", s->path, err);
	bytes = ((uint64_t)info.last_page + 1) * PAGE_SIZE;
	if (s->size && s->size != bytes)
		return spec_error("--swap %s: already a swap area of %" PRIu64
				  " bytes, not %" PRIu64 " (give its size, "
				  "none, or delete it)", s->path, bytes,
				  s->size);
	s->size = bytes;
	return 0;
}

int swap_boot_prepare(void)
{
	unsigned int i, j;
	struct stat st;
	int ret;

	for (i = 0; i < nr_specs; i++) {
		struct swap_spec *s = &specs[i];

		if (stat(s->path, &st)) {
			if (errno != ENOENT)
				return spec_error("--swap %s: %s", s->path,
						  strerror(errno));
			ret = create_area(s);
			if (!ret && stat(s->path, &st))
				ret = spec_error("--swap %s: %s", s->path,
						 strerror(errno));
		} else {
			ret = check_area(s, &st);
		}
		if (ret)
			return ret;
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		for (j = 0; j < i; j++)
			if (specs[j].dev == s->dev && specs[j].ino == s->ino)
				return spec_error("--swap %s: the same file "
						  "as --swap %s", s->path,
						  specs[j].path);
	}
	return 0;
}

int swap_boot(void)
{
	char err[256];
	unsigned int i;
	int ret;

	proc_set_swap_ops(&swap_proc_ops);
	for (i = 0; i < nr_specs; i++) {
		ret = do_swapon(specs[i].path, specs[i].prio, err,
				sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "i386mm: --swap %s: %s\n",
				specs[i].path, err);
			return ret;
		}
	}
	return 0;
}

void reclaim_tick(void)
{
	kswapd_run_pending();
	vmscan_periodic(ktime_get_ns());
}

/*
 * swapoff every area first: it drops the slots only the swap cache
 * still holds (their pages stay in memory until the cache goes) and
 * would bring back any page a PTE still named. What is left is lost.
 */
unsigned long swap_shutdown(void)
{
	unsigned long lost;
	unsigned int type;

	for (type = 0; type < MAX_SWAPFILES; type++)
		if (swap_info[type].flags & SWP_USED)
			do_swapoff(type);
	lost = swap_used_slots();
	swap_exit();
	proc_set_swap_ops(NULL);
	return lost;
}

/* ---- i386mm mkswap FILE SIZE [--label L] ---- */

int cmd_mkswap(int argc, char **argv)
{
	const char *file = NULL, *size_arg = NULL, *label = NULL;
	char err[256];
	uint64_t size;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			puts("usage: i386mm mkswap FILE SIZE [--label L]\n"
			     "Writes a Linux swap area of SIZE bytes (a K, M "
			     "or G suffix allowed) at FILE.");
			return 0;
		}
		if (!strcmp(argv[i], "--label") || !strcmp(argv[i], "-L")) {
			if (++i == argc)
				return spec_error("mkswap: %s needs a value",
						  argv[i - 1]);
			label = argv[i];
		} else if (!strncmp(argv[i], "--label=", 8)) {
			label = argv[i] + 8;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return spec_error("mkswap: unknown option '%s'",
					  argv[i]);
		} else if (!file) {
			file = argv[i];
		} else if (!size_arg) {
			size_arg = argv[i];
		} else {
			return spec_error("mkswap: too many arguments "
					  "(mkswap FILE SIZE [--label L])");
		}
	}
	if (!size_arg)
		return spec_error("mkswap: usage: i386mm mkswap FILE SIZE "
				  "[--label L]");
	if (parse_size(size_arg, &size))
		return spec_error("mkswap: SIZE %s: not a size (a number "
				  "with an optional K, M or G suffix)",
				  size_arg);
	ret = mkswap_file(file, size, label, NULL, err, sizeof(err));
	if (ret == -EINVAL)
		return spec_error("mkswap: %s: %s", file, err);
	if (ret) {
		fprintf(stderr, "i386mm: mkswap: %s: %s\n", file, err);
		return 1;
	}
	return 0;
}
