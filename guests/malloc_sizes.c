/*
 * malloc_sizes - malloc and free of sizes from 1 byte to 4 MiB. glibc
 * serves small requests from the brk heap and requests above its mmap
 * threshold (128 KiB, at most 512 KiB on i386 once it adapts) with their
 * own mmap, so both paths of the emulator's address space are taken: brk
 * growing the heap VMA, mmap2 and munmap of large anonymous regions.
 * Every block is filled with a pattern that depends on the block and the
 * offset; all are alive at once, half are freed and allocated again, then
 * all are verified, so a page mixed up between blocks is caught.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const size_t sizes[] = {
	1, 2, 3, 7, 8, 15, 16, 24, 31, 64, 100, 255, 256, 1000,
	4095, 4096, 4097, 10000, 32768, 65536, 100000, 131071, 131072,
	131073, 262144, 500000, 1u << 20, (3u << 20) + 123, 4u << 20,
};
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

static unsigned char *blocks[NSIZES];
static uint32_t seeds[NSIZES];

static uint32_t word_at(uint32_t seed, size_t k)
{
	return seed * 2654435761u ^ (uint32_t)k * 0x85ebca6bu;
}

static unsigned char byte_at(uint32_t seed, size_t j)
{
	return (unsigned char)(seed * 7 + j);
}

/* malloc's blocks are 8-aligned, so whole words first, then the tail. */
static void fill(unsigned char *p, size_t n, uint32_t seed)
{
	uint32_t *w = (uint32_t *)p;
	size_t k, j;

	for (k = 0; k < n / 4; k++)
		w[k] = word_at(seed, k);
	for (j = n / 4 * 4; j < n; j++)
		p[j] = byte_at(seed, j);
}

static uint32_t verify(const unsigned char *p, size_t n, uint32_t seed)
{
	const uint32_t *w = (const uint32_t *)p;
	uint32_t sum = seed;
	size_t k, j;

	for (k = 0; k < n / 4; k++) {
		if (w[k] != word_at(seed, k))
			goto bad;
		sum = sum * 31 + w[k];
	}
	for (j = n / 4 * 4; j < n; j++) {
		if (p[j] != byte_at(seed, j))
			goto bad;
		sum = sum * 31 + p[j];
	}
	return sum;
bad:
	printf("malloc_sizes: block of %zu bytes corrupted\n", n);
	exit(1);
}

static void allocate(size_t i, uint32_t seed)
{
	blocks[i] = malloc(sizes[i]);
	if (!blocks[i]) {
		printf("malloc_sizes: malloc(%zu) failed\n", sizes[i]);
		exit(1);
	}
	seeds[i] = seed;
	fill(blocks[i], sizes[i], seed);
}

int main(void)
{
	uintptr_t brk_before = (uintptr_t)sbrk(0), brk_after, big;
	size_t i, total = 0;
	int big_outside;
	uint32_t sum = 0;

	for (i = 0; i < NSIZES; i++)
		allocate(i, (uint32_t)i + 1);
	for (i = 0; i < NSIZES; i += 2)
		free(blocks[i]);
	/* in reverse, so the blocks land in other holes than before */
	for (i = NSIZES; i-- > 0;)
		if (i % 2 == 0)
			allocate(i, (uint32_t)i + 1000);
	brk_after = (uintptr_t)sbrk(0);
	big = (uintptr_t)blocks[NSIZES - 1];
	big_outside = big < brk_before || big >= brk_after;
	for (i = 0; i < NSIZES; i++) {
		sum = sum * 33 + verify(blocks[i], sizes[i], seeds[i]);
		total += sizes[i];
		free(blocks[i]);
	}
	printf("malloc_sizes: %zu sizes from %zu to %zu bytes\n", NSIZES,
	       sizes[0], sizes[NSIZES - 1]);
	printf("filled, half freed and refilled, verified %zu bytes\n", total);
	printf("brk heap grew: %s\n", brk_after > brk_before ? "yes" : "no");
	printf("4 MiB block outside the brk heap: %s\n",
	       big_outside ? "yes" : "no");
	printf("checksum 0x%08x\n", sum);
	return 0;
}
