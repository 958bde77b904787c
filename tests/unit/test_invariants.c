/*
 * test_invariants.c - the invariant checker (src/mm/invariants.c). A
 * fixture builds a machine with every kind of reference a frame can
 * have: a parent and its forked child sharing pages copy-on-write, some
 * pages swapped out of both, some read back into the swap cache, a
 * page the child copied, the page cache of a host file, a tmpfs file
 * partly in swap, a pipe holding a buffer, on a 32 MiB machine (zones
 * DMA and Normal). It passes, with the hooks checking every event on
 * the way; then each invariant is broken on purpose and the checker
 * must name exactly that check, that frame or slot, and both values;
 * each test repairs what it broke, and the teardown checks again, next
 * to the "nothing lost" figures, once everything is gone.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "reclaim_test.h"
#include "invariants.h"
#include "kern_fs.h"
#include "pipe_fs_i.h"
#include "shmem_fs.h"

#define MEM	(32ull << 20)
#define NPAGES	16

static struct mm_struct *parent, *child;
static uint32_t base;
static struct file *pipe_ends[2];
static unsigned long free_boot;

static uint32_t va(unsigned int i)
{
	return base + i * PAGE_SIZE;
}

static void write_file(const char *name, unsigned int pages)
{
	char buf[PAGE_SIZE];
	struct file *f = vt_open(name, O_CREAT | O_RDWR, 0644);
	loff_t pos = 0;
	unsigned int i;

	assert_false(IS_ERR(f));
	for (i = 0; i < pages; i++) {
		memset(buf, 'a' + (int)i, sizeof(buf));
		assert_int_equal(vfs_write(f, buf, sizeof(buf), &pos),
				 sizeof(buf));
	}
	fput(f);
}

static int setup(void **state)
{
	char buf[64];
	loff_t pos = 0;
	unsigned int i;

	(void)state;
	invariants_mode = INVARIANTS_EXACT;	/* every hook checks */
	if (rt_boot(MEM) || pipefs_init())
		return -1;
	free_boot = rt_free0;
	rt_swapon("a.swap", 256);
	parent = rt_mm();
	base = rt_mmap_anon(parent, NPAGES * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < NPAGES; i++)
		assert_int_equal(rt_fill(parent, va(i), i), 0);
	child = dup_mm(parent);
	assert_non_null(child);
	write_file("/tmp/t", 3);		/* tmpfs: only swap can take it */
	vt_write("host.txt", "cached\n", 7);	/* hostfs: the page cache */
	assert_int_equal(vt_cat("host.txt", buf, sizeof(buf)), 7);
	shrink_all_memory(~0ul >> 1);		/* a reclaim pass */
	assert_true(shmem_swapped > 0);
	assert_int_equal(rt_fill(child, va(0), 1000), 0);	/* COW copy */
	assert_true(rt_holds(child, va(3), 3));		/* swap cache */
	assert_true(rt_holds(parent, va(5), 5));	/* swap cache */
	assert_true(rt_holds(parent, va(8), 8));	/* mapped twice */
	assert_true(rt_holds(child, va(8), 8));
	assert_int_equal(create_pipe_files(pipe_ends, 0), 0);
	assert_int_equal(vfs_write(pipe_ends[1], "pipe", 4, &pos), 4);
	invariants_mode = INVARIANTS_OFF;	/* the tests break things */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (pipe_ends[0]) {
		fput(pipe_ends[0]);
		fput(pipe_ends[1]);
	}
	mmput(child);
	mmput(parent);
	assert_int_equal(check_invariants("teardown"), 0);
	assert_int_equal(swap_used_slots(), shmem_swapped);
	pipefs_exit();
	rt_shutdown();
	return 0;
}

static void assert_pfn_violation(const char *check, unsigned long pfn,
				 long expected, long found)
{
	assert_int_equal(check_invariants("test"), -1);
	assert_string_equal(invariant_violation.check, check);
	assert_string_equal(invariant_violation.when, "test");
	assert_int_equal(invariant_violation.where, INV_AT_PFN);
	assert_int_equal(invariant_violation.pfn, pfn);
	assert_int_equal(invariant_violation.expected, expected);
	assert_int_equal(invariant_violation.found, found);
}

/* The fixture passes, and the hooks did check along the way. */
static void test_clean_state_passes(void **state)
{
	struct page *cached = rt_page(parent, va(5));
	struct page *copied = rt_page(child, va(0));

	(void)state;
	assert_true(invariants_checks > 10);
	assert_int_equal(check_invariants("test"), 0);
	/* what the fixture set out to build is there */
	assert_non_null(cached);
	assert_true(PageSwapCache(cached));
	assert_non_null(copied);
	assert_false(PageSwapCache(copied));
	assert_true(is_swap_pte(rt_pte(parent, va(3))));
	assert_true(is_swap_pte(rt_pte(child, va(5))));
	assert_true(total_swapcache_pages >= 2);
}

/* One reference too many on a page the parent maps and the swap cache
 * holds: its _count, nothing else. */
static void test_bumped_count(void **state)
{
	struct page *page = rt_page(parent, va(5));
	int32_t count = page->_count;
	char place[48];

	(void)state;
	assert_int_equal(count, 2);	/* the PTE and the swap cache */
	page->_count++;
	assert_pfn_violation("page _count", page_to_pfn(page), count,
			     count + 1);
	snprintf(place, sizeof(place), "pfn %#lx", page_to_pfn(page));
	assert_string_equal(invariant_violation.place, place);
	page->_count--;
	assert_int_equal(check_invariants("test"), 0);
}

/* A lost _mapcount on a page both processes map. */
static void test_dropped_mapcount(void **state)
{
	struct page *page = rt_page(parent, va(8));

	(void)state;
	assert_non_null(page);
	assert_ptr_equal(page, rt_page(child, va(8)));
	assert_int_equal(page->_mapcount, 1);
	assert_int_equal(page->_count, 3);	/* and the swap cache */
	page->_mapcount--;
	assert_pfn_violation("page _mapcount", page_to_pfn(page), 1, 0);
	page->_mapcount++;
	assert_int_equal(check_invariants("test"), 0);
}

/* A swap_map count nobody holds, on the slot of page 3: the parent's
 * swap PTE and the swap cache (the child mapped the page). */
static void test_leaked_swap_count(void **state)
{
	swp_entry_t entry = pte_to_swp_entry(rt_pte(parent, va(3)));
	unsigned short *count =
		&swap_info[swp_type(entry)].swap_map[swp_offset(entry)];

	(void)state;
	assert_int_equal(*count, 2);
	(*count)++;
	assert_int_equal(check_invariants("test"), -1);
	assert_string_equal(invariant_violation.check, "swap_map count");
	assert_int_equal(invariant_violation.where, INV_AT_SLOT);
	assert_int_equal(invariant_violation.type, swp_type(entry));
	assert_int_equal(invariant_violation.offset, swp_offset(entry));
	assert_int_equal(invariant_violation.expected, 2);
	assert_int_equal(invariant_violation.found, 3);
	(*count)--;
	assert_int_equal(check_invariants("test"), 0);
}

/* The first free block of order >= 1 in the user zone. */
static struct page *free_block(struct zone *z, unsigned int *order)
{
	unsigned int o;

	for (o = 1; o < MAX_ORDER; o++)
		if (!list_empty(&z->free_area[o].free_list)) {
			*order = o;
			return list_first_entry(&z->free_area[o].free_list,
						struct page, lru);
		}
	fail_msg("no free block of order >= 1");
	return NULL;
}

static void add_free(struct zone *z, struct page *page)
{
	SetPageBuddy(page);
	page->private = 0;
	list_add(&page->lru, &z->free_area[0].free_list);
	z->free_area[0].nr_free++;
	z->free_pages++;
}

static void del_free(struct zone *z, struct page *page)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	z->free_area[0].nr_free--;
	z->free_pages--;
}

/* The second frame of a free block also on the order-0 list, as a
 * double free would leave it: found on two lists. */
static void test_frame_on_two_free_lists(void **state)
{
	struct zone *z = rt_user_zone();
	unsigned int order;
	struct page *block = free_block(z, &order);

	(void)state;
	add_free(z, block + 1);
	assert_pfn_violation("frame on free lists", page_to_pfn(block + 1),
			     1, 2);
	del_free(z, block + 1);
	assert_int_equal(check_invariants("test"), 0);
}

/* The child's own copy of page 0 freed while its PTE still maps it. */
static void test_freed_mapped_frame(void **state)
{
	struct page *page = rt_page(child, va(0));
	struct zone *z = page_zone(page);
	int active = PageActive(page);
	int32_t count = page->_count;

	(void)state;
	assert_int_equal(count, 1);
	assert_true(PageLRU(page));
	__page_cache_release(page);	/* what __free_pages would do */
	page->_count = 0;
	add_free(z, page);
	assert_pfn_violation("PTE to a free frame", page_to_pfn(page), 0, 1);
	del_free(z, page);
	page->_count = count;
	if (active)
		lru_cache_add_active(page);
	else
		lru_cache_add(page);
	assert_int_equal(check_invariants("test"), 0);
}

/* An active page moved to its zone's inactive list, flags and counts
 * left alone: found with PG_active where it should not be. */
static void test_lru_page_on_wrong_list(void **state)
{
	struct page *page = rt_page(parent, va(5));
	struct zone *z = page_zone(page);

	(void)state;
	assert_true(PageLRU(page));
	assert_true(PageActive(page));
	list_move(&page->lru, &z->inactive_list);
	assert_pfn_violation("LRU PG_active", page_to_pfn(page), 0, 1);
	list_move(&page->lru, &z->active_list);
	assert_int_equal(check_invariants("test"), 0);
}

/* A Normal page on the DMA zone's list, with both zones' counts moved
 * too: only its zone is wrong. */
static void test_lru_page_in_wrong_zone(void **state)
{
	struct page *page = rt_page(parent, va(5));
	struct zone *z = page_zone(page);
	struct zone *dma = &contig_page_data.node_zones[ZONE_DMA];

	(void)state;
	assert_int_equal(page_zonenum(page), ZONE_NORMAL);
	list_move(&page->lru, &dma->active_list);
	z->nr_active--;
	dma->nr_active++;
	assert_pfn_violation("LRU zone", page_to_pfn(page), ZONE_DMA,
			     ZONE_NORMAL);
	list_move(&page->lru, &z->active_list);
	z->nr_active++;
	dma->nr_active--;
	assert_int_equal(check_invariants("test"), 0);
}

/* A hook in exact mode stops the process with 70 and one report line. */
static void test_violation_stops_with_70(void **state)
{
	struct page *page = rt_page(parent, va(5));
	char err[512], want[160];
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(fds[1], 2);
		invariants_mode = INVARIANTS_EXACT;
		page->_count++;
		invariants_event("fault");
		_exit(0);	/* not reached */
	}
	close(fds[1]);
	n = read(fds[0], err, sizeof(err) - 1);
	close(fds[0]);
	assert_true(n > 0);
	err[n] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* emulated RAM is a shared mapping (mem_map.c): so was the change */
	page->_count--;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 70);
	snprintf(want, sizeof(want), "i386mm: invariant violated after fault: "
		 "page _count: pfn %#lx: expected 2, found 3\n",
		 page_to_pfn(page));
	assert_string_equal(err, want);
}

/* The sample skips ordinary events but not fork, exit, nor the event
 * after a deferred one (direct reclaim's). */
static void test_sampled_mode(void **state)
{
	unsigned long checks;

	(void)state;
	invariants_mode = INVARIANTS_SAMPLED;
	invariants_events = 0;
	checks = invariants_checks;
	invariants_event("fault");
	assert_int_equal(invariants_checks, checks);
	invariants_event("fork");
	assert_int_equal(invariants_checks, checks + 1);
	invariants_event_deferred("reclaim");
	assert_int_equal(invariants_checks, checks + 1);
	invariants_event("fault");
	assert_int_equal(invariants_checks, checks + 2);
	invariants_events = INVARIANTS_SAMPLE_EVERY - 2;
	invariants_event("fault");	/* the 63rd: skipped */
	assert_int_equal(invariants_checks, checks + 2);
	invariants_event("fault");	/* the 64th */
	assert_int_equal(invariants_checks, checks + 3);
	invariants_mode = INVARIANTS_OFF;
	invariants_event("fork");
	assert_int_equal(invariants_checks, checks + 3);
}

/*
 * "Nothing lost" and the checker agree once everything is gone: the
 * processes, the pipe, the tmpfs file (its slots with it) and, after
 * the shrinkers, the host file's cached page. The checker passes at
 * each step, and at the end every frame free at boot is free again and
 * every slot is free.
 */
static void test_agrees_with_nothing_lost(void **state)
{
	(void)state;
	mmput(child);
	mmput(parent);
	child = parent = NULL;
	assert_int_equal(check_invariants("test"), 0);
	assert_true(nr_free_pages() < free_boot);	/* caches, tmpfs */
	fput(pipe_ends[0]);
	fput(pipe_ends[1]);
	pipe_ends[0] = pipe_ends[1] = NULL;
	assert_int_equal(do_unlink(vt_fs, NULL, "/tmp/t"), 0);
	assert_int_equal(check_invariants("test"), 0);
	assert_int_equal(shmem_swapped, 0);
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(vt_free_after_shrink(), free_boot);
	assert_int_equal(check_invariants("test"), 0);
	assert_int_equal(page_cache_stat.nr_file_pages, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_state_passes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_bumped_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dropped_mapcount, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_leaked_swap_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_frame_on_two_free_lists,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_freed_mapped_frame, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lru_page_on_wrong_list,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_page_in_wrong_zone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_violation_stops_with_70,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sampled_mode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_agrees_with_nothing_lost,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
