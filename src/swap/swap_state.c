/*
 * swap_state.c - the swap cache, after Linux 2.6's mm/swap_state.c.
 *
 * A page is in the swap cache while it is both in memory and has a slot:
 * after reclaim gave it one (add_to_swap) until the slot is freed, and
 * after a fault read it back (read_swap_cache_async) until nobody holds
 * the slot any more. Processes that fault on the same swap entry find
 * the same page here, so a page shared before swap-out is read once and
 * shared again after it. The cache holds one page reference and one
 * swap_map count, PG_swapcache is set and page->private is the entry.
 *
 * The index is a radix tree, as Linux's swapper_space.page_tree, keyed
 * by Linux's architecture-independent form of the entry, type above a
 * 24-bit offset, so the slots of one area (allocated in clusters) are
 * neighbours in the tree. Its nodes come from the "radix_tree_node"
 * slab cache that radix_tree_init creates (vfs_init): the swap cache is
 * usable from then until radix_tree_exit, so swap_exit comes first. Its
 * nodes are allocated GFP_ATOMIC: reclaim adds pages to the swap cache
 * in order to free memory, so this must not wait for reclaim itself.
 *
 * Linux locks the page around these steps (PG_locked) because I/O
 * completes elsewhere; here I/O is synchronous and the kernel has one
 * thread, so pages are never left locked.
 */
#include <errno.h>
#include "gfp.h"
#include "radix-tree.h"
#include "swap.h"
#include "swap_internal.h"

unsigned long total_swapcache_pages;
struct swap_cache_info swap_cache_info;
static struct radix_tree_root swapper_tree;	/* swapper_space.page_tree */

static uint32_t swap_cache_key(swp_entry_t entry)
{
	return (swp_type(entry) << SWP_OFFSET_BITS) | swp_offset(entry);
}

struct page *swap_cache_find(swp_entry_t entry)
{
	return radix_tree_lookup(&swapper_tree, swap_cache_key(entry));
}

/* Insert without touching the slot's count (the caller provides it). */
static int __add_to_swap_cache(struct page *page, swp_entry_t entry)
{
	int err = radix_tree_insert(&swapper_tree, swap_cache_key(entry), page,
				    GFP_ATOMIC);

	if (err)
		return err;
	get_page(page);
	SetPageSwapCache(page);
	page->private = entry.val;
	total_swapcache_pages++;
	return 0;
}

int add_to_swap_cache(struct page *page, swp_entry_t entry)
{
	int err;

	if (PageSwapCache(page))
		return -EINVAL;
	if (swap_duplicate(entry)) {
		swap_cache_info.noent_race++;
		return -ENOENT;
	}
	err = __add_to_swap_cache(page, entry);
	if (err) {
		swap_free(entry);
		if (err == -EEXIST)
			swap_cache_info.exist_race++;
		return err;
	}
	swap_cache_info.add_total++;
	return 0;
}

int add_to_swap(struct page *page)
{
	swp_entry_t entry;
	int err;

	if (PageSwapCache(page))
		return 0;
	entry = get_swap_page();
	if (!entry.val)
		return 0;
	/* get_swap_page's count 1 becomes the cache's */
	err = __add_to_swap_cache(page, entry);
	if (err) {
		/* -ENOMEM; -EEXIST would mean a free slot had a page */
		if (err == -EEXIST)
			swap_cache_info.exist_race++;
		swap_free(entry);
		return 0;
	}
	SetPageUptodate(page);
	SetPageDirty(page);	/* not yet written to its slot */
	swap_cache_info.add_total++;
	return 1;
}

void __delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = { page->private };

	if (!PageSwapCache(page))
		return;
	radix_tree_delete(&swapper_tree, swap_cache_key(entry));
	page->private = 0;
	ClearPageSwapCache(page);
	total_swapcache_pages--;
	swap_cache_info.del_total++;
}

void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = { page->private };

	if (!PageSwapCache(page))
		return;
	__delete_from_swap_cache(page);
	swap_free(entry);
	put_page(page);
}

struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct page *page = swap_cache_find(entry);

	if (page) {
		get_page(page);
		swap_cache_info.find_success++;
	}
	swap_cache_info.find_total++;
	return page;
}

struct page *read_swap_cache_async(swp_entry_t entry)
{
	struct page *found, *new_page = NULL;
	int err;

	do {
		found = swap_cache_find(entry);
		if (found) {
			get_page(found);
			break;
		}
		if (!new_page) {
			new_page = alloc_page(GFP_HIGHUSER);
			if (!new_page)
				break;		/* out of memory */
		}
		err = add_to_swap_cache(new_page, entry);
		if (!err) {
			if (swap_ops.lru_cache_add)
				swap_ops.lru_cache_add(new_page);
			/* a failed read leaves it !PageUptodate: SIGBUS */
			swap_readpage(new_page, entry);
			return new_page;
		}
		/* -EEXIST: allocating the page let someone add it first */
	} while (err == -EEXIST);
	if (new_page)
		put_page(new_page);
	return found;
}

unsigned int swap_cache_gang_lookup(struct page **pages, swp_entry_t first,
				    unsigned int max)
{
	return radix_tree_gang_lookup(&swapper_tree, (void **)pages,
				      swap_cache_key(first), max);
}

void free_page_and_swap_cache(struct page *page)
{
	if (PageSwapCache(page))
		remove_exclusive_swap_page(page);
	put_page(page);
}

void swap_cache_drop_area(unsigned int type, int all)
{
	struct swap_info_struct *p = &swap_info[type];
	uint32_t offset;

	for (offset = 1; offset < p->max && total_swapcache_pages; offset++) {
		unsigned short count = p->swap_map[offset];
		struct page *page;

		if (!count || count == SWAP_MAP_BAD || (!all && count != 1))
			continue;
		page = swap_cache_find(swp_entry(type, offset));
		if (!page)
			continue;
		/* a mapped page keeps its data, now only in memory */
		SetPageDirty(page);
		delete_from_swap_cache(page);
	}
}
