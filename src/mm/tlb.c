/*
 * tlb.c - the set-associative TLB: geometry, replacement and invalidation.
 *
 * A TLB of `entries` entries and `ways` ways has entries/ways sets, a power
 * of two so the set index is vpn & (sets - 1). Replacement is LRU within
 * the set, by a per-TLB 64-bit clock stamped on every hit and fill: an
 * invalid way is taken first, else the way with the oldest stamp, the
 * lowest way index winning ties, so runs are deterministic.
 *
 * Pages mapped by 4 MiB PDEs are cached one 4 KiB vpn at a time, so an
 * invlpg drops only that 4 KiB piece; the kernel half's large pages never
 * change after boot, and flush_tlb_all covers anything else.
 */
#include <errno.h>
#include <stdlib.h>
#include "tlb.h"

static int is_pow2(unsigned x)
{
	return x && !(x & (x - 1));
}

int tlb_init(struct tlb *tlb, unsigned entries, unsigned ways)
{
	struct tlb_entry *e;

	if (!ways || !entries || entries % ways || !is_pow2(entries / ways))
		return -EINVAL;
	e = calloc(entries, sizeof(*e));
	if (!e)
		return -ENOMEM;
	tlb->entries = entries;
	tlb->ways = ways;
	tlb->sets = entries / ways;
	tlb->e = e;
	tlb->clock = 0;
	tlb->hits = tlb->misses = tlb->flushes = tlb->invlpgs = 0;
	return 0;
}

void tlb_destroy(struct tlb *tlb)
{
	free(tlb->e);
	tlb->e = NULL;
	tlb->entries = tlb->ways = tlb->sets = 0;
}

void tlb_drop(struct tlb_entry *e, tlb_evict_fn evict, void *opaque)
{
	e->flags = 0;
	if (evict)
		evict(opaque, e->vpn);
}

static struct tlb_entry *tlb_victim(struct tlb *tlb, uint32_t vpn)
{
	struct tlb_entry *set = tlb_set(tlb, vpn);
	unsigned w, victim = 0;

	for (w = 0; w < tlb->ways; w++) {
		if (!(set[w].flags & TLB_VALID)) {
			victim = w;
			break;
		}
		if (set[w].last_used < set[victim].last_used)
			victim = w;
	}
	if (tlb->fill_way)
		victim = tlb->fill_way(tlb->fill_opaque, tlb, victim) %
			 tlb->ways;
	return &set[victim];
}

void tlb_fill(struct tlb *tlb, uint32_t vpn, uint32_t pfn, uint32_t flags,
	      tlb_evict_fn evict, void *opaque)
{
	struct tlb_entry *e = tlb_victim(tlb, vpn);

	if (e->flags & TLB_VALID)
		tlb_drop(e, evict, opaque);
	e->vpn = vpn;
	e->pfn = pfn;
	e->flags = flags | TLB_VALID;
	e->last_used = ++tlb->clock;
}

void tlb_invlpg(struct tlb *tlb, uint32_t vpn, tlb_evict_fn evict,
		void *opaque)
{
	struct tlb_entry *set = tlb_set(tlb, vpn);
	unsigned w;

	tlb->invlpgs++;
	for (w = 0; w < tlb->ways; w++)
		if ((set[w].flags & TLB_VALID) && set[w].vpn == vpn)
			tlb_drop(&set[w], evict, opaque);
}

void tlb_flush(struct tlb *tlb, int keep_global, tlb_evict_fn evict,
	       void *opaque)
{
	unsigned i;

	tlb->flushes++;
	for (i = 0; i < tlb->entries; i++) {
		struct tlb_entry *e = &tlb->e[i];

		if (!(e->flags & TLB_VALID))
			continue;
		if (keep_global && (e->flags & TLB_GLOBAL))
			continue;
		tlb_drop(e, evict, opaque);
	}
}
