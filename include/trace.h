/*
 * trace.h - the trace file: what a recorded (or imported) run looks like
 * on disk, and the writer and reader every other part uses. Nothing else
 * knows the byte layout.
 *
 * A trace is a small uncompressed header, then one zlib (deflate) stream
 * of records ending with a TR_END record that holds the number of records
 * before it and the CRC-32 of their encoded bytes:
 *
 *   "I386MMTR"  u32 version  u32 config_len  u32 config_crc32   (LE)
 *   config: config_len bytes of "key=value\n" text (see trace_config)
 *   zlib stream: records..., TR_END
 *
 * So `i386mm trace info` can print the configuration without inflating
 * anything, and a reader notices corruption (CRC), truncation (no TR_END,
 * or a short zlib stream) and files from a newer i386mm (version).
 *
 * Three kinds of trace:
 *   faults   - `run --record`: the CPU's accesses that reached the memory
 *              manager (a TLB miss, a page walk, a fault), the TLB hits
 *              between them as counts, and the ways the TLBs filled;
 *   accesses - `run --record-accesses`: every access the CPU made;
 *   imported - `trace import`: accesses only (valgrind lackey, text).
 * Recorded traces also carry what the kernel took from outside the
 * memory manager (system call registers, bytes read from user memory,
 * the host's stdin), so `i386mm replay` re-runs the same kernel with the
 * trace in place of the CPU.
 */
#ifndef I386MM_TRACE_H
#define I386MM_TRACE_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_MAGIC		"I386MMTR"
#define TRACE_VERSION		1
#define TRACE_MAX_SWAP		8
#define TRACE_MAX_ARGS		64
#define TRACE_NR_REGS		16	/* as enum cpu_reg: EAX..GS */
#define TRACE_VICTIM_ITLB	0x10000u
#define TRACE_MAX_DATA		(1u << 20)	/* one TR_UREAD/TR_INPUT */

enum trace_kind {
	TRACE_FAULTS,
	TRACE_ACCESSES,
	TRACE_IMPORTED,
};

/* The run's configuration, written as the header's key=value lines. */
struct trace_config {
	enum trace_kind kind;			/* kind=faults|accesses|imported */
	uint64_t mem_bytes;			/* mem= */
	unsigned itlb_entries, itlb_ways;	/* itlb=N:W */
	unsigned dtlb_entries, dtlb_ways;	/* dtlb=N:W */
	char policy[16];			/* policy=linux */
	unsigned nr_swap;
	struct {
		uint64_t bytes;			/* swap=BYTES,PRIO (repeated) */
		int prio;
	} swap[TRACE_MAX_SWAP];
	uint64_t quantum;			/* quantum= */
	uint64_t seed;				/* seed= */
	char program[4096];			/* program= (host path) */
	uint64_t program_size;			/* program_size= */
	uint32_t program_crc32;			/* program_crc32= (hex) */
	char root[4096];			/* root= (host path) */
	unsigned argc;				/* arg= (repeated, escaped) */
	char *argv[TRACE_MAX_ARGS];		/* owned: trace_config_free */
	char source[4096];			/* source= (imports: "lackey FILE") */
};

/* Free argv; the struct may be reused after. */
void trace_config_free(struct trace_config *c);

enum trace_rec_type {
	TR_RUN = 1,	/* cpu_run begins: pid, budget (max blocks) */
	TR_ACCESS,	/* pid (from the last TR_RUN), kind, va, size, result */
	TR_HITS,	/* fault traces: hits the TLBs served since the last
			 * record: n = dTLB hits, n2 = iTLB hits */
	TR_VICTIM,	/* fault traces: the way a TLB fill took: n = the way
			 * (0..ways-1), plus TRACE_VICTIM_ITLB in the iTLB */
	TR_SYSCALL,	/* int 0x80: regs */
	TR_UREAD,	/* the kernel read user memory: va, len, data */
	TR_INPUT,	/* a read of the host's stdin: n = result, len, data */
	TR_EXIT,	/* cpu_run returned: n = reason, n2 = blocks, signal,
			 * va = fault address, trapno, regs */
	TR_END,		/* the trailer (the reader checks it, never returns it) */
};

enum trace_access_kind {
	TA_READ = 'R',
	TA_WRITE = 'W',
	TA_EXEC = 'X',		/* an instruction fetch (one per basic block) */
};

/* What an access found; TRES_UNKNOWN in imported traces. */
enum trace_result {
	TRES_HIT,		/* the TLB had it */
	TRES_WALK,		/* TLB miss, the page tables had it */
	TRES_MINOR,		/* a page fault fixed without I/O */
	TRES_MAJOR,		/* a page fault that read a file or swap */
	TRES_SIGNAL,		/* a fault that killed or signalled the guest */
	TRES_UNKNOWN,
};

struct trace_record {
	enum trace_rec_type type;
	uint32_t pid;
	char kind;			/* TR_ACCESS: enum trace_access_kind */
	uint8_t size;			/* TR_ACCESS: bytes, 1..8 (0: unknown) */
	uint8_t result;			/* TR_ACCESS: enum trace_result */
	int32_t signal;			/* TR_EXIT */
	uint32_t va;			/* TR_ACCESS, TR_UREAD, TR_EXIT */
	uint32_t trapno;		/* TR_EXIT */
	uint64_t n, n2;			/* per type, as above */
	uint32_t regs[TRACE_NR_REGS];	/* TR_SYSCALL, TR_EXIT */
	uint32_t len;			/* TR_UREAD, TR_INPUT */
	const uint8_t *data;		/* valid until the next trace_next */
};

struct trace_writer;
struct trace_reader;

/*
 * Create path and write c as its header. 0, or -errno with one line in
 * err naming what is wrong. Records follow with trace_put; trace_finish
 * writes TR_END and closes, and only then is the file complete.
 */
int trace_create(struct trace_writer **w, const char *path,
		 const struct trace_config *c, char *err, size_t errlen);
int trace_put(struct trace_writer *w, const struct trace_record *r);
/* Shorthand for the hot case: one TR_ACCESS record. */
int trace_put_access(struct trace_writer *w, uint32_t pid, char kind,
		     uint32_t va, unsigned size, unsigned result);
int trace_finish(struct trace_writer *w, char *err, size_t errlen);
/* Close without a trailer (an error path): the file reads as truncated. */
void trace_abandon(struct trace_writer *w);
uint64_t trace_records_written(const struct trace_writer *w);

/*
 * Open path and read its header into c (the caller frees it with
 * trace_config_free). 0, or -errno with one line in err: not a trace,
 * a version this i386mm does not know, a corrupt header.
 */
int trace_open(struct trace_reader **r, const char *path,
	       struct trace_config *c, char *err, size_t errlen);
/*
 * The next record: 1 with *rec filled, 0 after the last one (the trailer's
 * count and CRC matched), or -1 with one line in err (truncated, corrupt,
 * checksum mismatch). TR_ACCESS records carry the pid of the last TR_RUN.
 */
int trace_next(struct trace_reader *r, struct trace_record *rec,
	       char *err, size_t errlen);
void trace_close(struct trace_reader *r);
/* Bytes of the file consumed so far and its size: for progress. */
void trace_progress(const struct trace_reader *r, uint64_t *done,
		    uint64_t *total);

const char *trace_kind_name(enum trace_kind k);
const char *trace_result_name(unsigned result);

#endif
