/*
 * policy_lru.c - least recently used: a hit moves the page to the head
 * of one list, a fault evicts the tail. The reference the stack
 * algorithm of mrc_lru.c must agree with, size by size.
 */
#include <stdlib.h>

#include "policy.h"

struct lru {
	struct policy p;
	struct phash table;	/* key -> frame */
	struct pframe *frame;
	uint32_t cap, used;	/* frames allocated, filled */
	struct plist list;
};

static struct policy *lru_create(uint64_t frames)
{
	struct lru *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	if (phash_init(&l->table, frames < 4096 ? frames : 4096)) {
		free(l);
		return NULL;
	}
	plist_init(&l->list);
	return &l->p;
}

static int lru_access(struct policy *p, uint64_t key, uint64_t next)
{
	struct lru *l = (struct lru *)p;
	uint32_t i = phash_get(&l->table, key);

	(void)next;
	if (i != PHASH_NONE) {
		if (l->list.head != i) {
			plist_del(l->frame, &l->list, i);
			plist_add_head(l->frame, &l->list, i);
		}
		return 0;
	}
	if (l->used < p->frames) {
		if (policy_grow((void **)&l->frame, &l->cap,
				sizeof(*l->frame), l->used + 1))
			return -1;
		i = l->used++;
	} else {
		i = l->list.tail;
		plist_del(l->frame, &l->list, i);
		phash_del(&l->table, l->frame[i].key);
		p->evictions++;
	}
	l->frame[i].key = key;
	plist_add_head(l->frame, &l->list, i);
	return phash_put(&l->table, key, i) ? -1 : 1;
}

static void lru_destroy(struct policy *p)
{
	struct lru *l = (struct lru *)p;

	phash_free(&l->table);
	free(l->frame);
	free(l);
}

const struct policy_ops policy_lru = {
	.name = "lru",
	.create = lru_create,
	.access = lru_access,
	.destroy = lru_destroy,
};
