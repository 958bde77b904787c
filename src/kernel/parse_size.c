/*
 * parse_size.c - SIZE as the command line writes it (--mem, --swap,
 * mkswap): bytes, or a number with a K, M or G suffix (powers of 1024).
 * In the library so the swap options and main.c read sizes alike.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "swap_boot.h"

int parse_size(const char *s, uint64_t *out)
{
	char num[32], *end;
	size_t len = strlen(s);
	unsigned shift = 0;

	if (len && strchr("KkMmGg", s[len - 1])) {
		shift = strchr("Kk", s[len - 1]) ? 10 :
			strchr("Mm", s[len - 1]) ? 20 : 30;
		len--;
	}
	if (!len || len >= sizeof(num))
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	if (num[0] < '0' || num[0] > '9')
		return -1;
	errno = 0;
	*out = strtoull(num, &end, 10);
	if (errno || *end || *out > (UINT64_MAX >> shift))
		return -1;
	*out <<= shift;
	return 0;
}
