/*
 * test_vfs_dcache.c - the dentry cache: a second walk hits the cached
 * dentries, a missing name is remembered as a negative dentry (even when
 * the host file appears behind the cache's back, until pruned), unused
 * dentries are pruned oldest first, the shrinker empties the cache and
 * gives every page back, and memory pressure (direct reclaim) prunes it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"

static long pinned_dentries;	/* right after boot: the mount roots, /dev */

static int setup(void **state)
{
	char name[32];
	int i;

	(void)state;
	vt_make_root();
	vt_mkdir("a");
	vt_mkdir("many");
	vt_write("a/file", "0123456789", 10);
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "many/f%03d", i);
		vt_write(name, name, strlen(name));
	}
	if (vt_boot(64ull << 20, VFS_ROOT_RW))
		return -1;
	prune_dcache(~0ul);
	pinned_dentries = dentry_stat.nr_dentry;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vt_shutdown();
	vt_remove_root();
	return 0;
}

static struct dentry *lookup(const char *name)
{
	struct path p;

	if (kern_path(vt_fs, NULL, name, 0, &p))
		return NULL;
	mntput(p.mnt);
	return p.dentry;	/* a reference, for the caller to dput */
}

static struct dentry *cached(struct dentry *dir, const char *name)
{
	struct qstr q = { name, (unsigned)strlen(name), 0 };

	q.hash = full_name_hash(name, q.len);
	return d_lookup(dir, &q);
}

static void test_hits(void **state)
{
	struct dentry *d1, *d2, *a;
	long n;

	(void)state;
	d1 = lookup("/a/file");
	assert_non_null(d1);
	n = dentry_stat.nr_dentry;
	assert_int_equal(n, pinned_dentries + 2);	/* a, file */
	assert_int_equal(d1->d_count, 1);
	d2 = lookup("/a/file");
	assert_ptr_equal(d1, d2);
	assert_int_equal(d1->d_count, 2);
	assert_int_equal(dentry_stat.nr_dentry, n);
	a = d1->d_parent;
	assert_string_equal(a->d_name.name, "a");
	assert_ptr_equal(cached(a, "file"), d1);
	dput(d1);
	dput(d1);
	dput(d2);
	assert_int_equal(d1->d_count, 0);
	assert_true(d1->d_flags & DCACHE_LRU);
	/* "a" is still used: its child holds it */
	assert_int_equal(a->d_count, 1);
	assert_int_equal(dentry_stat.nr_unused, 1);
}

static void test_negative(void **state)
{
	struct dentry *a, *neg;
	long n;

	(void)state;
	a = lookup("/a");
	n = dentry_stat.nr_dentry;
	assert_int_equal(vt_lookup_err("/a/missing", 0), -ENOENT);
	assert_int_equal(dentry_stat.nr_dentry, n + 1);
	neg = cached(a, "missing");
	assert_non_null(neg);
	assert_null(neg->d_inode);
	dput(neg);

	/* the host gains the file behind the cache's back: still missing */
	vt_write("a/missing", "late", 4);
	assert_int_equal(vt_lookup_err("/a/missing", 0), -ENOENT);
	assert_int_equal(dentry_stat.nr_dentry, n + 1);
	dput(a);
	/* once pruned, the walk asks the host again */
	prune_dcache(~0ul);
	assert_int_equal(vt_lookup_err("/a/missing", 0), 0);

	/* creating a name turns its negative dentry positive in place */
	assert_int_equal(vt_lookup_err("/a/new", 0), -ENOENT);
	a = lookup("/a");
	neg = cached(a, "new");
	assert_null(neg->d_inode);
	assert_int_equal(vt_open_err("/a/new", O_CREAT | O_WRONLY), 0);
	assert_non_null(neg->d_inode);
	assert_ptr_equal(cached(a, "new"), neg);
	dput(neg);
	dput(neg);
	dput(a);
}

static void test_lru_order(void **state)
{
	struct dentry *a, *d;

	(void)state;
	a = lookup("/a");
	assert_int_equal(vt_lookup_err("/a/x1", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/a/x2", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/a/x3", 0), -ENOENT);
	assert_int_equal(dentry_stat.nr_unused, 3);
	assert_int_equal(prune_dcache(1), 1);		/* the oldest */
	assert_null(cached(a, "x1"));
	assert_int_equal(vt_lookup_err("/a/x2", 0), -ENOENT);	/* used */
	assert_int_equal(prune_dcache(1), 1);
	assert_null(cached(a, "x3"));
	d = cached(a, "x2");
	assert_non_null(d);
	dput(d);
	dput(a);
	/* x2 goes, and then its parent, unused at last, joins the LRU */
	assert_int_equal(a->d_count, 1);
	assert_int_equal(prune_dcache(1), 1);
	assert_null(cached(a, "x2"));
	assert_int_equal(dentry_stat.nr_unused, 1);
	assert_int_equal(prune_dcache(~0ul), 1);
	assert_int_equal(dentry_stat.nr_dentry, pinned_dentries);
}

static void test_shrinker_gives_everything_back(void **state)
{
	unsigned long base = vt_free_after_shrink();
	char name[64], data[64];
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "/many/f%03d", i);
		assert_int_equal(vt_cat(name, data, sizeof(data)),
				 (ssize_t)strlen(name) - 1);
		snprintf(name, sizeof(name), "/many/none%03d", i);
		assert_int_equal(vt_lookup_err(name, 0), -ENOENT);
	}
	assert_int_equal(dentry_stat.nr_dentry, pinned_dentries + 401);
	assert_int_equal(page_cache_stat.nr_file_pages, 200);
	assert_true(nr_free_pages() < base - 200);
	assert_true(vfs_shrink(~0ul, GFP_KERNEL) >= 200);
	assert_int_equal(dentry_stat.nr_unused, 0);
	assert_int_equal(dentry_stat.nr_dentry, pinned_dentries);
	assert_int_equal(page_cache_stat.nr_file_pages, 0);
	assert_int_equal(vt_free_after_shrink(), base);
}

static void test_memory_pressure_prunes(void **state)
{
	enum { MAXP = 1 << 15 };
	struct page **pages = calloc(MAXP, sizeof(*pages));
	unsigned long n = 0, i;
	char name[64];
	long before;

	(void)state;
	assert_non_null(pages);
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "/many/gone%04lu", i);
		assert_int_equal(vt_lookup_err(name, 0), -ENOENT);
	}
	before = dentry_stat.nr_dentry;
	assert_int_equal(before, pinned_dentries + 3001);
	while (n < MAXP && (pages[n] = alloc_page(GFP_KERNEL)))
		n++;
	assert_true(n < MAXP);
	/* direct reclaim ran the shrinker until nothing unused was left */
	assert_int_equal(dentry_stat.nr_unused, 0);
	assert_int_equal(dentry_stat.nr_dentry, pinned_dentries);
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	free(pages);
	assert_int_equal(vt_lookup_err("/a/file", 0), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_hits),
		T(test_negative),
		T(test_lru_order),
		T(test_shrinker_gives_everything_back),
		T(test_memory_pressure_prunes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
