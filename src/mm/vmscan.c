/*
 * vmscan.c - the page-frame reclaiming algorithm, after Linux 2.6.20's
 * mm/vmscan.c (two LRU lists per zone; see vmscan.h for the choice).
 *
 * shrink_zone balances a zone's lists: shrink_active_list moves pages
 * that were not referenced since the last look from the active list to
 * the inactive one (mapped pages only if the swap tendency says so), and
 * shrink_inactive_list hands the oldest inactive pages to
 * shrink_page_list, which frees them in the seed notes' order of cost:
 *   - clean page-cache pages nobody maps: just dropped;
 *   - dirty file pages: written back (writepage), then dropped;
 *   - anonymous and tmpfs pages: given a swap slot (add_to_swap),
 *     unmapped from every PTE at once (try_to_unmap), written to the
 *     slot (swap_writepage) and dropped from the swap cache;
 * while pages that were referenced go back to the active list, and
 * pages in mlocked VMAs are never taken. Each pass looks at more of the
 * lists as the priority falls from DEF_PRIORITY (1/4096 of a list) to
 * 0 (all of it).
 *
 * Two callers: direct reclaim (try_to_free_pages), run by an allocation
 * that found its zones below pages_min, and kswapd (balance_pgdat), woken
 * below pages_low and working until every zone is above pages_high.
 */
#include <errno.h>
#include <string.h>
#include "gfp.h"
#include "mmu.h"
#include "pagemap.h"
#include "rmap.h"
#include "slab.h"
#include "swap.h"
#include "vmscan.h"
#include "vmstat.h"

#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

int vm_swappiness = 60;
struct kswapd_stat kswapd_stat;

/* Linux's struct zone fields that page.h's zone does not have. */
static struct zone_reclaim {
	unsigned long nr_scan_active;	/* scan debt, in pages */
	unsigned long nr_scan_inactive;
	int prev_priority;		/* how hard the last round tried */
} zone_reclaim[MAX_NR_ZONES];

static int kswapd_woken;
static unsigned int kswapd_max_order;
static int64_t last_periodic_ns;
static int in_reclaim;		/* Linux's PF_MEMALLOC: no recursion */

struct scan_control {
	unsigned long nr_scanned;	/* inactive pages looked at */
	unsigned long nr_reclaimed;
	gfp_t gfp_mask;
	int may_writepage;
	int may_swap;
	int swappiness;
	int kswapd;			/* counts as kswapd's, not direct */
	unsigned long swap_cluster_max;
};

static struct zone_reclaim *zr_of(struct zone *zone)
{
	return &zone_reclaim[zone - contig_page_data.node_zones];
}

void vmscan_init(void)
{
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		memset(&zone_reclaim[i], 0, sizeof(zone_reclaim[i]));
		zone_reclaim[i].prev_priority = DEF_PRIORITY;
	}
	memset(&kswapd_stat, 0, sizeof(kswapd_stat));
	kswapd_woken = 0;
	kswapd_max_order = 0;
	last_periodic_ns = 0;
	in_reclaim = 0;
	swap_token_init();
}

static inline struct page *lru_to_page(struct list_head *head)
{
	return list_entry(head->prev, struct page, lru);
}

/*
 * Take up to nr pages from the tail of src onto dst, each with a
 * reference, off the LRU. *scanned: pages looked at.
 */
static unsigned long isolate_lru_pages(struct zone *zone, unsigned long nr,
				       struct list_head *src,
				       struct list_head *dst,
				       unsigned long *scanned)
{
	unsigned long taken = 0;

	while (taken < nr && !list_empty(src)) {
		struct page *page = lru_to_page(src);

		list_move(&page->lru, dst);
		ClearPageLRU(page);
		get_page(page);
		if (PageActive(page))
			zone->nr_active--;
		else
			zone->nr_inactive--;
		taken++;
	}
	*scanned = taken;
	return taken;
}

/* Back on the LRU by PageActive, and the isolation reference dropped
 * (which frees the page if everybody else let go meanwhile). */
static void putback_lru_page(struct zone *zone, struct page *page)
{
	SetPageLRU(page);
	if (PageActive(page)) {
		list_add(&page->lru, &zone->active_list);
		zone->nr_active++;
	} else {
		list_add(&page->lru, &zone->inactive_list);
		zone->nr_inactive++;
	}
	put_page(page);
}

/* ------------------------------------------------------------ pageout */

enum pageout_t { PAGE_KEEP, PAGE_ACTIVATE, PAGE_SUCCESS, PAGE_CLEAN };

/* An anonymous page in the swap cache to its slot. */
static enum pageout_t swap_pageout(struct page *page)
{
	swp_entry_t entry = { page->private };
	int err;

	ClearPageDirty(page);
	SetPageWriteback(page);
	err = swap_writepage(page, entry);
	ClearPageWriteback(page);
	if (err) {
		SetPageDirty(page);	/* still the only copy */
		return PAGE_ACTIVATE;
	}
	return PAGE_SUCCESS;
}

/* A dirty page-cache page through its filesystem (write_one_page). */
static enum pageout_t file_pageout(struct page *page,
				   struct address_space *mapping)
{
	int err;

	if (!mapping->a_ops || !mapping->a_ops->writepage)
		return PAGE_ACTIVATE;	/* nowhere to write it: keep it */
	if (!clear_page_dirty_for_io(page))
		return PAGE_CLEAN;
	SetPageWriteback(page);
	radix_tree_tag_set(&mapping->page_tree, page->index,
			   PAGECACHE_TAG_WRITEBACK);
	page_cache_stat.nr_writeback++;
	err = mapping->a_ops->writepage(page);
	page_cache_stat.nr_writeback--;
	radix_tree_tag_clear(&mapping->page_tree, page->index,
			     PAGECACHE_TAG_WRITEBACK);
	ClearPageWriteback(page);
	/* as write-back does: the page stays clean, fsync will say EIO */
	if (err)
		mapping->flags |= err == -ENOSPC ? AS_ENOSPC : AS_EIO;
	return PAGE_SUCCESS;
}

static enum pageout_t pageout(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (PageSwapCache(page))
		return swap_pageout(page);
	if (!mapping)
		return PAGE_KEEP;
	return file_pageout(page, mapping);
}

/*
 * Drop a clean, unmapped page from the page cache or the swap cache if
 * only the cache and the isolation hold it (Linux's remove_mapping).
 */
static int remove_mapping(struct page *page)
{
	if (page_count(page) != 2 || PageDirty(page) || page_mapped(page))
		return 0;
	if (PageSwapCache(page)) {
		delete_from_swap_cache(page);
		return 1;
	}
	if (!page_mapping(page))
		return 0;
	remove_from_page_cache(page);
	return 1;
}

/* Mapped and referenced: in use (Linux's page_mapping_inuse). */
static int page_mapping_inuse(struct page *page)
{
	return page_mapped(page);
}

/*
 * The heart of the PFRA: try to free each isolated page; the ones that
 * stay are left on page_list, PageActive set on those to activate.
 */
static unsigned long shrink_page_list(struct list_head *page_list,
				      struct scan_control *sc)
{
	LIST_HEAD(ret_pages);
	unsigned long nr_reclaimed = 0;

	while (!list_empty(page_list)) {
		struct page *page = lru_to_page(page_list);
		int referenced;

		list_del(&page->lru);
		sc->nr_scanned++;
		referenced = page_referenced(page);
		if (referenced && page_mapping_inuse(page))
			goto activate;

		/* Anonymous: give it a place in swap before unmapping it. */
		if (PageAnon(page) && !PageSwapCache(page)) {
			if (!sc->may_swap || !add_to_swap(page))
				goto activate;
		}

		if (page_mapped(page)) {
			switch (try_to_unmap(page)) {
			case SWAP_FAIL:
				goto activate;
			case SWAP_AGAIN:
				goto keep;
			}
		}

		if (PageDirty(page)) {
			if (referenced || !sc->may_writepage)
				goto keep;
			switch (pageout(page)) {
			case PAGE_KEEP:
				goto keep;
			case PAGE_ACTIVATE:
				goto activate;
			case PAGE_SUCCESS:
				if (PageDirty(page))
					goto keep;
				break;
			case PAGE_CLEAN:
				break;
			}
		}

		/* An orphan: out of every cache, only we hold it. */
		if (!PageSwapCache(page) && !page_mapping(page) &&
		    !page_mapped(page) && page_count(page) == 1)
			goto free_it;
		if (!remove_mapping(page))
			goto keep;
free_it:
		nr_reclaimed++;
		put_page(page);	/* the isolation's: the last one */
		continue;
activate:
		SetPageActive(page);
		count_vm_event(pgactivate);
keep:
		list_add(&page->lru, &ret_pages);
	}
	/* page_list is empty: the kept pages keep their order */
	while (!list_empty(&ret_pages))
		list_move_tail(ret_pages.next, page_list);
	return nr_reclaimed;
}

static void list_splice_back(struct list_head *list, struct zone *zone)
{
	while (!list_empty(list)) {
		struct page *page = lru_to_page(list);

		list_del(&page->lru);
		putback_lru_page(zone, page);
	}
}

static unsigned long shrink_inactive_list(unsigned long max_scan,
					  struct zone *zone,
					  struct scan_control *sc)
{
	unsigned long nr_scanned = 0, nr_reclaimed = 0;

	do {
		LIST_HEAD(page_list);
		unsigned long nr_scan, nr_freed;

		isolate_lru_pages(zone, sc->swap_cluster_max,
				  &zone->inactive_list, &page_list, &nr_scan);
		zone->pages_scanned += nr_scan;
		if (!nr_scan)
			break;
		nr_freed = shrink_page_list(&page_list, sc);
		nr_reclaimed += nr_freed;
		nr_scanned += nr_scan;
		if (sc->kswapd) {
			count_vm_events(pgscan_kswapd, nr_scan);
			count_vm_events(pgsteal_kswapd, nr_freed);
		} else {
			count_vm_events(pgscan_direct, nr_scan);
			count_vm_events(pgsteal_direct, nr_freed);
		}
		list_splice_back(&page_list, zone);
	} while (nr_scanned < max_scan);
	return nr_reclaimed;
}

/*
 * The swap tendency of Linux 2.6.9-2.6.27 (the seed notes' "swap
 * tendency factor"): whether this pass may move mapped pages to the
 * inactive list at all.
 */
static int reclaim_mapped(struct zone *zone, int priority,
			  struct scan_control *sc)
{
	int prev = zr_of(zone)->prev_priority;
	long distress, mapped_ratio, swap_tendency;

	if (!sc->may_swap)
		return 0;
	distress = 100 >> (prev < priority ? prev : priority);
	mapped_ratio = (long)(nr_mapped * 100 / (totalram_pages + 1));
	swap_tendency = mapped_ratio / 2 + distress + sc->swappiness;
	return swap_tendency >= 100;
}

/*
 * Refill the inactive list (Linux's refill_inactive_zone): pages come
 * off the active list's tail; unmapped ones and mapped ones that were
 * not referenced since the last look go to the inactive list, the rest
 * back to the active list's head.
 */
static void shrink_active_list(unsigned long nr_pages, struct zone *zone,
			       struct scan_control *sc, int priority)
{
	LIST_HEAD(l_hold);
	LIST_HEAD(l_active);
	LIST_HEAD(l_inactive);
	unsigned long pgscanned, pgdeactivate = 0;
	int mapped_ok = reclaim_mapped(zone, priority, sc);

	isolate_lru_pages(zone, nr_pages, &zone->active_list, &l_hold,
			  &pgscanned);
	zone->pages_scanned += pgscanned;
	while (!list_empty(&l_hold)) {
		struct page *page = lru_to_page(&l_hold);

		list_del(&page->lru);
		if (page_mapped(page) &&
		    (!mapped_ok || (total_swap_pages == 0 && PageAnon(page)) ||
		     page_referenced(page))) {
			list_add(&page->lru, &l_active);
			continue;
		}
		ClearPageActive(page);
		list_add(&page->lru, &l_inactive);
		pgdeactivate++;
	}
	/* both lists' heads, in the order the pages had */
	list_splice_back(&l_inactive, zone);
	list_splice_back(&l_active, zone);
	count_vm_events(pgrefill_dma + (zone - contig_page_data.node_zones),
			pgscanned);
	count_vm_events(pgdeactivate, pgdeactivate);
}

void refill_inactive_zone(struct zone *zone, unsigned long nr_pages)
{
	struct scan_control sc = {
		.may_swap = 1,
		.swappiness = vm_swappiness,
		.swap_cluster_max = SWAP_CLUSTER_MAX,
	};

	shrink_active_list(nr_pages, zone, &sc, DEF_PRIORITY);
}

/* A zone's share of a pass at this priority (Linux's shrink_zone). */
static unsigned long shrink_zone(int priority, struct zone *zone,
				 struct scan_control *sc)
{
	struct zone_reclaim *zr = zr_of(zone);
	unsigned long nr_active, nr_inactive, nr_reclaimed = 0, n;

	/* a debt of pages to scan, paid in batches of swap_cluster_max */
	zr->nr_scan_active += (zone->nr_active >> priority) + 1;
	nr_active = zr->nr_scan_active;
	if (nr_active >= sc->swap_cluster_max)
		zr->nr_scan_active = 0;
	else
		nr_active = 0;
	zr->nr_scan_inactive += (zone->nr_inactive >> priority) + 1;
	nr_inactive = zr->nr_scan_inactive;
	if (nr_inactive >= sc->swap_cluster_max)
		zr->nr_scan_inactive = 0;
	else
		nr_inactive = 0;

	while (nr_active || nr_inactive) {
		if (nr_active) {
			n = nr_active < sc->swap_cluster_max ?
			    nr_active : sc->swap_cluster_max;
			nr_active -= n;
			shrink_active_list(n, zone, sc, priority);
		}
		if (nr_inactive) {
			n = nr_inactive < sc->swap_cluster_max ?
			    nr_inactive : sc->swap_cluster_max;
			nr_inactive -= n;
			nr_reclaimed += shrink_inactive_list(n, zone, sc);
		}
	}
	sc->nr_reclaimed += nr_reclaimed;
	return nr_reclaimed;
}

/*
 * The slab's share: the shrinkers (dcache) are asked for more as the
 * priority falls, as Linux scales shrink_slab by the pages scanned.
 */
static unsigned long shrink_slab_at(int priority, unsigned long scanned,
				    gfp_t gfp)
{
	return shrink_slab(scanned + (SWAP_CLUSTER_MAX <<
				      (DEF_PRIORITY - priority)), gfp);
}

static void note_priority(struct zonelist *zl, int priority)
{
	struct zone **z;

	for (z = zl->zones; *z; z++)
		zr_of(*z)->prev_priority = priority;
}

unsigned long try_to_free_pages(struct zonelist *zl, unsigned int order,
				gfp_t gfp)
{
	struct scan_control sc = {
		.gfp_mask = gfp,
		.may_writepage = 1,
		.may_swap = 1,
		.swappiness = vm_swappiness,
		.swap_cluster_max = SWAP_CLUSTER_MAX,
	};
	unsigned long nr_reclaimed = 0;
	int priority = DEF_PRIORITY;

	(void)order;
	if (in_reclaim)
		return 0;
	in_reclaim = 1;
	for (priority = DEF_PRIORITY; priority >= 0; priority--) {
		struct zone **z;

		sc.nr_scanned = 0;
		sc.nr_reclaimed = 0;
		for (z = zl->zones; *z; z++) {
			if (!populated_zone(*z))
				continue;
			if ((*z)->all_unreclaimable && priority != DEF_PRIORITY)
				continue;
			shrink_zone(priority, *z, &sc);
		}
		nr_reclaimed += sc.nr_reclaimed;
		nr_reclaimed += shrink_slab_at(priority, sc.nr_scanned, gfp);
		if (nr_reclaimed >= SWAP_CLUSTER_MAX)
			break;
	}
	note_priority(zl, priority < 0 ? 0 : priority);
	in_reclaim = 0;
	return nr_reclaimed;
}

/* ------------------------------------------------------------- kswapd */

void wakeup_kswapd(struct zone *zone, unsigned int order)
{
	if (!populated_zone(zone))
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
 * One sweep of kswapd's priorities (Linux's balance_pgdat loop body):
 * 1 when every zone is above pages_high, 0 otherwise; *freed counts.
 */
static int balance_pgdat_once(unsigned int order, unsigned long *freed)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.may_writepage = 1,
		.may_swap = 1,
		.swappiness = vm_swappiness,
		.kswapd = 1,
		.swap_cluster_max = SWAP_CLUSTER_MAX,
	};
	unsigned long nr_reclaimed = 0;
	int priority, i, all_zones_ok = 0;

	for (priority = DEF_PRIORITY; priority >= 0; priority--) {
		int end_zone = find_end_zone(order, priority);

		if (end_zone < 0) {
			all_zones_ok = 1;
			break;
		}
		all_zones_ok = 1;
		for (i = 0; i <= end_zone; i++) {
			struct zone *zone = &contig_page_data.node_zones[i];
			unsigned long nr_slab;

			if (!populated_zone(zone))
				continue;
			if (zone->all_unreclaimable && priority != DEF_PRIORITY)
				continue;
			if (!zone_watermark_ok(zone, order, zone->pages_high,
					       end_zone, 0))
				all_zones_ok = 0;
			sc.nr_scanned = 0;
			sc.nr_reclaimed = 0;
			nr_reclaimed += shrink_zone(priority, zone, &sc);
			nr_slab = shrink_slab_at(priority, sc.nr_scanned,
						 GFP_KERNEL);
			nr_reclaimed += nr_slab;
			zr_of(zone)->prev_priority = priority;
			if (!nr_slab && zone->pages_scanned >=
			    (zone->nr_active + zone->nr_inactive) * 6 + 1)
				zone->all_unreclaimable = 1;
		}
		if (all_zones_ok || nr_reclaimed >= SWAP_CLUSTER_MAX)
			break;
	}
	*freed += nr_reclaimed;
	return all_zones_ok && find_end_zone(order, DEF_PRIORITY) < 0;
}

static unsigned long balance_pgdat(unsigned int order)
{
	unsigned long freed = 0, before;

	if (in_reclaim)
		return 0;
	in_reclaim = 1;
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
	in_reclaim = 0;
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
	freed = kmem_cache_reap();
	for (i = 0; i < MAX_NR_ZONES; i++)
		wakeup_kswapd(&contig_page_data.node_zones[i], 0);
	return freed + kswapd_run_pending();
}

/*
 * Hibernation's reclaim (Linux's shrink_all_memory): every zone at every
 * priority, mapped pages included from the start (swappiness 100),
 * until nr_pages are freed or nothing more can be. Returns pages freed.
 */
unsigned long shrink_all_memory(unsigned long nr_pages)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.may_writepage = 1,
		.may_swap = 1,
		.swappiness = 100,
		.kswapd = 1,
		.swap_cluster_max = SWAP_CLUSTER_MAX,
	};
	unsigned long freed = 0, before;
	int priority, i;

	if (in_reclaim)
		return 0;
	in_reclaim = 1;
	do {
		before = freed;
		for (priority = DEF_PRIORITY; priority >= 0 && freed < nr_pages;
		     priority--) {
			for (i = 0; i < MAX_NR_ZONES; i++) {
				struct zone *zone =
					&contig_page_data.node_zones[i];

				if (!populated_zone(zone))
					continue;
				sc.nr_scanned = 0;
				freed += shrink_zone(priority, zone, &sc);
			}
			freed += shrink_slab_at(priority, sc.nr_scanned,
						GFP_KERNEL);
		}
	} while (freed < nr_pages && freed != before);
	in_reclaim = 0;
	return freed;
}
