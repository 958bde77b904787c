/*
 * vmscan_internal.h - what vmscan.c (shrinking the lists) shares with
 * kswapd.c (balancing the zones): the scan control and the zone pass.
 */
#ifndef I386MM_VMSCAN_INTERNAL_H
#define I386MM_VMSCAN_INTERNAL_H

#include "gfp.h"

/*
 * The priorities at which reclaim takes only harmless pages: clean,
 * unmapped page-cache and swap-cache pages, which cost no I/O and no
 * PTE change (the seed notes' first rule). Below it, dirty pages are
 * written back and mapped pages unmapped. Linux 2.6.32 uses the same
 * band for keeping kswapd from writing file pages.
 */
#define HARMLESS_PRIORITY	(DEF_PRIORITY - 2)

/*
 * The policy's three decisions (vmscan_policy.c gives the rules and the
 * table); everything else in the PFRA is the same for every policy.
 */
enum referenced_action {
	REFERENCED_ACTIVATE,	/* linux: mapped ones activated, dirty kept */
	REFERENCED_IGNORED,	/* fifo: the bits cleared, nothing more */
	REFERENCED_ROTATE,	/* clock: second chance at the list's head */
};

struct pfra_policy {
	const char *name;
	int active_list;	/* pages activated: the two lists */
	int harmless_band;	/* harmless pages first (sc_set_priority) */
	enum referenced_action referenced;	/* in shrink_page_list */
};

extern const struct pfra_policy *pfra_policy;
/* Back to linux (vmscan_init). */
void reclaim_policy_init(void);

struct scan_control {
	unsigned long nr_scanned;	/* inactive pages isolated */
	unsigned long nr_reclaimed;
	int may_writepage;		/* write dirty pages, file or swap */
	int may_unmap;			/* take mapped pages */
	int swappiness;
	int kswapd;			/* counts as kswapd's, not direct */
	int priority;
};

/* Reclaim is running: an allocation inside it must not reclaim too
 * (Linux's PF_MEMALLOC). */
extern int in_reclaim;

/* Set the scan control for a pass at priority (the harmless band). */
void sc_set_priority(struct scan_control *sc, int priority);
/* One zone's share of a pass at sc->priority; returns pages freed. */
unsigned long shrink_zone(struct zone *zone, struct scan_control *sc);
/* The slab's share of a pass that scanned `scanned` LRU pages. */
unsigned long shrink_slab_at(int priority, unsigned long scanned, gfp_t gfp);
/* kswapd's and tmpfs swap's state back to boot (vmscan_init). */
void kswapd_init(void);
void shmem_swap_init(void);
/* The priority the zone's last reclaim round had to reach. */
void note_zone_priority(struct zone *zone, int priority);

#endif
