/* trace_show.h - the text forms of a trace (trace_show.c), for trace_main. */
#ifndef I386MM_TRACE_SHOW_H
#define I386MM_TRACE_SHOW_H

#include <stdint.h>
#include <stdio.h>
#include "trace.h"

/* One record as a `trace dump` line. */
void trace_print_record(FILE *f, const struct trace_record *r);
/* The commands: exit statuses (1 after one line on stderr). */
int trace_dump(const char *path, uint64_t limit, FILE *out);
int trace_info(const char *path, FILE *out);

#endif
