/*
 * phash.c - the open-addressing page table of the pure replay (phash.h).
 * Deletion shifts the following run back instead of leaving tombstones,
 * so a table that sees billions of inserts and deletes (every fault of
 * a full cache is one of each) never degrades.
 */
#include <stdlib.h>

#include "phash.h"

static int phash_alloc(struct phash *h, unsigned bits)
{
	uint64_t n = 1ull << bits, i;

	h->slot = malloc(n * sizeof(*h->slot));
	if (!h->slot)
		return -1;
	for (i = 0; i < n; i++)
		h->slot[i].key = PHASH_EMPTY;
	h->mask = n - 1;
	h->shift = 64 - bits;
	h->used = 0;
	h->last.key = PHASH_EMPTY;
	return 0;
}

int phash_init(struct phash *h, uint64_t expect)
{
	unsigned bits = 4;

	while (bits < 40 && (1ull << bits) < 2 * expect)
		bits++;
	return phash_alloc(h, bits);
}

void phash_free(struct phash *h)
{
	free(h->slot);
	h->slot = NULL;
}

static void phash_insert_new(struct phash *h, uint64_t key, uint32_t val)
{
	uint64_t i = phash_index(h, key);

	while (h->slot[i].key != PHASH_EMPTY)
		i = (i + 1) & h->mask;
	h->slot[i].key = key;
	h->slot[i].val = val;
	h->used++;
}

static int phash_grow(struct phash *h)
{
	struct phash old = *h;
	uint64_t i;

	if (phash_alloc(h, 64 - old.shift + 1)) {
		*h = old;
		return -1;
	}
	h->last = old.last;
	for (i = 0; i <= old.mask; i++)
		if (old.slot[i].key != PHASH_EMPTY)
			phash_insert_new(h, old.slot[i].key, old.slot[i].val);
	free(old.slot);
	return 0;
}

int phash_put(struct phash *h, uint64_t key, uint32_t val)
{
	uint64_t i = phash_index(h, key);

	for (;; i = (i + 1) & h->mask) {
		if (h->slot[i].key == key)
			break;
		if (h->slot[i].key == PHASH_EMPTY) {
			if (2 * (h->used + 1) > h->mask + 1) {
				if (phash_grow(h))
					return -1;
				phash_insert_new(h, key, val);
				goto found;
			}
			h->used++;
			break;
		}
	}
	h->slot[i].key = key;
	h->slot[i].val = val;
found:
	h->last.key = key;
	h->last.val = val;
	return 0;
}

void phash_del(struct phash *h, uint64_t key)
{
	uint64_t i = phash_index(h, key), j, home;

	if (h->last.key == key)
		h->last.key = PHASH_EMPTY;
	for (;; i = (i + 1) & h->mask) {
		if (h->slot[i].key == PHASH_EMPTY)
			return;
		if (h->slot[i].key == key)
			break;
	}
	h->used--;
	/* pull back every later entry of the run that may sit in the hole */
	for (j = (i + 1) & h->mask; h->slot[j].key != PHASH_EMPTY;
	     j = (j + 1) & h->mask) {
		home = phash_index(h, h->slot[j].key);
		/* j's entry may fill i iff its home is not in (i, j] */
		if (((j - home) & h->mask) >= ((j - i) & h->mask)) {
			h->slot[i] = h->slot[j];
			i = j;
		}
	}
	h->slot[i].key = PHASH_EMPTY;
}
