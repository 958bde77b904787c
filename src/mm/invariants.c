/*
 * invariants.c - the continuous invariant checker: every frame's _count
 * and _mapcount, every swap slot's count, the buddy free lists and the
 * LRU lists, recomputed from scratch and compared with what the kernel
 * keeps (include/invariants.h).
 *
 * The accounting it recomputes (every reference a frame can have):
 *   - a reserved frame (frame 0, the ISA hole, the kernel image with
 *     swapper_pg_dir, its spare page table and the zero page, then
 *     mem_map): 1, from boot, forever;
 *   - a present PTE (PROT_NONE ones too) in any live mm's page tables
 *     (mm_list): 1 on the frame it maps, and 1 on its _mapcount, which
 *     is the number of such PTEs minus one. The zero page is the one
 *     reserved frame a PTE may map;
 *   - a page directory or page table of a live mm: 1 (get_zeroed_page);
 *   - a slab: 1 on its first page (alloc_pages of 2^gfporder frames),
 *     0 on the others, all PG_slab (the slab caches' lists);
 *   - the page cache: 1 for each page in an inode's radix tree (every
 *     super block's inodes), at page->mapping and page->index;
 *   - a pipe: 1 for each page in its ring of buffers and 1 for its
 *     tmp_page (pipefs inodes);
 *   - the swap cache: 1, with PG_swapcache and page->private the entry;
 *   - a free frame: 0, in exactly one block of a buddy free list of its
 *     zone, PG_buddy and the order on the block's first frame only;
 *   - the LRU lists hold no reference (vmscan.h); reclaim's isolation
 *     holds one while a page is off its list, inside shrink_zone only,
 *     and the check never runs there (direct reclaim's pass is deferred
 *     to the next event, since the allocating caller may be holding a
 *     page of its own, as do_wp_page does across its allocation).
 * A frame with none of these is lost; one with more than its count says
 * is leaking. A swap slot's count is the swap PTEs holding its entry,
 * plus one while its page is in the swap cache, plus one for a tmpfs
 * file that keeps the entry (shmem.c); SWAP_MAP_BAD slots have none,
 * and a SWAP_MAP_MAX count is sticky, so it is only checked as a floor.
 * On the side: zones' free_pages and nr_free per order, the LRU counts,
 * nr_mapped, each mm's anon_rss and file_rss, each mapping's nrpages,
 * the swap cache's size, areas' inuse_pages and shmem_swapped.
 *
 * The cost is O(frames + page-table entries + cached pages + swap
 * slots) per check; the per-frame tally lives in host memory, 12 bytes
 * a frame, kept between checks.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "gfp.h"
#include "invariants.h"
#include "kernel.h"
#include "mm.h"
#include "pagemap.h"
#include "pipe_fs_i.h"
#include "rmap.h"
#include "shmem_fs.h"
#include "slab.h"
#include "swap.h"
#include "vmscan.h"
#include "../swap/swap_internal.h"
#include "../vfs/internal.h"

#ifdef I386MM_DEBUG_CHECKS
enum invariants_mode invariants_mode = INVARIANTS_SAMPLED;
#else
enum invariants_mode invariants_mode = INVARIANTS_OFF;
#endif
struct invariant_violation invariant_violation;
unsigned long invariants_checks, invariants_events;

static const char *deferred_when;	/* a deferred event to check */

/* ------------------------------------------------- the per-frame tally */

enum {
	F_FREE		= 0x01,	/* in a buddy block */
	F_FREE_HEAD	= 0x02,	/* ... heading it */
	F_RESERVED	= 0x04,
	F_PGTABLE	= 0x08,
	F_SLAB		= 0x10,
	F_LRU		= 0x20,
	F_SWAPCACHE	= 0x40,
	F_PAGECACHE	= 0x80,
};

struct frame_tally {
	int32_t count;		/* references found */
	int32_t ptes;		/* present PTEs mapping it */
	uint8_t state;
};

static struct frame_tally *tally;
static unsigned long tally_frames;
static uint32_t *slot_refs[MAX_SWAPFILES];
static unsigned int slot_cap[MAX_SWAPFILES];
static const char *check_when;

static const char *const zone_name[MAX_NR_ZONES] = { "DMA", "Normal",
						     "HighMem" };

/* ---------------------------------------------------------- reporting */

static int report(const char *check, long expected, long found)
{
	struct invariant_violation *v = &invariant_violation;

	v->check = check;
	v->expected = expected;
	v->found = found;
	snprintf(v->when, sizeof(v->when), "%s", check_when);
	fprintf(stderr, "i386mm: invariant violated after %s: %s: %s: "
		"expected %ld, found %ld\n", v->when, check, v->place,
		expected, found);
	return -1;
}

static int bad_pfn(const char *check, unsigned long pfn, long expected,
		   long found)
{
	invariant_violation.where = INV_AT_PFN;
	invariant_violation.pfn = pfn;
	snprintf(invariant_violation.place, sizeof(invariant_violation.place),
		 "pfn %#lx", pfn);
	return report(check, expected, found);
}

static int bad_slot(const char *check, unsigned int type, uint32_t offset,
		    long expected, long found)
{
	invariant_violation.where = INV_AT_SLOT;
	invariant_violation.type = type;
	invariant_violation.offset = offset;
	snprintf(invariant_violation.place, sizeof(invariant_violation.place),
		 "slot %u:%u", type, offset);
	return report(check, expected, found);
}

/* A total: place says whose (a zone, an area, an inode, an mm). */
static int bad_total(const char *check, const char *place, long expected,
		     long found)
{
	invariant_violation.where = INV_AT_OTHER;
	snprintf(invariant_violation.place, sizeof(invariant_violation.place),
		 "%s", place);
	return report(check, expected, found);
}

/* ------------------------------------------------------------ helpers */

/* pfn of a struct page pointer found in a list or tree, or -1 if it does
 * not point at an entry of mem_map (a corrupted link). */
static long valid_pfn(const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)mem_map;

	if ((uintptr_t)p < (uintptr_t)mem_map ||
	    off >= tally_frames * sizeof(struct page) ||
	    off % sizeof(struct page))
		return -1;
	return (long)(off / sizeof(struct page));
}

static enum zone_type pfn_zone(unsigned long pfn)
{
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	return pfn < MAX_LOWMEM_PFN ? ZONE_NORMAL : ZONE_HIGHMEM;
}

/* The first frame after the kernel image and mem_map (mem_map.c). */
static unsigned long first_free_pfn(void)
{
	unsigned long memmap_pages = PAGE_ALIGN((uint64_t)max_pfn *
						sizeof(struct page)) >> PAGE_SHIFT;

	return KERNEL_START_PFN + KERNEL_IMAGE_PAGES + memmap_pages;
}

/* The slot an entry names, if it is one of an area in use. */
static uint32_t *slot_ref(swp_entry_t entry)
{
	unsigned int type = swp_type(entry);
	uint32_t offset = swp_offset(entry);

	if (entry.val != swp_entry(type, offset).val ||
	    !(swap_info[type].flags & SWP_USED) ||
	    offset == 0 || offset >= swap_info[type].max)
		return NULL;
	return &slot_refs[type][offset];
}

static int tally_reset(void)
{
	unsigned int t;

	if (tally_frames != max_pfn) {
		free(tally);
		tally = calloc(max_pfn, sizeof(*tally));
		if (!tally) {
			tally_frames = 0;
			return -1;
		}
		tally_frames = max_pfn;
	} else {
		memset(tally, 0, max_pfn * sizeof(*tally));
	}
	for (t = 0; t < MAX_SWAPFILES; t++) {
		unsigned int max = (swap_info[t].flags & SWP_USED) ?
				   swap_info[t].max : 0;

		if (max > slot_cap[t]) {
			free(slot_refs[t]);
			slot_refs[t] = calloc(max, sizeof(uint32_t));
			slot_cap[t] = slot_refs[t] ? max : 0;
			if (!slot_refs[t])
				return -1;
		} else if (max) {
			memset(slot_refs[t], 0, max * sizeof(uint32_t));
		}
	}
	return 0;
}

/* --------------------------------------------------- the buddy lists */

static int tally_free_block(struct zone *z, int t, unsigned int o,
			    unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);
	unsigned long i, n = 1ul << o;

	if (!PageBuddy(page))
		return bad_pfn("free block without PG_buddy", pfn, 1, 0);
	if (page->private != o)
		return bad_pfn("free block order", pfn, o, page->private);
	if (pfn & (n - 1))
		return bad_pfn("free block alignment", pfn, 0, pfn & (n - 1));
	if (pfn < z->zone_start_pfn ||
	    pfn + n > z->zone_start_pfn + z->spanned_pages)
		return bad_pfn("free block zone", pfn, t, pfn_zone(pfn));
	for (i = 0; i < n; i++) {
		if (tally[pfn + i].state & F_FREE)
			return bad_pfn("frame on free lists", pfn + i, 1, 2);
		tally[pfn + i].state |= F_FREE;
	}
	tally[pfn].state |= F_FREE_HEAD;
	return 0;
}

static int check_free_lists(void)
{
	char place[48];
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &contig_page_data.node_zones[t];
		unsigned long pages = 0;
		unsigned int o;

		for (o = 0; o < MAX_ORDER; o++) {
			struct list_head *head = &z->free_area[o].free_list;
			struct list_head *pos;
			unsigned long n = 0;

			snprintf(place, sizeof(place), "zone %s order %u",
				 zone_name[t], o);
			for (pos = head->next; pos != head; pos = pos->next) {
				long pfn = valid_pfn(list_entry(pos,
						struct page, lru));

				if (pfn < 0 || n >= tally_frames)
					return bad_total("free list corrupt",
							 place,
							 (long)z->free_area[o].nr_free,
							 (long)n);
				if (tally_free_block(z, t, o,
						     (unsigned long)pfn))
					return -1;
				n++;
			}
			if (n != z->free_area[o].nr_free)
				return bad_total("free_area nr_free", place,
						 (long)n,
						 (long)z->free_area[o].nr_free);
			pages += n << o;
		}
		snprintf(place, sizeof(place), "zone %s", zone_name[t]);
		if (pages != z->free_pages)
			return bad_total("zone free_pages", place, (long)pages,
					 (long)z->free_pages);
	}
	return 0;
}

/* ------------------------------------------------------------- slabs */

static int slab_walk_err;

static void tally_slab(struct kmem_cache *cachep, struct slab *slabp,
		       struct page *page, unsigned int nr, void *arg)
{
	long pfn = valid_pfn(page);
	unsigned int i;

	(void)arg;
	if (slab_walk_err)
		return;
	if (pfn < 0 || (unsigned long)pfn + nr > tally_frames) {
		slab_walk_err = bad_total("slab outside memory", cachep->name,
					  0, pfn);
		return;
	}
	for (i = 0; i < nr; i++) {
		struct frame_tally *f = &tally[pfn + i];

		if (f->state & F_SLAB) {
			slab_walk_err = bad_pfn("frame in two slabs", pfn + i,
						1, 2);
			return;
		}
		if (page[i].slab_cache != cachep ||
		    page[i].slab_page != slabp) {
			slab_walk_err = bad_pfn("slab page owner", pfn + i,
						1, 0);
			return;
		}
		f->state |= F_SLAB;
	}
	tally[pfn].count++;
}

/* ------------------------------------------------------- page tables */

static int tally_table_page(uint32_t pa)
{
	unsigned long pfn = pa >> PAGE_SHIFT;

	if (pfn >= tally_frames)
		return bad_pfn("page table beyond memory", pfn,
			       (long)tally_frames, (long)pfn);
	if (tally[pfn].state & F_PGTABLE)
		return bad_pfn("page table used twice", pfn, 1, 2);
	tally[pfn].state |= F_PGTABLE;
	tally[pfn].count++;
	return 0;
}

static int tally_pte(pte_t pte, long *anon, long *file)
{
	uint32_t *ref;

	if (pte_present(pte)) {
		unsigned long pfn = pte_pfn(pte);

		if (pfn >= tally_frames)
			return bad_pfn("PTE beyond memory", pfn,
				       (long)tally_frames, (long)pfn);
		tally[pfn].count++;
		tally[pfn].ptes++;
		if (PageAnon(pfn_to_page(pfn)))
			++*anon;
		else
			++*file;
		return 0;
	}
	ref = slot_ref(pte_to_swp_entry(pte));
	if (!ref)
		return bad_slot("swap PTE to no slot",
				swp_type(pte_to_swp_entry(pte)),
				swp_offset(pte_to_swp_entry(pte)), 1, 0);
	++*ref;
	return 0;
}

static int tally_mm(struct mm_struct *mm, int nr)
{
	long anon = 0, file = 0;
	char place[48];
	unsigned int i, j;

	if (tally_table_page(__pa(mm->pgd)))
		return -1;
	for (i = 0; i < USER_PTRS_PER_PGD; i++) {
		pde_t pde = mm->pgd[i];
		pte_t *pt;

		if (!(pde & _PAGE_PRESENT))
			continue;
		if (tally_table_page(pde & PAGE_MASK))
			return -1;
		pt = __va(pde & PAGE_MASK);
		for (j = 0; j < PTRS_PER_PTE; j++)
			if (!pte_none(pt[j]) && tally_pte(pt[j], &anon, &file))
				return -1;
	}
	snprintf(place, sizeof(place), "mm %d", nr);
	if (anon != mm->anon_rss)
		return bad_total("mm anon_rss", place, anon, mm->anon_rss);
	if (file != mm->file_rss)
		return bad_total("mm file_rss", place, file, mm->file_rss);
	return 0;
}

static int check_mms(void)
{
	struct mm_struct *mm;
	int nr = 0;

	list_for_each_entry(mm, &mm_list, mmlist)
		if (tally_mm(mm, nr++))
			return -1;
	return 0;
}

/* ----------------------------------------------- page cache and pipes */

static int tally_held_page(struct page *page, const char *what)
{
	long pfn = valid_pfn(page);

	if (pfn < 0)
		return bad_total("page pointer outside mem_map", what, 0, 1);
	tally[pfn].count++;
	return 0;
}

static int tally_mapping(struct address_space *mapping, unsigned long ino)
{
	struct page *pages[16];
	uint64_t first = 0;
	unsigned long nr = 0;
	unsigned int n, i;
	char place[48];

	snprintf(place, sizeof(place), "inode %lu", ino);
	while (first <= 0xffffffffu) {
		n = radix_tree_gang_lookup(&mapping->page_tree, (void **)pages,
					   (uint32_t)first, 16);
		if (!n)
			break;
		for (i = 0; i < n; i++) {
			struct page *page = pages[i];
			long pfn = valid_pfn(page);

			if (pfn < 0)
				return bad_total("page cache pointer", place,
						 0, 1);
			if (page->mapping != mapping || PageAnon(page))
				return bad_pfn("page cache mapping", pfn, 1, 0);
			if (radix_tree_lookup(&mapping->page_tree,
					      page->index) != page ||
			    page->index < first)
				return bad_pfn("page cache index", pfn,
					       (long)first, page->index);
			if (tally[pfn].state & F_PAGECACHE)
				return bad_pfn("page in two page caches", pfn,
					       1, 2);
			tally[pfn].state |= F_PAGECACHE;
			tally[pfn].count++;
			nr++;
		}
		first = (uint64_t)pages[n - 1]->index + 1;
	}
	if (nr != mapping->nrpages)
		return bad_total("mapping nrpages", place, (long)nr,
				 (long)mapping->nrpages);
	return 0;
}

static int tally_pipe(const struct pipe_inode_info *pipe)
{
	unsigned int i;

	for (i = 0; i < pipe->nrbufs && i < PIPE_BUFFERS; i++) {
		struct page *page =
			pipe->bufs[(pipe->curbuf + i) % PIPE_BUFFERS].page;

		if (page && tally_held_page(page, "pipe buffer"))
			return -1;
	}
	if (pipe->tmp_page && tally_held_page(pipe->tmp_page, "pipe"))
		return -1;
	return 0;
}

static int check_inodes(void)
{
	struct super_block *sb;
	struct inode *inode;

	list_for_each_entry(sb, all_super_blocks(), s_list)
		list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
			if (inode->i_mapping &&
			    tally_mapping(inode->i_mapping, inode->i_ino))
				return -1;
			if (inode_pipe(inode) && tally_pipe(inode_pipe(inode)))
				return -1;
		}
	return 0;
}

/* ---------------------------------------- the swap cache and tmpfs */

static int check_swap_cache(void)
{
	swp_entry_t first = swp_entry(0, 0);
	struct page *pages[16];
	unsigned long nr = 0;
	unsigned int n, i;

	for (;;) {
		n = swap_cache_gang_lookup(pages, first, 16);
		if (!n)
			break;
		for (i = 0; i < n; i++) {
			long pfn = valid_pfn(pages[i]);
			swp_entry_t entry;
			uint32_t *ref;

			if (pfn < 0)
				return bad_total("swap cache pointer",
						 "swap cache", 0, 1);
			entry.val = pages[i]->private;
			if (!PageSwapCache(pages[i]))
				return bad_pfn("swap cache page without "
					       "PG_swapcache", pfn, 1, 0);
			if (swap_cache_find(entry) != pages[i])
				return bad_pfn("swap cache entry", pfn, 1, 0);
			ref = slot_ref(entry);
			if (!ref)
				return bad_slot("swap cache page on no slot",
						swp_type(entry),
						swp_offset(entry), 1, 0);
			++*ref;
			tally[pfn].state |= F_SWAPCACHE;
			tally[pfn].count++;
			nr++;
			first = swp_offset(entry) + 1 < (1u << SWP_OFFSET_BITS) ?
				swp_entry(swp_type(entry),
					  swp_offset(entry) + 1) :
				swp_entry(swp_type(entry) + 1, 0);
			if (!first.val)	/* past the last type */
				goto done;
		}
	}
done:
	if (nr != total_swapcache_pages)
		return bad_total("total_swapcache_pages", "swap cache",
				 (long)nr, (long)total_swapcache_pages);
	return 0;
}

static struct {
	unsigned long nr;
	int err;
} shmem_walk;

static void tally_shmem_entry(swp_entry_t entry, void *arg)
{
	uint32_t *ref = slot_ref(entry);

	(void)arg;
	if (shmem_walk.err)
		return;
	if (!ref) {
		shmem_walk.err = bad_slot("tmpfs swap entry on no slot",
					  swp_type(entry), swp_offset(entry),
					  1, 0);
		return;
	}
	++*ref;
	shmem_walk.nr++;
}

static int check_shmem(void)
{
	shmem_walk.nr = 0;
	shmem_walk.err = 0;
	shmem_walk_swap_entries(tally_shmem_entry, NULL);
	if (shmem_walk.err)
		return -1;
	if (shmem_walk.nr != shmem_swapped)
		return bad_total("shmem_swapped", "tmpfs", (long)shmem_walk.nr,
				 (long)shmem_swapped);
	return 0;
}

/* ------------------------------------------------------------ the LRU */

static int walk_lru(int t, struct list_head *head, int active,
		    unsigned long *nr)
{
	struct list_head *pos;

	for (pos = head->next; pos != head; pos = pos->next) {
		struct page *page = list_entry(pos, struct page, lru);
		long pfn = valid_pfn(page);

		if (pfn < 0 || *nr >= tally_frames)
			return bad_total(active ? "active list corrupt" :
					 "inactive list corrupt",
					 zone_name[t], 0, (long)*nr);
		if (!PageLRU(page))
			return bad_pfn("LRU page without PG_lru", pfn, 1, 0);
		if (PageActive(page) != active)
			return bad_pfn("LRU PG_active", pfn, active,
				       PageActive(page));
		if ((int)page_zonenum(page) != t)
			return bad_pfn("LRU zone", pfn, t, page_zonenum(page));
		if (tally[pfn].state & F_LRU)
			return bad_pfn("page on two LRU lists", pfn, 1, 2);
		tally[pfn].state |= F_LRU;
		++*nr;
	}
	return 0;
}

static int check_lru(void)
{
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &contig_page_data.node_zones[t];
		unsigned long active = 0, inactive = 0;

		if (walk_lru(t, &z->active_list, 1, &active) ||
		    walk_lru(t, &z->inactive_list, 0, &inactive))
			return -1;
		if (active != z->nr_active)
			return bad_total("LRU nr_active", zone_name[t],
					 (long)active, (long)z->nr_active);
		if (inactive != z->nr_inactive)
			return bad_total("LRU nr_inactive", zone_name[t],
					 (long)inactive, (long)z->nr_inactive);
	}
	return 0;
}

/* ------------------------------------------------------ every frame */

static int check_free_frame(unsigned long pfn, const struct frame_tally *f)
{
	const struct page *page = pfn_to_page(pfn);
	uint32_t allowed = (3u << ZONES_SHIFT) |
			   ((f->state & F_FREE_HEAD) ? 1u << PG_buddy : 0);

	if (f->ptes)
		return bad_pfn("PTE to a free frame", pfn, 0, f->ptes);
	if (f->count)
		return bad_pfn("free frame held", pfn, 0, f->count);
	if (page->_count)
		return bad_pfn("page _count", pfn, 0, page->_count);
	if (page->_mapcount != -1)
		return bad_pfn("page _mapcount", pfn, -1, page->_mapcount);
	if (page->flags & ~allowed)
		return bad_pfn("free frame flags", pfn, 0,
			       (long)(page->flags & ~allowed));
	return 0;
}

static int check_used_frame(unsigned long pfn, const struct frame_tally *f,
			    unsigned long zero_pfn)
{
	const struct page *page = pfn_to_page(pfn);

	if (PageBuddy(page))
		return bad_pfn("PG_buddy on a used frame", pfn, 0, 1);
	if (f->ptes && (f->state & F_RESERVED) && pfn != zero_pfn)
		return bad_pfn("PTE to a reserved frame", pfn, 0, f->ptes);
	if (page->_mapcount != f->ptes - 1)
		return bad_pfn("page _mapcount", pfn, f->ptes - 1,
			       page->_mapcount);
	if (page->_count != f->count)
		return bad_pfn("page _count", pfn, f->count, page->_count);
	if (!f->count && !(f->state & F_SLAB))
		return bad_pfn("frame on free lists", pfn, 1, 0);
	if (PageSwapCache(page) && !(f->state & F_SWAPCACHE))
		return bad_pfn("PG_swapcache outside the swap cache", pfn, 0, 1);
	if (PageLRU(page) && !(f->state & F_LRU))
		return bad_pfn("PG_lru off the LRU", pfn, 0, 1);
	if (PageSlab(page) != !!(f->state & F_SLAB))
		return bad_pfn("PG_slab", pfn, !!(f->state & F_SLAB),
			       PageSlab(page));
	return 0;
}

static int check_frames(void)
{
	unsigned long zero_pfn = empty_zero_page ?
				 page_to_pfn(empty_zero_page) : ~0ul;
	unsigned long pfn, mapped = 0;
	char place[48];

	for (pfn = 0; pfn < tally_frames; pfn++) {
		const struct page *page = pfn_to_page(pfn);
		struct frame_tally *f = &tally[pfn];
		int reserved = !!(f->state & F_RESERVED);

		if (page_zonenum(page) != pfn_zone(pfn))
			return bad_pfn("page zone", pfn, pfn_zone(pfn),
				       page_zonenum(page));
		if (PageReserved(page) != reserved)
			return bad_pfn("PG_reserved", pfn, reserved,
				       PageReserved(page));
		if (f->state & F_FREE) {
			if (check_free_frame(pfn, f))
				return -1;
			continue;
		}
		if (check_used_frame(pfn, f, zero_pfn))
			return -1;
		if (f->ptes && !reserved)
			mapped++;
	}
	snprintf(place, sizeof(place), "all frames");
	if (mapped != nr_mapped)
		return bad_total("nr_mapped", place, (long)mapped,
				 (long)nr_mapped);
	return 0;
}

/* ------------------------------------------------------- swap slots */

static int check_swap_maps(void)
{
	unsigned int t;
	char place[48];

	for (t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info_struct *p = &swap_info[t];
		unsigned int off, inuse = 0;

		if (!(p->flags & SWP_USED))
			continue;
		for (off = 0; off < p->max; off++) {
			unsigned short count = p->swap_map[off];
			uint32_t refs = slot_refs[t][off];

			if (count == SWAP_MAP_BAD) {
				if (refs)
					return bad_slot("swap_map count", t,
							off, refs, count);
				continue;
			}
			if (count)
				inuse++;
			if (count == SWAP_MAP_MAX ? refs < count
						  : refs != count)
				return bad_slot("swap_map count", t, off,
						refs, count);
		}
		snprintf(place, sizeof(place), "swap area %u", t);
		if (inuse != p->inuse_pages)
			return bad_total("swap inuse_pages", place, inuse,
					 p->inuse_pages);
	}
	return 0;
}

/* ---------------------------------------------------------- the check */

/* The frames mem_init reserves: frame 0, the ISA hole, the kernel
 * image and mem_map. */
static void tally_reserved(void)
{
	unsigned long pfn, end = first_free_pfn();

	for (pfn = 0; pfn < end && pfn < tally_frames; pfn++)
		if (pfn == 0 || pfn >= ISA_HOLE_START_PFN) {
			tally[pfn].state |= F_RESERVED;
			tally[pfn].count++;
		}
}

int check_invariants(const char *when)
{
	if (!phys_base || !mem_map)
		return 0;	/* no machine booted */
	check_when = when;
	invariants_checks++;
	if (tally_reset())
		return bad_total("host memory for the check", "checker", 1, 0);
	tally_reserved();
	slab_walk_err = 0;
	if (check_free_lists())
		return -1;
	kmem_cache_walk_slabs(tally_slab, NULL);
	if (slab_walk_err || check_mms() || check_inodes() ||
	    check_swap_cache() || check_shmem() || check_lru() ||
	    check_frames() || check_swap_maps())
		return -1;
	return 0;
}

/* ---------------------------------------------------------- the hooks */

/* The sampled mode never skips these: they are few, and the places
 * where whole address spaces appear and go, or where the run counts
 * its free frames for "nothing lost" (boot.c's kernel_free_pages). */
static int always_checked(const char *when)
{
	return !strcmp(when, "fork") || !strcmp(when, "exit") ||
	       !strcmp(when, "kernel_free_pages");
}

void invariants_event(const char *when)
{
	char both[64];

	if (invariants_mode == INVARIANTS_OFF)
		return;
	invariants_events++;
	if (invariants_mode == INVARIANTS_SAMPLED && !deferred_when &&
	    !always_checked(when) &&
	    invariants_events % INVARIANTS_SAMPLE_EVERY)
		return;
	if (deferred_when) {
		snprintf(both, sizeof(both), "%s (and %s before it)", when,
			 deferred_when);
		when = both;
		deferred_when = NULL;
	}
	if (check_invariants(when)) {
		fflush(stdout);
		exit(EXIT_INTERNAL);
	}
}

void invariants_event_deferred(const char *when)
{
	if (invariants_mode == INVARIANTS_OFF)
		return;
	invariants_events++;
	deferred_when = when;
}
