/*
 * init.c - bringing the VFS up and down (Linux's vfs_caches_init and
 * mnt_init), its clock, and its shrinker.
 *
 * The mount tree at boot: hostfs over the guest's root directory on /,
 * procfs on /proc, tmpfs on /tmp, devfs on /dev. The shrinker frees
 * unused dentries oldest first, and with them inodes and their cached
 * pages, then gives the VFS caches' free slabs back: after
 * shrink_slab(~0ul, ...) nothing unused is left in the VFS.
 */
#include <errno.h>
#include <stdio.h>
#include "internal.h"
#include "pagemap.h"
#include "radix-tree.h"
#include "slab.h"

uint64_t vfs_jiffies;
int64_t vfs_epoch;
static int vfs_up;

void vfs_set_clock(uint64_t jiffies)
{
	if (jiffies > vfs_jiffies)
		vfs_jiffies = jiffies;
}

struct timespec current_fs_time(void)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(vfs_epoch + (int64_t)(vfs_jiffies / VFS_HZ));
	ts.tv_nsec = (long)(vfs_jiffies % VFS_HZ) * (1000000000L / VFS_HZ);
	return ts;
}

unsigned long vfs_shrink(unsigned long nr_to_scan, gfp_t gfp)
{
	unsigned long before = nr_free_pages(), after;

	(void)gfp;
	if (!vfs_up)
		return 0;
	prune_dcache(nr_to_scan);
	radix_tree_shrink();
	dcache_shrink_caches();
	inode_cache_shrink();
	hostfs_shrink_caches();
	proc_shrink_caches();
	filp_cache_shrink();
	fs_struct_cache_shrink();
	after = nr_free_pages();
	return after > before ? after - before : 0;
}

static unsigned long cache_pages(const struct kmem_cache *c)
{
	return c ? c->num_slabs << c->gfporder : 0;
}

unsigned long vfs_reclaimable_slab_pages(void)
{
	return cache_pages(dentry_cache) + cache_pages(dname_cache) +
	       cache_pages(inode_cachep) + cache_pages(hostfs_inode_cachep) +
	       cache_pages(proc_inode_cachep) +
	       cache_pages(radix_tree_node_cachep);
}

static struct shrinker vfs_shrinker = { .shrink = vfs_shrink };

static void vfs_caches_init(void)
{
	radix_tree_init();
	inode_cache_init();
	dcache_init();
	filp_cache_init();
	fs_struct_cache_init();
	hostfs_init_caches();
	proc_init_caches();
}

static void vfs_caches_exit(void)
{
	proc_exit_caches();
	hostfs_exit_caches();
	fs_struct_cache_exit();
	filp_cache_exit();
	dcache_exit();
	inode_cache_exit();
	radix_tree_exit();
}

static struct file_system_type *const boot_filesystems[] = {
	&hostfs_fs_type, &proc_fs_type, &tmpfs_fs_type, &devfs_fs_type,
};
#define NR_BOOT_FS (sizeof(boot_filesystems) / sizeof(boot_filesystems[0]))

int vfs_init(const char *host_root, unsigned int flags)
{
	unsigned int i;
	int err;

	vfs_exit();
	vfs_jiffies = 0;
	vfs_epoch = 0;
	super_reset();
	memset(&page_cache_stat, 0, sizeof(page_cache_stat));
	vfs_caches_init();
	for (i = 0; i < NR_BOOT_FS; i++)
		register_filesystem(boot_filesystems[i]);
	register_shrinker(&vfs_shrinker);
	vfs_up = 1;
	err = vfs_mount(NULL, "hostfs", NULL,
			flags & VFS_ROOT_RW ? 0 : MS_RDONLY, host_root);
	if (!err)
		err = vfs_mount_any(NULL, "proc", "/proc", 0, NULL);
	if (!err)
		err = vfs_mount_any(NULL, "tmpfs", "/tmp", 0, NULL);
	if (!err)
		err = vfs_mount_any(NULL, "devfs", "/dev", 0, NULL);
	if (err)
		vfs_exit();
	return err;
}

void vfs_exit(void)
{
	unsigned int i;

	if (!vfs_up)
		return;
	umount_all();
	prune_dcache(~0ul);
	vfs_up = 0;
	unregister_shrinker(&vfs_shrinker);
	for (i = 0; i < NR_BOOT_FS; i++)
		unregister_filesystem(boot_filesystems[i]);
	if (nr_files() || dentry_stat.nr_dentry || inodes_stat.nr_inodes) {
		/* a leak: keep the caches rather than free objects in use */
		fprintf(stderr, "i386mm: VFS: %ld files, %ld dentries, %ld "
			"inodes still held at exit\n", nr_files(),
			dentry_stat.nr_dentry, inodes_stat.nr_inodes);
		return;
	}
	vfs_caches_exit();
}
