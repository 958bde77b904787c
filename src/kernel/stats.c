/*
 * stats.c - the report of a run: the --stats table (for people, on
 * stderr) and the --stats-json object (for tests and scripts). Both read
 * one struct run_stats filled once the guest is gone, so they can never
 * disagree; the JSON leaves out the wall time so it stays byte-identical
 * from run to run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "mmu.h"
#include "stats.h"
#include "vmscan.h"

void stats_snapshot(struct run_stats *s, const struct mmu *mmu)
{
	memcpy(s->vm_events, vm_events, sizeof(s->vm_events));
	s->itlb_hits = mmu->itlb.hits;
	s->itlb_misses = mmu->itlb.misses;
	s->dtlb_hits = mmu->dtlb.hits;
	s->dtlb_misses = mmu->dtlb.misses;
	/* mmu.c flushes and invalidates both TLBs together */
	s->tlb_flushes = mmu->dtlb.flushes;
	s->invlpg = mmu->dtlb.invlpgs;
	s->page_walks = mmu->page_walks;
	s->cpu = *cpu_get_stats();
}

/*
 * The CPU's counters by name, for the JSON. A replay has no Unicorn, so
 * it leaves out the engine's own (windows, code pages, MMIO callbacks).
 */
static const struct {
	const char *name;
	size_t offset;
	int engine_only;
} cpu_counters[] = {
#define CPU_COUNTER(f, e) { #f, offsetof(struct cpu_stats, f), e }
	CPU_COUNTER(blocks, 0),
	CPU_COUNTER(code_pages_mapped, 1),
	CPU_COUNTER(code_pages_unmapped, 1),
	CPU_COUNTER(code_pages_moved, 1),
	CPU_COUNTER(window_rebuilds, 1),
	CPU_COUNTER(windows_mapped, 1),
	CPU_COUNTER(windows_unmapped, 1),
	CPU_COUNTER(data_reads, 1),
	CPU_COUNTER(data_writes, 1),
	CPU_COUNTER(syscalls, 0),
	CPU_COUNTER(emu_starts, 1),
	CPU_COUNTER(tb_flushes, 1),
	CPU_COUNTER(requests, 0),
#undef CPU_COUNTER
};

static uint64_t cpu_counter(const struct cpu_stats *c, size_t offset)
{
	uint64_t v;

	memcpy(&v, (const char *)c + offset, sizeof(v));
	return v;
}

static uint64_t event(const struct run_stats *s, enum vm_event_item i)
{
	return s->vm_events[i];
}

/* percentage of part in whole, 0 for an empty whole */
static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

#define ROW	"  %-26s "

static void print_memory(FILE *f, const struct run_stats *s)
{
	long lost = (long)s->free_pages_boot - (long)s->free_pages_exit;

	fprintf(f, "memory\n");
	fprintf(f, ROW "%" PRIu64 " MiB: %" PRIu64 " frames, %lu usable\n",
		"emulated memory", s->mem_bytes >> 20, s->mem_bytes >> 12,
		s->totalram_pages);
	fprintf(f, ROW "%lu at boot, %lu at the guest's exit\n",
		"free frames", s->free_pages_boot, s->nr_free_pages);
	fprintf(f, ROW "%lu after teardown: %s\n", "",
		s->free_pages_exit, lost ? "FRAMES LOST" : "nothing lost");
	if (lost)
		fprintf(f, ROW "%ld\n", "frames lost", lost);
	fprintf(f, ROW "%lu\n", "swap slots used at exit",
		s->swap_used_exit);
	fprintf(f, ROW "%" PRIu64 " DMA, %" PRIu64 " Normal, %" PRIu64
		" HighMem; %" PRIu64 " freed\n", "pages allocated",
		event(s, pgalloc_dma), event(s, pgalloc_normal),
		event(s, pgalloc_high), event(s, pgfree));
	fprintf(f, ROW "%" PRIu64 " in, %" PRIu64 " out\n", "swap (pages)",
		event(s, pswpin), event(s, pswpout));
	fprintf(f, ROW "%" PRIu64 " scanned, %" PRIu64 " stolen by kswapd; "
		"%" PRIu64 " scanned, %" PRIu64 " stolen directly\n",
		"reclaim", event(s, pgscan_kswapd), event(s, pgsteal_kswapd),
		event(s, pgscan_direct), event(s, pgsteal_direct));
	/* the machine's policy: kept after shutdown, reset at boot */
	fprintf(f, ROW "%s\n", "reclaim policy", reclaim_policy_name());
	fprintf(f, ROW "%" PRIu64 " activated, %" PRIu64 " deactivated, %"
		PRIu64 " rotated\n", "LRU", event(s, pgactivate),
		event(s, pgdeactivate), event(s, pgrotated));
	fprintf(f, ROW "%" PRIu64 "\n", "OOM kills", event(s, oom_kill));
}

static void print_faults(FILE *f, const struct run_stats *s)
{
	fprintf(f, "faults\n");
	fprintf(f, ROW "%" PRIu64 ", %" PRIu64 " major\n", "page faults",
		event(s, pgfault), event(s, pgmajfault));
	fprintf(f, ROW "%lu minor, %lu major\n", "the guest's own",
		s->min_flt, s->maj_flt);
	fprintf(f, ROW "%" PRIu64 " zero page, %" PRIu64 " demand zero, %"
		PRIu64 " file\n", "filled from",
		event(s, zero_page_faults), event(s, demand_zero_faults),
		event(s, file_faults));
	fprintf(f, ROW "%" PRIu64 ": %" PRIu64 " copied, %" PRIu64
		" reused\n", "copy-on-write", event(s, cow_faults),
		event(s, cow_copy), event(s, cow_reuse));
	fprintf(f, ROW "%" PRIu64 "\n", "stack expansions",
		event(s, stack_expansions));
}

static void print_tlb(FILE *f, const char *name, unsigned entries,
		      unsigned ways, uint64_t hits, uint64_t misses)
{
	fprintf(f, "  %-4s %5u entries %4u-way %" PRIu64 " hits, %" PRIu64
		" misses (%.2f%% miss)\n", name, entries, ways, hits, misses,
		pct(misses, hits + misses));
}

static void print_mmu(FILE *f, const struct run_stats *s)
{
	fprintf(f, "TLB\n");
	print_tlb(f, "iTLB", s->itlb_entries, s->itlb_ways, s->itlb_hits,
		  s->itlb_misses);
	print_tlb(f, "dTLB", s->dtlb_entries, s->dtlb_ways, s->dtlb_hits,
		  s->dtlb_misses);
	fprintf(f, ROW "%" PRIu64 " walks, %" PRIu64 " flushes, %" PRIu64
		" invlpg\n", "page tables", s->page_walks, s->tlb_flushes,
		s->invlpg);
}

static void print_cpu(FILE *f, const struct run_stats *s)
{
	const struct cpu_stats *c = &s->cpu;
	uint64_t accesses = c->data_reads + c->data_writes;

	fprintf(f, "CPU\n");
	fprintf(f, ROW "%" PRIu64 " (the guest's: %" PRIu64 ")\n",
		"basic blocks", c->blocks, s->utime_blocks);
	fprintf(f, ROW "%" PRIu64 "\n", "system calls", c->syscalls);
	fprintf(f, ROW "%" PRIu64 " reads, %" PRIu64 " writes\n",
		"data accesses", c->data_reads, c->data_writes);
	fprintf(f, ROW "%" PRIu64 " mapped, %" PRIu64 " unmapped, %" PRIu64
		" moved\n", "code pages", c->code_pages_mapped,
		c->code_pages_unmapped, c->code_pages_moved);
	fprintf(f, ROW "%" PRIu64 " mapped, %" PRIu64 " unmapped, %" PRIu64
		" rebuilds\n", "MMIO windows", c->windows_mapped,
		c->windows_unmapped, c->window_rebuilds);
	fprintf(f, ROW "%" PRIu64 "\n", "uc_emu_start calls", c->emu_starts);
	fprintf(f, ROW "%" PRIu64 "\n", "translation flushes", c->tb_flushes);
	fprintf(f, ROW "%.3f s\n", "wall time", s->wall_seconds);
	if (s->wall_seconds > 0)
		fprintf(f, ROW "%.0f per second\n", "data accesses",
			(double)accesses / s->wall_seconds);
}

void stats_print(FILE *f, const struct run_stats *s)
{
	fprintf(f, "i386mm: %s: ", s->comm);
	if (s->signal)
		fprintf(f, "killed by signal %d, ", s->signal);
	fprintf(f, "exit status %d\n", s->exit_status);
	print_memory(f, s);
	print_faults(f, s);
	print_mmu(f, s);
	print_cpu(f, s);
	fflush(f);
}

/* Writes "name": value, with the separator the previous key needs. */
static void json_u64(FILE *f, int *first, const char *name, uint64_t v)
{
	fprintf(f, "%s\n  \"%s\": %" PRIu64, *first ? "{" : ",", name, v);
	*first = 0;
}

int stats_write_json(FILE *f, const struct run_stats *s)
{
	int first = 1;
	size_t i;

	json_u64(f, &first, "exit_status", (uint64_t)s->exit_status);
	json_u64(f, &first, "signal", (uint64_t)s->signal);
	json_u64(f, &first, "mem_bytes", s->mem_bytes);
	json_u64(f, &first, "totalram_pages", s->totalram_pages);
	json_u64(f, &first, "nr_free_pages", s->nr_free_pages);
	json_u64(f, &first, "free_pages_boot", s->free_pages_boot);
	json_u64(f, &first, "free_pages_exit", s->free_pages_exit);
	json_u64(f, &first, "swap_used_exit", s->swap_used_exit);
	for (i = 0; i < NR_VM_EVENT_ITEMS; i++)
		json_u64(f, &first, vm_event_names[i], s->vm_events[i]);
	json_u64(f, &first, "itlb_entries", s->itlb_entries);
	json_u64(f, &first, "itlb_ways", s->itlb_ways);
	json_u64(f, &first, "itlb_hits", s->itlb_hits);
	json_u64(f, &first, "itlb_misses", s->itlb_misses);
	json_u64(f, &first, "dtlb_entries", s->dtlb_entries);
	json_u64(f, &first, "dtlb_ways", s->dtlb_ways);
	json_u64(f, &first, "dtlb_hits", s->dtlb_hits);
	json_u64(f, &first, "dtlb_misses", s->dtlb_misses);
	json_u64(f, &first, "tlb_flushes", s->tlb_flushes);
	json_u64(f, &first, "page_walks", s->page_walks);
	json_u64(f, &first, "invlpg", s->invlpg);
	for (i = 0; i < sizeof(cpu_counters) / sizeof(cpu_counters[0]); i++)
		if (!s->replay || !cpu_counters[i].engine_only)
			json_u64(f, &first, cpu_counters[i].name,
				 cpu_counter(&s->cpu, cpu_counters[i].offset));
	json_u64(f, &first, "faults", event(s, pgfault));
	json_u64(f, &first, "utime_blocks", s->utime_blocks);
	json_u64(f, &first, "min_flt", s->min_flt);
	json_u64(f, &first, "maj_flt", s->maj_flt);
	fputs("\n}\n", f);
	if (fflush(f) || ferror(f))
		return -(errno ? errno : EIO);
	return 0;
}
