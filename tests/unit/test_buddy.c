/*
 * test_buddy.c - the zones and the buddy allocator: boot layout, reserved
 * frames, split and coalesce at every order, watermarks and
 * lowmem_reserve, zone fallback, exhaustion, and the /proc text dumps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gfp.h"
#include "seq_file.h"
#include "slab.h"
#include "vmstat.h"

static struct zone *zone(enum zone_type t)
{
	return &contig_page_data.node_zones[t];
}

static unsigned long memmap_pages(unsigned long frames)
{
	return (frames * sizeof(struct page) + PAGE_SIZE - 1) / PAGE_SIZE;
}

static void snapshot(unsigned long counts[MAX_NR_ZONES][MAX_ORDER])
{
	for (int t = 0; t < MAX_NR_ZONES; t++)
		for (int o = 0; o < MAX_ORDER; o++)
			counts[t][o] = zone(t)->free_area[o].nr_free;
}

static void test_bad_sizes(void **state)
{
	(void)state;
	assert_int_equal(mem_init(3ull << 20), -EINVAL);
	assert_int_equal(mem_init((4ull << 30) + 4096), -EINVAL);
	assert_int_equal(mem_init((4ull << 20) + 1), -EINVAL);
	assert_int_equal(mem_init(0), -EINVAL);
}

static void test_layout_64m(void **state)
{
	unsigned long reserved = 1 + (KERNEL_START_PFN - ISA_HOLE_START_PFN) +
				 KERNEL_IMAGE_PAGES + memmap_pages(16384);
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	assert_int_equal(max_pfn, 16384);
	assert_int_equal(zone(ZONE_DMA)->spanned_pages, 4096);
	assert_int_equal(zone(ZONE_NORMAL)->zone_start_pfn, 4096);
	assert_int_equal(zone(ZONE_NORMAL)->spanned_pages, 12288);
	assert_int_equal(zone(ZONE_HIGHMEM)->spanned_pages, 0);
	assert_int_equal(reserved_pages, reserved);
	assert_int_equal(zone(ZONE_DMA)->present_pages, 4096 - reserved);
	assert_int_equal(zone(ZONE_NORMAL)->present_pages, 12288);
	assert_int_equal(contig_page_data.nr_zones, 2);
	/* every reserved frame is marked, every other one is accounted */
	unsigned long n = 0;
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		n += PageReserved(pfn_to_page(pfn));
	assert_int_equal(n, reserved);
	assert_true(PageReserved(pfn_to_page(0)));
	assert_true(PageReserved(pfn_to_page(0xa0)));
	assert_false(PageReserved(pfn_to_page(0x9f)));
	/* free = present minus what the boot slab caches hold */
	assert_int_equal(nr_free_pages() + slab_pages(), totalram_pages);
	assert_int_equal(free_pages_boot, nr_free_pages());
	mem_exit();
}

static void test_layout_1g_three_zones(void **state)
{
	(void)state;
	assert_int_equal(mem_init(1ull << 30), 0);
	assert_int_equal(contig_page_data.nr_zones, 3);
	assert_int_equal(zone(ZONE_HIGHMEM)->zone_start_pfn, 229376);
	assert_int_equal(zone(ZONE_HIGHMEM)->present_pages, 262144 - 229376);
	assert_int_equal(zone(ZONE_NORMAL)->spanned_pages, 229376 - 4096);
	/* zonelists: user HIGHMEM -> NORMAL -> DMA, kernel NORMAL -> DMA */
	struct zonelist *u = &contig_page_data.node_zonelists[ZONE_HIGHMEM];
	struct zonelist *k = &contig_page_data.node_zonelists[ZONE_NORMAL];
	assert_ptr_equal(u->zones[0], zone(ZONE_HIGHMEM));
	assert_ptr_equal(u->zones[1], zone(ZONE_NORMAL));
	assert_ptr_equal(u->zones[2], zone(ZONE_DMA));
	assert_null(u->zones[3]);
	assert_ptr_equal(k->zones[0], zone(ZONE_NORMAL));
	assert_ptr_equal(k->zones[1], zone(ZONE_DMA));
	assert_null(k->zones[2]);
	struct page *hp = alloc_page(GFP_HIGHUSER);
	struct page *kp = alloc_page(GFP_KERNEL);
	struct page *dp = alloc_page(GFP_DMA);
	assert_int_equal(page_zonenum(hp), ZONE_HIGHMEM);
	assert_true(page_to_pfn(hp) >= 229376);
	assert_int_equal(page_zonenum(kp), ZONE_NORMAL);
	assert_int_equal(page_zonenum(dp), ZONE_DMA);
	__free_page(hp);
	__free_page(kp);
	__free_page(dp);
	/* watermarks: HIGHMEM 32768/128 = 256 clamps to 255 */
	assert_int_equal(zone(ZONE_HIGHMEM)->pages_min, 255);
	assert_int_equal(zone(ZONE_HIGHMEM)->pages_low, 510);
	assert_int_equal(zone(ZONE_HIGHMEM)->pages_high, 765);
	/* lowmem_reserve ratios 256 (DMA) and 32 (NORMAL) */
	unsigned long np = zone(ZONE_NORMAL)->present_pages;
	unsigned long hpg = zone(ZONE_HIGHMEM)->present_pages;
	assert_int_equal(zone(ZONE_DMA)->lowmem_reserve[ZONE_NORMAL], np / 256);
	assert_int_equal(zone(ZONE_DMA)->lowmem_reserve[ZONE_HIGHMEM], (np + hpg) / 256);
	assert_int_equal(zone(ZONE_NORMAL)->lowmem_reserve[ZONE_HIGHMEM], hpg / 32);
	assert_int_equal(zone(ZONE_NORMAL)->lowmem_reserve[ZONE_NORMAL], 0);
	mem_exit();
}

static void test_watermarks(void **state)
{
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	unsigned long dma = zone(ZONE_DMA)->present_pages;
	assert_int_equal(zone(ZONE_DMA)->pages_min, dma / 128);
	assert_int_equal(zone(ZONE_DMA)->pages_low, 2 * (dma / 128));
	assert_int_equal(zone(ZONE_DMA)->pages_high, 3 * (dma / 128));
	assert_int_equal(zone(ZONE_NORMAL)->pages_min, 96);	/* 12288/128 */
	mem_exit();
	/* a 4 MiB machine: 787 present pages -> 6, clamped up to 20 */
	assert_int_equal(mem_init(4ull << 20), 0);
	assert_int_equal(contig_page_data.nr_zones, 1);
	assert_int_equal(zone(ZONE_DMA)->pages_min, 20);
	assert_int_equal(zone(ZONE_DMA)->pages_high, 60);
	mem_exit();
}

/* Allocate and free one block of every order; counts come back exactly. */
static void test_split_coalesce_all_orders(void **state)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	snapshot(before);
	unsigned long free0 = nr_free_pages();
	for (unsigned o = 0; o < MAX_ORDER; o++) {
		struct page *p = alloc_pages(GFP_KERNEL, o);
		assert_non_null(p);
		assert_int_equal(page_to_pfn(p) % (1ul << o), 0);
		assert_int_equal(page_count(p), 1);
		assert_false(PageBuddy(p));
		assert_int_equal(nr_free_pages(), free0 - (1ul << o));
		__free_pages(p, o);
		assert_int_equal(nr_free_pages(), free0);
		snapshot(after);
		assert_memory_equal(before, after, sizeof(before));
	}
	mem_exit();
}

/* Split one order-10 block into 1024 single pages and put it back. */
static void test_split_to_singles_and_back(void **state)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	struct page *pages[1024];
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	snapshot(before);
	/* order 1..9 lists are empty or not, but order 0 requests split down */
	for (int i = 0; i < 1024; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		assert_non_null(pages[i]);
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(pages[i], pages[j]);
	}
	/* free in an interleaved order to exercise partial coalescing */
	for (int i = 0; i < 1024; i += 2)
		__free_page(pages[i]);
	for (int i = 1; i < 1024; i += 2)
		__free_page(pages[i]);
	snapshot(after);
	assert_memory_equal(before, after, sizeof(before));
	mem_exit();
}

static void test_buddy_index(void **state)
{
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	/*
	 * Take an order-3 block and give it back as two order-2 halves (as
	 * split_page would allow). The first half cannot coalesce while its
	 * buddy (pfn ^ 4) is allocated; the second one merges both back.
	 */
	struct page *p = alloc_pages(GFP_KERNEL, 3);
	assert_non_null(p);
	unsigned long pfn = page_to_pfn(p);
	assert_int_equal(pfn % 8, 0);
	p[4]._count = 1;
	__free_pages(p, 2);
	assert_true(PageBuddy(p));
	assert_int_equal(p->private, 2);
	assert_false(PageBuddy(p + 4));
	__free_pages(p + 4, 2);
	assert_false(PageBuddy(p + 4));
	/* the merged block heads at pfn & ~7 with order >= 3 */
	struct page *head = pfn_to_page(pfn & ~7ul);
	int found = 0;
	for (unsigned o = 3; o < MAX_ORDER; o++) {
		struct page *h = pfn_to_page(pfn & ~((1ul << o) - 1));
		if (PageBuddy(h) && h->private == o)
			found = 1;
	}
	assert_true(found);
	(void)head;
	mem_exit();
}

static void test_bad_order(void **state)
{
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	assert_null(alloc_pages(GFP_KERNEL, 31));
	mem_exit();
}

/*
 * Exhaustion: GFP_KERNEL order-0 allocations succeed until each zone is
 * down to its watermark (plus lowmem_reserve for the lower zone), then
 * return NULL; freeing everything restores the boot state.
 */
static void test_exhaustion(void **state)
{
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	unsigned long free0 = nr_free_pages(), n = 0, cap = free0;
	struct page **pages = calloc(cap, sizeof(*pages));
	struct page *p;
	while ((p = alloc_page(GFP_KERNEL)) != NULL) {
		assert_false(PageReserved(p));
		pages[n++] = p;
	}
	struct zone *dma = zone(ZONE_DMA), *normal = zone(ZONE_NORMAL);
	assert_int_equal(normal->free_pages, normal->pages_min);
	assert_int_equal(dma->free_pages,
			 dma->pages_min + dma->lowmem_reserve[ZONE_NORMAL]);
	assert_int_equal(n, free0 - normal->free_pages - dma->free_pages);
	assert_true(vm_events[allocstall] > 0);
	/* GFP_ATOMIC may go further: min - min/2 - min/4 */
	unsigned long extra = 0;
	while ((p = alloc_page(GFP_ATOMIC)) != NULL)
		pages[n++] = p, extra++;
	assert_true(extra > 0);
	assert_int_equal(normal->free_pages, 96 - 48 - 12);
	/* GFP_DMA takes only DMA frames */
	while ((p = alloc_page(GFP_DMA | __GFP_HIGH)) != NULL) {
		assert_int_equal(page_zonenum(p), ZONE_DMA);
		pages[n++] = p;
	}
	for (unsigned long i = 0; i < n; i++)
		__free_page(pages[i]);
	assert_int_equal(nr_free_pages(), free0);
	free(pages);
	mem_exit();
}

static void test_zone_fallback(void **state)
{
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	/* no HIGHMEM: user pages come from NORMAL until its low mark... */
	struct page *p = alloc_page(GFP_HIGHUSER);
	assert_int_equal(page_zonenum(p), ZONE_NORMAL);
	__free_page(p);
	/* ...then fall back to DMA */
	unsigned long n = 0, cap = nr_free_pages();
	struct page **pages = calloc(cap, sizeof(*pages));
	struct zone *normal = zone(ZONE_NORMAL), *dma = zone(ZONE_DMA);
	int saw_dma = 0, back_to_normal = 0;
	while ((p = alloc_page(GFP_HIGHUSER)) != NULL) {
		if (page_zonenum(p) == ZONE_DMA && !saw_dma) {
			/* the first fallback happens at NORMAL's low mark */
			saw_dma = 1;
			assert_int_equal(normal->free_pages, normal->pages_low);
		}
		if (page_zonenum(p) == ZONE_NORMAL && saw_dma && !back_to_normal) {
			/* after the low pass, the min pass returns to NORMAL */
			back_to_normal = 1;
			assert_int_equal(dma->free_pages, dma->pages_low +
					 dma->lowmem_reserve[ZONE_NORMAL]);
		}
		pages[n++] = p;
	}
	assert_true(saw_dma);
	assert_true(back_to_normal);
	assert_int_equal(normal->free_pages, normal->pages_min);
	for (unsigned long i = 0; i < n; i++)
		__free_page(pages[i]);
	free(pages);
	mem_exit();
}

static void test_refcount(void **state)
{
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	unsigned long free0 = nr_free_pages();
	struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	uint8_t *kaddr = page_address(p);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(kaddr[i], 0);
	get_page(p);
	assert_int_equal(page_count(p), 2);
	put_page(p);
	assert_int_equal(nr_free_pages(), free0 - 1);
	put_page(p);
	assert_int_equal(nr_free_pages(), free0);
	assert_int_equal(page_count(p), 0);
	assert_true(vm_events[pgfree] >= 1);
	mem_exit();
}

static void test_proc_dumps(void **state)
{
	struct seq_file m;
	char expect[256];
	(void)state;
	assert_int_equal(mem_init(64ull << 20), 0);
	seq_init(&m);
	buddyinfo_show(&m);
	/* two lines, DMA then Normal, 11 columns each matching nr_free */
	struct zone *dma = zone(ZONE_DMA);
	int n = snprintf(expect, sizeof(expect), "Node 0, zone      DMA ");
	for (int o = 0; o < MAX_ORDER; o++)
		n += snprintf(expect + n, sizeof(expect) - n, "%6lu ",
			      dma->free_area[o].nr_free);
	assert_memory_equal(m.buf, expect, strlen(expect));
	assert_non_null(strstr(m.buf, "\nNode 0, zone   Normal "));
	assert_null(strstr(m.buf, "HighMem"));
	seq_release(&m);

	seq_init(&m);
	zoneinfo_show(&m);
	snprintf(expect, sizeof(expect), "Node 0, zone   Normal\n  pages free     %lu\n"
		 "        min      96\n        low      192\n        high     288\n",
		 zone(ZONE_NORMAL)->free_pages);
	assert_non_null(strstr(m.buf, expect));
	snprintf(expect, sizeof(expect), "        protection: (0, %lu, %lu)",
		 dma->lowmem_reserve[1], dma->lowmem_reserve[2]);
	assert_non_null(strstr(m.buf, expect));
	assert_non_null(strstr(m.buf, "  start_pfn:         4096\n"));
	seq_release(&m);
	mem_exit();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_layout_64m),
		cmocka_unit_test(test_layout_1g_three_zones),
		cmocka_unit_test(test_watermarks),
		cmocka_unit_test(test_split_coalesce_all_orders),
		cmocka_unit_test(test_split_to_singles_and_back),
		cmocka_unit_test(test_buddy_index),
		cmocka_unit_test(test_bad_order),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_zone_fallback),
		cmocka_unit_test(test_refcount),
		cmocka_unit_test(test_proc_dumps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
