/* replay_run.c - placeholder until the full replay lands (the lead's work). */
#include <stdio.h>
#include "kernel.h"
#include "replay.h"

int kernel_replay(const struct replay_options *o)
{
	(void)o;
	fputs("i386mm: full replay is not supported yet\n", stderr);
	return EXIT_USAGE;
}
