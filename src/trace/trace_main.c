/* trace_main.c - placeholder until the trace command lands (branch tracefmt). */
#include <stdio.h>
#include "kernel.h"
#include "replay.h"

int trace_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("i386mm: trace is not supported yet\n", stderr);
	return EXIT_USAGE;
}
