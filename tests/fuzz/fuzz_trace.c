/*
 * fuzz_trace.c - the trace reader (trace_open, trace_next to the end)
 * and the lackey and text importers on arbitrary bytes.
 *
 * Input: one byte choosing the parser (mod 4), then the file's bytes:
 *   0: a trace file. Read to its end; a refusal is one line of
 *      error. A trace read to its end (0) is written again, config and
 *      records, with the writer (which must accept everything the
 *      reader returned) and read back: the same config and the same
 *      records, data bytes included.
 *   1: valgrind lackey output, 2: a text address list. Imported; an
 *      error is one line, and an imported trace must read back to its
 *      end with as many records as the import wrote.
 *   3: the trace made here from a u16 length, that many bytes of
 *      configuration text and the record bytes (trailer included, if
 *      any): a valid header and zlib stream around them, so mutations
 *      reach the record decoder past the checksums; then as 0.
 * The record count is capped, so a small deflate stream that inflates
 * to millions of records ends early instead of timing out.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "fuzz.h"
#include "import.h"
#include "trace.h"

#define MAX_RECORDS	100000

static char err[512];

static void check_err(void)
{
	FUZZ_CHECK(err[0] && !strchr(err, '\n'), "error \"%s\"", err);
}

static int next(struct trace_reader *r, struct trace_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	err[0] = '\0';
	return trace_next(r, rec, err, sizeof(err));
}

/* Read path to its end: 1 if it ended cleanly, 0 if refused or capped. */
static int read_all(const char *path, uint64_t *count)
{
	struct trace_reader *r;
	struct trace_config c;
	struct trace_record rec;
	int ret;

	*count = 0;
	err[0] = '\0';
	if (trace_open(&r, path, &c, err, sizeof(err))) {
		check_err();
		return 0;
	}
	while ((ret = next(r, &rec)) == 1 && ++*count < MAX_RECORDS)
		FUZZ_CHECK(rec.type >= TR_RUN && rec.type < TR_END &&
			   (rec.len == 0 || rec.data) &&
			   rec.len <= TRACE_MAX_DATA, "record %llu: type %d "
			   "len %u", (unsigned long long)*count, rec.type,
			   rec.len);
	if (ret < 0)
		check_err();
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%llu records, %s\n",
			(unsigned long long)*count, ret ? err : "clean end");
	trace_close(r);
	trace_config_free(&c);
	return ret == 0;
}

static void same_config(const struct trace_config *a,
			const struct trace_config *b)
{
	unsigned i;

	FUZZ_CHECK(a->kind == b->kind && a->mem_bytes == b->mem_bytes &&
		   a->itlb_entries == b->itlb_entries &&
		   a->itlb_ways == b->itlb_ways &&
		   a->dtlb_entries == b->dtlb_entries &&
		   a->dtlb_ways == b->dtlb_ways &&
		   !strcmp(a->policy, b->policy) &&
		   a->nr_swap == b->nr_swap && a->quantum == b->quantum &&
		   a->seed == b->seed && !strcmp(a->program, b->program) &&
		   a->program_size == b->program_size &&
		   a->program_crc32 == b->program_crc32 &&
		   !strcmp(a->root, b->root) && a->argc == b->argc &&
		   !strcmp(a->source, b->source), "config differs");
	for (i = 0; i < a->nr_swap; i++)
		FUZZ_CHECK(a->swap[i].bytes == b->swap[i].bytes &&
			   a->swap[i].prio == b->swap[i].prio, "swap %u", i);
	for (i = 0; i < a->argc; i++)
		FUZZ_CHECK(!strcmp(a->argv[i], b->argv[i]), "arg %u", i);
}

static void same_record(const struct trace_record *a,
			const struct trace_record *b, uint64_t n)
{
	FUZZ_CHECK(a->type == b->type && a->pid == b->pid &&
		   a->kind == b->kind && a->size == b->size &&
		   a->result == b->result && a->signal == b->signal &&
		   a->va == b->va && a->trapno == b->trapno && a->n == b->n &&
		   a->n2 == b->n2 && a->len == b->len &&
		   !memcmp(a->regs, b->regs, sizeof(a->regs)) &&
		   (!a->len || !memcmp(a->data, b->data, a->len)),
		   "record %llu differs after a rewrite (type %d)",
		   (unsigned long long)n, a->type);
}

/* path read cleanly: write it again and compare the two. */
static void rewrite(const char *path, uint64_t count)
{
	static char copy[600];
	struct trace_reader *r, *r2;
	struct trace_writer *w;
	struct trace_config c, c2;
	struct trace_record rec, rec2;
	uint64_t i;

	snprintf(copy, sizeof(copy), "%s/copy.trace", fuzz_dir());
	FUZZ_CHECK(trace_open(&r, path, &c, err, sizeof(err)) == 0,
		   "second open: %s", err);
	FUZZ_CHECK(trace_create(&w, copy, &c, err, sizeof(err)) == 0,
		   "the writer refuses the reader's config: %s", err);
	for (i = 0; i < count; i++) {
		FUZZ_CHECK(next(r, &rec) == 1, "second read: %s", err);
		FUZZ_CHECK(trace_put(w, &rec) == 0, "the writer refuses "
			   "record %llu (type %d) the reader returned",
			   (unsigned long long)i, rec.type);
	}
	FUZZ_CHECK(trace_finish(w, err, sizeof(err)) == 0, "finish: %s", err);
	trace_close(r);
	trace_config_free(&c);

	FUZZ_CHECK(trace_open(&r, path, &c, err, sizeof(err)) == 0 &&
		   trace_open(&r2, copy, &c2, err, sizeof(err)) == 0,
		   "reopen: %s", err);
	same_config(&c, &c2);
	for (i = 0; i < count; i++) {
		FUZZ_CHECK(next(r, &rec) == 1, "third read: %s", err);
		FUZZ_CHECK(next(r2, &rec2) == 1, "copy's read: %s", err);
		same_record(&rec, &rec2, i);
	}
	FUZZ_CHECK(next(r2, &rec2) == 0, "copy has more records: %s", err);
	trace_close(r);
	trace_close(r2);
	trace_config_free(&c);
	trace_config_free(&c2);
}

static void import(const struct import_format *fmt, const char *in)
{
	static struct import_summary sum;
	static char out[600];
	uint64_t count;

	snprintf(out, sizeof(out), "%s/imported.trace", fuzz_dir());
	memset(&sum, 0, sizeof(sum));
	err[0] = '\0';
	if (import_trace(fmt, in, out, &sum, err, sizeof(err))) {
		check_err();
		return;
	}
	FUZZ_CHECK(read_all(out, &count) || count == MAX_RECORDS,
		   "an imported trace does not read back: %s", err);
	FUZZ_CHECK(count == sum.records || count == MAX_RECORDS,
		   "%llu records read back, %llu imported",
		   (unsigned long long)count,
		   (unsigned long long)sum.records);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Mode 3: header and deflate stream around the input's text and records. */
static const char *build_trace(struct fuzz_in *in)
{
	static uint8_t buf[20 + 65536 + 70000];
	size_t clen = fuzz_u16(in), off;
	uLongf zlen;

	if (clen > in->n)
		clen = in->n;
	memcpy(buf, "I386MMTR", 8);
	put_le32(buf + 8, TRACE_VERSION);
	put_le32(buf + 12, (uint32_t)clen);
	put_le32(buf + 16, (uint32_t)crc32_z(0, in->p, clen));
	memcpy(buf + 20, in->p, clen);
	off = 20 + clen;
	zlen = sizeof(buf) - off;
	FUZZ_CHECK(compress2(buf + off, &zlen, in->p + clen, in->n - clen, 1)
		   == Z_OK, "compress2");
	return fuzz_write_file("built.trace", buf, off + zlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned mode = fuzz_u8(&in) % 4;
	const char *path = mode == 3 ? build_trace(&in) :
			   fuzz_write_file("input", in.p, in.n);
	uint64_t count;

	if (mode == 1)
		import(&import_lackey_format, path);
	else if (mode == 2)
		import(&import_text_format, path);
	else if (read_all(path, &count))
		rewrite(path, count);
	return 0;
}
