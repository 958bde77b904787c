/*
 * test_reclaim_policy.c - the reclaim policies (src/mm/vmscan_policy.c): names
 * and when a policy may be chosen; where pages enter the lists and what
 * a use does under each; and, on lists built in a known order with a
 * known referenced state, exactly which pages one direct reclaim takes
 * under linux, fifo and clock, with the counters that say why. Under
 * pressure, with mlocked pages and without swap, nothing is lost under
 * any policy. And the kernel's boot with run_options.policy.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "reclaim_test.h"
#include "kernel.h"

static const enum reclaim_policy policies[NR_RECLAIM_POLICIES] = {
	RECLAIM_LINUX, RECLAIM_FIFO, RECLAIM_CLOCK
};
static const char *const names[] = { "linux", "fifo", "clock" };

/* A machine of `mb` MiB under the policy *state points to. */
static int boot_with(void **state, uint64_t mb)
{
	const enum reclaim_policy *p = *state;

	if (rt_boot(mb << 20))
		return -1;
	if (reclaim_policy_set(names[*p]))
		return -1;
	return reclaim_policy_get() == *p ? 0 : -1;
}

static int setup32(void **state)
{
	return boot_with(state, 32);
}

static int setup8(void **state)
{
	return boot_with(state, 8);
}

static int teardown(void **state)
{
	(void)state;
	reclaim_ops.out_of_memory = NULL;
	rt_shutdown();
	return 0;
}

static enum reclaim_policy policy_of(void **state)
{
	return *(const enum reclaim_policy *)*state;
}

/* ------------------------------------------------------------ names */

/*
 * Exact lower-case names; a machine boots with linux; a policy can be
 * chosen while the lists are empty, and only then.
 */
static void test_names(void **state)
{
	struct file *f;
	char buf[16];
	loff_t pos = 0;

	(void)state;
	assert_string_equal(reclaim_policy_names, "linux, fifo, clock");
	assert_int_equal(reclaim_policy_lookup("linux"), RECLAIM_LINUX);
	assert_int_equal(reclaim_policy_lookup("fifo"), RECLAIM_FIFO);
	assert_int_equal(reclaim_policy_lookup("clock"), RECLAIM_CLOCK);
	assert_int_equal(reclaim_policy_lookup("lru"), -EINVAL);
	assert_int_equal(reclaim_policy_lookup("FIFO"), -EINVAL);
	assert_int_equal(reclaim_policy_lookup("clock "), -EINVAL);
	assert_int_equal(reclaim_policy_lookup(""), -EINVAL);
	assert_int_equal(reclaim_policy_lookup(NULL), -EINVAL);

	assert_string_equal(reclaim_policy_name(), "linux");	/* booted */
	assert_int_equal(rt_lru_pages(0) + rt_lru_pages(1), 0);
	assert_int_equal(reclaim_policy_set("opt"), -EINVAL);
	assert_string_equal(reclaim_policy_name(), "linux");
	assert_int_equal(reclaim_policy_set("clock"), 0);
	assert_int_equal(reclaim_policy_get(), RECLAIM_CLOCK);
	assert_string_equal(reclaim_policy_name(), "clock");
	assert_int_equal(reclaim_policy_set("fifo"), 0);
	assert_string_equal(reclaim_policy_name(), "fifo");

	/* one page cached: the lists are in use */
	vt_write("c", "x", 1);
	f = vt_open("/c", O_RDONLY, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), 1);
	assert_int_equal(rt_lru_pages(0), 1);
	assert_int_equal(reclaim_policy_set("linux"), -EBUSY);
	assert_int_equal(reclaim_policy_set("clock"), -EBUSY);
	assert_int_equal(reclaim_policy_set("fifo"), 0);	/* no change */
	assert_int_equal(reclaim_policy_set("x"), -EINVAL);
	assert_string_equal(reclaim_policy_name(), "fifo");
	fput(f);
	vt_free_after_shrink();
	assert_int_equal(rt_lru_pages(0), 0);
	assert_int_equal(reclaim_policy_set("linux"), 0);
	rt_assert_nothing_lost();
}

/*
 * The kernel's boot (what `run --policy` and a replay do): an unknown
 * name fails it with -EINVAL and nothing left allocated; a known one is
 * the machine's policy; a boot without one is linux again.
 */
static void test_kernel_boot(void **state)
{
	struct run_options o;

	(void)state;
	run_options_init(&o);
	o.mem_bytes = 8u << 20;
	assert_null(o.policy);
	o.policy = "lru";
	assert_int_equal(kernel_boot(&o), -EINVAL);
	assert_string_equal(reclaim_policy_name(), "linux");
	o.policy = "clock";
	assert_int_equal(kernel_boot(&o), 0);
	assert_string_equal(reclaim_policy_name(), "clock");
	kernel_shutdown();
	assert_string_equal(reclaim_policy_name(), "clock");	/* --stats */
	o.policy = NULL;
	assert_int_equal(kernel_boot(&o), 0);
	assert_string_equal(reclaim_policy_name(), "linux");
	kernel_shutdown();
}

/* ------------------------------------------------------------ entry */

static struct page *cached(struct file *f, unsigned i)
{
	struct page *page = find_get_page(f->f_mapping, i);

	if (page)
		put_page(page);		/* the cache still holds it */
	return page;
}

/*
 * An anonymous page joins the active list under linux, the one
 * (inactive) list under fifo and clock. A page-cache page read three
 * times: linux activates it at the second read; fifo and clock leave it
 * where it is with PG_referenced set.
 */
static void test_entry_and_use(void **state)
{
	enum reclaim_policy p = policy_of(state);
	struct mm_struct *mm;
	struct page *page;
	struct file *f;
	uint32_t a;

	rt_swapon("a.swap", 64);
	mm = rt_mm();
	a = rt_mmap_anon(mm, PAGE_SIZE, MAP_PRIVATE);
	assert_int_equal(rt_fill(mm, a, 1), 0);
	page = rt_page(mm, a);
	assert_true(PageLRU(page));
	assert_int_equal(!!PageActive(page), p == RECLAIM_LINUX);
	assert_int_equal(rt_lru_pages(1), p == RECLAIM_LINUX);
	assert_int_equal(rt_lru_pages(0), p != RECLAIM_LINUX);

	rt_host_file("c", 1);
	f = vt_open("/c", O_RDONLY, 0);
	assert_false(IS_ERR(f));
	rt_read_page_of(f, 0);
	page = cached(f, 0);
	assert_non_null(page);
	assert_false(PageActive(page));
	assert_true(PageReferenced(page));
	rt_read_page_of(f, 0);
	rt_read_page_of(f, 0);
	if (p == RECLAIM_LINUX) {
		assert_true(PageActive(page));
		assert_int_equal(vm_events[pgactivate], 1);
		assert_int_equal(rt_lru_pages(1), 2);
		assert_int_equal(rt_lru_pages(0), 0);
	} else {
		assert_false(PageActive(page));
		assert_int_equal(vm_events[pgactivate], 0);
		assert_int_equal(rt_lru_pages(1), 0);
		assert_int_equal(rt_lru_pages(0), 2);
		activate_page(page);	/* no active list to go to */
		assert_false(PageActive(page));
		assert_int_equal(rt_lru_pages(0), 2);
	}
	assert_true(PageReferenced(page));
	/* the refill finds nothing on one list */
	refill_inactive_zone(page_zone(page), SWAP_CLUSTER_MAX);
	assert_int_equal(vm_events[pgdeactivate], p == RECLAIM_LINUX);
	fput(f);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* ------------------------------------------------------------ victims */

#define NR	64

/* Bit i: page i of the NR at a is out of memory (its PTE a swap entry). */
static uint64_t swapped_mask(struct mm_struct *mm, uint32_t a)
{
	uint64_t mask = 0;
	uint32_t i;

	for (i = 0; i < NR; i++) {
		pte_t pte = rt_pte(mm, a + i * PAGE_SIZE);

		assert_true(pte != 0);
		if (!pte_present(pte))
			mask |= 1ull << i;
	}
	return mask;
}

#define ODDS	0xaaaaaaaaaaaaaaaaull
#define LOW32	0x00000000ffffffffull

/*
 * NR anonymous pages faulted in order 0..NR-1, every A bit cleared (as
 * reclaim's last look would), then the even pages used again: odd pages
 * are cold. One direct reclaim, which stops once it has SWAP_CLUSTER_MAX:
 *
 *   fifo   the 32 oldest, used or not: pages 0..31;
 *   clock  priority 12 sweeps pages 0..31: the 16 even ones rotate, the
 *          16 odd ones go; priority 11 sweeps the next 32, 32..63, alike:
 *          every odd page, 32 second chances;
 *   linux  (swappiness 60, little mapped) anonymous pages stay on the
 *          active list until the swap tendency lets the refill at them
 *          in distress, at priority 1. Until then each priority's refill
 *          moves the 32 at the tail back to the head unlooked at: 11
 *          times, so 32..63 are at the tail. At priority 1 the refill
 *          looks at them: the 16 odd ones are deactivated and freed, the
 *          even ones go back, their A bits now cleared. 16 are not
 *          enough: at priority 0 the refill takes all 48 left, keeps the
 *          even pages 0..30 (used) and deactivates the other 32, all
 *          freed: the 48 pages 32..63 and the odd ones below.
 */
static void test_victims_anon(void **state)
{
	static const uint64_t expect[NR_RECLAIM_POLICIES] = {
		[RECLAIM_LINUX] = ODDS | ~LOW32,
		[RECLAIM_FIFO] = LOW32,
		[RECLAIM_CLOCK] = ODDS,
	};
	enum reclaim_policy p = policy_of(state);
	unsigned long out = p == RECLAIM_LINUX ? 48 : 32;
	struct mm_struct *mm;
	unsigned long freed;
	uint64_t mask;
	uint32_t a, i, pa;

	rt_swapon("a.swap", 256);
	mm = rt_mm();
	a = rt_mmap_anon(mm, NR * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < NR; i++)
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
	for (i = 0; i < NR; i++)
		assert_int_equal(page_referenced(rt_page(mm, a + i * PAGE_SIZE),
						 1), 1);
	for (i = 0; i < NR; i += 2)
		assert_int_equal(rt_access(mm, a + i * PAGE_SIZE, 0, &pa), 0);
	for (i = 0; i < NR; i++)
		assert_int_equal(!!pte_young(rt_pte(mm, a + i * PAGE_SIZE)),
				 i % 2 == 0);
	assert_int_equal(rt_lru_pages(0) + rt_lru_pages(1), NR);
	vm_events_reset();

	freed = try_to_free_pages(rt_user_zonelist(), 0, GFP_HIGHUSER);
	mask = swapped_mask(mm, a);
	print_message("  %s: freed %lu, swapped %#018llx, rotated %llu, "
		      "activated %llu, deactivated %llu, scanned %llu\n",
		      names[p], freed, (unsigned long long)mask,
		      (unsigned long long)vm_events[pgrotated],
		      (unsigned long long)vm_events[pgactivate],
		      (unsigned long long)vm_events[pgdeactivate],
		      (unsigned long long)vm_events[pgscan_direct]);
	assert_int_equal(mask, expect[p]);
	assert_true(freed >= out);	/* and the slab's pages */
	assert_int_equal(vm_events[pswpout], out);
	assert_int_equal(vm_events[pgsteal_direct], out);
	assert_int_equal(mm->anon_rss, NR - out);
	assert_int_equal(swap_used_slots(), out);
	switch (p) {
	case RECLAIM_LINUX:
		assert_int_equal(vm_events[pgrotated], 0);
		assert_int_equal(vm_events[pgactivate], 0);
		assert_int_equal(vm_events[pgdeactivate], 16 + 32);
		assert_int_equal(vm_events[pgscan_direct], 16 + 32);
		assert_int_equal(rt_lru_pages(1), 16);	/* evens 0..30 */
		break;
	case RECLAIM_FIFO:
		assert_int_equal(vm_events[pgrotated], 0);
		assert_int_equal(vm_events[pgscan_direct], 32);
		break;
	case RECLAIM_CLOCK:
		assert_int_equal(vm_events[pgrotated], 32);
		assert_int_equal(vm_events[pgscan_direct], 64);
		/* the rotated pages' A bits were cleared */
		for (i = 0; i < NR; i += 2)
			assert_false(pte_young(rt_pte(mm, a + i * PAGE_SIZE)));
		break;
	default:
		fail();
	}
	if (p != RECLAIM_LINUX) {
		assert_int_equal(vm_events[pgactivate], 0);
		assert_int_equal(vm_events[pgdeactivate], 0);
		assert_int_equal(rt_lru_pages(1), 0);
	}
	for (i = 0; i < NR; i++)
		assert_true(rt_holds(mm, a + i * PAGE_SIZE, i));
	assert_int_equal(vm_events[pswpin], out);
	mmput(mm);
	rt_assert_nothing_lost();
}

/*
 * NR clean page-cache pages read in order 0..NR-1 (PG_referenced set by
 * the read), then the even ones read again. One direct reclaim:
 *
 *   linux  the second read activated the even pages; the refill
 *          deactivates them again (unmapped), behind the odd ones, and
 *          the harmless band frees the 32 odd pages;
 *   fifo   pages 0..31;
 *   clock  every page has PG_referenced: priorities 12 and 11 rotate all
 *          64, clearing it, and priority 10 frees 0..31.
 */
static void test_victims_page_cache(void **state)
{
	static const uint64_t expect[NR_RECLAIM_POLICIES] = {
		[RECLAIM_LINUX] = ODDS,
		[RECLAIM_FIFO] = LOW32,
		[RECLAIM_CLOCK] = LOW32,
	};
	enum reclaim_policy p = policy_of(state);
	uint64_t mask = 0;
	struct file *f;
	unsigned long freed;
	unsigned i;

	rt_host_file("c", NR);
	f = vt_open("/c", O_RDONLY, 0);
	assert_false(IS_ERR(f));
	for (i = 0; i < NR; i++)
		rt_read_page_of(f, i);
	for (i = 0; i < NR; i += 2)
		rt_read_page_of(f, i);
	assert_int_equal(vm_events[pgactivate], p == RECLAIM_LINUX ? 32 : 0);
	vm_events_reset();

	freed = try_to_free_pages(rt_user_zonelist(), 0, GFP_HIGHUSER);
	for (i = 0; i < NR; i++)
		if (!cached(f, i))
			mask |= 1ull << i;
	assert_true(freed >= 32);
	assert_int_equal(mask, expect[p]);
	assert_int_equal(f->f_mapping->nrpages, NR - 32);
	assert_int_equal(vm_events[pgrotated], p == RECLAIM_CLOCK ? 64 : 0);
	assert_int_equal(vm_events[pgdeactivate],
			 p == RECLAIM_LINUX ? 32 : 0);
	assert_int_equal(vm_events[pgscan_direct],
			 p == RECLAIM_CLOCK ? 96 : 32);
	assert_int_equal(vm_events[pgactivate], 0);
	assert_int_equal(vm_events[pgpgout] + vm_events[pswpout], 0);
	for (i = 0; i < NR; i++) {
		char buf[PAGE_SIZE];
		loff_t pos = (loff_t)i * PAGE_SIZE;

		assert_int_equal(vfs_read(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
		assert_int_equal(buf[0], 'a' + i % 26);
		assert_int_equal(buf[PAGE_SIZE - 1], 'a' + i % 26);
	}
	fput(f);
	vt_free_after_shrink();
	rt_assert_nothing_lost();
}

/* ------------------------------------------------------------ pressure */

/*
 * 12 MiB written in 8 with kswapd run at each "scheduling point", then
 * read back: every page intact, nothing lost, and the counters of a
 * policy with one list are those of one list.
 */
static void test_pressure(void **state)
{
	const uint32_t pages = (12u << 20) / PAGE_SIZE;
	enum reclaim_policy p = policy_of(state);
	struct mm_struct *mm;
	uint32_t a, i;

	rt_swapon("a.swap", pages + 512);
	mm = rt_mm();
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++) {
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
		kswapd_run_pending();
	}
	for (i = 0; i < pages; i++) {
		if (!rt_holds(mm, a + i * PAGE_SIZE, i))
			fail_msg("%s: page %u lost", names[p], i);
		kswapd_run_pending();
	}
	print_message("  %s: pswpout %llu pswpin %llu rotated %llu "
		      "activated %llu\n", names[p],
		      (unsigned long long)vm_events[pswpout],
		      (unsigned long long)vm_events[pswpin],
		      (unsigned long long)vm_events[pgrotated],
		      (unsigned long long)vm_events[pgactivate]);
	assert_true(vm_events[pswpout] >= pages - totalram_pages);
	assert_true(vm_events[pswpin] > 0);
	if (p != RECLAIM_LINUX) {
		assert_int_equal(vm_events[pgactivate], 0);
		assert_int_equal(vm_events[pgdeactivate], 0);
		assert_int_equal(rt_lru_pages(1), 0);
	}
	if (p != RECLAIM_CLOCK)
		assert_int_equal(vm_events[pgrotated], 0);
	else
		assert_true(vm_events[pgrotated] > 0);
	mmput(mm);
	rt_assert_nothing_lost();
}

/* Pages of an mlocked mapping stay under every policy. */
static void test_mlocked(void **state)
{
	const uint32_t pages = (12u << 20) / PAGE_SIZE, locked = 256;
	enum reclaim_policy p = policy_of(state);
	struct mm_struct *mm;
	uint32_t a, l, i;

	rt_swapon("a.swap", pages + 512);
	mm = rt_mm();
	l = do_mmap_pgoff(mm, 0, locked * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0, NULL,
			  NULL);
	assert_false(IS_ERR_VALUE(l));
	for (i = 0; i < locked; i++)
		assert_int_equal(rt_fill(mm, l + i * PAGE_SIZE, 7000 + i), 0);
	a = rt_mmap_anon(mm, pages * PAGE_SIZE, MAP_PRIVATE);
	for (i = 0; i < pages; i++) {
		assert_int_equal(rt_fill(mm, a + i * PAGE_SIZE, i), 0);
		kswapd_run_pending();
	}
	shrink_all_memory(~0ul >> 1);
	for (i = 0; i < locked; i++)
		assert_true(pte_present(rt_pte(mm, l + i * PAGE_SIZE)));
	for (i = 0; i < locked; i++)
		assert_true(rt_holds(mm, l + i * PAGE_SIZE, 7000 + i));
	for (i = 0; i < pages; i++)
		if (!rt_holds(mm, a + i * PAGE_SIZE, i))
			fail_msg("%s: page %u lost", names[p], i);
	/* linux activates, clock rotates a page page_referenced finds
	 * locked; fifo ignores it and try_to_unmap refuses */
	print_message("  %s: locked refusals %lu, rotated %llu, slots %lu\n",
		      names[p], rmap_stat.locked_refusals,
		      (unsigned long long)vm_events[pgrotated],
		      (unsigned long)swap_used_slots());
	if (p == RECLAIM_FIFO)
		assert_true(rmap_stat.locked_refusals > 0);
	else
		assert_int_equal(rmap_stat.locked_refusals, 0);
	mmput(mm);
	rt_assert_nothing_lost();
}

static unsigned long oom_calls;

static int count_oom(struct zonelist *zl, gfp_t gfp, unsigned int order)
{
	(void)zl;
	(void)gfp;
	(void)order;
	oom_calls++;
	return 0;
}

/*
 * No swap: the page cache goes, anonymous pages stay, and when nothing
 * more can be freed the allocation calls the out_of_memory hook once,
 * under every policy (one list or two).
 */
static void test_no_swap(void **state)
{
	const uint32_t pages = (8u << 20) / PAGE_SIZE;
	enum reclaim_policy p = policy_of(state);
	struct mm_struct *mm;
	struct file *f;
	uint32_t a, i;
	int r = 0;

	oom_calls = 0;
	reclaim_ops.out_of_memory = count_oom;
	rt_host_file("c", 128);
	f = vt_open("/c", O_RDONLY, 0);
	assert_false(IS_ERR(f));
	for (i = 0; i < 128; i++)
		rt_read_page_of(f, i);
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
	assert_int_equal(f->f_mapping->nrpages, 0);
	assert_int_equal(vm_events[pswpout], 0);
	assert_int_equal(mm->anon_rss, i);
	if (p != RECLAIM_LINUX)
		assert_int_equal(vm_events[pgactivate], 0);
	while (i--)
		assert_true(rt_holds(mm, a + i * PAGE_SIZE, i));
	fput(f);
	mmput(mm);
	rt_assert_nothing_lost();
}

int main(void)
{
#define T(f, setup, p, name) \
	{ #f "/" name, f, setup, teardown, (void *)&policies[p] }
#define ALL(f, setup) T(f, setup, RECLAIM_LINUX, "linux"), \
	T(f, setup, RECLAIM_FIFO, "fifo"), T(f, setup, RECLAIM_CLOCK, "clock")
	const struct CMUnitTest tests[] = {
		T(test_names, setup32, RECLAIM_LINUX, "linux"),
		cmocka_unit_test(test_kernel_boot),
		ALL(test_entry_and_use, setup32),
		ALL(test_victims_anon, setup32),
		ALL(test_victims_page_cache, setup32),
		ALL(test_pressure, setup8),
		ALL(test_mlocked, setup8),
		ALL(test_no_swap, setup8),
	};
#undef ALL
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
