/*
 * trace_read.c - the trace reader: checks the header, then inflates the
 * record stream a megabyte at a time and decodes records from memory.
 *
 * The pure replay reads tens of millions of records a second through
 * trace_next, so the decoder works on a flat buffer with one bounds check
 * per byte and refills only when less than one record's fixed part is
 * left. Nothing read is trusted: every field is range-checked, a record
 * running past the stream's end, a short file, a zlib error, a count or
 * CRC that disagrees with the trailer each end the trace with one line in
 * err, and every later call repeats it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "trace_encode.h"

#define RIN_SIZE	(256u << 10)
#define RBUF_DATA	(256u << 10)
#define RBUF_SIZE	(RBUF_DATA + TRACE_MAX_DATA + TRACE_REC_MAX)

struct trace_reader {
	FILE *f;
	char *name;
	uint64_t file_size, hdr_len;
	z_stream z;
	uint8_t *in, *buf;
	const uint8_t *p, *end;	/* decoded, not yet consumed */
	const uint8_t *crc_mark; /* bytes before it are in crc */
	uint32_t crc;
	uint64_t count;
	int stream_end, eof;
	int state;		/* 0 reading, 1 finished, -1 failed */
	char msg[256];		/* the failure, repeated on later calls */
	uint32_t pid, prev_va[3];	/* by access kind */
	int have_run;
};

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int rfail(struct trace_reader *r, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(r->msg, sizeof(r->msg), "%s: %s", r->name, why);
	r->state = -1;
	return -1;
}

static void rfree(struct trace_reader *r)
{
	inflateEnd(&r->z);
	if (r->f)
		fclose(r->f);
	free(r->name);
	free(r->in);
	free(r->buf);
	free(r);
}

static int read_header(struct trace_reader *r, struct trace_config *c)
{
	uint8_t hdr[TRACE_HDR_LEN];
	size_t n = fread(hdr, 1, sizeof(hdr), r->f);
	uint32_t version, len;
	char *text, why[160];
	int ret;

	if (n < 8 || memcmp(hdr, TRACE_MAGIC, 8))
		return rfail(r, "not an i386mm trace");
	if (n < sizeof(hdr))
		return rfail(r, "truncated trace header");
	version = get_le32(hdr + 8);
	if (version == 0)
		return rfail(r, "not an i386mm trace (version 0)");
	if (version > TRACE_VERSION)
		return rfail(r, "trace version %u is newer than this "
			     "i386mm's (%d)", version, TRACE_VERSION);
	len = get_le32(hdr + 12);
	if (len > TRACE_CONFIG_MAX)
		return rfail(r, "corrupt header (configuration length %u)",
			     len);
	if (sizeof(hdr) + (uint64_t)len > r->file_size)
		return rfail(r, "truncated trace header");
	text = malloc(len ? len : 1);
	if (!text)
		return rfail(r, "%s", strerror(ENOMEM));
	if (fread(text, 1, len, r->f) != len) {
		free(text);
		return rfail(r, "truncated trace header");
	}
	if ((uint32_t)crc32_z(0, (const Bytef *)text, len) != get_le32(hdr + 16)) {
		free(text);
		return rfail(r, "corrupt header (configuration checksum "
			     "mismatch)");
	}
	ret = trace_config_parse(c, text, len, why, sizeof(why));
	free(text);
	if (ret)
		return rfail(r, "corrupt header (%s)", why);
	r->hdr_len = sizeof(hdr) + len;
	return 0;
}

int trace_open(struct trace_reader **rp, const char *path,
	       struct trace_config *c, char *err, size_t errlen)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	*rp = NULL;
	memset(c, 0, sizeof(*c));
	if (!r || inflateInit(&r->z) != Z_OK) {
		free(r);
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	r->name = strdup(path);
	r->in = malloc(RIN_SIZE);
	r->buf = malloc(RBUF_SIZE);
	if (!r->name || !r->in || !r->buf) {
		rfree(r);
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	r->f = fopen(path, "rb");
	if (!r->f || fstat(fileno(r->f), &st)) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		rfree(r);
		return -e;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		rfree(r);
		return -EISDIR;
	}
	r->file_size = (uint64_t)st.st_size;
	if (read_header(r, c)) {
		snprintf(err, errlen, "%s", r->msg);
		rfree(r);
		return -EINVAL;
	}
	r->p = r->end = r->crc_mark = r->buf;
	*rp = r;
	return 0;
}

static int inflate_error(struct trace_reader *r, int ret)
{
	if (ret == Z_MEM_ERROR)
		return rfail(r, "%s", strerror(ENOMEM));
	if (r->z.msg && !strcmp(r->z.msg, "incorrect data check"))
		return rfail(r, "checksum mismatch");
	return rfail(r, "corrupt compressed data (%s)",
		     r->z.msg ? r->z.msg : "zlib error");
}

/*
 * Make at least need bytes available from r->p, keeping the unconsumed
 * ones (their offsets from r->p stay the same). Short only at the
 * stream's end; -1 on an error (r->msg set).
 */
static int refill(struct trace_reader *r, size_t need)
{
	size_t rem = (size_t)(r->end - r->p);
	uint8_t *end;

	r->crc = (uint32_t)crc32_z(r->crc, r->crc_mark,
				 (z_size_t)(r->p - r->crc_mark));
	memmove(r->buf, r->p, rem);
	r->p = r->crc_mark = r->buf;
	end = r->buf + rem;
	while (!r->stream_end && (size_t)(end - r->buf) < RBUF_SIZE &&
	       ((size_t)(end - r->buf) < need ||
		(size_t)(end - r->buf) < RBUF_DATA)) {
		if (r->z.avail_in == 0 && !r->eof) {
			size_t n = fread(r->in, 1, RIN_SIZE, r->f);
			if (n == 0 && ferror(r->f))
				return rfail(r, "%s", strerror(errno));
			r->eof = n == 0;
			r->z.next_in = r->in;
			r->z.avail_in = (z_size_t)n;
		}
		r->z.next_out = end;
		r->z.avail_out = (z_size_t)(r->buf + RBUF_SIZE - end);
		int ret = inflate(&r->z, Z_NO_FLUSH);
		end = r->z.next_out;
		if (ret == Z_STREAM_END)
			r->stream_end = 1;
		else if (ret == Z_BUF_ERROR && r->eof)
			break;
		else if (ret != Z_OK && ret != Z_BUF_ERROR)
			return inflate_error(r, ret);
	}
	r->end = end;
	if (!r->stream_end && (size_t)(end - r->buf) < need)
		return rfail(r, "truncated trace (no trailer)");
	return 0;
}

/* After TR_END: nothing may follow, in the stream or in the file. */
static int check_tail(struct trace_reader *r)
{
	if (r->p != r->end || (!r->stream_end && (refill(r, 1) ||
						   r->p != r->end)))
		return r->state < 0 ? -1 :
		       rfail(r, "corrupt trace (records after the trailer)");
	if (r->z.avail_in || fgetc(r->f) != EOF)
		return rfail(r, "corrupt trace (data after the stream)");
	return 0;
}

static int get_regs(const uint8_t **q, const uint8_t *e, uint32_t *regs)
{
	for (int i = 0; i < TRACE_NR_REGS; i++)
		if (get_varint32(q, e, &regs[i]))
			return -1;
	return 0;
}

/* The fields after a non-access tag: 0, or -1 if they are bad. */
static int get_fields(const uint8_t **q, const uint8_t *e,
		      struct trace_record *rec)
{
	uint32_t sig;

	switch (rec->type) {
	case TR_RUN:
		return get_varint32(q, e, &rec->pid) ||
		       get_varint(q, e, &rec->n);
	case TR_HITS:
		return get_varint(q, e, &rec->n) || get_varint(q, e, &rec->n2);
	case TR_VICTIM:
		return get_varint(q, e, &rec->n);
	case TR_SYSCALL:
		return get_regs(q, e, rec->regs);
	case TR_UREAD:
		return get_varint32(q, e, &rec->va) ||
		       get_varint32(q, e, &rec->len) ||
		       rec->len > TRACE_MAX_DATA;
	case TR_INPUT:
		return get_varint(q, e, &rec->n) ||
		       get_varint32(q, e, &rec->len) ||
		       rec->len > TRACE_MAX_DATA;
	case TR_EXIT:
		if (get_varint(q, e, &rec->n) || get_varint(q, e, &rec->n2) ||
		    get_varint32(q, e, &sig) || get_varint32(q, e, &rec->va) ||
		    get_varint32(q, e, &rec->trapno))
			return -1;
		rec->signal = unzigzag32(sig);
		return get_regs(q, e, rec->regs);
	default:
		return -1;
	}
}

static int corrupt(struct trace_reader *r)
{
	return rfail(r, "corrupt record %llu",
		     (unsigned long long)r->count + 1);
}

static int read_trailer(struct trace_reader *r, const uint8_t *q)
{
	const uint8_t *tag = r->p;
	uint64_t count;

	if (get_varint(&q, r->end, &count) || r->end - q < 4)
		return rfail(r, "corrupt trace (bad trailer)");
	r->crc = (uint32_t)crc32_z(r->crc, r->crc_mark,
				 (z_size_t)(tag - r->crc_mark));
	r->crc_mark = q + 4;
	if (r->crc != get_le32(q))
		return rfail(r, "checksum mismatch");
	if (count != r->count)
		return rfail(r, "corrupt trailer (%llu records, it says %llu)",
			     (unsigned long long)r->count,
			     (unsigned long long)count);
	r->p = q + 4;
	if (check_tail(r))
		return -1;
	r->state = 1;
	return 0;
}

static int read_access(struct trace_reader *r, uint8_t tag,
		       const uint8_t *q, struct trace_record *rec)
{
	static const char kinds[4] = { TA_READ, TA_WRITE, TA_EXEC, 0 };
	unsigned k = (tag >> TAG_KIND_SHIFT) & 3, res = (tag >> TAG_RES_SHIFT) & 7;
	unsigned size = 1u << (tag & 3);
	uint32_t delta;

	if (k == 3 || res > TRES_UNKNOWN || !r->have_run)
		return corrupt(r);
	if ((tag & 3) == TAG_SIZE_ESC) {
		if (q == r->end || *q > 8)
			return corrupt(r);
		size = *q++;
	}
	if (get_varint32(&q, r->end, &delta))
		return corrupt(r);
	r->prev_va[k] += (uint32_t)unzigzag32(delta);
	rec->type = TR_ACCESS;
	rec->pid = r->pid;
	rec->kind = kinds[k];
	rec->size = (uint8_t)size;
	rec->result = (uint8_t)res;
	rec->va = r->prev_va[k];
	rec->signal = 0;
	rec->trapno = 0;
	rec->n = rec->n2 = 0;
	rec->len = 0;
	rec->data = NULL;
	r->p = q;
	r->count++;
	return 1;
}

static int read_other(struct trace_reader *r, uint8_t tag, const uint8_t *q,
		      struct trace_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->type = (enum trace_rec_type)tag;
	if (get_fields(&q, r->end, rec))
		return corrupt(r);
	if (rec->len) {
		size_t off = (size_t)(q - r->p);
		if ((size_t)(r->end - q) < rec->len) {
			if (refill(r, off + rec->len))
				return -1;
			q = r->p + off;
			if ((size_t)(r->end - q) < rec->len)
				return corrupt(r);
		}
		rec->data = q;
		q += rec->len;
	}
	if (tag == TR_RUN) {
		r->pid = rec->pid;
		r->have_run = 1;
	}
	r->p = q;
	r->count++;
	return 1;
}

static int next_record(struct trace_reader *r, struct trace_record *rec)
{
	uint8_t tag;

	if ((size_t)(r->end - r->p) < TRACE_REC_MAX && !r->stream_end &&
	    refill(r, TRACE_REC_MAX))
		return -1;
	if (r->p == r->end)
		return rfail(r, "truncated trace (no trailer)");
	tag = *r->p;
	if (tag & TAG_ACCESS)
		return read_access(r, tag, r->p + 1, rec);
	if (tag == TR_END) {
		if (read_trailer(r, r->p + 1))
			return -1;
		return 0;
	}
	return read_other(r, tag, r->p + 1, rec);
}

int trace_next(struct trace_reader *r, struct trace_record *rec,
	       char *err, size_t errlen)
{
	int ret;

	if (r->state == 1)
		return 0;
	if (r->state == 0) {
		ret = next_record(r, rec);
		if (ret >= 0)
			return ret;
	}
	snprintf(err, errlen, "%s", r->msg);
	return -1;
}

void trace_close(struct trace_reader *r)
{
	if (r)
		rfree(r);
}

void trace_progress(const struct trace_reader *r, uint64_t *done,
		    uint64_t *total)
{
	*done = r->hdr_len + r->z.total_in;
	*total = r->file_size;
}

uint64_t trace_inflated_bytes(const struct trace_reader *r)
{
	return r->z.total_out;
}
