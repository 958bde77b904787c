/*
 * replay_run.c - the full replay (`i386mm replay FILE` without --frames):
 * the recorded run's machine is booted again, from the trace's header,
 * and the kernel runs the recorded program with the trace CPU in place
 * of Unicorn (record.h). With the recorded machine the replay is exact:
 * every access must find what it found, and --stats-json comes out as
 * the recorded run's (without the engine's own counters: there is no
 * engine). --mem, --swap, --itlb, --dtlb and --policy make another
 * machine for a what-if study; the program does what it did, the memory
 * manager what the new machine makes it do.
 *
 * What a replay needs from outside is what the run read: the program
 * (checked by size and CRC-32) and the files under its root, which a
 * recorded run cannot change (run refuses --record with --root-rw).
 * Swap areas are made afresh, of the recorded sizes, in a temporary
 * directory, unless --swap names others.
 *
 * Exit status: 0 when the run followed the trace to its end, 1 if the
 * trace cannot be replayed or the replay diverged, 2 for a bad command.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "progress.h"
#include "record.h"
#include "replay.h"
#include "swap_boot.h"
#include "trace.h"

#define EXIT_REPLAY_FAILED	1

struct replay {
	const struct replay_options *ro;
	struct trace_config c;
	struct trace_reader *r;
	struct run_options o;
	char program[PATH_MAX];
	char tmpdir[PATH_MAX];		/* the fresh swap areas', or "" */
	unsigned nr_tmp;
};

static int fail(const struct replay *rp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(const struct replay *rp, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "i386mm: replay: %s: ", rp->ro->trace);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_REPLAY_FAILED;
}

/* --root DIR moves the program with the root it was recorded under. */
static int find_program(struct replay *rp)
{
	const char *root = rp->c.root, *prog = rp->c.program;
	size_t n = strlen(root);
	uint64_t size;
	uint32_t crc;
	int len;

	if (rp->ro->root && !strncmp(prog, root, n) && prog[n] == '/')
		len = snprintf(rp->program, sizeof(rp->program), "%s%s",
			       rp->ro->root, prog + n);
	else
		len = snprintf(rp->program, sizeof(rp->program), "%s", prog);
	if (len < 0 || (size_t)len >= sizeof(rp->program))
		return fail(rp, "the program's path is too long");
	if (file_identity(rp->program, &size, &crc))
		return fail(rp, "the recorded program %s: %s", rp->program,
			    strerror(errno ? errno : ENOENT));
	if (size != rp->c.program_size || crc != rp->c.program_crc32)
		return fail(rp, "%s is not the recorded program (%" PRIu64
			    " bytes, CRC-32 %08x; recorded: %" PRIu64
			    " bytes, %08x)", rp->program, size, crc,
			    rp->c.program_size, rp->c.program_crc32);
	return 0;
}

/* The recorded areas, made afresh in a temporary directory. */
static int fresh_swap(struct replay *rp)
{
	const char *tmp = getenv("TMPDIR");
	char spec[PATH_MAX + 64];
	unsigned i;

	snprintf(rp->tmpdir, sizeof(rp->tmpdir), "%s/i386mm-replay-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(rp->tmpdir)) {
		rp->tmpdir[0] = '\0';
		return fail(rp, "a temporary directory for swap: %s",
			    strerror(errno));
	}
	for (i = 0; i < rp->c.nr_swap; i++) {
		int n = snprintf(spec, sizeof(spec), "%s/swap%u:%" PRIu64,
				 rp->tmpdir, i, rp->c.swap[i].bytes);

		if (rp->c.swap[i].prio >= 0)
			snprintf(spec + n, sizeof(spec) - (size_t)n,
				 ",pri=%d", rp->c.swap[i].prio);
		rp->nr_tmp = i + 1;
		if (swap_boot_add("--swap", spec))
			return EXIT_REPLAY_FAILED;
	}
	return 0;
}

static void remove_fresh_swap(struct replay *rp)
{
	char path[PATH_MAX + 32];
	unsigned i;

	if (!rp->tmpdir[0])
		return;
	for (i = 0; i < rp->nr_tmp; i++) {
		snprintf(path, sizeof(path), "%s/swap%u", rp->tmpdir, i);
		unlink(path);
	}
	rmdir(rp->tmpdir);
}

static int set_swap(struct replay *rp)
{
	const struct replay_options *ro = rp->ro;
	unsigned i;
	int err;

	swap_boot_reset();
	if (!ro->nr_swap)
		err = rp->c.nr_swap ? fresh_swap(rp) : 0;
	else
		for (i = 0, err = 0; i < ro->nr_swap && !err; i++)
			err = swap_boot_add("--swap", ro->swap[i]);
	if (!err)
		err = swap_boot_prepare();
	return err ? EXIT_REPLAY_FAILED : 0;
}

/* The recorded machine, changed where the command line says. */
static int set_machine(struct replay *rp)
{
	const struct replay_options *ro = rp->ro;
	struct run_options *o = &rp->o;
	int same_tlbs;

	run_options_init(o);
	o->mem_bytes = ro->mem_bytes ? ro->mem_bytes : rp->c.mem_bytes;
	o->itlb_entries = ro->itlb_entries ? ro->itlb_entries
					   : rp->c.itlb_entries;
	o->itlb_ways = ro->itlb_entries ? ro->itlb_ways : rp->c.itlb_ways;
	o->dtlb_entries = ro->dtlb_entries ? ro->dtlb_entries
					   : rp->c.dtlb_entries;
	o->dtlb_ways = ro->dtlb_entries ? ro->dtlb_ways : rp->c.dtlb_ways;
	o->policy = ro->policy ? ro->policy : rp->c.policy;
	o->seed = rp->c.seed;
	o->quantum = rp->c.quantum;
	o->root = ro->root ? ro->root : rp->c.root;
	o->program = rp->program;
	o->argc = (int)rp->c.argc;
	o->argv = rp->c.argv;
	o->stats = ro->stats;
	o->stats_json = ro->stats_json;
	o->replay = rp->r;
	o->replay_fault_trace = rp->c.kind == TRACE_FAULTS;
	same_tlbs = o->itlb_entries == rp->c.itlb_entries &&
		    o->itlb_ways == rp->c.itlb_ways &&
		    o->dtlb_entries == rp->c.dtlb_entries &&
		    o->dtlb_ways == rp->c.dtlb_ways;
	o->replay_exact = same_tlbs && o->mem_bytes == rp->c.mem_bytes &&
			  !ro->nr_swap && (!ro->policy ||
			  !strcmp(ro->policy, rp->c.policy));
	if (o->replay_fault_trace && !same_tlbs)
		return fail(rp, "a fault trace replays only on the recorded "
			    "TLBs (%u:%u and %u:%u): the accesses they served "
			    "are not in it (record with --record-accesses to "
			    "change them)", rp->c.itlb_entries,
			    rp->c.itlb_ways, rp->c.dtlb_entries,
			    rp->c.dtlb_ways);
	if (o->replay_fault_trace && !o->replay_exact)
		fprintf(stderr, "i386mm: replay: %s is a fault trace: on "
			"another machine its replay is approximate (the "
			"accesses the TLBs served are not in it)\n", ro->trace);
	return 0;
}

static int open_trace(struct replay *rp)
{
	char err[512];

	if (trace_open(&rp->r, rp->ro->trace, &rp->c, err, sizeof(err))) {
		rp->r = NULL;
		fprintf(stderr, "i386mm: replay: %s\n", err);
		return EXIT_REPLAY_FAILED;
	}
	if (rp->c.kind == TRACE_IMPORTED)
		return fail(rp, "an imported trace holds no kernel run to "
			    "replay: give --frames N for a pure replay");
	if (!rp->c.argc)
		return fail(rp, "the trace names no program");
	return 0;
}

static void show_progress(void *opaque, uint64_t done, uint64_t total,
			  uint64_t records)
{
	progress_show(opaque, "replaying", done, total, records);
}

static void end_progress(void *opaque)
{
	progress_end(opaque);
}

static int run_replay(struct replay *rp)
{
	struct run_options *o = &rp->o;
	struct progress p;
	int diverged = 0;

	if (o->stats_json) {
		o->stats_json_file = fopen(o->stats_json, "w");
		if (!o->stats_json_file) {
			fprintf(stderr, "i386mm: --stats-json %s: %s\n",
				o->stats_json, strerror(errno));
			return EXIT_USAGE;
		}
	}
	o->replay_diverged = &diverged;
	progress_init(&p, rp->ro->progress);
	replay_set_progress(show_progress, end_progress, &p);
	i386mm_run(o);
	replay_set_progress(NULL, NULL, NULL);
	if (o->stats_json_file && fclose(o->stats_json_file)) {
		fprintf(stderr, "i386mm: --stats-json %s: %s\n", o->stats_json,
			strerror(errno));
		return EXIT_REPLAY_FAILED;
	}
	return diverged ? EXIT_REPLAY_FAILED : 0;
}

int kernel_replay(const struct replay_options *ro)
{
	struct replay rp;
	int status;

	memset(&rp, 0, sizeof(rp));
	rp.ro = ro;
	status = open_trace(&rp);
	if (!status)
		status = find_program(&rp);
	if (!status)
		status = set_machine(&rp);
	if (!status)
		status = set_swap(&rp);
	if (!status)
		status = run_replay(&rp);
	swap_boot_reset();
	remove_fresh_swap(&rp);
	if (rp.r)
		trace_close(rp.r);
	trace_config_free(&rp.c);
	return status;
}
