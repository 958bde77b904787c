/*
 * stats.h - what `i386mm run` reports about a run: --stats prints a table
 * on stderr once the guest is gone, --stats-json FILE writes one JSON
 * object. Counter names are /proc/vmstat's where Linux has the counter
 * (every vm_events item, by vm_event_names) and the contract's own names
 * otherwise (itlb_hits, page_walks, free_pages_exit...).
 *
 * The JSON holds only figures that follow from the inputs: the same run
 * gives the same bytes. Wall time goes to the table alone.
 */
#ifndef I386MM_STATS_H
#define I386MM_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "vmstat.h"

struct mmu;

struct run_stats {
	/* the machine */
	uint64_t mem_bytes;
	unsigned long totalram_pages;		/* frames not reserved */
	unsigned itlb_entries, itlb_ways;
	unsigned dtlb_entries, dtlb_ways;

	/* the guest */
	char comm[16];
	int exit_status;			/* as i386mm exits with it */
	int signal;				/* killed by it, else 0 */
	uint64_t utime_blocks;		/* task: basic blocks run */
	unsigned long min_flt, maj_flt;	/* task: its faults */

	/* memory: nr_free_pages when the guest exited, before teardown;
	 * the boot and exit figures are the "nothing lost" pair */
	unsigned long nr_free_pages;
	unsigned long free_pages_boot, free_pages_exit;
	unsigned long swap_used_exit;
	uint64_t vm_events[NR_VM_EVENT_ITEMS];

	/* the MMU; flushes and invlpg act on both TLBs, counted once */
	uint64_t itlb_hits, itlb_misses, dtlb_hits, dtlb_misses;
	uint64_t tlb_flushes, page_walks, invlpg;

	struct cpu_stats cpu;
	int replay;			/* a replay: no engine counters */

	double wall_seconds;			/* the table only */
};

/* Copy the vm_events, TLB and CPU counters as they are now. */
void stats_snapshot(struct run_stats *s, const struct mmu *mmu);

/* The table, grouped: memory, faults, TLB, CPU. */
void stats_print(FILE *f, const struct run_stats *s);

/* One JSON object, keys in a fixed order. 0, or -errno. */
int stats_write_json(FILE *f, const struct run_stats *s);

#endif
