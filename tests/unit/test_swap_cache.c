/*
 * test_swap_cache.c - the swap cache: adding, finding and deleting pages
 * with exact page _count, swap_map counts and SwapCached; the life of a
 * page shared by two processes through swap-out and swap-in, read from
 * the area once; zap's free_swap_and_cache; failed reads; out of memory;
 * swapoff dropping pages only the cache holds; an index of thousands of
 * pages. The steps of reclaim and of the fault handler that are not
 * written yet (unmapping PTEs, mapping the page) are played by the test
 * with the same calls those will make. Every test ends with every slot
 * free and every frame back (teardown checks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <cmocka.h>
#include "invariants.h"
#include "gfp.h"
#include "proc_fs.h"
#include "radix-tree.h"
#include "seq_file.h"
#include "slab.h"
#include "swap.h"
#include "vmstat.h"
#include "swap_test.h"

static unsigned long free0;	/* free frames when the test started */

static void fill(struct page *pg, uint32_t seed)
{
	uint32_t *w = page_address(pg);

	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = seed * 2654435761u + i;
}

static int holds(struct page *pg, uint32_t seed)
{
	uint32_t *w = page_address(pg);

	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		if (w[i] != seed * 2654435761u + i)
			return 0;
	return 1;
}

/* Free frames once the slab caches gave their free slabs back: the
 * index's nodes and buckets live in kmalloc's caches. */
static unsigned long free_now(void)
{
	shrink_slab(~0ul, GFP_KERNEL);
	return nr_free_pages();
}

static int fresh(void **state)
{
	(void)state;
	vm_events_reset();
	memset(&swap_cache_info, 0, sizeof(swap_cache_info));
	free0 = free_now();
	return 0;
}

/* Nothing lost: every slot free, the cache empty, every frame back. */
static int cleanup(void **state)
{
	(void)state;
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(swap_exit(), 0);
	swap_ops.lru_cache_add = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	remove_files();
	return 0;
}

static void test_add_lookup_delete(void **state)
{
	struct page *pg, *other;
	swp_entry_t e, e2;

	(void)state;
	make_area("a.swap", 64, -1);
	pg = alloc_page(GFP_HIGHUSER);
	other = alloc_page(GFP_HIGHUSER);
	e = get_swap_page();		/* count 1: as if a PTE held it */
	assert_int_equal(page_count(pg), 1);

	assert_int_equal(add_to_swap_cache(pg, e), 0);
	assert_int_equal(page_count(pg), 2);
	assert_int_equal(swap_count(e), 2);
	assert_true(PageSwapCache(pg));
	assert_int_equal(pg->private, e.val);
	assert_int_equal(total_swapcache_pages, 1);
	assert_int_equal(page_swapcount(pg), 1);

	/* found with a reference taken */
	assert_ptr_equal(lookup_swap_cache(e), pg);
	assert_int_equal(page_count(pg), 3);
	put_page(pg);

	/* refused: twice the same page, another page at the same entry, a
	 * free slot; counts untouched */
	assert_int_equal(add_to_swap_cache(pg, e), -EINVAL);
	assert_int_equal(add_to_swap_cache(other, e), -EEXIST);
	e2 = swp_entry(swp_type(e), 40);
	assert_int_equal(add_to_swap_cache(other, e2), -ENOENT);
	assert_int_equal(page_count(other), 1);
	assert_false(PageSwapCache(other));
	assert_int_equal(swap_count(e), 2);
	assert_int_equal(swap_count(e2), 0);
	assert_int_equal(page_count(pg), 2);
	assert_int_equal(total_swapcache_pages, 1);
	assert_int_equal(swap_cache_info.exist_race, 1);
	assert_int_equal(swap_cache_info.noent_race, 1);

	delete_from_swap_cache(pg);
	assert_int_equal(page_count(pg), 1);
	assert_int_equal(swap_count(e), 1);
	assert_false(PageSwapCache(pg));
	assert_int_equal(pg->private, 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_null(lookup_swap_cache(e));
	assert_int_equal(swap_cache_info.add_total, 1);
	assert_int_equal(swap_cache_info.del_total, 1);
	assert_int_equal(swap_cache_info.find_total, 2);
	assert_int_equal(swap_cache_info.find_success, 1);

	assert_int_equal(swap_free(e), 0);
	put_page(pg);
	put_page(other);
	assert_int_equal(free_now(), free0);
}

static void test_add_to_swap(void **state)
{
	struct page *pg;
	swp_entry_t e;
	int t;

	(void)state;
	t = make_area("a.swap", 64, -1);
	pg = alloc_page(GFP_HIGHUSER);
	assert_int_equal(add_to_swap(pg), 1);
	e.val = pg->private;
	assert_int_equal(swp_type(e), t);
	assert_int_equal(swp_offset(e), 1);
	assert_int_equal(swap_count(e), 1);	/* the cache's own */
	assert_int_equal(page_count(pg), 2);
	assert_true(PageDirty(pg));
	assert_true(PageUptodate(pg));
	assert_int_equal(page_swapcount(pg), 0);
	assert_int_equal(add_to_swap(pg), 0);	/* already has a slot */
	assert_int_equal(nr_swap_pages, 62);

	/* a PTE holding the slot keeps the page in the cache */
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(remove_exclusive_swap_page(pg), 0);
	assert_int_equal(swap_free(e), 0);
	/* so does another reference to the page */
	get_page(pg);
	assert_int_equal(remove_exclusive_swap_page(pg), 0);
	put_page(pg);
	/* ours and the cache's only: the slot goes, the page stays dirty */
	ClearPageDirty(pg);
	assert_int_equal(remove_exclusive_swap_page(pg), 1);
	assert_false(PageSwapCache(pg));
	assert_true(PageDirty(pg));
	assert_int_equal(page_count(pg), 1);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(nr_swap_pages, 63);
	put_page(pg);
	assert_int_equal(free_now(), free0);

	/* swap full: add_to_swap says no and changes nothing */
	make_area("tiny.swap", 10, -1);
	assert_int_equal(do_swapoff((unsigned)t), 0);
	swp_entry_t held[9];
	for (int i = 0; i < 9; i++)
		held[i] = get_swap_page();
	pg = alloc_page(GFP_HIGHUSER);
	assert_int_equal(add_to_swap(pg), 0);
	assert_false(PageSwapCache(pg));
	assert_int_equal(page_count(pg), 1);
	assert_int_equal(total_swapcache_pages, 0);
	for (int i = 0; i < 9; i++)
		assert_int_equal(swap_free(held[i]), 0);
	put_page(pg);
}

/*
 * A page two processes share (after fork) is swapped out by reclaim and
 * faulted back by both: one read, one page, and everything given back.
 */
static void test_shared_page_read_once(void **state)
{
	unsigned long free_before, slab0;
	struct page *pg, *q;
	swp_entry_t e;

	(void)state;
	make_area("a.swap", 64, -1);
	free_before = free_now();
	slab0 = slab_pages();
	pg = alloc_page(GFP_HIGHUSER);		/* process 1 maps it */
	fill(pg, 42);
	get_page(pg);				/* fork: process 2 too */

	/* reclaim: a slot, then both PTEs replaced by the entry */
	assert_int_equal(add_to_swap(pg), 1);
	e.val = pg->private;
	assert_int_equal(page_count(pg), 3);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(swap_duplicate(e), 0);
		put_page(pg);
	}
	assert_int_equal(swap_count(e), 3);
	assert_int_equal(page_count(pg), 1);	/* the cache's */
	/* pageout, then the clean page leaves the cache and memory */
	assert_int_equal(swap_writepage(pg, e), 0);
	ClearPageDirty(pg);
	delete_from_swap_cache(pg);
	assert_int_equal(swap_count(e), 2);
	assert_int_equal(free_now(), free_before);
	assert_int_equal(total_swapcache_pages, 0);

	/* process 1 faults: not cached, so read */
	assert_null(lookup_swap_cache(e));
	q = read_swap_cache_async(e);
	assert_non_null(q);
	assert_true(PageUptodate(q));
	assert_true(holds(q, 42));
	assert_int_equal(page_count(q), 2);	/* ours and the cache's */
	assert_int_equal(swap_count(e), 3);
	assert_int_equal(vm_events[pswpin], 1);
	assert_int_equal(total_swapcache_pages, 1);
	/* one frame for q; the index takes slab pages besides */
	assert_int_equal(free_now() + slab_pages() - slab0, free_before - 1);
	assert_int_equal(swap_free(e), 0);	/* do_swap_page: PTE maps q */
	assert_int_equal(swap_count(e), 2);
	/* /proc/meminfo through procfs's hooks */
	struct meminfo mi;
	si_meminfo(&mi);
	assert_int_equal(mi.swapcached, 1);
	assert_int_equal(mi.totalswap, 63);
	assert_int_equal(mi.freeswap, 62);
	struct seq_file m;
	seq_init(&m);
	meminfo_show(&m);
	assert_non_null(strstr(m.buf, "\nSwapCached:            4 kB\n"));
	assert_non_null(strstr(m.buf, "\nSwapTotal:           252 kB\n"
				  "SwapFree:            248 kB\n"));
	seq_release(&m);

	/* process 2 faults: found, not read again */
	assert_ptr_equal(lookup_swap_cache(e), q);
	assert_ptr_equal(read_swap_cache_async(e), q);
	put_page(q);		/* one of the two lookups was enough */
	assert_int_equal(page_count(q), 3);
	assert_int_equal(vm_events[pswpin], 1);
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(swap_count(e), 1);	/* the cache's only */
	assert_int_equal(free_now() + slab_pages() - slab0, free_before - 1);

	/* process 2 writes: the page is still shared */
	q->_mapcount = 1;	/* white-box: two PTEs map it (rmap's job) */
	assert_false(can_share_swap_page(q));
	q->_mapcount = -1;

	/* both exit */
	free_page_and_swap_cache(q);
	assert_true(PageSwapCache(q));		/* still another user */
	assert_int_equal(page_count(q), 2);
	free_page_and_swap_cache(q);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(free_now(), free_before);
	assert_int_equal(vm_events[pswpout], 1);
	assert_int_equal(swap_cache_info.add_total, 2);
	assert_int_equal(swap_cache_info.del_total, 2);
}

static void test_can_share(void **state)
{
	struct page *pg;
	swp_entry_t e;

	(void)state;
	make_area("a.swap", 64, -1);
	pg = read_swap_cache_async(swp_entry(0, 3));
	assert_null(pg);				/* a free slot */
	e = get_swap_page();
	assert_int_equal(swap_duplicate(e), 0);	/* two PTEs: fork */
	pg = read_swap_cache_async(e);		/* reads zeros: sparse */
	assert_non_null(pg);
	assert_true(PageUptodate(pg));
	assert_int_equal(swap_free(e), 0);	/* one PTE now maps pg */
	pg->_mapcount = 0;			/* white-box: mapped once */
	assert_int_equal(page_swapcount(pg), 1);
	assert_false(can_share_swap_page(pg));	/* the other PTE */
	assert_int_equal(swap_free(e), 0);	/* the other exits */
	assert_int_equal(page_swapcount(pg), 0);
	assert_true(can_share_swap_page(pg));
	pg->_mapcount = -1;
	free_page_and_swap_cache(pg);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(free_now(), free0);
}

/* zap_page_range on a swap PTE whose page is still in the cache. */
static void test_free_swap_and_cache(void **state)
{
	unsigned long free_before;
	struct page *pg;
	swp_entry_t e;

	(void)state;
	make_area("a.swap", 64, -1);
	free_before = free_now();

	/* swapped out, page still cached: the exit frees both */
	pg = alloc_page(GFP_HIGHUSER);
	assert_int_equal(add_to_swap(pg), 1);
	e.val = pg->private;
	assert_int_equal(swap_duplicate(e), 0);		/* the PTE */
	put_page(pg);
	assert_int_equal(free_swap_and_cache(e), 0);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(free_now(), free_before);

	/* the page has another user: it stays cached, holding the slot */
	pg = alloc_page(GFP_HIGHUSER);
	assert_int_equal(add_to_swap(pg), 1);
	e.val = pg->private;
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(free_swap_and_cache(e), 0);
	assert_true(PageSwapCache(pg));
	assert_int_equal(swap_count(e), 1);
	assert_int_equal(page_count(pg), 2);
	free_page_and_swap_cache(pg);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(free_now(), free_before);
}

/* Less than half the swap free: a cached page gives its slot back. */
static void test_free_swap_and_cache_swap_full(void **state)
{
	swp_entry_t held[4], e;
	struct page *pg;

	(void)state;
	make_area("a.swap", 10, -1);		/* 9 slots */
	for (int i = 0; i < 4; i++)
		held[i] = get_swap_page();
	pg = alloc_page(GFP_HIGHUSER);
	assert_int_equal(add_to_swap(pg), 1);
	e.val = pg->private;
	assert_int_equal(swap_duplicate(e), 0);
	assert_true(vm_swap_full());		/* 4 free of 9 */
	ClearPageDirty(pg);
	assert_int_equal(free_swap_and_cache(e), 0);
	assert_false(PageSwapCache(pg));
	assert_true(PageDirty(pg));
	assert_int_equal(page_count(pg), 1);	/* ours, untouched */
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(nr_swap_pages, 5);
	put_page(pg);
	for (int i = 0; i < 4; i++)
		assert_int_equal(swap_free(held[i]), 0);
}

static void test_read_error(void **state)
{
	struct page *pg, *q;
	char p[PATH_MAX];
	swp_entry_t e;

	(void)state;
	make_area("a.swap", 64, -1);
	pg = alloc_page(GFP_HIGHUSER);
	e = get_swap_page();
	e = get_swap_page();		/* slot 2 */
	assert_int_equal(swp_offset(e), 2);
	fill(pg, 9);
	assert_int_equal(swap_writepage(pg, e), 0);
	put_page(pg);
	path_of(p, "a.swap");
	assert_int_equal(truncate(p, 2 * 4096), 0);	/* slot 2 is gone */

	q = read_swap_cache_async(e);
	assert_non_null(q);
	assert_false(PageUptodate(q));		/* the fault's SIGBUS */
	assert_true(PageSwapCache(q));
	assert_int_equal(vm_events[pswpin], 0);
	assert_int_equal(swap_count(e), 2);
	/* found again, not retried, as Linux */
	assert_ptr_equal(read_swap_cache_async(e), q);
	assert_int_equal(page_count(q), 3);
	put_page(q);
	put_page(q);
	/* the process dies: the slot and the page go */
	assert_int_equal(free_swap_and_cache(e), 0);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(swap_free(swp_entry(swp_type(e), 1)), 0);
	assert_int_equal(free_now(), free0);
}

static void test_read_out_of_memory(void **state)
{
	struct page **pages = calloc(20000, sizeof(*pages));
	unsigned n = 0;
	swp_entry_t e;

	(void)state;
	make_area("a.swap", 64, -1);
	e = get_swap_page();
	while (n < 20000 && (pages[n] = alloc_page(GFP_HIGHUSER)))
		n++;
	assert_true(n > 10000 && n < 20000);
	assert_null(read_swap_cache_async(e));
	assert_int_equal(swap_count(e), 1);
	assert_int_equal(total_swapcache_pages, 0);
	while (n)
		put_page(pages[--n]);
	free(pages);
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(free_now(), free0);
}

static int lru_adds;
static struct page *lru_last;

static void count_lru_add(struct page *page)
{
	lru_adds++;
	lru_last = page;
}

static void test_lru_hook(void **state)
{
	struct page *q;
	swp_entry_t e;

	(void)state;
	make_area("a.swap", 64, -1);
	swap_ops.lru_cache_add = count_lru_add;
	e = get_swap_page();
	q = read_swap_cache_async(e);
	assert_int_equal(lru_adds, 1);
	assert_ptr_equal(lru_last, q);
	assert_ptr_equal(read_swap_cache_async(e), q);
	assert_int_equal(lru_adds, 1);		/* found, not added again */
	put_page(q);
	assert_int_equal(swap_free(e), 0);
	free_page_and_swap_cache(q);
	assert_int_equal(swap_count(e), 0);
}

static void test_swapoff_drops_cache_only(void **state)
{
	struct page *pg;
	swp_entry_t e;
	int t;

	(void)state;
	t = make_area("a.swap", 64, -1);
	e = get_swap_page();
	pg = read_swap_cache_async(e);		/* swapped in ... */
	assert_int_equal(swap_free(e), 0);	/* ... and mapped */
	assert_int_equal(swap_count(e), 1);
	ClearPageDirty(pg);

	/* another slot still held by a PTE: busy, the page stays */
	swp_entry_t f = get_swap_page();
	struct page *pf = read_swap_cache_async(f);
	assert_int_equal(do_swapoff((unsigned)t), -EBUSY);
	assert_false(PageSwapCache(pg));	/* dropped all the same */
	assert_true(PageDirty(pg));
	assert_int_equal(page_count(pg), 1);
	assert_true(PageSwapCache(pf));
	assert_int_equal(swap_count(f), 2);
	assert_int_equal(total_swapcache_pages, 1);

	/* the PTE goes: now the cache alone holds f, and swapoff works */
	assert_int_equal(swap_free(f), 0);
	assert_int_equal(do_swapoff((unsigned)t), 0);
	assert_false(PageSwapCache(pf));
	assert_int_equal(page_count(pf), 1);
	assert_int_equal(total_swapcache_pages, 0);
	put_page(pf);
	put_page(pg);
	assert_int_equal(free_now(), free0);
}

/* Thousands of pages: the index grows, finds each, and shrinks away. */
static void test_many_pages(void **state)
{
	enum { N = 3000 };
	struct page **pages = calloc(N, sizeof(*pages));

	(void)state;
	make_area("a.swap", 4096, -1);
	for (int i = 0; i < N; i++) {
		pages[i] = alloc_page(GFP_HIGHUSER);
		assert_non_null(pages[i]);
		assert_int_equal(add_to_swap(pages[i]), 1);
		assert_int_equal(swp_offset((swp_entry_t){ pages[i]->private }),
				 (uint32_t)i + 1);
	}
	assert_int_equal(total_swapcache_pages, N);
	for (int i = 0; i < N; i++) {
		swp_entry_t e = { pages[i]->private };

		assert_ptr_equal(lookup_swap_cache(e), pages[i]);
		put_page(pages[i]);
	}
	assert_null(lookup_swap_cache(swp_entry(0, N + 1)));
	/* drop every other page, then look the rest up again */
	for (int i = 0; i < N; i += 2)
		delete_from_swap_cache(pages[i]);
	for (int i = 1; i < N; i += 2) {
		swp_entry_t e = { pages[i]->private };

		assert_ptr_equal(lookup_swap_cache(e), pages[i]);
		put_page(pages[i]);
	}
	for (int i = 0; i < N; i += 2)
		assert_null(lookup_swap_cache(swp_entry(0, (uint32_t)i + 1)));
	for (int i = 1; i < N; i += 2)
		delete_from_swap_cache(pages[i]);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(swap_used_slots(), 0);
	for (int i = 0; i < N; i++)
		put_page(pages[i]);
	free(pages);
	/* the bucket array went with the last page, the nodes' slabs
	 * go back to the buddy allocator on shrinking */
	assert_int_equal(free_now(), free0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fresh, cleanup)
	const struct CMUnitTest tests[] = {
		T(test_add_lookup_delete),
		T(test_add_to_swap),
		T(test_shared_page_read_once),
		T(test_can_share),
		T(test_free_swap_and_cache),
		T(test_free_swap_and_cache_swap_full),
		T(test_read_error),
		T(test_read_out_of_memory),
		T(test_lru_hook),
		T(test_swapoff_drops_cache_only),
		T(test_many_pages),
	};
	/* references held by the test itself, which no kernel structure
	 * records, would fail the invariant checker of debug builds */
	invariants_mode = INVARIANTS_OFF;
	return cmocka_run_group_tests(tests, boot, shutdown);
}
