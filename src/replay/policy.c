/*
 * policy.c - the table of the pure replay's policies, by name, and the
 * growth of their frame arrays.
 */
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static const struct policy_ops *const policies[] = {
	&policy_lru, &policy_fifo, &policy_clock, &policy_opt, &policy_linux,
};

const char policy_names[] = "lru, fifo, clock, opt, linux";

const struct policy_ops *policy_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(*policies); i++)
		if (!strcmp(policies[i]->name, name))
			return policies[i];
	return NULL;
}

struct policy *policy_create(const struct policy_ops *ops, uint64_t frames)
{
	struct policy *p;

	if (!frames || frames > POLICY_MAX_FRAMES)
		return NULL;
	p = ops->create(frames);
	if (p) {
		p->ops = ops;
		p->frames = frames;
		p->evictions = 0;
	}
	return p;
}

int policy_grow(void **arr, uint32_t *cap, size_t elem, uint32_t need)
{
	uint64_t n = *cap ? *cap : 1024;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (n > POLICY_MAX_FRAMES)
		n = POLICY_MAX_FRAMES;
	p = realloc(*arr, n * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = (uint32_t)n;
	return 0;
}
