/*
 * gfp.h - the buddy allocator's interface: alloc_pages, __free_pages,
 * reference counting of frames, watermarks, and the hooks where page-frame
 * reclaiming plugs in.
 */
#ifndef I386MM_GFP_H
#define I386MM_GFP_H

#include "page.h"

typedef unsigned int gfp_t;

#define __GFP_DMA	0x01u	/* only ZONE_DMA */
#define __GFP_HIGHMEM	0x02u	/* ZONE_HIGHMEM allowed */
#define __GFP_WAIT	0x10u	/* may reclaim (sleep) */
#define __GFP_HIGH	0x20u	/* may dip further below pages_min */
#define __GFP_IO	0x40u
#define __GFP_FS	0x80u
#define __GFP_ZERO	0x8000u	/* return zeroed pages */

#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_KERNEL	(__GFP_WAIT | __GFP_IO | __GFP_FS)
#define GFP_USER	GFP_KERNEL
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_DMA		__GFP_DMA

/* The highest zone a request may use: it picks the zonelist. */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_HIGHMEM)
		return ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)

/* Lowmem pages by kernel address, as __get_free_pages/free_pages. */
void *__get_free_pages(gfp_t gfp, unsigned int order);
void *get_zeroed_page(gfp_t gfp);
void free_pages(void *addr, unsigned int order);

/* Reference counting of single (order-0) pages. */
static inline void get_page(struct page *page)
{
	page->_count++;
}
void put_page(struct page *page);	/* frees the page at zero */

unsigned long nr_free_pages(void);

/* Alloc flags for zone_watermark_ok (Linux's ALLOC_*). */
#define ALLOC_HARDER	0x10	/* atomic: may use 1/4 of min */
#define ALLOC_HIGH	0x20	/* __GFP_HIGH: may use 1/2 of min */

int zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		      int classzone_idx, int alloc_flags);

/*
 * Reclaim plugs in here. wakeup_kswapd runs when a zone falls below
 * pages_low; try_to_free_pages is direct reclaim below pages_min, for
 * __GFP_WAIT requests, and returns the pages it freed; out_of_memory runs
 * when direct reclaim freed nothing (for __GFP_FS requests, as Linux).
 * The defaults are the PFRA's (vmscan.h): kswapd woken for
 * kswapd_run_pending, try_to_free_pages; no OOM killer (processes
 * provide it: it returns nonzero if it freed something worth a retry).
 */
struct reclaim_ops {
	void (*wakeup_kswapd)(struct zone *zone, unsigned int order);
	unsigned long (*try_to_free_pages)(struct zonelist *zl,
					   unsigned int order, gfp_t gfp);
	int (*out_of_memory)(struct zonelist *zl, gfp_t gfp, unsigned int order);
};
extern struct reclaim_ops reclaim_ops;

/* Caches that can give memory back under pressure register a shrinker. */
struct shrinker {
	/* Free up to nr_to_scan objects' worth; return pages freed. */
	unsigned long (*shrink)(unsigned long nr_to_scan, gfp_t gfp);
	struct shrinker *next;
};
void register_shrinker(struct shrinker *s);
void unregister_shrinker(struct shrinker *s);
unsigned long shrink_slab(unsigned long nr_to_scan, gfp_t gfp);

/* Used during boot and by tests: watermarks and lowmem_reserve. */
void setup_per_zone_pages_min(void);
void setup_per_zone_lowmem_reserve(void);

/* The text of /proc/buddyinfo and /proc/zoneinfo. */
struct seq_file;
void buddyinfo_show(struct seq_file *m);
void zoneinfo_show(struct seq_file *m);

#endif
