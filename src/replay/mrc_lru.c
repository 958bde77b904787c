/*
 * mrc_lru.c - Mattson's stack algorithm for LRU (Mattson, Gecsei, Slutz
 * and Traiger, 1970): a request's stack distance is the number of
 * distinct pages requested since the same page's last request, itself
 * included, and it hits in exactly the LRU caches of at least that many
 * frames. Every page's last request time holds a 1 in a Fenwick tree, so
 * the distance is the count of 1s from that time on: O(log n).
 *
 * Times run 1..tcap; when they run out, the live ones (one per distinct
 * page) are renumbered 1..nids in order and the tree rebuilt, with room
 * for at least as many requests again, so the renumbering costs O(1) a
 * request amortised and the memory follows the distinct pages, not the
 * length of the trace.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define NO_ID	UINT32_MAX

static void fen_add(struct lru_stack *s, uint64_t t, int32_t v)
{
	for (; t <= s->tcap; t += t & -t)
		s->fen[t] += (uint32_t)v;
}

static uint64_t fen_sum(const struct lru_stack *s, uint64_t t)
{
	uint64_t sum = 0;

	for (; t; t -= t & -t)
		sum += s->fen[t];
	return sum;
}

/* renumber the live times 1..nids into fresh arrays of a new capacity */
static int lru_stack_compact(struct lru_stack *s)
{
	uint64_t cap = 2 * (uint64_t)s->nids + 65536, t, k = 0, j;
	uint32_t *owner, *fen, id;

	if (cap > UINT32_MAX - 1)
		cap = UINT32_MAX - 1;
	if (s->nids >= cap)
		return -1;
	owner = malloc((cap + 1) * sizeof(*owner));
	fen = calloc(cap + 1, sizeof(*fen));
	if (!owner || !fen) {
		free(owner);
		free(fen);
		return -1;
	}
	for (t = 1; t <= s->now; t++) {
		id = s->owner[t];
		if (id == NO_ID)
			continue;
		owner[++k] = id;
		s->last[id] = (uint32_t)k;
		fen[k] = 1;
	}
	for (t = k + 1; t <= cap; t++)
		owner[t] = NO_ID;
	for (t = 1; t <= cap; t++) {	/* O(n) build */
		j = t + (t & -t);
		if (j <= cap)
			fen[j] += fen[t];
	}
	free(s->owner);
	free(s->fen);
	s->owner = owner;
	s->fen = fen;
	s->tcap = cap;
	s->now = k;
	return 0;
}

int lru_stack_init(struct lru_stack *s, uint64_t max)
{
	memset(s, 0, sizeof(*s));
	s->hist.max = max;
	if (phash_init(&s->ids, 4096))
		return -1;
	return lru_stack_compact(s);
}

int lru_stack_access(struct lru_stack *s, uint64_t key)
{
	uint32_t id = phash_get(&s->ids, key), old;
	uint64_t d;

	if (s->now == s->tcap && lru_stack_compact(s))
		return -1;
	if (id == PHASH_NONE) {
		if (policy_grow((void **)&s->last, &s->idcap,
				sizeof(*s->last), s->nids + 1) ||
		    phash_put(&s->ids, key, s->nids))
			return -1;
		id = s->nids++;
		if (hist_add(&s->hist, 0))
			return -1;
	} else {
		old = s->last[id];
		/* the 1s at old..now: the pages requested since, and it */
		d = s->nids - fen_sum(s, old - 1);
		if (hist_add(&s->hist, d))
			return -1;
		fen_add(s, old, -1);
		s->owner[old] = NO_ID;
	}
	s->now++;
	s->last[id] = (uint32_t)s->now;
	s->owner[s->now] = id;
	fen_add(s, s->now, 1);
	return 0;
}

void lru_stack_free(struct lru_stack *s)
{
	phash_free(&s->ids);
	free(s->last);
	free(s->owner);
	free(s->fen);
	free(s->hist.count);
}
