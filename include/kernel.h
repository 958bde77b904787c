/*
 * kernel.h - the machine as `i386mm run` drives it: what the command line
 * chose (struct run_options), booting the kernel, executing the first
 * program, running it to its end and shutting down with the "nothing
 * lost" check.
 *
 *	kernel_boot(o)		mem_init, the MMU and its TLBs, the CPU
 *	run_init_process(o, st)	exec PROGRAM as pid 1, run it until it
 *				exits or is killed, tear it down, count
 *	kernel_shutdown()	the CPU, the MMU, then emulated memory
 *
 * i386mm_run() does all three; src/main.c only parses the options.
 */
#ifndef I386MM_KERNEL_H
#define I386MM_KERNEL_H

#include <stdint.h>
#include <stdio.h>

/*
 * Basic blocks per cpu_run call: a process's time slice, and how often
 * the run loop looks around (--quantum N, 1..RUN_QUANTUM_MAX).
 */
#define RUN_QUANTUM_BLOCKS	100000u
#define RUN_QUANTUM_MAX		1000000000u

/*
 * The largest TLBs the command line accepts. Every iTLB entry is a code
 * page mapped in Unicorn, whose cost grows with the number of regions
 * (about 1 ms per map+unmap at 512) and which aborts near 4,000 of them.
 */
#define ITLB_MAX_ENTRIES	1024u
#define DTLB_MAX_ENTRIES	65536u

/*
 * The emulator's own memory, whatever the guest does (issue 8): its peak
 * resident set stays within
 *
 *	--mem * I386MM_RSS_MEM_NUM / I386MM_RSS_MEM_DEN
 *	      + I386MM_RSS_CONSTANT_KIB + I386MM_RSS_TRANSLATION_KIB
 *
 * The emulated RAM is one host buffer of --mem bytes, and mem_map, page
 * tables and every kernel object (VMAs, tasks, files, dentries, inodes)
 * live inside it, so a guest that maps, forks or fills more only meets
 * the OOM killer. Host allocations that a guest can multiply are bounded
 * through it: each process's Unicorn register context (5.5 KiB, under
 * the 20 KiB or so of emulated memory a process needs at the least) and
 * the per-call VMA arrays of the CPU layer (8 bytes per VMA, at most
 * vm.max_map_count). The constant is the program, Unicorn, the host C
 * library and the code pages' bookkeeping. Each swap area adds its
 * swap_map, 2 bytes per 4 KiB slot (1/2048 of its size), touched as its
 * slots are used: the areas are the user's, or a root guest's swapon of
 * a file it could write (--root-rw). Measured (release build,
 * tests/guests/maxrss.c): 100,000 mmaps at vm.max_map_count, a 2 GiB
 * MAP_NORESERVE mapping touched to OOM, 256 MiB through swap and an
 * unlimited fork bomb peak at most at --mem + 17.4 MiB at 16M and
 * --mem + 41.6 MiB at 64M, both the fork bomb's (1,721 processes at
 * 64M: their contexts, and code translated again after each switch).
 *
 * I386MM_RSS_TRANSLATION_KIB is Unicorn 2.0.1's translated code: one
 * 1 GiB buffer that 2.0.1 cannot be told to size, which fills with all
 * the code a guest has had translated since the last flush, plus the
 * blocks' bookkeeping on the heap. src/cpu/tbcache.c flushes it before
 * it is full (Unicorn's own flush crashed), and every flush zeroes all
 * of it, so only a guest that makes that much code (a JIT) reaches this
 * part of the bound: the other guest_hostile_rss_* cases stay within the
 * bound without it.
 * Measured: hostile_wild jit_flood (a gigabyte of code, then a flush)
 * peaked at 1,036 MiB at 16M, and eight million small JIT functions (six
 * flushes, the most blocks the buffer holds, hence the most bookkeeping)
 * at 1,137 MiB at 16M. The sanitizer builds are not bounded (ASan's
 * shadow memory).
 */
#define I386MM_RSS_MEM_NUM	3
#define I386MM_RSS_MEM_DEN	2
#define I386MM_RSS_CONSTANT_KIB	(48 * 1024)
#define I386MM_RSS_TRANSLATION_KIB (1152 * 1024)

/* Exit statuses of `i386mm run` other than the guest's own (as a shell). */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_NOEXEC	126	/* PROGRAM is not a runnable i386 file */
#define EXIT_NOTFOUND	127	/* PROGRAM does not exist */
#define EXIT_INTERNAL	70	/* the emulator failed (EX_SOFTWARE) */

struct trace_reader;

struct run_options {
	uint64_t mem_bytes;			/* --mem */
	unsigned itlb_entries, itlb_ways;	/* --itlb N[:WAYS] */
	unsigned dtlb_entries, dtlb_ways;	/* --dtlb N[:WAYS] */
	int stats;				/* --stats: table on stderr */
	const char *stats_json;			/* --stats-json FILE */
	FILE *stats_json_file;			/* opened by the parser */
	int strace;				/* --strace */
	uint64_t seed;				/* --seed N */
	uint64_t quantum;			/* --quantum N */
	int real_time;				/* --real-time */
	const char *root;			/* --root DIR (host path) */
	int root_rw;				/* --root-rw: / is writable */
	const char *policy;			/* --policy NAME; NULL: linux */
	int check_invariants;			/* --check-invariants */
	const char *program;			/* host path of PROGRAM */
	int argc;				/* PROGRAM and its ARGS */
	char **argv;

	/* record.h: a recording (--record), or a replay (kernel_replay) */
	const char *record;			/* --record FILE */
	int record_accesses;			/* --record-accesses */
	struct trace_reader *replay;		/* the trace CPU reads it */
	int replay_fault_trace, replay_exact;
	int *replay_diverged;			/* set if the replay diverged */
};

/*
 * cmdline.c: what run and replay parse alike. usage_error prints one line
 * ("i386mm: " and the command's prefix, set once: "replay: ") and returns
 * EXIT_USAGE; parse_u64 takes a plain decimal number, all of s (0 or -1);
 * parse_mem a --mem SIZE, parse_tlb N[:WAYS] (WAYS defaults to
 * default_ways, or N if smaller; entries / ways a power of two): 0 or
 * EXIT_USAGE after the line.
 */
void usage_set_command(const char *command);
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int parse_u64(const char *s, uint64_t *out);
int parse_mem(const char *opt, const char *v, uint64_t *out);
int parse_tlb(const char *opt, const char *v, unsigned max,
	      unsigned default_ways, unsigned *entries, unsigned *ways);

/* Defaults for everything the command line may leave out. */
void run_options_init(struct run_options *o);

/*
 * Boot the machine for o: emulated memory, the MMU with o's TLBs made
 * current, the CPU and its system-call entry. 0, or -errno with one line
 * naming the problem on stderr and nothing left allocated.
 */
int kernel_boot(const struct run_options *o);
/* Everything kernel_boot set up, in reverse order. */
void kernel_shutdown(void);

/*
 * Free frames once every slab cache has given its free slabs back: the
 * "nothing lost" figure. kernel_boot stores it in free_pages_boot just
 * before the first exec; the run compares it after the last exit.
 */
unsigned long kernel_free_pages(void);

/*
 * Execute o->program as pid 1 and run it to its end, then tear it down
 * and fill *st (every figure but the wall time). Returns the exit status
 * a shell would report: the guest's exit code, 128 + signal when it was
 * killed, EXIT_NOTFOUND / EXIT_NOEXEC when exec refused the file (after
 * one line "i386mm: PROGRAM: why" on stderr), EXIT_INTERNAL if the
 * emulator itself failed.
 */
struct run_stats;
int run_init_process(const struct run_options *o, struct run_stats *st);

/*
 * Tasks (task.c). A task_struct is a kernel object in emulated lowmem,
 * from its own slab cache, as in Linux. alloc_task gives a zeroed task
 * in TASK_RUNNING with Linux 2.6's initial rlimits and no mm, ctx or pid;
 * free_task releases it and its CPU context.
 */
int task_cache_init(void);
void task_cache_exit(void);
struct task_struct *alloc_task(void);
void free_task(struct task_struct *tsk);

/* kernel_boot, run_init_process, kernel_shutdown, then the statistics
 * o asks for; returns the exit status of `i386mm run`. */
int i386mm_run(const struct run_options *o);

/*
 * record_run.c: `run --record`. record_begin (after kernel_boot) writes
 * the trace's header and starts recording; record_end (after the run)
 * completes the file. 0, or -1 after one line on stderr.
 */
struct trace_writer;
int record_begin(const struct run_options *o, struct trace_writer **w);
int record_end(const struct run_options *o, struct trace_writer *w);
/* A file's size and CRC-32 (zlib's): 0 or -errno. */
int file_identity(const char *path, uint64_t *size, uint32_t *crc);

#endif
