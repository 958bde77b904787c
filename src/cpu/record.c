/*
 * record.c - a recording run (record.h): the Unicorn CPU's events and the
 * kernel's taps written into the trace as they happen, in the one order
 * the replay will ask for them.
 *
 * A fault trace keeps no record of an access the TLB served: it counts
 * them and writes the counts (TR_HITS) before the next record of any
 * kind, and writes the way of every TLB fill (TR_VICTIM), which is all a
 * replay needs to keep its TLBs as the run's were (record.h says why).
 *
 * A write error is kept, not reported at once: the run goes on as it
 * would have, and record_stop says what went wrong.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cpu_internal.h"
#include "record.h"
#include "sched.h"
#include "trace.h"

enum trace_mode trace_mode;

static struct {
	struct trace_writer *w;
	int all_accesses;
	uint64_t dtlb_hits, itlb_hits;	/* served since the last record */
	int err;
} rec;

static void put(const struct trace_record *r);

static void flush_hits(void)
{
	struct trace_record r = { .type = TR_HITS };

	if (!rec.dtlb_hits && !rec.itlb_hits)
		return;
	r.n = rec.dtlb_hits;
	r.n2 = rec.itlb_hits;
	rec.dtlb_hits = rec.itlb_hits = 0;
	put(&r);
}

static void put(const struct trace_record *r)
{
	int err;

	if (rec.err || !rec.w)
		return;
	if (r->type != TR_HITS)
		flush_hits();
	err = trace_put(rec.w, r);
	if (err)
		rec.err = err;
}

static void read_regs(uint32_t *regs)
{
	unsigned i;

	for (i = 0; i < CPU_NR_REGS && i < TRACE_NR_REGS; i++)
		regs[i] = ucpu_get_reg((enum cpu_reg)i);
}

/* The TLBs' fill_way hook: note the way LRU chose, keep it. */
static unsigned note_fill_way(void *opaque, const struct tlb *tlb,
			      unsigned way)
{
	struct trace_record r = { .type = TR_VICTIM, .n = way };

	if (tlb == &cpu0.mmu->itlb)
		r.n |= TRACE_VICTIM_ITLB;
	(void)opaque;
	put(&r);
	return way;
}

int record_start(struct trace_writer *w, int all_accesses)
{
	if (!w || !cpu0.mmu || trace_mode != TRACE_OFF)
		return -EINVAL;
	memset(&rec, 0, sizeof(rec));
	rec.w = w;
	rec.all_accesses = all_accesses;
	if (!all_accesses) {
		cpu0.mmu->itlb.fill_way = note_fill_way;
		cpu0.mmu->dtlb.fill_way = note_fill_way;
	}
	trace_mode = TRACE_RECORDING;
	return 0;
}

int record_stop(char *err, size_t errlen)
{
	int ret;

	if (trace_mode != TRACE_RECORDING)
		return 0;
	flush_hits();
	if (cpu0.mmu) {
		cpu0.mmu->itlb.fill_way = NULL;
		cpu0.mmu->dtlb.fill_way = NULL;
	}
	trace_mode = TRACE_OFF;
	ret = rec.err;
	if (ret && err)
		snprintf(err, errlen, "cannot write the trace: %s",
			 strerror(-ret));
	memset(&rec, 0, sizeof(rec));
	return ret;
}

void record_run(uint64_t budget)
{
	struct trace_record r = { .type = TR_RUN, .n = budget };

	r.pid = current ? (uint32_t)current->pid : 0;
	put(&r);
}

void record_exit(const struct cpu_exit *ex)
{
	struct trace_record r = { .type = TR_EXIT };

	r.n = ex->reason;
	r.n2 = ex->blocks;
	r.signal = ex->signal;
	r.va = ex->fault_addr;
	r.trapno = ex->trapno;
	read_regs(r.regs);
	put(&r);
}

static char kind_char(enum access_kind kind)
{
	return kind == ACCESS_WRITE ? TA_WRITE :
	       kind == ACCESS_EXEC ? TA_EXEC : TA_READ;
}

void record_access(uint32_t va, enum access_kind kind, unsigned size,
		   unsigned result)
{
	int err;

	if (rec.err || !rec.w)
		return;
	if (result == TRES_HIT && !rec.all_accesses) {
		if (kind == ACCESS_EXEC)
			rec.itlb_hits++;
		else
			rec.dtlb_hits++;
		return;
	}
	flush_hits();
	err = trace_put_access(rec.w, current ? (uint32_t)current->pid : 0,
			       kind_char(kind), va, size, result);
	if (err)
		rec.err = err;
}

void record_syscall(void)
{
	struct trace_record r = { .type = TR_SYSCALL };

	read_regs(r.regs);
	put(&r);
}

/* ---- the taps, recording side (trace_cpu.c has the replaying side) ---- */

void record_uread(uint32_t va, const void *buf, uint32_t len)
{
	struct trace_record r = { .type = TR_UREAD, .va = va, .len = len };

	r.data = buf;
	put(&r);
}

void record_input(long result, const void *buf, uint32_t len)
{
	struct trace_record r = { .type = TR_INPUT };

	r.n = (uint64_t)(int64_t)result;
	r.len = len;
	r.data = buf;
	put(&r);
}
