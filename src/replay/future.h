/*
 * future.h - what OPT needs to know: for every request, the position of
 * the next request for the same page. Private to src/replay.
 */
#ifndef I386MM_REPLAY_FUTURE_H
#define I386MM_REPLAY_FUTURE_H

#include <stdint.h>

/*
 * One request of a trace held for a backward pass: a dense page number
 * (first-seen order) and the kind in the top two bits, then the position
 * of the page's next request (FUTURE_NEVER if none).
 */
#define FUTURE_NEVER	UINT32_MAX
#define FUTURE_MAX_REQUESTS	(UINT32_MAX - 1ull)
#define FUTURE_MAX_PAGES	(1u << 30)
#define FUTURE_ID(idk)		((idk) & (FUTURE_MAX_PAGES - 1))
#define FUTURE_KIND(idk)	((idk) >> 30)

struct future_req {
	uint32_t idk;
	uint32_t next;
};

/*
 * Fill every r[i].next from the ids, walking backward; last is scratch
 * of npages entries. No allocation, so it runs over a mapped file.
 */
void future_fill(struct future_req *r, uint64_t n, uint32_t *last,
		 uint32_t npages);

#endif
