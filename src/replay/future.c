/*
 * future.c - the backward pass that gives OPT its future: walking the
 * requests from the last to the first, the next request of a page is the
 * last one seen of it so far.
 */
#include "future.h"

void future_fill(struct future_req *r, uint64_t n, uint32_t *last,
		 uint32_t npages)
{
	uint64_t i;
	uint32_t id;

	for (id = 0; id < npages; id++)
		last[id] = FUTURE_NEVER;
	for (i = n; i-- > 0;) {
		id = FUTURE_ID(r[i].idk);
		r[i].next = last[id];
		last[id] = (uint32_t)i;
	}
}
