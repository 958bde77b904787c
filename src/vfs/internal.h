/*
 * internal.h - what the files of src/vfs share and nobody else needs:
 * cache set-up and teardown, the mount tree's crossing helpers, the
 * dirty-inode list, and the filesystem types the VFS mounts at boot.
 */
#ifndef I386MM_VFS_INTERNAL_H
#define I386MM_VFS_INTERNAL_H

#include <errno.h>
#include <string.h>
#include "fs.h"
#include "gfp.h"

/* caches, created by vfs_init in this order and destroyed in reverse */
void inode_cache_init(void);
void inode_cache_exit(void);
unsigned long inode_cache_shrink(void);
extern struct kmem_cache *inode_cachep;
void dcache_init(void);
void dcache_exit(void);
unsigned long dcache_shrink_caches(void);
void filp_cache_init(void);
void filp_cache_exit(void);
unsigned long filp_cache_shrink(void);
void fs_struct_cache_init(void);
void fs_struct_cache_exit(void);
unsigned long fs_struct_cache_shrink(void);

/* super blocks and mounts */
void generic_shutdown_super(struct super_block *sb);
int sync_super(struct super_block *sb);
struct list_head *all_super_blocks(void);
void super_reset(void);
int follow_down(struct path *path);
int follow_up(struct path *path);
void umount_all(void);
int vfs_mount_any(struct fs_struct *fs, const char *type, const char *path,
		  unsigned int ms_flags, const void *data);

/* dcache lookups for the namei files */
struct dentry *lookup_hash(const struct qstr *name, struct dentry *base);

/* write-back */
void inode_clear_dirty(struct inode *inode);

/* the filesystems */
extern struct file_system_type hostfs_fs_type;
extern struct file_system_type tmpfs_fs_type;
extern struct file_system_type proc_fs_type;
extern struct file_system_type devfs_fs_type;
void hostfs_init_caches(void);
void hostfs_exit_caches(void);
unsigned long hostfs_shrink_caches(void);
void proc_init_caches(void);
void proc_exit_caches(void);
unsigned long proc_shrink_caches(void);

/* the slab caches the shrinker can empty (meminfo's SReclaimable) */
extern struct kmem_cache *dentry_cache, *dname_cache;
extern struct kmem_cache *hostfs_inode_cachep, *proc_inode_cachep;
extern struct kmem_cache *radix_tree_node_cachep;
unsigned long vfs_reclaimable_slab_pages(void);

/* magic numbers (statfs f_type), Linux's */
#define TMPFS_MAGIC	0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define HOSTFS_SUPER_MAGIC 0x00c0ffee
#define DEVFS_SUPER_MAGIC 0x1373

#endif
