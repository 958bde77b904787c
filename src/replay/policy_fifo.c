/*
 * policy_fifo.c - first in, first out: the frames form a ring filled in
 * order, and the oldest page is always the one under the hand, so a
 * fault replaces it and moves the hand on. Hits change nothing, which
 * is what makes Belady's anomaly possible.
 */
#include <stdlib.h>

#include "policy.h"

struct fifo {
	struct policy p;
	struct phash table;	/* key -> frame */
	uint64_t *key;		/* the ring: frame -> key */
	uint32_t cap, used, hand;
};

static struct policy *fifo_create(uint64_t frames)
{
	struct fifo *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	if (phash_init(&f->table, frames < 4096 ? frames : 4096)) {
		free(f);
		return NULL;
	}
	return &f->p;
}

static int fifo_access(struct policy *p, uint64_t key, uint64_t next)
{
	struct fifo *f = (struct fifo *)p;
	uint32_t i;

	(void)next;
	if (phash_get(&f->table, key) != PHASH_NONE)
		return 0;
	if (f->used < p->frames) {
		if (policy_grow((void **)&f->key, &f->cap, sizeof(*f->key),
				f->used + 1))
			return -1;
		i = f->used++;
	} else {
		i = f->hand;
		f->hand = i + 1 == p->frames ? 0 : i + 1;
		phash_del(&f->table, f->key[i]);
		p->evictions++;
	}
	f->key[i] = key;
	return phash_put(&f->table, key, i) ? -1 : 1;
}

static void fifo_destroy(struct policy *p)
{
	struct fifo *f = (struct fifo *)p;

	phash_free(&f->table);
	free(f->key);
	free(f);
}

const struct policy_ops policy_fifo = {
	.name = "fifo",
	.create = fifo_create,
	.access = fifo_access,
	.destroy = fifo_destroy,
};
