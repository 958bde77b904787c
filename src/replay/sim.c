/*
 * sim.c - the pure replay's engine (sim.h): one request at a time into
 * a single policy, a row of them (one per size), or a stack algorithm
 * whose distance histogram gives every size's faults at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

int sim_init(struct sim *s, const struct policy_ops *ops,
	     const uint64_t *size, unsigned n, int stack)
{
	unsigned i;

	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->size = size;
	s->n = n;
	if (stack && ops == &policy_lru) {
		s->mode = SIM_LRU_STACK;
		return lru_stack_init(&s->lru, size[n - 1]);
	}
	if (stack && ops == &policy_opt) {
		s->mode = SIM_OPT_STACK;
		return opt_stack_init(&s->opt, size[n - 1]);
	}
	s->mode = SIM_POLICIES;
	s->p = calloc(n, sizeof(*s->p));
	s->faults = calloc(n, sizeof(*s->faults));
	if (!s->p || !s->faults)
		return -1;
	for (i = 0; i < n; i++) {
		s->p[i] = policy_create(ops, size[i]);
		if (!s->p[i])
			return -1;
	}
	return 0;
}

int sim_access(struct sim *s, uint64_t key, uint64_t next)
{
	unsigned i;
	int r, first = 0;

	s->requests++;
	switch (s->mode) {
	case SIM_LRU_STACK:
		return lru_stack_access(&s->lru, key);
	case SIM_OPT_STACK:
		return opt_stack_access(&s->opt, (uint32_t)key, next);
	case SIM_POLICIES:
		break;
	}
	for (i = 0; i < s->n; i++) {
		r = policy_access(s->p[i], key, next);
		if (r < 0)
			return -1;
		s->faults[i] += (unsigned)r;
		if (!i)
			first = r;
	}
	return first;
}

int hist_add(struct dist_hist *h, uint64_t d)
{
	uint64_t cap = h->cap ? 2 * h->cap : 1024, *count;

	if (!d || d > h->max) {
		h->beyond++;
		return 0;
	}
	if (d >= h->cap) {
		if (cap <= d)
			cap = d + 1;
		if (cap > h->max + 1)
			cap = h->max + 1;
		count = realloc(h->count, cap * sizeof(*count));
		if (!count)
			return -1;
		memset(count + h->cap, 0, (cap - h->cap) * sizeof(*count));
		h->count = count;
		h->cap = cap;
	}
	h->count[d]++;
	return 0;
}

uint64_t hist_faults(const struct dist_hist *h, uint64_t c)
{
	uint64_t d, f = h->beyond;

	for (d = c + 1; d < h->cap; d++)
		f += h->count[d];
	return f;
}

uint64_t sim_faults(const struct sim *s, unsigned i)
{
	switch (s->mode) {
	case SIM_LRU_STACK:
		return hist_faults(&s->lru.hist, s->size[i]);
	case SIM_OPT_STACK:
		return hist_faults(&s->opt.hist, s->size[i]);
	case SIM_POLICIES:
		break;
	}
	return s->faults[i];
}

void sim_free(struct sim *s)
{
	unsigned i;

	switch (s->mode) {
	case SIM_LRU_STACK:
		lru_stack_free(&s->lru);
		break;
	case SIM_OPT_STACK:
		opt_stack_free(&s->opt);
		break;
	case SIM_POLICIES:
		for (i = 0; s->p && i < s->n; i++)
			policy_destroy(s->p[i]);
		free(s->p);
		free(s->faults);
		break;
	}
	memset(s, 0, sizeof(*s));
}
