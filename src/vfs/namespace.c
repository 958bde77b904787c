/*
 * namespace.c - the mount tree (Linux's fs/namespace.c): vfsmount objects
 * joining a filesystem's root dentry to a dentry of its parent mount, the
 * lookup the path walk uses to cross them, and mount/umount.
 *
 * One difference from Linux: a mount point need not exist in the parent
 * filesystem. The guest's --root directory may lack proc, tmp or dev; the
 * mount then sits on a negative dentry, which the mount pins, and the
 * walk crosses it all the same.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

struct list_head vfs_mounts = LIST_HEAD_INIT(vfs_mounts);
static struct vfsmount *root_mnt;

struct vfsmount *mntget(struct vfsmount *mnt)
{
	if (mnt)
		mnt->mnt_count++;
	return mnt;
}

void mntput(struct vfsmount *mnt)
{
	if (!mnt || --mnt->mnt_count)
		return;
	dput(mnt->mnt_root);
	deactivate_super(mnt->mnt_sb);
	kfree(mnt);
}

struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *dentry)
{
	struct vfsmount *m, *found = NULL;

	if (!d_mountpoint(dentry))
		return NULL;
	list_for_each_entry(m, &vfs_mounts, mnt_list)	/* the last on top */
		if (m->mnt_parent == mnt && m->mnt_mountpoint == dentry &&
		    m != mnt)
			found = m;
	return found;
}

void get_vfs_root(struct path *root)
{
	root->mnt = mntget(root_mnt);
	root->dentry = dget(root_mnt ? root_mnt->mnt_root : NULL);
}

static struct vfsmount *vfs_kern_mount(struct file_system_type *type,
				       unsigned int flags, const void *data)
{
	struct vfsmount *mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	struct super_block *sb;

	if (!mnt)
		return ERR_PTR(-ENOMEM);
	sb = sget(type, flags, data);
	if (IS_ERR(sb)) {
		kfree(mnt);
		return ERR_PTR(PTR_ERR(sb));
	}
	mnt->mnt_sb = sb;
	mnt->mnt_root = dget(sb->s_root);
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	mnt->mnt_count = 1;		/* the mount tree's */
	mnt->mnt_flags = flags & MS_RDONLY;
	INIT_LIST_HEAD(&mnt->mnt_list);
	return mnt;
}

/* The dentry to mount on: the path itself, positive or not. */
static int mountpoint_path(struct fs_struct *fs, const char *name,
			   struct path *mp)
{
	struct nameidata nd;
	struct dentry *dentry;
	int err = path_lookup(fs, NULL, name, LOOKUP_PARENT, &nd);

	if (err)
		return err;
	if (nd.last_type != LAST_NORM) {	/* "/", "." or "..": no name */
		mp->mnt = mntget(nd.path.mnt);
		mp->dentry = dget(nd.path.dentry);
		path_release(&nd);
		return 0;
	}
	dentry = lookup_one_len(nd.last.name, nd.path.dentry, nd.last.len);
	if (IS_ERR(dentry)) {
		path_release(&nd);
		return (int)PTR_ERR(dentry);
	}
	mp->mnt = mntget(nd.path.mnt);
	mp->dentry = dentry;
	path_release(&nd);
	follow_down(mp);
	return 0;
}

static int do_mount(struct fs_struct *fs, const char *type, const char *path,
		    unsigned int ms_flags, const void *data, int any)
{
	struct file_system_type *t = get_fs_type(type);
	struct vfsmount *mnt;
	struct path mp;
	int err;

	if (!t)
		return -ENODEV;
	if (!path) {
		if (root_mnt)
			return -EBUSY;
		mnt = vfs_kern_mount(t, ms_flags, data);
		if (IS_ERR(mnt))
			return (int)PTR_ERR(mnt);
		root_mnt = mnt;
		list_add_tail(&mnt->mnt_list, &vfs_mounts);
		return 0;
	}
	err = mountpoint_path(fs, path, &mp);
	if (err)
		return err;
	if (!any && (!mp.dentry->d_inode ||
		     !S_ISDIR(mp.dentry->d_inode->i_mode))) {
		err = mp.dentry->d_inode ? -ENOTDIR : -ENOENT;
		path_put(&mp);
		return err;
	}
	mnt = vfs_kern_mount(t, ms_flags, data);
	if (IS_ERR(mnt)) {
		path_put(&mp);
		return (int)PTR_ERR(mnt);
	}
	mnt->mnt_parent = mp.mnt;		/* the references of mp */
	mnt->mnt_mountpoint = mp.dentry;
	mp.dentry->d_mounted++;
	list_add_tail(&mnt->mnt_list, &vfs_mounts);
	return 0;
}

int vfs_mount(struct fs_struct *fs, const char *type, const char *path,
	      unsigned int ms_flags, const void *data)
{
	return do_mount(fs, type, path, ms_flags, data, 0);
}

/* The boot mounts: over whatever the host root has at that name. */
int vfs_mount_any(struct fs_struct *fs, const char *type, const char *path,
		  unsigned int ms_flags, const void *data)
{
	return do_mount(fs, type, path, ms_flags, data, 1);
}

static int has_child_mounts(struct vfsmount *mnt)
{
	struct vfsmount *m;

	list_for_each_entry(m, &vfs_mounts, mnt_list)
		if (m->mnt_parent == mnt && m != mnt)
			return 1;
	return 0;
}

/* Take mnt out of the tree and drop the tree's references. */
static void umount_tree(struct vfsmount *mnt)
{
	list_del_init(&mnt->mnt_list);
	if (mnt->mnt_parent != mnt) {
		mnt->mnt_mountpoint->d_mounted--;
		dput(mnt->mnt_mountpoint);
		mntput(mnt->mnt_parent);
		mnt->mnt_parent = mnt;
		mnt->mnt_mountpoint = mnt->mnt_root;
	}
	if (mnt == root_mnt)
		root_mnt = NULL;
	mntput(mnt);
}

int vfs_umount(struct fs_struct *fs, const char *path)
{
	struct path p;
	int err = kern_path(fs, NULL, path, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	if (p.dentry != p.mnt->mnt_root || p.mnt == root_mnt) {
		path_put(&p);
		return -EINVAL;
	}
	/* busy: anything but the tree and this lookup holds it */
	if (p.mnt->mnt_count > 2 || has_child_mounts(p.mnt)) {
		path_put(&p);
		return -EBUSY;
	}
	dput(p.dentry);
	umount_tree(p.mnt);	/* drops the tree's reference */
	mntput(p.mnt);		/* and ours: the last */
	return 0;
}

/* Every mount, children before parents; for vfs_exit. */
void umount_all(void)
{
	while (!list_empty(&vfs_mounts))
		umount_tree(list_entry(vfs_mounts.prev, struct vfsmount,
				       mnt_list));
}

/* Cross every mount stacked on path, downwards (Linux's follow_mount). */
int follow_down(struct path *path)
{
	struct vfsmount *m;
	int crossed = 0;

	while ((m = lookup_mnt(path->mnt, path->dentry))) {
		struct vfsmount *mnt = mntget(m);
		struct dentry *root = dget(m->mnt_root);

		path_put(path);
		path->mnt = mnt;
		path->dentry = root;
		crossed = 1;
	}
	return crossed;
}

/* From a mount's root to where it is mounted; 0 at the top of the tree. */
int follow_up(struct path *path)
{
	struct vfsmount *mnt = path->mnt, *parent = mnt->mnt_parent;
	struct dentry *mp;

	if (parent == mnt)
		return 0;
	mntget(parent);
	mp = dget(mnt->mnt_mountpoint);
	path_put(path);
	path->mnt = parent;
	path->dentry = mp;
	return 1;
}
