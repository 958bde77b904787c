/*
 * vfs_test.h - what the VFS tests share: a host directory built for each
 * test as the guest's root, booting memory and the VFS over it, and
 * small wrappers that turn VFS calls into one-line assertions.
 *
 * Include after <cmocka.h>, in a file that starts with _GNU_SOURCE.
 * Host files are made with the host's own calls, so a test can check
 * what really reached the host.
 */
#ifndef I386MM_VFS_TEST_H
#define I386MM_VFS_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs.h"
#include "gfp.h"
#include "pagemap.h"
#include "seq_file.h"
#include "slab.h"

/* base/ holds root/ (the guest's /) and things that must stay outside */
static char vt_base[256], vt_root[300];
static struct fs_struct *vt_fs;

static inline void vt_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", vt_root, rel);
}

static inline void vt_mkdir(const char *rel)
{
	char p[512];

	vt_path(p, sizeof(p), rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static inline void vt_write(const char *rel, const void *data, size_t len)
{
	char p[512];
	int fd;

	vt_path(p, sizeof(p), rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static inline void vt_symlink(const char *target, const char *rel)
{
	char p[512];

	vt_path(p, sizeof(p), rel);
	assert_int_equal(symlink(target, p), 0);
}

/* The host file's bytes (up to cap); -1 if it cannot be read. */
static inline ssize_t vt_read_host(const char *rel, void *buf, size_t cap)
{
	char p[512];
	ssize_t n;
	int fd;

	vt_path(p, sizeof(p), rel);
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, cap);
	close(fd);
	return n;
}

static inline int vt_rm(const char *path, const struct stat *st, int flag,
		 struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void vt_make_root(void)
{
	snprintf(vt_base, sizeof(vt_base), "%s/i386mm-vfs-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(vt_base));
	snprintf(vt_root, sizeof(vt_root), "%s/root", vt_base);
	assert_int_equal(mkdir(vt_root, 0755), 0);
}

static inline void vt_remove_root(void)
{
	if (vt_base[0])
		nftw(vt_base, vt_rm, 16, FTW_DEPTH | FTW_PHYS);
	vt_base[0] = '\0';
}

/* Memory, the VFS over vt_root, and a process view (vt_fs) at /. */
static inline int vt_boot(uint64_t mem, unsigned int vfs_flags)
{
	struct path root;

	if (mem_init(mem))
		return -1;
	if (vfs_init(vt_root, vfs_flags))
		return -1;
	get_vfs_root(&root);
	vt_fs = alloc_fs_struct(&root, &root);
	path_put(&root);
	return vt_fs ? 0 : -1;
}

static inline void vt_shutdown(void)
{
	put_fs_struct(vt_fs);
	vt_fs = NULL;
	vfs_exit();
	mem_exit();
}

static inline struct file *vt_open(const char *name, unsigned int flags,
			    umode_t mode)
{
	return filp_open(vt_fs, NULL, name, flags, mode);
}

static inline long vt_open_err(const char *name, unsigned int flags)
{
	struct file *f = vt_open(name, flags, 0644);

	if (IS_ERR(f))
		return PTR_ERR(f);
	fput(f);
	return 0;
}

static inline int vt_lookup_err(const char *name, unsigned int flags)
{
	struct path p;
	int err = kern_path(vt_fs, NULL, name, flags, &p);

	if (!err)
		path_put(&p);
	return err;
}

/* The guest path a lookup of name ends at ("/" based), in buf. */
static inline const char *vt_resolve(const char *name, unsigned int flags,
			      char *buf, int len)
{
	struct path p;
	const char *s;

	if (kern_path(vt_fs, NULL, name, flags, &p))
		return NULL;
	s = d_path(&p, &vt_fs->root, buf, len);
	path_put(&p);
	return IS_ERR(s) ? NULL : s;
}

/* Whole-file read through the VFS into buf (cap bytes); bytes or -errno */
static inline ssize_t vt_cat(const char *name, char *buf, size_t cap)
{
	struct file *f = vt_open(name, O_RDONLY, 0);
	size_t done = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (done < cap &&
	       (n = vfs_read(f, buf + done, cap - done, &f->f_pos)) > 0)
		done += (size_t)n;
	fput(f);
	return (ssize_t)done;
}

/* Free frames once every cache has given back what it can. */
static inline unsigned long vt_free_after_shrink(void)
{
	shrink_slab(~0ul, GFP_KERNEL);
	return nr_free_pages();
}

#endif
