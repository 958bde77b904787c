/*
 * stack_recurse - recurses N levels deep with a 1 KiB frame each, so the
 * stack grows by several MiB (N = 5000 is about 5 MiB, below the 8 MiB
 * RLIMIT_STACK). Each new stack page is a fault below the stack VMA that
 * the kernel must serve by expanding it (expand_stack). Every frame is
 * filled on the way down and checked on the way up, so a page lost or
 * mapped twice changes the checksum.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FRAME_WORDS	256		/* 1 KiB of locals per level */
#define MAX_DEPTH	6000		/* about 6 MiB of stack */

static unsigned max_depth;

/* FNV-1a over words, high bits folded down: order-sensitive. */
static uint32_t mix(uint32_t h, uint32_t w)
{
	h = (h ^ w) * 16777619u;
	return h ^ (h >> 15);
}

static uint32_t recurse(unsigned depth, unsigned n)
{
	volatile uint32_t frame[FRAME_WORDS];
	uint32_t sum = 2166136261u;
	unsigned i;

	for (i = 0; i < FRAME_WORDS; i++)
		frame[i] = depth * 2654435761u + i;
	if (depth > max_depth)
		max_depth = depth;
	if (depth < n)
		sum = recurse(depth + 1, n);
	for (i = 0; i < FRAME_WORDS; i++) {
		if (frame[i] != depth * 2654435761u + i) {
			printf("stack_recurse: frame %u word %u corrupted\n",
			       depth, i);
			exit(1);
		}
		sum = mix(sum, frame[i]);
	}
	return sum;
}

int main(int argc, char **argv)
{
	unsigned long n;
	char *end;
	uint32_t sum;

	errno = 0;
	n = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
	if (argc != 2 || errno || *end || end == argv[1] || n < 1 ||
	    n > MAX_DEPTH) {
		fprintf(stderr, "usage: stack_recurse DEPTH (1..%d)\n",
			MAX_DEPTH);
		return 2;
	}
	sum = recurse(1, (unsigned)n);
	printf("stack_recurse: depth %u reached, %d bytes of locals per "
	       "frame, checksum 0x%08x\n", max_depth, FRAME_WORDS * 4, sum);
	return 0;
}
