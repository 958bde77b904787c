/*
 * read_write.c - what the system calls do with an open file (Linux's
 * fs/read_write.c, fs/readdir.c, fs/sync.c and the file part of mmap):
 * the access-mode checks, then the file's own operation.
 */
#include <errno.h>
#include <limits.h>
#include "internal.h"
#include "mm.h"

#define MAX_RW_COUNT	((size_t)(INT_MAX & PAGE_MASK))

ssize_t vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_dentry->d_inode;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!file->f_op || !file->f_op->read)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return file->f_op->read(file, buf, count, pos);
}

ssize_t vfs_write(struct file *file, const char *buf, size_t count,
		  loff_t *pos)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op || !file->f_op->write)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return file->f_op->write(file, buf, count, pos);
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	struct inode *inode = file->f_dentry->d_inode;

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		offset += file->f_pos;
		break;
	case SEEK_END:
		offset += inode->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (offset < 0 || offset > inode->i_sb->s_maxbytes)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

loff_t vfs_llseek(struct file *file, loff_t offset, int whence)
{
	if (!file->f_op || !file->f_op->llseek)
		return -ESPIPE;
	return file->f_op->llseek(file, offset, whence);
}

int vfs_iterate(struct file *file, struct dir_context *ctx)
{
	int err;

	if (!file->f_op || !file->f_op->iterate)
		return -ENOTDIR;
	if (!file->f_dentry->d_inode->i_nlink)	/* removed directory */
		return -ENOENT;
	ctx->pos = file->f_pos;
	err = file->f_op->iterate(file, ctx);
	file->f_pos = ctx->pos;
	return err;
}

int vfs_fsync(struct file *file, int datasync)
{
	if (!file->f_op || !file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, datasync);
}

uint32_t vfs_mmap(struct mm_struct *mm, struct file *file, uint32_t addr,
		  uint32_t len, int prot, int flags, uint32_t pgoff)
{
	const struct vm_operations_struct *ops = NULL;
	struct vm_area_struct *vma;
	uint32_t ret;
	int err;

	if (!file->f_op || !file->f_op->mmap)
		return (uint32_t)-ENODEV;
	if (!(file->f_mode & FMODE_READ))
		return (uint32_t)-EACCES;
	if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
	    !(file->f_mode & FMODE_WRITE))
		return (uint32_t)-EACCES;
	err = file->f_op->mmap(file, prot, flags, &ops);
	if (err)
		return (uint32_t)err;
	get_file(file);		/* the new VMA's reference */
	ret = do_mmap_pgoff(mm, addr, len, prot, flags, pgoff, ops, file);
	if (IS_ERR_VALUE(ret)) {
		fput(file);
		return ret;
	}
	vma = find_vma(mm, ret);
	if (vma && vma->vm_private_data == file)
		vma->vm_file = file;
	return ret;
}
