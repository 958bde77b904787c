/*
 * test_fdtable.c - descriptor tables (fdtable.h) on a booted VFS: the
 * lowest free fd and the next_fd hint, start and end limits, growth past
 * the embedded 32 up to NR_OPEN_MAX with the contents kept, dup2's
 * reference counting and replacement, close-on-exec bits and
 * do_close_on_exec, fork's copy (dup_fd), the current task's wrappers
 * within RLIMIT_NOFILE, and that every file and frame comes back.
 * The files are pipe ends (create_pipe_files), whose f_count and
 * readers/writers show every reference.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fdtable.h"
#include "fs.h"
#include "gfp.h"
#include "kern_fs.h"
#include "pipe_fs_i.h"
#include "sched.h"
#include "slab.h"

static char root[64];
static struct files_struct *files;
static struct file *p[2];	/* a pipe: p[0] read end, p[1] write end */

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/i386mm-fdt-XXXXXX");
	if (!mkdtemp(root) || mem_init(16u << 20) || fs_boot(root, 0, 0))
		return -1;
	files = alloc_files();
	return files && !create_pipe_files(p, 0) ? 0 : -1;
}

/* Every reference dropped: no file left, every frame free. */
static int teardown(void **state)
{
	(void)state;
	put_files_struct(files);
	if (p[0])
		fput(p[0]);
	if (p[1])
		fput(p[1]);
	p[0] = p[1] = NULL;
	assert_int_equal(nr_files(), 0);
	fs_shutdown();
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	mem_exit();
	rmdir(root);
	return 0;
}

/* Allocate the lowest fd from start and install file in it. */
static int install(unsigned int start, struct file *file)
{
	int fd = __alloc_fd(files, start, NR_OPEN_MAX, 0);

	if (fd >= 0)
		__fd_install(files, (unsigned int)fd, get_file(file));
	return fd;
}

static void test_lowest_free_fd(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		assert_int_equal(install(0, p[0]), i);
	assert_int_equal(p[0]->f_count, 6);
	assert_int_equal(count_open_fds(files), 5);
	assert_int_equal(__close_fd(files, 2), 0);
	assert_int_equal(__close_fd(files, 2), -EBADF);
	assert_null(fcheck_files(files, 2));
	assert_int_equal(install(0, p[1]), 2);		/* the hole first */
	assert_int_equal(install(0, p[1]), 5);
	/* from a start: the lowest at or above it; the hint is kept */
	assert_int_equal(install(10, p[1]), 10);
	assert_int_equal(install(0, p[1]), 6);
	assert_int_equal(install(8, p[1]), 8);
	assert_int_equal(install(0, p[1]), 7);
	assert_int_equal(install(0, p[1]), 9);
	assert_int_equal(install(0, p[1]), 11);
	/* an end: -EMFILE once nothing below it is free */
	assert_int_equal(__alloc_fd(files, 0, 12, 0), -EMFILE);
	assert_int_equal(__alloc_fd(files, 0, 13, 0), 12);
	__put_unused_fd(files, 12);			/* never installed */
	assert_int_equal(__alloc_fd(files, 0, 13, 0), 12);
	__put_unused_fd(files, 12);
	assert_ptr_equal(fcheck_files(files, 0), p[0]);
	assert_ptr_equal(fcheck_files(files, 11), p[1]);
	assert_null(fcheck_files(files, 12));
	assert_null(fcheck_files(files, 100000));
	assert_int_equal(__close_fd(files, 100000), -EBADF);
}

static void test_table_grows(void **state)
{
	int i;

	(void)state;
	assert_int_equal(files->fdt.max_fds, NR_OPEN_DEFAULT);
	assert_ptr_equal(files->fdt.fd, files->fd_array);
	assert_int_equal(install(0, p[0]), 0);
	assert_int_equal(install(5, p[1]), 5);
	__set_close_on_exec(files, 5, 1);
	for (i = 0; i < 98; i++)
		install(0, p[0]);
	assert_int_equal(install(0, p[0]), 100);
	assert_int_equal(files->fdt.max_fds, 128);	/* doubled twice */
	assert_ptr_not_equal(files->fdt.fd, files->fd_array);
	/* what was there is still there */
	assert_ptr_equal(fcheck_files(files, 5), p[1]);
	assert_true(close_on_exec(files, 5));
	assert_false(close_on_exec(files, 4));
	assert_int_equal(count_open_fds(files), 101);
	/* up to NR_OPEN_MAX - 1, never beyond */
	assert_int_equal(do_dup2(files, p[0], NR_OPEN_MAX - 1, 0),
			 NR_OPEN_MAX - 1);
	assert_int_equal(files->fdt.max_fds, NR_OPEN_MAX);
	assert_int_equal(do_dup2(files, p[0], NR_OPEN_MAX, 0), -EMFILE);
	assert_int_equal(__alloc_fd(files, NR_OPEN_MAX, ~0u, 0), -EMFILE);
	assert_int_equal(__alloc_fd(files, 200, NR_OPEN_MAX, 0), 200);
	__put_unused_fd(files, 200);
	assert_int_equal(p[0]->f_count, 1 + 100 + 1);
}

static void test_dup2_references(void **state)
{
	(void)state;
	assert_int_equal(install(0, p[0]), 0);
	assert_int_equal(p[0]->f_count, 2);
	/* a new fd: one more reference */
	assert_int_equal(do_dup2(files, p[0], 7, 0), 7);
	assert_int_equal(p[0]->f_count, 3);
	/* onto an open fd: the old file loses its reference */
	assert_int_equal(do_dup2(files, p[1], 7, O_CLOEXEC), 7);
	assert_int_equal(p[0]->f_count, 2);
	assert_int_equal(p[1]->f_count, 2);
	assert_true(close_on_exec(files, 7));
	/* onto itself: nothing changes but the close-on-exec bit */
	assert_int_equal(do_dup2(files, p[1], 7, 0), 7);
	assert_int_equal(p[1]->f_count, 2);
	assert_false(close_on_exec(files, 7));
	/* the lowest free fd skips it */
	assert_int_equal(install(0, p[0]), 1);
	/* the last reference of an end closes it: readers/writers count */
	assert_int_equal(file_pipe(p[0])->writers, 1);
	fput(p[1]);
	p[1] = NULL;
	assert_int_equal(file_pipe(p[0])->writers, 1);	/* fd 7 holds it */
	assert_int_equal(__close_fd(files, 7), 0);
	assert_int_equal(file_pipe(p[0])->writers, 0);
}

static void test_close_on_exec(void **state)
{
	int fd;

	(void)state;
	fd = __alloc_fd(files, 0, NR_OPEN_MAX, O_CLOEXEC);
	__fd_install(files, (unsigned int)fd, get_file(p[0]));
	assert_true(close_on_exec(files, (unsigned int)fd));
	assert_int_equal(install(0, p[0]), 1);
	assert_int_equal(install(0, p[1]), 2);
	__set_close_on_exec(files, 2, 1);
	assert_int_equal(p[0]->f_count, 3);
	do_close_on_exec(files);
	assert_null(fcheck_files(files, 0));
	assert_ptr_equal(fcheck_files(files, 1), p[0]);
	assert_null(fcheck_files(files, 2));
	assert_int_equal(p[0]->f_count, 2);
	assert_int_equal(p[1]->f_count, 1);
	/* a closed fd's bit is clear for the next file there */
	assert_int_equal(install(0, p[1]), 0);
	assert_false(close_on_exec(files, 0));
}

static void test_dup_fd_for_fork(void **state)
{
	struct files_struct *copy;
	int err, i;

	(void)state;
	for (i = 0; i < 40; i++)
		install(0, i % 2 ? p[1] : p[0]);
	__set_close_on_exec(files, 39, 1);
	assert_int_equal(__close_fd(files, 3), 0);
	copy = dup_fd(files, &err);
	assert_non_null(copy);
	assert_int_equal(err, 0);
	assert_int_equal(copy->count, 1);
	assert_int_equal(count_open_fds(copy), 39);
	assert_int_equal(p[0]->f_count, 1 + 2 * 20);
	assert_int_equal(p[1]->f_count, 1 + 2 * 19);
	assert_true(close_on_exec(copy, 39));
	assert_null(fcheck_files(copy, 3));
	assert_ptr_equal(fcheck_files(copy, 38), p[0]);
	/* the copy's lowest free fd is the hole, as the original's */
	assert_int_equal(__alloc_fd(copy, 0, NR_OPEN_MAX, 0), 3);
	__put_unused_fd(copy, 3);
	/* closing in one leaves the other */
	assert_int_equal(__close_fd(copy, 38), 0);
	assert_ptr_equal(fcheck_files(files, 38), p[0]);
	put_files_struct(copy);
	assert_int_equal(p[0]->f_count, 1 + 20);
	assert_int_equal(p[1]->f_count, 1 + 19);
}

static void test_current_within_rlimit(void **state)
{
	struct task_struct *saved = current, t;
	struct file *f;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.files = files;
	t.rlim[RLIMIT_NOFILE].rlim_cur = 3;
	current = &t;
	assert_int_equal(task_nofile(), 3);
	assert_int_equal(get_unused_fd_flags(0), 0);
	fd_install(0, get_file(p[0]));
	assert_int_equal(get_unused_fd_flags(O_CLOEXEC), 1);
	put_unused_fd(1);
	assert_int_equal(get_unused_fd_flags(0), 1);
	fd_install(1, get_file(p[1]));
	assert_int_equal(get_unused_fd_flags(0), 2);
	fd_install(2, get_file(p[1]));
	assert_int_equal(get_unused_fd_flags(0), -EMFILE);
	f = fget(1);
	assert_ptr_equal(f, p[1]);
	assert_int_equal(p[1]->f_count, 4);
	fput(f);
	assert_null(fget(-1));
	assert_null(fget(3));
	assert_int_equal(close_fd(1), 0);
	assert_int_equal(close_fd(1), -EBADF);
	assert_int_equal(close_fd(-5), -EBADF);
	t.rlim[RLIMIT_NOFILE].rlim_cur = ~0ull;		/* clamped */
	assert_int_equal(task_nofile(), NR_OPEN_MAX);
	current = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_lowest_free_fd),
		T(test_table_grows),
		T(test_dup2_references),
		T(test_close_on_exec),
		T(test_dup_fd_for_fork),
		T(test_current_within_rlimit),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
