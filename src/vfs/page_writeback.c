/*
 * page_writeback.c - dirty pages and writing them back (Linux's
 * mm/page-writeback.c and fs/fs-writeback.c): set_page_dirty, the
 * per-super-block list of dirty inodes, fsync, and the periodic flusher
 * that writes back inodes dirty for longer than dirty_expire_interval.
 *
 * As in Linux, the age that counts is the inode's: dirtied_when is
 * stamped when its first page becomes dirty, and s_dirty is kept in that
 * order, so the flusher stops at the first inode too young to write. A
 * page whose write fails is left clean and the error is kept in its
 * mapping's flags for the next fsync to report, once.
 */
#include <errno.h>
#include "internal.h"
#include "pagemap.h"
#include "vmstat.h"

#define PAGEVEC_SIZE	16

uint64_t dirty_expire_interval = 30 * VFS_HZ;

/* Dirty pages of this mapping are counted and tagged for write-back. */
static int mapping_cap_account_dirty(const struct address_space *mapping)
{
	return !mapping->a_ops->set_page_dirty;
}

static void __mark_inode_dirty(struct inode *inode)
{
	if (inode->i_state & I_DIRTY_PAGES)
		return;
	inode->i_state |= I_DIRTY_PAGES;
	inode->dirtied_when = vfs_jiffies;
	list_add_tail(&inode->i_list, &inode->i_sb->s_dirty);
}

void inode_clear_dirty(struct inode *inode)
{
	if (!(inode->i_state & I_DIRTY_PAGES))
		return;
	inode->i_state &= ~I_DIRTY_PAGES;
	list_del_init(&inode->i_list);
}

int __set_page_dirty_no_writeback(struct page *page)
{
	if (PageDirty(page))
		return 0;
	SetPageDirty(page);
	return 1;
}

int set_page_dirty(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (!mapping)
		return __set_page_dirty_no_writeback(page);
	if (mapping->a_ops->set_page_dirty)
		return mapping->a_ops->set_page_dirty(page);
	if (PageDirty(page))
		return 0;
	SetPageDirty(page);
	page_cache_stat.nr_dirty++;
	radix_tree_tag_set(&mapping->page_tree, page->index,
			   PAGECACHE_TAG_DIRTY);
	__mark_inode_dirty(mapping->host);
	return 1;
}

int clear_page_dirty_for_io(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (!PageDirty(page))
		return 0;
	ClearPageDirty(page);
	if (mapping && mapping_cap_account_dirty(mapping)) {
		page_cache_stat.nr_dirty--;
		radix_tree_tag_clear(&mapping->page_tree, page->index,
				     PAGECACHE_TAG_DIRTY);
	}
	return 1;
}

void cancel_dirty_page(struct page *page)
{
	clear_page_dirty_for_io(page);
}

/* Write one dirty page: 1 if it was written, 0 if clean, or -errno. */
static int write_one_page(struct address_space *mapping, struct page *page)
{
	int err;

	if (!clear_page_dirty_for_io(page))
		return 0;
	SetPageWriteback(page);
	radix_tree_tag_set(&mapping->page_tree, page->index,
			   PAGECACHE_TAG_WRITEBACK);
	page_cache_stat.nr_writeback++;
	err = mapping->a_ops->writepage(page);
	page_cache_stat.nr_writeback--;
	radix_tree_tag_clear(&mapping->page_tree, page->index,
			     PAGECACHE_TAG_WRITEBACK);
	ClearPageWriteback(page);
	if (err) {
		mapping->flags |= err == -ENOSPC ? AS_ENOSPC : AS_EIO;
		return err;
	}
	return 1;
}

/* Write [first, last] back; the pages written in *written. */
static int write_pages(struct address_space *mapping, uint32_t first,
		       uint32_t last, unsigned long *written)
{
	struct page *pages[PAGEVEC_SIZE];
	uint32_t index = first;
	int err = 0;

	if (!mapping->a_ops->writepage)
		return 0;
	for (;;) {
		unsigned int n = radix_tree_gang_lookup_tag(&mapping->page_tree,
					(void **)pages, index, PAGEVEC_SIZE,
					PAGECACHE_TAG_DIRTY), i;

		if (!n)
			break;
		for (i = 0; i < n; i++) {
			struct page *page = pages[i];
			int ret;

			if (page->index > last)
				goto done;
			get_page(page);
			ret = write_one_page(mapping, page);
			put_page(page);
			if (ret > 0)
				(*written)++;
			else if (ret < 0 && !err)
				err = ret;
		}
		index = pages[n - 1]->index + 1;
		if (!index)	/* wrapped past the last index */
			break;
	}
done:
	if (!radix_tree_tagged(&mapping->page_tree, PAGECACHE_TAG_DIRTY))
		inode_clear_dirty(mapping->host);
	return err;
}

int filemap_write_range(struct address_space *mapping, loff_t start,
			loff_t end)
{
	unsigned long written = 0;
	uint64_t last = (uint64_t)end >> PAGE_SHIFT;

	if (end < start || start < 0)
		return 0;
	return write_pages(mapping, (uint32_t)(start >> PAGE_SHIFT),
			   last > 0xffffffffu ? 0xffffffffu : (uint32_t)last,
			   &written);
}

/* The error kept in mapping->flags, reported once. */
static int filemap_check_errors(struct address_space *mapping)
{
	int err = 0;

	if (mapping->flags & AS_ENOSPC)
		err = -ENOSPC;
	if (mapping->flags & AS_EIO)
		err = -EIO;
	mapping->flags &= ~(AS_ENOSPC | AS_EIO);
	return err;
}

int sync_mapping(struct address_space *mapping)
{
	unsigned long written = 0;
	int err = write_pages(mapping, 0, 0xffffffffu, &written);
	int err2 = filemap_check_errors(mapping);

	return err ? err : err2;
}

int write_inode_now(struct inode *inode)
{
	int err = sync_mapping(inode->i_mapping);

	inode_clear_dirty(inode);
	return err;
}

unsigned long wb_kupdate(uint64_t now)
{
	struct list_head *sbs = all_super_blocks();
	struct super_block *sb;
	unsigned long written = 0;

	vfs_set_clock(now);
	list_for_each_entry(sb, sbs, s_list) {
		while (!list_empty(&sb->s_dirty)) {
			struct inode *inode = list_first_entry(&sb->s_dirty,
							struct inode, i_list);
			struct address_space *mapping = inode->i_mapping;

			if (inode->dirtied_when + dirty_expire_interval >
			    vfs_jiffies)
				break;
			write_pages(mapping, 0, 0xffffffffu, &written);
			inode_clear_dirty(inode);
		}
	}
	return written;
}
