/*
 * record_run.c - `run --record FILE`: the trace's header, made from the
 * run's options (the machine, the program and its arguments, where its
 * files are), and the recording begun and finished around the run
 * (record.h has the how and why).
 *
 * The header names the program by its host path with its size and CRC-32,
 * so a replay can refuse a program that changed since.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "kernel.h"
#include "record.h"
#include "swap_boot.h"
#include "trace.h"
#include "vmscan.h"

int file_identity(const char *path, uint64_t *size, uint32_t *crc)
{
	unsigned char buf[65536];
	uLong c = crc32_z(0L, Z_NULL, 0);
	uint64_t n = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		c = crc32_z(c, buf, (z_size_t)got);
		n += (uint64_t)got;
	}
	if (got < 0) {
		got = -errno;
		close(fd);
		return (int)got;
	}
	close(fd);
	*size = n;
	*crc = (uint32_t)c;
	return 0;
}

static int copy_path(char *dst, size_t size, const char *path)
{
	char real[PATH_MAX];

	if (!realpath(path, real) || strlen(real) >= size)
		return -1;
	strcpy(dst, real);
	return 0;
}

static int fill_config(struct trace_config *c, const struct run_options *o,
		       char *err, size_t errlen)
{
	uint64_t bytes[TRACE_MAX_SWAP];
	int prio[TRACE_MAX_SWAP], i;
	unsigned k;

	memset(c, 0, sizeof(*c));
	c->kind = o->record_accesses ? TRACE_ACCESSES : TRACE_FAULTS;
	c->mem_bytes = o->mem_bytes;
	c->itlb_entries = o->itlb_entries;
	c->itlb_ways = o->itlb_ways;
	c->dtlb_entries = o->dtlb_entries;
	c->dtlb_ways = o->dtlb_ways;
	snprintf(c->policy, sizeof(c->policy), "%s", reclaim_policy_name());
	c->nr_swap = swap_boot_areas(bytes, prio, TRACE_MAX_SWAP);
	for (k = 0; k < c->nr_swap; k++) {
		c->swap[k].bytes = bytes[k];
		c->swap[k].prio = prio[k];
	}
	c->quantum = o->quantum;
	c->seed = o->seed;
	if (copy_path(c->program, sizeof(c->program), o->program) ||
	    copy_path(c->root, sizeof(c->root), o->root))
		return snprintf(err, errlen, "%.400s: %s", o->program,
				strerror(errno)), -1;
	if (file_identity(c->program, &c->program_size, &c->program_crc32))
		return snprintf(err, errlen, "%.400s: cannot read it",
				c->program), -1;
	if (o->argc > TRACE_MAX_ARGS)
		return snprintf(err, errlen, "a trace holds at most %d "
				"arguments", TRACE_MAX_ARGS), -1;
	for (i = 0; i < o->argc; i++) {
		c->argv[i] = strdup(o->argv[i]);
		if (!c->argv[i])
			return snprintf(err, errlen, "out of memory"), -1;
		c->argc++;
	}
	return 0;
}

int record_begin(const struct run_options *o, struct trace_writer **w)
{
	struct trace_config c;
	char err[512];
	int ret = fill_config(&c, o, err, sizeof(err));

	if (!ret)
		ret = trace_create(w, o->record, &c, err, sizeof(err));
	trace_config_free(&c);
	if (ret) {
		fprintf(stderr, "i386mm: --record %s: %s\n", o->record, err);
		return -1;
	}
	if (record_start(*w, o->record_accesses)) {
		trace_abandon(*w);
		fprintf(stderr, "i386mm: --record %s: cannot start recording\n",
			o->record);
		return -1;
	}
	return 0;
}

int record_end(const struct run_options *o, struct trace_writer *w)
{
	char err[512];

	if (record_stop(err, sizeof(err))) {
		trace_abandon(w);
		fprintf(stderr, "i386mm: --record %s: %s\n", o->record, err);
		return -1;
	}
	if (trace_finish(w, err, sizeof(err))) {
		fprintf(stderr, "i386mm: --record %s: %s\n", o->record, err);
		return -1;
	}
	return 0;
}
