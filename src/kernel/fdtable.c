/*
 * fdtable.c - descriptor tables (Linux's fs/file.c and fs/open.c's fd
 * half): allocating the lowest free fd, installing and closing files,
 * dup2's replacement, close-on-exec, growing the table and copying it
 * for fork. See include/fdtable.h for the rules.
 *
 * Bitmaps are 32-bit words as on i386, so "the lowest free fd" is a scan
 * of open_fds from next_fd, the hint Linux keeps so that a process
 * opening and closing one file at a time never rescans the low fds.
 */
#include <errno.h>
#include <string.h>

#include "fdtable.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"

static struct kmem_cache *files_cachep;

int files_cachep_init(void)
{
	if (!files_cachep)
		files_cachep = kmem_cache_create("files_cache",
						 sizeof(struct files_struct),
						 0, SLAB_HWCACHE_ALIGN, NULL);
	return files_cachep ? 0 : -ENOMEM;
}

void files_cachep_exit(void)
{
	if (files_cachep)
		kmem_cache_destroy(files_cachep);
	files_cachep = NULL;
}

static inline int test_fd_bit(unsigned int nr, const uint32_t *map)
{
	return (map[nr / 32] >> (nr % 32)) & 1;
}

static inline void set_fd_bit(unsigned int nr, uint32_t *map)
{
	map[nr / 32] |= 1u << (nr % 32);
}

static inline void clear_fd_bit(unsigned int nr, uint32_t *map)
{
	map[nr / 32] &= ~(1u << (nr % 32));
}

/* The first clear bit at or after start, or size if there is none. */
static unsigned int find_next_zero_bit(const uint32_t *map,
				       unsigned int size, unsigned int start)
{
	unsigned int nr = start;

	while (nr < size) {
		uint32_t word = ~map[nr / 32] >> (nr % 32);

		if (word)
			return nr + (unsigned int)__builtin_ctz(word) < size ?
			       nr + (unsigned int)__builtin_ctz(word) : size;
		nr = (nr / 32 + 1) * 32;
	}
	return size;
}

static void init_fdt(struct files_struct *files)
{
	files->fdt.max_fds = NR_OPEN_DEFAULT;
	files->fdt.fd = files->fd_array;
	files->fdt.close_on_exec = files->close_on_exec_init;
	files->fdt.open_fds = files->open_fds_init;
}

static int fdt_embedded(const struct files_struct *files)
{
	return files->fdt.fd == files->fd_array;
}

/* The table's own allocations: the pointers, and both bitmaps in one. */
static void free_fdt(struct files_struct *files)
{
	if (fdt_embedded(files))
		return;
	kfree(files->fdt.fd);
	kfree(files->fdt.open_fds);
}

struct files_struct *alloc_files(void)
{
	struct files_struct *files;

	if (!files_cachep)
		return NULL;
	files = kmem_cache_zalloc(files_cachep, GFP_KERNEL);
	if (!files)
		return NULL;
	files->count = 1;
	init_fdt(files);
	return files;
}

/* Grow the table so that fd nr fits: doubling, as Linux's expand_fdtable. */
static int expand_files(struct files_struct *files, unsigned int nr)
{
	struct fdtable *fdt = &files->fdt;
	unsigned int size = fdt->max_fds, words;
	struct file **fd;
	uint32_t *bits;

	if (nr < size)
		return 0;
	if (nr >= NR_OPEN_MAX)
		return -EMFILE;
	while (size <= nr)
		size *= 2;
	if (size > NR_OPEN_MAX)
		size = NR_OPEN_MAX;
	words = size / 32;
	fd = kzalloc(size * sizeof(*fd), GFP_KERNEL);
	bits = kzalloc(2 * words * sizeof(*bits), GFP_KERNEL);
	if (!fd || !bits) {
		kfree(fd);
		kfree(bits);
		return -ENOMEM;
	}
	memcpy(fd, fdt->fd, fdt->max_fds * sizeof(*fd));
	memcpy(bits, fdt->open_fds, fdt->max_fds / 8);
	memcpy(bits + words, fdt->close_on_exec, fdt->max_fds / 8);
	free_fdt(files);
	fdt->fd = fd;
	fdt->open_fds = bits;
	fdt->close_on_exec = bits + words;
	fdt->max_fds = size;
	return 0;
}

int __alloc_fd(struct files_struct *files, unsigned int start,
	       unsigned int end, unsigned int flags)
{
	struct fdtable *fdt = &files->fdt;
	unsigned int fd = start < files->next_fd ? files->next_fd : start;
	int err;

	fd = find_next_zero_bit(fdt->open_fds, fdt->max_fds, fd);
	if (fd >= end)
		return -EMFILE;
	err = expand_files(files, fd);
	if (err)
		return err;
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	set_fd_bit(fd, fdt->open_fds);
	__set_close_on_exec(files, fd, (flags & O_CLOEXEC) != 0);
	return (int)fd;
}

void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	clear_fd_bit(fd, files->fdt.open_fds);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void __fd_install(struct files_struct *files, unsigned int fd,
		  struct file *file)
{
	files->fdt.fd[fd] = file;
}

struct file *fcheck_files(struct files_struct *files, unsigned int fd)
{
	if (!files || fd >= files->fdt.max_fds)
		return NULL;
	return files->fdt.fd[fd];
}

int __close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *file = fcheck_files(files, fd);

	if (!file)
		return -EBADF;
	files->fdt.fd[fd] = NULL;
	clear_fd_bit(fd, files->fdt.close_on_exec);
	__put_unused_fd(files, fd);
	fput(file);	/* no write-back: close does not force it on Linux */
	return 0;
}

int do_dup2(struct files_struct *files, struct file *file, unsigned int fd,
	    unsigned int flags)
{
	struct file *tofree;
	int err = expand_files(files, fd);

	if (err)
		return err;
	tofree = files->fdt.fd[fd];
	files->fdt.fd[fd] = get_file(file);
	set_fd_bit(fd, files->fdt.open_fds);
	__set_close_on_exec(files, fd, (flags & O_CLOEXEC) != 0);
	if (tofree)
		fput(tofree);
	return (int)fd;
}

void __set_close_on_exec(struct files_struct *files, unsigned int fd,
			 int on)
{
	if (on)
		set_fd_bit(fd, files->fdt.close_on_exec);
	else
		clear_fd_bit(fd, files->fdt.close_on_exec);
}

int close_on_exec(struct files_struct *files, unsigned int fd)
{
	return fd < files->fdt.max_fds &&
	       test_fd_bit(fd, files->fdt.close_on_exec);
}

void do_close_on_exec(struct files_struct *files)
{
	unsigned int fd;

	for (fd = 0; fd < files->fdt.max_fds; fd++)
		if (test_fd_bit(fd, files->fdt.close_on_exec))
			__close_fd(files, fd);
}

unsigned int count_open_fds(struct files_struct *files)
{
	unsigned int fd, n = 0;

	for (fd = 0; fd < files->fdt.max_fds; fd++)
		if (files->fdt.fd[fd])
			n++;
	return n;
}

struct files_struct *dup_fd(struct files_struct *old, int *errorp)
{
	struct files_struct *files = alloc_files();
	unsigned int fd, last = 0;

	*errorp = -ENOMEM;
	if (!files)
		return NULL;
	for (fd = 0; fd < old->fdt.max_fds; fd++)
		if (old->fdt.fd[fd])
			last = fd;
	*errorp = expand_files(files, last);
	if (*errorp) {
		put_files_struct(files);
		return NULL;
	}
	for (fd = 0; fd <= last; fd++) {
		struct file *file = old->fdt.fd[fd];

		if (!file)
			continue;
		files->fdt.fd[fd] = get_file(file);
		set_fd_bit(fd, files->fdt.open_fds);
		__set_close_on_exec(files, fd, close_on_exec(old, fd));
	}
	files->next_fd = old->next_fd;
	return files;
}

void put_files_struct(struct files_struct *files)
{
	unsigned int fd;

	if (!files || --files->count > 0)
		return;
	for (fd = 0; fd < files->fdt.max_fds; fd++)
		if (files->fdt.fd[fd])
			fput(files->fdt.fd[fd]);
	free_fdt(files);
	kmem_cache_free(files_cachep, files);
}

/* ---------------------------------------------- current's table */

unsigned int task_nofile(void)
{
	uint64_t lim = current->rlim[RLIMIT_NOFILE].rlim_cur;

	return lim < NR_OPEN_MAX ? (unsigned int)lim : NR_OPEN_MAX;
}

int get_unused_fd_flags(unsigned int flags)
{
	return __alloc_fd(current->files, 0, task_nofile(), flags);
}

void put_unused_fd(unsigned int fd)
{
	__put_unused_fd(current->files, fd);
}

void fd_install(unsigned int fd, struct file *file)
{
	__fd_install(current->files, fd, file);
}

struct file *fget(int fd)
{
	struct file *file;

	if (fd < 0 || !current)
		return NULL;
	file = fcheck_files(current->files, (unsigned int)fd);
	return file ? get_file(file) : NULL;
}

int close_fd(int fd)
{
	if (fd < 0)
		return -EBADF;
	return __close_fd(current->files, (unsigned int)fd);
}
