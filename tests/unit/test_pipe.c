/*
 * test_pipe.c - pipes (pipe_fs_i.h) through vfs_read and vfs_write on a
 * booted VFS: the ring of 16 buffers wrapping round with bytes in order,
 * small writes merged into the last buffer, the capacity (16 pages, or
 * 64 writes of 1000 bytes), PIPE_BUF atomicity (a small write goes in
 * whole or not at all, a large one may be split), end of file once no
 * writer is left, EPIPE and the pending SIGPIPE once no reader is,
 * O_NONBLOCK's -EAGAIN, the waits that only another process could end
 * (-ERESTARTSYS), poll's bits, stat, and the buffers' pages taken when
 * written, given back when read (one kept) and when the pipe goes.
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

#include "fs.h"
#include "gfp.h"
#include "kern_fs.h"
#include "pipe_fs_i.h"
#include "sched.h"
#include "slab.h"

#define SIGPIPE	13

static char root[64];
static struct file *p[2];
static struct task_struct task;
static char out[3 * PIPE_SIZE], in[3 * PIPE_SIZE];
#define PG	4096

static int boot(unsigned int flags)
{
	snprintf(root, sizeof(root), "/tmp/i386mm-pipe-XXXXXX");
	if (!mkdtemp(root) || mem_init(16u << 20) || fs_boot(root, 0, 0))
		return -1;
	memset(&task, 0, sizeof(task));
	current = &task;
	return create_pipe_files(p, flags);
}

static int setup(void **state)
{
	(void)state;
	return boot(0);
}

static int setup_nonblock(void **state)
{
	(void)state;
	return boot(O_NONBLOCK);
}

static void close_end(int i)
{
	if (p[i])
		fput(p[i]);
	p[i] = NULL;
}

static int teardown(void **state)
{
	(void)state;
	close_end(0);
	close_end(1);
	current = NULL;
	assert_int_equal(nr_files(), 0);
	fs_shutdown();
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	mem_exit();
	rmdir(root);
	return 0;
}

static ssize_t put(const char *buf, size_t n)
{
	loff_t pos = 0;

	return vfs_write(p[1], buf, n, &pos);
}

static ssize_t get(char *buf, size_t n)
{
	loff_t pos = 0;

	return vfs_read(p[0], buf, n, &pos);
}

static void fill_pattern(char *buf, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (char)(seed + i * 7 + i / 251);
}

static void test_ring_wraps_in_order(void **state)
{
	struct pipe_inode_info *pipe = file_pipe(p[0]);
	size_t w = 0, r = 0;
	int i, wraps = 0;

	(void)state;
	fill_pattern(out, sizeof(out), 1);
	/* two small writes share a buffer */
	assert_int_equal(put(out, 1000), 1000);
	assert_int_equal(put(out + 1000, 1000), 1000);
	assert_int_equal(pipe->nrbufs, 1);
	assert_int_equal(pipe->bufs[pipe->curbuf].len, 2000);
	assert_int_equal(get(in, sizeof(in)), 2000);
	assert_memory_equal(in, out, 2000);
	/* writes of 3000 read back in 1000 + 2000: round and round */
	for (i = 0; i < 100; i++) {
		unsigned int before = pipe->curbuf;
		size_t off = (size_t)(i % 40) * 3000;

		assert_int_equal(put(out + off, 3000), 3000);
		w += 3000;
		assert_int_equal(get(in, 1000), 1000);
		assert_int_equal(get(in + 1000, 2000), 2000);
		r += 3000;
		assert_memory_equal(in, out + off, 3000);
		if (pipe->curbuf < before)
			wraps++;
	}
	assert_int_equal(w, r);
	assert_true(wraps >= 2);
	assert_int_equal(pipe->nrbufs, 0);
	assert_int_equal(pipe_bytes(pipe), 0);
	/* a read across buffers takes them in order */
	assert_int_equal(put(out, 3 * PG), 3 * PG);
	assert_int_equal(put(out + 3 * PG, 10), 10);	/* merged: 4 bufs */
	assert_int_equal(pipe->nrbufs, 4);
	assert_int_equal(get(in, sizeof(in)), 3 * PG + 10);
	assert_memory_equal(in, out, 3 * PG + 10);
	/* count 0 is 0 both ways */
	assert_int_equal(put(out, 0), 0);
	assert_int_equal(get(in, 0), 0);
}

static void test_capacity_and_atomicity(void **state)
{
	struct pipe_inode_info *pipe = file_pipe(p[0]);
	int i;

	(void)state;
	fill_pattern(out, sizeof(out), 2);
	for (i = 0; i < PIPE_BUFFERS; i++)
		assert_int_equal(put(out + i * PG, PG), PG);
	assert_int_equal(pipe_bytes(pipe), PIPE_SIZE);
	assert_int_equal(put(out, 1), -EAGAIN);
	assert_int_equal(get(in, sizeof(in)), PIPE_SIZE);
	assert_memory_equal(in, out, PIPE_SIZE);
	/* 1000-byte writes: four to a page, 64 in all, none split */
	for (i = 0; i < 64; i++)
		assert_int_equal(put(out + i * 1000, 1000), 1000);
	assert_int_equal(put(out, 1000), -EAGAIN);
	assert_int_equal(put(out, 96), 96);	/* fits the last buffer */
	assert_int_equal(put(out, 1), -EAGAIN);
	assert_int_equal(pipe_bytes(pipe), 64096);
	/* reading part of the first buffer frees nothing yet */
	assert_int_equal(get(in, 1000), 1000);
	assert_int_equal(put(out, 1000), -EAGAIN);
	assert_int_equal(get(in + 1000, 3000), 3000);	/* now it is free */
	assert_int_equal(put(out + 64000, 1000), 1000);
	assert_int_equal(get(in + 4000, sizeof(in) - 4000), 61096);
	assert_memory_equal(in, out, 64000);
	/* a write larger than PIPE_BUF is split: what fits goes in */
	for (i = 0; i < PIPE_BUFFERS - 1; i++)
		put(out, PG);
	assert_int_equal(put(out, 2 * PG), PG);
	assert_int_equal(put(out, 2 * PG), -EAGAIN);
	/* empty and nonblocking: -EAGAIN while a writer exists */
	assert_int_equal(get(in, sizeof(in)), PIPE_SIZE);
	assert_int_equal(get(in, 1), -EAGAIN);
	close_end(1);
	assert_int_equal(get(in, 1), 0);
}

/* Blocking ends: a wait only another process could end. */
static void test_blocking_waits(void **state)
{
	struct pipe_inode_info *pipe = file_pipe(p[0]);
	int i;

	(void)state;
	assert_int_equal(get(in, 1), -ERESTARTSYS);
	fill_pattern(out, sizeof(out), 3);
	for (i = 0; i < PIPE_BUFFERS - 1; i++)
		assert_int_equal(put(out, PG), PG);
	assert_int_equal(put(out, 2 * PG), -ERESTARTSYS);  /* one page in */
	assert_int_equal(pipe->nrbufs, PIPE_BUFFERS);
	assert_int_equal(put(out, 200), -ERESTARTSYS);	/* atomic: waits */
	assert_int_equal(pipe_bytes(pipe), PIPE_SIZE);	/* wrote nothing */
	assert_int_equal(get(in, 10), 10);
	assert_int_equal(task.state, TASK_RUNNING);
}

static void test_eof_and_epipe(void **state)
{
	(void)state;
	assert_int_equal(put("abc", 3), 3);
	close_end(1);
	assert_int_equal(get(in, 2), 2);
	assert_int_equal(get(in, 10), 1);
	assert_int_equal(get(in, 10), 0);		/* end of file */
	assert_int_equal(get(in, 10), 0);

	close_end(0);
	assert_int_equal(create_pipe_files(p, 0), 0);
	close_end(0);
	assert_int_equal(task.pending, 0);
	assert_int_equal(put("x", 1), -EPIPE);
	assert_int_equal(task.pending, 1ull << (SIGPIPE - 1));
	assert_int_equal(put("x", 0), 0);
}

static void test_ends_and_modes(void **state)
{
	struct kstat st;
	struct file *q[2];
	loff_t pos = 0;

	(void)state;
	assert_int_equal(p[0]->f_mode, FMODE_READ);
	assert_int_equal(p[1]->f_mode, FMODE_WRITE);
	assert_ptr_equal(p[0]->f_dentry, p[1]->f_dentry);	/* one pipe */
	assert_int_equal(file_pipe(p[0])->readers, 1);
	assert_int_equal(file_pipe(p[0])->writers, 1);
	assert_int_equal(vfs_write(p[0], "x", 1, &pos), -EBADF);
	assert_int_equal(vfs_read(p[1], in, 1, &pos), -EBADF);
	assert_int_equal(vfs_llseek(p[0], 0, SEEK_SET), -ESPIPE);
	assert_int_equal(vfs_getattr(&p[0]->f_path, &st), 0);
	assert_int_equal(st.mode, S_IFIFO | 0600);
	assert_int_equal(st.size, 0);
	/* another pipe: another inode, no page until written */
	assert_int_equal(create_pipe_files(q, 0), 0);
	assert_true(q[0]->f_dentry->d_inode->i_ino !=
		    p[0]->f_dentry->d_inode->i_ino);
	assert_null(file_pipe(q[0])->bufs[0].page);
	assert_int_equal(file_is_pipe(q[1]), 1);
	assert_int_equal(file_is_pipe(p[0]), 1);
	fput(q[0]);
	fput(q[1]);
}

static void test_poll_bits(void **state)
{
	int i;

	(void)state;
	assert_int_equal(pipe_poll(p[0]), 0);
	assert_int_equal(pipe_poll(p[1]), POLLOUT | POLLWRNORM);
	assert_int_equal(put("x", 1), 1);
	assert_int_equal(pipe_poll(p[0]), POLLIN | POLLRDNORM);
	assert_int_equal(pipe_poll(p[1]), POLLOUT | POLLWRNORM);
	for (i = 1; i < PIPE_BUFFERS; i++)
		assert_int_equal(put(out, PG), PG);
	assert_int_equal(pipe_poll(p[1]), 0);		/* no buffer free */
	close_end(1);
	assert_int_equal(pipe_poll(p[0]), POLLIN | POLLRDNORM | POLLHUP);
	while (get(in, sizeof(in)) > 0)
		;
	assert_int_equal(pipe_poll(p[0]), POLLHUP);
	close_end(0);
	assert_int_equal(create_pipe_files(p, 0), 0);
	close_end(0);
	assert_int_equal(pipe_poll(p[1]), POLLOUT | POLLWRNORM | POLLERR);
}

/* Pages come and go with the bytes; one is kept; all go with the pipe. */
static void test_pages_taken_and_given_back(void **state)
{
	unsigned long before, empty;

	(void)state;
	close_end(0);
	close_end(1);
	shrink_slab(~0ul, GFP_KERNEL);
	before = nr_free_pages();
	assert_int_equal(create_pipe_files(p, 0), 0);
	empty = nr_free_pages();
	assert_int_equal(put(out, 3 * PG), 3 * PG);
	assert_int_equal(nr_free_pages(), empty - 3);
	assert_int_equal(get(in, sizeof(in)), 3 * PG);
	assert_int_equal(nr_free_pages(), empty - 1);	/* tmp_page kept */
	assert_int_equal(put(out, 5), 5);		/* reuses it */
	assert_int_equal(nr_free_pages(), empty - 1);
	close_end(1);
	close_end(0);
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define NB(fn) cmocka_unit_test_setup_teardown(fn, setup_nonblock, teardown)
		NB(test_ring_wraps_in_order),
		NB(test_capacity_and_atomicity),
		T(test_blocking_waits),
		T(test_eof_and_epipe),
		T(test_ends_and_modes),
		T(test_poll_bits),
		T(test_pages_taken_and_given_back),
#undef T
#undef NB
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
