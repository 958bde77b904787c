/*
 * fs_struct.c - a process's root and working directory (Linux's
 * fs/fs_struct.c), from the slab cache "fs_cache": the starting points
 * of every path walk. fork shares or copies it, chdir and chroot change
 * it, and each holds references on its two paths.
 */
#include <errno.h>
#include "internal.h"
#include "slab.h"

static struct kmem_cache *fs_cachep;

void fs_struct_cache_init(void)
{
	fs_cachep = kmem_cache_create("fs_cache", sizeof(struct fs_struct), 0,
				      SLAB_PANIC, NULL);
}

void fs_struct_cache_exit(void)
{
	if (fs_cachep)
		kmem_cache_destroy(fs_cachep);
	fs_cachep = NULL;
}

unsigned long fs_struct_cache_shrink(void)
{
	return fs_cachep ? kmem_cache_shrink(fs_cachep) : 0;
}

struct fs_struct *alloc_fs_struct(const struct path *root,
				  const struct path *pwd)
{
	struct fs_struct *fs = kmem_cache_alloc(fs_cachep, GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	fs->root = *root;
	fs->pwd = *pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	return fs;
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	return alloc_fs_struct(&old->root, &old->pwd);
}

void put_fs_struct(struct fs_struct *fs)
{
	if (!fs || --fs->users)
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kmem_cache_free(fs_cachep, fs);
}

void set_fs_root(struct fs_struct *fs, const struct path *path)
{
	struct path old = fs->root;

	path_get(path);
	fs->root = *path;
	path_put(&old);
}

void set_fs_pwd(struct fs_struct *fs, const struct path *path)
{
	struct path old = fs->pwd;

	path_get(path);
	fs->pwd = *path;
	path_put(&old);
}

static int lookup_dir(struct fs_struct *fs, const struct path *base,
		      const char *name, struct path *path)
{
	return kern_path(fs, base, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			 path);
}

int do_chdir(struct fs_struct *fs, const struct path *base,
	     const char *name)
{
	struct path path;
	int err = lookup_dir(fs, base, name, &path);

	if (err)
		return err;
	set_fs_pwd(fs, &path);
	path_put(&path);
	return 0;
}

int do_chroot(struct fs_struct *fs, const struct path *base,
	      const char *name)
{
	struct path path;
	int err = lookup_dir(fs, base, name, &path);

	if (err)
		return err;
	set_fs_root(fs, &path);
	path_put(&path);
	return 0;
}
