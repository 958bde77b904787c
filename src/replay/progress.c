/*
 * progress.c - the progress line (progress.h). The host's clock only
 * paces the redraws and the rate shown; nothing it reads reaches the
 * replay's results.
 */
#include <stdio.h>
#include <unistd.h>

#include "progress.h"

#define REDRAW_NS	250000000ll

static long long ns_between(const struct timespec *a,
			    const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000ll +
	       (b->tv_nsec - a->tv_nsec);
}

void progress_init(struct progress *p, int mode)
{
	p->on = mode < 0 ? isatty(STDERR_FILENO) : mode;
	p->shown = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void progress_show(struct progress *p, const char *what, uint64_t done,
		   uint64_t total, uint64_t records)
{
	struct timespec now;
	long long ns;

	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ns_between(&p->last, &now) < REDRAW_NS)
		return;
	p->last = now;
	ns = ns_between(&p->start, &now);
	fprintf(stderr, "\r\033[Ki386mm replay: %s %3.0f%%, %.1fM records/s",
		what, total ? 100.0 * (double)done / (double)total : 0.0,
		ns > 0 ? (double)records * 1e3 / (double)ns : 0.0);
	fflush(stderr);
	p->shown = 1;
}

void progress_end(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
