/*
 * fdtable.h - a process's open files (Linux's files_struct and fdtable):
 * the table from descriptor numbers to struct file, the close-on-exec
 * bits, and the calls that allocate, install, duplicate and close
 * descriptors.
 *
 * A files_struct comes from the slab cache "files_cache" and starts with
 * room for NR_OPEN_DEFAULT descriptors inside it; a process that opens
 * more gets a larger table (kmalloc'ed: emulated lowmem, as every kernel
 * object), doubled as needed up to NR_OPEN_MAX. Each installed fd holds
 * one reference to its file (f_count), so dup'ed fds share the file, its
 * offset and its status flags, while close-on-exec belongs to the fd.
 *
 * The __ functions take the table explicitly (fork, exec and the tests
 * use them); the others act on current's, within its RLIMIT_NOFILE.
 */
#ifndef I386MM_FDTABLE_H
#define I386MM_FDTABLE_H

#include <stdint.h>

struct file;

#define NR_OPEN_DEFAULT	32		/* BITS_PER_LONG on i386 */
/* The largest table: its pointers fill kmalloc's largest block. */
#define NR_OPEN_MAX	16384u
#define FD_CLOEXEC	1

struct fdtable {
	unsigned int max_fds;
	struct file **fd;		/* fd -> file, NULL when free */
	uint32_t *close_on_exec;	/* one bit per fd */
	uint32_t *open_fds;		/* one bit per fd: allocated */
};

struct files_struct {
	int count;			/* tasks sharing it (CLONE_FILES) */
	struct fdtable fdt;
	unsigned int next_fd;		/* no free fd below this one */
	uint32_t close_on_exec_init[NR_OPEN_DEFAULT / 32];
	uint32_t open_fds_init[NR_OPEN_DEFAULT / 32];
	struct file *fd_array[NR_OPEN_DEFAULT];
};

/* The slab cache; created at boot (files_cachep_init), 0 or -ENOMEM. */
int files_cachep_init(void);
void files_cachep_exit(void);

/* An empty table; NULL on ENOMEM. */
struct files_struct *alloc_files(void);
/* fork without CLONE_FILES: a copy whose fds share old's files. */
struct files_struct *dup_fd(struct files_struct *old, int *errorp);
/* Drop a user; the last closes every fd and frees the table. */
void put_files_struct(struct files_struct *files);

/*
 * The lowest free fd in [start, end), marked allocated (no file yet),
 * with close-on-exec if flags has O_CLOEXEC. -EMFILE when none is free
 * below end, -ENOMEM if the table cannot grow.
 */
int __alloc_fd(struct files_struct *files, unsigned int start,
	       unsigned int end, unsigned int flags);
/* Give back an fd __alloc_fd returned, never installed. */
void __put_unused_fd(struct files_struct *files, unsigned int fd);
/* Install file (its reference) in an allocated fd. */
void __fd_install(struct files_struct *files, unsigned int fd,
		  struct file *file);
/* The file of fd, no reference taken; NULL if fd is not open. */
struct file *fcheck_files(struct files_struct *files, unsigned int fd);
/* Close fd: 0, or -EBADF if it was not open. */
int __close_fd(struct files_struct *files, unsigned int fd);
/*
 * dup2's core: make fd name file (a new reference is taken), closing
 * what fd held, with close-on-exec as flags' O_CLOEXEC says. fd must be
 * below the caller's limit; returns fd, or -ENOMEM, or -EMFILE past
 * NR_OPEN_MAX.
 */
int do_dup2(struct files_struct *files, struct file *file, unsigned int fd,
	    unsigned int flags);
void __set_close_on_exec(struct files_struct *files, unsigned int fd,
			 int on);
int close_on_exec(struct files_struct *files, unsigned int fd);
/* exec: close every fd marked close-on-exec. */
void do_close_on_exec(struct files_struct *files);
/* Open fds (for tests and /proc). */
unsigned int count_open_fds(struct files_struct *files);

/* ---------------------------------------------- current's table */

/* RLIMIT_NOFILE of current, clamped to NR_OPEN_MAX. */
unsigned int task_nofile(void);
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
void fd_install(unsigned int fd, struct file *file);
/* current's file of fd with a reference (fput it), or NULL: -EBADF. */
struct file *fget(int fd);
int close_fd(int fd);

#endif
