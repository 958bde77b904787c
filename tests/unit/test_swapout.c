/*
 * test_swapout.c - swap-out and swap-in through the MMU: an 8 MiB
 * machine writing three times its memory page by page and reading every
 * byte back; children sharing swapped pages through the swap cache; the
 * swap PTEs of munmap and exit; a failed read ending in SIGBUS; the swap
 * token; swapoff bringing everything back, under load with a second
 * area, and failing cleanly without room; and at the end of each, every
 * slot free and every frame back.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "reclaim_test.h"
#include "shmem_fs.h"
#include "timekeeping.h"

#define MEM	(8ull << 20)

static int setup(void **state)
{
	(void)state;
	return rt_boot(MEM);
}

static int teardown(void **state)
{
	(void)state;
	rt_shutdown();
	return 0;
}

/*
 * 24 MiB of anonymous memory on an 8 MiB machine: every page written
 * with its own pattern through translate and the fault handler, then
 * every word read back the same way. Direct reclaim makes the room.
 */
static void test_three_times_memory(void **state)
{
	const uint32_t pages = (24u << 20) / PAGE_SIZE;
	struct mm_struct *mm;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", pages + 1024);
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++) {
		int r = rt_fill(mm, a + i * PAGE_SIZE, i);

		if (r)
			fail_msg("page %u: fault %#x", i, r);
	}
	assert_true(vm_events[pswpout] > pages - totalram_pages);
	assert_int_equal(vm_events[pswpin], 0);
	assert_true(vm_events[allocstall] > 0);
	assert_true(vm_events[pgscan_direct] >= vm_events[pgsteal_direct]);
	assert_true(vm_events[pgsteal_direct] >= pages - totalram_pages);
	assert_int_equal(vm_events[pgscan_kswapd], 0);
	/* nothing was lost on the way out: every PTE is a page or a slot */
	assert_int_equal(mm->anon_rss + (long)(swap_used_slots() -
					       total_swapcache_pages),
			 (long)pages);

	for (i = 0; i < pages; i++)
		if (!rt_holds(mm, a + i * PAGE_SIZE, i))
			fail_msg("page %u lost its contents", i);
	assert_true(vm_events[pswpin] > 0);
	assert_true(vm_events[pgmajfault] > 0);
	assert_int_equal(vm_events[pgmajfault], mm->maj_flt);
	print_message("  %u pages: pswpout %llu pswpin %llu pgmajfault %llu "
		      "pgscan_direct %llu pgsteal_direct %llu allocstall "
		      "%llu\n", pages,
		      (unsigned long long)vm_events[pswpout],
		      (unsigned long long)vm_events[pswpin],
		      (unsigned long long)vm_events[pgmajfault],
		      (unsigned long long)vm_events[pgscan_direct],
		      (unsigned long long)vm_events[pgsteal_direct],
		      (unsigned long long)vm_events[allocstall]);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* Hibernation's reclaim: every page that can go to swap goes. */
static void swap_all_out(void)
{
	shrink_all_memory(~0ul >> 1);
}

/*
 * Pages shared by a parent and its child after fork, swapped out of
 * both at once: the first to touch one reads it into the swap cache,
 * the other finds it there, so it is read once and shared again.
 */
static void test_children_share_swapped_pages(void **state)
{
	struct mm_struct *parent, *child;
	struct page *p, *c;
	pte_t pp, pc;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", 256);
	parent = rt_mm();
	a = rt_mmap_anon(parent, 8 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 8; i++)
		assert_int_equal(rt_fill(parent, a + i * PAGE_SIZE, 100 + i),
				 0);
	child = dup_mm(parent);
	assert_non_null(child);
	swap_all_out();
	for (i = 0; i < 8; i++) {
		pp = rt_pte(parent, a + i * PAGE_SIZE);
		pc = rt_pte(child, a + i * PAGE_SIZE);
		assert_true(is_swap_pte(pp));
		assert_int_equal(pp, pc);
		/* two PTEs, and the swap cache let the page go */
		assert_int_equal(swap_count(pte_to_swp_entry(pp)), 2);
	}
	assert_int_equal(vm_events[pswpout], 8);
	assert_int_equal(total_swapcache_pages, 0);

	/* the child reads page 3: one read, into the swap cache */
	assert_true(rt_holds(child, a + 3 * PAGE_SIZE, 103));
	assert_int_equal(vm_events[pswpin], 1);
	assert_int_equal(child->maj_flt, 1);
	pp = rt_pte(parent, a + 3 * PAGE_SIZE);
	/* the parent's PTE and the cache */
	assert_int_equal(swap_count(pte_to_swp_entry(pp)), 2);
	c = rt_page(child, a + 3 * PAGE_SIZE);
	assert_true(PageSwapCache(c));
	assert_false(pte_write(rt_pte(child, a + 3 * PAGE_SIZE)));

	/* the parent finds it there: no second read, the same frame */
	assert_true(rt_holds(parent, a + 3 * PAGE_SIZE, 103));
	assert_int_equal(vm_events[pswpin], 1);
	assert_int_equal(parent->maj_flt, 0);
	p = rt_page(parent, a + 3 * PAGE_SIZE);
	assert_ptr_equal(p, c);
	assert_int_equal(page_mapcount(p), 2);
	/* the cache's alone */
	assert_int_equal(swap_count(pte_to_swp_entry(pp)), 1);

	/* a write by the parent copies; the child keeps the old data */
	assert_int_equal(rt_fill(parent, a + 3 * PAGE_SIZE, 999), 0);
	assert_ptr_not_equal(rt_page(parent, a + 3 * PAGE_SIZE), c);
	assert_true(rt_holds(child, a + 3 * PAGE_SIZE, 103));
	assert_int_equal(page_mapcount(c), 1);

	/* a write by the child to a page it alone now holds: no copy */
	/* swap in */
	assert_true(rt_holds(child, a + 5 * PAGE_SIZE, 105));
	c = rt_page(child, a + 5 * PAGE_SIZE);
	pp = rt_pte(parent, a + 5 * PAGE_SIZE);
	assert_true(is_swap_pte(pp));
	assert_int_equal(rt_fill(child, a + 5 * PAGE_SIZE, 555), 0);
	/* the parent's PTE still holds the slot: the child copied */
	assert_ptr_not_equal(rt_page(child, a + 5 * PAGE_SIZE), c);
	assert_true(rt_holds(parent, a + 5 * PAGE_SIZE, 105));
	assert_int_equal(vm_events[pswpin], 2);

	for (i = 0; i < 8; i++) {
		uint32_t seed = i == 3 ? 999 : 100 + i;

		assert_true(rt_holds(parent, a + i * PAGE_SIZE, seed));
		assert_true(rt_holds(child, a + i * PAGE_SIZE,
				     i == 5 ? 555 : 100 + i));
	}
	mmput(child);
	mmput(parent);
	rt_assert_nothing_lost();
}

/*
 * fork after swap-out: the child's PTEs are copies of the parent's swap
 * entries (swap_duplicate), and whichever touches a page first reads it
 * for both.
 */
static void test_fork_after_swap_out(void **state)
{
	struct mm_struct *parent, *child;
	swp_entry_t e;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", 64);
	parent = rt_mm();
	a = rt_mmap_anon(parent, 4 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 4; i++)
		assert_int_equal(rt_fill(parent, a + i * PAGE_SIZE, 40 + i), 0);
	swap_all_out();
	assert_int_equal(parent->anon_rss, 0);
	e = pte_to_swp_entry(rt_pte(parent, a + 2 * PAGE_SIZE));
	assert_int_equal(swap_count(e), 1);
	child = dup_mm(parent);
	assert_non_null(child);
	assert_int_equal(rt_pte(child, a + 2 * PAGE_SIZE), swp_entry_to_pte(e));
	assert_int_equal(swap_count(e), 2);
	assert_int_equal(swap_used_slots(), 4);

	assert_true(rt_holds(parent, a + 2 * PAGE_SIZE, 42));
	assert_int_equal(vm_events[pswpin], 1);
	assert_true(rt_holds(child, a + 2 * PAGE_SIZE, 42));
	/* from the cache */
	assert_int_equal(vm_events[pswpin], 1);
	assert_ptr_equal(rt_page(child, a + 2 * PAGE_SIZE),
			 rt_page(parent, a + 2 * PAGE_SIZE));
	assert_int_equal(page_mapcount(rt_page(child, a + 2 * PAGE_SIZE)), 2);
	for (i = 0; i < 4; i++)
		assert_true(rt_holds(child, a + i * PAGE_SIZE, 40 + i));
	assert_int_equal(vm_events[pswpin], 4);
	mmput(parent);
	for (i = 0; i < 4; i++)
		assert_true(rt_holds(child, a + i * PAGE_SIZE, 40 + i));
	mmput(child);
	rt_assert_nothing_lost();
}

/* MAP_SHARED anonymous memory stays shared through swap-out and in. */
static void test_shared_anon_stays_shared(void **state)
{
	struct mm_struct *parent, *child;
	uint32_t a, pa;

	(void)state;
	rt_swapon("a.swap", 64);
	parent = rt_mm();
	a = rt_mmap_anon(parent, PAGE_SIZE, MAP_SHARED);
	assert_int_equal(rt_fill(parent, a, 1), 0);
	child = dup_mm(parent);
	assert_non_null(child);
	swap_all_out();
	assert_true(is_swap_pte(rt_pte(child, a)));
	/* the child writes: its page is the one the parent will find */
	assert_int_equal(rt_fill(child, a, 2), 0);
	assert_true(pte_write(rt_pte(child, a)));
	assert_true(rt_holds(parent, a, 2));
	assert_ptr_equal(rt_page(parent, a), rt_page(child, a));
	/* out again, dirty: written back to the slot both PTEs hold */
	swap_all_out();
	assert_int_equal(vm_events[pswpout], 2);
	assert_int_equal(rt_access(parent, a, 1, &pa), 0);
	*(uint32_t *)__va(pa) = 0xfeed;
	assert_int_equal(rt_access(child, a, 0, &pa), 0);
	assert_int_equal(*(uint32_t *)__va(pa), 0xfeed);
	mmput(child);
	mmput(parent);
	rt_assert_nothing_lost();
}

/* A page only we hold comes back writable, and its slot is freed. */
static void test_exclusive_swap_in_reuses(void **state)
{
	struct mm_struct *mm;
	uint32_t a, pa;
	swp_entry_t e;

	(void)state;
	rt_swapon("a.swap", 64);
	mm = rt_mm();
	a = rt_mmap_anon(mm, 2 * PAGE_SIZE, MAP_PRIVATE);
	assert_int_equal(rt_fill(mm, a, 7), 0);
	assert_int_equal(rt_fill(mm, a + PAGE_SIZE, 8), 0);
	swap_all_out();
	e = pte_to_swp_entry(rt_pte(mm, a));
	assert_int_equal(swap_count(e), 1);
	assert_int_equal(swap_used_slots(), 2);

	/* a write fault: mapped writable and dirty, the slot let go */
	assert_int_equal(rt_access(mm, a, 1, &pa), 0);
	assert_true(pte_write(rt_pte(mm, a)));
	assert_true(pte_dirty(rt_pte(mm, a)));
	assert_false(PageSwapCache(rt_page(mm, a)));
	assert_int_equal(swap_used_slots(), 1);
	assert_int_equal(vm_events[cow_copy], 0);
	assert_true(rt_holds(mm, a, 7));

	/* a read fault: read-only and still cached, the slot kept */
	assert_true(rt_holds(mm, a + PAGE_SIZE, 8));
	assert_false(pte_write(rt_pte(mm, a + PAGE_SIZE)));
	assert_true(PageSwapCache(rt_page(mm, a + PAGE_SIZE)));
	assert_int_equal(swap_used_slots(), 1);
	/* then a write reuses it in place and frees the slot */
	assert_int_equal(rt_fill(mm, a + PAGE_SIZE, 9), 0);
	assert_int_equal(vm_events[cow_copy], 0);
	assert_int_equal(vm_events[cow_reuse], 1);
	assert_int_equal(swap_used_slots(), 0);
	assert_true(rt_holds(mm, a + PAGE_SIZE, 9));
	mmput(mm);
	rt_assert_nothing_lost();
}

/* munmap of swapped pages and of swap-cache pages frees their slots. */
static void test_unmap_frees_slots(void **state)
{
	struct mm_struct *mm, *child;
	uint32_t a, i;

	(void)state;
	rt_swapon("a.swap", 256);
	mm = rt_mm();
	a = rt_mmap_anon(mm, 16 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 16; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	swap_all_out();
	assert_int_equal(swap_used_slots(), 16);
	/* half of them back in (read: they stay in the swap cache) */
	for (i = 0; i < 8; i++)
		assert_true(rt_holds(mm, a + i * PAGE_SIZE, i));
	assert_int_equal(total_swapcache_pages, 8);
	child = dup_mm(mm);
	assert_non_null(child);
	/* slots of swap PTEs: counted twice now */
	assert_int_equal(swap_count(pte_to_swp_entry(rt_pte(mm, a + 12 *
							       PAGE_SIZE))), 2);
	assert_int_equal(do_munmap(mm, a + 4 * PAGE_SIZE, 8 * PAGE_SIZE), 0);
	assert_int_equal(swap_count(pte_to_swp_entry(rt_pte(child, a + 10 *
							       PAGE_SIZE))), 1);
	mmput(child);
	assert_int_equal(swap_used_slots(), 8);
	assert_int_equal(do_munmap(mm, a, 16 * PAGE_SIZE), 0);
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(total_swapcache_pages, 0);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* A slot that cannot be read: SIGBUS for the faulting access alone. */
static void test_read_error_is_sigbus(void **state)
{
	char path[512];
	struct mm_struct *mm;
	uint32_t a, pa;

	(void)state;
	rt_swapon("a.swap", 64);
	mm = rt_mm();
	a = rt_mmap_anon(mm, 2 * PAGE_SIZE, MAP_PRIVATE);
	assert_int_equal(rt_fill(mm, a, 1), 0);
	assert_int_equal(rt_fill(mm, a + PAGE_SIZE, 2), 0);
	swap_all_out();
	snprintf(path, sizeof(path), "%s/a.swap", vt_base);
	assert_int_equal(truncate(path, PAGE_SIZE), 0);	/* header only */
	assert_int_equal(rt_access(mm, a, 0, &pa), VM_FAULT_SIGBUS);
	assert_int_equal(rt_access(mm, a + PAGE_SIZE, 1, &pa),
			 VM_FAULT_SIGBUS);
	assert_int_equal(vm_events[pswpin], 0);
	assert_true(is_swap_pte(rt_pte(mm, a)));
	mmput(mm);
	rt_assert_nothing_lost();
}

/*
 * The swap token: a major swap fault grabs it; the holder's pages count
 * as referenced when another process runs reclaim; it moves on only
 * after SWAP_TOKEN_CHECK_NS, from a holder that stopped faulting.
 */
static void test_swap_token(void **state)
{
	struct mm_struct *a_mm, *b_mm;
	uint32_t a, b, i;
	struct page *page;

	(void)state;
	timekeeping_init();
	rt_swapon("a.swap", 256);
	a_mm = rt_mm();
	a = rt_mmap_anon(a_mm, 4 * PAGE_SIZE, MAP_PRIVATE);
	b_mm = rt_mm();
	b = rt_mmap_anon(b_mm, 4 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 4; i++) {
		assert_int_equal(rt_fill(a_mm, a + i * PAGE_SIZE, i), 0);
		assert_int_equal(rt_fill(b_mm, b + i * PAGE_SIZE, 10 + i), 0);
	}
	swap_all_out();
	assert_null(swap_token_mm);

	assert_true(rt_holds(a_mm, a, 0));		/* major fault */
	assert_ptr_equal(swap_token_mm, a_mm);
	assert_int_equal(swap_token_stat.grabs, 1);
	/* b runs now: a's pages count as referenced, A bit or not */
	switch_mm(b_mm);
	page = rt_page(a_mm, a);
	assert_true(PageReferenced(page));	/* mark_page_accessed */
	assert_int_equal(page_referenced(page, 0), 3);	/* + A + token */
	assert_int_equal(swap_token_stat.referenced, 1);
	assert_false(PageReferenced(page));
	assert_false(pte_young(rt_pte(a_mm, a)));
	assert_int_equal(page_referenced(page, 0), 1);	/* the token */
	assert_int_equal(swap_token_stat.referenced, 2);
	/* reclaim in despair (priority 0) does not honour it */
	assert_int_equal(page_referenced(page, 1), 0);
	assert_int_equal(swap_token_stat.referenced, 2);
	/* not while a itself runs */
	switch_mm(a_mm);
	assert_int_equal(page_referenced(page, 0), 0);

	/* b faults at once: too early to take it */
	assert_true(rt_holds(b_mm, b, 10));
	assert_ptr_equal(swap_token_mm, a_mm);
	/* a keeps faulting: it keeps the token past the interval */
	assert_true(rt_holds(a_mm, a + PAGE_SIZE, 1));
	timekeeping_sleep(SWAP_TOKEN_CHECK_NS + 1);
	assert_true(rt_holds(b_mm, b + PAGE_SIZE, 11));
	assert_ptr_equal(swap_token_mm, a_mm);
	/* a has been quiet for an interval: b takes it */
	timekeeping_sleep(SWAP_TOKEN_CHECK_NS + 1);
	assert_true(rt_holds(b_mm, b + 2 * PAGE_SIZE, 12));
	assert_ptr_equal(swap_token_mm, b_mm);
	assert_int_equal(swap_token_stat.grabs, 2);
	/* an exiting holder gives it back */
	mmput(b_mm);
	assert_null(swap_token_mm);
	mmput(a_mm);
	rt_assert_nothing_lost();
}

static void write_file_page(struct file *f, uint32_t i, char c)
{
	char buf[PAGE_SIZE];
	loff_t pos = (loff_t)i * PAGE_SIZE;

	memset(buf, c, PAGE_SIZE);
	assert_int_equal(vfs_write(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
}

static int file_page_holds(struct file *f, uint32_t i, char c)
{
	char buf[PAGE_SIZE];
	loff_t pos = (loff_t)i * PAGE_SIZE;
	uint32_t k;

	if (vfs_read(f, buf, PAGE_SIZE, &pos) != PAGE_SIZE)
		return 0;
	for (k = 0; k < PAGE_SIZE && buf[k] == c; k++)
		;
	return k == PAGE_SIZE;
}

/*
 * swapoff: every page of the area comes back, mapped where its PTEs
 * were (one read for a page parent and child share), tmpfs pages into
 * their file, and the area goes with no slot left.
 */
static void test_swapoff_brings_everything_back(void **state)
{
	struct mm_struct *parent, *child;
	struct file *tmp;
	int type;
	uint32_t a, i;

	(void)state;
	type = rt_swapon("a.swap", 512);
	parent = rt_mm();
	a = rt_mmap_anon(parent, 64 * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < 64; i++)
		assert_int_equal(rt_fill(parent, a + i * PAGE_SIZE, i), 0);
	child = dup_mm(parent);
	assert_non_null(child);
	tmp = vt_open("/tmp/t", O_RDWR | O_CREAT, 0600);
	assert_false(IS_ERR(tmp));
	for (i = 0; i < 16; i++)
		write_file_page(tmp, i, 'a' + i);
	swap_all_out();
	assert_int_equal(swap_used_slots(), 64 + 16);
	assert_int_equal(shmem_swapped, 16);
	for (i = 0; i < 4; i++)		/* a few in the swap cache */
		assert_true(rt_holds(parent, a + i * PAGE_SIZE, i));
	vm_events_reset();

	assert_int_equal(do_swapoff((unsigned)type), 0);
	assert_null(get_swap_info_struct((unsigned)type));
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(shmem_swapped, 0);
	/* each slot read once */
	assert_int_equal(vm_events[pswpin], 60 + 16);
	assert_int_equal(tmp->f_mapping->nrpages, 16);
	for (i = 0; i < 64; i++) {
		struct page *p = rt_page(parent, a + i * PAGE_SIZE);

		assert_non_null(p);
		assert_ptr_equal(rt_page(child, a + i * PAGE_SIZE), p);
		assert_int_equal(page_mapcount(p), 2);
		assert_true(PageDirty(p));	/* its only copy */
	}
	assert_int_equal(vm_events[pswpin], 76);
	for (i = 0; i < 64; i++) {
		assert_true(rt_holds(parent, a + i * PAGE_SIZE, i));
		assert_true(rt_holds(child, a + i * PAGE_SIZE, i));
	}
	for (i = 0; i < 16; i++)
		assert_true(file_page_holds(tmp, i, 'a' + i));
	fput(tmp);
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/t"), 0);
	mmput(child);
	mmput(parent);
	rt_assert_nothing_lost();
}

/*
 * swapoff under load, with a second area: the pages coming back push
 * others out to the second area, and the first one empties.
 */
static void test_swapoff_under_load(void **state)
{
	const uint32_t pages = (12u << 20) / PAGE_SIZE;
	struct mm_struct *mm;
	int first, second;
	uint32_t a, i;

	(void)state;
	first = rt_swapon("a.swap", pages + 64);
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	second = rt_swapon("b.swap", pages + 64);
	assert_int_equal(swap_info[second].inuse_pages, 0);
	assert_true(swap_info[first].inuse_pages > pages - totalram_pages);

	assert_int_equal(do_swapoff((unsigned)first), 0);
	assert_true(swap_info[second].inuse_pages > pages - totalram_pages);
	assert_int_equal(swap_used_slots(), swap_info[second].inuse_pages);
	for (i = 0; i < pages; i++)
		if (!rt_holds(mm, a + i * PAGE_SIZE, i))
			fail_msg("page %u lost", i);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* No room to bring them back: -ENOMEM, and the area stays in service. */
static void test_swapoff_enomem(void **state)
{
	const uint32_t pages = (12u << 20) / PAGE_SIZE;
	struct mm_struct *mm;
	unsigned long used;
	uint32_t a, i;
	int type;

	(void)state;
	type = rt_swapon("a.swap", pages + 64);
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	used = swap_used_slots();
	assert_int_equal(do_swapoff((unsigned)type), -ENOMEM);
	assert_true(swap_info[type].flags & SWP_WRITEOK);
	assert_true(swap_used_slots() > 0);
	assert_true(swap_used_slots() < used);	/* some came back */
	used = swap_used_slots();
	assert_int_equal(mm->anon_rss + (long)(used - total_swapcache_pages),
			 (long)pages);
	for (i = 0; i < pages; i++)
		if (!rt_holds(mm, a + i * PAGE_SIZE, i))
			fail_msg("page %u lost", i);
	mmput(mm);
	rt_assert_nothing_lost();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_three_times_memory),
		T(test_children_share_swapped_pages),
		T(test_fork_after_swap_out),
		T(test_shared_anon_stays_shared),
		T(test_exclusive_swap_in_reuses),
		T(test_unmap_frees_slots),
		T(test_read_error_is_sigbus),
		T(test_swap_token),
		T(test_swapoff_brings_everything_back),
		T(test_swapoff_under_load),
		T(test_swapoff_enomem),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
