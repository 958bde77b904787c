/*
 * swap.c - the LRU lists, after Linux 2.6's mm/swap.c (the file is named
 * for history: it has nothing to do with swap areas, which are
 * src/swap/'s). Pages join their zone's lists when they come into use
 * (lru_cache_add), move to the active list when used twice
 * (mark_page_accessed, activate_page) and leave when their last
 * reference goes (__page_cache_release), so the buddy allocator never
 * sees a page still on a list.
 *
 * New pages enter at the head; reclaim takes from the tail, so a list is
 * in order of arrival, oldest last. Linux batches additions in per-CPU
 * pagevecs to spare the zone lock; with one thread there is nothing to
 * spare, so pages go straight to their list.
 *
 * Under the fifo and clock policies (vmscan_policy.c) there is one list,
 * the inactive one: every page joins it and none is ever activated.
 */
#include <stdio.h>
#include <stdlib.h>
#include "gfp.h"
#include "vmscan.h"
#include "vmscan_internal.h"
#include "vmstat.h"

static void lru_bug(struct page *page, const char *why)
{
	fprintf(stderr, "i386mm: BUG: LRU: pfn %#lx %s (flags %#x)\n",
		page_to_pfn(page), why, page->flags);
	abort();
}

static void add_page_to_lru(struct page *page, int active)
{
	struct zone *zone = page_zone(page);

	if (PageLRU(page))
		lru_bug(page, "added twice");
	SetPageLRU(page);
	if (active) {
		SetPageActive(page);
		list_add(&page->lru, &zone->active_list);
		zone->nr_active++;
	} else {
		ClearPageActive(page);
		list_add(&page->lru, &zone->inactive_list);
		zone->nr_inactive++;
	}
}

void lru_cache_add(struct page *page)
{
	add_page_to_lru(page, 0);
}

void lru_cache_add_active(struct page *page)
{
	add_page_to_lru(page, pfra_policy->active_list);
}

void activate_page(struct page *page)
{
	struct zone *zone = page_zone(page);

	if (!pfra_policy->active_list || !PageLRU(page) || PageActive(page))
		return;
	list_move(&page->lru, &zone->active_list);
	zone->nr_inactive--;
	zone->nr_active++;
	SetPageActive(page);
	count_vm_event(pgactivate);
}

/*
 * Linux's two-step promotion: inactive,unreferenced -> inactive,referenced
 * -> active,unreferenced. A page read once and never again stays
 * inactive and is the first to go. One list: the use is only recorded,
 * for clock's second chance.
 */
void mark_page_accessed(struct page *page)
{
	if (!pfra_policy->active_list) {
		SetPageReferenced(page);
		return;
	}
	if (!PageActive(page) && PageReferenced(page) && PageLRU(page)) {
		activate_page(page);
		ClearPageReferenced(page);
	} else if (!PageReferenced(page)) {
		SetPageReferenced(page);
	}
}

void __page_cache_release(struct page *page)
{
	struct zone *zone = page_zone(page);

	if (!PageLRU(page))
		return;
	ClearPageLRU(page);
	list_del(&page->lru);
	if (PageActive(page)) {
		ClearPageActive(page);
		zone->nr_active--;
	} else {
		zone->nr_inactive--;
	}
}
