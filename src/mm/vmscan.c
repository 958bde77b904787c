/*
 * vmscan.c - the page-frame reclaiming algorithm, after Linux 2.6.20's
 * mm/vmscan.c (two LRU lists per zone; see vmscan.h for the choice).
 *
 * shrink_zone balances a zone's lists: shrink_active_list moves pages
 * that were not referenced since the last look from the active list to
 * the inactive one (mapped pages only if the swap tendency says so), and
 * shrink_inactive_list hands the oldest inactive pages to
 * shrink_page_list, which frees them in the seed notes' order of cost:
 *   - clean page-cache pages nobody maps: just dropped, and at the
 *     first priorities (the harmless band) nothing else is taken;
 *   - then dirty file pages: written back (writepage), then dropped;
 *   - and anonymous and tmpfs pages: given a swap slot (add_to_swap),
 *     unmapped from every PTE at once (try_to_unmap), written to the
 *     slot (swap_writepage) and dropped from the swap cache;
 * while pages that were referenced go back to the active list, and
 * pages in mlocked VMAs are never taken. Each pass looks at more of the
 * lists as the priority falls from DEF_PRIORITY (1/4096 of a list) to
 * 0 (all of it), and at no less than a batch (SWAP_CLUSTER_MAX): Linux
 * carries a scan debt across calls instead, which only makes sense for
 * zones far bigger than ours.
 *
 * Two callers: direct reclaim (try_to_free_pages, here), run by an
 * allocation that found its zones below pages_min, and kswapd
 * (kswapd.c), woken below pages_low and working until every zone is
 * above pages_high.
 *
 * That is the linux policy. The fifo and clock policies
 * (vmscan_policy.c) change three things, each at one place: no page is
 * activated (swap.c, and shrink_page_list's activate), so the active
 * list stays empty and the refill has nothing to do; no harmless band
 * (sc_set_priority); and what a referenced page means to
 * shrink_page_list: nothing under fifo, a second chance under clock.
 */
#include <errno.h>
#include <string.h>
#include "gfp.h"
#include "invariants.h"
#include "mmu.h"
#include "pagemap.h"
#include "rmap.h"
#include "slab.h"
#include "swap.h"
#include "vmscan.h"
#include "vmscan_internal.h"
#include "vmstat.h"

#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

int vm_swappiness = 60;
int in_reclaim;

/* Linux's zone->prev_priority: how hard the last round had to try. */
static int zone_prev_priority[MAX_NR_ZONES];

static int zone_idx(const struct zone *zone)
{
	return (int)(zone - contig_page_data.node_zones);
}

void note_zone_priority(struct zone *zone, int priority)
{
	zone_prev_priority[zone_idx(zone)] = priority;
}

void vmscan_init(void)
{
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++)
		zone_prev_priority[i] = DEF_PRIORITY;
	in_reclaim = 0;
	reclaim_policy_init();
	kswapd_init();
	swap_token_init();
	shmem_swap_init();
	swap_ops.try_to_unuse = try_to_unuse;	/* swapoff's mm half */
}

void sc_set_priority(struct scan_control *sc, int priority)
{
	sc->priority = priority;
	sc->may_writepage = sc->may_unmap = priority < HARMLESS_PRIORITY ||
					    !pfra_policy->harmless_band;
}

static inline struct page *lru_to_page(struct list_head *head)
{
	return list_entry(head->prev, struct page, lru);
}

/* No I/O and no PTE to free it: the only pages of the harmless band. */
static int page_is_harmless(const struct page *page)
{
	return !page_mapped(page) && !PageDirty(page);
}

/*
 * Take up to nr pages from the tail of src onto dst, each with a
 * reference, off the LRU. With a walk limit (the harmless band), walk
 * past and leave in place the pages that are not harmless, looking at no
 * more than `walk` pages.
 */
#define NO_WALK_LIMIT	(~0ul)

static unsigned long isolate_lru_pages(struct zone *zone, unsigned long nr,
				       struct list_head *src,
				       struct list_head *dst,
				       unsigned long walk)
{
	int only_harmless = walk != NO_WALK_LIMIT;
	struct list_head *pos = src->prev;
	unsigned long taken = 0;

	while (taken < nr && pos != src) {
		struct page *page = list_entry(pos, struct page, lru);

		if (only_harmless && !walk--)
			break;
		pos = pos->prev;
		if (only_harmless && !page_is_harmless(page))
			continue;
		list_move(&page->lru, dst);
		ClearPageLRU(page);
		get_page(page);
		if (PageActive(page))
			zone->nr_active--;
		else
			zone->nr_inactive--;
		taken++;
	}
	zone->pages_scanned += taken;
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

static void putback_lru_pages(struct list_head *list, struct zone *zone)
{
	while (!list_empty(list)) {
		struct page *page = lru_to_page(list);

		list_del(&page->lru);
		putback_lru_page(zone, page);
	}
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
	/* the filesystem kept it (tmpfs with no swap slot): keep it too,
	 * active, as Linux's AOP_WRITEPAGE_ACTIVATE */
	if (err && PageDirty(page))
		return PAGE_ACTIVATE;
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
		referenced = page_referenced(page, sc->priority <= 0);
		switch (pfra_policy->referenced) {
		case REFERENCED_ACTIVATE:
			/* mapped and used since the last look: in use */
			if (referenced && page_mapped(page))
				goto activate;
			break;
		case REFERENCED_IGNORED:
			referenced = 0;
			break;
		case REFERENCED_ROTATE:
			if (referenced)
				goto rotate;
			break;
		}
		if (page_mapped(page) && !sc->may_unmap)
			goto keep;

		/* Anonymous: give it a place in swap before unmapping it. */
		if (PageAnon(page) && !PageSwapCache(page)) {
			if (!sc->may_writepage)
				goto keep;
			if (!add_to_swap(page))
				goto activate;	/* no swap, or full */
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
rotate:
		count_vm_event(pgrotated);	/* clock's second chance */
		goto keep;
activate:
		/* one list: back to its head, as a kept page */
		if (pfra_policy->active_list) {
			SetPageActive(page);
			count_vm_event(pgactivate);
		}
keep:
		list_add(&page->lru, &ret_pages);
	}
	/* page_list is empty: the kept pages keep their order */
	while (!list_empty(&ret_pages))
		list_move_tail(ret_pages.next, page_list);
	return nr_reclaimed;
}

/*
 * How far the harmless band looks for clean pages: 4, 8 and 16 times its
 * share of the list at its three priorities, so they are found among
 * the oldest pages, not searched for in the whole of a big list.
 */
static unsigned long harmless_walk(unsigned long max_scan, int priority)
{
	return max_scan << (DEF_PRIORITY - priority + 2);
}

static unsigned long shrink_inactive_list(unsigned long max_scan,
					  struct zone *zone,
					  struct scan_control *sc)
{
	unsigned long nr_scanned = 0, nr_reclaimed = 0;
	unsigned long walk = sc->may_unmap ? NO_WALK_LIMIT
					   : harmless_walk(max_scan,
							   sc->priority);

	while (nr_scanned < max_scan) {
		LIST_HEAD(page_list);
		unsigned long nr_scan, nr_freed, batch = max_scan - nr_scanned;

		if (batch > SWAP_CLUSTER_MAX)
			batch = SWAP_CLUSTER_MAX;
		nr_scan = isolate_lru_pages(zone, batch, &zone->inactive_list,
					    &page_list, walk);
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
		putback_lru_pages(&page_list, zone);
	}
	sc->nr_scanned += nr_scanned;
	return nr_reclaimed;
}

/*
 * The swap tendency of Linux 2.6.9-2.6.27 (the seed notes' "swap
 * tendency factor"): whether this pass may move mapped pages to the
 * inactive list at all.
 */
static int reclaim_mapped(struct zone *zone, struct scan_control *sc)
{
	int prev = zone_prev_priority[zone_idx(zone)];
	long distress, mapped_ratio, swap_tendency;

	distress = 100 >> (prev < sc->priority ? prev : sc->priority);
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
			       struct scan_control *sc)
{
	LIST_HEAD(l_hold);
	LIST_HEAD(l_active);
	LIST_HEAD(l_inactive);
	unsigned long pgscanned, nr_deactivate = 0;
	int mapped_ok = reclaim_mapped(zone, sc);

	pgscanned = isolate_lru_pages(zone, nr_pages, &zone->active_list,
				      &l_hold, NO_WALK_LIMIT);
	while (!list_empty(&l_hold)) {
		struct page *page = lru_to_page(&l_hold);

		list_del(&page->lru);
		if (page_mapped(page) &&
		    (!mapped_ok || (total_swap_pages == 0 && PageAnon(page)) ||
		     page_referenced(page, sc->priority <= 0))) {
			list_add(&page->lru, &l_active);
			continue;
		}
		ClearPageActive(page);
		list_add(&page->lru, &l_inactive);
		nr_deactivate++;
	}
	/* both lists' heads, in the order the pages had */
	putback_lru_pages(&l_inactive, zone);
	putback_lru_pages(&l_active, zone);
	count_vm_events(pgrefill_dma + zone_idx(zone), pgscanned);
	count_vm_events(pgdeactivate, nr_deactivate);
}

void refill_inactive_zone(struct zone *zone, unsigned long nr_pages)
{
	struct scan_control sc = { .swappiness = vm_swappiness };

	sc_set_priority(&sc, DEF_PRIORITY);
	shrink_active_list(nr_pages, zone, &sc);
}

/* A pass's share of a list: 1/2^priority of it, at least a batch. */
static unsigned long scan_count(unsigned long nr, int priority)
{
	unsigned long n = nr >> priority;

	if (n < SWAP_CLUSTER_MAX)
		n = SWAP_CLUSTER_MAX;
	return n < nr ? n : nr;
}

unsigned long shrink_zone(struct zone *zone, struct scan_control *sc)
{
	unsigned long nr_active = scan_count(zone->nr_active, sc->priority);
	unsigned long nr_reclaimed = 0, nr_inactive, n;

	/*
	 * The refill first, then the inactive list as it is after it:
	 * Linux interleaves the two with counts taken before either, so a
	 * call that finds the inactive list empty frees nothing, and
	 * leaves the pages it deactivated to the next call (or kswapd).
	 */
	while (nr_active) {
		n = nr_active < SWAP_CLUSTER_MAX ? nr_active : SWAP_CLUSTER_MAX;
		nr_active -= n;
		shrink_active_list(n, zone, sc);
	}
	nr_inactive = scan_count(zone->nr_inactive, sc->priority);
	while (nr_inactive) {
		n = nr_inactive < SWAP_CLUSTER_MAX ? nr_inactive
						   : SWAP_CLUSTER_MAX;
		nr_inactive -= n;
		nr_reclaimed += shrink_inactive_list(n, zone, sc);
	}
	sc->nr_reclaimed += nr_reclaimed;
	/* direct reclaim's allocating caller may hold pages: check later */
	(sc->kswapd ? invariants_event : invariants_event_deferred)("reclaim");
	return nr_reclaimed;
}

/*
 * The slab's share: the shrinkers (dcache) are asked for more as the
 * priority falls, as Linux scales shrink_slab by the pages scanned.
 */
unsigned long shrink_slab_at(int priority, unsigned long scanned, gfp_t gfp)
{
	return shrink_slab(scanned + (SWAP_CLUSTER_MAX <<
				      (DEF_PRIORITY - priority)), gfp);
}

unsigned long try_to_free_pages(struct zonelist *zl, unsigned int order,
				gfp_t gfp)
{
	struct scan_control sc = {
		.swappiness = vm_swappiness,
	};
	unsigned long nr_reclaimed = 0;
	int priority;
	struct zone **z;

	(void)order;
	if (in_reclaim)
		return 0;
	in_reclaim = 1;
	for (priority = DEF_PRIORITY; priority >= 0; priority--) {
		sc_set_priority(&sc, priority);
		sc.nr_scanned = 0;
		sc.nr_reclaimed = 0;
		for (z = zl->zones; *z; z++) {
			if (!populated_zone(*z))
				continue;
			if ((*z)->all_unreclaimable && priority != DEF_PRIORITY)
				continue;
			shrink_zone(*z, &sc);
		}
		nr_reclaimed += sc.nr_reclaimed;
		nr_reclaimed += shrink_slab_at(priority, sc.nr_scanned, gfp);
		if (nr_reclaimed >= SWAP_CLUSTER_MAX)
			break;
	}
	for (z = zl->zones; *z; z++)
		note_zone_priority(*z, priority < 0 ? 0 : priority);
	in_reclaim = 0;
	return nr_reclaimed;
}

/*
 * Hibernation's reclaim (Linux's shrink_all_memory): every zone at every
 * priority, mapped pages included from the start (swappiness 100),
 * until nr_pages are freed or nothing more can be. Returns pages freed.
 */
unsigned long shrink_all_memory(unsigned long nr_pages)
{
	struct scan_control sc = {
		.swappiness = 100,
		.kswapd = 1,
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
			sc_set_priority(&sc, priority);
			sc.nr_scanned = 0;
			for (i = 0; i < MAX_NR_ZONES; i++) {
				struct zone *zone =
					&contig_page_data.node_zones[i];

				if (populated_zone(zone))
					freed += shrink_zone(zone, &sc);
			}
			freed += shrink_slab_at(priority, sc.nr_scanned,
						GFP_KERNEL);
		}
	} while (freed < nr_pages && freed != before);
	in_reclaim = 0;
	return freed;
}
