/*
 * mrc_opt.c - OPT for every size in one pass: the priority stack of
 * Mattson et al. (1970), with a page's priority its next request (the
 * sooner, the higher). The top c pages are what OPT keeps in c frames,
 * for every c at once. A request for the page at depth d (a hit for
 * every c >= d) puts it on top; the old top is carried down, and at
 * each depth i < d the carried page and the one at i meet: the one
 * needed sooner stays at i, the other (the page OPT with i frames
 * evicts) is carried on, into the hole at d. A page not on the stack
 * is a fault for every size and the carry goes to the bottom.
 *
 * Only sizes up to the largest asked for matter, so the stack stops
 * there and the page carried past it falls off: a request costs
 * O(min(depth, largest size)), not O(log) as LRU's does.
 */
#include <stdlib.h>
#include <string.h>

#include "future.h"
#include "sim.h"

int opt_stack_init(struct opt_stack *s, uint64_t max)
{
	memset(s, 0, sizeof(*s));
	s->hist.max = max;
	return 0;
}

/* make room for ids below id + 1; new ids are off the stack */
static int opt_stack_ids(struct opt_stack *s, uint32_t id)
{
	uint32_t old = s->idcap, cap = old;

	if (id < old)
		return 0;
	if (policy_grow((void **)&s->pos, &cap, sizeof(*s->pos), id + 1))
		return -1;
	cap = old;
	if (policy_grow((void **)&s->next, &cap, sizeof(*s->next), id + 1))
		return -1;
	memset(s->pos + old, 0, (cap - old) * sizeof(*s->pos));
	s->idcap = cap;
	return 0;
}

int opt_stack_access(struct opt_stack *s, uint32_t id, uint64_t next)
{
	uint64_t d, i, end;
	uint32_t carry, here;

	if (id >= FUTURE_MAX_PAGES || opt_stack_ids(s, id))
		return -1;
	d = s->pos[id];
	if (hist_add(&s->hist, d) ||
	    policy_grow((void **)&s->stack, &s->scap, sizeof(*s->stack),
			(uint32_t)s->len + 2))
		return -1;
	s->next[id] = next;
	if (d == 1)
		return 0;
	if (!s->len) {
		s->stack[1] = id;
		s->pos[id] = 1;
		s->len = 1;
		return 0;
	}
	carry = s->stack[1];
	s->stack[1] = id;
	s->pos[id] = 1;
	end = d ? d : s->len + 1;
	for (i = 2; i < end && i <= s->len; i++) {
		here = s->stack[i];
		if (s->next[here] > s->next[carry]) {
			s->stack[i] = carry;
			s->pos[carry] = (uint32_t)i;
			carry = here;
		}
	}
	if (end <= s->hist.max) {
		s->stack[end] = carry;
		s->pos[carry] = (uint32_t)end;
		if (!d)
			s->len++;
	} else {
		s->pos[carry] = 0;	/* OPT with max frames evicts it */
	}
	return 0;
}

void opt_stack_free(struct opt_stack *s)
{
	free(s->stack);
	free(s->pos);
	free(s->next);
	free(s->hist.count);
}
