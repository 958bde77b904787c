/*
 * test_vmscan.c - the LRU lists and the PFRA: pages entering the lists,
 * activation on a second reference, deactivation by the refill and the
 * swap tendency; the seed notes' order (clean page cache, then dirty
 * page cache written back, then tmpfs and anonymous pages to swap) with
 * exact counters; kswapd keeping the free pages between the watermarks;
 * direct reclaim counted as such; mlocked pages never taken; no swap
 * ending in the out_of_memory hook; periodic reclaim.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "reclaim_test.h"
#include "proc_fs.h"
#include "shmem_fs.h"

static int setup32(void **state)
{
	(void)state;
	return rt_boot(32ull << 20);
}

static int setup8(void **state)
{
	(void)state;
	return rt_boot(8ull << 20);
}

static int teardown(void **state)
{
	(void)state;
	vm_swappiness = 60;
	reclaim_ops.out_of_memory = NULL;
	rt_shutdown();
	return 0;
}

/* Write page i of f through the page cache, every byte c. */
static void write_page_of(struct file *f, unsigned i, char c)
{
	char buf[PAGE_SIZE];
	loff_t pos = (loff_t)i * PAGE_SIZE;

	memset(buf, c, PAGE_SIZE);
	assert_int_equal(vfs_write(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
}

static int page_holds(struct file *f, unsigned i, char c)
{
	char buf[PAGE_SIZE];
	loff_t pos = (loff_t)i * PAGE_SIZE;
	unsigned k;

	if (vfs_read(f, buf, PAGE_SIZE, &pos) != PAGE_SIZE)
		return 0;
	for (k = 0; k < PAGE_SIZE; k++)
		if (buf[k] != c)
			return 0;
	return 1;
}

/*
 * A cached page joins the inactive list; a second read activates it; the
 * refill sends it back, unmapped as it is; its last put takes it off.
 */
static void test_lru_movement(void **state)
{
	struct file *f;
	struct page *page;
	unsigned long inactive0 = rt_lru_pages(0), active0 = rt_lru_pages(1);

	(void)state;
	rt_host_file("c", 2);
	f = vt_open("/c", O_RDONLY, 0);
	assert_false(IS_ERR(f));
	rt_read_page_of(f, 0);
	page = find_get_page(f->f_mapping, 0);
	assert_non_null(page);
	put_page(page);
	assert_true(PageLRU(page));
	assert_false(PageActive(page));
	assert_true(PageReferenced(page));
	assert_int_equal(rt_lru_pages(0), inactive0 + 1);

	rt_read_page_of(f, 0);
	assert_true(PageActive(page));
	assert_false(PageReferenced(page));
	assert_int_equal(vm_events[pgactivate], 1);
	assert_int_equal(rt_lru_pages(0), inactive0);
	assert_int_equal(rt_lru_pages(1), active0 + 1);
	rt_read_page_of(f, 0);			/* referenced again, stays */
	assert_int_equal(vm_events[pgactivate], 1);
	assert_true(PageReferenced(page));

	refill_inactive_zone(page_zone(page), SWAP_CLUSTER_MAX);
	assert_false(PageActive(page));
	assert_int_equal(vm_events[pgdeactivate], 1);
	assert_int_equal(vm_events[pgrefill_dma + page_zonenum(page)],
			 active0 + 1);
	assert_int_equal(rt_lru_pages(1), active0);
	assert_int_equal(rt_lru_pages(0), inactive0 + 1);

	/* the last reference off the LRU: the page is freed cleanly */
	fput(f);
	vt_free_after_shrink();	/* the inode goes, and its page */
	assert_int_equal(rt_lru_pages(0), inactive0);
	assert_int_equal(rt_lru_pages(1), active0);
	rt_assert_nothing_lost();
}

/*
 * Mapped anonymous pages start active and leave the active list only
 * when the swap tendency lets the refill look at them: first their A
 * bits are cleared, on the next look they go.
 */
static void test_swap_tendency(void **state)
{
	struct mm_struct *mm;
	struct meminfo mi;
	struct zone *zone;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", 64);
	mm = rt_mm();
	a = rt_mmap_anon(mm, 4 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 4; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	si_meminfo(&mi);
	assert_int_equal(mi.active_anon, 4);
	assert_int_equal(mi.inactive_anon, 0);
	zone = page_zone(rt_page(mm, a));

	/* little is mapped, no distress: 0 + 0 + 60 < 100 */
	refill_inactive_zone(zone, SWAP_CLUSTER_MAX);
	assert_int_equal(vm_events[pgdeactivate], 0);
	assert_true(pte_young(rt_pte(mm, a)));

	vm_swappiness = 100;
	refill_inactive_zone(zone, SWAP_CLUSTER_MAX);
	assert_int_equal(vm_events[pgdeactivate], 0);
	assert_false(pte_young(rt_pte(mm, a)));
	assert_true(rt_holds(mm, a, 0));		/* used again */
	refill_inactive_zone(zone, SWAP_CLUSTER_MAX);
	assert_int_equal(vm_events[pgdeactivate], 3);
	assert_true(PageActive(rt_page(mm, a)));
	si_meminfo(&mi);
	assert_int_equal(mi.active_anon, 1);
	assert_int_equal(mi.inactive_anon, 3);
	mmput(mm);
	rt_assert_nothing_lost();
}

/*
 * The seed notes' order. On the inactive list, oldest first: 64 dirty
 * pages of a host file, 64 dirty pages of a tmpfs file, 64 clean pages
 * of a host file; on the active list 64 anonymous pages, mapped. Each
 * direct reclaim frees SWAP_CLUSTER_MAX pages: first the clean ones,
 * without a write; then the dirty host pages, written back; then the
 * tmpfs pages, to swap; only then anonymous memory.
 */
static void test_pfra_order(void **state)
{
	struct file *clean, *dirty, *tmp;
	struct mm_struct *mm;
	unsigned long r, steal = 0;
	char buf[PAGE_SIZE];
	uint32_t a, i;
	int call;

	(void)state;
	rt_swapon("a.swap", 1024);
	rt_host_file("clean", 64);
	vt_write("dirty", "", 0);
	dirty = vt_open("/dirty", O_RDWR, 0);
	tmp = vt_open("/tmp/t", O_RDWR | O_CREAT, 0600);
	clean = vt_open("/clean", O_RDONLY, 0);
	assert_false(IS_ERR(dirty) || IS_ERR(tmp) || IS_ERR(clean));
	for (i = 0; i < 64; i++)
		write_page_of(dirty, i, 'D');
	for (i = 0; i < 64; i++)
		write_page_of(tmp, i, 'T');
	for (i = 0; i < 64; i++)
		rt_read_page_of(clean, i);
	mm = rt_mm();
	a = rt_mmap_anon(mm, 64 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 64; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	assert_int_equal(rt_lru_pages(0), 192);
	assert_int_equal(rt_lru_pages(1), 64);
	assert_int_equal(page_cache_stat.nr_dirty, 64);	/* tmpfs: none */
	vm_events_reset();

	for (call = 1; call <= 6; call++) {
		r = try_to_free_pages(rt_user_zonelist(), 0, GFP_HIGHUSER);
		assert_true(r >= SWAP_CLUSTER_MAX);
		steal += SWAP_CLUSTER_MAX;
		assert_int_equal(vm_events[pgsteal_direct], steal);
		assert_int_equal(vm_events[pgsteal_kswapd], 0);
		assert_int_equal(mm->anon_rss, 64);	/* anon is last */
		switch (call) {
		case 1:
		case 2:	/* the clean pages, oldest first, no I/O */
			assert_int_equal(clean->f_mapping->nrpages,
					 64 - 32 * call);
			assert_int_equal(vm_events[pgscan_direct], steal);
			assert_int_equal(page_cache_stat.nr_dirty, 64);
			assert_int_equal(vm_events[pswpout], 0);
			assert_int_equal(dirty->f_mapping->nrpages, 64);
			assert_int_equal(tmp->f_mapping->nrpages, 64);
			break;
		case 3:
		case 4:		/* the dirty host pages, written back */
			assert_int_equal(dirty->f_mapping->nrpages,
					 64 - 32 * (call - 2));
			assert_int_equal(page_cache_stat.nr_dirty,
					 64 - 32 * (call - 2));
			assert_int_equal(vm_events[pswpout], 0);
			assert_int_equal(tmp->f_mapping->nrpages, 64);
			break;
		default:	/* the tmpfs pages, to swap */
			assert_int_equal(dirty->f_mapping->nrpages, 0);
			assert_int_equal(tmp->f_mapping->nrpages,
					 64 - 32 * (call - 4));
			assert_int_equal(vm_events[pswpout], 32 * (call - 4));
			assert_int_equal(shmem_swapped, 32 * (call - 4));
			break;
		}
	}
	assert_int_equal(vt_read_host("dirty", buf, PAGE_SIZE), PAGE_SIZE);
	assert_int_equal(buf[0], 'D');
	assert_int_equal(buf[PAGE_SIZE - 1], 'D');
	/*
	 * Only anonymous memory is left. So little of it is mapped that
	 * the swap tendency lets the refill at it only in distress: at
	 * priority 1 the pages are aged (their A bits cleared), at 0 half
	 * of them are taken.
	 */
	r = try_to_free_pages(rt_user_zonelist(), 0, GFP_HIGHUSER);
	assert_true(r >= SWAP_CLUSTER_MAX);
	assert_int_equal(vm_events[pgdeactivate], 32);
	assert_int_equal(mm->anon_rss, 64 - SWAP_CLUSTER_MAX);
	assert_int_equal(vm_events[pswpout], 64 + 64 - mm->anon_rss);

	/* and everything reads back */
	for (i = 0; i < 64; i++) {
		assert_true(page_holds(clean, i, 'a' + i % 26));
		assert_true(page_holds(dirty, i, 'D'));
		assert_true(page_holds(tmp, i, 'T'));
		assert_true(rt_holds(mm, a + i * PAGE_SIZE, i));
	}
	assert_int_equal(shmem_swapped, 0);
	fput(clean);
	fput(dirty);
	fput(tmp);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/t"), 0);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* tmpfs pages in swap: truncation and unlink free their slots. */
static void test_tmpfs_slots_freed(void **state)
{
	struct file *tmp;
	uint32_t i;

	(void)state;
	rt_swapon("a.swap", 64);
	tmp = vt_open("/tmp/t", O_RDWR | O_CREAT, 0600);
	assert_false(IS_ERR(tmp));
	for (i = 0; i < 8; i++)
		write_page_of(tmp, i, '0' + i);
	shrink_all_memory(~0ul >> 1);
	assert_int_equal(tmp->f_mapping->nrpages, 0);
	assert_int_equal(shmem_swapped, 8);
	assert_int_equal(swap_used_slots(), 8);
	/* a cut through page 5 brings it back to zero its tail */
	assert_int_equal(do_truncate_path(vt_fs, NULL, "/tmp/t",
					  5 * PAGE_SIZE + 10), 0);
	assert_int_equal(shmem_swapped, 5);
	assert_int_equal(swap_used_slots(), 5);
	assert_int_equal(tmp->f_mapping->nrpages, 1);
	assert_int_equal(do_truncate_path(vt_fs, NULL, "/tmp/t",
					  6 * PAGE_SIZE), 0);
	assert_true(page_holds(tmp, 2, '2'));
	assert_int_equal(swap_used_slots(), 4);
	{
		char buf[PAGE_SIZE];
		loff_t pos = 5 * PAGE_SIZE;

		assert_int_equal(vfs_read(tmp, buf, PAGE_SIZE, &pos),
				 PAGE_SIZE);
		assert_int_equal(buf[9], '5');
		assert_int_equal(buf[10], 0);
		assert_int_equal(buf[PAGE_SIZE - 1], 0);
	}
	fput(tmp);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/t"), 0);
	assert_int_equal(shmem_swapped, 0);
	rt_assert_nothing_lost();
}

/*
 * kswapd: woken when an allocation finds the zone below pages_low, and
 * run at the next "scheduling point" (here: after each fault), it leaves
 * the zone above pages_high; allocations never reclaim themselves.
 */
static void test_kswapd_watermarks(void **state)
{
	const uint32_t pages = (16u << 20) / PAGE_SIZE;
	struct mm_struct *mm;
	struct zone *zone = rt_user_zone();
	unsigned long runs = 0, min_free = ~0ul;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", pages + 512);
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++) {
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
		if (zone->free_pages < min_free)
			min_free = zone->free_pages;
		if (!kswapd_pending())
			continue;
		/* woken below low */
		assert_true(kswapd_stat.wakeup_free <= zone->pages_low);
		assert_true(kswapd_run_pending() > 0);
		runs++;
		assert_false(kswapd_pending());
		assert_true(zone_watermark_ok(zone, 0, zone->pages_high, 0, 0));
	}
	assert_true(runs > 10);
	assert_int_equal(kswapd_stat.runs, runs);
	assert_int_equal(kswapd_stat.wakeups, runs);
	assert_int_equal(kswapd_stat.unbalanced, 0);
	assert_int_equal(vm_events[pageoutrun], runs);
	assert_true(vm_events[pgsteal_kswapd] >= pages - totalram_pages);
	assert_true(vm_events[pgscan_kswapd] >= vm_events[pgsteal_kswapd]);
	/* never down to pages_min: no direct reclaim */
	assert_true(min_free >= zone->pages_min);
	assert_int_equal(vm_events[allocstall], 0);
	assert_int_equal(vm_events[pgscan_direct], 0);
	assert_int_equal(vm_events[pgsteal_direct], 0);
	print_message("  %u pages: %lu kswapd runs, free pages >= %lu "
		      "(min %lu low %lu high %lu), pgsteal_kswapd %llu\n",
		      pages, runs, min_free, zone->pages_min, zone->pages_low,
		      zone->pages_high,
		      (unsigned long long)vm_events[pgsteal_kswapd]);
	for (i = 0; i < pages; i++)
		assert_true(rt_holds(mm, a + i * PAGE_SIZE, i));
	mmput(mm);
	rt_assert_nothing_lost();
}

/* Without kswapd running, the allocations reclaim: counted as direct. */
static void test_direct_reclaim_counted(void **state)
{
	const uint32_t pages = (12u << 20) / PAGE_SIZE;
	struct mm_struct *mm;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", pages + 512);
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	assert_true(kswapd_pending());
	assert_int_equal(kswapd_stat.wakeups, 1);	/* never ran */
	assert_int_equal(vm_events[pageoutrun], 0);
	assert_true(vm_events[allocstall] > 0);
	assert_true(vm_events[pgsteal_direct] >= pages - totalram_pages);
	assert_int_equal(vm_events[pgscan_kswapd], 0);
	assert_int_equal(vm_events[pgsteal_kswapd], 0);
	assert_int_equal(vm_events[pswpout], vm_events[pgsteal_direct]);
	/* the pending kswapd run counts as kswapd's */
	assert_true(kswapd_run_pending() > 0);
	assert_int_equal(vm_events[pageoutrun], 1);
	assert_true(vm_events[pgsteal_kswapd] > 0);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* Pages of an mlocked mapping stay, whatever the pressure. */
static void test_mlocked_never_taken(void **state)
{
	const uint32_t pages = (12u << 20) / PAGE_SIZE, locked = 256;
	struct mm_struct *mm;
	uint32_t a, l, i;

	(void)state;
	rt_swapon("a.swap", pages + 512);
	mm = rt_mm();
	l = do_mmap_pgoff(mm, 0, locked * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0, NULL,
			  NULL);
	assert_false(IS_ERR_VALUE(l));
	for (i = 0; i < locked; i++)
		assert_int_equal(rt_fill(mm, l + i * PAGE_SIZE, 7000 + i), 0);
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	vm_swappiness = 100;
	for (i = 0; i < pages; i++) {
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
		kswapd_run_pending();
	}
	shrink_all_memory(~0ul >> 1);
	assert_true(vm_events[pswpout] >= pages - totalram_pages + locked);
	for (i = 0; i < locked; i++)
		assert_true(pte_present(rt_pte(mm, l + i * PAGE_SIZE)));
	for (i = 0; i < locked; i++)
		assert_true(rt_holds(mm, l + i * PAGE_SIZE, 7000 + i));
	for (i = 0; i < pages; i++)
		if (!rt_holds(mm, a + i * PAGE_SIZE, i))
			fail_msg("page %u lost", i);
	mmput(mm);
	rt_assert_nothing_lost();
}

static unsigned long oom_calls;
static gfp_t oom_gfp;

static int count_oom(struct zonelist *zl, gfp_t gfp, unsigned int order)
{
	(void)zl;
	(void)order;
	oom_calls++;
	oom_gfp = gfp;
	return 0;	/* killed nobody */
}

/*
 * No swap: anonymous and tmpfs pages cannot be reclaimed. The page cache
 * goes, then direct reclaim frees nothing and the allocation calls the
 * out_of_memory hook, as Linux's __alloc_pages, and fails.
 */
static void test_no_swap_out_of_memory(void **state)
{
	const uint32_t pages = (8u << 20) / PAGE_SIZE;
	struct mm_struct *mm;
	struct file *f, *tmp;
	uint32_t a, i, k;
	int r = 0;

	(void)state;
	oom_calls = 0;
	reclaim_ops.out_of_memory = count_oom;
	rt_host_file("c", 128);
	f = vt_open("/c", O_RDONLY, 0);
	assert_false(IS_ERR(f));
	for (i = 0; i < 128; i++)
		rt_read_page_of(f, i);
	tmp = vt_open("/tmp/t", O_RDWR | O_CREAT, 0600);
	assert_false(IS_ERR(tmp));
	for (i = 0; i < 16; i++)
		write_page_of(tmp, i, 'x');
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++) {
		r = rt_fill(mm, a + i * PAGE_SIZE, i);
		if (r)
			break;
	}
	assert_int_equal(r, VM_FAULT_OOM);
	assert_true(i > 1000);
	assert_int_equal(oom_calls, 1);
	assert_true(oom_gfp & __GFP_FS);
	assert_int_equal(f->f_mapping->nrpages, 0);	/* the cache went */
	assert_int_equal(vm_events[pswpout], 0);
	assert_int_equal(mm->anon_rss, i);		/* anon stayed */
	assert_int_equal(tmp->f_mapping->nrpages, 16);	/* so did tmpfs */
	assert_int_equal(tmp->f_mapping->flags & (AS_ENOSPC | AS_EIO), 0);
	for (k = 0; k < 16; k++) {	/* tried, and kept active */
		struct page *page = find_get_page(tmp->f_mapping, k);

		assert_true(PageActive(page) && PageDirty(page));
		put_page(page);
	}
	while (i--)
		assert_true(rt_holds(mm, a + i * PAGE_SIZE, i));
	for (i = 0; i < 16; i++)
		assert_true(page_holds(tmp, i, 'x'));
	fput(tmp);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/t"), 0);
	fput(f);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* Periodic reclaim: the slab's free slabs every 2 s of virtual time. */
static void test_periodic_reclaim(void **state)
{
	struct kmem_cache *c;
	void *objs[64];
	int i;

	(void)state;
	c = kmem_cache_create("periodic_test", 512, 0, 0, NULL);
	assert_non_null(c);
	for (i = 0; i < 64; i++)
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
	for (i = 0; i < 64; i++)
		kmem_cache_free(c, objs[i]);
	assert_true(c->free_slabs > 0);
	assert_int_equal(vmscan_periodic(KSWAPD_PERIOD_NS - 1), 0);
	assert_true(c->free_slabs > 0);
	assert_true(vmscan_periodic(KSWAPD_PERIOD_NS) > 0);
	assert_int_equal(c->free_slabs, 0);
	assert_int_equal(vmscan_periodic(KSWAPD_PERIOD_NS + 1), 0);
	kmem_cache_destroy(c);
	rt_assert_nothing_lost();
}

int main(void)
{
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)
#define T8(f) cmocka_unit_test_setup_teardown(f, setup8, teardown)
	const struct CMUnitTest tests[] = {
		T32(test_lru_movement),
		T32(test_swap_tendency),
		T32(test_pfra_order),
		T32(test_tmpfs_slots_freed),
		T8(test_kswapd_watermarks),
		T8(test_direct_reclaim_counted),
		T8(test_mlocked_never_taken),
		T8(test_no_swap_out_of_memory),
		T32(test_periodic_reclaim),
	};
#undef T32
#undef T8
	return cmocka_run_group_tests(tests, NULL, NULL);
}
