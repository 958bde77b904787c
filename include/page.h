/*
 * page.h - physical memory: frames, struct page, zones and the node.
 *
 * Emulated physical memory is one host buffer (phys_base). Every frame has a
 * struct page in mem_map[], and mem_map itself lives inside emulated memory,
 * in frames reserved at boot right after the kernel image, as on i386 Linux.
 * The node (contig_page_data) is split into zones at the real i386
 * boundaries: DMA below 16 MiB, NORMAL below 896 MiB, HIGHMEM above.
 */
#ifndef I386MM_PAGE_H
#define I386MM_PAGE_H

#include <stdint.h>
#include "list.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	4096u
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

#define MAX_ORDER	11	/* free blocks of 1, 2, 4 ... 1024 pages */

/* Memory sizes the emulator accepts (--mem). */
#define MEM_MIN_BYTES	(4ull << 20)
#define MEM_MAX_BYTES	(4ull << 30)
#define MEM_DEFAULT_BYTES (64ull << 20)

/* Zone boundaries, in page frame numbers. */
#define MAX_DMA_PFN	((16u << 20) >> PAGE_SHIFT)
#define MAX_LOWMEM_PFN	((896u << 20) >> PAGE_SHIFT)

/*
 * Frames reserved at boot, as an i386 PC has them: frame 0 (BIOS data), the
 * ISA hole 640 KiB-1 MiB, the kernel image loaded at 1 MiB, then mem_map.
 */
#define ISA_HOLE_START_PFN	0xa0
#define KERNEL_START_PFN	0x100
#define KERNEL_IMAGE_PAGES	128	/* 512 KiB of "kernel text and data" */

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_slab,
	PG_reserved,
	PG_private,
	PG_writeback,
	PG_swapcache,
	PG_buddy,	/* free, heading a block of order page->private */
	PG_anon,	/* anonymous: mapping is the owner's anon_vma, not a file */
	PG_mlocked,
	PG_swapbacked,
	__NR_PAGEFLAGS,
};

/* The zone number lives in the top bits of page->flags, as in Linux. */
#define ZONES_SHIFT	30

struct kmem_cache;
struct slab;

struct page {
	uint32_t flags;
	int32_t _count;		/* references; 0 means free */
	int32_t _mapcount;	/* page-table mappings minus one; -1 unmapped */
	uint32_t private;	/* buddy order, or swap entry in the swap cache */
	uint32_t index;		/* offset within mapping, in pages */
	void *mapping;		/* address_space, or anon_vma for PG_anon */
	union {
		struct list_head lru;	/* free_area, LRU or slab list */
		struct {		/* PG_slab pages (not on the LRU) */
			struct kmem_cache *slab_cache;
			struct slab *slab_page;
		};
	};
};

#define PAGE_FLAG_FNS(Name, name) \
	static inline int Page##Name(const struct page *p) \
	{ return (p->flags >> PG_##name) & 1; } \
	static inline void SetPage##Name(struct page *p) \
	{ p->flags |= 1u << PG_##name; } \
	static inline void ClearPage##Name(struct page *p) \
	{ p->flags &= ~(1u << PG_##name); }

PAGE_FLAG_FNS(Locked, locked)
PAGE_FLAG_FNS(Referenced, referenced)
PAGE_FLAG_FNS(Uptodate, uptodate)
PAGE_FLAG_FNS(Dirty, dirty)
PAGE_FLAG_FNS(LRU, lru)
PAGE_FLAG_FNS(Active, active)
PAGE_FLAG_FNS(Slab, slab)
PAGE_FLAG_FNS(Reserved, reserved)
PAGE_FLAG_FNS(Private, private)
PAGE_FLAG_FNS(Writeback, writeback)
PAGE_FLAG_FNS(SwapCache, swapcache)
PAGE_FLAG_FNS(Buddy, buddy)
PAGE_FLAG_FNS(Anon, anon)
PAGE_FLAG_FNS(Mlocked, mlocked)
PAGE_FLAG_FNS(SwapBacked, swapbacked)

enum zone_type {
	ZONE_DMA,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	MAX_NR_ZONES
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;		/* blocks, not pages */
};

struct pglist_data;

struct zone {
	unsigned long free_pages;
	unsigned long pages_min, pages_low, pages_high;
	/* pages kept back from allocations that could have used a higher zone */
	unsigned long lowmem_reserve[MAX_NR_ZONES];
	struct free_area free_area[MAX_ORDER];

	/* page-frame reclaiming (filled in by the PFRA) */
	struct list_head active_list;
	struct list_head inactive_list;
	unsigned long nr_active, nr_inactive;
	unsigned long pages_scanned;
	int all_unreclaimable;

	struct pglist_data *zone_pgdat;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;	/* frames in the zone's range */
	unsigned long present_pages;	/* minus reserved frames */
	const char *name;
};

static inline int populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

/* Fallback order for an allocation, NULL-terminated. */
struct zonelist {
	struct zone *zones[MAX_NR_ZONES + 1];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	/* indexed by the highest zone a request may use (gfp_zone) */
	struct zonelist node_zonelists[MAX_NR_ZONES];
	int nr_zones;
	struct page *node_mem_map;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
} pg_data_t;

extern pg_data_t contig_page_data;
#define NODE_DATA(nid) (&contig_page_data)

extern uint8_t *phys_base;		/* host address of physical address 0 */
extern int phys_fd;		/* the memfd behind it: offset = physical address */
extern struct page *mem_map;
extern unsigned long max_pfn;		/* frames of emulated memory */
extern unsigned long max_low_pfn;	/* end of lowmem (DMA + NORMAL) */
extern unsigned long totalram_pages;	/* frames not reserved */
extern unsigned long reserved_pages;

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)(page->flags >> ZONES_SHIFT);
}

static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}

/*
 * The kernel's view of physical memory. The kernel is host code, so its
 * "direct mapping" is phys_base; __va works for highmem frames too (kmap
 * is free here), but kernel objects are still allocated from lowmem.
 */
static inline void *__va(uint32_t pa)
{
	return phys_base + pa;
}

static inline uint32_t __pa(const void *va)
{
	return (uint32_t)((const uint8_t *)va - phys_base);
}

static inline void *page_address(const struct page *page)
{
	return phys_base + ((uint64_t)page_to_pfn(page) << PAGE_SHIFT);
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(__pa(va) >> PAGE_SHIFT);
}

static inline int page_count(const struct page *page)
{
	return page->_count;
}

static inline int page_mapcount(const struct page *page)
{
	return page->_mapcount + 1;
}

static inline int page_mapped(const struct page *page)
{
	return page->_mapcount >= 0;
}

/*
 * Boot: map a host buffer of `bytes` (MEM_MIN_BYTES..MEM_MAX_BYTES, a
 * multiple of PAGE_SIZE), build mem_map, the zones, the kernel page tables
 * and the free lists. Returns 0, or -EINVAL / -ENOMEM with nothing left
 * allocated. mem_exit() releases everything, so tests can boot again.
 */
int mem_init(uint64_t bytes);
void mem_exit(void);

/* Free frames right after boot; the "nothing lost" invariant compares to it. */
extern unsigned long free_pages_boot;

#endif
