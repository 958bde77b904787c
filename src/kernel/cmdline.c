/*
 * cmdline.c - what `i386mm run` and `i386mm replay` take alike from a
 * command line: the one-line usage error, numbers, a memory size and a
 * TLB's geometry, with the same words for the same mistakes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "mm.h"
#include "page.h"
#include "swap_boot.h"

static const char *command_prefix = "";

void usage_set_command(const char *command)
{
	command_prefix = command;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "i386mm: %s", command_prefix);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

int parse_mem(const char *opt, const char *v, uint64_t *out)
{
	uint64_t bytes;

	if (parse_size(v, &bytes))
		return usage_error("%s %s: not a size (a number with an "
				   "optional K, M or G suffix)", opt, v);
	if (bytes < MEM_MIN_BYTES || bytes > MEM_MAX_BYTES)
		return usage_error("%s %s: out of range (4M..4G)", opt, v);
	if (bytes % PAGE_SIZE)
		return usage_error("%s %s: not a multiple of the 4K page size",
				   opt, v);
	*out = bytes;
	return 0;
}

/* N[:WAYS]; WAYS defaults to 4, or N if smaller */
int parse_tlb(const char *opt, const char *v, unsigned max,
	      unsigned default_ways, unsigned *entries, unsigned *ways)
{
	const char *colon = strchr(v, ':');
	char num[32];
	uint64_t n, w = default_ways;
	size_t len = colon ? (size_t)(colon - v) : strlen(v);

	if (len >= sizeof(num))
		len = sizeof(num) - 1;
	memcpy(num, v, len);
	num[len] = '\0';
	if (parse_u64(num, &n) || (colon && parse_u64(colon + 1, &w)))
		return usage_error("%s %s: not N or N:WAYS (numbers)", opt, v);
	if (n < 1 || n > max)
		return usage_error("%s %s: entries must be 1..%u", opt, v, max);
	if (!colon && w > n)
		w = n;
	if (w < 1 || w > n || n % w)
		return usage_error("%s %s: ways must divide the %" PRIu64
				   " entries", opt, v, n);
	if ((n / w) & (n / w - 1))
		return usage_error("%s %s: %" PRIu64 " sets: entries / ways "
				   "must be a power of two", opt, v, n / w);
	*entries = (unsigned)n;
	*ways = (unsigned)w;
	return 0;
}
