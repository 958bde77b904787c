/*
 * trace_show.c - `i386mm trace info` and `i386mm trace dump`: a trace as
 * text. The dump prints one line per record, "TYPE key=value...", with
 * fixed spellings so it can be grepped and diffed; info prints the
 * configuration and what the records add up to.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "trace_encode.h"
#include "trace_show.h"

static const char *const type_names[] = {
	[TR_RUN] = "RUN", [TR_ACCESS] = "ACCESS", [TR_HITS] = "HITS",
	[TR_VICTIM] = "VICTIM", [TR_SYSCALL] = "SYSCALL", [TR_UREAD] = "UREAD",
	[TR_INPUT] = "INPUT", [TR_EXIT] = "EXIT", [TR_END] = "END",
};

static const char *const reg_names[TRACE_NR_REGS] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip",
	"eflags", "cs", "ss", "ds", "es", "fs", "gs",
};

#define DUMP_DATA_MAX	32	/* bytes of TR_UREAD/TR_INPUT data shown */

static void print_regs(FILE *f, const uint32_t *regs)
{
	for (int i = 0; i < TRACE_NR_REGS; i++)
		fprintf(f, " %s=0x%08" PRIx32, reg_names[i], regs[i]);
}

static void print_data(FILE *f, const struct trace_record *r)
{
	fprintf(f, " len=%" PRIu32 " data=", r->len);
	for (uint32_t i = 0; i < r->len && i < DUMP_DATA_MAX; i++)
		fprintf(f, "%02x", r->data[i]);
	if (r->len > DUMP_DATA_MAX)
		fputs("...", f);
}

void trace_print_record(FILE *f, const struct trace_record *r)
{
	fputs(type_names[r->type], f);
	switch (r->type) {
	case TR_RUN:
		fprintf(f, " pid=%" PRIu32 " budget=%" PRIu64, r->pid, r->n);
		break;
	case TR_ACCESS:
		fprintf(f, " pid=%" PRIu32 " %c 0x%08" PRIx32 " size=%u %s",
			r->pid, r->kind, r->va, r->size,
			trace_result_name(r->result));
		break;
	case TR_HITS:
		fprintf(f, " dtlb=%" PRIu64 " itlb=%" PRIu64, r->n, r->n2);
		break;
	case TR_VICTIM:
		fprintf(f, " way=%" PRIu64, r->n);
		break;
	case TR_SYSCALL:
		print_regs(f, r->regs);
		break;
	case TR_UREAD:
		fprintf(f, " va=0x%08" PRIx32, r->va);
		print_data(f, r);
		break;
	case TR_INPUT:
		fprintf(f, " result=%" PRId64, (int64_t)r->n);
		print_data(f, r);
		break;
	case TR_EXIT:
		fprintf(f, " reason=%" PRIu64 " blocks=%" PRIu64 " signal=%"
			PRId32 " va=0x%08" PRIx32 " trapno=%" PRIu32, r->n,
			r->n2, r->signal, r->va, r->trapno);
		print_regs(f, r->regs);
		break;
	default:
		break;
	}
	fputc('\n', f);
}

int trace_dump(const char *path, uint64_t limit, FILE *out)
{
	struct trace_config c;
	struct trace_reader *r;
	struct trace_record rec;
	char err[512];
	int ret = 0;

	if (trace_open(&r, path, &c, err, sizeof(err))) {
		fprintf(stderr, "i386mm: %s\n", err);
		return 1;
	}
	for (uint64_t n = 0; n < limit; n++) {
		ret = trace_next(r, &rec, err, sizeof(err));
		if (ret <= 0)
			break;
		trace_print_record(out, &rec);
	}
	trace_close(r);
	trace_config_free(&c);
	if (ret < 0) {
		fflush(out);
		fprintf(stderr, "i386mm: %s\n", err);
		return 1;
	}
	return 0;
}

/* A config string as the header holds it: one line, escaped. */
static void print_string(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%-14s", key);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\\')
			fputs("\\\\", f);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('\n', f);
}

static void print_config(FILE *f, const char *path,
			 const struct trace_config *c)
{
	print_string(f, "trace", path);
	fprintf(f, "%-14s%d\n", "version", TRACE_VERSION);
	fprintf(f, "%-14s%s\n", "kind", trace_kind_name(c->kind));
	fprintf(f, "%-14s%" PRIu64 "\n", "mem", c->mem_bytes);
	fprintf(f, "%-14s%u:%u\n", "itlb", c->itlb_entries, c->itlb_ways);
	fprintf(f, "%-14s%u:%u\n", "dtlb", c->dtlb_entries, c->dtlb_ways);
	print_string(f, "policy", c->policy);
	for (unsigned i = 0; i < c->nr_swap; i++)
		fprintf(f, "%-14s%" PRIu64 ",pri=%d\n", "swap",
			c->swap[i].bytes, c->swap[i].prio);
	fprintf(f, "%-14s%" PRIu64 "\n", "quantum", c->quantum);
	fprintf(f, "%-14s%" PRIu64 "\n", "seed", c->seed);
	print_string(f, "program", c->program);
	fprintf(f, "%-14s%" PRIu64 "\n", "program_size", c->program_size);
	fprintf(f, "%-14s%08" PRIx32 "\n", "program_crc32", c->program_crc32);
	print_string(f, "root", c->root);
	for (unsigned i = 0; i < c->argc; i++)
		print_string(f, "arg", c->argv[i]);
	print_string(f, "source", c->source);
}

struct trace_totals {
	uint64_t records, by_type[TR_END + 1];
	uint64_t by_kind[3], by_result[TRES_UNKNOWN + 1];
	uint64_t pages;
	uint8_t *page_seen;	/* one bit per 4 KiB page of 4 GiB */
};

static void count(struct trace_totals *t, const struct trace_record *r)
{
	t->records++;
	t->by_type[r->type]++;
	if (r->type != TR_ACCESS)
		return;
	t->by_kind[r->kind == TA_READ ? 0 : r->kind == TA_WRITE ? 1 : 2]++;
	t->by_result[r->result]++;
	uint32_t page = r->va >> 12;
	if (!(t->page_seen[page / 8] & (1u << (page % 8)))) {
		t->page_seen[page / 8] |= (uint8_t)(1u << (page % 8));
		t->pages++;
	}
}

static void print_totals(FILE *f, const struct trace_totals *t,
			 uint64_t file_size, uint64_t inflated, uint64_t hdr)
{
	fprintf(f, "%-14s%" PRIu64 "\n", "records", t->records);
	for (int i = TR_RUN; i < TR_END; i++)
		fprintf(f, "  %-12s%" PRIu64 "\n", type_names[i],
			t->by_type[i]);
	fprintf(f, "%-14sR=%" PRIu64 " W=%" PRIu64 " X=%" PRIu64 "\n",
		"accesses", t->by_kind[0], t->by_kind[1], t->by_kind[2]);
	fprintf(f, "%-14s", "results");
	for (int i = 0; i <= TRES_UNKNOWN; i++)
		fprintf(f, "%s%s=%" PRIu64, i ? " " : "", trace_result_name(i),
			t->by_result[i]);
	fprintf(f, "\n%-14s%" PRIu64 "\n", "pages", t->pages);
	fprintf(f, "%-14s%" PRIu64 " bytes", "compressed", file_size);
	if (t->records)
		fprintf(f, " (%.2f bytes/record)",
			(double)file_size / (double)t->records);
	fprintf(f, "\n%-14s%" PRIu64 " bytes\n", "uncompressed",
		hdr + inflated);
}

int trace_info(const char *path, FILE *out)
{
	struct trace_totals t = { 0 };
	struct trace_config c;
	struct trace_reader *r;
	struct trace_record rec;
	uint64_t done, total;
	char err[512];
	int ret;

	t.page_seen = calloc(1, (1u << 20) / 8);
	if (!t.page_seen) {
		fprintf(stderr, "i386mm: out of memory\n");
		return 1;
	}
	if (trace_open(&r, path, &c, err, sizeof(err))) {
		fprintf(stderr, "i386mm: %s\n", err);
		free(t.page_seen);
		return 1;
	}
	trace_progress(r, &done, &total);
	while ((ret = trace_next(r, &rec, err, sizeof(err))) == 1)
		count(&t, &rec);
	if (ret == 0) {
		print_config(out, path, &c);
		print_totals(out, &t, total, trace_inflated_bytes(r), done);
	} else {
		fprintf(stderr, "i386mm: %s\n", err);
	}
	trace_close(r);
	trace_config_free(&c);
	free(t.page_seen);
	return ret == 0 ? 0 : 1;
}
