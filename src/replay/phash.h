/*
 * phash.h - the pure replay's page table: (pid, vpn) keys to 32-bit
 * values in one open-addressing array (linear probing, backward-shift
 * deletion, no tombstones), so the hot loop of every policy is a multiply,
 * a few probes of one cache line and no allocation. Private to src/replay.
 */
#ifndef I386MM_REPLAY_PHASH_H
#define I386MM_REPLAY_PHASH_H

#include <stdint.h>

/* A page's identity: processes' pages are distinct. Never PHASH_EMPTY. */
#define PAGE_KEY(pid, va)	(((uint64_t)(pid) << 20) | ((va) >> 12))
#define PHASH_EMPTY		UINT64_MAX
#define PHASH_NONE		UINT32_MAX	/* phash_get: not there */

struct phash_slot {
	uint64_t key;
	uint32_t val;
};

struct phash {
	struct phash_slot last;	/* the last key found or put: traces ask
				 * for the same page many times running */
	struct phash_slot *slot;
	uint64_t mask;		/* slots - 1, a power of two minus one */
	uint64_t used;
	unsigned shift;		/* 64 - log2(slots): the hash's top */
};

/* Room for `expect` keys at load <= 1/2; it grows past that. 0 or -1. */
int phash_init(struct phash *h, uint64_t expect);
void phash_free(struct phash *h);

static inline uint64_t phash_index(const struct phash *h, uint64_t key)
{
	/* Fibonacci hashing: vpns of one process are dense, so spread them */
	return (key * 0x9e3779b97f4a7c15ull) >> h->shift;
}

static inline uint32_t phash_get(struct phash *h, uint64_t key)
{
	uint64_t i;

	if (h->last.key == key)
		return h->last.val;
	for (i = phash_index(h, key);; i = (i + 1) & h->mask) {
		if (h->slot[i].key == key) {
			h->last = h->slot[i];
			return h->last.val;
		}
		if (h->slot[i].key == PHASH_EMPTY)
			return PHASH_NONE;
	}
}

/* Insert or overwrite. 0, or -1 if it had to grow and could not. */
int phash_put(struct phash *h, uint64_t key, uint32_t val);
/* Remove key if present. */
void phash_del(struct phash *h, uint64_t key);

#endif
