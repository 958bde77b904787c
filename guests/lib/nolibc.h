/*
 * nolibc.h - the little of a C library the -nostdlib guests need: print a
 * string or a number on stdout, parse a decimal argument, give up with a
 * usage line. Output goes straight to write(2), unbuffered, so a guest
 * that is killed has already printed everything before the fatal access.
 */
#ifndef GUEST_NOLIBC_H
#define GUEST_NOLIBC_H

#include "sys.h"

unsigned long str_len(const char *s);
void put_str(const char *s);
void put_udec(unsigned long v);
void put_hex(unsigned long v);	/* 0x and 8 digits */

/* Decimal, no sign, at most max: 0 and *out set, or -1. */
int parse_ulong(const char *s, unsigned long max, unsigned long *out);

/* "usage: TEXT" on stderr, then exit(2). */
void __attribute__((noreturn)) usage(const char *text);

/* gcc may emit calls to these even with -ffreestanding. */
void *memset(void *s, int c, unsigned long n);
void *memcpy(void *dst, const void *src, unsigned long n);

#endif /* GUEST_NOLIBC_H */
