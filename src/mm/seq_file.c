/*
 * seq_file.c - the growing text buffer behind every /proc-format dump.
 * Host memory: dumps are transient output, not kernel state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "seq_file.h"

void seq_init(struct seq_file *m)
{
	m->size = 4096;
	m->count = 0;
	m->buf = malloc(m->size);
	if (!m->buf) {
		fprintf(stderr, "i386mm: out of host memory\n");
		exit(1);
	}
	m->buf[0] = '\0';
}

void seq_release(struct seq_file *m)
{
	free(m->buf);
	m->buf = NULL;
	m->count = m->size = 0;
}

static void seq_reserve(struct seq_file *m, size_t more)
{
	while (m->count + more + 1 > m->size) {
		m->size *= 2;
		m->buf = realloc(m->buf, m->size);
		if (!m->buf) {
			fprintf(stderr, "i386mm: out of host memory\n");
			exit(1);
		}
	}
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	seq_reserve(m, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	m->count += (size_t)n;
}

void seq_putc(struct seq_file *m, char c)
{
	seq_reserve(m, 1);
	m->buf[m->count++] = c;
	m->buf[m->count] = '\0';
}
