/*
 * policy_clock.c - CLOCK, the second-chance FIFO: the frames form a ring
 * with a reference bit each. Every access sets the page's bit, the
 * faulting one included (as the MMU sets the accessed bit of the PTE the
 * fault just filled). A fault with all frames full sweeps the hand: a
 * set bit is cleared and the page passed over, the first clear one is
 * the victim; the new page takes its frame and the hand moves past it.
 */
#include <stdlib.h>

#include "policy.h"

struct clock_frame {
	uint64_t key;
	uint8_t referenced;
};

struct clock {
	struct policy p;
	struct phash table;	/* key -> frame */
	struct clock_frame *frame;
	uint32_t cap, used, hand;
};

static struct policy *clock_create(uint64_t frames)
{
	struct clock *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (phash_init(&c->table, frames < 4096 ? frames : 4096)) {
		free(c);
		return NULL;
	}
	return &c->p;
}

/* the victim under the hand, after clearing the bits it passes */
static uint32_t clock_sweep(struct clock *c)
{
	uint32_t i;

	for (;;) {
		i = c->hand;
		c->hand = i + 1 == c->p.frames ? 0 : i + 1;
		if (!c->frame[i].referenced)
			return i;
		c->frame[i].referenced = 0;
	}
}

static int clock_access(struct policy *p, uint64_t key, uint64_t next)
{
	struct clock *c = (struct clock *)p;
	uint32_t i = phash_get(&c->table, key);

	(void)next;
	if (i != PHASH_NONE) {
		c->frame[i].referenced = 1;
		return 0;
	}
	if (c->used < p->frames) {
		if (policy_grow((void **)&c->frame, &c->cap,
				sizeof(*c->frame), c->used + 1))
			return -1;
		i = c->used++;
	} else {
		i = clock_sweep(c);
		phash_del(&c->table, c->frame[i].key);
		p->evictions++;
	}
	c->frame[i].key = key;
	c->frame[i].referenced = 1;
	return phash_put(&c->table, key, i) ? -1 : 1;
}

static void clock_destroy(struct policy *p)
{
	struct clock *c = (struct clock *)p;

	phash_free(&c->table);
	free(c->frame);
	free(c);
}

const struct policy_ops policy_clock = {
	.name = "clock",
	.create = clock_create,
	.access = clock_access,
	.destroy = clock_destroy,
};
