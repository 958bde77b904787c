/*
 * bigdata - an 8 MiB .bss and a 1 MiB initialised .data. The loader must
 * map .data from the file page by page (private, copy-on-write), zero the
 * tail of the last file page where .bss begins, and give the rest of .bss
 * as demand-zero anonymous memory. Every .data word holds its own index,
 * so a page loaded at the wrong place is caught; .bss must read as zero,
 * then both are rewritten and verified.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BSS_WORDS	(2u << 20)	/* 8 MiB */
#define DATA_WORDS	(256u << 10)	/* 1 MiB */
#define DATA_BASE	0xda000000u

/*
 * The initialiser is built by pasting hex digits: D3(0xda00) expands to
 * 0xda000000, 0xda000001, ... 0xda00ffff, so data[i] == DATA_BASE + i.
 */
#define D0(p) p##0, p##1, p##2, p##3, p##4, p##5, p##6, p##7, \
	      p##8, p##9, p##a, p##b, p##c, p##d, p##e, p##f
#define D1(p) D0(p##0), D0(p##1), D0(p##2), D0(p##3), D0(p##4), D0(p##5), \
	      D0(p##6), D0(p##7), D0(p##8), D0(p##9), D0(p##a), D0(p##b), \
	      D0(p##c), D0(p##d), D0(p##e), D0(p##f)
#define D2(p) D1(p##0), D1(p##1), D1(p##2), D1(p##3), D1(p##4), D1(p##5), \
	      D1(p##6), D1(p##7), D1(p##8), D1(p##9), D1(p##a), D1(p##b), \
	      D1(p##c), D1(p##d), D1(p##e), D1(p##f)
#define D3(p) D2(p##0), D2(p##1), D2(p##2), D2(p##3), D2(p##4), D2(p##5), \
	      D2(p##6), D2(p##7), D2(p##8), D2(p##9), D2(p##a), D2(p##b), \
	      D2(p##c), D2(p##d), D2(p##e), D2(p##f)

static uint32_t data[DATA_WORDS] = {
	D3(0xda00), D3(0xda01), D3(0xda02), D3(0xda03),
};
static uint32_t bss[BSS_WORDS];

/* FNV-1a over words, high bits folded down: order-sensitive. */
static uint32_t mix(uint32_t h, uint32_t w)
{
	h = (h ^ w) * 16777619u;
	return h ^ (h >> 15);
}

static void fail(const char *what, uint32_t i)
{
	printf("bigdata: %s wrong at word %u\n", what, i);
	exit(1);
}

int main(void)
{
	uint32_t i, sum;

	for (sum = 2166136261u, i = 0; i < DATA_WORDS; i++) {
		if (data[i] != DATA_BASE + i)
			fail(".data", i);
		sum = mix(sum, data[i]);
	}
	printf(".data: %u KiB as initialised, checksum 0x%08x\n",
	       DATA_WORDS / 256, sum);
	for (i = 0; i < BSS_WORDS; i++)
		if (bss[i])
			fail(".bss", i);
	printf(".bss: %u KiB of zeroes\n", BSS_WORDS / 256);

	for (i = 0; i < DATA_WORDS; i++)
		data[i] = ~data[i];
	for (i = 0; i < BSS_WORDS; i++)
		bss[i] = i * 2654435761u;

	for (sum = 2166136261u, i = 0; i < DATA_WORDS; i++) {
		if (data[i] != ~(DATA_BASE + i))
			fail("rewritten .data", i);
		sum = mix(sum, data[i]);
	}
	printf(".data rewritten, checksum 0x%08x\n", sum);
	for (sum = 2166136261u, i = 0; i < BSS_WORDS; i++) {
		if (bss[i] != i * 2654435761u)
			fail("rewritten .bss", i);
		sum = mix(sum, bss[i]);
	}
	printf(".bss rewritten, checksum 0x%08x\n", sum);
	return 0;
}
