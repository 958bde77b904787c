/*
 * import.c - what every trace import shares: lines from a plain or gzip
 * file (zlib's gzopen reads both), accesses split at page boundaries, and
 * addresses beyond the i386 user range moved into it.
 *
 * Tools like valgrind record 64-bit programs, whose stacks and libraries
 * live far above 3 GiB. A page there is given a page below 3 GiB that the
 * trace itself never touches, so every page keeps its identity (same
 * page, same replacement decisions) and the offset within it. That needs
 * two passes: the first collects the pages used below 3 GiB and the high
 * pages in order of first appearance, then each high page takes the next
 * unused low page; the second pass writes the trace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "import.h"
#include "trace.h"

#define USER_PAGES	0xc0000u		/* pages below 3 GiB */
#define LINE_MAX_LEN	4096

/* The high pages: an open-addressing table page -> index, and back. */
struct page_map {
	uint8_t low_used[USER_PAGES / 8];
	uint64_t nr_low;
	uint64_t *keys;		/* page + 1; 0 is an empty slot */
	uint32_t *idx;
	size_t cap;
	uint64_t *order;	/* high pages by first appearance */
	uint32_t *to_low;	/* index -> the low page it was given */
	uint32_t nr_high;
};

static size_t slot_of(const struct page_map *m, uint64_t page)
{
	size_t i = (size_t)((page * 0x9e3779b97f4a7c15ull) >> 20) &
		   (m->cap - 1);

	while (m->keys[i] && m->keys[i] != page + 1)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int map_grow(struct page_map *m)
{
	struct page_map old = *m;

	m->cap = old.cap ? 2 * old.cap : 1024;
	m->keys = calloc(m->cap, sizeof(*m->keys));
	m->idx = calloc(m->cap, sizeof(*m->idx));
	m->order = realloc(old.order, m->cap / 2 * sizeof(*m->order));
	if (!m->keys || !m->idx || !m->order)
		return -1;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			size_t s = slot_of(m, old.keys[i] - 1);
			m->keys[s] = old.keys[i];
			m->idx[s] = old.idx[i];
		}
	free(old.keys);
	free(old.idx);
	return 0;
}

static void map_free(struct page_map *m)
{
	free(m->keys);
	free(m->idx);
	free(m->order);
	free(m->to_low);
	free(m);
}

/* Pass one: note a page. -1 when the trace holds too many to map. */
static int map_note(struct page_map *m, uint64_t page)
{
	if (page < USER_PAGES) {
		if (!(m->low_used[page / 8] & (1u << (page % 8)))) {
			m->low_used[page / 8] |= (uint8_t)(1u << (page % 8));
			m->nr_low++;
		}
	} else {
		if ((m->nr_high + 1) * 2 > m->cap && map_grow(m))
			return -1;
		size_t s = slot_of(m, page);
		if (!m->keys[s]) {
			m->keys[s] = page + 1;
			m->idx[s] = m->nr_high;
			m->order[m->nr_high++] = page;
		}
	}
	return m->nr_low + m->nr_high > USER_PAGES ? -1 : 0;
}

/* Between the passes: each high page takes the next unused low page. */
static int map_assign(struct page_map *m)
{
	uint32_t low = 0;

	m->to_low = malloc((m->nr_high + 1) * sizeof(*m->to_low));
	if (!m->to_low)
		return -1;
	for (uint32_t i = 0; i < m->nr_high; i++) {
		while (m->low_used[low / 8] & (1u << (low % 8)))
			low++;
		m->to_low[i] = low++;
	}
	return 0;
}

/* Pass two: the i386 address of addr; -1 for a page pass one missed. */
static int map_addr(const struct page_map *m, uint64_t addr, uint32_t *va)
{
	uint64_t page = addr >> 12;
	size_t s;

	if (page < USER_PAGES) {
		*va = (uint32_t)addr;
		return 0;
	}
	s = slot_of(m, page);
	if (!m->keys[s])
		return -1;
	*va = m->to_low[m->idx[s]] << 12 | (uint32_t)(addr & 0xfff);
	return 0;
}

struct import_state {
	const struct import_format *fmt;
	const char *in;
	struct page_map *map;
	struct trace_writer *w;		/* NULL in pass one */
	struct import_summary *sum;
	char *err;
	size_t errlen;
};

/* One access, cut at each page boundary it crosses, in address order. */
static int do_access(struct import_state *st, const struct import_access *a)
{
	uint64_t addr = a->addr, left = a->size ? a->size : 1;

	if (a->size > 1 && addr + a->size - 1 < addr) {
		snprintf(st->err, st->errlen, "wraps around");
		return -1;
	}
	for (int piece = 0; left; piece++) {
		uint64_t room = 4096 - (addr & 0xfff);
		uint64_t len = left < room ? left : room;
		unsigned size = a->size && len <= 8 ? (unsigned)len : 0;

		if (!st->w) {
			if (map_note(st->map, addr >> 12)) {
				snprintf(st->err, st->errlen, "the trace "
					 "touches more than %u distinct pages",
					 USER_PAGES);
				return -1;
			}
		} else {
			uint32_t va;
			if (map_addr(st->map, addr, &va)) {
				snprintf(st->err, st->errlen, "the file changed "
					 "while it was imported");
				return -1;
			}
			if (trace_put_access(st->w, 1, a->kind, va, size,
					     TRES_UNKNOWN)) {
				snprintf(st->err, st->errlen, "writing the "
					 "trace failed");
				return -1;
			}
			st->sum->records++;
			if (piece)
				st->sum->split[(unsigned char)a->kind]++;
		}
		addr += len;
		left -= len;
	}
	return 0;
}

static int do_line(struct import_state *st, char *line, uint64_t lineno)
{
	struct import_access acc[2];
	char label = 0, why[160];
	int n = st->fmt->parse(line, acc, &label, why, sizeof(why));

	if (n < 0) {
		snprintf(st->err, st->errlen, "%s:%llu: %s", st->in,
			 (unsigned long long)lineno, why);
		return -1;
	}
	if (st->w && n)
		st->sum->lines[(unsigned char)label]++;
	for (int i = 0; i < n; i++)
		if (do_access(st, &acc[i])) {
			snprintf(why, sizeof(why), "%s", st->err);
			snprintf(st->err, st->errlen, "%s:%llu: %s", st->in,
				 (unsigned long long)lineno, why);
			return -1;
		}
	return 0;
}

/* Every line of the input through do_line. */
static int one_pass(struct import_state *st)
{
	char line[LINE_MAX_LEN + 2];
	uint64_t lineno = 0;
	int ret = 0, errnum;
	gzFile f;

	errno = 0;
	f = gzopen(st->in, "rb");

	if (!f) {
		snprintf(st->err, st->errlen, "%s: %s", st->in,
			 strerror(errno ? errno : ENOMEM));
		return -1;
	}
	gzbuffer(f, 256 << 10);
	while (!ret && gzgets(f, line, sizeof(line))) {
		size_t len = strlen(line);
		lineno++;
		if (len > LINE_MAX_LEN ||
		    (len == LINE_MAX_LEN && line[len - 1] != '\n')) {
			snprintf(st->err, st->errlen, "%s:%llu: line is longer "
				 "than %d bytes", st->in,
				 (unsigned long long)lineno, LINE_MAX_LEN);
			ret = -1;
			break;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		ret = do_line(st, line, lineno);
	}
	if (!ret) {
		const char *msg = gzerror(f, &errnum);
		if (errnum != Z_OK) {
			snprintf(st->err, st->errlen, "%s: %s", st->in,
				 errnum == Z_ERRNO ? strerror(errno) : msg);
			ret = -1;
		}
	}
	gzclose(f);
	return ret;
}

static int write_trace(struct import_state *st, const char *out)
{
	struct trace_config c;
	struct trace_record run = { .type = TR_RUN, .pid = 1 };
	char why[256];

	memset(&c, 0, sizeof(c));
	c.kind = TRACE_IMPORTED;
	if (strlen(st->in) + strlen(st->fmt->name) + 2 > sizeof(c.source)) {
		snprintf(st->err, st->errlen, "%s: name too long", st->in);
		return -1;
	}
	strcpy(c.source, st->fmt->name);
	strcat(c.source, " ");
	strcat(c.source, st->in);
	if (trace_create(&st->w, out, &c, st->err, st->errlen))
		return -1;
	if (trace_put(st->w, &run) || one_pass(st)) {
		if (!st->err[0])
			snprintf(st->err, st->errlen, "%s: write failed", out);
		trace_abandon(st->w);
		remove(out);
		return -1;
	}
	st->sum->records++;
	if (trace_finish(st->w, why, sizeof(why))) {
		snprintf(st->err, st->errlen, "%s: %s", out, why);
		remove(out);
		return -1;
	}
	return 0;
}

int import_trace(const struct import_format *fmt, const char *in,
		 const char *out, struct import_summary *sum, char *err,
		 size_t errlen)
{
	struct import_state st = { fmt, in, NULL, NULL, sum, err, errlen };
	int ret = -1;

	memset(sum, 0, sizeof(*sum));
	err[0] = '\0';
	st.map = calloc(1, sizeof(*st.map));
	if (!st.map || map_grow(st.map)) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if (one_pass(&st))
		goto out;
	if (map_assign(st.map)) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	sum->pages = st.map->nr_low + st.map->nr_high;
	sum->high_pages = st.map->nr_high;
	ret = write_trace(&st, out);
out:
	if (st.map)
		map_free(st.map);
	return ret;
}
