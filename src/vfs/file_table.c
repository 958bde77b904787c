/*
 * file_table.c - open file objects (Linux's fs/file_table.c and
 * dentry_open): from the slab cache "filp", each holding its path (mount
 * and dentry) for as long as a descriptor, a mapping or anyone else
 * holds the file; the last fput releases it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"
#include "slab.h"

static struct kmem_cache *filp_cachep;
static long files_in_use;

void filp_cache_init(void)
{
	filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0,
					SLAB_PANIC, NULL);
	files_in_use = 0;
}

void filp_cache_exit(void)
{
	if (filp_cachep)
		kmem_cache_destroy(filp_cachep);
	filp_cachep = NULL;
}

unsigned long filp_cache_shrink(void)
{
	return filp_cachep ? kmem_cache_shrink(filp_cachep) : 0;
}

long nr_files(void)
{
	return files_in_use;
}

struct file *get_file(struct file *file)
{
	file->f_count++;
	return file;
}

static unsigned int open_fmode(unsigned int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	default:		/* 3: neither, as Linux's ioctl-only opens */
		return 0;
	}
}

struct file *dentry_open(const struct path *path, unsigned int flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *file;
	int err;

	if (!inode)
		return ERR_PTR(-ENOENT);
	if ((flags & O_DIRECT) && S_ISREG(inode->i_mode) &&
	    !inode->i_mapping->a_ops->direct_IO)
		return ERR_PTR(-EINVAL);
	file = kmem_cache_zalloc(filp_cachep, GFP_KERNEL);
	if (!file)
		return ERR_PTR(-ENFILE);
	file->f_count = 1;
	file->f_path = *path;
	path_get(&file->f_path);
	file->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	file->f_mode = open_fmode(flags);
	file->f_op = inode->i_fop;
	file->f_mapping = inode->i_mapping;
	files_in_use++;
	if (file->f_op && file->f_op->open) {
		err = file->f_op->open(inode, file);
		if (err) {
			file->f_op = NULL;	/* a failed open: no release */
			fput(file);
			return ERR_PTR(err);
		}
	}
	return file;
}

void fput(struct file *file)
{
	if (!file)
		return;
	if (file->f_count <= 0) {
		fprintf(stderr, "i386mm: BUG: fput of a closed file\n");
		abort();
	}
	if (--file->f_count)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file->f_dentry->d_inode, file);
	path_put(&file->f_path);
	kmem_cache_free(filp_cachep, file);
	files_in_use--;
}
