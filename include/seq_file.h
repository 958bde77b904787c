/*
 * seq_file.h - a growing text buffer for /proc-style dumps.
 *
 * Every dump in Linux's /proc formats (buddyinfo, zoneinfo, slabinfo, vmstat,
 * and later the procfs files) is written with seq_printf into one of these,
 * so the same text serves tests, --stats and the guest's /proc.
 */
#ifndef I386MM_SEQ_FILE_H
#define I386MM_SEQ_FILE_H

#include <stddef.h>

struct seq_file {
	char *buf;	/* NUL-terminated text, host memory */
	size_t count;	/* bytes used, not counting the NUL */
	size_t size;	/* bytes allocated */
};

void seq_init(struct seq_file *m);
void seq_release(struct seq_file *m);
void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_putc(struct seq_file *m, char c);

#endif
