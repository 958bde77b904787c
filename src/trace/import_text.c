/*
 * import_text.c - one line of a plain address list: an address (hex with
 * 0x, or decimal), then optionally blanks and a kind R, W or X (R when
 * there is none); '#' starts a comment. The simplest trace a script can
 * write, e.g. the textbook reference strings the policies are tested on.
 */
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "trace.h"

static int parse_number(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;
	int digits = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (p += 2; ; p++, digits++) {
			int d = *p >= '0' && *p <= '9' ? *p - '0' :
				*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
				*p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
			if (d < 0)
				break;
			if (digits == 16)
				return -1;
			x = x << 4 | (uint64_t)d;
		}
	} else {
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			unsigned d = (unsigned)(*p - '0');
			if (x > (UINT64_MAX - d) / 10)
				return -1;
			x = x * 10 + d;
		}
	}
	if (!digits)
		return -1;
	*pp = p;
	*v = x;
	return 0;
}

static int text_parse(char *line, struct import_access acc[2], char *label,
		      char *why, size_t whylen)
{
	char *hash = strchr(line, '#');
	const char *p = line;
	char kind = TA_READ;

	if (hash)
		*hash = '\0';
	p += strspn(p, " \t");
	if (!*p)
		return 0;
	if (parse_number(&p, &acc[0].addr))
		goto bad;
	if (*p == ' ' || *p == '\t') {
		p += strspn(p, " \t");
		if (*p == 'R' || *p == 'W' || *p == 'X')
			kind = *p++;
		p += strspn(p, " \t");
	}
	if (*p)
		goto bad;
	acc[0].kind = kind;
	acc[0].size = 0;
	*label = kind;
	return 1;
bad:
	snprintf(why, whylen, "not ADDRESS [R|W|X]: '%.40s'", line);
	return -1;
}

const struct import_format import_text_format = {
	.name = "text",
	.parse = text_parse,
	.labels = "RWX",
};
