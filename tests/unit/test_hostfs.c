/*
 * test_hostfs.c - hostfs: confinement against hostile names and host
 * symlinks (nothing outside --root is ever reached: "..", absolute and
 * relative links out, absolute host paths, /proc/self/root), listings in
 * name order with resumable positions, read-only refusal, the --root-rw
 * operations as the host sees them, unlinked open files, hard links
 * sharing one inode, host special files, and the bounded descriptor cache.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"

static char buf[PATH_MAX];

static void build_tree(void)
{
	char p[600];
	int fd;

	vt_make_root();
	snprintf(p, sizeof(p), "%s/secret.txt", vt_base);
	fd = open(p, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "SECRET", 6), 6);
	close(fd);
	vt_mkdir("etc");
	vt_write("etc/passwd", "inside", 6);
	vt_mkdir("sub");
	vt_symlink("/", "to_root");
	vt_symlink("../..", "up");
	vt_symlink("/etc/passwd", "abs_passwd");
	vt_symlink("../../../../etc/passwd", "dotdot_passwd");
	vt_symlink(p, "host_abs");
	vt_symlink("../secret.txt", "s1");
	vt_symlink("/proc/self/root/etc/passwd", "proc_self");
	vt_symlink("../../", "sub/escape");
	vt_symlink("../../../secret.txt", "sub/deep");
	vt_symlink(vt_base, "dir_host_abs");
	vt_write("...", "dots", 4);
	vt_path(p, sizeof(p), "fifo");
	assert_int_equal(mkfifo(p, 0644), 0);
}

static int setup_ro(void **state)
{
	(void)state;
	build_tree();
	return vt_boot(64ull << 20, 0);
}

static int setup_rw(void **state)
{
	(void)state;
	umask(022);
	build_tree();
	return vt_boot(64ull << 20, VFS_ROOT_RW);
}

static int teardown(void **state)
{
	(void)state;
	vt_shutdown();
	vt_remove_root();
	return 0;
}

static void expect_inside(const char *name)
{
	char data[64];

	assert_int_equal(vt_cat(name, data, sizeof(data)), 6);
	assert_memory_equal(data, "inside", 6);
}

static void expect_nothing(const char *name)
{
	char data[64];
	ssize_t n = vt_cat(name, data, sizeof(data));

	assert_true(n < 0);
	assert_int_equal(n, -ENOENT);
}

static void test_confinement(void **state)
{
	char p[600];

	(void)state;
	expect_nothing("../secret.txt");
	expect_nothing("/../secret.txt");
	expect_nothing("../../../../secret.txt");
	expect_nothing("sub/../../secret.txt");
	expect_nothing("s1");
	expect_nothing("sub/deep");
	expect_nothing("host_abs");
	expect_nothing("dir_host_abs/secret.txt");
	expect_nothing("proc_self");
	snprintf(p, sizeof(p), "%s/secret.txt", vt_base);
	expect_nothing(p);
	snprintf(p, sizeof(p), "../../../../../../..%s/secret.txt", vt_base);
	expect_nothing(p);

	expect_inside("../../etc/passwd");
	expect_inside("/../etc/passwd");
	expect_inside("to_root/etc/passwd");
	expect_inside("up/etc/passwd");
	expect_inside("abs_passwd");
	expect_inside("dotdot_passwd");
	expect_inside("sub/escape/etc/passwd");
	expect_inside("sub/escape/up/to_root/sub/../etc/passwd");
	assert_string_equal(vt_resolve("to_root", LOOKUP_FOLLOW, buf,
				       sizeof(buf)), "/");
	assert_string_equal(vt_resolve("sub/escape/..", 0, buf, sizeof(buf)),
			    "/");
	assert_int_equal(vt_cat("...", buf, sizeof(buf)), 4);
	/* nothing can even name the outside: no component is ".." */
	assert_true(IS_ERR(lookup_one_len("..", vt_fs->root.dentry, 2)));
	assert_true(IS_ERR(lookup_one_len("a/b", vt_fs->root.dentry, 3)));
}

static void test_readonly(void **state)
{
	char data[16];

	(void)state;
	assert_int_equal(vt_open_err("/etc/passwd", O_WRONLY), -EROFS);
	assert_int_equal(vt_open_err("/etc/passwd", O_RDWR), -EROFS);
	assert_int_equal(vt_open_err("/etc/passwd", O_RDONLY | O_TRUNC),
			 -EROFS);
	assert_int_equal(vt_open_err("/etc/new", O_CREAT | O_WRONLY), -EROFS);
	assert_int_equal(do_mkdir(vt_fs, NULL, "/newdir", 0755), -EROFS);
	assert_int_equal(do_unlink(vt_fs, NULL, "/etc/passwd"), -EROFS);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/sub"), -EROFS);
	assert_int_equal(do_rename(vt_fs, NULL, "/...", NULL, "/x"), -EROFS);
	assert_int_equal(do_symlink(vt_fs, "x", NULL, "/ln"), -EROFS);
	assert_int_equal(do_link(vt_fs, NULL, "/...", NULL, "/hl", 0),
			 -EROFS);
	assert_int_equal(do_truncate_path(vt_fs, NULL, "/etc/passwd", 0),
			 -EROFS);
	assert_int_equal(vt_read_host("etc/passwd", data, sizeof(data)), 6);
	assert_int_equal(vt_open_err("/etc/passwd", O_RDONLY), 0);
	assert_int_equal(do_access(vt_fs, NULL, "/etc/passwd", MAY_READ,
				   LOOKUP_FOLLOW), 0);
	assert_int_equal(do_access(vt_fs, NULL, "/etc/passwd", MAY_WRITE,
				   LOOKUP_FOLLOW), -EROFS);
	assert_int_equal(do_access(vt_fs, NULL, "/etc/passwd", MAY_EXEC,
				   LOOKUP_FOLLOW), -EACCES);
	assert_int_equal(do_access(vt_fs, NULL, "/etc", MAY_EXEC, 0), 0);
	assert_int_equal(do_access(vt_fs, NULL, "/dev/null", MAY_WRITE, 0),
			 0);
	assert_int_equal(do_access(vt_fs, NULL, "/nope", MAY_READ, 0),
			 -ENOENT);
	/* the other filesystems stay writable */
	assert_int_equal(vt_open_err("/tmp/ok", O_CREAT | O_WRONLY), 0);
}

struct listing {
	struct dir_context ctx;
	char names[64][32];
	unsigned int types[64];
	int n, room;
};

static int collect(struct dir_context *ctx, const char *name, int len,
		   loff_t pos, uint64_t ino, unsigned int type)
{
	struct listing *l = container_of(ctx, struct listing, ctx);

	(void)pos;
	(void)ino;
	if (!l->room || l->n >= 64)
		return 1;
	l->room--;
	snprintf(l->names[l->n], 32, "%.*s", len, name);
	l->types[l->n++] = type;
	return 0;
}

static int list_dir(const char *dir, struct listing *l, int chunk)
{
	struct file *f = vt_open(dir, O_RDONLY | O_DIRECTORY, 0);
	int before;

	assert_false(IS_ERR(f));
	memset(l, 0, sizeof(*l));
	l->ctx.actor = collect;
	do {
		before = l->n;
		l->room = chunk;
		assert_int_equal(vfs_iterate(f, &l->ctx), 0);
	} while (l->n != before);
	fput(f);
	return l->n;
}

static void test_listing(void **state)
{
	static const char *const want[] = {
		".", "..", "...", "abs_passwd", "dev", "dir_host_abs",
		"dotdot_passwd", "etc", "fifo", "host_abs", "proc",
		"proc_self", "s1", "sub", "tmp", "to_root", "up",
	};
	struct listing a, b;
	int i, n = (int)(sizeof(want) / sizeof(want[0]));

	(void)state;
	assert_int_equal(list_dir("/", &a, 64), n);
	for (i = 0; i < n; i++)
		assert_string_equal(a.names[i], want[i]);
	assert_int_equal(a.types[7], DT_DIR);	/* etc */
	assert_int_equal(a.types[8], DT_FIFO);
	assert_int_equal(a.types[10], DT_DIR);	/* proc: a mount point */
	assert_int_equal(a.types[3], DT_LNK);
	assert_int_equal(a.types[2], DT_REG);
	/* three at a time, resuming at each position: the same list */
	assert_int_equal(list_dir("/", &b, 3), n);
	for (i = 0; i < n; i++)
		assert_string_equal(b.names[i], a.names[i]);
	assert_int_equal(list_dir("/sub", &a, 64), 4);
	assert_string_equal(a.names[2], "deep");
	assert_string_equal(a.names[3], "escape");
	assert_int_equal(list_dir("/dev", &a, 64), 8);
	assert_string_equal(a.names[2], "full");
	assert_string_equal(a.names[7], "zero");
}

static void test_special_files(void **state)
{
	struct kstat st;
	struct file *f;
	char c;

	(void)state;
	assert_int_equal(vfs_stat(vt_fs, NULL, "/fifo", 0, &st), 0);
	assert_true(S_ISFIFO(st.mode));
	f = vt_open("/fifo", O_RDONLY, 0);	/* never the host's fifo */
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_read(f, &c, 1, &f->f_pos), -EINVAL);
	fput(f);
	assert_int_equal(vfs_stat(vt_fs, NULL, "/up", 0, &st), 0);
	assert_true(S_ISLNK(st.mode));
	assert_int_equal(st.size, 5);
	assert_int_equal(do_readlink(vt_fs, NULL, "/up", buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "../..", 5);
	assert_int_equal(do_readlink(vt_fs, NULL, "/etc", buf, sizeof(buf)),
			 -EINVAL);
}

static void test_rw_operations(void **state)
{
	char data[64], p[600];
	struct kstat a, b;
	struct stat st;
	struct file *f;
	loff_t pos = 0;

	(void)state;
	f = vt_open("/etc/new", O_CREAT | O_EXCL | O_RDWR, 0640);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_write(f, "fresh", 5, &pos), 5);
	assert_int_equal(vt_read_host("etc/new", data, sizeof(data)), 0);
	assert_int_equal(vfs_fsync(f, 0), 0);
	fput(f);
	assert_int_equal(vt_read_host("etc/new", data, sizeof(data)), 5);
	assert_memory_equal(data, "fresh", 5);
	vt_path(p, sizeof(p), "etc/new");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(vt_open_err("/etc/new", O_CREAT | O_EXCL | O_RDWR),
			 -EEXIST);

	assert_int_equal(do_mkdir(vt_fs, NULL, "/d", 0700), 0);
	vt_path(p, sizeof(p), "d");
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(do_mkdir(vt_fs, NULL, "/d", 0700), -EEXIST);
	assert_int_equal(do_rename(vt_fs, NULL, "/etc/new", NULL, "/d/moved"),
			 0);
	assert_int_equal(vt_read_host("d/moved", data, sizeof(data)), 5);
	assert_int_equal(vt_read_host("etc/new", data, sizeof(data)), -1);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/d"), -ENOTEMPTY);

	assert_int_equal(do_symlink(vt_fs, "/etc/passwd", NULL, "/d/ln"), 0);
	vt_path(p, sizeof(p), "d/ln");
	assert_int_equal(readlink(p, data, sizeof(data)), 11);
	assert_memory_equal(data, "/etc/passwd", 11);	/* verbatim */
	expect_inside("/d/ln");

	assert_int_equal(do_link(vt_fs, NULL, "/d/moved", NULL, "/d/hard", 0),
			 0);
	vt_path(p, sizeof(p), "d/hard");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(vfs_stat(vt_fs, NULL, "/d/hard", 0, &a), 0);
	assert_int_equal(vfs_stat(vt_fs, NULL, "/d/moved", 0, &b), 0);
	assert_int_equal(a.ino, b.ino);
	assert_int_equal(a.nlink, 2);

	assert_int_equal(do_unlink(vt_fs, NULL, "/d/moved"), 0);
	assert_int_equal(do_unlink(vt_fs, NULL, "/d/hard"), 0);
	assert_int_equal(do_unlink(vt_fs, NULL, "/d/ln"), 0);
	assert_int_equal(do_unlink(vt_fs, NULL, "/d/ln"), -ENOENT);
	assert_int_equal(do_unlink(vt_fs, NULL, "/d"), -EISDIR);
	assert_int_equal(do_rmdir(vt_fs, NULL, "/d"), 0);
	vt_path(p, sizeof(p), "d");
	assert_int_equal(stat(p, &st), -1);
	assert_int_equal(vt_lookup_err("/d", 0), -ENOENT);
}

static void test_hard_links_share_cache(void **state)
{
	struct file *f, *g;
	char data[8];
	loff_t pos = 0;

	(void)state;
	assert_int_equal(do_link(vt_fs, NULL, "/etc/passwd", NULL, "/pw2", 0),
			 0);
	f = vt_open("/etc/passwd", O_RDWR, 0);
	g = vt_open("/pw2", O_RDONLY, 0);
	assert_ptr_equal(f->f_mapping, g->f_mapping);
	assert_int_equal(vfs_write(f, "SHARED", 6, &pos), 6);
	pos = 0;
	assert_int_equal(vfs_read(g, data, 6, &pos), 6);	/* not synced */
	assert_memory_equal(data, "SHARED", 6);
	fput(f);
	fput(g);
}

static void test_unlinked_open_file(void **state)
{
	struct file *f = vt_open("/etc/passwd", O_RDWR, 0);
	char data[8];
	loff_t pos = 0;

	(void)state;
	assert_false(IS_ERR(f));
	assert_int_equal(do_unlink(vt_fs, NULL, "/etc/passwd"), 0);
	assert_int_equal(vt_read_host("etc/passwd", data, 6), -1);
	assert_int_equal(vt_lookup_err("/etc/passwd", 0), -ENOENT);
	/* still readable and writable through the open file */
	prune_dcache(~0ul);
	assert_int_equal(vfs_read(f, data, 6, &pos), 6);
	assert_memory_equal(data, "inside", 6);
	assert_int_equal(vfs_write(f, "more", 4, &pos), 4);
	assert_int_equal(vfs_fsync(f, 0), 0);
	assert_string_equal(d_path(&f->f_path, &vt_fs->root, buf,
				   sizeof(buf)), "/etc/passwd (deleted)");
	fput(f);
}

static int count_host_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void test_descriptor_cache_is_bounded(void **state)
{
	char name[64], data[16];
	int before, after, i;

	(void)state;
	vt_mkdir("many");
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/f%03d", i);
		vt_write(name, "x", 1);
	}
	before = count_host_fds();
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/many/f%03d", i);
		assert_int_equal(vt_cat(name, data, sizeof(data)), 1);
	}
	after = count_host_fds();
	assert_true(after - before >= HOSTFS_MAX_CACHED_FDS - 2);
	assert_true(after - before <= HOSTFS_MAX_CACHED_FDS);
	/* every file is still readable: closed descriptors reopen */
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/many/f%03d", i);
		assert_int_equal(vt_cat(name, data, sizeof(data)), 1);
	}
	prune_dcache(~0ul);
	assert_int_equal(count_host_fds(), before);
}

int main(void)
{
#define RO(f) cmocka_unit_test_setup_teardown(f, setup_ro, teardown)
#define RW(f) cmocka_unit_test_setup_teardown(f, setup_rw, teardown)
	const struct CMUnitTest tests[] = {
		RO(test_confinement),
		RW(test_confinement),
		RO(test_readonly),
		RO(test_listing),
		RO(test_special_files),
		RW(test_rw_operations),
		RW(test_hard_links_share_cache),
		RW(test_unlinked_open_file),
		RO(test_descriptor_cache_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
