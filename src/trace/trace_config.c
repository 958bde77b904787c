/*
 * trace_config.c - the trace header's configuration text: struct
 * trace_config to "key=value\n" lines and back.
 *
 * Text, not a struct dump, so `trace info` can print it as it is and a
 * later version can add keys. Strings are escaped (\\, \n, \xHH for other
 * control bytes) so a path or argument holding a newline cannot forge a
 * key. The parser trusts nothing: unknown keys, a key given twice, bad
 * escapes, numbers out of range and too many args or swap areas are all
 * errors, since a header is only ever written by trace_create.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_encode.h"

#define TRACE_ARG_MAX	(128u << 10)	/* Linux's MAX_ARG_STRLEN */

static const char *const kind_names[] = {
	[TRACE_FAULTS] = "faults",
	[TRACE_ACCESSES] = "accesses",
	[TRACE_IMPORTED] = "imported",
};

static const char *const result_names[] = {
	[TRES_HIT] = "hit",
	[TRES_WALK] = "walk",
	[TRES_MINOR] = "minor",
	[TRES_MAJOR] = "major",
	[TRES_SIGNAL] = "signal",
	[TRES_UNKNOWN] = "unknown",
};

const char *trace_kind_name(enum trace_kind k)
{
	if ((unsigned)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[k];
}

const char *trace_result_name(unsigned result)
{
	if (result >= sizeof(result_names) / sizeof(result_names[0]))
		return "?";
	return result_names[result];
}

void trace_config_free(struct trace_config *c)
{
	for (unsigned i = 0; i < c->argc && i < TRACE_MAX_ARGS; i++) {
		free(c->argv[i]);
		c->argv[i] = NULL;
	}
	c->argc = 0;
}

/* A growing text buffer; on ENOMEM it stops growing and sets failed. */
struct sbuf {
	char *s;
	size_t len, cap;
	int failed;
};

static void sb_putc(struct sbuf *b, char ch)
{
	if (b->failed)
		return;
	if (b->len + 1 >= b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 1024;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->failed = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	b->s[b->len++] = ch;
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	for (int i = 0; i < n && i < (int)sizeof(tmp) - 1; i++)
		sb_putc(b, tmp[i]);
}

static void sb_escaped(struct sbuf *b, const char *key, const char *s)
{
	sb_printf(b, "%s=", key);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\\') {
			sb_putc(b, '\\');
			sb_putc(b, '\\');
		} else if (ch == '\n') {
			sb_putc(b, '\\');
			sb_putc(b, 'n');
		} else if (ch < 0x20 || ch == 0x7f) {
			sb_printf(b, "\\x%02x", ch);
		} else {
			sb_putc(b, (char)ch);
		}
	}
	sb_putc(b, '\n');
}

char *trace_config_format(const struct trace_config *c, size_t *len)
{
	struct sbuf b = { 0 };

	sb_printf(&b, "kind=%s\n", trace_kind_name(c->kind));
	sb_printf(&b, "mem=%" PRIu64 "\n", c->mem_bytes);
	sb_printf(&b, "itlb=%u:%u\n", c->itlb_entries, c->itlb_ways);
	sb_printf(&b, "dtlb=%u:%u\n", c->dtlb_entries, c->dtlb_ways);
	sb_escaped(&b, "policy", c->policy);
	for (unsigned i = 0; i < c->nr_swap; i++)
		sb_printf(&b, "swap=%" PRIu64 ",%d\n", c->swap[i].bytes,
			  c->swap[i].prio);
	sb_printf(&b, "quantum=%" PRIu64 "\n", c->quantum);
	sb_printf(&b, "seed=%" PRIu64 "\n", c->seed);
	sb_escaped(&b, "program", c->program);
	sb_printf(&b, "program_size=%" PRIu64 "\n", c->program_size);
	sb_printf(&b, "program_crc32=%08" PRIx32 "\n", c->program_crc32);
	sb_escaped(&b, "root", c->root);
	for (unsigned i = 0; i < c->argc; i++)
		sb_escaped(&b, "arg", c->argv[i]);
	sb_escaped(&b, "source", c->source);
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	*len = b.len;
	return b.s;
}

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The limits the parser enforces, checked before writing as well. */
static int check_string(const char *s, size_t size, const char *key,
			char *err, size_t n)
{
	if (strnlen(s, size) >= size)
		return fail(err, n, "%s is longer than %zu bytes", key,
			    size - 1);
	return 0;
}

static int check_tlb(const char *key, unsigned entries, unsigned ways,
		     char *err, size_t n)
{
	if (entries > 65536 || ways > entries)
		return fail(err, n, "%s=%u:%u is out of range", key, entries,
			    ways);
	return 0;
}

int trace_config_check(const struct trace_config *c, char *err, size_t n)
{
	if ((unsigned)c->kind > TRACE_IMPORTED)
		return fail(err, n, "unknown trace kind %d", (int)c->kind);
	if (c->mem_bytes > (1ull << 32))
		return fail(err, n, "mem=%" PRIu64 " is out of range",
			    c->mem_bytes);
	if (check_tlb("itlb", c->itlb_entries, c->itlb_ways, err, n) ||
	    check_tlb("dtlb", c->dtlb_entries, c->dtlb_ways, err, n))
		return -1;
	if (c->nr_swap > TRACE_MAX_SWAP)
		return fail(err, n, "%u swap areas (at most %d)", c->nr_swap,
			    TRACE_MAX_SWAP);
	for (unsigned i = 0; i < c->nr_swap; i++)
		if (c->swap[i].bytes > (1ull << 40) ||
		    c->swap[i].prio < -32768 || c->swap[i].prio > 32767)
			return fail(err, n, "swap area %u is out of range", i);
	if (c->quantum > 1000000000u)
		return fail(err, n, "quantum=%" PRIu64 " is out of range",
			    c->quantum);
	if (c->program_size > (1ull << 40))
		return fail(err, n, "program_size is out of range");
	if (c->argc > TRACE_MAX_ARGS)
		return fail(err, n, "%u args (at most %d)", c->argc,
			    TRACE_MAX_ARGS);
	for (unsigned i = 0; i < c->argc; i++) {
		if (!c->argv[i])
			return fail(err, n, "arg %u is NULL", i);
		if (strlen(c->argv[i]) > TRACE_ARG_MAX)
			return fail(err, n, "arg %u is longer than %u bytes",
				    i, TRACE_ARG_MAX);
	}
	return check_string(c->policy, sizeof(c->policy), "policy", err, n) ||
	       check_string(c->program, sizeof(c->program), "program", err,
			    n) ||
	       check_string(c->root, sizeof(c->root), "root", err, n) ||
	       check_string(c->source, sizeof(c->source), "source", err, n);
}

/* A decimal number with nothing around it, at most max. */
static int parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		unsigned d = (unsigned)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	if (x > max)
		return -1;
	*v = x;
	return 0;
}

static int parse_uint(const char *s, unsigned max, unsigned *v)
{
	uint64_t x;

	if (parse_u64(s, max, &x))
		return -1;
	*v = (unsigned)x;
	return 0;
}

static int parse_tlb(const char *s, unsigned *entries, unsigned *ways)
{
	char num[24];
	const char *colon = strchr(s, ':');

	if (!colon || (size_t)(colon - s) >= sizeof(num))
		return -1;
	memcpy(num, s, (size_t)(colon - s));
	num[colon - s] = '\0';
	if (parse_uint(num, 65536, entries) ||
	    parse_uint(colon + 1, *entries, ways))
		return -1;
	return 0;
}

static int parse_swap(struct trace_config *c, const char *s)
{
	char num[24];
	const char *comma = strchr(s, ',');
	const char *p;
	uint64_t prio;
	int neg;

	if (!comma || (size_t)(comma - s) >= sizeof(num) ||
	    c->nr_swap >= TRACE_MAX_SWAP)
		return -1;
	memcpy(num, s, (size_t)(comma - s));
	num[comma - s] = '\0';
	if (parse_u64(num, 1ull << 40, &c->swap[c->nr_swap].bytes))
		return -1;
	p = comma + 1;
	neg = *p == '-';
	if (parse_u64(p + neg, 32768 - !neg, &prio))
		return -1;
	c->swap[c->nr_swap].prio = neg ? -(int)prio : (int)prio;
	c->nr_swap++;
	return 0;
}

static int parse_hex32(const char *s, uint32_t *v)
{
	uint32_t x = 0;
	size_t len = strlen(s);

	if (len == 0 || len > 8)
		return -1;
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else
			return -1;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

/* Undo sb_escaped in place: -1 on a bad escape or a NUL it would make. */
static int unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch == 0x7f)
			return -1;
		if (ch != '\\') {
			*out++ = (char)ch;
			continue;
		}
		s++;
		if (*s == '\\') {
			*out++ = '\\';
		} else if (*s == 'n') {
			*out++ = '\n';
		} else if (*s == 'x') {
			char hex[3] = { 0 };
			uint32_t v;
			if (!s[1] || !s[2])
				return -1;
			hex[0] = s[1];
			hex[1] = s[2];
			if (parse_hex32(hex, &v) || v == 0)
				return -1;
			*out++ = (char)v;
			s += 2;
		} else {
			return -1;
		}
	}
	*out = '\0';
	return 0;
}

static int set_string(char *dst, size_t size, char *v)
{
	if (unescape(v) || strlen(v) >= size)
		return -1;
	strcpy(dst, v);
	return 0;
}

static int parse_kind(const char *v, enum trace_kind *k)
{
	for (unsigned i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]);
	     i++)
		if (!strcmp(v, kind_names[i])) {
			*k = (enum trace_kind)i;
			return 0;
		}
	return -1;
}

static int add_arg(struct trace_config *c, char *v)
{
	if (c->argc >= TRACE_MAX_ARGS || unescape(v) ||
	    strlen(v) > TRACE_ARG_MAX)
		return -1;
	c->argv[c->argc] = strdup(v);
	if (!c->argv[c->argc])
		return -1;
	c->argc++;
	return 0;
}

/* One key=value; 0, -1 bad value. Sets *seen bit for single keys. */
static int parse_line(struct trace_config *c, const char *key, char *v,
		      unsigned *bit)
{
	*bit = 0;
	if (!strcmp(key, "swap"))
		return parse_swap(c, v);
	if (!strcmp(key, "arg"))
		return add_arg(c, v);
	if (!strcmp(key, "kind"))
		return *bit = 1, parse_kind(v, &c->kind);
	if (!strcmp(key, "mem"))
		return *bit = 2, parse_u64(v, 1ull << 32, &c->mem_bytes);
	if (!strcmp(key, "itlb"))
		return *bit = 4, parse_tlb(v, &c->itlb_entries, &c->itlb_ways);
	if (!strcmp(key, "dtlb"))
		return *bit = 8, parse_tlb(v, &c->dtlb_entries, &c->dtlb_ways);
	if (!strcmp(key, "policy"))
		return *bit = 16, set_string(c->policy, sizeof(c->policy), v);
	if (!strcmp(key, "quantum"))
		return *bit = 32, parse_u64(v, 1000000000u, &c->quantum);
	if (!strcmp(key, "seed"))
		return *bit = 64, parse_u64(v, UINT64_MAX, &c->seed);
	if (!strcmp(key, "program"))
		return *bit = 128, set_string(c->program, sizeof(c->program),
					      v);
	if (!strcmp(key, "program_size"))
		return *bit = 256, parse_u64(v, 1ull << 40, &c->program_size);
	if (!strcmp(key, "program_crc32"))
		return *bit = 512, parse_hex32(v, &c->program_crc32);
	if (!strcmp(key, "root"))
		return *bit = 1024, set_string(c->root, sizeof(c->root), v);
	if (!strcmp(key, "source"))
		return *bit = 2048, set_string(c->source, sizeof(c->source),
					       v);
	*bit = ~0u;
	return -1;
}

int trace_config_parse(struct trace_config *c, const char *text, size_t len,
		       char *err, size_t n)
{
	char *copy = malloc(len + 1), *line, *next;
	unsigned seen = 0, lineno = 0;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	if (!copy)
		return fail(err, n, "%s", strerror(ENOMEM));
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (memchr(text, '\0', len) || (len && text[len - 1] != '\n'))
		ret = fail(err, n, "corrupt configuration text");
	for (line = copy; !ret && *line; line = next) {
		char *eq, *nl = strchr(line, '\n');
		unsigned bit;

		*nl = '\0';
		next = nl + 1;
		lineno++;
		eq = strchr(line, '=');
		if (!eq) {
			ret = fail(err, n, "configuration line %u has no '='",
				   lineno);
			break;
		}
		*eq = '\0';
		if (parse_line(c, line, eq + 1, &bit)) {
			ret = fail(err, n, bit == ~0u ?
				   "unknown configuration key '%.40s'" :
				   "bad configuration value for '%.40s'",
				   line);
		} else if (seen & bit) {
			ret = fail(err, n, "configuration key '%.40s' given "
				   "twice", line);
		}
		seen |= bit;
	}
	free(copy);
	if (!ret && !(seen & 1))
		ret = fail(err, n, "configuration has no kind");
	if (ret)
		trace_config_free(c);
	return ret;
}
