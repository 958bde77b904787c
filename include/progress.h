/*
 * progress.h - the progress line of a long replay on stderr: how much of
 * the file is read and records per second, redrawn at most four times a
 * second and erased at the end. Only on a terminal, unless asked for.
 * The pure replay (src/replay) and the full one (src/kernel/replay_run.c)
 * both draw it; src/replay/progress.c implements it.
 */
#ifndef I386MM_REPLAY_PROGRESS_H
#define I386MM_REPLAY_PROGRESS_H

#include <stdint.h>
#include <time.h>

/* How many records between two looks at the clock. */
#define PROGRESS_EVERY	(1u << 16)

struct progress {
	int on, shown;
	struct timespec start, last;
};

/* mode: -1 on if stderr is a terminal, 0 off, 1 on */
void progress_init(struct progress *p, int mode);
/* what: "reading", "pass 1/2"...; done of total bytes (or requests) */
void progress_show(struct progress *p, const char *what, uint64_t done,
		   uint64_t total, uint64_t records);
/* Erase the line, if one was drawn. */
void progress_end(struct progress *p);

#endif
