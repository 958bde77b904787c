/*
 * filemap.c - the page cache (Linux's mm/filemap.c): pages of files
 * indexed by (address_space, page index) in each mapping's radix tree,
 * filled through a_ops->readpage, and read(2)/write(2) through them.
 *
 * Reads fill the cache and copy from it. Writes copy into cache pages
 * (reading a page first when only part of it is written and it holds
 * file data) and mark them dirty: the deferred write of the seed's
 * "canonical mode". O_SYNC writes then write their range back before
 * returning; O_DIRECT goes around the cache (direct_io.c). I/O is
 * synchronous here, so PG_locked is never seen held by anyone else.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "pagemap.h"
#include "vmscan.h"

#define PAGEVEC_SIZE	16

struct page_cache_stat page_cache_stat;

void address_space_init(struct address_space *mapping, struct inode *host)
{
	INIT_RADIX_TREE(&mapping->page_tree);
	mapping->host = host;
	mapping->nrpages = 0;
	mapping->a_ops = NULL;
	mapping->gfp_mask = GFP_HIGHUSER;
	mapping->flags = 0;
}

struct page *find_get_page(struct address_space *mapping, uint32_t index)
{
	struct page *page = radix_tree_lookup(&mapping->page_tree, index);

	if (page)
		get_page(page);
	return page;
}

unsigned int find_get_pages(struct address_space *mapping, uint32_t start,
			    unsigned int nr, struct page **pages)
{
	unsigned int n = radix_tree_gang_lookup(&mapping->page_tree,
						(void **)pages, start, nr), i;

	for (i = 0; i < n; i++)
		get_page(pages[i]);
	return n;
}

int add_to_page_cache(struct page *page, struct address_space *mapping,
		      uint32_t index, gfp_t gfp)
{
	int err = radix_tree_insert(&mapping->page_tree, index, page,
				    gfp & ~__GFP_HIGHMEM);

	if (err)
		return err;
	get_page(page);		/* the cache's reference */
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	page_cache_stat.nr_file_pages++;
	if (mapping->flags & AS_SWAPBACKED) {
		SetPageSwapBacked(page);
		page_cache_stat.nr_shmem++;
	}
	lru_cache_add(page);	/* reclaim's inactive list (vmscan.h) */
	return 0;
}

void remove_from_page_cache(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (!mapping)
		return;
	cancel_dirty_page(page);
	radix_tree_delete(&mapping->page_tree, page->index);
	page->mapping = NULL;
	mapping->nrpages--;
	page_cache_stat.nr_file_pages--;
	if (PageSwapBacked(page)) {
		ClearPageSwapBacked(page);
		page_cache_stat.nr_shmem--;
	}
	put_page(page);
}

struct page *grab_cache_page(struct address_space *mapping, uint32_t index)
{
	for (;;) {
		struct page *page = find_get_page(mapping, index);
		int err;

		if (page)
			return page;
		page = alloc_page(mapping->gfp_mask);
		if (!page)
			return NULL;
		err = add_to_page_cache(page, mapping, index, GFP_KERNEL);
		if (!err)
			return page;
		put_page(page);
		if (err != -EEXIST)
			return NULL;
	}
}

/* Read page (in the cache, not up to date) through the filesystem. */
static int read_page(struct address_space *mapping, struct file *file,
		     struct page *page)
{
	int err;

	if (!mapping->a_ops->readpage)
		return -EIO;
	SetPageLocked(page);
	err = mapping->a_ops->readpage(file, page);
	ClearPageLocked(page);
	if (!err && !PageUptodate(page))
		err = -EIO;
	return err;
}

struct page *read_cache_page(struct address_space *mapping, uint32_t index,
			     struct file *file, int *major)
{
	struct page *page = grab_cache_page(mapping, index);
	int err;

	if (!page)
		return ERR_PTR(-ENOMEM);
	if (PageUptodate(page))
		return page;
	err = read_page(mapping, file, page);
	if (err) {
		remove_from_page_cache(page);
		put_page(page);
		return ERR_PTR(err);
	}
	if (major)
		*major = 1;
	return page;
}

int simple_readpage(struct file *file, struct page *page)
{
	(void)file;
	memset(page_address(page), 0, PAGE_SIZE);
	SetPageUptodate(page);
	return 0;
}

ssize_t generic_file_read(struct file *file, char *buf, size_t count,
			  loff_t *pos)
{
	struct address_space *mapping = file->f_mapping;
	loff_t isize = mapping->host->i_size, end;
	size_t copied = 0;

	if (file->f_flags & O_DIRECT)
		return generic_file_direct_IO(READ, file, buf, count, pos);
	if (*pos >= isize || !count)
		return 0;
	end = isize - *pos < (loff_t)count ? isize : *pos + (loff_t)count;
	while (*pos < end) {
		uint32_t offset = (uint32_t)(*pos & ~(loff_t)PAGE_MASK);
		size_t nr = PAGE_SIZE - offset;
		struct page *page;

		if ((loff_t)nr > end - *pos)
			nr = (size_t)(end - *pos);
		page = read_cache_page(mapping, (uint32_t)(*pos >> PAGE_SHIFT),
				       file, NULL);
		if (IS_ERR(page))
			return copied ? (ssize_t)copied : PTR_ERR(page);
		memcpy(buf + copied, (char *)page_address(page) + offset, nr);
		mark_page_accessed(page);
		put_page(page);
		copied += nr;
		*pos += (loff_t)nr;
	}
	return (ssize_t)copied;
}

/* The page a write of [offset, offset + bytes) goes into, up to date. */
static struct page *prepare_write_page(struct file *file, loff_t pos,
				       uint32_t offset, size_t bytes)
{
	struct address_space *mapping = file->f_mapping;
	struct page *page = grab_cache_page(mapping,
					    (uint32_t)(pos >> PAGE_SHIFT));
	int err;

	if (!page)
		return ERR_PTR(-ENOMEM);
	if (PageUptodate(page) || (offset == 0 && bytes == PAGE_SIZE))
		return page;
	if (page_offset(page) >= mapping->host->i_size) {
		memset(page_address(page), 0, PAGE_SIZE);	/* past EOF */
		return page;
	}
	err = read_page(mapping, file, page);
	if (err) {
		remove_from_page_cache(page);
		put_page(page);
		return ERR_PTR(err);
	}
	return page;
}

ssize_t generic_file_write(struct file *file, const char *buf, size_t count,
			   loff_t *pos)
{
	struct inode *inode = file->f_mapping->host;
	loff_t start, maxbytes = inode->i_sb->s_maxbytes;
	size_t written = 0;
	int err;

	if (file->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (*pos >= maxbytes)
		return count ? -EFBIG : 0;
	if ((loff_t)count > maxbytes - *pos)
		count = (size_t)(maxbytes - *pos);
	if (!count)
		return 0;
	if (file->f_flags & O_DIRECT)
		return generic_file_direct_IO(WRITE, file, (char *)buf, count,
					      pos);
	start = *pos;
	while (written < count) {
		uint32_t offset = (uint32_t)(*pos & ~(loff_t)PAGE_MASK);
		size_t bytes = PAGE_SIZE - offset;
		struct page *page;

		if (bytes > count - written)
			bytes = count - written;
		page = prepare_write_page(file, *pos, offset, bytes);
		if (IS_ERR(page)) {
			if (!written)
				return PTR_ERR(page);
			break;
		}
		memcpy((char *)page_address(page) + offset, buf + written,
		       bytes);
		SetPageUptodate(page);
		set_page_dirty(page);
		mark_page_accessed(page);
		put_page(page);
		written += bytes;
		*pos += (loff_t)bytes;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	inode->i_mtime = inode->i_ctime = current_fs_time();
	if (file->f_flags & O_DSYNC) {	/* O_SYNC includes O_DSYNC */
		err = filemap_write_range(file->f_mapping, start,
					  start + (loff_t)written - 1);
		if (err)
			return err;
	}
	return (ssize_t)written;
}

int generic_file_fsync(struct file *file, int datasync)
{
	(void)datasync;
	return sync_mapping(file->f_mapping);
}
