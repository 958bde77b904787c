/* replay_main.c - placeholder until the replay command lands (branch pure). */
#include <stdio.h>
#include "kernel.h"
#include "replay.h"

int replay_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("i386mm: replay is not supported yet\n", stderr);
	return EXIT_USAGE;
}
