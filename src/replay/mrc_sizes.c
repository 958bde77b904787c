/*
 * mrc_sizes.c - the SIZES of --mrc: a comma-separated list of items,
 * each a frame count N or a range FIRST:LAST:STEP (FIRST, FIRST+STEP, ...
 * up to LAST inclusive); e.g. "64,128,256" or "64:4096:64". Sizes are
 * 1..POLICY_MAX_FRAMES, at most MRC_MAX_SIZES of them; they come back
 * sorted with repeats dropped, the order of the CSV's rows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* a decimal frame count at *s, ending at a char of stop; 0 or -1 */
static int parse_count(const char **s, const char *stop, uint64_t *out)
{
	char *end;

	if (**s < '0' || **s > '9')
		return -1;
	errno = 0;
	*out = strtoull(*s, &end, 10);
	if (errno || !strchr(stop, *end))
		return -1;
	*s = end;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int add_size(uint64_t *size, unsigned *n, uint64_t v, char *err,
		    size_t errlen)
{
	if (!v || v > POLICY_MAX_FRAMES) {
		snprintf(err, errlen, "a size must be 1..%u frames",
			 (unsigned)POLICY_MAX_FRAMES);
		return -1;
	}
	if (*n == MRC_MAX_SIZES) {
		snprintf(err, errlen, "more than %u sizes", MRC_MAX_SIZES);
		return -1;
	}
	size[(*n)++] = v;
	return 0;
}

/* one item at *s: N or FIRST:LAST:STEP */
static int parse_item(const char **s, uint64_t *size, unsigned *n,
		      char *err, size_t errlen)
{
	uint64_t first, last, step, v;

	if (parse_count(s, ",:", &first))
		goto bad;
	if (**s != ':')
		return add_size(size, n, first, err, errlen);
	(*s)++;
	if (parse_count(s, ":", &last) || !**s)
		goto bad;
	(*s)++;
	if (parse_count(s, ",", &step) || !step || last < first) {
		snprintf(err, errlen, "a range is FIRST:LAST:STEP with FIRST "
			 "<= LAST and STEP >= 1");
		return -1;
	}
	for (v = first; v <= last; v += step) {
		if (add_size(size, n, v, err, errlen))
			return -1;
		if (last - v < step)
			break;
	}
	return 0;
bad:
	snprintf(err, errlen, "not a list of N or FIRST:LAST:STEP "
		 "(frame counts, comma-separated)");
	return -1;
}

int mrc_parse_sizes(const char *text, uint64_t **out, unsigned *nout,
		    char *err, size_t errlen)
{
	uint64_t *size = malloc(MRC_MAX_SIZES * sizeof(*size));
	const char *s = text;
	unsigned n = 0, i, k;

	if (!size) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (;;) {
		if (parse_item(&s, size, &n, err, errlen)) {
			free(size);
			return -1;
		}
		if (!*s)
			break;
		s++;	/* the comma */
	}
	qsort(size, n, sizeof(*size), cmp_u64);
	for (i = k = 0; i < n; i++)
		if (!k || size[k - 1] != size[i])
			size[k++] = size[i];
	*out = size;
	*nout = k;
	return 0;
}
