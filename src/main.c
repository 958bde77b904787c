/*
 * main.c - the i386mm command: parse the command line, then hand over to
 * the kernel (include/kernel.h). Every bad option ends here with one line
 * naming it and exit status 2, before anything is booted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel.h"
#include "replay.h"
#include "mmu.h"
#include "page.h"
#include "swap_boot.h"
#include "vmscan.h"

#define I386MM_VERSION	"0.1.0"

static const char usage_text[] =
"usage: i386mm run [OPTIONS] PROGRAM [ARGS...]\n"
"       i386mm mkswap FILE SIZE [--label L]\n"
"       i386mm --help | --version\n"
"\n"
"Runs a static i386 Linux program on an emulated i386 MMU and a\n"
"Linux-2.6-style memory manager. PROGRAM is a host path; options after\n"
"it belong to the guest.\n"
"\n"
"options of run:\n"
"  --mem SIZE          emulated physical memory, 4M..4G (default 64M)\n"
"  --itlb N[:WAYS]     instruction TLB: entries and ways (default 32:4)\n"
"  --dtlb N[:WAYS]     data TLB: entries and ways (default 64:4)\n"
"  --stats             print statistics on stderr once the guest exits\n"
"  --stats-json FILE   write the statistics to FILE as one JSON object\n"
"  --strace            trace the guest's system calls on stderr\n"
"  --seed N            seed of the guest's random bytes (default 0)\n"
"  --quantum N         time slice of a process in basic blocks\n"
"                      (default 100000)\n"
"  --real-time         give the guest the host's clock\n"
"  --root DIR          the guest's root directory (default .), read-only\n"
"  --root-rw           let the guest write in its root directory\n"
"  --record FILE       record the run into a trace FILE for `replay`:\n"
"                      its TLB misses and page faults\n"
"  --record-accesses   with --record: every memory access\n"
"  --check-invariants  check the memory manager's accounting after every\n"
"                      fault, fork, exit, reclaim pass and swapoff; a\n"
"                      violation is reported and the run exits with 70\n"
"  --swap FILE[:SIZE][,pri=N]\n"
"                      swap to FILE (repeatable); a missing FILE is\n"
"                      created with SIZE, an existing one must be a swap\n"
"                      area (of SIZE if given); pri 0..32767, default\n"
"                      decreasing from -1 in the order given\n"
"  --policy NAME       page reclaim: linux (default: Linux 2.6's active\n"
"                      and inactive lists), fifo (the oldest page first)\n"
"                      or clock (second chance for a referenced page)\n"
"\n"
"SIZE is bytes, or a number with a K, M or G suffix. TLB entries divided\n"
"by ways must be a power of two. The guest also has /proc, /dev and an\n"
"empty /tmp in memory. Exit status: the guest's, 128+N if signal N\n"
"killed it (137 if its processes waited for ever on each other),\n"
"126 if PROGRAM cannot be executed, 127 if it does not exist, 2 for a\n"
"bad command line.\n"
"\n"
"mkswap writes a Linux swap area (blkid: TYPE=\"swap\") of SIZE bytes at\n"
"FILE: exit 2 for a bad command line, 1 if FILE cannot be written.\n";

static int set_mem(struct run_options *o, const char *opt, const char *v)
{
	return parse_mem(opt, v, &o->mem_bytes);
}

static int set_itlb(struct run_options *o, const char *opt, const char *v)
{
	return parse_tlb(opt, v, ITLB_MAX_ENTRIES, ITLB_DEFAULT_WAYS,
			 &o->itlb_entries, &o->itlb_ways);
}

static int set_dtlb(struct run_options *o, const char *opt, const char *v)
{
	return parse_tlb(opt, v, DTLB_MAX_ENTRIES, DTLB_DEFAULT_WAYS,
			 &o->dtlb_entries, &o->dtlb_ways);
}

static int set_stats(struct run_options *o, const char *opt, const char *v)
{
	(void)opt;
	(void)v;
	o->stats = 1;
	return 0;
}

static int set_stats_json(struct run_options *o, const char *opt,
			  const char *v)
{
	if (!*v)
		return usage_error("%s: empty file name", opt);
	o->stats_json = v;
	return 0;
}

static int set_seed(struct run_options *o, const char *opt, const char *v)
{
	if (parse_u64(v, &o->seed))
		return usage_error("%s %s: not a number 0..%" PRIu64, opt, v,
				   UINT64_MAX);
	return 0;
}

static int set_quantum(struct run_options *o, const char *opt,
		       const char *v)
{
	if (parse_u64(v, &o->quantum) || !o->quantum ||
	    o->quantum > RUN_QUANTUM_MAX)
		return usage_error("%s %s: not a number 1..%" PRIu64, opt, v,
				   (uint64_t)RUN_QUANTUM_MAX);
	return 0;
}

static int set_root(struct run_options *o, const char *opt, const char *v)
{
	struct stat st;

	if (stat(v, &st))
		return usage_error("%s %s: %s", opt, v, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return usage_error("%s %s: not a directory", opt, v);
	o->root = v;
	return 0;
}

static int set_root_rw(struct run_options *o, const char *opt,
		       const char *v)
{
	(void)opt;
	(void)v;
	o->root_rw = 1;
	return 0;
}

static int set_strace(struct run_options *o, const char *opt, const char *v)
{
	(void)opt;
	(void)v;
	o->strace = 1;
	return 0;
}

static int set_real_time(struct run_options *o, const char *opt,
			 const char *v)
{
	(void)opt;
	(void)v;
	o->real_time = 1;
	return 0;
}

static int set_check_invariants(struct run_options *o, const char *opt,
				const char *v)
{
	(void)opt;
	(void)v;
	o->check_invariants = 1;
	return 0;
}

static int set_swap(struct run_options *o, const char *opt, const char *v)
{
	(void)o;
	return swap_boot_add(opt, v);
}

static int set_record(struct run_options *o, const char *opt, const char *v)
{
	(void)opt;
	o->record = v;
	return 0;
}

static int set_record_accesses(struct run_options *o, const char *opt,
			       const char *v)
{
	(void)opt;
	(void)v;
	o->record_accesses = 1;
	return 0;
}

/*
 * A replay re-reads the guest's files and feeds the kernel the recorded
 * bytes in place of the host's clock: both must stay as they were.
 */
static int check_record(const struct run_options *o)
{
	if (o->record_accesses && !o->record)
		return usage_error("--record-accesses needs --record FILE");
	if (!o->record)
		return 0;
	if (!*o->record)
		return usage_error("--record: no FILE");
	if (o->root_rw)
		return usage_error("--record and --root-rw: a recorded run "
				   "must leave its root as it was, for the "
				   "replay (the guest may write in /tmp)");
	if (o->real_time)
		return usage_error("--record and --real-time: a recorded run "
				   "keeps the virtual clock");
	return 0;
}

static int set_policy(struct run_options *o, const char *opt,
		      const char *v)
{
	if (reclaim_policy_lookup(v) < 0)
		return usage_error("%s %s: not a reclaim policy (%s)", opt, v,
				   reclaim_policy_names);
	o->policy = v;
	return 0;
}

static const struct run_option {
	const char *name;
	int has_value;
	int (*set)(struct run_options *o, const char *opt, const char *v);
} run_option_table[] = {
	{ "--mem",        1, set_mem },
	{ "--itlb",       1, set_itlb },
	{ "--dtlb",       1, set_dtlb },
	{ "--stats",      0, set_stats },
	{ "--stats-json", 1, set_stats_json },
	{ "--seed",       1, set_seed },
	{ "--quantum",    1, set_quantum },
	{ "--root",       1, set_root },
	{ "--root-rw",    0, set_root_rw },
	{ "--strace",     0, set_strace },
	{ "--real-time",  0, set_real_time },
	{ "--swap",       1, set_swap },
	{ "--check-invariants", 0, set_check_invariants },
	{ "--policy",     1, set_policy },
	{ "--record",     1, set_record },
	{ "--record-accesses", 0, set_record_accesses },
};

static const struct run_option *find_option(const char *arg, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(run_option_table) / sizeof(*run_option_table);
	     i++)
		if (strlen(run_option_table[i].name) == len &&
		    !strncmp(run_option_table[i].name, arg, len))
			return &run_option_table[i];
	return NULL;
}

/* argv[*i] is an option: apply it (and its value). 0 or EXIT_USAGE. */
static int parse_option(struct run_options *o, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct run_option *opt = find_option(arg, len);
	char name[32];

	if (!opt)
		return usage_error("unknown option '%.*s' (see i386mm --help)",
				   (int)len, arg);
	snprintf(name, sizeof(name), "%s", opt->name);
	if (!opt->has_value) {
		if (eq)
			return usage_error("%s takes no value", name);
		return opt->set(o, name, NULL);
	}
	if (eq)
		return opt->set(o, name, eq + 1);
	if (*i + 1 >= argc)
		return usage_error("%s needs a value", name);
	return opt->set(o, name, argv[++*i]);
}

static int parse_run(struct run_options *o, int argc, char **argv)
{
	int i, err;

	for (i = 0; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			exit(0);
		}
		err = parse_option(o, argc, argv, &i);
		if (err)
			return err;
	}
	if (i >= argc)
		return usage_error("run: no PROGRAM given (see i386mm --help)");
	o->program = argv[i];
	o->argc = argc - i;
	o->argv = argv + i;
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	struct run_options o;
	int err, status;

	run_options_init(&o);
	err = parse_run(&o, argc, argv);
	if (!err)
		err = check_record(&o);
	if (!err)
		err = swap_boot_prepare();
	if (err)
		return err;
	if (o.stats_json) {
		o.stats_json_file = fopen(o.stats_json, "w");
		if (!o.stats_json_file)
			return usage_error("--stats-json %s: %s", o.stats_json,
					   strerror(errno));
	}
	status = i386mm_run(&o);
	if (o.stats_json_file && fclose(o.stats_json_file) && !status) {
		fprintf(stderr, "i386mm: --stats-json %s: %s\n", o.stats_json,
			strerror(errno));
		status = EXIT_INTERNAL;
	}
	return status;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("i386mm %s\n", I386MM_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "mkswap"))
		return cmd_mkswap(argc - 2, argv + 2);
	if (!strcmp(cmd, "replay"))
		return replay_main(argc - 2, argv + 2);
	if (!strcmp(cmd, "trace"))
		return trace_main(argc - 2, argv + 2);
	return usage_error("unknown command '%s' (see i386mm --help)", cmd);
}
