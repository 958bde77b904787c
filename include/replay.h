/*
 * replay.h - `i386mm replay` and `i386mm trace`: the entry points of the
 * two commands and the options replay shares between its two modes.
 *
 *   full replay  (no --frames): the recorded run's kernel is booted again
 *                and runs with the trace in place of the CPU (kernel_replay,
 *                src/kernel/replay_run.c); --mem, --swap, --itlb, --dtlb and
 *                --policy change the machine for what-if studies.
 *   pure replay  (--frames N): the trace's accesses over exactly N frames
 *                under one replacement policy, no kernel (pure_replay,
 *                src/replay/); --mrc gives a miss-ratio curve.
 */
#ifndef I386MM_REPLAY_H
#define I386MM_REPLAY_H

#include <stdint.h>

#define REPLAY_MAX_SWAP	8

struct replay_options {
	const char *trace;			/* FILE */

	/* pure replay */
	uint64_t frames;			/* --frames N: 0 for a full replay */
	const char *policy;			/* --policy NAME; NULL: default */
	const char *mrc;			/* --mrc SIZES (comma list) */
	const char *output;			/* -o FILE: the MRC's CSV */

	/* full replay: 0 / NULL keeps the recorded configuration */
	uint64_t mem_bytes;			/* --mem */
	unsigned itlb_entries, itlb_ways;	/* --itlb N[:WAYS] */
	unsigned dtlb_entries, dtlb_ways;	/* --dtlb N[:WAYS] */
	unsigned nr_swap;			/* --swap FILE[:SIZE][,pri=N] */
	const char *swap[REPLAY_MAX_SWAP];
	const char *root;			/* --root DIR: the program's files */

	int stats;				/* --stats */
	const char *stats_json;			/* --stats-json FILE */
	int progress;				/* -1 auto (a tty), 0 off, 1 on */
};

/* `i386mm replay ARGS` and `i386mm trace ARGS`: exit statuses. */
int replay_main(int argc, char **argv);
int trace_main(int argc, char **argv);

/* The two modes, after the options are parsed: exit statuses. */
int pure_replay(const struct replay_options *o);
int kernel_replay(const struct replay_options *o);

#endif
