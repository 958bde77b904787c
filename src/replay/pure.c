/*
 * pure.c - the pure replay (`i386mm replay --frames N` or `--mrc SIZES`):
 * every TR_ACCESS record of an access trace is a request for the page
 * (pid, va >> 12), served by one replacement policy over exactly N frames,
 * or by many sizes at once (sim.h), with no kernel in the way. Fault
 * traces are refused: they lack the TLB hits' pages.
 *
 * OPT needs the future, so it reads the trace twice over: a first pass
 * gives each page a dense number and writes the requests to an unlinked
 * temporary file ($TMPDIR, else /tmp; 8 bytes a request), a backward pass
 * over the mapped file finds every request's next use (future.c), and the
 * replay runs over the file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "future.h"
#include "kernel.h"
#include "progress.h"
#include "replay.h"
#include "sim.h"
#include "trace.h"

enum { K_READ, K_WRITE, K_EXEC, NR_KINDS };

struct pure {
	const struct replay_options *o;
	struct trace_reader *r;
	struct sim sim;
	uint64_t *size;		/* --mrc sizes, or the one --frames */
	unsigned nsizes;
	struct progress pg;
	uint64_t records;	/* of every type */
	uint64_t req[NR_KINDS], flt[NR_KINDS];	/* --frames only */
	char err[320];
};

static unsigned kind_index(char kind)
{
	return kind == TA_WRITE ? K_WRITE : kind == TA_EXEC ? K_EXEC : K_READ;
}

static void tick(struct pure *p, const char *what)
{
	uint64_t done, total;

	trace_progress(p->r, &done, &total);
	progress_show(&p->pg, what, done, total, p->records);
}

/* the next TR_ACCESS: 1, 0 at the end, -1 with p->err */
static int next_access(struct pure *p, struct trace_record *rec,
		       const char *what)
{
	int x;

	while ((x = trace_next(p->r, rec, p->err, sizeof(p->err))) == 1) {
		if (!(++p->records % PROGRESS_EVERY))
			tick(p, what);
		if (rec->type == TR_ACCESS)
			return 1;
	}
	return x;
}

static inline int account(struct pure *p, unsigned kind, int fault)
{
	if (fault < 0) {
		snprintf(p->err, sizeof(p->err), "%s: out of memory",
			 p->o->trace);
		return -1;
	}
	p->req[kind]++;
	p->flt[kind] += (unsigned)fault;
	return 0;
}

/*
 * every policy but opt: one pass over the trace. One size calls the
 * policy straight: this is the loop bench_replay times.
 */
static int replay_stream(struct pure *p)
{
	struct policy *one = p->sim.mode == SIM_POLICIES && p->sim.n == 1 ?
			     p->sim.p[0] : NULL;
	struct trace_record rec;
	uint64_t key;
	int x, f;

	while ((x = trace_next(p->r, &rec, p->err, sizeof(p->err))) == 1) {
		if (!(++p->records % PROGRESS_EVERY))
			tick(p, "replay");
		if (rec.type != TR_ACCESS)
			continue;
		key = PAGE_KEY(rec.pid, rec.va);
		if (one) {
			p->sim.requests++;
			f = policy_access(one, key, 0);
		} else {
			f = sim_access(&p->sim, key, 0);
		}
		if (account(p, kind_index(rec.kind), f))
			return -1;
	}
	return x;
}

/* opt, pass 1: the requests as dense ids and kinds, into f; n of them */
static int write_requests(struct pure *p, FILE *f, uint64_t *n,
			  uint32_t *npages)
{
	enum { BATCH = 8192 };
	struct future_req buf[BATCH];
	struct trace_record rec;
	struct phash ids;
	size_t used = 0;
	uint32_t id;
	int x;

	if (phash_init(&ids, 1u << 16))
		return snprintf(p->err, sizeof(p->err), "out of memory"), -1;
	*n = 0;
	*npages = 0;
	while ((x = next_access(p, &rec, "opt, pass 1/2")) == 1) {
		uint64_t key = PAGE_KEY(rec.pid, rec.va);

		id = phash_get(&ids, key);
		if (id == PHASH_NONE) {
			if (*npages == FUTURE_MAX_PAGES) {
				snprintf(p->err, sizeof(p->err), "%s: opt "
					 "handles up to %u distinct pages",
					 p->o->trace, FUTURE_MAX_PAGES);
				x = -1;
				break;
			}
			if (phash_put(&ids, key, *npages)) {
				snprintf(p->err, sizeof(p->err), "out of "
					 "memory");
				x = -1;
				break;
			}
			id = (*npages)++;
		}
		if (*n == FUTURE_MAX_REQUESTS) {
			snprintf(p->err, sizeof(p->err), "%s: opt handles up "
				 "to %llu requests", p->o->trace,
				 (unsigned long long)FUTURE_MAX_REQUESTS);
			x = -1;
			break;
		}
		buf[used].idk = id | (uint32_t)kind_index(rec.kind) << 30;
		buf[used].next = 0;
		(*n)++;
		if (++used == BATCH) {
			if (fwrite(buf, sizeof(*buf), used, f) != used)
				goto io;
			used = 0;
		}
	}
	phash_free(&ids);
	if (x == 0 && used && fwrite(buf, sizeof(*buf), used, f) != used)
		goto io_freed;
	if (x == 0 && fflush(f))
		goto io_freed;
	return x;
io:
	phash_free(&ids);
io_freed:
	snprintf(p->err, sizeof(p->err), "opt's temporary file: %s",
		 strerror(errno));
	return -1;
}

/* opt, pass 2: the backward pass, then the replay over the mapped file */
static int replay_future(struct pure *p, int fd, uint64_t n, uint32_t npages)
{
	struct future_req *req;
	uint32_t *last = malloc((npages ? npages : 1) * sizeof(*last));
	uint64_t i, next;
	int ret = 0;

	if (!last)
		return snprintf(p->err, sizeof(p->err), "out of memory"), -1;
	if (!n) {
		free(last);
		return 0;
	}
	req = mmap(NULL, n * sizeof(*req), PROT_READ | PROT_WRITE, MAP_SHARED,
		   fd, 0);
	if (req == MAP_FAILED) {
		free(last);
		snprintf(p->err, sizeof(p->err), "opt's temporary file: %s",
			 strerror(errno));
		return -1;
	}
	future_fill(req, n, last, npages);
	free(last);
	for (i = 0; i < n && !ret; i++) {
		next = req[i].next == FUTURE_NEVER ? NEXT_NEVER : req[i].next;
		ret = account(p, FUTURE_KIND(req[i].idk),
			      sim_access(&p->sim, FUTURE_ID(req[i].idk),
					 next));
		if (!(i % PROGRESS_EVERY))
			progress_show(&p->pg, "opt, pass 2/2", i, n, i);
	}
	munmap(req, n * sizeof(*req));
	return ret;
}

static int replay_opt(struct pure *p)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	uint32_t npages;
	uint64_t n;
	FILE *f;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/i386mm-opt-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w+"))) {
		snprintf(p->err, sizeof(p->err), "opt's temporary file in %s: "
			 "%s", dir && *dir ? dir : "/tmp", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	unlink(path);
	ret = write_requests(p, f, &n, &npages);
	if (!ret)
		ret = replay_future(p, fileno(f), n, npages);
	fclose(f);
	return ret;
}

static uint64_t sum(const uint64_t *v)
{
	return v[K_READ] + v[K_WRITE] + v[K_EXEC];
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static void print_stats(const struct pure *p, FILE *f)
{
	static const char *const names[NR_KINDS] = { "read", "write",
						     "exec" };
	uint64_t req = sum(p->req), flt = sum(p->flt);
	unsigned k;

	fprintf(f, "pure replay of %s: %s, %" PRIu64 " frames\n", p->o->trace,
		p->sim.ops->name, p->size[0]);
	fprintf(f, "  %-8s %14s %14s %12s\n", "", "requests", "faults",
		"miss ratio");
	for (k = 0; k < NR_KINDS; k++)
		fprintf(f, "  %-8s %14" PRIu64 " %14" PRIu64 " %12.6f\n",
			names[k], p->req[k], p->flt[k],
			ratio(p->flt[k], p->req[k]));
	fprintf(f, "  %-8s %14" PRIu64 " %14" PRIu64 " %12.6f\n", "all", req,
		flt, ratio(flt, req));
	fprintf(f, "  records %" PRIu64 ", hits %" PRIu64 ", evictions %"
		PRIu64 "\n", p->records, req - flt, p->sim.p[0]->evictions);
}

static void json_u64(FILE *f, int *first, const char *name, uint64_t v)
{
	fprintf(f, "%s\n  \"%s\": %" PRIu64, *first ? "{" : ",", name, v);
	*first = 0;
}

static int write_json(const struct pure *p, FILE *f)
{
	uint64_t req = sum(p->req), flt = sum(p->flt);
	int first = 1;

	json_u64(f, &first, "frames", p->size[0]);
	json_u64(f, &first, "records", p->records);
	json_u64(f, &first, "requests", req);
	json_u64(f, &first, "hits", req - flt);
	json_u64(f, &first, "faults", flt);
	json_u64(f, &first, "evictions", p->sim.p[0]->evictions);
	json_u64(f, &first, "read_requests", p->req[K_READ]);
	json_u64(f, &first, "read_faults", p->flt[K_READ]);
	json_u64(f, &first, "write_requests", p->req[K_WRITE]);
	json_u64(f, &first, "write_faults", p->flt[K_WRITE]);
	json_u64(f, &first, "exec_requests", p->req[K_EXEC]);
	json_u64(f, &first, "exec_faults", p->flt[K_EXEC]);
	fputs("\n}\n", f);
	return fflush(f) || ferror(f) ? -1 : 0;
}

static int write_csv(const struct pure *p, FILE *f)
{
	uint64_t req = p->sim.requests, flt;
	unsigned i;

	fputs("frames,requests,faults,miss_ratio\n", f);
	for (i = 0; i < p->nsizes; i++) {
		flt = sim_faults(&p->sim, i);
		fprintf(f, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.6f\n",
			p->size[i], req, flt, ratio(flt, req));
	}
	return fflush(f) || ferror(f) ? -1 : 0;
}

static int report(struct pure *p, FILE *csv, FILE *json)
{
	const struct replay_options *o = p->o;
	uint64_t req = sum(p->req), flt = sum(p->flt);

	if (o->mrc) {
		if (write_csv(p, csv ? csv : stdout))
			goto io;
		return 0;
	}
	printf("%s: %" PRIu64 " frames, %" PRIu64 " requests, %" PRIu64
	       " faults, miss ratio %.6f\n", p->sim.ops->name, p->size[0],
	       req, flt, ratio(flt, req));
	if (o->stats)
		print_stats(p, stderr);
	if (json && write_json(p, json)) {
		snprintf(p->err, sizeof(p->err), "--stats-json %s: %s",
			 o->stats_json, strerror(errno));
		return -1;
	}
	return 0;
io:
	snprintf(p->err, sizeof(p->err), "%s: %s", o->output ? o->output :
		 "stdout", strerror(errno));
	return -1;
}

/* open the trace and check it is one pure replay can use */
static int open_trace(struct pure *p)
{
	struct trace_config c;
	int kind;

	memset(&c, 0, sizeof(c));
	if (trace_open(&p->r, p->o->trace, &c, p->err, sizeof(p->err)))
		return -1;
	kind = c.kind;
	trace_config_free(&c);
	if (kind == TRACE_FAULTS) {
		snprintf(p->err, sizeof(p->err), "%s: a fault trace "
			 "(kind=faults): pure replay needs every access "
			 "(record with run --record-accesses, or trace "
			 "import)", p->o->trace);
		return -1;
	}
	return 0;
}

static int setup(struct pure *p, const struct replay_options *o)
{
	const struct policy_ops *ops = policy_find(o->policy ? o->policy :
						   "lru");

	memset(p, 0, sizeof(*p));
	p->o = o;
	if (!ops) {
		snprintf(p->err, sizeof(p->err), "--policy %s: not one of %s",
			 o->policy, policy_names);
		return -1;
	}
	if (o->mrc) {
		if (mrc_parse_sizes(o->mrc, &p->size, &p->nsizes, p->err,
				    sizeof(p->err)))
			return -1;
	} else {
		p->size = malloc(sizeof(*p->size));
		if (!p->size)
			return snprintf(p->err, sizeof(p->err),
					"out of memory"), -1;
		p->size[0] = o->frames;
		p->nsizes = 1;
	}
	if (sim_init(&p->sim, ops, p->size, p->nsizes, o->mrc != NULL)) {
		snprintf(p->err, sizeof(p->err), "out of memory for %u "
			 "size(s) up to %" PRIu64 " frames", p->nsizes,
			 p->size[p->nsizes - 1]);
		return -1;
	}
	return open_trace(p);
}

/* FILE for writing, or NULL with the reason in err */
static FILE *open_out(struct pure *p, const char *opt, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		snprintf(p->err, sizeof(p->err), "%s %s: %s", opt, path,
			 strerror(errno));
	return f;
}

int pure_replay(const struct replay_options *o)
{
	struct pure p;
	FILE *csv = NULL, *json = NULL;
	int ret;

	ret = setup(&p, o);
	if (!ret && o->output && !(csv = open_out(&p, "-o", o->output)))
		ret = -1;
	if (!ret && o->stats_json &&
	    !(json = open_out(&p, "--stats-json", o->stats_json)))
		ret = -1;
	if (!ret) {
		progress_init(&p.pg, o->progress);
		ret = p.sim.ops->needs_future ? replay_opt(&p) :
						replay_stream(&p);
		progress_end(&p.pg);
	}
	if (!ret)
		ret = report(&p, csv, json);
	if (csv && fclose(csv) && !ret) {
		snprintf(p.err, sizeof(p.err), "-o %s: %s", o->output,
			 strerror(errno));
		ret = -1;
	}
	if (json && fclose(json) && !ret) {
		snprintf(p.err, sizeof(p.err), "--stats-json %s: %s",
			 o->stats_json, strerror(errno));
		ret = -1;
	}
	if (p.r)
		trace_close(p.r);
	sim_free(&p.sim);
	free(p.size);
	if (ret) {
		fprintf(stderr, "i386mm: %s\n", p.err);
		return EXIT_FAILURE;
	}
	return 0;
}
