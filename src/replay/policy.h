/*
 * policy.h - the pure replay's replacement policies (src/replay/policy_*.c)
 * behind one table of function pointers, and the frame lists they share.
 * Private to src/replay and its tests.
 *
 * A policy owns exactly `frames` page frames and sees one request at a
 * time: access() says whether the page was resident (0) or had to be
 * brought in (1, a fault, evicting a victim once all frames are full).
 * Keys are PAGE_KEY(pid, va) (phash.h) or any value below PHASH_EMPTY.
 * Frames are allocated as they fill, so a huge N costs nothing until the
 * trace touches that many pages.
 */
#ifndef I386MM_REPLAY_POLICY_H
#define I386MM_REPLAY_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "phash.h"

/* frame indices are u32; opt's next use of a page never requested again */
#define POLICY_MAX_FRAMES	(UINT32_MAX - 1)
#define NEXT_NEVER		UINT64_MAX

struct policy;

struct policy_ops {
	const char *name;
	/* opt: access() needs each request's next use (future.c) */
	int needs_future;
	/* NULL if out of memory */
	struct policy *(*create)(uint64_t frames);
	/*
	 * 0 hit, 1 fault, -1 out of memory. next: the position of the
	 * next request for the same key, or NEXT_NEVER (opt only).
	 */
	int (*access)(struct policy *p, uint64_t key, uint64_t next);
	void (*destroy)(struct policy *p);
};

struct policy {
	const struct policy_ops *ops;
	uint64_t frames;
	uint64_t evictions;
};

extern const struct policy_ops policy_lru, policy_fifo, policy_clock,
	policy_opt, policy_linux;

/* An empty policy of frames (1..POLICY_MAX_FRAMES); NULL: no memory. */
struct policy *policy_create(const struct policy_ops *ops, uint64_t frames);

static inline int policy_access(struct policy *p, uint64_t key,
				uint64_t next)
{
	return p->ops->access(p, key, next);
}

static inline void policy_destroy(struct policy *p)
{
	if (p)
		p->ops->destroy(p);
}

/* By name; NULL if none. */
const struct policy_ops *policy_find(const char *name);
/* "lru, fifo, clock, opt, linux": for error messages and --help */
extern const char policy_names[];

/* Grow *arr (of elem-byte items, *cap of them) to hold need; 0 or -1. */
int policy_grow(void **arr, uint32_t *cap, size_t elem, uint32_t need);

/*
 * Frames on doubly linked lists by index (they survive policy_grow's
 * realloc), LIST_NIL ending them. Head is the most recent end.
 */
#define LIST_NIL	UINT32_MAX

struct pframe {
	uint64_t key;
	uint32_t prev, next;
	uint32_t flags;		/* the policy's own bits */
};

struct plist {
	uint32_t head, tail;
	uint64_t nr;
};

static inline void plist_init(struct plist *l)
{
	l->head = l->tail = LIST_NIL;
	l->nr = 0;
}

static inline void plist_add_head(struct pframe *f, struct plist *l,
				  uint32_t i)
{
	f[i].prev = LIST_NIL;
	f[i].next = l->head;
	if (l->head != LIST_NIL)
		f[l->head].prev = i;
	else
		l->tail = i;
	l->head = i;
	l->nr++;
}

static inline void plist_del(struct pframe *f, struct plist *l, uint32_t i)
{
	if (f[i].prev != LIST_NIL)
		f[f[i].prev].next = f[i].next;
	else
		l->head = f[i].next;
	if (f[i].next != LIST_NIL)
		f[f[i].next].prev = f[i].prev;
	else
		l->tail = f[i].prev;
	l->nr--;
}

#endif
