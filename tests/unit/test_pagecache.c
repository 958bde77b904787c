/*
 * test_pagecache.c - the page cache: its radix tree (sparse indices,
 * tags, nodes freed), reads filling it, writes dirtying it, fsync and the
 * periodic flusher cleaning it, truncate freeing it, O_SYNC writing
 * through, and O_DIRECT's alignment rule and its coherence with cached
 * pages. The backing file is a real host file under a --root-rw hostfs.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"
#include "gfp.h"
#include "radix-tree.h"
#include "vmstat.h"

#define DATA_SIZE	(3 * 4096 + 100)

static unsigned char pat(size_t i)
{
	return (unsigned char)(i * 7 + 3);
}

static int setup(void **state)
{
	unsigned char data[DATA_SIZE];
	size_t i;

	(void)state;
	vt_make_root();
	for (i = 0; i < DATA_SIZE; i++)
		data[i] = pat(i);
	vt_write("data", data, DATA_SIZE);
	vt_write("other", "other", 5);
	return vt_boot(64ull << 20, VFS_ROOT_RW);
}

static int teardown(void **state)
{
	(void)state;
	vt_shutdown();
	vt_remove_root();
	return 0;
}

static struct file *open_ok(const char *name, unsigned int flags)
{
	struct file *f = vt_open(name, flags, 0644);

	assert_false(IS_ERR(f));
	return f;
}

static ssize_t pread_vfs(struct file *f, void *buf, size_t n, loff_t off)
{
	return vfs_read(f, buf, n, &off);
}

static ssize_t pwrite_vfs(struct file *f, const void *buf, size_t n,
			  loff_t off)
{
	return vfs_write(f, buf, n, &off);
}

static void host_pread(const char *rel, void *buf, size_t n, off_t off)
{
	char p[512];
	int fd;

	vt_path(p, sizeof(p), rel);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, n, off), (ssize_t)n);
	close(fd);
}

static off_t host_size(const char *rel)
{
	char p[512];
	struct stat st;

	vt_path(p, sizeof(p), rel);
	assert_int_equal(stat(p, &st), 0);
	return st.st_size;
}

static void test_radix_tree(void **state)
{
	static const uint32_t idx[] = { 0, 1, 63, 64, 4095, 4096, 262143,
					0x7fffffffu, 0xffffffffu };
	enum { N = sizeof(idx) / sizeof(idx[0]) };
	struct radix_tree_root root;
	void *res[16];
	unsigned long free0 = vt_free_after_shrink();
	unsigned int i;

	(void)state;
	INIT_RADIX_TREE(&root);
	for (i = 0; i < N; i++)
		assert_int_equal(radix_tree_insert(&root, idx[i],
					(void *)(uintptr_t)(8 + 8 * i),
					GFP_KERNEL), 0);
	assert_int_equal(radix_tree_insert(&root, 64, (void *)8, GFP_KERNEL),
			 -EEXIST);
	assert_int_equal(root.height, 7);
	for (i = 0; i < N; i++)
		assert_ptr_equal(radix_tree_lookup(&root, idx[i]),
				 (void *)(uintptr_t)(8 + 8 * i));
	assert_null(radix_tree_lookup(&root, 2));
	assert_null(radix_tree_lookup(&root, 65));
	assert_null(radix_tree_lookup(&root, 0xfffffffeu));
	assert_int_equal(radix_tree_gang_lookup(&root, res, 0, 16), N);
	for (i = 0; i < N; i++)
		assert_ptr_equal(res[i], (void *)(uintptr_t)(8 + 8 * i));
	assert_int_equal(radix_tree_gang_lookup(&root, res, 65, 2), 2);
	assert_ptr_equal(res[0], (void *)(uintptr_t)(8 + 8 * 4)); /* 4095 */
	assert_int_equal(radix_tree_gang_lookup(&root, res, 0xffffffffu, 4),
			 1);

	assert_false(radix_tree_tagged(&root, 0));
	assert_non_null(radix_tree_tag_set(&root, 64, 0));
	assert_non_null(radix_tree_tag_set(&root, 0xffffffffu, 0));
	assert_null(radix_tree_tag_set(&root, 65, 0));
	assert_true(radix_tree_tagged(&root, 0));
	assert_false(radix_tree_tagged(&root, 1));
	assert_int_equal(radix_tree_gang_lookup_tag(&root, res, 0, 16, 0), 2);
	assert_ptr_equal(res[0], (void *)(uintptr_t)(8 + 8 * 3));
	assert_ptr_equal(res[1], (void *)(uintptr_t)(8 + 8 * 8));
	assert_true(radix_tree_tag_get(&root, 64, 0));
	assert_false(radix_tree_tag_get(&root, 63, 0));
	radix_tree_tag_clear(&root, 64, 0);
	assert_true(radix_tree_tagged(&root, 0));
	assert_ptr_equal(radix_tree_delete(&root, 0xffffffffu),
			 (void *)(uintptr_t)(8 + 8 * 8));
	assert_false(radix_tree_tagged(&root, 0));
	assert_null(radix_tree_delete(&root, 0xffffffffu));
	/* without the high indices the tree shrinks to cover 2^20 */
	assert_non_null(radix_tree_delete(&root, 0x7fffffffu));
	assert_int_equal(root.height, 4);
	for (i = 0; i < N - 2; i++)
		assert_non_null(radix_tree_delete(&root, idx[i]));
	assert_int_equal(root.height, 0);
	assert_null(root.rnode);
	assert_int_equal(vt_free_after_shrink(), free0);
}

static void test_read_fills_cache(void **state)
{
	struct file *f = open_ok("/data", O_RDONLY);
	struct address_space *mapping = f->f_mapping;
	unsigned char buf[DATA_SIZE + 64];
	uint64_t pgpgin0 = vm_events[pgpgin];
	struct page *page;
	size_t i;

	(void)state;
	assert_int_equal(mapping->nrpages, 0);
	assert_int_equal(pread_vfs(f, buf, 10, 5000), 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(buf[i], pat(5000 + i));
	assert_int_equal(mapping->nrpages, 1);
	assert_int_equal(page_cache_stat.nr_file_pages, 1);
	page = find_get_page(mapping, 1);
	assert_non_null(page);
	assert_ptr_equal(page->mapping, mapping);
	assert_int_equal(page->index, 1);
	assert_true(PageUptodate(page));
	assert_false(PageDirty(page));
	assert_int_equal(page_count(page), 2);	/* cache + ours */
	put_page(page);
	assert_int_equal(vm_events[pgpgin], pgpgin0 + 4);

	assert_int_equal(pread_vfs(f, buf, sizeof(buf), 0), DATA_SIZE);
	for (i = 0; i < DATA_SIZE; i++)
		assert_int_equal(buf[i], pat(i));
	assert_int_equal(mapping->nrpages, 4);
	assert_int_equal(vm_events[pgpgin], pgpgin0 + 16);
	assert_int_equal(pread_vfs(f, buf, 100, DATA_SIZE - 10), 10);
	assert_int_equal(pread_vfs(f, buf, 100, DATA_SIZE), 0);
	assert_int_equal(pread_vfs(f, buf, sizeof(buf), 0), DATA_SIZE);
	assert_int_equal(vm_events[pgpgin], pgpgin0 + 16);	/* no I/O */
	fput(f);
}

static void test_write_dirties_fsync_cleans(void **state)
{
	struct file *f = open_ok("/data", O_RDWR);
	struct inode *inode = f->f_dentry->d_inode;
	uint64_t pgpgout0 = vm_events[pgpgout];
	unsigned char buf[16], zero[16] = { 0 };
	struct page *page;

	(void)state;
	assert_int_equal(pwrite_vfs(f, "HELLO", 5, 4096 + 10), 5);
	page = find_get_page(f->f_mapping, 1);
	assert_true(PageDirty(page));
	assert_true(PageUptodate(page));
	assert_int_equal(page_cache_stat.nr_dirty, 1);
	assert_true(inode->i_state & I_DIRTY_PAGES);
	assert_ptr_equal(inode->i_sb->s_dirty.next, &inode->i_list);
	/* deferred: the host has the old bytes, a read the new ones */
	host_pread("data", buf, 5, 4096 + 10);
	assert_int_equal(buf[0], pat(4096 + 10));
	assert_int_equal(pread_vfs(f, buf, 5, 4096 + 10), 5);
	assert_memory_equal(buf, "HELLO", 5);
	/* the rest of the page came from the file */
	assert_int_equal(pread_vfs(f, buf, 1, 4096 + 9), 1);
	assert_int_equal(buf[0], pat(4096 + 9));

	assert_int_equal(vfs_fsync(f, 0), 0);
	host_pread("data", buf, 5, 4096 + 10);
	assert_memory_equal(buf, "HELLO", 5);
	assert_false(PageDirty(page));
	assert_int_equal(page_cache_stat.nr_dirty, 0);
	assert_false(inode->i_state & I_DIRTY_PAGES);
	assert_true(list_empty(&inode->i_sb->s_dirty));
	assert_int_equal(vm_events[pgpgout], pgpgout0 + 4);
	put_page(page);

	/* writing past the end leaves a hole of zeros */
	assert_int_equal(pwrite_vfs(f, "END", 3, DATA_SIZE + 5000), 3);
	assert_int_equal(inode->i_size, DATA_SIZE + 5003);
	assert_int_equal(pread_vfs(f, buf, 16, DATA_SIZE + 100), 16);
	assert_memory_equal(buf, zero, 16);
	assert_int_equal(vfs_fsync(f, 0), 0);
	assert_int_equal(host_size("data"), DATA_SIZE + 5003);
	host_pread("data", buf, 3, DATA_SIZE + 5000);
	assert_memory_equal(buf, "END", 3);
	host_pread("data", buf, 16, DATA_SIZE + 100);
	assert_memory_equal(buf, zero, 16);
	fput(f);
}

static void test_periodic_flusher(void **state)
{
	struct file *a = open_ok("/data", O_RDWR);
	struct file *b = open_ok("/other", O_RDWR);
	unsigned char buf[4];

	(void)state;
	vfs_set_clock(100);
	assert_int_equal(pwrite_vfs(a, "AAAA", 4, 0), 4);
	assert_int_equal(a->f_dentry->d_inode->dirtied_when, 100);
	vfs_set_clock(200);
	assert_int_equal(pwrite_vfs(b, "BBBB", 4, 0), 4);
	assert_int_equal(pwrite_vfs(a, "aaaa", 4, 4096), 4);	/* still 100 */
	assert_int_equal(a->f_dentry->d_inode->dirtied_when, 100);
	assert_int_equal(page_cache_stat.nr_dirty, 3);

	assert_int_equal(wb_kupdate(100 + dirty_expire_interval - 1), 0);
	assert_int_equal(page_cache_stat.nr_dirty, 3);
	assert_int_equal(wb_kupdate(100 + dirty_expire_interval), 2);
	assert_int_equal(page_cache_stat.nr_dirty, 1);
	host_pread("data", buf, 4, 4096);
	assert_memory_equal(buf, "aaaa", 4);
	host_pread("other", buf, 4, 0);
	assert_memory_equal(buf, "othe", 4);
	assert_int_equal(wb_kupdate(200 + dirty_expire_interval), 1);
	host_pread("other", buf, 4, 0);
	assert_memory_equal(buf, "BBBB", 4);
	assert_int_equal(page_cache_stat.nr_dirty, 0);
	assert_int_equal(vfs_jiffies, 200 + dirty_expire_interval);
	fput(a);
	fput(b);
}

static void test_truncate_frees(void **state)
{
	struct file *f = open_ok("/data", O_RDWR);
	struct address_space *mapping = f->f_mapping;
	unsigned char buf[DATA_SIZE];
	unsigned long free0;
	size_t i;

	(void)state;
	assert_int_equal(pread_vfs(f, buf, DATA_SIZE, 0), DATA_SIZE);
	assert_int_equal(mapping->nrpages, 4);
	free0 = nr_free_pages();
	assert_int_equal(do_ftruncate(f, 5000), 0);
	assert_int_equal(mapping->nrpages, 2);
	assert_int_equal(nr_free_pages(), free0 + 2);
	assert_int_equal(f->f_dentry->d_inode->i_size, 5000);
	assert_int_equal(host_size("data"), 5000);
	assert_int_equal(pread_vfs(f, buf, DATA_SIZE, 0), 5000);
	for (i = 0; i < 5000; i++)
		assert_int_equal(buf[i], pat(i));

	/* growing again shows zeros where the old tail was */
	assert_int_equal(do_ftruncate(f, 9000), 0);
	assert_int_equal(pread_vfs(f, buf, 4000, 5000), 4000);
	for (i = 0; i < 4000; i++)
		assert_int_equal(buf[i], 0);

	/* a dirty page past the new end is dropped, not written */
	assert_int_equal(pwrite_vfs(f, "DROP", 4, 8500), 4);
	assert_int_equal(page_cache_stat.nr_dirty, 1);
	assert_int_equal(do_ftruncate(f, 4096), 0);
	assert_int_equal(page_cache_stat.nr_dirty, 0);
	assert_false(f->f_dentry->d_inode->i_state & I_DIRTY_PAGES);
	assert_int_equal(mapping->nrpages, 1);
	assert_int_equal(do_ftruncate(f, 0), 0);
	assert_int_equal(mapping->nrpages, 0);
	assert_int_equal(host_size("data"), 0);
	assert_int_equal(do_ftruncate(f, -1), -EINVAL);
	fput(f);

	f = open_ok("/data", O_RDONLY);
	assert_int_equal(do_ftruncate(f, 0), -EINVAL);
	fput(f);
	assert_int_equal(do_truncate_path(vt_fs, NULL, "/", 0), -EISDIR);
	assert_int_equal(do_truncate_path(vt_fs, NULL, "/other", 2), 0);
	assert_int_equal(host_size("other"), 2);
}

static void test_osync_writes_through(void **state)
{
	struct file *f = open_ok("/data", O_RDWR | O_SYNC);
	uint64_t pgpgout0 = vm_events[pgpgout];
	unsigned char buf[4];

	(void)state;
	assert_int_equal(pwrite_vfs(f, "SYNC", 4, 8192), 4);
	host_pread("data", buf, 4, 8192);
	assert_memory_equal(buf, "SYNC", 4);
	assert_int_equal(page_cache_stat.nr_dirty, 0);
	assert_int_equal(vm_events[pgpgout], pgpgout0 + 4);
	assert_true(list_empty(&f->f_dentry->d_inode->i_sb->s_dirty));
	fput(f);
}

static void test_odirect_alignment(void **state)
{
	struct file *f = open_ok("/data", O_RDWR | O_DIRECT);
	unsigned char *buf = aligned_alloc(4096, 3 * 4096);
	size_t i;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(pread_vfs(f, buf + 1, 512, 0), -EINVAL);
	assert_int_equal(pread_vfs(f, buf, 512, 100), -EINVAL);
	assert_int_equal(pread_vfs(f, buf, 100, 0), -EINVAL);
	assert_int_equal(pwrite_vfs(f, buf + 256, 512, 0), -EINVAL);
	assert_int_equal(pwrite_vfs(f, buf, 512, 511), -EINVAL);
	assert_int_equal(pwrite_vfs(f, buf, 513, 0), -EINVAL);
	assert_int_equal(pread_vfs(f, buf + 512, 4096, 512), 4096);
	for (i = 0; i < 4096; i++)
		assert_int_equal(buf[512 + i], pat(512 + i));
	/* at the end of the file: only what is there */
	assert_int_equal(pread_vfs(f, buf, 1024, 12288), 100);
	assert_int_equal(pread_vfs(f, buf, 512, 12800), 0);
	assert_int_equal(f->f_mapping->nrpages, 0);	/* bypassed */
	fput(f);
	free(buf);
	/* tmpfs has no direct I/O: Linux refuses the open */
	assert_int_equal(vt_open_err("/tmp/x", O_CREAT | O_RDWR | O_DIRECT),
			 -EINVAL);
}

static void test_odirect_coherence(void **state)
{
	struct file *d = open_ok("/data", O_RDWR | O_DIRECT);
	struct file *f = open_ok("/data", O_RDWR);
	unsigned char *buf = aligned_alloc(4096, 4096), b[8];
	struct page *page;

	(void)state;
	/* a buffered write not yet on the host... */
	assert_int_equal(pwrite_vfs(f, "DIRTY!", 6, 0), 6);
	host_pread("data", b, 6, 0);
	assert_int_not_equal(b[0], 'D');
	/* ...is written back before a direct read, which then sees it */
	assert_int_equal(pread_vfs(d, buf, 512, 0), 512);
	assert_memory_equal(buf, "DIRTY!", 6);
	assert_int_equal(page_cache_stat.nr_dirty, 0);
	page = find_get_page(f->f_mapping, 0);
	assert_non_null(page);
	assert_false(PageDirty(page));
	put_page(page);

	/* a direct write drops the stale clean page; reads see the write */
	memset(buf, 'Z', 512);
	assert_int_equal(pwrite_vfs(d, buf, 512, 0), 512);
	assert_null(find_get_page(f->f_mapping, 0));
	assert_int_equal(pread_vfs(f, b, 8, 0), 8);
	assert_memory_equal(b, "ZZZZZZZZ", 8);
	host_pread("data", b, 8, 504);
	assert_memory_equal(b, "ZZZZZZZZ", 8);

	/* and may extend the file */
	assert_int_equal(pwrite_vfs(d, buf, 512, 16384), 512);
	assert_int_equal(f->f_dentry->d_inode->i_size, 16384 + 512);
	assert_int_equal(host_size("data"), 16384 + 512);
	fput(d);
	fput(f);
	free(buf);
}

static void test_tmpfs_pages_never_written(void **state)
{
	struct file *f = open_ok("/tmp/t", O_CREAT | O_RDWR);
	struct page *page;

	(void)state;
	assert_int_equal(pwrite_vfs(f, "tmp", 3, 0), 3);
	page = find_get_page(f->f_mapping, 0);
	assert_true(PageDirty(page));		/* it must not be dropped */
	assert_true(PageSwapBacked(page));	/* only swap may take it */
	assert_int_equal(page_cache_stat.nr_shmem, 1);
	put_page(page);
	assert_int_equal(page_cache_stat.nr_dirty, 0);	/* nor written */
	assert_false(f->f_dentry->d_inode->i_state & I_DIRTY_PAGES);
	assert_int_equal(vfs_fsync(f, 0), 0);
	assert_int_equal(wb_kupdate(1000000), 0);
	fput(f);
}

/* The tree is sound: height > 0 means a top node, and it finds all n. */
static void assert_tree_holds(struct radix_tree_root *root, unsigned int n)
{
	void *found[8];
	unsigned int i;

	assert_true(!root->height == !root->rnode);
	for (i = 0; i < n; i++)
		assert_ptr_equal(radix_tree_lookup(root, i * 1000003u),
				 (void *)(uintptr_t)(8 * i + 8));
	assert_int_equal(radix_tree_gang_lookup(root, found, 0, 8),
			 n < 8 ? n : 8);
}

/*
 * An insert that runs out of memory half way down takes back the nodes
 * it linked in: no top-less tree of some height (which every walk would
 * follow into NULL), no empty node left for ever. Found by a what-if
 * replay whose OOM kill happened during a page-cache insert.
 */
static void test_radix_tree_enomem(void **state)
{
	struct radix_tree_root a, b;
	unsigned long nr = nr_free_pages(), got = 0, i, n = 0;
	struct page **pages = calloc(nr + 1, sizeof(*pages));
	int err = 0;

	(void)state;
	assert_non_null(pages);
	INIT_RADIX_TREE(&a);
	INIT_RADIX_TREE(&b);
	while (got <= nr && (pages[got] = alloc_page(GFP_ATOMIC)))
		got++;
	/* no free page now: spread items until a node cannot be had */
	while (!err && n < 100000) {
		err = radix_tree_insert(&a, (uint32_t)(n * 1000003u),
					(void *)(uintptr_t)(8 * n + 8),
					GFP_ATOMIC);
		n += !err;
	}
	assert_int_equal(err, -ENOMEM);
	assert_tree_holds(&a, (unsigned int)n);
	assert_null(radix_tree_lookup(&a, (uint32_t)(n * 1000003u)));
	/* an empty tree needing a whole path stays empty */
	assert_int_equal(radix_tree_insert(&b, 0xffffffffu, (void *)8,
					   GFP_ATOMIC), -ENOMEM);
	assert_int_equal(b.height, 0);
	assert_null(b.rnode);
	assert_null(radix_tree_lookup(&b, 0xffffffffu));
	for (i = 0; i < got; i++)
		__free_page(pages[i]);
	free(pages);
	assert_int_equal(radix_tree_insert(&b, 0xffffffffu, (void *)8,
					   GFP_KERNEL), 0);
	assert_ptr_equal(radix_tree_delete(&b, 0xffffffffu), (void *)8);
	for (i = 0; i < n; i++)
		assert_non_null(radix_tree_delete(&a, (uint32_t)(i * 1000003u)));
	assert_int_equal(a.height, 0);
	assert_int_equal(b.height, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_radix_tree),
		T(test_radix_tree_enomem),
		T(test_read_fills_cache),
		T(test_write_dirties_fsync_cleans),
		T(test_periodic_flusher),
		T(test_truncate_frees),
		T(test_osync_writes_through),
		T(test_odirect_alignment),
		T(test_odirect_coherence),
		T(test_tmpfs_pages_never_written),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
