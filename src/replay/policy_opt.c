/*
 * policy_opt.c - Belady's optimal replacement (OPT, MIN): a fault evicts
 * the resident page whose next request lies farthest in the future, or
 * one never requested again. The future comes with every request (the
 * position of the same page's next request, computed by future.c in a
 * backward pass), so the resident pages sit in a max-heap on that
 * position: a hit moves its page's next use later (sift up), a fault
 * replaces the root. Which of several never-again pages goes first does
 * not change any count: none of them is requested again.
 */
#include <stdlib.h>

#include "policy.h"

struct opt_frame {
	uint64_t key;
	uint64_t next;		/* position of its next request */
	uint32_t heap;		/* its index in the heap */
};

struct opt {
	struct policy p;
	struct phash table;	/* key -> frame */
	struct opt_frame *frame;
	uint32_t *heap;		/* frames, max-heap on next */
	uint32_t cap, hcap, used;
};

static struct policy *opt_create(uint64_t frames)
{
	struct opt *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	if (phash_init(&o->table, frames < 4096 ? frames : 4096)) {
		free(o);
		return NULL;
	}
	return &o->p;
}

static void heap_set(struct opt *o, uint32_t h, uint32_t f)
{
	o->heap[h] = f;
	o->frame[f].heap = h;
}

static void sift_up(struct opt *o, uint32_t h)
{
	uint32_t f = o->heap[h], parent;

	while (h > 0) {
		parent = (h - 1) / 2;
		if (o->frame[o->heap[parent]].next >= o->frame[f].next)
			break;
		heap_set(o, h, o->heap[parent]);
		h = parent;
	}
	heap_set(o, h, f);
}

static void sift_down(struct opt *o, uint32_t h)
{
	uint32_t f = o->heap[h], child;
	uint64_t n = o->used;

	for (;;) {
		child = 2 * h + 1;
		if (child >= n)
			break;
		if (child + 1 < n && o->frame[o->heap[child + 1]].next >
				     o->frame[o->heap[child]].next)
			child++;
		if (o->frame[o->heap[child]].next <= o->frame[f].next)
			break;
		heap_set(o, h, o->heap[child]);
		h = child;
	}
	heap_set(o, h, f);
}

static int opt_access(struct policy *p, uint64_t key, uint64_t next)
{
	struct opt *o = (struct opt *)p;
	uint32_t i = phash_get(&o->table, key);

	if (i != PHASH_NONE) {
		/* its next use can only be later than the one it had */
		o->frame[i].next = next;
		sift_up(o, o->frame[i].heap);
		return 0;
	}
	if (o->used < p->frames) {
		if (policy_grow((void **)&o->frame, &o->cap,
				sizeof(*o->frame), o->used + 1) ||
		    policy_grow((void **)&o->heap, &o->hcap,
				sizeof(*o->heap), o->used + 1))
			return -1;
		i = o->used++;
		o->frame[i].key = key;
		o->frame[i].next = next;
		heap_set(o, i, i);
		sift_up(o, i);
	} else {
		i = o->heap[0];
		phash_del(&o->table, o->frame[i].key);
		p->evictions++;
		o->frame[i].key = key;
		o->frame[i].next = next;
		sift_down(o, 0);
	}
	return phash_put(&o->table, key, i) ? -1 : 1;
}

static void opt_destroy(struct policy *p)
{
	struct opt *o = (struct opt *)p;

	phash_free(&o->table);
	free(o->frame);
	free(o->heap);
	free(o);
}

const struct policy_ops policy_opt = {
	.name = "opt",
	.needs_future = 1,
	.create = opt_create,
	.access = opt_access,
	.destroy = opt_destroy,
};
