/*
 * bench_trace.c - the trace file's speed: writes 10 million synthetic
 * accesses (code fetches that run along and jump, strided array walks,
 * stack traffic and random heap accesses, as a live run would record),
 * then reads them back, and prints records per second both ways and the
 * bytes each record costs on disk. Times are the process's CPU time, so
 * other work on a shared machine counts less.
 *
 *   bench_trace [N [FILE]]      (default 10000000, /tmp/bench_trace.trace)
 *
 * I386MM_TRACE_LEVEL=0..9 picks zlib's level (trace_write.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "trace.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t xrand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The synthetic program: a pc, an array cursor and a stack pointer. */
struct gen {
	uint32_t pc, array, sp;
};

static void next_access(struct gen *g, char *kind, uint32_t *va,
			unsigned *size)
{
	uint32_t x = xrand(), pick = x % 100;

	if (pick < 20) {		/* a basic block: fetch, maybe jump */
		*kind = TA_EXEC;
		g->pc += 4 + (x >> 8) % 24;
		if ((x >> 16) % 8 == 0)
			g->pc = 0x08048000 + (x >> 12) % (256 << 10);
		*va = g->pc;
		*size = 0;
	} else if (pick < 55) {		/* an array walk, 4-byte stride */
		*kind = (x >> 8) % 4 == 0 ? TA_WRITE : TA_READ;
		g->array += 4;
		if (g->array >= 0x0a000000)
			g->array = 0x09000000;
		*va = g->array;
		*size = 4;
	} else if (pick < 85) {		/* the stack */
		*kind = (x >> 8) % 2 ? TA_WRITE : TA_READ;
		g->sp += ((x >> 10) % 17) * 4 - 32;
		if (g->sp < 0xbff00000 || g->sp > 0xbffff000)
			g->sp = 0xbfff8000;
		*va = g->sp;
		*size = 4;
	} else {			/* the heap, anywhere in 64 MiB */
		*kind = (x >> 8) % 3 == 0 ? TA_WRITE : TA_READ;
		*va = 0x10000000 + (xrand() & ((64u << 20) - 1) & ~3u);
		*size = (x >> 12) % 2 ? 4 : 1;
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000;
	const char *path = argc > 2 ? argv[2] : "/tmp/bench_trace.trace";
	struct trace_config c = { .kind = TRACE_ACCESSES };
	struct trace_record run = { .type = TR_RUN, .pid = 1 }, rec;
	struct gen g = { 0x08048000, 0x09000000, 0xbfff8000 };
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_config got;
	char err[256];
	long seen = 0, results[6] = { 0 };
	struct stat st;
	double t;
	int ret;

	if (n <= 0) {
		fprintf(stderr, "usage: bench_trace [N [FILE]]\n");
		return 2;
	}
	if (trace_create(&w, path, &c, err, sizeof(err))) {
		fprintf(stderr, "bench_trace: %s\n", err);
		return 1;
	}
	t = now();
	trace_put(w, &run);
	for (long i = 0; i < n; i++) {
		char kind;
		uint32_t va;
		unsigned size;

		next_access(&g, &kind, &va, &size);
		if (trace_put_access(w, 1, kind, va, size,
				     xrand() % 16 ? TRES_HIT : TRES_WALK)) {
			fprintf(stderr, "bench_trace: trace_put_access\n");
			return 1;
		}
	}
	if (trace_finish(w, err, sizeof(err))) {
		fprintf(stderr, "bench_trace: %s\n", err);
		return 1;
	}
	double wt = now() - t;
	stat(path, &st);

	if (trace_open(&r, path, &got, err, sizeof(err))) {
		fprintf(stderr, "bench_trace: %s\n", err);
		return 1;
	}
	t = now();
	while ((ret = trace_next(r, &rec, err, sizeof(err))) == 1) {
		seen++;
		results[rec.result % 6]++;
	}
	double rt = now() - t;
	trace_close(r);
	trace_config_free(&got);
	if (ret < 0 || seen != n + 1) {
		fprintf(stderr, "bench_trace: read %ld of %ld records: %s\n",
			seen, n + 1, ret < 0 ? err : "short");
		return 1;
	}
	printf("records        %ld (+1 TR_RUN), %ld walks\n", n,
	       results[TRES_WALK]);
	printf("write          %.1f M records/s (%.3f s)\n", n / wt / 1e6, wt);
	printf("read           %.1f M records/s (%.3f s)\n", n / rt / 1e6, rt);
	printf("file           %lld bytes, %.3f bytes/record\n",
	       (long long)st.st_size, (double)st.st_size / n);
	unlink(path);
	return 0;
}
