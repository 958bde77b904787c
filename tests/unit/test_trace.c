/*
 * test_trace.c - the trace file (include/trace.h): every record type and
 * configuration field survives a round trip; the writer refuses records
 * it could not read back; every corruption and truncation a reader can
 * meet ends in -1 and one line naming it, never a crash.
 */
#define _GNU_SOURCE	/* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <cmocka.h>
#include <zlib.h>
#include "trace.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	strcpy(path, "/tmp/test_trace_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static uint64_t rng = 88172645463325252ull;

static uint32_t xrand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void full_config(struct trace_config *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = TRACE_ACCESSES;
	c->mem_bytes = 16u << 20;
	c->itlb_entries = 16;
	c->itlb_ways = 2;
	c->dtlb_entries = 128;
	c->dtlb_ways = 8;
	strcpy(c->policy, "linux");
	c->nr_swap = 2;
	c->swap[0].bytes = 1 << 20;
	c->swap[0].prio = -2;
	c->swap[1].bytes = 8 << 20;
	c->swap[1].prio = 7;
	c->quantum = 100000;
	c->seed = UINT64_MAX;
	strcpy(c->program, "/tmp/odd\nname\\with=\x01");
	c->program_size = 123456;
	c->program_crc32 = 0xdeadbeef;
	strcpy(c->root, "/srv/root");
	c->argc = 3;
	c->argv[0] = strdup("prog");
	c->argv[1] = strdup("two\nlines\\x");
	c->argv[2] = strdup("");
	strcpy(c->source, "live");
}

static void assert_config_equal(const struct trace_config *a,
				const struct trace_config *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->mem_bytes, b->mem_bytes);
	assert_int_equal(a->itlb_entries, b->itlb_entries);
	assert_int_equal(a->itlb_ways, b->itlb_ways);
	assert_int_equal(a->dtlb_entries, b->dtlb_entries);
	assert_int_equal(a->dtlb_ways, b->dtlb_ways);
	assert_string_equal(a->policy, b->policy);
	assert_int_equal(a->nr_swap, b->nr_swap);
	for (unsigned i = 0; i < a->nr_swap; i++) {
		assert_int_equal(a->swap[i].bytes, b->swap[i].bytes);
		assert_int_equal(a->swap[i].prio, b->swap[i].prio);
	}
	assert_int_equal(a->quantum, b->quantum);
	assert_true(a->seed == b->seed);
	assert_string_equal(a->program, b->program);
	assert_int_equal(a->program_size, b->program_size);
	assert_int_equal(a->program_crc32, b->program_crc32);
	assert_string_equal(a->root, b->root);
	assert_int_equal(a->argc, b->argc);
	for (unsigned i = 0; i < a->argc; i++)
		assert_string_equal(a->argv[i], b->argv[i]);
	assert_string_equal(a->source, b->source);
}

static uint8_t big_data[TRACE_MAX_DATA];

/* One of each record type, and the access corner cases. */
static int sample_records(struct trace_record *recs)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(big_data); i++)
		big_data[i] = (uint8_t)(i * 7 + (i >> 12));
	memset(recs, 0, 32 * sizeof(*recs));
	recs[n++] = (struct trace_record){ .type = TR_RUN, .pid = 1,
					   .n = 5000 };
	static const struct { char k; uint8_t s, res; uint32_t va; } a[] = {
		{ TA_EXEC, 0, TRES_WALK, 0x08048000 },
		{ TA_READ, 1, TRES_HIT, 0x08048001 },
		{ TA_WRITE, 2, TRES_MINOR, 0xbffff000 },
		{ TA_READ, 3, TRES_MAJOR, 0 },
		{ TA_WRITE, 4, TRES_SIGNAL, 0xffffffff },
		{ TA_EXEC, 8, TRES_UNKNOWN, 0x00000001 },
		{ TA_READ, 7, TRES_HIT, 0x80000000 },
	};
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		recs[n++] = (struct trace_record){
			.type = TR_ACCESS, .pid = 1, .kind = a[i].k,
			.size = a[i].s, .result = a[i].res, .va = a[i].va };
	recs[n++] = (struct trace_record){ .type = TR_HITS, .n = 123456789,
					   .n2 = UINT64_MAX };
	recs[n++] = (struct trace_record){ .type = TR_VICTIM, .n = 7 };
	recs[n] = (struct trace_record){ .type = TR_SYSCALL };
	for (int i = 0; i < TRACE_NR_REGS; i++)
		recs[n].regs[i] = 0x11111111u * (uint32_t)i + (i == 15);
	n++;
	recs[n++] = (struct trace_record){ .type = TR_UREAD, .va = 0xbfffe000,
					   .len = 13,
					   .data = (const uint8_t *)
						   "hello, world\n" };
	recs[n++] = (struct trace_record){ .type = TR_UREAD, .va = 4,
					   .len = 0 };
	recs[n++] = (struct trace_record){ .type = TR_INPUT, .n = UINT64_MAX,
					   .len = TRACE_MAX_DATA,
					   .data = big_data };
	recs[n++] = (struct trace_record){ .type = TR_RUN, .pid = 0xffffffff,
					   .n = 0 };
	recs[n++] = (struct trace_record){ .type = TR_ACCESS,
					   .pid = 0xffffffff, .kind = TA_READ,
					   .size = 4, .result = TRES_WALK,
					   .va = 0x1000 };
	recs[n] = (struct trace_record){ .type = TR_EXIT, .n = 3, .n2 = 99,
					 .signal = -11, .va = 0xc0000000,
					 .trapno = 14 };
	for (int i = 0; i < TRACE_NR_REGS; i++)
		recs[n].regs[i] = 0xffffffffu - (uint32_t)i;
	n++;
	return n;
}

static void assert_record_equal(const struct trace_record *a,
				const struct trace_record *b)
{
	assert_int_equal(a->type, b->type);
	switch (a->type) {
	case TR_RUN:
		assert_int_equal(a->pid, b->pid);
		assert_true(a->n == b->n);
		break;
	case TR_ACCESS:
		assert_int_equal(a->pid, b->pid);
		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->size, b->size);
		assert_int_equal(a->result, b->result);
		assert_int_equal(a->va, b->va);
		break;
	case TR_HITS:
		assert_true(a->n == b->n && a->n2 == b->n2);
		break;
	case TR_VICTIM:
		assert_true(a->n == b->n);
		break;
	case TR_EXIT:
		assert_true(a->n == b->n && a->n2 == b->n2);
		assert_int_equal(a->signal, b->signal);
		assert_int_equal(a->va, b->va);
		assert_int_equal(a->trapno, b->trapno);
		/* fall through */
	case TR_SYSCALL:
		assert_memory_equal(a->regs, b->regs, sizeof(a->regs));
		break;
	case TR_INPUT:
		assert_true(a->n == b->n);
		/* fall through */
	case TR_UREAD:
		if (a->type == TR_UREAD)
			assert_int_equal(a->va, b->va);
		assert_int_equal(a->len, b->len);
		if (a->len)
			assert_memory_equal(a->data, b->data, a->len);
		break;
	default:
		fail();
	}
}

static void write_records(const struct trace_config *c,
			  const struct trace_record *recs, int n)
{
	struct trace_writer *w;
	char err[256];

	assert_int_equal(trace_create(&w, path, c, err, sizeof(err)), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(trace_put(w, &recs[i]), 0);
	assert_int_equal(trace_records_written(w), n);
	assert_int_equal(trace_finish(w, err, sizeof(err)), 0);
}

static void test_round_trip(void **state)
{
	static struct trace_record recs[32];
	struct trace_config c, got;
	struct trace_reader *r;
	struct trace_record rec;
	char err[256];
	uint64_t done, total;
	int n = sample_records(recs);

	(void)state;
	full_config(&c);
	write_records(&c, recs, n);
	assert_int_equal(trace_open(&r, path, &got, err, sizeof(err)), 0);
	assert_config_equal(&c, &got);
	for (int i = 0; i < n; i++) {
		assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 1);
		assert_record_equal(&recs[i], &rec);
	}
	assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 0);
	assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 0);
	trace_progress(r, &done, &total);
	assert_int_equal(done, total);
	trace_close(r);
	trace_config_free(&c);
	trace_config_free(&got);
}

/* Read every record; the return of the call that ended it. */
static int read_all(char *err, size_t errlen, uint64_t *count)
{
	struct trace_config c;
	struct trace_reader *r;
	struct trace_record rec;
	int ret;

	*count = 0;
	if (trace_open(&r, path, &c, err, errlen))
		return -2;
	while ((ret = trace_next(r, &rec, err, errlen)) == 1)
		(*count)++;
	trace_close(r);
	trace_config_free(&c);
	return ret;
}

static void test_empty(void **state)
{
	struct trace_config c = { .kind = TRACE_IMPORTED };
	struct trace_writer *w;
	char err[256];
	uint64_t n;

	(void)state;
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)), 0);
	assert_int_equal(trace_records_written(w), 0);
	assert_int_equal(trace_finish(w, err, sizeof(err)), 0);
	assert_int_equal(read_all(err, sizeof(err), &n), 0);
	assert_int_equal(n, 0);
}

/* Several buffers' worth of accesses, regenerated to check each. */
static void test_big(void **state)
{
	struct trace_config c = { .kind = TRACE_ACCESSES }, got;
	static const char kinds[3] = { TA_READ, TA_WRITE, TA_EXEC };
	struct trace_record run = { .type = TR_RUN, .pid = 42 };
	struct trace_record in = { .type = TR_INPUT, .n = 1,
				   .len = TRACE_MAX_DATA, .data = big_data };
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_record rec;
	char err[256];
	const int N = 2000000;

	(void)state;
	for (size_t i = 0; i < sizeof(big_data); i++)
		big_data[i] = (uint8_t)xrand();
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)), 0);
	assert_int_equal(trace_put(w, &run), 0);
	rng = 1;
	for (int i = 0; i < N; i++) {
		uint32_t x = xrand();
		if (i == N / 2)
			assert_int_equal(trace_put(w, &in), 0);
		assert_int_equal(trace_put_access(w, 42, kinds[x % 3],
						  (i & 1) ? x : (uint32_t)i * 4,
						  1u << (x >> 30),
						  (x >> 8) % 6), 0);
	}
	assert_int_equal(trace_records_written(w), N + 2);
	assert_int_equal(trace_finish(w, err, sizeof(err)), 0);

	assert_int_equal(trace_open(&r, path, &got, err, sizeof(err)), 0);
	assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 1);
	assert_int_equal(rec.type, TR_RUN);
	rng = 1;
	for (int i = 0; i < N; i++) {
		uint32_t x = xrand();
		if (i == N / 2) {
			assert_int_equal(trace_next(r, &rec, err, sizeof(err)),
					 1);
			assert_record_equal(&in, &rec);
		}
		assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 1);
		assert_int_equal(rec.type, TR_ACCESS);
		assert_int_equal(rec.pid, 42);
		assert_int_equal(rec.kind, kinds[x % 3]);
		assert_int_equal(rec.va, (i & 1) ? x : (uint32_t)i * 4);
		assert_int_equal(rec.size, 1u << (x >> 30));
		assert_int_equal(rec.result, (x >> 8) % 6);
	}
	assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 0);
	trace_close(r);
	trace_config_free(&got);
}

/* Bad records are refused and leave the file as if never offered. */
static void test_put_validates(void **state)
{
	struct trace_config c = { .kind = TRACE_FAULTS };
	struct trace_writer *w;
	struct trace_record r = { 0 };
	char err[256];
	uint64_t n;

	(void)state;
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)), 0);
	assert_int_equal(trace_put_access(w, 1, TA_READ, 0, 4, TRES_HIT),
			 -EINVAL);		/* no TR_RUN yet */
	r.type = TR_RUN;
	r.pid = 1;
	assert_int_equal(trace_put(w, &r), 0);
	assert_int_equal(trace_put_access(w, 2, TA_READ, 0, 4, TRES_HIT),
			 -EINVAL);		/* not the running pid */
	assert_int_equal(trace_put_access(w, 1, 'Q', 0, 4, TRES_HIT),
			 -EINVAL);
	assert_int_equal(trace_put_access(w, 1, TA_READ, 0, 9, TRES_HIT),
			 -EINVAL);
	assert_int_equal(trace_put_access(w, 1, TA_READ, 0, 4,
					  TRES_UNKNOWN + 1), -EINVAL);
	r = (struct trace_record){ .type = TR_UREAD, .len = TRACE_MAX_DATA + 1,
				   .data = big_data };
	assert_int_equal(trace_put(w, &r), -EINVAL);
	r = (struct trace_record){ .type = TR_INPUT, .len = 1 };
	assert_int_equal(trace_put(w, &r), -EINVAL);	/* no data */
	r = (struct trace_record){ .type = TR_END };
	assert_int_equal(trace_put(w, &r), -EINVAL);
	r.type = 0;
	assert_int_equal(trace_put(w, &r), -EINVAL);
	r.type = 77;
	assert_int_equal(trace_put(w, &r), -EINVAL);
	assert_int_equal(trace_put_access(w, 1, TA_WRITE, 8, 4, TRES_HIT), 0);
	assert_int_equal(trace_records_written(w), 2);
	assert_int_equal(trace_finish(w, err, sizeof(err)), 0);
	assert_int_equal(read_all(err, sizeof(err), &n), 0);
	assert_int_equal(n, 2);
}

static void test_create_validates(void **state)
{
	struct trace_config c;
	struct trace_writer *w;
	char err[256];

	(void)state;
	memset(&c, 0, sizeof(c));
	c.nr_swap = TRACE_MAX_SWAP + 1;
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "9 swap areas (at most 8)"));
	c.nr_swap = 0;
	c.argc = TRACE_MAX_ARGS + 1;
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "65 args (at most 64)"));
	c.argc = 0;
	c.kind = 3;
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "unknown trace kind 3"));
	c.kind = TRACE_FAULTS;
	assert_int_equal(trace_create(&w, "/nonexistent/x.trace", &c, err,
				      sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/x.trace: No such file or "
			    "directory");
}

/* The file's bytes, for the corruption tests. */
static uint8_t *slurp(size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = malloc(1 << 22);

	assert_non_null(f);
	*len = fread(b, 1, 1 << 22, f);
	fclose(f);
	return b;
}

static void spit(const uint8_t *b, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	fclose(f);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A small file: a config and a few records, no megabyte of data. */
static size_t small_file(uint8_t **bytes, size_t *hdr_len)
{
	static struct trace_record recs[32];
	struct trace_config c;
	size_t len;
	int n = sample_records(recs);

	recs[n - 4].len = 300;		/* the big TR_INPUT, made small */
	full_config(&c);
	write_records(&c, recs, n);
	trace_config_free(&c);
	*bytes = slurp(&len);
	*hdr_len = 20 + le32(*bytes + 12);
	return len;
}

static void expect_error(const char *want)
{
	char err[256];
	uint64_t n;

	assert_int_equal(read_all(err, sizeof(err), &n) < 0, 1);
	if (!strstr(err, want)) {
		print_error("error '%s' does not contain '%s'\n", err, want);
		fail();
	}
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	assert_null(strchr(err, '\n'));
}

static void test_header_errors(void **state)
{
	uint8_t *b, *m;
	size_t hdr, len = small_file(&b, &hdr);
	char want[128];

	(void)state;
	m = malloc(len);
	memcpy(m, b, len);
	m[0] ^= 1;
	spit(m, len);
	expect_error(": not an i386mm trace");
	memcpy(m, b, len);
	put32(m + 8, 9);
	spit(m, len);
	expect_error(": trace version 9 is newer than this i386mm's (1)");
	put32(m + 8, 0);
	spit(m, len);
	expect_error(": not an i386mm trace (version 0)");
	memcpy(m, b, len);
	m[16] ^= 0x40;			/* the config's CRC */
	spit(m, len);
	expect_error(": corrupt header (configuration checksum mismatch)");
	memcpy(m, b, len);
	m[hdr - 3] ^= 0x02;		/* the config text */
	spit(m, len);
	expect_error(": corrupt header (configuration checksum mismatch)");
	memcpy(m, b, len);
	put32(m + 12, 0xfffffff0);
	spit(m, len);
	snprintf(want, sizeof(want), ": corrupt header (configuration length "
		 "%u)", 0xfffffff0);
	expect_error(want);
	put32(m + 12, (uint32_t)len);
	spit(m, len);
	expect_error(": truncated trace header");
	spit((const uint8_t *)"", 0);
	expect_error(": not an i386mm trace");
	spit((const uint8_t *)"#!/bin/sh\necho hi\n", 18);
	expect_error(": not an i386mm trace");
	/* Every single flipped bit of the header is noticed at open. */
	for (size_t i = 0; i < hdr; i++) {
		struct trace_config c;
		struct trace_reader *r;
		char err[256];

		memcpy(m, b, len);
		m[i] ^= (uint8_t)(1u << (i % 8));
		spit(m, len);
		assert_int_not_equal(trace_open(&r, path, &c, err,
						sizeof(err)), 0);
		assert_null(strchr(err, '\n'));
	}
	free(m);
	free(b);
}

/* A header holding text, with a correct CRC: what the parser makes of it. */
static void config_error(const char *text, const char *want)
{
	uint8_t hdr[20];
	FILE *f = fopen(path, "wb");

	memcpy(hdr, TRACE_MAGIC, 8);
	put32(hdr + 8, TRACE_VERSION);
	put32(hdr + 12, (uint32_t)strlen(text));
	put32(hdr + 16, (uint32_t)crc32_z(0, (const Bytef *)text,
					 (uInt)strlen(text)));
	fwrite(hdr, 1, 20, f);
	fputs(text, f);
	fclose(f);
	expect_error(want);
}

static void test_config_parser(void **state)
{
	char *many;

	(void)state;
	config_error("kind=sideways\n", "bad configuration value for 'kind'");
	config_error("kind=faults\nmem=99999999999\n",
		     "bad configuration value for 'mem'");
	config_error("kind=faults\nmem=-1\n",
		     "bad configuration value for 'mem'");
	config_error("kind=faults\ndtlb=16:32\n",
		     "bad configuration value for 'dtlb'");
	config_error("kind=faults\nquantum=1000000000000\n",
		     "bad configuration value for 'quantum'");
	config_error("kind=faults\nswap=1,99999\n",
		     "bad configuration value for 'swap'");
	config_error("kind=faults\nprogram_crc32=xyz\n",
		     "bad configuration value for 'program_crc32'");
	config_error("kind=faults\nfrobs=1\n",
		     "unknown configuration key 'frobs'");
	config_error("kind=faults\nkind=faults\n",
		     "configuration key 'kind' given twice");
	config_error("kind=faults\nroot=a\\qb\n",
		     "bad configuration value for 'root'");
	config_error("kind=faults\nroot=a\\x00b\n",
		     "bad configuration value for 'root'");
	config_error("kind=faults\npolicy=01234567890123456\n",
		     "bad configuration value for 'policy'");
	config_error("kind=faults\nnoequals\n",
		     "configuration line 2 has no '='");
	config_error("mem=1\n", "configuration has no kind");
	config_error("kind=faults", "corrupt configuration text");
	many = calloc(1, 65 * 8 + 16);
	strcpy(many, "kind=faults\n");
	for (int i = 0; i < 9; i++)
		strcat(many, "swap=1,0\n");
	config_error(many, "bad configuration value for 'swap'");
	strcpy(many, "kind=faults\n");
	for (int i = 0; i < 65; i++)
		strcat(many, "arg=x\n");
	config_error(many, "bad configuration value for 'arg'");
	free(many);
}

/* Every cut of the file is an error at open or at some trace_next. */
static void test_truncations(void **state)
{
	uint8_t *b;
	size_t hdr, len = small_file(&b, &hdr);

	(void)state;
	for (size_t cut = 0; cut < len; cut++) {
		char err[256];
		uint64_t n;
		int ret;

		spit(b, cut);
		ret = read_all(err, sizeof(err), &n);
		assert_true(ret < 0);
		assert_true(strstr(err, "not an i386mm trace") ||
			    strstr(err, "truncated"));
	}
	free(b);
}

/* The records a zlib stream holds, inflated: their length, or -1. */
static long inflated(const uint8_t *z, size_t zlen, uint8_t *out, size_t cap)
{
	uLongf n = cap;

	return uncompress(out, &n, z, zlen) == Z_OK ? (long)n : -1;
}

/*
 * Every flipped byte of the stream is an error, whatever it hits, unless
 * it left the inflated bytes as they were (a match's distance moved to an
 * identical copy): then nothing is corrupt and the reader must agree.
 */
static void test_stream_flips(void **state)
{
	uint8_t *b, *m, *want = malloc(1 << 20), *got = malloc(1 << 20);
	size_t hdr, len = small_file(&b, &hdr);
	long nwant = inflated(b + hdr, len - hdr, want, 1 << 20);
	int harmless = 0;

	(void)state;
	assert_true(nwant > 0);
	m = malloc(len);
	for (size_t i = hdr; i < len; i++) {
		char err[256];
		uint64_t n;
		int ret;

		memcpy(m, b, len);
		m[i] ^= 0x5a;
		spit(m, len);
		ret = read_all(err, sizeof(err), &n);
		if (ret == 0) {
			assert_int_equal(inflated(m + hdr, len - hdr, got,
						  1 << 20), nwant);
			assert_memory_equal(got, want, (size_t)nwant);
			harmless++;
			continue;
		}
		assert_int_equal(ret, -1);
		assert_true(strstr(err, "checksum mismatch") ||
			    strstr(err, "corrupt") || strstr(err, "truncated"));
		assert_null(strchr(err, '\n'));
	}
	assert_true(harmless < 8);
	/* Data after the stream. */
	memcpy(m, b, len);
	spit(m, len);
	FILE *f = fopen(path, "ab");
	fputc(0, f);
	fclose(f);
	expect_error(": corrupt trace (data after the stream)");
	free(m);
	free(b);
	free(want);
	free(got);
}

/*
 * A byte of a TR_UREAD's data changed under a valid zlib stream: the
 * records all decode, and only the trailer's CRC can tell.
 */
static void test_record_crc(void **state)
{
	uint8_t *b, *raw, *z;
	size_t hdr, len = small_file(&b, &hdr);
	uLongf rawlen = 1 << 22, zlen;
	uint8_t *hello;

	(void)state;
	raw = malloc(rawlen);
	assert_int_equal(uncompress(raw, &rawlen, b + hdr, len - hdr), Z_OK);
	hello = memmem(raw, rawlen, "hello, world", 12);
	assert_non_null(hello);
	hello[0] = 'j';
	zlen = compressBound(rawlen);
	z = malloc(hdr + zlen);
	memcpy(z, b, hdr);
	assert_int_equal(compress(z + hdr, &zlen, raw, rawlen), Z_OK);
	spit(z, hdr + zlen);
	expect_error(": checksum mismatch");
	/* And a trailer whose count is off by one (its CRC still right). */
	hello[0] = 'h';
	assert_int_equal(raw[rawlen - 6], 0x09);	/* TR_END, count < 128 */
	raw[rawlen - 5]++;
	zlen = compressBound(rawlen);
	assert_int_equal(compress(z + hdr, &zlen, raw, rawlen), Z_OK);
	spit(z, hdr + zlen);
	expect_error(": corrupt trailer (");
	free(raw);
	free(z);
	free(b);
}

static void test_abandon(void **state)
{
	struct trace_config c = { .kind = TRACE_FAULTS };
	struct trace_record run = { .type = TR_RUN, .pid = 3 };
	struct trace_writer *w;
	char err[256];
	uint64_t n;

	(void)state;
	assert_int_equal(trace_create(&w, path, &c, err, sizeof(err)), 0);
	assert_int_equal(trace_put(w, &run), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(trace_put_access(w, 3, TA_READ, i * 4096u, 4,
						  TRES_WALK), 0);
	trace_abandon(w);
	assert_int_equal(read_all(err, sizeof(err), &n), -1);
	assert_non_null(strstr(err, ": truncated trace (no trailer)"));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(trace_kind_name(TRACE_FAULTS), "faults");
	assert_string_equal(trace_kind_name(TRACE_ACCESSES), "accesses");
	assert_string_equal(trace_kind_name(TRACE_IMPORTED), "imported");
	assert_string_equal(trace_kind_name(7), "?");
	assert_string_equal(trace_result_name(TRES_HIT), "hit");
	assert_string_equal(trace_result_name(TRES_WALK), "walk");
	assert_string_equal(trace_result_name(TRES_MINOR), "minor");
	assert_string_equal(trace_result_name(TRES_MAJOR), "major");
	assert_string_equal(trace_result_name(TRES_SIGNAL), "signal");
	assert_string_equal(trace_result_name(TRES_UNKNOWN), "unknown");
	assert_string_equal(trace_result_name(6), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_validates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_validates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_header_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_config_parser, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_truncations, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stream_flips, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_record_crc, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_abandon, setup, teardown),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
