/*
 * truncate.c - taking pages out of the page cache (Linux's
 * mm/truncate.c): everything past a new end of file, or the clean pages
 * of a range that direct I/O is about to make stale.
 *
 * A page that a process still maps keeps living after it leaves the cache
 * (the PTE holds its own reference) until the mapping goes; there is no
 * reverse mapping yet to unmap it first, as Linux's unmap_mapping_range
 * would.
 */
#include <string.h>
#include "internal.h"
#include "pagemap.h"
#include "shmem_fs.h"

#define PAGEVEC_SIZE	16

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	uint64_t first = ((uint64_t)lstart + PAGE_SIZE - 1) >> PAGE_SHIFT;
	uint32_t partial = (uint32_t)(lstart & ~(loff_t)PAGE_MASK);
	struct page *pages[PAGEVEC_SIZE];
	uint32_t index = (uint32_t)first;
	struct page *page;

	if (mapping->flags & AS_SWAPBACKED)	/* tmpfs pages in swap */
		shmem_truncate_swap(mapping, lstart);
	while (first <= 0xffffffffu) {
		unsigned int n = radix_tree_gang_lookup(&mapping->page_tree,
						(void **)pages, index,
						PAGEVEC_SIZE), i;

		if (!n)
			break;
		index = pages[n - 1]->index + 1;
		for (i = 0; i < n; i++)
			remove_from_page_cache(pages[i]);
		if (!index)
			break;
	}
	if (partial) {
		page = find_get_page(mapping, (uint32_t)(lstart >> PAGE_SHIFT));
		if (page) {
			memset((char *)page_address(page) + partial, 0,
			       PAGE_SIZE - partial);
			put_page(page);
		}
	}
	if (mapping->host &&
	    !radix_tree_tagged(&mapping->page_tree, PAGECACHE_TAG_DIRTY))
		inode_clear_dirty(mapping->host);
}

unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       uint32_t start, uint32_t end)
{
	struct page *pages[PAGEVEC_SIZE];
	unsigned long gone = 0;
	uint32_t index = start;

	while (index <= end) {
		unsigned int n = radix_tree_gang_lookup(&mapping->page_tree,
						(void **)pages, index,
						PAGEVEC_SIZE), i;

		if (!n)
			break;
		for (i = 0; i < n; i++) {
			struct page *page = pages[i];

			if (page->index > end)
				return gone;
			if (PageDirty(page) || PageWriteback(page) ||
			    page_mapped(page))
				continue;
			remove_from_page_cache(page);
			gone++;
		}
		index = pages[n - 1]->index + 1;
		if (!index)
			break;
	}
	return gone;
}

void truncate_setsize(struct inode *inode, loff_t newsize)
{
	loff_t oldsize = inode->i_size;
	uint32_t tail = (uint32_t)(oldsize & ~(loff_t)PAGE_MASK);
	struct page *page;

	inode->i_size = newsize;
	if (newsize < oldsize) {
		truncate_inode_pages(inode->i_mapping, newsize);
		return;
	}
	/*
	 * Growing: a shared mapping may have written past the old end in
	 * its last page; those bytes must read as zeros now.
	 */
	if (tail && newsize > oldsize) {
		page = find_get_page(inode->i_mapping,
				     (uint32_t)(oldsize >> PAGE_SHIFT));
		if (page) {
			memset((char *)page_address(page) + tail, 0,
			       PAGE_SIZE - tail);
			put_page(page);
		}
	}
}
