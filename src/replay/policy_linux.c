/*
 * policy_linux.c - Linux 2.6's page replacement, reduced to one zone of
 * exactly `frames` frames and a stream of references (mm/swap.c's
 * mark_page_accessed, mm/vmscan.c's shrink_active_list and
 * shrink_inactive_list). The exact rules:
 *
 * Two lists, active and inactive, heads the most recent end; every
 * resident page is on one of them and has a PG_referenced bit. A trace
 * has no page tables: the PTE's accessed bit and PG_referenced would be
 * set by the same accesses, so one bit stands for both, and the scans'
 * clearing of it below is page_referenced()'s test-and-clear.
 *
 * 1. A reference is mark_page_accessed():
 *    inactive and PG_referenced  -> activate: move to the active head,
 *                                   clear PG_referenced (the second
 *                                   reference since it became inactive);
 *    otherwise                   -> set PG_referenced (no list moves:
 *                                   Linux moves pages lazily, at scan
 *                                   time, not on every access).
 * 2. A fault with a free frame adds the page at the inactive head
 *    (lru_cache_add) and then counts its access as a reference (rule 1:
 *    PG_referenced set), as a read() of a page just read in does.
 * 3. A fault with every frame full first refills the inactive list
 *    (shrink_active_list) while it holds fewer than a third of the frames
 *    (rounded up) and the active list is not empty: the page at the
 *    active tail is taken off; if PG_referenced, the bit is cleared and
 *    the page goes back to the active head (it stays active); if not,
 *    it goes to the inactive head with PG_referenced clear. At most one
 *    pass over the active list: after it every bit is clear, so the
 *    loop ends.
 * 4. Then the victim (shrink_inactive_list) is found from the inactive
 *    tail: a page with PG_referenced gets a second chance, its bit
 *    cleared and moved to the inactive head; the first page without it
 *    is evicted and its frame takes the new page as in rule 2. Rule 3
 *    guarantees the inactive list is not empty (frames >= 1).
 */
#include <stdlib.h>

#include "policy.h"

#define PG_active	1u
#define PG_referenced	2u

struct linux_lru {
	struct policy p;
	struct phash table;	/* key -> frame */
	struct pframe *frame;
	uint32_t cap, used;
	uint64_t inactive_target;	/* a third of the frames, at least 1 */
	struct plist active, inactive;
};

static struct policy *linux_create(uint64_t frames)
{
	struct linux_lru *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	if (phash_init(&l->table, frames < 4096 ? frames : 4096)) {
		free(l);
		return NULL;
	}
	l->inactive_target = (frames + 2) / 3;
	plist_init(&l->active);
	plist_init(&l->inactive);
	return &l->p;
}

/* rule 1 */
static void mark_page_accessed(struct linux_lru *l, uint32_t i)
{
	struct pframe *f = &l->frame[i];

	if (!(f->flags & PG_active) && (f->flags & PG_referenced)) {
		plist_del(l->frame, &l->inactive, i);
		plist_add_head(l->frame, &l->active, i);
		f->flags = PG_active;
	} else {
		f->flags |= PG_referenced;
	}
}

/* rule 3 */
static void refill_inactive(struct linux_lru *l)
{
	uint32_t i;

	while (l->inactive.nr < l->inactive_target && l->active.nr) {
		i = l->active.tail;
		plist_del(l->frame, &l->active, i);
		if (l->frame[i].flags & PG_referenced) {
			l->frame[i].flags = PG_active;
			plist_add_head(l->frame, &l->active, i);
		} else {
			l->frame[i].flags = 0;
			plist_add_head(l->frame, &l->inactive, i);
		}
	}
}

/* rule 4: the frame of the evicted page */
static uint32_t shrink_inactive(struct linux_lru *l)
{
	uint32_t i;

	for (;;) {
		i = l->inactive.tail;
		plist_del(l->frame, &l->inactive, i);
		if (!(l->frame[i].flags & PG_referenced))
			return i;
		l->frame[i].flags = 0;
		plist_add_head(l->frame, &l->inactive, i);
	}
}

static int linux_access(struct policy *p, uint64_t key, uint64_t next)
{
	struct linux_lru *l = (struct linux_lru *)p;
	uint32_t i = phash_get(&l->table, key);

	(void)next;
	if (i != PHASH_NONE) {
		mark_page_accessed(l, i);
		return 0;
	}
	if (l->used < p->frames) {
		if (policy_grow((void **)&l->frame, &l->cap,
				sizeof(*l->frame), l->used + 1))
			return -1;
		i = l->used++;
	} else {
		refill_inactive(l);
		i = shrink_inactive(l);
		phash_del(&l->table, l->frame[i].key);
		p->evictions++;
	}
	l->frame[i].key = key;
	l->frame[i].flags = PG_referenced;
	plist_add_head(l->frame, &l->inactive, i);
	return phash_put(&l->table, key, i) ? -1 : 1;
}

static void linux_destroy(struct policy *p)
{
	struct linux_lru *l = (struct linux_lru *)p;

	phash_free(&l->table);
	free(l->frame);
	free(l);
}

const struct policy_ops policy_linux = {
	.name = "linux",
	.create = linux_create,
	.access = linux_access,
	.destroy = linux_destroy,
};
