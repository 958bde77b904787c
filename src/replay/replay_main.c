/*
 * replay_main.c - `i386mm replay [OPTIONS] FILE`: the command line into
 * struct replay_options (include/replay.h), then the pure replay
 * (--frames or --mrc: pure.c) or the full one (kernel_replay). Every bad
 * command line ends here with one line naming the problem and exit
 * status 2, before the trace is opened.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel.h"
#include "mmu.h"
#include "page.h"
#include "policy.h"
#include "replay.h"
#include "sim.h"
#include "swap_boot.h"

static const char usage_text[] =
"usage: i386mm replay [OPTIONS] FILE [OPTIONS]\n"
"\n"
"Replays the trace FILE (i386mm run --record or --record-accesses, or\n"
"i386mm trace import).\n"
"\n"
"Pure replay, for access traces: the requests for pages (pid, address)\n"
"over exactly N frames under one policy, no kernel:\n"
"  --frames N          N page frames (1..4294967294)\n"
"  --policy NAME       lru (default), fifo, clock, opt (Belady's optimal)\n"
"                      or linux (Linux 2.6's active and inactive lists)\n"
"  --mrc SIZES         instead of --frames: the miss-ratio curve, as CSV\n"
"                      (frames,requests,faults,miss_ratio), for SIZES: a\n"
"                      comma list of frame counts or FIRST:LAST:STEP\n"
"                      ranges, e.g. 64,128,256 or 64:4096:64 (at most\n"
"                      4096 sizes); one pass: a stack algorithm for lru\n"
"                      and opt, every size side by side for the others\n"
"  -o FILE             write the curve to FILE (default stdout)\n"
"\n"
"Full replay (no --frames or --mrc): the recorded run's kernel again,\n"
"with the trace in place of the CPU; what-if options change the machine:\n"
"  --mem SIZE          emulated physical memory, 4M..4G\n"
"  --itlb N[:WAYS]     instruction TLB: entries and ways\n"
"  --dtlb N[:WAYS]     data TLB: entries and ways\n"
"  --swap FILE[:SIZE][,pri=N]\n"
"                      swap areas (repeatable, as for run), in place of\n"
"                      the recorded ones\n"
"  --policy NAME       the kernel's reclaim policy (linux, fifo, clock)\n"
"  --root DIR          where the program's files are (default: the\n"
"                      recorded root)\n"
"\n"
"Both (--stats and --stats-json: a full replay or --frames, not --mrc):\n"
"  --stats             print statistics on stderr at the end\n"
"  --stats-json FILE   write them to FILE as one JSON object (a pure\n"
"                      replay's: requests, hits, faults, evictions, and\n"
"                      requests and faults per kind)\n"
"  --progress          show progress on stderr (default: if a terminal)\n"
"  --no-progress       never show it\n"
"\n"
"SIZE is bytes, or a number with a K, M or G suffix. Exit status: 0,\n"
"1 if the trace cannot be read or used (or a full replay diverged from\n"
"it), 2 for a bad command line.\n";

static int set_frames(struct replay_options *o, const char *opt,
		      const char *v)
{
	if (parse_u64(v, &o->frames) || !o->frames ||
	    o->frames > POLICY_MAX_FRAMES)
		return usage_error("%s %s: not a number 1..%u", opt, v,
				   (unsigned)POLICY_MAX_FRAMES);
	return 0;
}

static int set_policy(struct replay_options *o, const char *opt,
		      const char *v)
{
	if (!*v)
		return usage_error("%s: empty name", opt);
	o->policy = v;
	return 0;
}

static int set_mrc(struct replay_options *o, const char *opt, const char *v)
{
	uint64_t *size;
	unsigned n;
	char err[160];

	if (mrc_parse_sizes(v, &size, &n, err, sizeof(err)))
		return usage_error("%s %s: %s", opt, v, err);
	free(size);
	o->mrc = v;
	return 0;
}

static int set_file(const char **to, const char *opt, const char *v)
{
	if (!*v)
		return usage_error("%s: empty file name", opt);
	*to = v;
	return 0;
}

static int set_output(struct replay_options *o, const char *opt,
		      const char *v)
{
	return set_file(&o->output, opt, v);
}

static int set_stats_json(struct replay_options *o, const char *opt,
			  const char *v)
{
	return set_file(&o->stats_json, opt, v);
}

static int set_mem(struct replay_options *o, const char *opt, const char *v)
{
	return parse_mem(opt, v, &o->mem_bytes);
}

static int set_itlb(struct replay_options *o, const char *opt,
		    const char *v)
{
	return parse_tlb(opt, v, ITLB_MAX_ENTRIES, ITLB_DEFAULT_WAYS,
			 &o->itlb_entries, &o->itlb_ways);
}

static int set_dtlb(struct replay_options *o, const char *opt,
		    const char *v)
{
	return parse_tlb(opt, v, DTLB_MAX_ENTRIES, DTLB_DEFAULT_WAYS,
			 &o->dtlb_entries, &o->dtlb_ways);
}

/* checked with run's parser, which it leaves empty for kernel_replay */
static int set_swap(struct replay_options *o, const char *opt,
		    const char *v)
{
	int err;

	if (o->nr_swap == REPLAY_MAX_SWAP)
		return usage_error("%s %s: at most %d swap areas", opt, v,
				   REPLAY_MAX_SWAP);
	err = swap_boot_add(opt, v);
	swap_boot_reset();
	if (err)
		return err;
	o->swap[o->nr_swap++] = v;
	return 0;
}

static int set_root(struct replay_options *o, const char *opt,
		    const char *v)
{
	struct stat st;

	if (stat(v, &st))
		return usage_error("%s %s: %s", opt, v, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return usage_error("%s %s: not a directory", opt, v);
	o->root = v;
	return 0;
}

static int set_stats(struct replay_options *o, const char *opt,
		     const char *v)
{
	(void)opt;
	(void)v;
	o->stats = 1;
	return 0;
}

static int set_progress(struct replay_options *o, const char *opt,
			const char *v)
{
	(void)v;
	o->progress = !strcmp(opt, "--progress");
	return 0;
}

enum { PURE = 1, FULL = 2, BOTH = 3 };

static const struct replay_option {
	const char *name;
	int has_value;
	int mode;	/* the replays it belongs to */
	int (*set)(struct replay_options *o, const char *opt, const char *v);
} option_table[] = {
	{ "--frames",      1, PURE, set_frames },
	{ "--mrc",         1, PURE, set_mrc },
	{ "-o",            1, PURE, set_output },
	{ "--mem",         1, FULL, set_mem },
	{ "--itlb",        1, FULL, set_itlb },
	{ "--dtlb",        1, FULL, set_dtlb },
	{ "--swap",        1, FULL, set_swap },
	{ "--root",        1, FULL, set_root },
	{ "--policy",      1, BOTH, set_policy },
	{ "--stats",       0, BOTH, set_stats },
	{ "--stats-json",  1, BOTH, set_stats_json },
	{ "--progress",    0, BOTH, set_progress },
	{ "--no-progress", 0, BOTH, set_progress },
};

#define NR_OPTIONS (sizeof(option_table) / sizeof(*option_table))

static const struct replay_option *find_option(const char *arg, size_t len)
{
	size_t i;

	for (i = 0; i < NR_OPTIONS; i++)
		if (strlen(option_table[i].name) == len &&
		    !strncmp(option_table[i].name, arg, len))
			return &option_table[i];
	return NULL;
}

/* the options given, one bit per table entry */
struct seen {
	unsigned bits;
};

/* argv[*i] is an option: apply it (and its value). 0 or EXIT_USAGE. */
static int parse_option(struct replay_options *o, struct seen *seen,
			int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct replay_option *opt = find_option(arg, len);

	if (!opt)
		return usage_error("unknown option '%.*s' (see i386mm replay "
				   "--help)", (int)len, arg);
	seen->bits |= 1u << (opt - option_table);
	if (!opt->has_value) {
		if (eq)
			return usage_error("%s takes no value", opt->name);
		return opt->set(o, opt->name, NULL);
	}
	if (eq)
		return opt->set(o, opt->name, eq + 1);
	if (*i + 1 >= argc)
		return usage_error("%s needs a value", opt->name);
	return opt->set(o, opt->name, argv[++*i]);
}

/* the given options of the other mode, named: 0 or EXIT_USAGE */
static int check_mode(const struct replay_options *o, const struct seen *s)
{
	int pure = o->frames || o->mrc, mode = pure ? PURE : FULL;
	char names[160] = "";
	size_t i;

	if (o->frames && o->mrc)
		return usage_error("--frames and --mrc: give one (--mrc has "
				   "its own sizes)");
	for (i = 0; i < NR_OPTIONS; i++) {
		if (!(s->bits & (1u << i)) || (option_table[i].mode & mode))
			continue;
		if (*names)
			strncat(names, ", ", sizeof(names) - strlen(names) - 1);
		strncat(names, option_table[i].name,
			sizeof(names) - strlen(names) - 1);
	}
	if (*names)
		return usage_error(pure ? "%s: only for a full replay, not "
				   "with --frames or --mrc" : "%s: only for a "
				   "pure replay (--frames or --mrc)", names);
	if (pure && o->policy && !policy_find(o->policy))
		return usage_error("--policy %s: pure replay's policies are "
				   "%s", o->policy, policy_names);
	if (o->output && !o->mrc)
		return usage_error("-o %s: the curve's file goes with --mrc "
				   "(--frames prints its summary)", o->output);
	if (o->mrc && (o->stats || o->stats_json))
		return usage_error("--stats and --stats-json go with --frames; "
				   "--mrc writes the curve's CSV");
	return 0;
}

static int replay_parse(struct replay_options *o, int argc, char **argv)
{
	struct seen seen = { 0 };
	int i, err, options = 1;

	memset(o, 0, sizeof(*o));
	o->progress = -1;
	for (i = 0; i < argc; i++) {
		if (options && !strcmp(argv[i], "--")) {
			options = 0;
			continue;
		}
		if (options && (!strcmp(argv[i], "--help") ||
				!strcmp(argv[i], "-h")))
			return -1;
		if (options && argv[i][0] == '-' && argv[i][1]) {
			err = parse_option(o, &seen, argc, argv, &i);
			if (err)
				return err;
			continue;
		}
		if (o->trace)
			return usage_error("unexpected argument '%s' (one "
					   "FILE)", argv[i]);
		o->trace = argv[i];
	}
	if (!o->trace)
		return usage_error("no FILE given (see i386mm replay --help)");
	return check_mode(o, &seen);
}

int replay_main(int argc, char **argv)
{
	struct replay_options o;
	int err;

	usage_set_command("replay: ");
	err = replay_parse(&o, argc, argv);

	if (err < 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (err)
		return err;
	return o.frames || o.mrc ? pure_replay(&o) : kernel_replay(&o);
}
