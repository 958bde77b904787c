/*
 * page_alloc.c - the buddy allocator (Linux's mm/page_alloc.c).
 *
 * Each zone keeps free_area[order] lists of free blocks of 2^order frames,
 * order 0..MAX_ORDER-1. A block's buddy is found by flipping bit `order`
 * of its pfn; zones start on MAX_ORDER-aligned pfns, so buddies never
 * straddle zones. Allocation walks the zonelist, checks the zone's
 * watermark (pages_low first; after waking kswapd, pages_min; then direct
 * reclaim), splits a larger block if needed (expand) and returns the head
 * page with _count 1. Freeing coalesces with free buddies as far as it can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfp.h"
#include "seq_file.h"
#include "slab.h"
#include "vmscan.h"
#include "vmstat.h"

/* The PFRA (vmscan.c); the OOM killer is the process layer's to set. */
struct reclaim_ops reclaim_ops = {
	.wakeup_kswapd = wakeup_kswapd,
	.try_to_free_pages = try_to_free_pages,
};

static void bad_page(struct page *page, const char *why)
{
	fprintf(stderr, "i386mm: BUG: bad page state: pfn %#lx %s "
		"(flags %#x count %d mapcount %d)\n", page_to_pfn(page), why,
		page->flags, page->_count, page->_mapcount);
	abort();
}

static inline void set_page_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
}

static inline void rmv_page_order(struct page *page)
{
	ClearPageBuddy(page);
	page->private = 0;
}

static inline int page_is_buddy(struct zone *zone, unsigned long pfn,
				unsigned int order)
{
	struct page *buddy;

	if (pfn < zone->zone_start_pfn ||
	    pfn >= zone->zone_start_pfn + zone->spanned_pages)
		return 0;
	buddy = pfn_to_page(pfn);
	return PageBuddy(buddy) && buddy->private == order;
}

static void __free_one_page(struct page *page, struct zone *zone,
			    unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	zone->free_pages += 1ul << order;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1ul << order);
		struct page *buddy;

		if (!page_is_buddy(zone, buddy_pfn, order))
			break;
		buddy = pfn_to_page(buddy_pfn);
		list_del(&buddy->lru);
		zone->free_area[order].nr_free--;
		rmv_page_order(buddy);
		pfn &= buddy_pfn;
		order++;
	}
	page = pfn_to_page(pfn);
	set_page_order(page, order);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

static void free_pages_check(struct page *page)
{
	const uint32_t busy = (1u << PG_lru) | (1u << PG_slab) |
			      (1u << PG_buddy) | (1u << PG_swapcache) |
			      (1u << PG_writeback) | (1u << PG_locked) |
			      (1u << PG_reserved);

	if (page->_mapcount != -1)
		bad_page(page, "freed while still mapped");
	if (page->mapping)
		bad_page(page, "freed with a mapping");
	if (page->flags & busy)
		bad_page(page, "freed while in use");
	/* keep only the zone number */
	page->flags &= ~((1u << ZONES_SHIFT) - 1);
}

static void __free_pages_ok(struct page *page, unsigned int order)
{
	unsigned long i;

	struct zone *zone = page_zone(page);

	for (i = 0; i < (1ul << order); i++)
		free_pages_check(page + i);
	count_vm_events(pgfree, 1ul << order);
	/* reclaim gave up on the zone too early: it has pages again */
	zone->all_unreclaimable = 0;
	zone->pages_scanned = 0;
	__free_one_page(page, zone, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (page->_count <= 0)
		bad_page(page, "freed with a zero count");
	if (--page->_count == 0) {
		if (!order && PageLRU(page))
			__page_cache_release(page);	/* off its LRU */
		__free_pages_ok(page, order);
	}
}

void put_page(struct page *page)
{
	__free_pages(page, 0);
}

/* Split a block of order high into the requested order low. */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high)
{
	unsigned long size = 1ul << high;

	while (high > low) {
		high--;
		size >>= 1;
		list_add(&page[size].lru, &zone->free_area[high].free_list);
		zone->free_area[high].nr_free++;
		set_page_order(&page[size], high);
	}
}

static struct page *__rmqueue(struct zone *zone, unsigned int order)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &zone->free_area[o];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		list_del(&page->lru);
		rmv_page_order(page);
		area->nr_free--;
		zone->free_pages -= 1ul << order;
		expand(zone, page, order, o);
		return page;
	}
	return NULL;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long i;

	for (i = 0; i < (1ul << order); i++) {
		page[i].flags &= ~((1u << ZONES_SHIFT) - 1);
		page[i].private = 0;
		page[i].mapping = NULL;
		page[i].index = 0;
		page[i]._mapcount = -1;
		page[i]._count = 0;
	}
	page->_count = 1;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
}

int zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		      int classzone_idx, int alloc_flags)
{
	long min = (long)mark;
	long free_pages = (long)z->free_pages - (1l << order) + 1;
	unsigned int o;

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (free_pages <= min + (long)z->lowmem_reserve[classzone_idx])
		return 0;
	for (o = 0; o < order; o++) {
		/* pages of lower orders cannot serve this request */
		free_pages -= (long)(z->free_area[o].nr_free << o);
		min >>= 1;
		if (free_pages <= min)
			return 0;
	}
	return 1;
}

enum wmark { WMARK_MIN, WMARK_LOW, WMARK_NONE };

static unsigned long zone_mark(struct zone *z, enum wmark w)
{
	return w == WMARK_LOW ? z->pages_low : z->pages_min;
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   struct zonelist *zl, enum wmark w,
					   int alloc_flags)
{
	int classzone_idx = (int)(zl->zones[0] - contig_page_data.node_zones);
	struct zone **z;

	for (z = zl->zones; *z; z++) {
		struct page *page;

		if (w != WMARK_NONE &&
		    !zone_watermark_ok(*z, order, zone_mark(*z, w),
				       classzone_idx, alloc_flags))
			continue;
		page = __rmqueue(*z, order);
		if (!page)
			continue;
		prep_new_page(page, order, gfp);
		count_vm_events(pgalloc_dma + (*z - contig_page_data.node_zones),
				1ul << order);
		return page;
	}
	return NULL;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct zonelist *zl = &contig_page_data.node_zonelists[gfp_zone(gfp)];
	int alloc_flags = 0, tries;
	struct zone **z;
	struct page *page;

	if (order >= MAX_ORDER || !zl->zones[0])
		return NULL;
	page = get_page_from_freelist(gfp, order, zl, WMARK_LOW, 0);
	if (page)
		return page;

	for (z = zl->zones; *z; z++)
		if (reclaim_ops.wakeup_kswapd)
			reclaim_ops.wakeup_kswapd(*z, order);

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	if (!(gfp & __GFP_WAIT))
		alloc_flags |= ALLOC_HARDER;
	page = get_page_from_freelist(gfp, order, zl, WMARK_MIN, alloc_flags);
	if (page || !(gfp & __GFP_WAIT))
		return page;

	/* Direct reclaim, then the OOM killer, a bounded number of times. */
	for (tries = 0; tries < 16; tries++) {
		unsigned long freed = 0;

		count_vm_event(allocstall);
		if (reclaim_ops.try_to_free_pages)
			freed = reclaim_ops.try_to_free_pages(zl, order, gfp);
		/* no progress: the OOM killer, if the caller may wait on I/O
		 * and a kill could help (Linux's __alloc_pages) */
		if (!freed && !((gfp & __GFP_FS) && reclaim_ops.out_of_memory &&
				reclaim_ops.out_of_memory(zl, gfp, order)))
			return NULL;
		page = get_page_from_freelist(gfp, order, zl, WMARK_MIN,
					      alloc_flags);
		if (page)
			return page;
	}
	return NULL;
}

void *__get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? page_address(page) : NULL;
}

void *get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(void *addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++)
		sum += contig_page_data.node_zones[t].free_pages;
	return sum;
}

/*
 * Watermarks, as the seed notes give them (Linux 2.4's zone_balance):
 * pages_min = present pages / 128, clamped to [20, 255], low = 2 min,
 * high = 3 min. A zone too small for that gets a quarter of its pages.
 */
#define ZONE_BALANCE_RATIO	128
#define ZONE_BALANCE_MIN	20
#define ZONE_BALANCE_MAX	255

void setup_per_zone_pages_min(void)
{
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &contig_page_data.node_zones[t];
		unsigned long min = z->present_pages / ZONE_BALANCE_RATIO;

		if (min < ZONE_BALANCE_MIN)
			min = ZONE_BALANCE_MIN;
		if (min > ZONE_BALANCE_MAX)
			min = ZONE_BALANCE_MAX;
		if (min > z->present_pages / 4)
			min = z->present_pages / 4;
		z->pages_min = min;
		z->pages_low = 2 * min;
		z->pages_high = 3 * min;
	}
}

/*
 * lowmem_reserve (sysctl_lowmem_reserve_ratio = 256 for DMA, 32 for
 * NORMAL): a zone keeps back pages from requests that could have been
 * served by a higher zone, so user pages cannot eat the lowmem that only
 * kernel objects (and DMA) can use.
 */
static const unsigned long lowmem_reserve_ratio[MAX_NR_ZONES - 1] = { 256, 32 };

void setup_per_zone_lowmem_reserve(void)
{
	struct zone *zones = contig_page_data.node_zones;
	int i, j;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long above = 0;

		zones[i].lowmem_reserve[i] = 0;
		for (j = i + 1; j < MAX_NR_ZONES; j++) {
			above += zones[j].present_pages;
			zones[i].lowmem_reserve[j] = above / lowmem_reserve_ratio[i];
		}
	}
}

/* Shrinkers: caches that give memory back under pressure. */
static struct shrinker *shrinker_list;

void register_shrinker(struct shrinker *s)
{
	struct shrinker **p = &shrinker_list;

	while (*p) {	/* keep registration order: deterministic */
		if (*p == s)
			return;
		p = &(*p)->next;
	}
	s->next = NULL;
	*p = s;
}

void unregister_shrinker(struct shrinker *s)
{
	struct shrinker **p;

	for (p = &shrinker_list; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			return;
		}
}

unsigned long shrink_slab(unsigned long nr_to_scan, gfp_t gfp)
{
	unsigned long freed = 0, pages;
	struct shrinker *s;

	for (s = shrinker_list; s; s = s->next)
		freed += s->shrink(nr_to_scan, gfp);
	/* last, the slab caches' free slabs: the shrinkers made more */
	pages = kmem_cache_reap();
	count_vm_events(slabs_scanned, pages);
	return freed + pages;
}

/* /proc/buddyinfo */
void buddyinfo_show(struct seq_file *m)
{
	int t, o;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &contig_page_data.node_zones[t];

		if (!populated_zone(z))
			continue;
		seq_printf(m, "Node %d, zone %8s ", 0, z->name);
		for (o = 0; o < MAX_ORDER; o++)
			seq_printf(m, "%6lu ", z->free_area[o].nr_free);
		seq_putc(m, '\n');
	}
}

/* /proc/zoneinfo, in the format of Linux 2.6.24 */
void zoneinfo_show(struct seq_file *m)
{
	int t, i;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &contig_page_data.node_zones[t];

		if (!populated_zone(z))
			continue;
		seq_printf(m, "Node %d, zone %8s", 0, z->name);
		seq_printf(m,
			   "\n  pages free     %lu"
			   "\n        min      %lu"
			   "\n        low      %lu"
			   "\n        high     %lu"
			   "\n        scanned  %lu (a: %lu i: %lu)"
			   "\n        spanned  %lu"
			   "\n        present  %lu",
			   z->free_pages, z->pages_min, z->pages_low,
			   z->pages_high, z->pages_scanned, 0ul, 0ul,
			   z->spanned_pages, z->present_pages);
		seq_printf(m, "\n    %-12s %lu", "nr_free_pages", z->free_pages);
		seq_printf(m, "\n    %-12s %lu", "nr_inactive", z->nr_inactive);
		seq_printf(m, "\n    %-12s %lu", "nr_active", z->nr_active);
		seq_printf(m, "\n        protection: (");
		for (i = 0; i < MAX_NR_ZONES; i++)
			seq_printf(m, i ? ", %lu" : "%lu", z->lowmem_reserve[i]);
		seq_printf(m, ")");
		seq_printf(m, "\n  pagesets");
		seq_printf(m, "\n    cpu: 0"
			   "\n              count: 0"
			   "\n              high:  0"
			   "\n              batch: 1");
		seq_printf(m, "\n  all_unreclaimable: %u"
			   "\n  prev_priority:     %i"
			   "\n  start_pfn:         %lu\n",
			   z->all_unreclaimable, 12, z->zone_start_pfn);
	}
}
