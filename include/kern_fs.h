/*
 * kern_fs.h - the kernel's side of the VFS: bringing the file systems up
 * for a run and down after it, the virtual clock they live on, the
 * kernel's internal mounts (pipefs, exec's), the emulator's own
 * standard streams as files, and the one way a task waits.
 *
 *	fs_boot(root, flags, seed)	vfs_init over --root, the VFS clock
 *					on the virtual epoch, urandom's
 *					seed, the fd tables' cache, pipefs
 *	fs_tick()			from the run loop: the VFS clock, and
 *					every DIRTY_WRITEBACK_INTERVAL the
 *					periodic flusher (wb_kupdate)
 *	fs_shutdown()			every process gone: write everything
 *					back, unmount everything, free it
 *
 * Write-back follows Linux: write(2) dirties page-cache pages and
 * returns; the flusher writes an inode back once it has been dirty for
 * dirty_expire_interval (30 s of virtual time), fsync and O_SYNC write
 * at once, and close(2) writes nothing (Linux's close does not flush).
 * fs_shutdown writes everything, so the host files are complete when
 * i386mm returns.
 */
#ifndef I386MM_KERN_FS_H
#define I386MM_KERN_FS_H

#include <stdint.h>

struct file;
struct vfsmount;
struct task_struct;

/* Linux's dirty_writeback_interval: the flusher runs every 5 s. */
#define DIRTY_WRITEBACK_INTERVAL	(5 * VFS_HZ)

int fs_boot(const char *root, unsigned int vfs_flags, uint64_t seed);
void fs_tick(void);
void fs_shutdown(void);
/* The VFS clock's ticks for the virtual time now. */
uint64_t fs_jiffies(void);

/*
 * A mount of type outside the mount tree (Linux's kern_mount), reachable
 * only through the pointer it returns; kern_unmount drops it.
 */
struct vfsmount *kern_mount(const char *type, unsigned int ms_flags,
			    const void *data);
void kern_unmount(struct vfsmount *mnt);

/*
 * exec's file: the host path of the first PROGRAM opened read-only
 * through an internal read-only hostfs mount of its directory, which no
 * guest path reaches (kept until fs_shutdown). Its pages are page-cache
 * pages like any file's, shared by every open of it; /proc/PID/maps
 * shows it as /NAME. ERR_PTR(-errno).
 */
struct file *open_exec(const char *host_path);

/*
 * Linux's shmem_file_setup: an unlinked tmpfs file of size bytes on the
 * kernel's own tmpfs mount (shm_mnt), opened read-write. A shared
 * anonymous mapping is a mapping of one (shmem_zero_setup), so a fork's
 * processes share its pages, including those touched after the fork.
 */
struct file *shmem_file_setup(const char *name, int64_t size);

/*
 * The emulator's standard stream host_fd as a file: reads and writes go
 * to the host descriptor, stat describes it, close leaves it open (a
 * guest that closes fd 1 does not close i386mm's stdout).
 * ERR_PTR(-EBADF) if the host's is closed.
 */
struct file *host_stream_open(int host_fd);
int file_is_host_stream(const struct file *file);
int host_stream_fd(const struct file *file);

/*
 * A task must sleep until another process acts (a pipe's other end).
 * Only one process exists yet, so nothing can ever wake it: this records
 * why (for the deadlock report) and returns -ERESTARTSYS, which the
 * system-call entry turns into the task's end (see syscall.c).
 */
#define ERESTARTSYS	512	/* kernel-internal, never user-visible */
int wait_for_other_process(const char *why);

#endif
