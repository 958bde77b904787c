/*
 * test_mm_model.c - a fixed-seed randomized test of the whole memory
 * manager against a simple model: 120,000 operations mixing buddy blocks
 * of every order and gfp kind with address spaces that are created, mapped
 * (MAP_FIXED into a small window so mappings collide), touched through the
 * MMU and the fault handler, mprotected, unmapped, switched between and
 * destroyed. The model is one byte and one protection per page; every
 * access must succeed or fault exactly as the model says and read what
 * was last written. At the end every frame is free again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "invariants.h"
#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "slab.h"
#include "vmstat.h"

#define NR_OPS		120000
#define NR_MMS		4
#define WINDOW		0x10000000u
#define WINDOW_PAGES	2048	/* 8 MiB: two page tables */
#define NR_BLOCKS	256

struct model_page {
	uint8_t mapped, prot, value, touched;
};

struct model_mm {
	struct mm_struct *mm;
	struct model_page page[WINDOW_PAGES];
};

static struct model_mm mms[NR_MMS];
static struct { struct page *page; unsigned order; } blocks[NR_BLOCKS];
static struct mmu cpu;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void op_block(void)
{
	static const gfp_t kinds[] = { GFP_KERNEL, GFP_HIGHUSER, GFP_DMA, GFP_ATOMIC };
	unsigned i = rnd(NR_BLOCKS);

	if (blocks[i].page) {
		__free_pages(blocks[i].page, blocks[i].order);
		blocks[i].page = NULL;
		return;
	}
	unsigned order = rnd(100) < 70 ? rnd(3) : rnd(MAX_ORDER);
	gfp_t gfp = kinds[rnd(4)];
	struct page *p = alloc_pages(gfp, order);
	if (!p)
		return;		/* allowed under pressure; the model does not care */
	assert_int_equal(page_to_pfn(p) % (1ul << order), 0);
	assert_int_equal(page_count(p), 1);
	if (gfp & __GFP_DMA)
		assert_int_equal(page_zonenum(p), ZONE_DMA);
	if (!(gfp & __GFP_HIGHMEM))
		assert_true(page_zonenum(p) != ZONE_HIGHMEM);
	blocks[i].page = p;
	blocks[i].order = order;
}

/* Locality, as real programs have it: runs of operations on one mm, and
 * touches near the last mapping, so TLB entries and COW states recur. */
static unsigned cur_mm;
static uint32_t hot_base;
#define HOT_PAGES	48

static struct model_mm *pick_mm(void)
{
	if (rnd(100) < 3)
		cur_mm = rnd(NR_MMS);
	struct model_mm *m = &mms[cur_mm];

	if (!m->mm) {
		m->mm = mm_alloc();
		assert_non_null(m->mm);
		memset(m->page, 0, sizeof(m->page));
	}
	switch_mm(m->mm);
	return m;
}

static void op_mmap(struct model_mm *m)
{
	uint32_t first = rnd(WINDOW_PAGES), n = 1 + rnd(64);
	int prot = rnd(100) < 70 ? PROT_READ | PROT_WRITE : (int)rnd(8);

	if (rnd(100) < 60)	/* near the hot window: collide, split, merge */
		first = (hot_base + rnd(HOT_PAGES)) % WINDOW_PAGES;
	hot_base = first;
	if (first + n > WINDOW_PAGES)
		n = WINDOW_PAGES - first;
	uint32_t a = do_mmap_pgoff(m->mm, WINDOW + first * PAGE_SIZE,
				   n * PAGE_SIZE, prot,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0,
				   NULL, NULL);
	if (IS_ERR_VALUE(a))
		return;		/* ENOMEM under pressure: nothing changed? */
	for (uint32_t i = first; i < first + n; i++)
		m->page[i] = (struct model_page){ 1, (uint8_t)prot, 0, 0 };
}

static uint32_t pick_page(void)
{
	if (rnd(100) < 85)
		return (hot_base + rnd(HOT_PAGES)) % WINDOW_PAGES;
	return rnd(WINDOW_PAGES);
}

static void op_munmap(struct model_mm *m)
{
	uint32_t first = pick_page(), n = 1 + rnd(24);

	if (first + n > WINDOW_PAGES)
		n = WINDOW_PAGES - first;
	assert_int_equal(do_munmap(m->mm, WINDOW + first * PAGE_SIZE,
				   n * PAGE_SIZE), 0);
	for (uint32_t i = first; i < first + n; i++)
		m->page[i].mapped = 0;
}

static void op_mprotect(struct model_mm *m)
{
	uint32_t first = pick_page(), n = 1 + rnd(16);
	int prot = (int)rnd(8);

	if (first + n > WINDOW_PAGES)
		n = WINDOW_PAGES - first;
	for (uint32_t i = first; i < first + n; i++)
		if (!m->page[i].mapped)
			return;	/* Linux changes a prefix before -ENOMEM: avoid */
	int r = do_mprotect(m->mm, WINDOW + first * PAGE_SIZE, n * PAGE_SIZE, prot);
	if (r)
		return;
	for (uint32_t i = first; i < first + n; i++)
		m->page[i].prot = (uint8_t)prot;
}

static int user_access(struct mm_struct *mm, uint32_t va, int write,
		       uint32_t *pa)
{
	uint32_t err;

	for (int tries = 0; tries < 4; tries++) {
		if (!translate(&cpu, va, write ? ACCESS_WRITE : ACCESS_READ, 1,
			       pa, &err))
			return 0;
		int r = do_page_fault(mm, va, err);
		if (r & VM_FAULT_ERROR)
			return r;
	}
	fail_msg("fault loop at %#x", va);
	return -1;
}

static void op_touch(struct model_mm *m)
{
	uint32_t i = pick_page(), pa;
	int write = rnd(2);
	struct model_page *mp = &m->page[i];
	/* i386 without NX: any right implies read; write needs PROT_WRITE */
	int allowed = mp->mapped && (write ? (mp->prot & PROT_WRITE) : mp->prot);
	int r = user_access(m->mm, WINDOW + i * PAGE_SIZE + (i % 97), write, &pa);

	if (!allowed) {
		if (r == VM_FAULT_OOM)
			return;
		if (r != VM_FAULT_SIGSEGV) {
			struct vm_area_struct *v = find_vma(m->mm, WINDOW + i * PAGE_SIZE);
			pte_t *pte = pte_offset(m->mm->pgd, WINDOW + i * PAGE_SIZE);
			print_message("page %u write %d model mapped %d prot %d; vma %#x-%#x flags %#x pte %#x\n",
				i, write, mp->mapped, mp->prot, v ? v->vm_start : 0, v ? v->vm_end : 0,
				v ? v->vm_flags : 0, pte ? *pte : 0);
		}
		assert_int_equal(r, VM_FAULT_SIGSEGV);
		return;
	}
	if (r == VM_FAULT_OOM)
		return;
	assert_int_equal(r, 0);
	uint8_t *b = __va(pa);
	assert_int_equal(*b, mp->value);
	if (write) {
		mp->value = (uint8_t)(1 + rnd(255));
		*b = mp->value;
	}
}

static void op_destroy(struct model_mm *m)
{
	if (current_mm == m->mm)
		current_mm = NULL;
	mmput(m->mm);
	m->mm = NULL;
}

static void test_model(void **state)
{
	(void)state;
	assert_int_equal(mem_init(32ull << 20), 0);
	assert_int_equal(mmu_init(&cpu, 16, 4, 32, 4), 0);
	current_mmu = &cpu;
	shrink_slab(~0ul, GFP_KERNEL);
	unsigned long free0 = nr_free_pages();
	unsigned long faults = 0;

	for (int op = 0; op < NR_OPS; op++) {
		uint32_t k = rnd(100);
		if (k < 25) {
			op_block();
			continue;
		}
		struct model_mm *m = pick_mm();
		if (k < 33)
			op_mmap(m);
		else if (k < 37)
			op_munmap(m);
		else if (k < 41)
			op_mprotect(m);
		else if (k < 99)
			op_touch(m), faults++;
		else
			op_destroy(m);
	}
	for (int i = 0; i < NR_MMS; i++)
		if (mms[i].mm)
			op_destroy(&mms[i]);
	for (int i = 0; i < NR_BLOCKS; i++)
		if (blocks[i].page)
			__free_pages(blocks[i].page, blocks[i].order);
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free0);
	assert_int_equal(page_mapcount(empty_zero_page), 0);
	assert_int_equal(page_count(empty_zero_page), 1);
	/* every free frame is on exactly one buddy list, once */
	unsigned long on_lists = 0;
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &contig_page_data.node_zones[t];
		for (int o = 0; o < MAX_ORDER; o++) {
			struct page *p;
			unsigned long n = 0;
			list_for_each_entry(p, &z->free_area[o].free_list, lru) {
				assert_true(PageBuddy(p));
				assert_int_equal(p->private, o);
				assert_int_equal(page_to_pfn(p) % (1ul << o), 0);
				n++;
			}
			assert_int_equal(n, z->free_area[o].nr_free);
			on_lists += n << o;
		}
	}
	assert_int_equal(on_lists, nr_free_pages());
	assert_true(faults > 50000);
	print_message("%d operations, %lu touches, %lu free frames, "
		      "%llu faults, %llu zero-page, %llu cow copies, %llu cow reuses, "
		      "%llu dtlb hits\n", NR_OPS, faults, free0,
		      (unsigned long long)vm_events[pgfault],
		      (unsigned long long)vm_events[zero_page_faults],
		      (unsigned long long)vm_events[cow_copy],
		      (unsigned long long)vm_events[cow_reuse],
		      (unsigned long long)cpu.dtlb.hits);
	current_mm = NULL;
	current_mmu = NULL;
	mmu_destroy(&cpu);
	mem_exit();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
	};
	/* references held by the test itself, which no kernel structure
	 * records, would fail the invariant checker of debug builds */
	invariants_mode = INVARIANTS_OFF;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
