/*
 * page_io.c - moving one page between a frame and its slot in the area's
 * host file (Linux's mm/page_io.c): slot offset n is the file's page n,
 * as on a swap partition, so the header is page 0 and never written.
 *
 * The transfer is synchronous: when swap_readpage returns, the data is
 * in the frame or the error is known. An error is returned, never fatal:
 * the host file may have been truncated or broken under us, and the
 * fault handler turns a failed read into SIGBUS for the guest alone.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "swap.h"
#include "swap_internal.h"
#include "vmstat.h"
#include "hostio.h"

int swap_write_full(int fd, const void *buf, size_t len, uint64_t off)
{
	long n = host_pwrite_full(fd, buf, len, off);

	return n < 0 ? (int)n : 0;
}

long swap_read_full(int fd, void *buf, size_t len, uint64_t off)
{
	return host_pread_full(fd, buf, len, off);
}

static uint64_t slot_pos(swp_entry_t entry)
{
	return (uint64_t)swp_offset(entry) << PAGE_SHIFT;
}

/*
 * The slot lies inside the host file as it is now. A file truncated
 * under us must fail every later read of a lost slot: a write past its
 * new end would grow it back with holes, which read as pages of zeros.
 */
static int slot_in_file(int fd, swp_entry_t entry)
{
	struct stat st;

	return fstat(fd, &st) == 0 &&
	       (uint64_t)st.st_size >= slot_pos(entry) + PAGE_SIZE;
}

int swap_writepage(struct page *page, swp_entry_t entry)
{
	struct swap_info_struct *p = swap_info_get(entry);
	int ret;

	if (!p)
		return -EINVAL;
	if (!slot_in_file(p->swap_file, entry))
		return -EIO;
	ret = swap_write_full(p->swap_file, page_address(page), PAGE_SIZE,
			      slot_pos(entry));
	if (ret)
		return ret;
	count_vm_event(pswpout);
	return 0;
}

int swap_readpage(struct page *page, swp_entry_t entry)
{
	struct swap_info_struct *p = swap_info_get(entry);
	long n;

	ClearPageUptodate(page);
	if (!p)
		return -EINVAL;
	n = swap_read_full(p->swap_file, page_address(page), PAGE_SIZE,
			   slot_pos(entry));
	if (n < 0)
		return (int)n;
	if (n < (long)PAGE_SIZE)
		return -EIO;	/* the file ends inside the slot */
	SetPageUptodate(page);
	count_vm_event(pswpin);
	return 0;
}
