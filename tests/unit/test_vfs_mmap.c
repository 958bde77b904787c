/*
 * test_vfs_mmap.c - files mapped into an address space: the fault hands
 * the page-cache page itself to a shared mapping (major on first read,
 * minor once cached), stores set the PTE's D bit, filemap_sync_range
 * moves it to PG_dirty, fsync puts it in the host file; a private
 * mapping copies on write and never reaches the file; access rules,
 * SIGBUS past the end, O_DIRECT against a mapped page, and references
 * and pages given back when the mapping and the file go.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "invariants.h"
#include "vfs_test.h"
#include "mm.h"
#include "mmu.h"
#include "vmstat.h"

#define MAP_SIZE	(2 * 4096 + 100)

static struct mmu cpu;
static struct mm_struct *mm;

static unsigned char pat(size_t i)
{
	return (unsigned char)(i * 13 + 1);
}

static int setup(void **state)
{
	unsigned char data[MAP_SIZE];
	size_t i;

	(void)state;
	vt_make_root();
	for (i = 0; i < MAP_SIZE; i++)
		data[i] = pat(i);
	vt_write("map", data, MAP_SIZE);
	if (vt_boot(64ull << 20, VFS_ROOT_RW) || mmu_init(&cpu, 32, 4, 64, 4))
		return -1;
	current_mmu = &cpu;
	mm = mm_alloc();
	switch_mm(mm);
	return mm ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	if (mm)
		mmput(mm);
	mm = NULL;
	current_mm = NULL;
	current_mmu = NULL;
	mmu_destroy(&cpu);
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

static uint32_t map(struct file *f, uint32_t len, int prot, int flags)
{
	uint32_t a = vfs_mmap(mm, f, 0, len, prot, flags, 0);

	assert_false(IS_ERR_VALUE(a));
	return a;
}

static pte_t pte_of(uint32_t va)
{
	pte_t *p = pte_offset(mm->pgd, va);

	return p ? *p : 0;
}

/* A store as the CPU makes it: translate (fault, retry), then write. */
static void cpu_store(uint32_t va, const char *s)
{
	uint32_t pa, err;
	int tries;

	for (tries = 0; tries < 4; tries++) {
		if (!translate(&cpu, va, ACCESS_WRITE, 1, &pa, &err)) {
			memcpy(phys_base + pa, s, strlen(s));
			return;
		}
		assert_false(do_page_fault(mm, va, err) & VM_FAULT_ERROR);
	}
	fail();
}

static void host_pread(void *buf, size_t n, off_t off)
{
	char p[512];
	int fd;

	vt_path(p, sizeof(p), "map");
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, n, off), (ssize_t)n);
	close(fd);
}

static void test_shared_write_reaches_file(void **state)
{
	struct file *f = open_ok("/map", O_RDWR);
	uint64_t maj0 = vm_events[pgmajfault];
	unsigned char buf[16];
	struct vm_area_struct *vma;
	struct page *page;
	uint32_t a;
	int i;

	(void)state;
	a = map(f, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	assert_int_equal(f->f_count, 2);
	vma = find_vma(mm, a);
	assert_ptr_equal(vma->vm_file, f);
	assert_ptr_equal(vma_file(vma), f);

	assert_int_equal(access_process_vm(mm, a + 4096, buf, 16, 0), 16);
	for (i = 0; i < 16; i++)
		assert_int_equal(buf[i], pat(4096 + i));
	assert_int_equal(vm_events[pgmajfault], maj0 + 1);
	page = find_get_page(f->f_mapping, 1);
	assert_ptr_equal(pte_page(pte_of(a + 4096)), page);	/* the same */
	assert_int_equal(page_mapcount(page), 1);
	assert_int_equal(page_count(page), 3);	/* cache, PTE, ours */
	assert_true(pte_write(pte_of(a + 4096)));
	assert_false(pte_dirty(pte_of(a + 4096)));

	cpu_store(a + 8, "STORE");		/* the MMU sets D */
	assert_true(pte_dirty(pte_of(a)));
	assert_int_equal(access_process_vm(mm, a + 4096 + 8, "MAPPED", 6, 1),
			 6);
	assert_false(PageDirty(page));
	assert_int_equal(page_cache_stat.nr_dirty, 0);

	assert_int_equal(filemap_sync_range(vma, a, a + 3 * 4096), 2);
	assert_false(pte_dirty(pte_of(a)));
	assert_false(pte_dirty(pte_of(a + 4096)));
	assert_true(PageDirty(page));
	assert_int_equal(page_cache_stat.nr_dirty, 2);
	assert_int_equal(filemap_sync_range(vma, a, a + 3 * 4096), 0);
	assert_int_equal(filemap_sync_range(vma, a, a + 4 * 4096), -EINVAL);
	host_pread(buf, 6, 4096 + 8);
	assert_int_equal(buf[0], pat(4096 + 8));	/* not yet */
	assert_int_equal(vfs_fsync(f, 0), 0);
	host_pread(buf, 6, 4096 + 8);
	assert_memory_equal(buf, "MAPPED", 6);
	host_pread(buf, 5, 8);
	assert_memory_equal(buf, "STORE", 5);
	/* a store after the sync dirties the PTE again, not the page */
	cpu_store(a + 16, "AGAIN");
	assert_false(PageDirty(pfn_to_page(pte_pfn(pte_of(a)))));
	assert_int_equal(filemap_sync_range(vma, a, a + 4096), 1);
	put_page(page);

	assert_int_equal(do_munmap(mm, a, 3 * 4096), 0);
	assert_int_equal(f->f_count, 1);
	assert_int_equal(f->f_mapping->nrpages, 2);
	assert_int_equal(vfs_fsync(f, 0), 0);
	host_pread(buf, 5, 16);
	assert_memory_equal(buf, "AGAIN", 5);
	fput(f);
}

/*
 * No msync: a store through a shared mapping lives only in the PTE's D
 * bit, and munmap (zap_page_range) must hand it to the page cache, as
 * Linux's zap_pte_range does; exit (mmput) likewise.
 */
static void test_unsynced_store_survives_munmap_and_exit(void **state)
{
	struct file *f = open_ok("/map", O_RDWR);
	unsigned char buf[8];
	uint32_t a;

	(void)state;
	a = map(f, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	cpu_store(a + 100, "UNMAP");
	assert_int_equal(do_munmap(mm, a, 2 * 4096), 0);
	assert_int_equal(vfs_fsync(f, 0), 0);
	host_pread(buf, 5, 100);
	assert_memory_equal(buf, "UNMAP", 5);

	a = map(f, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	cpu_store(a + 4096 + 200, "EXIT!");
	mmput(mm);
	mm = mm_alloc();
	switch_mm(mm);
	assert_int_equal(vfs_fsync(f, 0), 0);
	host_pread(buf, 5, 4096 + 200);
	assert_memory_equal(buf, "EXIT!", 5);
	fput(f);
}

static void test_private_never_reaches_file(void **state)
{
	struct file *f = open_ok("/map", O_RDONLY);
	unsigned char buf[8];
	struct page *cache;
	uint32_t a;

	(void)state;
	a = map(f, MAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	assert_int_equal(access_process_vm(mm, a, buf, 4, 0), 4);
	cache = find_get_page(f->f_mapping, 0);
	assert_ptr_equal(pte_page(pte_of(a)), cache);
	assert_false(pte_write(pte_of(a)));		/* copy on write */
	assert_int_equal(access_process_vm(mm, a, "PRIV", 4, 1), 4);
	assert_ptr_not_equal(pte_page(pte_of(a)), cache);
	assert_true(PageAnon(pte_page(pte_of(a))));
	assert_int_equal(((unsigned char *)page_address(cache))[0], pat(0));
	assert_int_equal(page_mapcount(cache), 0);
	assert_int_equal(filemap_sync_range(find_vma(mm, a), a, a + 4096), 0);
	assert_false(PageDirty(cache));
	assert_int_equal(sync_filesystems(), 0);
	host_pread(buf, 4, 0);
	assert_int_equal(buf[0], pat(0));
	assert_int_equal(access_process_vm(mm, a, buf, 4, 0), 4);
	assert_memory_equal(buf, "PRIV", 4);
	put_page(cache);
	fput(f);
}

static void test_access_rules_and_sigbus(void **state)
{
	struct file *ro = open_ok("/map", O_RDONLY);
	struct file *wo = open_ok("/map", O_WRONLY);
	struct file *null = open_ok("/dev/null", O_RDWR);
	struct file *dir = open_ok("/", O_RDONLY);
	unsigned char buf[200];
	uint32_t a;
	int i;

	(void)state;
	assert_int_equal(vfs_mmap(mm, ro, 0, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED, 0), (uint32_t)-EACCES);
	assert_int_equal(vfs_mmap(mm, wo, 0, 4096, PROT_READ, MAP_PRIVATE, 0),
			 (uint32_t)-EACCES);
	assert_int_equal(vfs_mmap(mm, null, 0, 4096, PROT_READ, MAP_SHARED, 0),
			 (uint32_t)-ENODEV);
	assert_int_equal(vfs_mmap(mm, dir, 0, 4096, PROT_READ, MAP_SHARED, 0),
			 (uint32_t)-ENODEV);
	assert_int_equal(ro->f_count, 1);

	a = map(ro, 4 * 4096, PROT_READ, MAP_SHARED);
	/* the last page: file bytes, then zeros */
	assert_int_equal(access_process_vm(mm, a + 2 * 4096, buf, 200, 0),
			 200);
	for (i = 0; i < 100; i++)
		assert_int_equal(buf[i], pat(2 * 4096 + i));
	for (; i < 200; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(do_page_fault(mm, a + 3 * 4096, PF_USER),
			 VM_FAULT_SIGBUS);
	assert_int_equal(access_process_vm(mm, a + 3 * 4096, buf, 4, 0), 0);
	/* a store to a read-only shared mapping is refused */
	assert_int_equal(do_page_fault(mm, a, PF_USER | PF_WRITE | PF_PROT),
			 VM_FAULT_SIGSEGV);
	fput(ro);
	fput(wo);
	fput(null);
	fput(dir);
}

static void test_minor_once_cached(void **state)
{
	struct file *f = open_ok("/map", O_RDONLY);
	uint64_t maj0;
	unsigned char buf[MAP_SIZE];
	uint32_t a;
	loff_t pos = 0;

	(void)state;
	assert_int_equal(vfs_read(f, (char *)buf, MAP_SIZE, &pos), MAP_SIZE);
	maj0 = vm_events[pgmajfault];
	a = map(f, MAP_SIZE, PROT_READ, MAP_PRIVATE);
	assert_int_equal(access_process_vm(mm, a, buf, MAP_SIZE, 0),
			 MAP_SIZE);
	assert_int_equal(vm_events[pgmajfault], maj0);
	assert_int_equal(mm->maj_flt, 0);
	fput(f);
}

static void test_tmpfs_shared(void **state)
{
	struct file *f = open_ok("/tmp/shm", O_CREAT | O_RDWR);
	char buf[8];
	uint32_t a;
	loff_t pos = 0;

	(void)state;
	assert_int_equal(do_ftruncate(f, 8192), 0);
	a = map(f, 8192, PROT_READ | PROT_WRITE, MAP_SHARED);
	assert_int_equal(access_process_vm(mm, a + 4096, "shm!", 4, 1), 4);
	pos = 4096;
	assert_int_equal(vfs_read(f, buf, 4, &pos), 4);	/* one page */
	assert_memory_equal(buf, "shm!", 4);
	pos = 0;
	assert_int_equal(vfs_write(f, "wrote", 5, &pos), 5);
	assert_int_equal(access_process_vm(mm, a, buf, 5, 0), 5);
	assert_memory_equal(buf, "wrote", 5);
	fput(f);
}

static void test_direct_write_updates_mapped_page(void **state)
{
	struct file *f = open_ok("/map", O_RDWR);
	struct file *d = open_ok("/map", O_RDWR | O_DIRECT);
	char *buf = aligned_alloc(512, 512), got[4];
	struct page *page;
	uint32_t a;
	loff_t pos = 0;

	(void)state;
	a = map(f, MAP_SIZE, PROT_READ, MAP_SHARED);
	assert_int_equal(access_process_vm(mm, a, got, 4, 0), 4);
	memset(buf, 'D', 512);
	assert_int_equal(vfs_write(d, buf, 512, &pos), 512);
	page = find_get_page(f->f_mapping, 0);	/* mapped: it stays */
	assert_non_null(page);
	put_page(page);
	assert_int_equal(access_process_vm(mm, a, got, 4, 0), 4);
	assert_memory_equal(got, "DDDD", 4);
	free(buf);
	fput(d);
	fput(f);
}

static void test_references_and_pages_come_back(void **state)
{
	unsigned long base = vt_free_after_shrink();
	struct file *f = open_ok("/map", O_RDWR);
	struct mm_struct *child;
	struct page *page;
	unsigned char buf[4];
	uint32_t a;

	(void)state;
	a = map(f, MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED);
	assert_int_equal(access_process_vm(mm, a, buf, 4, 0), 4);
	assert_int_equal(access_process_vm(mm, a + 8192, buf, 4, 0), 4);
	/* a split VMA holds its own reference, and so does a fork's copy */
	assert_int_equal(do_mprotect(mm, a + 4096, 4096, PROT_READ), 0);
	assert_int_equal(f->f_count, 4);
	child = dup_mm(mm);
	assert_non_null(child);
	assert_int_equal(f->f_count, 7);
	assert_int_equal(access_process_vm(child, a, buf, 4, 0), 4);
	page = find_get_page(f->f_mapping, 0);
	assert_int_equal(page_mapcount(page), 2);	/* parent and child */
	put_page(page);
	mmput(child);
	assert_int_equal(f->f_count, 4);
	fput(f);
	assert_int_equal(nr_files(), 1);	/* the mappings hold it */
	mmput(mm);				/* exit: every VMA closes */
	mm = mm_alloc();
	switch_mm(mm);
	assert_int_equal(nr_files(), 0);
	assert_int_equal(vt_free_after_shrink(), base);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_shared_write_reaches_file),
		T(test_unsynced_store_survives_munmap_and_exit),
		T(test_private_never_reaches_file),
		T(test_access_rules_and_sigbus),
		T(test_minor_once_cached),
		T(test_tmpfs_shared),
		T(test_direct_write_updates_mapped_page),
		T(test_references_and_pages_come_back),
	};
	/* references held by the test itself, which no kernel structure
	 * records, would fail the invariant checker of debug builds */
	invariants_mode = INVARIANTS_OFF;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
