/*
 * import.h - `i386mm trace import`: turning other tools' address traces
 * into i386mm traces. import.c owns what every format shares (reading
 * plain or gzip input line by line, mapping 64-bit addresses onto the
 * i386 user range, splitting accesses at page boundaries, writing the
 * trace); import_lackey.c and import_text.c only parse one line each.
 */
#ifndef I386MM_TRACE_IMPORT_H
#define I386MM_TRACE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

/* One access as the source tool saw it: any 64-bit address. */
struct import_access {
	char kind;		/* enum trace_access_kind */
	uint64_t addr;
	unsigned size;		/* bytes, 0 when the format has none */
};

#define IMPORT_MAX_SIZE	4096	/* a longer access is not a line we know */

/*
 * A format's line parser: how many accesses the line holds (0 for a
 * comment or a line to ignore, at most 2), with *label set to the letter
 * the summary counts it under; or -1 with the reason in why.
 */
typedef int (*import_parse_fn)(char *line, struct import_access acc[2],
			       char *label, char *why, size_t whylen);

struct import_format {
	const char *name;		/* "lackey", "text" */
	import_parse_fn parse;
	const char *labels;		/* the letters counted, in order */
};

extern const struct import_format import_lackey_format;
extern const struct import_format import_text_format;

/* What an import did, for its summary line. */
struct import_summary {
	uint64_t lines[256];		/* by label */
	uint64_t split[256];		/* extra accesses, by kind */
	uint64_t records;		/* TR_RUN and the accesses */
	uint64_t pages, high_pages;	/* distinct; high: mapped below 3G */
};

/*
 * Import in (plain or gzip) as fmt into a new trace out: 0, or -1 with
 * one line in err (a bad line, an unreadable input, an unwritable out).
 */
int import_trace(const struct import_format *fmt, const char *in,
		 const char *out, struct import_summary *sum, char *err,
		 size_t errlen);

#endif
