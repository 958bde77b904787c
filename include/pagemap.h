/*
 * pagemap.h - the page cache: each file's pages in its address_space
 * (fs.h), indexed by a radix tree; reads and writes through it; write-back
 * of dirty pages (fsync, O_SYNC, the periodic flusher); O_DIRECT around
 * it; and the file-mapping side (filemap_fault, filemap_sync_range).
 *
 * A page in the cache has page->mapping = its address_space, page->index
 * = its offset in pages, and holds one reference for the cache; callers
 * of find_get_page and friends get a reference of their own to put.
 * Pages are allocated GFP_HIGHUSER and are not on the LRU lists (yet).
 */
#ifndef I386MM_PAGEMAP_H
#define I386MM_PAGEMAP_H

#include "fs.h"
#include "gfp.h"

/* directions of I/O */
#define READ	0
#define WRITE	1

/* radix-tree tags of the page cache */
#define PAGECACHE_TAG_DIRTY	0
#define PAGECACHE_TAG_WRITEBACK	1

static inline struct address_space *page_mapping(const struct page *page)
{
	return PageAnon(page) ? NULL : (struct address_space *)page->mapping;
}

static inline loff_t page_offset(const struct page *page)
{
	return (loff_t)page->index << PAGE_SHIFT;
}

void address_space_init(struct address_space *mapping, struct inode *host);

/* Page-cache totals (meminfo's Cached, Dirty, Writeback). */
struct page_cache_stat {
	unsigned long nr_file_pages;	/* pages in any address_space */
	unsigned long nr_dirty;		/* accounted dirty (write-back) */
	unsigned long nr_writeback;
	unsigned long nr_shmem;		/* tmpfs pages (PG_swapbacked) */
};
extern struct page_cache_stat page_cache_stat;

/* A referenced page of mapping at index, or NULL. */
struct page *find_get_page(struct address_space *mapping, uint32_t index);
/* Insert page (takes the cache's reference); 0, -EEXIST or -ENOMEM. */
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      uint32_t index, gfp_t gfp);
/* Take page out of its mapping and drop the cache's reference. */
void remove_from_page_cache(struct page *page);
/* A referenced page at index, created (zeroed, not uptodate) if need be. */
struct page *grab_cache_page(struct address_space *mapping, uint32_t index);
/*
 * A referenced, up-to-date page: found in the cache or read through
 * a_ops->readpage (then *major is set, if major is not NULL).
 * ERR_PTR(-EIO / -ENOMEM) on failure.
 */
struct page *read_cache_page(struct address_space *mapping, uint32_t index,
			     struct file *file, int *major);
/* Up to nr pages from index on, referenced, in index order. */
unsigned int find_get_pages(struct address_space *mapping, uint32_t start,
			    unsigned int nr, struct page **pages);

/* read(2)/write(2) through the cache; O_SYNC and O_DIRECT handled here */
ssize_t generic_file_read(struct file *file, char *buf, size_t count,
			  loff_t *pos);
ssize_t generic_file_write(struct file *file, const char *buf, size_t count,
			   loff_t *pos);
int generic_file_mmap(struct file *file, int prot, int flags,
		      const struct vm_operations_struct **ops);
int generic_file_fsync(struct file *file, int datasync);
int simple_readpage(struct file *file, struct page *page);

/*
 * Dirty pages. set_page_dirty marks a page of a mapping dirty: tags it,
 * counts it and puts its inode on its super block's s_dirty list, stamped
 * with vfs_jiffies if it was clean. Returns 1 if the page was clean.
 */
int set_page_dirty(struct page *page);
int __set_page_dirty_no_writeback(struct page *page);
/* Before writing a dirty page out: clear PG_dirty and its tag. */
int clear_page_dirty_for_io(struct page *page);
/* A dirty page leaving the cache unwritten (truncate): the same. */
void cancel_dirty_page(struct page *page);
/* Write every dirty page of [start, end] (bytes) with a_ops->writepage;
 * returns 0 or the first error (also recorded in mapping->flags). */
int filemap_write_range(struct address_space *mapping, loff_t start,
			loff_t end);
/* fsync: every dirty page, then the recorded error (once). */
int sync_mapping(struct address_space *mapping);
/* Write back a whole inode; drop it from s_dirty once clean. */
int write_inode_now(struct inode *inode);
/* Every dirty inode of every super block (sync(2)). */
int sync_filesystems(void);

/*
 * The periodic flusher (Linux's wb_kupdate): the scheduler calls it on
 * the virtual clock; it advances vfs_jiffies to now and writes back every
 * inode dirty for at least dirty_expire_interval ticks. Returns the pages
 * written.
 */
extern uint64_t dirty_expire_interval;	/* ticks; default 30 s */
unsigned long wb_kupdate(uint64_t now);

/* Drop every page from lstart (bytes) on; the page holding lstart keeps
 * its head and loses its tail (zeroed). Dirty pages are not written. */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
/* Drop clean, unmapped pages of [start, end] (page indices); returns
 * how many went. Dirty or mapped pages stay. */
unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       uint32_t start, uint32_t end);
/* Set i_size and drop the pages beyond it. */
void truncate_setsize(struct inode *inode, loff_t newsize);

/*
 * O_DIRECT (Linux's rules): buf, offset and count must be multiples of
 * DIO_ALIGN, else -EINVAL. Cached pages overlapping the range are written
 * back first, and after a write the range's clean cached pages are
 * dropped, so the cache and the backing store agree.
 */
#define DIO_ALIGN	512u
ssize_t generic_file_direct_IO(int rw, struct file *file, char *buf,
			       size_t count, loff_t *pos);

/*
 * File mappings. filemap_fault returns the cache page of pgoff with a
 * reference for the caller: 0 if it was cached, VM_FAULT_MAJOR if it was
 * read, VM_FAULT_SIGBUS past the end of the file. The VMA's
 * vm_private_data is the struct file.
 */
extern const struct vm_operations_struct generic_file_vm_ops;
int filemap_fault(struct vm_area_struct *vma, uint32_t pgoff,
		  struct page **pagep);
/*
 * Move the PTE dirty bits of [start, end) of a shared file VMA to its
 * pages (set_page_dirty), clearing D and invalidating each TLB entry.
 * msync and munmap call it; returns the pages newly dirtied, or -EINVAL
 * for a range outside vma.
 */
int filemap_sync_range(struct vm_area_struct *vma, uint32_t start,
		       uint32_t end);
/* The file of a VMA mapped by vfs_mmap, or NULL for any other VMA. */
struct file *vma_file(const struct vm_area_struct *vma);

#endif
