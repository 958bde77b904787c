/*
 * tlb.h - private to the MMU (mmu.c, tlb.c): one set-associative TLB, the
 * structure behind both the iTLB and the dTLB.
 *
 * The lookup is inline because translate() runs it for every guest load,
 * store and instruction-page fetch; everything that changes the set
 * contents (fill, drop, invlpg, flush) lives in tlb.c.
 */
#ifndef I386MM_MM_TLB_H
#define I386MM_MM_TLB_H

#include <stddef.h>
#include "mmu.h"

/* Told about every entry that leaves a TLB; NULL for the dTLB. */
typedef void (*tlb_evict_fn)(void *opaque, uint32_t vpn);

/* 0, -EINVAL for a bad geometry, -ENOMEM. */
int tlb_init(struct tlb *tlb, unsigned entries, unsigned ways);
void tlb_destroy(struct tlb *tlb);

static inline struct tlb_entry *tlb_set(struct tlb *tlb, uint32_t vpn)
{
	return tlb->e + (size_t)(vpn & (tlb->sets - 1)) * tlb->ways;
}

/*
 * The valid entry for vpn, stamped most recently used, or NULL. Counts
 * nothing: translate() decides whether it was a hit.
 */
static inline struct tlb_entry *tlb_lookup(struct tlb *tlb, uint32_t vpn)
{
	struct tlb_entry *e = tlb_set(tlb, vpn);
	struct tlb_entry *end = e + tlb->ways;

	for (; e < end; e++) {
		if (e->vpn == vpn && (e->flags & TLB_VALID)) {
			e->last_used = ++tlb->clock;
			return e;
		}
	}
	return NULL;
}

/* Cache vpn -> pfn, replacing the set's LRU way if the set is full. */
void tlb_fill(struct tlb *tlb, uint32_t vpn, uint32_t pfn, uint32_t flags,
	      tlb_evict_fn evict, void *opaque);
/* Invalidate one entry found by tlb_lookup. */
void tlb_drop(struct tlb_entry *e, tlb_evict_fn evict, void *opaque);
/* invlpg: drop vpn's entry, global or not; counts one invlpg. */
void tlb_invlpg(struct tlb *tlb, uint32_t vpn, tlb_evict_fn evict,
		void *opaque);
/* Drop every entry, or every non-global one; counts one flush. */
void tlb_flush(struct tlb *tlb, int keep_global, tlb_evict_fn evict,
	       void *opaque);

#endif
