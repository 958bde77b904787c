/*
 * test_rmap.c - reverse mapping: the anon_vma a VMA gets at its first
 * anonymous fault and shares with its fork children, splits and merges;
 * page_referenced testing and clearing the Accessed bit of every PTE
 * (and the TLB entry, so the next access sets it again); try_to_unmap
 * taking a page shared by parent and child out of both at once, anon
 * (swap entries) and file (PTEs cleared, dirt kept); mlocked VMAs
 * refusing; exact _count, _mapcount and rss throughout.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "reclaim_test.h"

static int setup(void **state)
{
	(void)state;
	return rt_boot(32ull << 20);
}

static int teardown(void **state)
{
	(void)state;
	rt_shutdown();
	return 0;
}

static void test_anon_vma_life(void **state)
{
	struct mm_struct *mm, *child;
	struct vm_area_struct *vma;
	struct anon_vma *av;
	struct page *page;
	uint32_t a, pa;

	(void)state;
	mm = rt_mm();
	a = rt_mmap_anon(mm, 4 * PAGE_SIZE, MAP_PRIVATE);
	vma = find_vma(mm, a);
	assert_null(vma->anon_vma);
	/* a read maps the zero page: still no anonymous page */
	assert_int_equal(rt_access(mm, a, 0, &pa), 0);
	assert_ptr_equal(rt_page(mm, a), empty_zero_page);
	assert_null(vma->anon_vma);
	assert_int_equal(rt_fill(mm, a, 1), 0);
	av = vma->anon_vma;
	assert_non_null(av);
	assert_int_equal(rmap_stat.anon_vmas, 1);
	assert_int_equal(av->refcount, 1);
	page = rt_page(mm, a);
	assert_true(PageAnon(page));
	assert_ptr_equal(page->mapping, av);
	assert_int_equal(page->index, a >> PAGE_SHIFT);
	assert_int_equal(vma_address(page, vma), a);
	assert_true(PageLRU(page) && PageActive(page));

	/* fork: the child's VMA joins the same anon_vma */
	child = dup_mm(mm);
	assert_non_null(child);
	assert_ptr_equal(find_vma(child, a)->anon_vma, av);
	assert_int_equal(av->refcount, 2);
	assert_int_equal(rmap_stat.links, 2);
	/* a split shares it too */
	assert_int_equal(do_mprotect(mm, a + PAGE_SIZE, PAGE_SIZE, PROT_READ),
			 0);
	assert_int_equal(av->refcount, 4);
	assert_int_equal(rmap_stat.links, 4);
	assert_int_equal(do_mprotect(mm, a + PAGE_SIZE, PAGE_SIZE,
				     PROT_READ | PROT_WRITE), 0);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(av->refcount, 2);
	mmput(child);
	assert_int_equal(av->refcount, 1);
	/* a mapping merged into the VMA shares it: its pages join it */
	assert_int_equal(do_munmap(mm, a + 2 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_int_equal(do_mmap_pgoff(mm, a + 2 * PAGE_SIZE, PAGE_SIZE,
				       PROT_READ | PROT_WRITE, MAP_PRIVATE |
				       MAP_ANONYMOUS | MAP_FIXED, 0, NULL,
				       NULL), a + 2 * PAGE_SIZE);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(rt_fill(mm, a + 2 * PAGE_SIZE, 2), 0);
	assert_ptr_equal(rt_page(mm, a + 2 * PAGE_SIZE)->mapping, av);
	assert_int_equal(rmap_stat.anon_vmas, 1);
	/* one mapped apart, with other rights, gets its own */
	assert_int_equal(do_mmap_pgoff(mm, a + 3 * PAGE_SIZE, PAGE_SIZE,
				       PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
				       MAP_FIXED, 0, NULL, NULL),
			 a + 3 * PAGE_SIZE);
	vma = find_vma(mm, a + 3 * PAGE_SIZE);
	assert_int_equal(anon_vma_prepare(vma), 0);
	assert_ptr_not_equal(vma->anon_vma, av);
	assert_int_equal(rmap_stat.anon_vmas, 2);
	/* and then the two cannot merge, whatever their rights */
	assert_int_equal(do_mprotect(mm, a + 3 * PAGE_SIZE, PAGE_SIZE,
				     PROT_READ | PROT_WRITE), 0);
	assert_int_equal(mm->map_count, 2);
	mmput(mm);
	assert_int_equal(rmap_stat.anon_vmas, 0);
	assert_int_equal(rmap_stat.links, 0);
	rt_assert_nothing_lost();
}

/*
 * page_referenced: one per young PTE, plus PG_referenced; every A bit
 * cleared and the current mm's TLB entry dropped, so the next access
 * walks the table and sets A again.
 */
static void test_page_referenced(void **state)
{
	struct mm_struct *parent, *child;
	struct page *page;
	uint64_t invlpgs;
	uint32_t a, pa;

	(void)state;
	parent = rt_mm();
	a = rt_mmap_anon(parent, PAGE_SIZE, MAP_PRIVATE);
	assert_int_equal(rt_fill(parent, a, 5), 0);
	child = dup_mm(parent);
	assert_non_null(child);
	page = rt_page(parent, a);
	assert_ptr_equal(rt_page(child, a), page);
	assert_int_equal(page_mapcount(page), 2);
	assert_int_equal(page_count(page), 2);
	/* fork gave the child's PTE no A bit; the parent's has it */
	assert_true(pte_young(rt_pte(parent, a)));
	assert_false(pte_young(rt_pte(child, a)));
	assert_true(rt_holds(child, a, 5));
	assert_true(pte_young(rt_pte(child, a)));

	switch_mm(parent);
	assert_true(rt_holds(parent, a, 5));	/* in parent's TLB now */
	invlpgs = rt_cpu.dtlb.invlpgs;
	SetPageReferenced(page);
	assert_int_equal(page_referenced(page, 0), 3);
	assert_false(pte_young(rt_pte(parent, a)));
	assert_false(pte_young(rt_pte(child, a)));
	assert_false(PageReferenced(page));
	/* only the loaded mm's TLB had to be told */
	assert_int_equal(rt_cpu.dtlb.invlpgs, invlpgs + 1);
	assert_int_equal(page_referenced(page, 0), 0);
	assert_int_equal(rt_cpu.dtlb.invlpgs, invlpgs + 1);
	/* the next access misses the TLB and sets A again */
	assert_int_equal(rt_access(parent, a, 0, &pa), 0);
	assert_true(pte_young(rt_pte(parent, a)));
	assert_false(pte_young(rt_pte(child, a)));
	assert_int_equal(page_referenced(page, 0), 1);
	assert_int_equal(page_mapcount(page), 2);
	assert_int_equal(page_count(page), 2);
	mmput(child);
	mmput(parent);
	rt_assert_nothing_lost();
}

/*
 * A page parent and child share after fork leaves both at once: each
 * PTE becomes the page's swap entry, whose swap_map counts the two PTEs
 * and the swap cache.
 */
static void test_unmap_shared_anon(void **state)
{
	struct mm_struct *parent, *child;
	struct page *page;
	swp_entry_t entry;
	uint32_t a;

	(void)state;
	rt_swapon("a.swap", 64);
	parent = rt_mm();
	a = rt_mmap_anon(parent, 2 * PAGE_SIZE, MAP_PRIVATE);
	assert_int_equal(rt_fill(parent, a, 9), 0);
	child = dup_mm(parent);
	assert_non_null(child);
	page = rt_page(parent, a);
	assert_int_equal(parent->anon_rss, 1);
	assert_int_equal(child->anon_rss, 1);

	/* without a slot there is nowhere to put it */
	assert_int_equal(page_referenced(page, 0), 1);
	assert_int_equal(try_to_unmap(page), SWAP_FAIL);
	assert_true(pte_present(rt_pte(parent, a)));

	assert_int_equal(add_to_swap(page), 1);
	entry.val = page->private;
	assert_int_equal(swap_count(entry), 1);
	assert_int_equal(page_count(page), 3);
	/* a PTE used since page_referenced looked refuses, clearing A */
	assert_true(rt_holds(child, a, 9));
	assert_int_equal(try_to_unmap(page), SWAP_FAIL);
	assert_int_equal(try_to_unmap(page), SWAP_SUCCESS);
	assert_int_equal(rt_pte(parent, a), swp_entry_to_pte(entry));
	assert_int_equal(rt_pte(child, a), swp_entry_to_pte(entry));
	/* two PTEs and the cache */
	assert_int_equal(swap_count(entry), 3);
	assert_int_equal(page_mapcount(page), 0);
	assert_int_equal(page_count(page), 1);		/* the cache's */
	assert_false(PageAnon(page));
	assert_null(page->mapping);
	assert_true(PageDirty(page));
	assert_int_equal(parent->anon_rss, 0);
	assert_int_equal(child->anon_rss, 0);
	assert_int_equal(rmap_stat.unmapped_ptes, 2);

	/* both come back to the same page, from the cache, no I/O */
	assert_true(rt_holds(child, a, 9));
	assert_true(rt_holds(parent, a, 9));
	assert_ptr_equal(rt_page(parent, a), page);
	assert_ptr_equal(rt_page(child, a), page);
	assert_int_equal(page_mapcount(page), 2);
	assert_int_equal(page_count(page), 3);
	assert_int_equal(swap_count(entry), 1);
	assert_int_equal(vm_events[pswpin], 0);
	assert_int_equal(vm_events[pswpout], 0);
	assert_true(PageAnon(page));
	mmput(child);
	mmput(parent);
	rt_assert_nothing_lost();
}

/* A file page mapped shared by two processes: PTEs cleared, dirt kept. */
static void test_unmap_shared_file(void **state)
{
	struct mm_struct *parent, *child;
	struct file *f;
	struct page *page;
	uint32_t a, pa;
	char buf[8];

	(void)state;
	vt_write("f", "0123456789", 10);
	f = vt_open("/f", O_RDWR, 0);
	assert_false(IS_ERR(f));
	parent = rt_mm();
	a = vfs_mmap(parent, f, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_SHARED, 0);
	assert_false(IS_ERR_VALUE(a));
	assert_int_equal(rt_access(parent, a, 1, &pa), 0);
	memcpy(__va(pa), "ABCD", 4);
	child = dup_mm(parent);
	assert_non_null(child);
	assert_int_equal(rt_access(child, a + 4, 0, &pa), 0);
	page = rt_page(parent, a);
	assert_ptr_equal(rt_page(child, a), page);
	assert_ptr_equal(page->mapping, f->f_mapping);
	assert_int_equal(page_mapcount(page), 2);
	assert_int_equal(page_count(page), 3);	/* + the page cache */
	assert_false(PageDirty(page));		/* only the PTE knows */

	/* the fault's mark_page_accessed, and both PTEs' A bits */
	assert_true(PageReferenced(page));
	assert_int_equal(page_referenced(page, 0), 3);
	assert_false(pte_young(rt_pte(parent, a)));
	assert_false(pte_young(rt_pte(child, a)));
	assert_int_equal(try_to_unmap(page), SWAP_SUCCESS);
	assert_int_equal(rt_pte(parent, a), 0);
	assert_int_equal(rt_pte(child, a), 0);
	assert_int_equal(page_count(page), 1);
	assert_int_equal(parent->file_rss, 0);
	assert_int_equal(child->file_rss, 0);
	assert_true(PageDirty(page));		/* the parent's D bit */
	assert_int_equal(page_cache_stat.nr_dirty, 1);

	/* still the file's page: a minor fault maps it again */
	assert_int_equal(rt_access(child, a, 0, &pa), 0);
	assert_ptr_equal(rt_page(child, a), page);
	assert_int_equal(vm_events[pgmajfault], 1);	/* the first one */
	mmput(child);
	mmput(parent);
	assert_int_equal(vfs_fsync(f, 0), 0);
	fput(f);
	assert_int_equal(vt_read_host("f", buf, 8), 8);
	assert_memory_equal(buf, "ABCD4567", 8);
	rt_assert_nothing_lost();
}

/* mlock: page_referenced says "in use", try_to_unmap refuses. */
static void test_mlocked_refuses(void **state)
{
	struct mm_struct *mm;
	struct page *page;
	uint32_t a;

	(void)state;
	rt_swapon("a.swap", 64);
	mm = rt_mm();
	a = do_mmap_pgoff(mm, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0, NULL,
			  NULL);
	assert_false(IS_ERR_VALUE(a));
	page = rt_page(mm, a);		/* MAP_LOCKED populated it */
	assert_non_null(page);
	*pte_offset(mm->pgd, a) &= ~_PAGE_ACCESSED;
	assert_int_equal(page_referenced(page, 0), 1);
	assert_int_equal(add_to_swap(page), 1);
	assert_int_equal(try_to_unmap(page), SWAP_FAIL);
	assert_int_equal(rmap_stat.locked_refusals, 1);
	assert_ptr_equal(rt_page(mm, a), page);
	assert_int_equal(page_mapcount(page), 1);
	delete_from_swap_cache(page);
	mmput(mm);
	rt_assert_nothing_lost();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_anon_vma_life),
		T(test_page_referenced),
		T(test_unmap_shared_anon),
		T(test_unmap_shared_file),
		T(test_mlocked_refuses),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
