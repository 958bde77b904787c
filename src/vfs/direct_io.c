/*
 * direct_io.c - O_DIRECT (Linux's generic_file_direct_IO): transfers
 * between the caller's buffer and the backing store that bypass the page
 * cache, with Linux's alignment rule (buffer address, file offset and
 * length multiples of 512 bytes, else -EINVAL).
 *
 * Coherence with the cache, as Linux keeps it: dirty cached pages of the
 * range are written back before any direct transfer, so a direct read
 * sees them and a direct write is not overwritten by them later; after a
 * direct write, clean unmapped cached pages of the range are dropped and
 * the pages that must stay (a process maps them) receive the new bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "internal.h"
#include "pagemap.h"

/* After a direct write: cached copies of [pos, pos + count) agree. */
static void direct_write_sync_cache(struct address_space *mapping,
				    const char *buf, loff_t pos, size_t count)
{
	uint32_t first = (uint32_t)(pos >> PAGE_SHIFT);
	uint32_t last = (uint32_t)((pos + (loff_t)count - 1) >> PAGE_SHIFT);
	uint32_t index;

	invalidate_mapping_pages(mapping, first, last);
	for (index = first; ; index++) {
		struct page *page = find_get_page(mapping, index);

		if (page) {
			loff_t p0 = page_offset(page), from, to;

			from = p0 > pos ? p0 : pos;
			to = p0 + PAGE_SIZE < pos + (loff_t)count ?
			     p0 + PAGE_SIZE : pos + (loff_t)count;
			memcpy((char *)page_address(page) + (from - p0),
			       buf + (from - pos), (size_t)(to - from));
			put_page(page);
		}
		if (index == last)
			break;
	}
}

ssize_t generic_file_direct_IO(int rw, struct file *file, char *buf,
			       size_t count, loff_t *pos)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	loff_t off = *pos;
	ssize_t ret;
	int err;

	if (((uintptr_t)buf | (uint64_t)off | count) & (DIO_ALIGN - 1))
		return -EINVAL;
	if (!mapping->a_ops->direct_IO)
		return -EINVAL;
	if (rw == READ) {
		if (off >= inode->i_size)
			return 0;
		if ((loff_t)count > inode->i_size - off)
			count = (size_t)(inode->i_size - off);
	}
	if (!count)
		return 0;
	err = filemap_write_range(mapping, off, off + (loff_t)count - 1);
	if (err)
		return err;
	ret = mapping->a_ops->direct_IO(rw, file, buf, off, count);
	if (ret <= 0)
		return ret;
	if (rw == WRITE) {
		direct_write_sync_cache(mapping, buf, off, (size_t)ret);
		if (off + ret > inode->i_size)
			inode->i_size = off + ret;
		inode->i_mtime = inode->i_ctime = current_fs_time();
	}
	*pos = off + ret;
	return ret;
}
