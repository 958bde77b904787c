/*
 * hostfs_file.c - hostfs regular files: the page cache's readpage and
 * writepage on the inode's host descriptor (pread/pwrite, never past the
 * file's size), O_DIRECT straight to the host file, and the file
 * operations (the generic page-cache ones, plus keeping a read-write
 * descriptor while the file is open for writing).
 *
 * pgpgin and pgpgout count the kilobytes read and written, as Linux
 * counts them for block I/O.
 */
#define _GNU_SOURCE	/* O_PATH */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hostfs.h"
#include "pagemap.h"
#include "vmstat.h"

/* pread/pwrite all of it, or the bytes done before EOF; -errno. */
static ssize_t host_io(int write, int fd, char *buf, size_t count,
		       loff_t off)
{
	size_t done = 0;

	while (done < count) {
		ssize_t n = write ? pwrite(fd, buf + done, count - done,
					   off + (loff_t)done)
				  : pread(fd, buf + done, count - done,
					  off + (loff_t)done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : host_err();
		}
		if (!n)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int file_fd(struct file *file, struct inode *inode, int write)
{
	if (file && !write)
		return hostfs_fd(file->f_dentry, 0);
	if (write && HOSTFS_I(inode)->fd >= 0 && !HOSTFS_I(inode)->fd_rw)
		return -EBADF;
	return hostfs_inode_fd(inode);
}

static int hostfs_readpage(struct file *file, struct page *page)
{
	struct inode *inode = page_mapping(page)->host;
	char *kaddr = page_address(page);
	int fd = file_fd(file, inode, 0);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = host_io(0, fd, kaddr, PAGE_SIZE, page_offset(page));
	if (n < 0)
		return (int)n;
	memset(kaddr + n, 0, PAGE_SIZE - (size_t)n);
	SetPageUptodate(page);
	count_vm_events(pgpgin, PAGE_SIZE >> 10);
	return 0;
}

static int hostfs_writepage(struct page *page)
{
	struct inode *inode = page_mapping(page)->host;
	loff_t off = page_offset(page);
	size_t len = PAGE_SIZE;
	int fd;
	ssize_t n;

	if (off >= inode->i_size)	/* wholly past EOF: nothing to keep */
		return 0;
	if (inode->i_size - off < (loff_t)len)
		len = (size_t)(inode->i_size - off);
	fd = file_fd(NULL, inode, 1);
	if (fd < 0)
		return -EIO;
	n = host_io(1, fd, page_address(page), len, off);
	if (n < 0)
		return n == -ENOSPC || n == -EDQUOT ? -ENOSPC : -EIO;
	if ((size_t)n != len)
		return -EIO;
	count_vm_events(pgpgout, PAGE_SIZE >> 10);
	return 0;
}

static ssize_t hostfs_direct_IO(int rw, struct file *file, char *buf,
				loff_t offset, size_t count)
{
	int fd = hostfs_fd(file->f_dentry, rw == WRITE);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = host_io(rw == WRITE, fd, buf, count, offset);
	if (n > 0)
		count_vm_events(rw == WRITE ? pgpgout : pgpgin,
				((uint64_t)n + 1023) >> 10);
	return n;
}

const struct address_space_operations hostfs_aops = {
	.readpage = hostfs_readpage,
	.writepage = hostfs_writepage,
	.direct_IO = hostfs_direct_IO,
};

static int hostfs_file_open(struct inode *inode, struct file *file)
{
	int fd;

	if (!(file->f_mode & FMODE_WRITE))
		return 0;
	fd = hostfs_fd(file->f_dentry, 1);
	if (fd < 0)
		return fd;
	HOSTFS_I(inode)->writers++;
	return 0;
}

static int hostfs_file_release(struct inode *inode, struct file *file)
{
	if (file->f_mode & FMODE_WRITE)
		HOSTFS_I(inode)->writers--;
	return 0;
}

const struct file_operations hostfs_file_operations = {
	.llseek = generic_file_llseek,
	.read = generic_file_read,
	.write = generic_file_write,
	.mmap = generic_file_mmap,
	.open = hostfs_file_open,
	.release = hostfs_file_release,
	.fsync = generic_file_fsync,
};
