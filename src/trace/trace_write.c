/*
 * trace_write.c - the trace writer: header, then records encoded into a
 * buffer that is CRC'd and deflated a quarter megabyte at a time.
 *
 * A live run with --record-accesses calls trace_put_access once per
 * memory access, so that path only checks its arguments, appends two to
 * seven bytes and returns; zlib runs once per buffer (level 1: the
 * records are already small, and a faster deflate keeps recording cheap;
 * see deflate_level).
 * Records are validated here so that a file this writer finishes always
 * reads back: a bad record is refused with -EINVAL and not written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "trace_encode.h"

#define WBUF_SIZE	(256u << 10)
#define WOUT_SIZE	(256u << 10)

struct trace_writer {
	FILE *f;
	z_stream z;
	uint8_t *buf, *out;
	size_t used;		/* encoded bytes in buf, not yet deflated */
	uint32_t crc;		/* CRC-32 of the records deflated so far */
	uint64_t count;
	uint32_t run_pid;
	int have_run;
	uint32_t prev_va[3];	/* the last TR_ACCESS's address, by kind */
	int error;		/* sticky -errno of a failed write */
};

/*
 * zlib's level: 1 by default; I386MM_TRACE_LEVEL=0..9 overrides it (0
 * stores the records as they are: a bigger file that reads about twice
 * as fast, for replay benchmarks).
 */
static int deflate_level(void)
{
	const char *s = getenv("I386MM_TRACE_LEVEL");

	if (s && s[0] >= '0' && s[0] <= '9' && !s[1])
		return s[0] - '0';
	return 1;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Deflate buf (after adding bytes from crc_from on to the CRC). */
static int wflush(struct trace_writer *w, size_t crc_from, int mode)
{
	int ret;

	if (w->error)
		return w->error;
	w->crc = (uint32_t)crc32_z(w->crc, w->buf + crc_from,
				 (uInt)(w->used - crc_from));
	w->z.next_in = w->buf;
	w->z.avail_in = (uInt)w->used;
	do {
		w->z.next_out = w->out;
		w->z.avail_out = WOUT_SIZE;
		ret = deflate(&w->z, mode);
		if (ret == Z_STREAM_ERROR)
			return w->error = -EIO;
		size_t n = WOUT_SIZE - w->z.avail_out;
		errno = 0;
		if (n && fwrite(w->out, 1, n, w->f) != n)
			return w->error = errno ? -errno : -EIO;
	} while (w->z.avail_in || w->z.avail_out == 0 ||
		 (mode == Z_FINISH && ret != Z_STREAM_END));
	w->used = 0;
	return 0;
}

/* Room for one record's fixed part. */
static inline int wroom(struct trace_writer *w)
{
	if (WBUF_SIZE - w->used < TRACE_REC_MAX)
		return wflush(w, 0, Z_NO_FLUSH);
	return w->error;
}

static int wbytes(struct trace_writer *w, const uint8_t *p, size_t n)
{
	while (n) {
		size_t k = WBUF_SIZE - w->used;
		if (k == 0) {
			if (wflush(w, 0, Z_NO_FLUSH))
				return w->error;
			continue;
		}
		if (k > n)
			k = n;
		memcpy(w->buf + w->used, p, k);
		w->used += k;
		p += k;
		n -= k;
	}
	return 0;
}

static void wfree(struct trace_writer *w)
{
	deflateEnd(&w->z);
	if (w->f)
		fclose(w->f);
	free(w->buf);
	free(w->out);
	free(w);
}

static int write_header(struct trace_writer *w, const struct trace_config *c)
{
	uint8_t hdr[TRACE_HDR_LEN];
	size_t len;
	char *text = trace_config_format(c, &len);
	int ret = 0;

	if (!text)
		return -ENOMEM;
	memcpy(hdr, TRACE_MAGIC, 8);
	put_le32(hdr + 8, TRACE_VERSION);
	put_le32(hdr + 12, (uint32_t)len);
	put_le32(hdr + 16, (uint32_t)crc32_z(0, (const Bytef *)text,
					    (uInt)len));
	errno = 0;
	if (fwrite(hdr, 1, sizeof(hdr), w->f) != sizeof(hdr) ||
	    fwrite(text, 1, len, w->f) != len)
		ret = errno ? -errno : -EIO;
	free(text);
	return ret;
}

int trace_create(struct trace_writer **wp, const char *path,
		 const struct trace_config *c, char *err, size_t errlen)
{
	struct trace_writer *w;
	char why[160];
	int ret;

	*wp = NULL;
	if (trace_config_check(c, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -EINVAL;
	}
	w = calloc(1, sizeof(*w));
	if (!w || deflateInit(&w->z, deflate_level()) != Z_OK) {
		free(w);
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	w->buf = malloc(WBUF_SIZE);
	w->out = malloc(WOUT_SIZE);
	if (!w->buf || !w->out) {
		wfree(w);
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	w->f = fopen(path, "wb");
	ret = w->f ? write_header(w, c) : -errno;
	if (ret) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		wfree(w);
		return ret;
	}
	*wp = w;
	return 0;
}

static int access_tag(char kind, unsigned size, unsigned result,
		      uint8_t *tag)
{
	unsigned k, sc;

	switch (kind) {
	case TA_READ: k = 0; break;
	case TA_WRITE: k = 1; break;
	case TA_EXEC: k = 2; break;
	default: return -EINVAL;
	}
	if (size > 8 || result > TRES_UNKNOWN)
		return -EINVAL;
	sc = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : TAG_SIZE_ESC;
	*tag = (uint8_t)(TAG_ACCESS | k << TAG_KIND_SHIFT |
			 result << TAG_RES_SHIFT | sc);
	return 0;
}

int trace_put_access(struct trace_writer *w, uint32_t pid, char kind,
		     uint32_t va, unsigned size, unsigned result)
{
	uint8_t tag, *p;
	int ret;

	if (!w->have_run || pid != w->run_pid)
		return -EINVAL;
	if ((ret = access_tag(kind, size, result, &tag)) || (ret = wroom(w)))
		return ret;
	p = w->buf + w->used;
	*p++ = tag;
	if ((tag & 3) == TAG_SIZE_ESC)
		*p++ = (uint8_t)size;
	uint32_t *prev = &w->prev_va[(tag >> TAG_KIND_SHIFT) & 3];
	p = put_varint(p, zigzag32((int32_t)(va - *prev)));
	*prev = va;
	w->used = (size_t)(p - w->buf);
	w->count++;
	return 0;
}

static uint8_t *put_regs(uint8_t *p, const uint32_t *regs)
{
	for (int i = 0; i < TRACE_NR_REGS; i++)
		p = put_varint(p, regs[i]);
	return p;
}

/* The fixed part of every record but TR_ACCESS, after its tag. */
static uint8_t *put_fields(uint8_t *p, const struct trace_record *r)
{
	switch (r->type) {
	case TR_RUN:
		p = put_varint(p, r->pid);
		return put_varint(p, r->n);
	case TR_HITS:
		p = put_varint(p, r->n);
		return put_varint(p, r->n2);
	case TR_VICTIM:
		return put_varint(p, r->n);
	case TR_SYSCALL:
		return put_regs(p, r->regs);
	case TR_UREAD:
		p = put_varint(p, r->va);
		return put_varint(p, r->len);
	case TR_INPUT:
		p = put_varint(p, r->n);
		return put_varint(p, r->len);
	case TR_EXIT:
		p = put_varint(p, r->n);
		p = put_varint(p, r->n2);
		p = put_varint(p, zigzag32(r->signal));
		p = put_varint(p, r->va);
		p = put_varint(p, r->trapno);
		return put_regs(p, r->regs);
	default:
		return NULL;
	}
}

int trace_put(struct trace_writer *w, const struct trace_record *r)
{
	uint8_t *p;
	int ret, has_data = r->type == TR_UREAD || r->type == TR_INPUT;

	if (r->type == TR_ACCESS)
		return trace_put_access(w, r->pid, r->kind, r->va, r->size,
					r->result);
	if (r->type < TR_RUN || r->type >= TR_END)
		return -EINVAL;
	if (has_data && (r->len > TRACE_MAX_DATA || (r->len && !r->data)))
		return -EINVAL;
	if ((ret = wroom(w)))
		return ret;
	p = w->buf + w->used;
	*p++ = (uint8_t)r->type;
	p = put_fields(p, r);
	w->used = (size_t)(p - w->buf);
	if (has_data && wbytes(w, r->data, r->len))
		return w->error;
	if (r->type == TR_RUN) {
		w->run_pid = r->pid;
		w->have_run = 1;
	}
	w->count++;
	return 0;
}

uint64_t trace_records_written(const struct trace_writer *w)
{
	return w->count;
}

int trace_finish(struct trace_writer *w, char *err, size_t errlen)
{
	uint8_t *p;
	size_t mark;
	int ret = wroom(w);

	if (!ret) {
		/* The CRC stops before the trailer that holds it. */
		mark = w->used;
		w->crc = (uint32_t)crc32_z(w->crc, w->buf, (uInt)mark);
		p = w->buf + mark;
		*p++ = TR_END;
		p = put_varint(p, w->count);
		put_le32(p, w->crc);
		w->used = (size_t)(p + 4 - w->buf);
		ret = wflush(w, w->used, Z_FINISH);
	}
	if (!ret && fflush(w->f))
		ret = -errno;
	if (fclose(w->f) && !ret)
		ret = -errno;
	w->f = NULL;
	if (ret)
		snprintf(err, errlen, "writing the trace: %s", strerror(-ret));
	wfree(w);
	return ret;
}

void trace_abandon(struct trace_writer *w)
{
	if (!w)
		return;
	/* What was recorded stays readable up to the missing trailer. */
	wflush(w, 0, Z_SYNC_FLUSH);
	wfree(w);
}
