/*
 * fs_boot.c - the file systems over a run (see kern_fs.h): the VFS over
 * --root, the kernel's internal mounts, the VFS clock driven by the
 * virtual clock, the periodic flusher, and the teardown that writes
 * everything back before the "nothing lost" count.
 *
 * The internal mounts are Linux's kern_mount: a vfsmount whose parent is
 * itself and which no mount-tree walk can reach. pipefs holds pipes and
 * the standard streams. The exec mount is a read-only hostfs over the
 * directory of the first PROGRAM (a host path), which is opened in it as
 * a file with page-cache pages like any other. The mount of the last
 * directory used is kept until fs_shutdown, so opening the same program
 * again finds its pages in the cache. (A mount of the
 * host's "/" would show the full host path in /proc/PID/maps, but hostfs
 * tells inodes apart by number only, and numbers repeat across the host
 * mounts such a walk crosses, /dev and /dev/shm for one.)
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fdtable.h"
#include "fs.h"
#include "kern_fs.h"
#include "pagemap.h"
#include "pipe_fs_i.h"
#include "shmem_fs.h"
#include "slab.h"
#include "timekeeping.h"

static uint64_t next_writeback;
static struct vfsmount *shm_mnt;	/* shmem_file_setup's files */
static struct vfsmount *exec_mnt;	/* the last exec directory's */
static char *exec_dir;

struct vfsmount *kern_mount(const char *type, unsigned int ms_flags,
			    const void *data)
{
	struct file_system_type *t = get_fs_type(type);
	struct vfsmount *mnt;
	struct super_block *sb;

	if (!t)
		return ERR_PTR(-ENODEV);
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	if (!mnt)
		return ERR_PTR(-ENOMEM);
	sb = sget(t, ms_flags, data);
	if (IS_ERR(sb)) {
		kfree(mnt);
		return ERR_PTR(PTR_ERR(sb));
	}
	INIT_LIST_HEAD(&mnt->mnt_list);
	mnt->mnt_sb = sb;
	mnt->mnt_root = dget(sb->s_root);
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	mnt->mnt_count = 1;
	mnt->mnt_flags = ms_flags & MS_RDONLY;
	return mnt;
}

void kern_unmount(struct vfsmount *mnt)
{
	mntput(mnt);
}

uint64_t fs_jiffies(void)
{
	return (uint64_t)ktime_get_ns() / (uint64_t)(NSEC_PER_SEC / VFS_HZ);
}

static void exec_mount_put(void)
{
	if (exec_mnt)
		kern_unmount(exec_mnt);
	exec_mnt = NULL;
	free(exec_dir);
	exec_dir = NULL;
}

/* The exec mount of host directory dir (consumed), mounted if need be. */
static int exec_mount_get(char *dir)
{
	struct vfsmount *mnt;

	if (exec_mnt && !strcmp(exec_dir, dir)) {
		free(dir);
		return 0;
	}
	mnt = kern_mount("hostfs", MS_RDONLY, dir);
	if (IS_ERR(mnt)) {
		free(dir);
		return (int)PTR_ERR(mnt);
	}
	exec_mount_put();
	exec_mnt = mnt;
	exec_dir = dir;
	return 0;
}

struct file *open_exec(const char *host_path)
{
	char *real = realpath(host_path, NULL), *dir;
	const char *name;
	struct fs_struct *fs;
	struct file *file;
	struct path root;
	int err;

	if (!real)
		return ERR_PTR(-errno);
	name = strrchr(real, '/') + 1;
	dir = strndup(real, (size_t)(name - real > 1 ? name - real - 1 : 1));
	err = dir ? exec_mount_get(dir) : -ENOMEM;
	if (err) {
		free(real);
		return ERR_PTR(err);
	}
	root.mnt = exec_mnt;
	root.dentry = exec_mnt->mnt_root;
	fs = alloc_fs_struct(&root, &root);
	file = fs ? filp_open(fs, NULL, name, O_RDONLY, 0) : ERR_PTR(-ENOMEM);
	put_fs_struct(fs);
	free(real);
	return file;
}

struct file *shmem_file_setup(const char *name, int64_t size)
{
	struct qstr q = { name, (unsigned int)strlen(name), 0 };
	struct inode *inode;
	struct dentry *dentry;
	struct path path;
	struct file *file;

	if (!shm_mnt)
		return ERR_PTR(-ENODEV);
	inode = shmem_get_inode(shm_mnt->mnt_sb, S_IFREG | 0600);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_size = size;
	q.hash = full_name_hash(q.name, q.len);
	dentry = d_alloc(shm_mnt->mnt_root, &q);	/* never hashed */
	if (!dentry) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(dentry, inode);
	path.mnt = shm_mnt;
	path.dentry = dentry;
	file = dentry_open(&path, O_RDWR);
	dput(dentry);
	return file;
}

int fs_boot(const char *root, unsigned int vfs_flags, uint64_t seed)
{
	int err = vfs_init(root, vfs_flags);

	if (err)
		return err;
	vfs_epoch = VCLOCK_EPOCH;	/* inode times on the virtual clock */
	vfs_set_clock(fs_jiffies());
	next_writeback = vfs_jiffies + DIRTY_WRITEBACK_INTERVAL;
	devfs_set_urandom_seed(seed);
	err = files_cachep_init();
	if (!err)
		err = pipefs_init();
	if (!err) {
		shm_mnt = kern_mount("tmpfs", 0, NULL);
		if (IS_ERR(shm_mnt)) {
			err = (int)PTR_ERR(shm_mnt);
			shm_mnt = NULL;
		}
	}
	if (err)
		fs_shutdown();
	return err;
}

void fs_tick(void)
{
	uint64_t now = fs_jiffies();

	vfs_set_clock(now);
	if (now < next_writeback)
		return;
	wb_kupdate(now);
	next_writeback = now + DIRTY_WRITEBACK_INTERVAL;
}

void fs_shutdown(void)
{
	sync_filesystems();
	exec_mount_put();
	if (shm_mnt) {
		kern_unmount(shm_mnt);
		shm_mnt = NULL;
	}
	pipefs_exit();
	vfs_exit();
	files_cachep_exit();
}
