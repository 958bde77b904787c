/*
 * bench_replay.c - the pure replay's throughput (issue 7's benchmark):
 * a 10-million-access trace is written with the trace writer into a
 * temporary file, then replayed with lru and linux at a few frame
 * counts, and the accesses per second are printed next to libCacheSim's
 * published figure.
 *
 * The trace is one process's mix: a hot working set of 3,000 pages
 * with strong locality (a skewed choice, then a short run of accesses in
 * the chosen page, as a loop over an array does), instruction fetches
 * from 64 code pages, and a sequential scan over 50,000 pages that
 * takes one access in eight (a data structure read once).
 *
 * The trace reader's own rate (every record through trace_next, nothing
 * done with it) bounds the end-to-end figure. Two figures per row:
 *   end to end   pure_replay() itself: inflating and decoding the trace
 *                file, the policy, the counts;
 *   policy only  the same requests from an array in memory into the
 *                policy (src/replay/policy.h), which is what simulators
 *                such as libCacheSim time;
 *   no repeats   the policy alone again, with each run of requests for
 *                one page cut to its first: an access trace repeats a
 *                page many times running (the page table remembers the
 *                last page, so those are cheap), an object cache's trace
 *                such as libCacheSim's rarely does. Its rate is of the
 *                requests left.
 * libCacheSim's README states "high performance - over 20M requests/sec
 * for a realistic trace replay" (github.com/1a1a11a/libCacheSim); the
 * last columns are our rates over 20 M/s. Rates are per CPU second of
 * this (single-threaded) process. Figures only: the machine is shared,
 * nothing here asserts on time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "replay.h"
#include "trace.h"
#include "../src/replay/phash.h"
#include "../src/replay/policy.h"

#define ACCESSES	10000000u
#define HOT_PAGES	3000u
#define CODE_PAGES	64u
#define SCAN_PAGES	50000u
#define LIBCACHESIM_RPS	20e6

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * CPU seconds of this process: everything here is one thread, and on a
 * shared machine the wall clock would also count the waits for a core
 */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* the next access of the mix; *run: accesses left in the current page */
static void next_access(uint64_t *seed, uint32_t *va, char *kind,
			unsigned *run, uint32_t *scan)
{
	uint64_t r = rnd(seed);
	uint32_t page;

	if (*run) {
		(*run)--;
		*va += 4;
		return;
	}
	if (r % 8 == 0) {
		*kind = TA_READ;
		*va = 0x40000000u + (*scan % SCAN_PAGES) * 4096;
		(*scan)++;
		*run = 0;
	} else if (r % 8 == 1) {
		*kind = TA_EXEC;
		*va = 0x08048000u + (uint32_t)((r >> 8) % CODE_PAGES) * 4096;
		*run = 3;
	} else {
		/* skewed: the product of two uniforms favours low pages */
		uint64_t a = (r >> 8) % HOT_PAGES, b = (r >> 24) % HOT_PAGES;

		page = (uint32_t)(a * b / HOT_PAGES);
		*kind = (r >> 40) % 4 ? TA_READ : TA_WRITE;
		*va = 0x10000000u + page * 4096 + (uint32_t)((r >> 44) % 512);
		*run = (unsigned)((r >> 56) % 8);
	}
}

/* the trace file, and the same requests as page keys in keys[] */
static int make_trace(const char *path, uint64_t *keys)
{
	struct trace_config c;
	struct trace_writer *w;
	struct trace_record run;
	uint64_t seed = 88172645463325252ull;
	uint32_t va = 0, scan = 0, i;
	unsigned left = 0;
	char kind = TA_READ, err[256];

	memset(&c, 0, sizeof(c));
	c.kind = TRACE_IMPORTED;
	strcpy(c.source, "bench_replay");
	if (trace_create(&w, path, &c, err, sizeof(err))) {
		fprintf(stderr, "bench_replay: %s\n", err);
		return -1;
	}
	memset(&run, 0, sizeof(run));
	run.type = TR_RUN;
	run.pid = 1;
	run.n = ACCESSES;
	if (trace_put(w, &run))
		goto fail;
	for (i = 0; i < ACCESSES; i++) {
		next_access(&seed, &va, &kind, &left, &scan);
		if (trace_put_access(w, 1, kind, va, 4, TRES_UNKNOWN))
			goto fail;
		keys[i] = PAGE_KEY(1, va);
	}
	if (!trace_finish(w, err, sizeof(err)))
		return 0;
	fprintf(stderr, "bench_replay: %s\n", err);
	return -1;
fail:
	trace_abandon(w);
	fprintf(stderr, "bench_replay: writing %s failed\n", path);
	return -1;
}

/* pure_replay's seconds, its summary line sent to /dev/null */
static double time_replay(const char *path, const char *json,
			  const char *policy, uint64_t frames)
{
	struct replay_options o;
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
	double t0, t;
	int status;

	memset(&o, 0, sizeof(o));
	o.trace = path;
	o.policy = policy;
	o.frames = frames;
	o.stats_json = json;
	o.progress = 0;
	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	t0 = now();
	status = pure_replay(&o);
	t = now() - t0;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	return status ? -1 : t;
}

/* seconds to read every record of the trace, and nothing else */
static double time_decode(const char *path)
{
	struct trace_reader *r;
	struct trace_config c;
	struct trace_record rec;
	uint64_t n = 0;
	char err[256];
	double t0 = now();
	int x;

	memset(&c, 0, sizeof(c));
	if (trace_open(&r, path, &c, err, sizeof(err)))
		return -1;
	trace_config_free(&c);
	while ((x = trace_next(r, &rec, err, sizeof(err))) == 1)
		n += rec.type == TR_ACCESS;
	trace_close(r);
	return x || n != ACCESSES ? -1 : now() - t0;
}

/* "faults" from the --stats-json file */
static unsigned long long json_faults(const char *json)
{
	char line[128];
	unsigned long long v = 0;
	FILE *f = fopen(json, "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "  \"faults\": %llu", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

static double time_policy(const char *name, uint64_t frames,
			  const uint64_t *keys, uint32_t n, uint64_t *faults)
{
	struct policy *p = policy_create(policy_find(name), frames);
	double t0, t;
	uint32_t i;
	int r;

	*faults = 0;
	if (!p)
		return -1;
	t0 = now();
	for (i = 0; i < n; i++) {
		r = policy_access(p, keys[i], 0);
		if (r < 0)
			break;
		*faults += (unsigned)r;
	}
	t = now() - t0;
	policy_destroy(p);
	return i == n ? t : -1;
}

int main(void)
{
	static const char *const policies[] = { "lru", "linux" };
	static const uint64_t frames[] = { 1024, 4096, 16384 };
	char dir[] = "/tmp/bench_replay.XXXXXX", path[64], json[64];
	uint64_t *keys = malloc(ACCESSES * sizeof(*keys)), faults, nfaults;
	uint64_t *runs = malloc(ACCESSES * sizeof(*runs));
	uint32_t nruns = 0, i;
	double t0, t, e2e, only, norep;
	unsigned p, f;

	if (!keys || !runs || !mkdtemp(dir)) {
		perror("bench_replay");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/mix.trace", dir);
	snprintf(json, sizeof(json), "%s/s.json", dir);
	t0 = now();
	if (make_trace(path, keys))
		return 1;
	t = now() - t0;
	printf("trace: %u accesses written in %.2f s (%.1f M/s)\n", ACCESSES,
	       t, ACCESSES / t / 1e6);
	for (i = 0; i < ACCESSES; i++)
		if (!i || keys[i] != keys[i - 1])
			runs[nruns++] = keys[i];
	printf("trace: %u requests once runs of one page are cut to one\n",
	       nruns);
	t = time_decode(path);
	if (t <= 0)
		return 1;
	printf("trace: read back (trace_next only) at %.1f M/s\n",
	       ACCESSES / t / 1e6);
	printf("%-7s %7s %10s %7s %13s %13s %12s %20s\n", "policy", "frames",
	       "faults", "miss", "end-to-end/s", "policy-only/s",
	       "no-repeats/s", "/libCacheSim e,p,n");
	for (p = 0; p < 2; p++) {
		for (f = 0; f < 3; f++) {
			e2e = time_replay(path, json, policies[p], frames[f]);
			only = time_policy(policies[p], frames[f], keys,
					   ACCESSES, &faults);
			norep = time_policy(policies[p], frames[f], runs,
					    nruns, &nfaults);
			/* repeats are hits that change nothing in LRU */
			if (e2e <= 0 || only <= 0 || norep <= 0 ||
			    faults != json_faults(json) ||
			    (!p && nfaults != faults)) {
				fprintf(stderr, "bench_replay: %s at %llu "
					"frames failed or disagreed\n",
					policies[p],
					(unsigned long long)frames[f]);
				return 1;
			}
			printf("%-7s %7llu %10llu %7.4f %12.1fM %12.1fM "
			       "%11.1fM %6.2fx %5.2fx %5.2fx\n", policies[p],
			       (unsigned long long)frames[f],
			       (unsigned long long)faults,
			       (double)faults / ACCESSES,
			       ACCESSES / e2e / 1e6, ACCESSES / only / 1e6,
			       nruns / norep / 1e6,
			       ACCESSES / e2e / LIBCACHESIM_RPS,
			       ACCESSES / only / LIBCACHESIM_RPS,
			       nruns / norep / LIBCACHESIM_RPS);
		}
	}
	printf("(requests per CPU second; end-to-end: pure_replay on the "
	       "compressed trace\n file; policy-only: the same requests from "
	       "memory; no-repeats: runs of one\n page cut to one request; "
	       "/libCacheSim: the three rates over libCacheSim's\n 20M "
	       "requests/s, its README's figure for a realistic trace "
	       "replay)\n");
	unlink(path);
	unlink(json);
	rmdir(dir);
	free(keys);
	free(runs);
	return 0;
}
