/*
 * super.c - filesystem types and super blocks (Linux's fs/super.c and
 * fs/filesystems.c): the registry of types by name, creating a super block
 * for a mount (sget, fill_super) and tearing it down when its last mount
 * goes (write back, drop the dentry tree, check that every inode went).
 *
 * Every super block gets an anonymous device number 0:n, n counted in
 * mount order from 1, as Linux's set_anon_super does; stat's st_dev and
 * /proc/PID/maps show it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "pagemap.h"
#include "slab.h"

static struct file_system_type *file_systems;
static struct list_head super_blocks = LIST_HEAD_INIT(super_blocks);
static unsigned int unnamed_dev_last;

void register_filesystem(struct file_system_type *fs)
{
	struct file_system_type **p = &file_systems;

	while (*p) {
		if (*p == fs)
			return;
		p = &(*p)->next;
	}
	fs->next = NULL;
	*p = fs;
}

void unregister_filesystem(struct file_system_type *fs)
{
	struct file_system_type **p;

	for (p = &file_systems; *p; p = &(*p)->next)
		if (*p == fs) {
			*p = fs->next;
			fs->next = NULL;
			return;
		}
}

struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;

	for (fs = file_systems; fs; fs = fs->next)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

void super_reset(void)
{
	unnamed_dev_last = 0;
}

struct super_block *sget(struct file_system_type *type, unsigned int flags,
			 const void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	int err;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&sb->s_inodes);
	INIT_LIST_HEAD(&sb->s_dirty);
	sb->s_type = type;
	sb->s_flags = flags;
	sb->s_dev = MKDEV(UNNAMED_MAJOR, ++unnamed_dev_last);
	sb->s_blocksize = PAGE_SIZE;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_active = 1;
	list_add_tail(&sb->s_list, &super_blocks);
	err = type->fill_super(sb, data);
	if (err) {
		type->kill_sb(sb);	/* undoes whatever fill_super did */
		return ERR_PTR(err);
	}
	return sb;
}

/* Write back, drop every dentry and inode, free the super block. */
void generic_shutdown_super(struct super_block *sb)
{
	struct dentry *root = sb->s_root;

	if (root) {
		sb->s_root = NULL;
		sync_super(sb);
		dput(root);
	}
	shrink_dcache_sb(sb);
	if (!list_empty(&sb->s_inodes))
		fprintf(stderr, "i386mm: VFS: busy inodes on %s after "
			"unmount\n", sb->s_type->name);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	list_del(&sb->s_list);
	kfree(sb);
}

void kill_anon_super(struct super_block *sb)
{
	generic_shutdown_super(sb);
}

void deactivate_super(struct super_block *sb)
{
	if (--sb->s_active == 0)
		sb->s_type->kill_sb(sb);
}

/* Write back every dirty inode of sb, oldest first. */
int sync_super(struct super_block *sb)
{
	int err = 0;

	while (!list_empty(&sb->s_dirty)) {
		struct inode *inode = list_first_entry(&sb->s_dirty,
						       struct inode, i_list);
		int e = write_inode_now(inode);

		if (e && !err)
			err = e;
		inode_clear_dirty(inode);	/* even if it failed */
	}
	return err;
}

int sync_filesystems(void)
{
	struct super_block *sb;
	int err = 0;

	list_for_each_entry(sb, &super_blocks, s_list) {
		int e = sync_super(sb);

		if (e && !err)
			err = e;
	}
	return err;
}

struct list_head *all_super_blocks(void)
{
	return &super_blocks;
}
