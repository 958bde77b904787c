/*
 * trace_cpu.c - the CPU of a replay (record.h): no engine, only the
 * trace. cpu_run reads the recorded slice of the running process and
 * does to the MMU what the CPU did, access after access, calls the
 * kernel's syscall handler with the recorded registers at each system
 * call, and returns as the recorded slice ended. The taps hand the
 * kernel the bytes it read from user memory and from stdin.
 *
 * The registers live in an array: the kernel reads what the trace last
 * set (a system call's, or a slice's end) and what it wrote itself since.
 *
 * Every record is checked against what the replayed kernel does; the
 * first difference is kept as the divergence, and from then on every
 * cpu_run kills the process it is asked to run, so the run ends quickly
 * and tears down as any other (nothing lost).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cpu_internal.h"
#include "mm.h"
#include "progress.h"
#include "record.h"
#include "sched.h"
#include "trace.h"

#define MAX_QUEUED_WAYS	64

static struct {
	struct trace_reader *r;
	int fault_trace, exact;
	uint32_t regs[CPU_NR_REGS];
	uint64_t tls[GDT_ENTRY_TLS_ENTRIES];
	uint64_t nrec;			/* records read */
	int ended;			/* the trailer was read */
	int killed;			/* a replayed access's signal */
	/* a fault trace's fill ways read ahead of their access */
	struct {
		uint8_t way, itlb;
	} ways[MAX_QUEUED_WAYS];
	unsigned nr_ways;
	int diverged;
	char why[320];
} tc;

/* The progress line's callbacks: set before the replay boots. */
static struct {
	void (*show)(void *opaque, uint64_t done, uint64_t total,
		     uint64_t records);
	void (*end)(void *opaque);
	void *opaque;
} progress;

static void diverge(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void diverge(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (tc.diverged)
		return;
	tc.diverged = 1;
	n = snprintf(tc.why, sizeof(tc.why), "record %llu: ",
		     (unsigned long long)tc.nrec);
	va_start(ap, fmt);
	vsnprintf(tc.why + n, sizeof(tc.why) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void show_progress(void)
{
	uint64_t done, total;

	trace_progress(tc.r, &done, &total);
	progress.show(progress.opaque, done, total, tc.nrec);
}

void replay_set_progress(void (*show)(void *opaque, uint64_t done,
				      uint64_t total, uint64_t records),
			 void (*end)(void *opaque), void *opaque)
{
	progress.show = show;
	progress.end = end;
	progress.opaque = opaque;
}

/*
 * The next record other than TR_HITS (added to the TLBs' counters, as
 * the hits it stands for would have) and, unless the TLBs follow the
 * recorded ways, TR_VICTIM. 1, or 0 at the end, after a divergence or a
 * bad trace (which is a divergence too, with the reader's words).
 */
static int pull(struct trace_record *rec)
{
	char err[256];
	int ret;

	while (!tc.diverged && !tc.ended) {
		ret = trace_next(tc.r, rec, err, sizeof(err));
		if (ret < 0) {
			diverge("%s", err);
			return 0;
		}
		if (ret == 0) {
			tc.ended = 1;
			return 0;
		}
		if (!(++tc.nrec % PROGRESS_EVERY) && progress.show)
			show_progress();
		if (rec->type == TR_HITS) {
			cpu0.mmu->dtlb.hits += rec->n;
			cpu0.mmu->itlb.hits += rec->n2;
			cpu_stats.requests += rec->n + rec->n2;
			continue;
		}
		if (rec->type == TR_VICTIM && !(tc.fault_trace && tc.exact))
			continue;
		return 1;
	}
	return 0;
}

static const char *type_name(enum trace_rec_type t)
{
	static const char *const names[] = {
		[TR_RUN] = "a slice", [TR_ACCESS] = "an access",
		[TR_HITS] = "TLB hits", [TR_VICTIM] = "a TLB fill",
		[TR_SYSCALL] = "a system call",
		[TR_UREAD] = "a read of user memory",
		[TR_INPUT] = "a read of stdin", [TR_EXIT] = "a slice's end",
		[TR_END] = "the end",
	};

	return (unsigned)t < sizeof(names) / sizeof(*names) && names[t] ?
	       names[t] : "an unknown record";
}

/* The next record, which must be of type want. 1, or 0 (diverged). */
static int expect(struct trace_record *rec, enum trace_rec_type want)
{
	if (!pull(rec)) {
		diverge("the replay needs %s where the trace ends",
			type_name(want));
		return 0;
	}
	if (rec->type != want) {
		diverge("the replay needs %s where the recording has %s",
			type_name(want), type_name(rec->type));
		return 0;
	}
	return 1;
}

static void queue_way(const struct trace_record *rec)
{
	uint64_t way = rec->n & ~(uint64_t)TRACE_VICTIM_ITLB;

	if (tc.nr_ways == MAX_QUEUED_WAYS) {
		diverge("more TLB fills than one access makes");
		return;
	}
	tc.ways[tc.nr_ways].way = way > 255 ? 255 : (uint8_t)way;
	tc.ways[tc.nr_ways].itlb = (rec->n & TRACE_VICTIM_ITLB) != 0;
	tc.nr_ways++;
}

/* The TLBs' fill_way hook: the way the recorded run's fill took. */
static unsigned take_fill_way(void *opaque, const struct tlb *tlb,
			      unsigned way)
{
	struct trace_record rec;
	unsigned itlb = tlb == &cpu0.mmu->itlb, got;

	(void)opaque;
	if (!tc.nr_ways) {
		if (!expect(&rec, TR_VICTIM))
			return way;
		queue_way(&rec);
	}
	got = tc.ways[0].way;
	if (tc.ways[0].itlb != itlb || got >= tlb->ways) {
		diverge("the replay fills the %s where the recording filled "
			"the %s", itlb ? "iTLB" : "dTLB",
			tc.ways[0].itlb ? "iTLB" : "dTLB");
		got = way;
	}
	tc.nr_ways--;
	memmove(&tc.ways[0], &tc.ways[1], tc.nr_ways * sizeof(tc.ways[0]));
	return got;
}


static enum access_kind access_kind(char k)
{
	return k == TA_WRITE ? ACCESS_WRITE :
	       k == TA_EXEC ? ACCESS_EXEC : ACCESS_READ;
}

static void replay_access(const struct trace_record *rec)
{
	unsigned result;
	uint32_t pa;
	int sig = 0;

	if (rec->pid != (uint32_t)current->pid) {
		diverge("an access of pid %u while pid %d runs", rec->pid,
			current->pid);
		return;
	}
	/*
	 * A block's fetch is a lookup, because the CPU had the page mapped;
	 * on another machine it may not be, and then the CPU would have
	 * faulted on the fetch, as cpu_access does.
	 */
	if (rec->kind == TA_EXEC && rec->size == 0 && tc.exact)
		cpu_fetch(rec->va, &result);
	else
		sig = cpu_access(rec->va, access_kind(rec->kind), rec->size,
				 &pa, &result);
	if (tc.exact && result != rec->result)
		diverge("the %c access at 0x%08x was a %s, now a %s",
			rec->kind, rec->va, trace_result_name(rec->result),
			trace_result_name(result));
	if (sig && !tc.killed)
		tc.killed = sig;
}

static void replay_syscall(const struct trace_record *rec)
{
	memcpy(tc.regs, rec->regs, sizeof(tc.regs));
	cpu_stats.syscalls++;
	if (!cpu_syscall)
		tc.regs[CPU_EAX] = (uint32_t)-ENOSYS;
	else
		cpu_syscall(cpu_syscall_opaque);
}

static void end_slice(const struct trace_record *rec, struct cpu_exit *ex)
{
	if (tc.killed && rec->n != CPU_EXIT_SIGNAL)
		diverge("pid %d was killed by signal %d, but the recorded "
			"run went on", current->pid, tc.killed);
	ex->reason = (enum cpu_exit_reason)rec->n;
	ex->blocks = rec->n2;
	ex->signal = rec->signal;
	ex->fault_addr = rec->va;
	ex->trapno = rec->trapno;
	memcpy(tc.regs, rec->regs, sizeof(tc.regs));
	cpu_stats.blocks += rec->n2;
}

/* After a divergence: the process dies at once, so the run ends. */
static void kill_slice(struct cpu_exit *ex)
{
	ex->reason = CPU_EXIT_SIGNAL;
	ex->signal = SIGKILL;
}

static int tcpu_run(uint64_t max_blocks, struct cpu_exit *ex)
{
	struct trace_record rec;
	int ended = 0;

	if (!current_mm || !max_blocks || !ex)
		return -EINVAL;
	memset(ex, 0, sizeof(*ex));
	tc.killed = 0;
	if (expect(&rec, TR_RUN) &&
	    (rec.pid != (uint32_t)current->pid || rec.n != max_blocks))
		diverge("pid %d runs for %llu blocks where the recording "
			"ran pid %u for %llu", current->pid,
			(unsigned long long)max_blocks, rec.pid,
			(unsigned long long)rec.n);
	while (!tc.diverged && pull(&rec)) {
		if (rec.type == TR_VICTIM) {
			queue_way(&rec);
			continue;
		}
		if (tc.nr_ways && rec.type != TR_ACCESS) {
			diverge("a TLB fill the replay did not make");
			break;
		}
		if (tc.killed && rec.type != TR_EXIT) {
			diverge("pid %d was killed by signal %d, but the "
				"recorded run went on", current->pid,
				tc.killed);
			break;
		}
		if (rec.type == TR_ACCESS) {
			replay_access(&rec);
			if (tc.nr_ways)
				diverge("a TLB fill the replay did not make");
		} else if (rec.type == TR_SYSCALL) {
			replay_syscall(&rec);
		} else if (rec.type == TR_EXIT) {
			end_slice(&rec, ex);
			ended = 1;
			break;
		} else {
			diverge("the replay runs pid %d where the recording "
				"has %s", current->pid, type_name(rec.type));
		}
	}
	if (!ended)
		diverge("the trace ends while pid %d runs", current->pid);
	if (tc.diverged)
		kill_slice(ex);
	return 0;
}

static void tcpu_destroy(void)
{
	if (cpu0.mmu) {
		cpu0.mmu->itlb.fill_way = NULL;
		cpu0.mmu->dtlb.fill_way = NULL;
	}
	trace_mode = TRACE_OFF;
	memset(&tc, 0, sizeof(tc));
	memset(&cpu0, 0, sizeof(cpu0));
}

static void tcpu_set_mm(struct mm_struct *mm)
{
	switch_mm(mm);
}

static void tcpu_nothing(void)
{
}

static uint32_t tcpu_get_reg(enum cpu_reg reg)
{
	if ((unsigned)reg >= CPU_NR_REGS)
		return 0;
	return reg >= CPU_CS ? tc.regs[reg] & 0xffff : tc.regs[reg];
}

static int tcpu_set_reg(enum cpu_reg reg, uint32_t value)
{
	if ((unsigned)reg >= CPU_NR_REGS)
		return -EINVAL;
	tc.regs[reg] = value;
	return 0;
}

static int tcpu_set_tls_desc(unsigned entry, uint32_t base, uint32_t limit,
			     uint32_t flags)
{
	if (entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX ||
	    (flags & ~0x7fu))
		return -EINVAL;
	tc.tls[entry - GDT_ENTRY_TLS_MIN] =
		user_desc_empty(base, limit, flags) ? 0 :
		user_desc_to_desc(base, limit, flags);
	return 0;
}

static uint64_t tcpu_get_tls_desc(unsigned entry)
{
	if (entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX)
		return 0;
	return tc.tls[entry - GDT_ENTRY_TLS_MIN];
}

/* As a new program starts: zero, flat user segments. */
static void tcpu_reset_regs(void)
{
	memset(tc.regs, 0, sizeof(tc.regs));
	memset(tc.tls, 0, sizeof(tc.tls));
	tc.regs[CPU_CS] = __USER_CS;
	tc.regs[CPU_SS] = tc.regs[CPU_DS] = tc.regs[CPU_ES] = __USER_DS;
	tc.regs[CPU_EFLAGS] = 0x202;
}

static struct cpu_context *tcpu_context_alloc(void)
{
	struct cpu_context *ctx = calloc(1, sizeof(*ctx));

	if (ctx)
		ctx->fresh = 1;
	return ctx;
}

static void tcpu_context_free(struct cpu_context *ctx)
{
	free(ctx);
}

static void tcpu_context_save(struct cpu_context *ctx)
{
	memcpy(ctx->regs, tc.regs, sizeof(ctx->regs));
	memcpy(ctx->tls, tc.tls, sizeof(ctx->tls));
	ctx->fresh = 0;
}

static void tcpu_context_restore(const struct cpu_context *ctx)
{
	if (ctx->fresh) {
		tcpu_reset_regs();
		return;
	}
	memcpy(tc.regs, ctx->regs, sizeof(tc.regs));
	memcpy(tc.tls, ctx->tls, sizeof(tc.tls));
}

const struct cpu_ops trace_cpu_ops = {
	.destroy = tcpu_destroy,
	.set_mm = tcpu_set_mm,
	.mm_layout_changed = tcpu_nothing,
	.run = tcpu_run,
	.request_stop = tcpu_nothing,
	.get_reg = tcpu_get_reg,
	.set_reg = tcpu_set_reg,
	.set_tls_desc = tcpu_set_tls_desc,
	.get_tls_desc = tcpu_get_tls_desc,
	.context_alloc = tcpu_context_alloc,
	.context_free = tcpu_context_free,
	.context_save = tcpu_context_save,
	.context_restore = tcpu_context_restore,
	.reset_regs = tcpu_reset_regs,
};

int cpu_init_replay(struct mmu *mmu, struct trace_reader *r, int fault_trace,
		    int exact)
{
	if (!mmu || !r || trace_mode != TRACE_OFF)
		return -EINVAL;
	memset(&tc, 0, sizeof(tc));
	memset(&cpu0, 0, sizeof(cpu0));
	cpu0.mmu = mmu;
	tc.r = r;
	tc.fault_trace = fault_trace;
	tc.exact = exact;
	tcpu_reset_regs();
	if (fault_trace && exact) {
		mmu->itlb.fill_way = take_fill_way;
		mmu->dtlb.fill_way = take_fill_way;
	}
	cpu_use_trace_ops();
	trace_mode = TRACE_REPLAYING;
	return 0;
}

int replay_finish(char *err, size_t errlen)
{
	struct trace_record rec;

	if (progress.end)
		progress.end(progress.opaque);
	if (!tc.diverged && pull(&rec))
		diverge("the recording goes on (%s) after the replayed run "
			"ended", type_name(rec.type));
	if (!tc.diverged)
		return 0;
	snprintf(err, errlen, "%s", tc.why);
	return -1;
}

/* ---- the taps ---- */

void trace_uread(uint32_t va, void *buf, uint32_t len)
{
	struct trace_record rec;

	if (trace_mode == TRACE_RECORDING) {
		record_uread(va, buf, len);
		return;
	}
	if (trace_mode != TRACE_REPLAYING || !expect(&rec, TR_UREAD))
		return;
	if (rec.va != va || rec.len != len) {
		diverge("the kernel reads %u bytes at 0x%08x where the "
			"recorded one read %u at 0x%08x", len, va, rec.len,
			rec.va);
		return;
	}
	memcpy(buf, rec.data, len);
}

uint32_t trace_ustr(uint32_t va, char *buf, uint32_t len, uint32_t max)
{
	struct trace_record rec;

	if (trace_mode == TRACE_RECORDING) {
		record_uread(va, buf, len);
		return len;
	}
	if (trace_mode != TRACE_REPLAYING || !expect(&rec, TR_UREAD))
		return len;
	if (rec.va != va || rec.len > max || !rec.len) {
		diverge("the kernel reads a string at 0x%08x where the "
			"recorded one read %u bytes at 0x%08x", va, rec.len,
			rec.va);
		return len;
	}
	memcpy(buf, rec.data, rec.len);
	return rec.len;
}

long trace_host(long result, void *buf, size_t len)
{
	struct trace_record rec;
	long r;

	if (len > TRACE_MAX_DATA || (result >= 0 && !buf))
		len = 0;
	if (trace_mode == TRACE_RECORDING) {
		record_input(result, buf, result >= 0 ? (uint32_t)len : 0);
		return result;
	}
	if (trace_mode != TRACE_REPLAYING || !expect(&rec, TR_INPUT))
		return result;
	r = (long)(int64_t)rec.n;
	if (rec.len > len || (r < 0 && rec.len)) {
		diverge("a host call that filled %zu bytes filled %u", len,
			rec.len);
		return result;
	}
	if (rec.len)
		memcpy(buf, rec.data, rec.len);
	return r;
}

ssize_t trace_input(int fd, void *buf, size_t count)
{
	ssize_t n;

	if (trace_mode != TRACE_OFF && count > TRACE_MAX_DATA)
		count = TRACE_MAX_DATA;
	if (trace_mode == TRACE_REPLAYING)	/* not the replay's stdin */
		return trace_host(0, buf, count);
	do
		n = read(fd, buf, count);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = -errno;
	if (trace_mode == TRACE_RECORDING)
		trace_host((long)n, buf, n > 0 ? (size_t)n : 0);
	return n;
}

int trace_output_dropped(void)
{
	return trace_mode == TRACE_REPLAYING;
}
