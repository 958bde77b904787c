/*
 * nolibc.c - output, argument parsing and the two memory primitives for
 * the -nostdlib guests (see nolibc.h). Kept byte-at-a-time and obvious:
 * these guests count faults and TLB misses, not speed.
 */
#include "nolibc.h"

unsigned long str_len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void put_fd(int fd, const char *s)
{
	sys_write(fd, s, str_len(s));
}

void put_str(const char *s)
{
	put_fd(1, s);
}

void put_udec(unsigned long v)
{
	char buf[12];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_str(&buf[i]);
}

void put_hex(unsigned long v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[11];
	int i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 8; i++)
		buf[2 + i] = digits[(v >> (28 - 4 * i)) & 0xf];
	buf[10] = '\0';
	put_str(buf);
}

int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		unsigned long d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned long)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

void usage(const char *text)
{
	put_fd(2, "usage: ");
	put_fd(2, text);
	put_fd(2, "\n");
	sys_exit(2);
}

void *memset(void *s, int c, unsigned long n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, unsigned long n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}
