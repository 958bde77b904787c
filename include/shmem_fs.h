/*
 * shmem_fs.h - tmpfs pages and swap (the swap half of Linux 2.6's
 * mm/shmem.c). A tmpfs file's pages have no backing store but swap, so
 * reclaim writes a dirty one to a swap slot and takes it out of the page
 * cache; the file remembers the slot by page index, and the next read,
 * write or fault of that page reads it back (readpage). tmpfs's
 * address_space_operations point here.
 */
#ifndef I386MM_SHMEM_FS_H
#define I386MM_SHMEM_FS_H

#include <stdint.h>
#include "fs.h"
#include "pgtable.h"

struct page;

/* A new tmpfs inode of the given mode on sb (tmpfs.c). */
struct inode *shmem_get_inode(struct super_block *sb, umode_t mode);

/*
 * a_ops->writepage of tmpfs, called by reclaim with the page unmapped
 * and PG_dirty cleared: move it to a new swap slot and write it there.
 * 0 on success (the page has left the page cache and is in the swap
 * cache, clean), or -ENOSPC when swap is full (the page is dirty again).
 */
int shmem_writepage(struct page *page);
/* a_ops->readpage of tmpfs: the page's slot if it has one, else zeros. */
int shmem_readpage(struct file *file, struct page *page);
/*
 * The file is cut at lstart (truncate_inode_pages): slots of the pages
 * wholly past it are freed, the page holding lstart is read back so the
 * cut can zero its tail.
 */
void shmem_truncate_swap(struct address_space *mapping, loff_t lstart);
/*
 * swapoff: read every tmpfs page in area type back into its file's page
 * cache. 0, -ENOMEM or -EIO (the pages read so far stay read).
 */
int shmem_unuse(unsigned int type);
/* fn for every swap entry a tmpfs file holds (the invariant checker). */
void shmem_walk_swap_entries(void (*fn)(swp_entry_t entry, void *arg),
			     void *arg);
/* Pages of tmpfs files now in swap (for tests and meminfo). */
extern unsigned long shmem_swapped;

#endif
