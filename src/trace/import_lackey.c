/*
 * import_lackey.c - one line of `valgrind --tool=lackey --trace-mem=yes`:
 *
 *   I  04012a3f,3        an instruction fetch
 *    L 1ffefff8d0,8      a load
 *    S 04225e18,4        a store
 *    M 0422ae70,4        a modify: a load, then a store
 *
 * with 32- or 64-bit hex addresses. Lines of valgrind's own ("==PID==
 * ...") and blank lines are skipped; anything else is an error, since a
 * line we do not understand could be an access we would lose.
 */
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "trace.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "ADDR,SIZE" and nothing after but blanks: 0, or -1. */
static int parse_addr_size(const char *p, uint64_t *addr, unsigned *size)
{
	uint64_t a = 0, s = 0;
	int digits = 0;

	for (; hexval(*p) >= 0; p++, digits++) {
		if (digits == 16)
			return -1;
		a = a << 4 | (uint64_t)hexval(*p);
	}
	if (!digits || *p++ != ',')
		return -1;
	for (digits = 0; *p >= '0' && *p <= '9'; p++, digits++) {
		s = s * 10 + (uint64_t)(*p - '0');
		if (s > IMPORT_MAX_SIZE)
			return -1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (!digits || *p || s == 0)
		return -1;
	*addr = a;
	*size = (unsigned)s;
	return 0;
}

static int lackey_parse(char *line, struct import_access acc[2],
			char *label, char *why, size_t whylen)
{
	char op;
	const char *p;

	if (!strncmp(line, "==", 2) || line[strspn(line, " \t")] == '\0')
		return 0;
	if (line[0] == 'I' && line[1] == ' ') {
		op = 'I';
		p = line + 1;
	} else if (line[0] == ' ' && strchr("LSM", line[1]) && line[1] &&
		   line[2] == ' ') {
		op = line[1];
		p = line + 2;
	} else {
		goto bad;
	}
	while (*p == ' ')
		p++;
	if (parse_addr_size(p, &acc[0].addr, &acc[0].size))
		goto bad;
	*label = op;
	acc[0].kind = op == 'I' ? TA_EXEC : op == 'S' ? TA_WRITE : TA_READ;
	if (op != 'M')
		return 1;
	acc[1] = acc[0];
	acc[1].kind = TA_WRITE;
	return 2;
bad:
	snprintf(why, whylen, "not a lackey --trace-mem line: '%.40s'", line);
	return -1;
}

const struct import_format import_lackey_format = {
	.name = "lackey",
	.parse = lackey_parse,
	.labels = "ILSM",
};
