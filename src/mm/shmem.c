/*
 * shmem.c - tmpfs pages and swap, after Linux 2.6's mm/shmem.c
 * (shmem_writepage, shmem_getpage's swap-in, shmem_truncate).
 *
 * A dirty tmpfs page holds the only copy of its data, so reclaim can
 * take it only to swap: shmem_writepage gives it a slot, moves it from
 * the page cache to the swap cache and writes it; the file keeps the
 * slot's entry under the page's index (Linux's shmem_swp vector; here a
 * radix tree per file, found by hashing the mapping, since fs.h's inode
 * has no room for it). shmem_readpage finds the entry when the page is
 * wanted again and reads the slot into the new page-cache page. The
 * entry holds one swap_map count, dropped when the page comes back or
 * the file is truncated or deleted.
 *
 * Symlinks keep their target in page 0 and read it with find_get_page,
 * so only regular files' pages go to swap.
 */
#include <errno.h>
#include <string.h>
#include "gfp.h"
#include "pagemap.h"
#include "radix-tree.h"
#include "shmem_fs.h"
#include "slab.h"
#include "swap.h"
#include "vmscan_internal.h"

unsigned long shmem_swapped;

/*
 * A file's swapped-out pages: index -> swap entry. An item packs the
 * index above the entry (both 32 bits) so a gang lookup tells both.
 */
_Static_assert(sizeof(void *) >= 8, "shmem items pack two 32-bit values");

static void *swp_item(uint32_t index, swp_entry_t entry)
{
	return (void *)(uintptr_t)(((uint64_t)index << 32) | entry.val);
}

static swp_entry_t item_entry(const void *item)
{
	swp_entry_t entry = { (uint32_t)(uintptr_t)item };

	return entry;
}

static uint32_t item_index(const void *item)
{
	return (uint32_t)((uint64_t)(uintptr_t)item >> 32);
}

struct shmem_swap_index {
	struct list_head hash;
	struct address_space *mapping;
	struct radix_tree_root entries;
	unsigned long nr;
};

#define SHMEM_HASH_BITS	5
#define SHMEM_HASH_SIZE	(1u << SHMEM_HASH_BITS)
static struct list_head shmem_hash[SHMEM_HASH_SIZE];

void shmem_swap_init(void)
{
	unsigned int i;

	for (i = 0; i < SHMEM_HASH_SIZE; i++)
		INIT_LIST_HEAD(&shmem_hash[i]);
	shmem_swapped = 0;
}

static struct list_head *bucket(const struct address_space *mapping)
{
	uint64_t key = (uint64_t)(uintptr_t)mapping * 0x9e3779b97f4a7c15ull;

	return &shmem_hash[key >> (64 - SHMEM_HASH_BITS)];
}

static struct shmem_swap_index *find_index(const struct address_space *m)
{
	struct shmem_swap_index *si;

	if (!shmem_hash[0].next)	/* never set up: nothing swapped */
		return NULL;
	list_for_each_entry(si, bucket(m), hash)
		if (si->mapping == m)
			return si;
	return NULL;
}

static struct shmem_swap_index *get_index(struct address_space *mapping)
{
	struct shmem_swap_index *si = find_index(mapping);

	if (si)
		return si;
	si = kmalloc(sizeof(*si), GFP_ATOMIC);
	if (!si)
		return NULL;
	si->mapping = mapping;
	INIT_RADIX_TREE(&si->entries);
	si->nr = 0;
	list_add_tail(&si->hash, bucket(mapping));
	return si;
}

static void put_index(struct shmem_swap_index *si)
{
	if (si->nr)
		return;
	list_del(&si->hash);
	kfree(si);
}

/* Forget index's entry and drop its slot reference. */
static void shmem_free_swp(struct shmem_swap_index *si, uint32_t index)
{
	void *item = radix_tree_delete(&si->entries, index);

	if (!item)
		return;
	free_swap_and_cache(item_entry(item));
	si->nr--;
	shmem_swapped--;
}

/* Bytes past the end of the file must read as zeros when it grows. */
static void zero_past_eof(struct page *page, struct inode *inode)
{
	loff_t start = page_offset(page);

	if (inode->i_size >= start + (loff_t)PAGE_SIZE)
		return;
	if (inode->i_size <= start) {
		memset(page_address(page), 0, PAGE_SIZE);
		return;
	}
	memset((char *)page_address(page) + (inode->i_size - start), 0,
	       (size_t)(start + (loff_t)PAGE_SIZE - inode->i_size));
}

int shmem_writepage(struct page *page)
{
	struct address_space *mapping = page_mapping(page);
	uint32_t index = page->index;
	struct shmem_swap_index *si;
	swp_entry_t entry;
	int err;

	if (!mapping || !S_ISREG(mapping->host->i_mode))
		goto redirty;
	si = get_index(mapping);
	if (!si)
		goto redirty;
	entry = get_swap_page();	/* its count is the file's */
	if (!entry.val)
		goto no_slot;
	shmem_free_swp(si, index);	/* a stale slot from before */
	if (radix_tree_insert(&si->entries, index,
			      swp_item(index, entry), GFP_ATOMIC))
		goto no_insert;
	if (add_to_swap_cache(page, entry)) {
		radix_tree_delete(&si->entries, index);
		goto no_insert;
	}
	si->nr++;
	shmem_swapped++;
	zero_past_eof(page, mapping->host);
	remove_from_page_cache(page);
	SetPageSwapBacked(page);	/* still memory only swap can take */
	err = swap_writepage(page, entry);
	if (err)
		SetPageDirty(page);	/* kept in the swap cache for now */
	return 0;
no_insert:
	swap_free(entry);
no_slot:
	put_index(si);
redirty:
	set_page_dirty(page);
	return -ENOSPC;
}

int shmem_readpage(struct file *file, struct page *page)
{
	struct shmem_swap_index *si = find_index(page->mapping);
	void *item = si ? radix_tree_lookup(&si->entries, page->index) : NULL;
	swp_entry_t entry = item_entry(item);
	struct page *swapped;
	int err;

	if (!item)
		return simple_readpage(file, page);
	swapped = lookup_swap_cache(entry);
	if (swapped) {
		memcpy(page_address(page), page_address(swapped), PAGE_SIZE);
		put_page(swapped);
		SetPageUptodate(page);
	} else {
		err = swap_readpage(page, entry);
		if (err)
			return err;	/* the slot stays, for another try */
	}
	/* the page cache has the only up-to-date copy again */
	shmem_free_swp(si, page->index);
	put_index(si);
	set_page_dirty(page);
	return 0;
}

/*
 * Bring back the pages of si's file that are in area type, from index
 * first on: 0 when none is left, 1 if si went away (its last entry
 * did), or -errno.
 */
static int shmem_unuse_index(struct shmem_swap_index *si, unsigned int type)
{
	struct address_space *mapping = si->mapping;
	uint64_t first = 0;
	void *items[16];
	struct page *page;
	unsigned int n, i;

	while (first <= 0xffffffffu) {
		n = radix_tree_gang_lookup(&si->entries, items,
					   (uint32_t)first, 16);
		if (!n)
			return 0;
		for (i = 0; i < n; i++)
			if (swp_type(item_entry(items[i])) == type)
				break;
		if (i == n) {
			first = (uint64_t)item_index(items[n - 1]) + 1;
			continue;
		}
		first = item_index(items[i]);
		page = find_get_page(mapping, (uint32_t)first);
		if (page) {
			/* rewritten whole since: the slot is stale */
			put_page(page);
			shmem_free_swp(si, (uint32_t)first);
			if (!si->nr) {
				put_index(si);
				return 1;
			}
			continue;
		}
		page = read_cache_page(mapping, (uint32_t)first, NULL, NULL);
		if (IS_ERR(page))
			return (int)PTR_ERR(page);
		put_page(page);
		if (find_index(mapping) != si)
			return 1;
	}
	return 0;
}

int shmem_unuse(unsigned int type)
{
	struct shmem_swap_index *si;
	unsigned int b;
	int ret;

	if (!shmem_hash[0].next)
		return 0;
	for (b = 0; b < SHMEM_HASH_SIZE; b++) {
restart:
		list_for_each_entry(si, &shmem_hash[b], hash) {
			ret = shmem_unuse_index(si, type);
			if (ret < 0)
				return ret;
			if (ret)
				goto restart;
		}
	}
	return 0;
}

void shmem_walk_swap_entries(void (*fn)(swp_entry_t entry, void *arg),
			     void *arg)
{
	struct shmem_swap_index *si;
	void *items[16];
	uint64_t first;
	unsigned int b, n, i;

	if (!shmem_hash[0].next)
		return;
	for (b = 0; b < SHMEM_HASH_SIZE; b++)
		list_for_each_entry(si, &shmem_hash[b], hash)
			for (first = 0; first <= 0xffffffffu;
			     first = (uint64_t)item_index(items[n - 1]) + 1) {
				n = radix_tree_gang_lookup(&si->entries, items,
							   (uint32_t)first, 16);
				if (!n)
					break;
				for (i = 0; i < n; i++)
					fn(item_entry(items[i]), arg);
			}
}

void shmem_truncate_swap(struct address_space *mapping, loff_t lstart)
{
	struct shmem_swap_index *si = find_index(mapping);
	uint64_t first = ((uint64_t)lstart + PAGE_SIZE - 1) >> PAGE_SHIFT;
	void *items[16];
	struct page *page;
	unsigned int n, i;

	if (!si)
		return;
	if (lstart & ~(loff_t)PAGE_MASK &&
	    radix_tree_lookup(&si->entries, (uint32_t)(lstart >> PAGE_SHIFT))) {
		/* the cut goes through it: back in, to have its tail zeroed */
		page = read_cache_page(mapping,
				       (uint32_t)(lstart >> PAGE_SHIFT), NULL,
				       NULL);
		if (!IS_ERR(page))
			put_page(page);
		si = find_index(mapping);
		if (!si)
			return;
	}
	while (first <= 0xffffffffu && si->nr) {
		n = radix_tree_gang_lookup(&si->entries, items,
					   (uint32_t)first, 16);
		if (!n)
			break;
		for (i = 0; i < n; i++)
			shmem_free_swp(si, item_index(items[i]));
		first = (uint64_t)item_index(items[n - 1]) + 1;
	}
	put_index(si);
}
