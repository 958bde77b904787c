/*
 * sim.h - one pass of requests over one or many cache sizes: the pure
 * replay's engine, fed by pure.c from a trace and by the tests from
 * arrays. Private to src/replay.
 *
 * Three ways to get many sizes from one pass:
 *   lru   Mattson's stack algorithm (mrc_lru.c): the stack distance of
 *         every request, from a Fenwick tree over access times, O(log n);
 *         a request faults exactly in the sizes below its distance.
 *   opt   the OPT priority stack (mrc_opt.c): OPT has the inclusion
 *         property too, with the stack ordered by next use; each request
 *         costs O(min(depth, largest size)).
 *   fifo, clock, linux are not stack algorithms (FIFO's anomaly is the
 *         proof): one instance of the policy per size, side by side.
 * With one size (--frames) every policy runs as itself.
 */
#ifndef I386MM_REPLAY_SIM_H
#define I386MM_REPLAY_SIM_H

#include <stdint.h>

#include "phash.h"
#include "policy.h"

/*
 * How many requests hit at each stack distance 1..max (0: a page not on
 * the stack), grown as deep distances appear, so a huge largest size
 * costs only what the trace reaches.
 */
struct dist_hist {
	uint64_t *count;	/* [d], d < cap */
	uint64_t cap, max;
	uint64_t beyond;	/* distance 0 or above max: faults for all */
};

int hist_add(struct dist_hist *h, uint64_t d);
/* The requests that fault with c frames (c <= max). */
uint64_t hist_faults(const struct dist_hist *h, uint64_t c);

/* Mattson's LRU stack distances (mrc_lru.c). */
struct lru_stack {
	struct phash ids;	/* key -> dense id */
	uint32_t *last;		/* id -> time of its last request */
	uint32_t idcap, nids;
	uint32_t *owner;	/* time -> id, UINT32_MAX once it moved on */
	uint32_t *fen;		/* Fenwick tree over times: 1s */
	uint64_t tcap, now;	/* times 1..tcap; the last one used */
	struct dist_hist hist;	/* max: the largest size that matters */
};

int lru_stack_init(struct lru_stack *s, uint64_t max);
/* 0, or -1 out of memory */
int lru_stack_access(struct lru_stack *s, uint64_t key);
void lru_stack_free(struct lru_stack *s);

/* The OPT priority stack (mrc_opt.c); keys are dense ids. */
struct opt_stack {
	uint32_t *stack;	/* [1..len]: ids, top first */
	uint32_t scap;
	uint64_t len;
	uint32_t *pos;		/* id -> depth, 0: not on the stack */
	uint64_t *next;		/* id -> its next request (priority) */
	uint32_t idcap;
	struct dist_hist hist;	/* max: the stack's largest depth */
};

int opt_stack_init(struct opt_stack *s, uint64_t max);
int opt_stack_access(struct opt_stack *s, uint32_t id, uint64_t next);
void opt_stack_free(struct opt_stack *s);

enum sim_mode { SIM_POLICIES, SIM_LRU_STACK, SIM_OPT_STACK };

struct sim {
	enum sim_mode mode;
	const struct policy_ops *ops;
	unsigned n;		/* sizes */
	const uint64_t *size;	/* ascending */
	struct policy **p;	/* SIM_POLICIES: one per size */
	uint64_t *faults;	/* SIM_POLICIES: per size */
	struct lru_stack lru;
	struct opt_stack opt;
	uint64_t requests;
};

/*
 * Sizes ascending and distinct, 1..POLICY_MAX_FRAMES; stack: use the
 * one-pass stack algorithm where the policy has one. 0 or -1 (memory).
 */
int sim_init(struct sim *s, const struct policy_ops *ops,
	     const uint64_t *size, unsigned n, int stack);
/*
 * One request: key (opt: a dense id below FUTURE_MAX_PAGES) and, for
 * opt, the position of its next request or NEXT_NEVER. SIM_POLICIES:
 * the first size's outcome (0 hit, 1 fault); otherwise 0; -1 out of
 * memory.
 */
int sim_access(struct sim *s, uint64_t key, uint64_t next);
/* Faults at size index i, once every request is in. */
uint64_t sim_faults(const struct sim *s, unsigned i);
void sim_free(struct sim *s);

/* --mrc SIZES: see mrc_sizes.c. 0, or -1 with one line in err. */
#define MRC_MAX_SIZES	4096
int mrc_parse_sizes(const char *text, uint64_t **size, unsigned *n,
		    char *err, size_t errlen);

#endif
