/*
 * test_vfs_namei.c - the path walk: components, ".", "..", slashes,
 * every error (ENOENT, ENOTDIR, ENAMETOOLONG at 256 and 4096, ELOOP),
 * symlinks relative and absolute up to the 40-link limit, mounts crossed
 * down and up, chroot and chdir.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"

static char buf[PATH_MAX];

static int setup(void **state)
{
	(void)state;
	vt_make_root();
	vt_mkdir("a");
	vt_mkdir("a/b");
	vt_write("a/b/c.txt", "hello", 5);
	vt_write("a/file", "x", 1);
	vt_symlink("a/b", "link_rel");
	vt_symlink("/a/b/c.txt", "link_abs");
	vt_symlink("nowhere", "dangling");
	vt_symlink("a", "dirlink");
	vt_symlink("loop2", "loop1");
	vt_symlink("loop1", "loop2");
	vt_symlink("self", "self");
	vt_symlink("../file", "a/b/up");
	vt_symlink("../../../../..", "a/b/esc");
	return vt_boot(64ull << 20, 0);
}

static int teardown(void **state)
{
	(void)state;
	vt_shutdown();
	vt_remove_root();
	return 0;
}

static void expect_path(const char *name, unsigned int flags,
			const char *want)
{
	const char *got = vt_resolve(name, flags, buf, sizeof(buf));

	assert_non_null(got);
	assert_string_equal(got, want);
}

static void test_walk_components(void **state)
{
	struct kstat st;

	(void)state;
	expect_path("/a/b/c.txt", 0, "/a/b/c.txt");
	assert_int_equal(vfs_stat(vt_fs, NULL, "/a/b/c.txt", LOOKUP_FOLLOW,
				  &st), 0);
	assert_true(S_ISREG(st.mode));
	assert_int_equal(st.size, 5);
	expect_path("/", 0, "/");
	expect_path("a/b", 0, "/a/b");
	expect_path("./a/./b/.", 0, "/a/b");
	expect_path("a/b/..", 0, "/a");
	expect_path("/..", 0, "/");
	expect_path("/../../a", 0, "/a");
	expect_path("a//b///c.txt", 0, "/a/b/c.txt");
	expect_path("a/b/", 0, "/a/b");
	expect_path("a/b/../../a/file", 0, "/a/file");
}

static void test_walk_errors(void **state)
{
	char name[PATH_MAX + 8];

	(void)state;
	assert_int_equal(vt_lookup_err("", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/nope", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/a/nope/x", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/a/file/x", 0), -ENOTDIR);
	assert_int_equal(vt_lookup_err("/a/file/", 0), -ENOTDIR);
	assert_int_equal(vt_lookup_err("/a/file/.", 0), -ENOTDIR);
	assert_int_equal(vt_lookup_err("/a/file", LOOKUP_DIRECTORY),
			 -ENOTDIR);
	assert_int_equal(vt_lookup_err("/a/file/..", 0), -ENOTDIR);

	/* a component of 255 bytes is fine, 256 is too long */
	memset(name, 'n', 300);
	name[0] = '/';
	name[256] = '\0';
	assert_int_equal(vt_lookup_err(name, 0), -ENOENT);
	name[256] = 'n';
	name[257] = '\0';
	assert_int_equal(vt_lookup_err(name, 0), -ENAMETOOLONG);

	/* a path of 4095 bytes is fine, 4096 is too long */
	name[0] = '/';
	for (int i = 1; i < PATH_MAX; i += 2) {
		name[i] = '.';
		name[i + 1] = '/';
	}
	name[PATH_MAX - 1] = '\0';
	assert_int_equal(strlen(name), PATH_MAX - 1);
	expect_path(name, 0, "/");
	name[PATH_MAX - 1] = '.';
	name[PATH_MAX] = '\0';
	assert_int_equal(vt_lookup_err(name, 0), -ENAMETOOLONG);
}

static void test_walk_symlinks(void **state)
{
	(void)state;
	expect_path("link_rel/c.txt", 0, "/a/b/c.txt");
	expect_path("link_abs", LOOKUP_FOLLOW, "/a/b/c.txt");
	expect_path("link_abs", 0, "/link_abs");
	assert_int_equal(vt_lookup_err("dangling", LOOKUP_FOLLOW), -ENOENT);
	expect_path("dangling", 0, "/dangling");
	expect_path("dirlink/", 0, "/a");	/* a slash follows */
	expect_path("dirlink/b/up", LOOKUP_FOLLOW, "/a/file");
	expect_path("a/b/esc", LOOKUP_FOLLOW, "/");
	expect_path("a/b/esc/a/b/esc/a", 0, "/a");
	assert_int_equal(vt_lookup_err("loop1", LOOKUP_FOLLOW), -ELOOP);
	assert_int_equal(vt_lookup_err("loop1/x", 0), -ELOOP);
	assert_int_equal(vt_lookup_err("self", LOOKUP_FOLLOW), -ELOOP);
	expect_path("self", 0, "/self");
	assert_int_equal(vt_lookup_err("a/file/../link_rel", 0), -ENOTDIR);
}

/* c0 -> c1 -> ... -> cN -> a: following c0 takes N+1 links. */
static void make_chain(int links)
{
	char name[16], target[16];
	int i;

	for (i = 0; i < links; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		if (i == links - 1)
			snprintf(target, sizeof(target), "a");
		else
			snprintf(target, sizeof(target), "c%d", i + 1);
		vt_symlink(target, name);
	}
}

static void test_link_limit(void **state)
{
	(void)state;
	make_chain(41);
	expect_path("c1", LOOKUP_FOLLOW, "/a");		/* 40 links */
	expect_path("c1/b", 0, "/a/b");
	assert_int_equal(vt_lookup_err("c0", LOOKUP_FOLLOW), -ELOOP);
	assert_int_equal(vt_lookup_err("c0/b", 0), -ELOOP);
	expect_path("c0", 0, "/c0");
}

static void test_walk_mounts(void **state)
{
	struct kstat root, proc, null;
	struct file *f;

	(void)state;
	assert_int_equal(vfs_stat(vt_fs, NULL, "/", 0, &root), 0);
	assert_int_equal(vfs_stat(vt_fs, NULL, "/proc", 0, &proc), 0);
	assert_true(S_ISDIR(proc.mode));
	assert_int_not_equal(root.dev, proc.dev);
	expect_path("/proc", 0, "/proc");
	expect_path("/proc/..", 0, "/");
	expect_path("/proc/../a", 0, "/a");
	expect_path("/tmp/../dev/null", 0, "/dev/null");
	assert_int_equal(vfs_stat(vt_fs, NULL, "/dev/null", 0, &null), 0);
	assert_true(S_ISCHR(null.mode));
	assert_int_equal(null.rdev, MKDEV(1, 3));
	expect_path("/proc/meminfo", 0, "/proc/meminfo");

	/* a mount hides what is below it, until it goes */
	assert_int_equal(vfs_mount(vt_fs, "tmpfs", "/a", 0, NULL), 0);
	assert_int_equal(vt_lookup_err("/a/b", 0), -ENOENT);
	expect_path("/a/..", 0, "/");
	assert_int_equal(vfs_mount(vt_fs, "tmpfs", "/a/file", 0, NULL),
			 -ENOENT);
	f = vt_open("/a", O_RDONLY | O_DIRECTORY, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_umount(vt_fs, "/a"), -EBUSY);
	fput(f);
	assert_int_equal(vfs_umount(vt_fs, "/a"), 0);
	expect_path("/a/b", 0, "/a/b");
	assert_int_equal(vfs_umount(vt_fs, "/a"), -EINVAL);
	assert_int_equal(vfs_umount(vt_fs, "/"), -EINVAL);
	assert_int_equal(vfs_mount(vt_fs, "nofs", "/a", 0, NULL), -ENODEV);
	assert_int_equal(vfs_mount(vt_fs, "tmpfs", "/a/file", 0, NULL),
			 -ENOTDIR);
}

static void test_chroot_and_chdir(void **state)
{
	(void)state;
	vt_symlink("/file", "a/abs2");
	assert_int_equal(do_chdir(vt_fs, NULL, "a/b"), 0);
	expect_path("c.txt", 0, "/a/b/c.txt");
	expect_path("..", 0, "/a");
	assert_int_equal(do_chdir(vt_fs, NULL, "/a/file"), -ENOTDIR);
	assert_int_equal(do_chdir(vt_fs, NULL, "/none"), -ENOENT);

	assert_int_equal(do_chroot(vt_fs, NULL, "/a"), 0);
	expect_path("/", 0, "/");
	expect_path("/..", 0, "/");
	expect_path("/../../b/c.txt", 0, "/b/c.txt");
	expect_path("/abs2", LOOKUP_FOLLOW, "/file");	/* inside the jail */
	assert_int_equal(vt_lookup_err("/link_abs", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/proc", 0), -ENOENT);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_walk_components),
		T(test_walk_errors),
		T(test_walk_symlinks),
		T(test_link_limit),
		T(test_walk_mounts),
		T(test_chroot_and_chdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
