/*
 * kswapd.c - background reclaim (Linux's kswapd and balance_pgdat in
 * mm/vmscan.c), and the periodic reclaim of the virtual clock.
 *
 * An allocation that finds a zone below pages_low wakes kswapd
 * (wakeup_kswapd, through reclaim_ops) and goes on; kswapd then frees
 * pages until every zone is above pages_high, so that allocations rarely
 * have to reclaim themselves (direct reclaim, below pages_min). The
 * emulator has one kernel thread, so "woken" is a flag and kswapd runs
 * when the run loop reaches a scheduling point and calls
 * kswapd_run_pending().
 */
#include <string.h>
#include "gfp.h"
#include "slab.h"
#include "vmscan.h"
#include "vmscan_internal.h"
#include "vmstat.h"

struct kswapd_stat kswapd_stat;

static int kswapd_woken;
static int kswapd_running;	/* in balance_pgdat, not waiting */
static unsigned int kswapd_max_order;
static int64_t last_periodic_ns;

void kswapd_init(void)
{
	memset(&kswapd_stat, 0, sizeof(kswapd_stat));
	kswapd_woken = 0;
	kswapd_running = 0;
	kswapd_max_order = 0;
	last_periodic_ns = 0;
}

void wakeup_kswapd(struct zone *zone, unsigned int order)
{
	/* kswapd's own allocations find it busy, as Linux's waitqueue */
	if (!populated_zone(zone) || kswapd_running)
		return;
	if (zone_watermark_ok(zone, order, zone->pages_low, 0, 0))
		return;
	if (order > kswapd_max_order)
		kswapd_max_order = order;
	if (!kswapd_woken)
		kswapd_stat.wakeups++;
	kswapd_woken = 1;
	kswapd_stat.wakeup_free = zone->free_pages;
	kswapd_stat.wakeup_low = zone->pages_low;
}

int kswapd_pending(void)
{
	return kswapd_woken;
}

/* The highest zone below pages_high, or -1 if all are fine. */
static int find_end_zone(unsigned int order, int priority)
{
	int i;

	for (i = MAX_NR_ZONES - 1; i >= 0; i--) {
		struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		if (zone->all_unreclaimable && priority != DEF_PRIORITY)
			continue;
		if (!zone_watermark_ok(zone, order, zone->pages_high, 0, 0))
			return i;
	}
	return -1;
}

/*
 * Shrink the zones up to end_zone at one priority; clears *all_ok if
 * one of them is below pages_high. Returns pages freed.
 */
static unsigned long balance_zones(int end_zone, unsigned int order,
				   struct scan_control *sc, int *all_ok)
{
	unsigned long nr_reclaimed = 0, nr_slab;
	int i;

	for (i = 0; i <= end_zone; i++) {
		struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		if (zone->all_unreclaimable && sc->priority != DEF_PRIORITY)
			continue;
		if (!zone_watermark_ok(zone, order, zone->pages_high,
				       end_zone, 0))
			*all_ok = 0;
		sc->nr_scanned = 0;
		nr_reclaimed += shrink_zone(zone, sc);
		nr_slab = shrink_slab_at(sc->priority, sc->nr_scanned,
					 GFP_KERNEL);
		nr_reclaimed += nr_slab;
		note_zone_priority(zone, sc->priority);
		/* scanned its lists six times over for nothing: give up on
		 * it until a page is freed there (Linux's heuristic) */
		if (!nr_slab && zone->pages_scanned >=
		    (zone->nr_active + zone->nr_inactive) * 6 + 1)
			zone->all_unreclaimable = 1;
	}
	return nr_reclaimed;
}

/*
 * One sweep of the priorities (Linux's balance_pgdat loop): 1 when
 * every zone is above pages_high, 0 otherwise; *freed counts.
 */
static int balance_pgdat_once(unsigned int order, unsigned long *freed)
{
	struct scan_control sc = {
		.swappiness = vm_swappiness,
		.kswapd = 1,
	};
	unsigned long nr_reclaimed = 0;
	int priority, all_ok = 0;

	for (priority = DEF_PRIORITY; priority >= 0; priority--) {
		int end_zone = find_end_zone(order, priority);

		if (end_zone < 0) {
			all_ok = 1;
			break;
		}
		all_ok = 1;
		sc_set_priority(&sc, priority);
		nr_reclaimed += balance_zones(end_zone, order, &sc, &all_ok);
		if (all_ok || nr_reclaimed >= SWAP_CLUSTER_MAX)
			break;
	}
	*freed += nr_reclaimed;
	return all_ok && find_end_zone(order, DEF_PRIORITY) < 0;
}

static unsigned long balance_pgdat(unsigned int order)
{
	unsigned long freed = 0, before;

	if (in_reclaim)
		return 0;
	in_reclaim = kswapd_running = 1;
	count_vm_event(pageoutrun);
	kswapd_stat.runs++;
	/* Linux loops until the zones are fine; stop too when a sweep
	 * gets nothing, since nothing else runs meanwhile to change that */
	for (;;) {
		before = freed;
		if (balance_pgdat_once(order, &freed))
			break;
		if (freed == before) {
			kswapd_stat.unbalanced++;
			break;
		}
	}
	in_reclaim = kswapd_running = 0;
	return freed;
}

unsigned long kswapd_run_pending(void)
{
	unsigned int order = kswapd_max_order;

	if (!kswapd_woken)
		return 0;
	kswapd_woken = 0;
	kswapd_max_order = 0;
	return balance_pgdat(order);
}

unsigned long vmscan_periodic(int64_t now_ns)
{
	unsigned long freed;
	int i;

	if (now_ns - last_periodic_ns < KSWAPD_PERIOD_NS)
		return 0;
	last_periodic_ns = now_ns;
	freed = kmem_cache_reap();	/* cache_reap */
	for (i = 0; i < MAX_NR_ZONES; i++)
		wakeup_kswapd(&contig_page_data.node_zones[i], 0);
	return freed + kswapd_run_pending();
}
