/*
 * test_vfs_tmpfs.c - tmpfs: the namespace operations with Linux's errors
 * and link counts, files whose data lives only in page-cache pages, and
 * nothing lost: create, write, rename over, unlink (open or not),
 * truncate give every page back, and after vfs_exit the free-page count
 * is the boot count again.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"

static int setup(void **state)
{
	(void)state;
	vt_make_root();
	vt_write("hostfile", "h", 1);
	return vt_boot(64ull << 20, 0);
}

static int teardown(void **state)
{
	(void)state;
	vt_shutdown();
	vt_remove_root();
	return 0;
}

/* Create name with pages pages of bytes c. */
static void make_file(const char *name, int pages, char c)
{
	struct file *f = vt_open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	char page[4096];
	loff_t pos = 0;
	int i;

	assert_false(IS_ERR(f));
	memset(page, c, sizeof(page));
	for (i = 0; i < pages; i++)
		assert_int_equal(vfs_write(f, page, sizeof(page), &pos), 4096);
	fput(f);
}

static struct kstat stat_of(const char *name)
{
	struct kstat st;

	assert_int_equal(vfs_stat(vt_fs, NULL, name, 0, &st), 0);
	return st;
}

static void test_namespace(void **state)
{
	char data[16];

	(void)state;
	assert_int_equal(stat_of("/tmp").nlink, 2);
	assert_int_equal(stat_of("/tmp").mode & 07777, 01777);
	assert_int_equal(do_mkdir(vt_fs, NULL, "/tmp/d", 0755), 0);
	assert_int_equal(do_mkdir(vt_fs, NULL, "/tmp/d/", 0755), -EEXIST);
	assert_int_equal(stat_of("/tmp").nlink, 3);
	assert_int_equal(stat_of("/tmp/d").nlink, 2);
	make_file("/tmp/d/f", 3, 'f');
	assert_int_equal(stat_of("/tmp/d/f").size, 3 * 4096);
	assert_int_equal(stat_of("/tmp/d/f").blocks, 24);
	assert_int_equal(stat_of("/tmp/d/f").dev, stat_of("/tmp").dev);

	assert_int_equal(do_rmdir(vt_fs, NULL, "/tmp/d"), -ENOTEMPTY);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/tmp/d/f"), -ENOTDIR);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/d"), -EISDIR);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/d/f/"), -ENOTDIR);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/tmp/d/."), -EINVAL);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/tmp/d/.."), -ENOTEMPTY);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/d", NULL, "/tmp/d/sub"),
			 -EINVAL);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/d/f", NULL, "/moved"),
			 -EXDEV);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/d/f", NULL, "/tmp/g"), 0);
	assert_int_equal(vt_lookup_err("/tmp/d/f", 0), -ENOENT);
	assert_int_equal(stat_of("/tmp/g").size, 3 * 4096);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/g", NULL, "/tmp/d"),
			 -EISDIR);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/d", NULL, "/tmp/g"),
			 -ENOTDIR);

	assert_int_equal(do_symlink(vt_fs, "d", NULL, "/tmp/ln"), 0);
	assert_int_equal(do_symlink(vt_fs, "x", NULL, "/tmp/ln"), -EEXIST);
	assert_int_equal(do_symlink(vt_fs, "", NULL, "/tmp/empty"), -ENOENT);
	assert_int_equal(do_readlink(vt_fs, NULL, "/tmp/ln", data, 16), 1);
	assert_int_equal(data[0], 'd');
	assert_int_equal(do_mkdir(vt_fs, NULL, "/tmp/ln/inner", 0755), 0);
	assert_int_equal(stat_of("/tmp/d").nlink, 3);
	assert_int_equal(do_link(vt_fs, NULL, "/tmp/g", NULL, "/tmp/d/h", 0),
			 0);
	assert_int_equal(stat_of("/tmp/g").nlink, 2);
	assert_int_equal(stat_of("/tmp/d/h").ino, stat_of("/tmp/g").ino);
	assert_int_equal(do_link(vt_fs, NULL, "/tmp/d", NULL, "/tmp/dl", 0),
			 -EPERM);
	assert_int_equal(do_link(vt_fs, NULL, "/hostfile", NULL, "/tmp/x", 0),
			 -EXDEV);

	/* a directory moves over an empty one, and the counts follow */
	assert_int_equal(do_mkdir(vt_fs, NULL, "/tmp/e", 0755), 0);
	assert_int_equal(stat_of("/tmp").nlink, 4);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/e", NULL, "/tmp/d"),
			 -ENOTEMPTY);
	assert_int_equal(do_rename(vt_fs, NULL, "/tmp/d/inner", NULL,
				   "/tmp/e"), 0);
	assert_int_equal(stat_of("/tmp").nlink, 4);
	assert_int_equal(stat_of("/tmp/d").nlink, 2);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/tmp/e"), 0);
	assert_int_equal(stat_of("/tmp").nlink, 3);
}

static void test_open_flags_and_times(void **state)
{
	struct file *f;
	char data[16];
	loff_t pos = 0;

	(void)state;
	make_file("/tmp/a", 1, 'a');
	f = vt_open("/tmp/a", O_WRONLY | O_APPEND, 0);
	assert_int_equal(vfs_write(f, "end", 3, &pos), 3);
	assert_int_equal(pos, 4096 + 3);
	fput(f);
	assert_int_equal(stat_of("/tmp/a").size, 4099);
	assert_int_equal(vt_open_err("/tmp/a", O_WRONLY | O_TRUNC), 0);
	assert_int_equal(stat_of("/tmp/a").size, 0);
	assert_int_equal(vt_open_err("/tmp/a", O_CREAT | O_EXCL | O_RDWR),
			 -EEXIST);
	assert_int_equal(vt_open_err("/tmp/a", O_RDONLY | O_DIRECTORY),
			 -ENOTDIR);
	assert_int_equal(vt_open_err("/tmp", O_WRONLY), -EISDIR);
	assert_int_equal(vt_open_err("/tmp", O_CREAT | O_RDONLY), -EISDIR);
	assert_int_equal(vt_open_err("/tmp/new/", O_CREAT | O_RDWR), -EISDIR);
	assert_int_equal(vt_open_err("/tmp/none/x", O_CREAT | O_RDWR),
			 -ENOENT);
	assert_int_equal(do_symlink(vt_fs, "a", NULL, "/tmp/ln"), 0);
	assert_int_equal(vt_open_err("/tmp/ln", O_RDONLY | O_NOFOLLOW),
			 -ELOOP);
	assert_int_equal(vt_open_err("/tmp/ln", O_RDONLY), 0);
	/* O_CREAT through a dangling link creates its target */
	assert_int_equal(do_symlink(vt_fs, "made", NULL, "/tmp/dangle"), 0);
	assert_int_equal(vt_open_err("/tmp/dangle", O_CREAT | O_WRONLY), 0);
	assert_int_equal(stat_of("/tmp/made").nlink, 1);
	assert_int_equal(vt_open_err("/tmp/dangle",
				     O_CREAT | O_EXCL | O_WRONLY), -EEXIST);

	/* times come from the VFS clock */
	vfs_epoch = 1000;
	vfs_set_clock(250);
	f = vt_open("/tmp/a", O_WRONLY, 0);
	pos = 0;
	assert_int_equal(vfs_write(f, "t", 1, &pos), 1);
	fput(f);
	assert_int_equal(stat_of("/tmp/a").mtime.tv_sec, 1002);
	assert_int_equal(stat_of("/tmp/a").mtime.tv_nsec, 500000000);
	assert_int_equal(stat_of("/tmp").mtime.tv_sec, 0);
	assert_int_equal(vt_open_err("/tmp/b", O_CREAT | O_WRONLY), 0);
	assert_int_equal(stat_of("/tmp").mtime.tv_sec, 1002);	/* a new name */
	assert_int_equal(vt_cat("/tmp/ln", data, sizeof(data)), 1);
}

static void test_sparse_and_truncate(void **state)
{
	struct file *f = vt_open("/tmp/s", O_CREAT | O_RDWR, 0600);
	char data[8] = { 1 }, zero[8] = { 0 };
	loff_t pos = 3 * 4096 + 10;

	(void)state;
	assert_int_equal(vfs_write(f, "tail", 4, &pos), 4);
	assert_int_equal(f->f_mapping->nrpages, 1);
	assert_int_equal(f->f_dentry->d_inode->i_size, 3 * 4096 + 14);
	pos = 0;
	assert_int_equal(vfs_read(f, data, 8, &pos), 8);
	assert_memory_equal(data, zero, 8);
	assert_int_equal(f->f_mapping->nrpages, 2);	/* a hole read: 0 */
	assert_int_equal(do_ftruncate(f, 100), 0);
	assert_int_equal(f->f_mapping->nrpages, 1);
	assert_int_equal(do_ftruncate(f, 0), 0);
	assert_int_equal(f->f_mapping->nrpages, 0);
	fput(f);
}

static void test_every_page_comes_back(void **state)
{
	unsigned long base = vt_free_after_shrink(), held;
	char name[64], to[64];
	struct file *open_victim;
	int i;

	(void)state;
	assert_int_equal(do_mkdir(vt_fs, NULL, "/tmp/w", 0755), 0);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/tmp/w/f%02d", i);
		make_file(name, 5, (char)('a' + i % 26));
	}
	assert_int_equal(page_cache_stat.nr_file_pages, 200);
	assert_true(vt_free_after_shrink() <= base - 200);
	/* rename the odd files over the even ones: the victims' pages go */
	for (i = 1; i < 40; i += 2) {
		snprintf(name, sizeof(name), "/tmp/w/f%02d", i);
		snprintf(to, sizeof(to), "/tmp/w/f%02d", i - 1);
		assert_int_equal(do_rename(vt_fs, NULL, name, NULL, to), 0);
	}
	assert_int_equal(page_cache_stat.nr_file_pages, 100);
	held = vt_free_after_shrink();
	assert_true(held <= base - 100 && held > base - 200);
	/* an unlinked file keeps its pages while it is open */
	open_victim = vt_open("/tmp/w/f00", O_RDONLY, 0);
	assert_false(IS_ERR(open_victim));
	for (i = 0; i < 40; i += 2) {
		snprintf(name, sizeof(name), "/tmp/w/f%02d", i);
		assert_int_equal(do_unlink(vt_fs, NULL, name), 0);
	}
	assert_int_equal(open_victim->f_mapping->nrpages, 5);
	assert_int_equal(page_cache_stat.nr_file_pages, 5);
	assert_true(vt_free_after_shrink() <= base - 5);
	fput(open_victim);
	assert_int_equal(do_symlink(vt_fs, "target", NULL, "/tmp/w/l"), 0);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/w/l"), 0);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/tmp/w"), 0);
	assert_int_equal(page_cache_stat.nr_file_pages, 0);
	assert_int_equal(vt_free_after_shrink(), base);
}

static void test_nothing_lost_at_exit(void **state)
{
	char data[8];

	(void)state;
	make_file("/tmp/left", 7, 'l');
	assert_int_equal(do_mkdir(vt_fs, NULL, "/tmp/dir", 0755), 0);
	make_file("/tmp/dir/inner", 2, 'i');
	assert_int_equal(do_symlink(vt_fs, "left", NULL, "/tmp/ln"), 0);
	assert_int_equal(vt_cat("/hostfile", data, sizeof(data)), 1);
	assert_int_equal(vt_lookup_err("/no/such", 0), -ENOENT);
	assert_true(nr_free_pages() < free_pages_boot);
	put_fs_struct(vt_fs);
	vt_fs = NULL;
	vfs_exit();
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	assert_int_equal(nr_files(), 0);
	assert_int_equal(inodes_stat.nr_inodes, 0);
	assert_int_equal(dentry_stat.nr_dentry, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_namespace),
		T(test_open_flags_and_times),
		T(test_sparse_and_truncate),
		T(test_every_page_comes_back),
		T(test_nothing_lost_at_exit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
