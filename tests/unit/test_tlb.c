/*
 * test_tlb.c - the iTLB and dTLB: hit/miss/flush/invlpg counts, LRU
 * replacement within a set, global entries, the Dirty re-walk, stale
 * translations until invlpg (as hardware), geometry validation, the
 * itlb_evict callback, and the switch_mm / flush_tlb_* glue.
 *
 * The fixture's TLBs are tiny so every replacement is predictable:
 * iTLB 4 entries x 2 ways (2 sets), dTLB 8 entries x 2 ways (4 sets).
 * Staleness is observed by rewriting a PTE behind the TLB's back.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "pgtable.h"

#define MEM_BYTES	(32ull << 20)
#define MAX_MAPS	80
#define UBASE		0x08000000u	/* vpn 0x8000: set 0 in any small TLB */
#define PROT_RW_DIRTY	(PAGE_SHARED | _PAGE_DIRTY)
#define MAX_EVICTS	16

struct fx {
	struct mmu mmu;
	pde_t *pgd;
	int nr;
	pte_t *pte[MAX_MAPS];
	struct page *page[MAX_MAPS];
	int nr_evicts;
	uint32_t evicted[MAX_EVICTS];
};

static void record_evict(void *opaque, uint32_t vpn)
{
	struct fx *fx = opaque;

	if (fx->nr_evicts < MAX_EVICTS)
		fx->evicted[fx->nr_evicts] = vpn;
	fx->nr_evicts++;
}

static int setup(void **state)
{
	static struct fx fx;

	memset(&fx, 0, sizeof(fx));
	if (mem_init(MEM_BYTES))
		return -1;
	fx.pgd = pgd_alloc();
	if (!fx.pgd || mmu_init(&fx.mmu, 4, 2, 8, 2))
		return -1;
	mmu_write_cr3(&fx.mmu, __pa(fx.pgd));
	fx.mmu.itlb.flushes = fx.mmu.dtlb.flushes = 0;
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	int i;

	for (i = 0; i < fx->nr; i++) {
		*fx->pte[i] = 0;
		__free_page(fx->page[i]);
	}
	pgd_free(fx->pgd);
	mmu_destroy(&fx->mmu);
	current_mmu = NULL;
	current_mm = NULL;
	mem_exit();
	return 0;
}

static pte_t *map(struct fx *fx, uint32_t va, uint32_t prot)
{
	struct page *page = alloc_page(GFP_KERNEL);
	pte_t *pte = pte_alloc(fx->pgd, va);

	assert_non_null(page);
	assert_non_null(pte);
	assert_true(fx->nr < MAX_MAPS);
	*pte = mk_pte(page, prot);
	fx->pte[fx->nr] = pte;
	fx->page[fx->nr++] = page;
	return pte;
}

/* The k-th page of set s in a TLB of `sets` sets. */
static uint32_t set_va(unsigned sets, unsigned s, unsigned k)
{
	return UBASE + ((k * sets + s) << PAGE_SHIFT);
}

static uint32_t xlate(struct mmu *mmu, uint32_t va, enum access_kind k,
		      int user)
{
	uint32_t pa = 0, err = 0;

	assert_int_equal(translate(mmu, va, k, user, &pa, &err), 0);
	return pa;
}

static uint32_t fault(struct mmu *mmu, uint32_t va, enum access_kind k,
		      int user)
{
	uint32_t pa = 0, err = 0;

	assert_int_equal(translate(mmu, va, k, user, &pa, &err), 1);
	return err;
}

static void assert_counts(const struct tlb *t, uint64_t hits,
			  uint64_t misses)
{
	assert_int_equal(t->hits, hits);
	assert_int_equal(t->misses, misses);
}

static void test_hit_miss_sequence(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t a = set_va(4, 0, 0), b = set_va(4, 1, 0), c = set_va(4, 2, 0);

	map(fx, a, PROT_RW_DIRTY);
	map(fx, b, PROT_RW_DIRTY);
	map(fx, c, PROT_RW_DIRTY);

	xlate(m, a, ACCESS_READ, 1);		/* miss */
	xlate(m, a + 4, ACCESS_READ, 1);	/* hit */
	xlate(m, a + 8, ACCESS_WRITE, 1);	/* hit: RW and D cached */
	xlate(m, b, ACCESS_READ, 1);		/* miss */
	xlate(m, a, ACCESS_READ, 0);		/* hit */
	xlate(m, c, ACCESS_WRITE, 1);		/* miss */
	xlate(m, c, ACCESS_READ, 1);		/* hit */
	xlate(m, a, ACCESS_EXEC, 1);		/* iTLB miss */
	xlate(m, a + 0x10, ACCESS_EXEC, 1);	/* iTLB hit */
	assert_counts(&m->dtlb, 4, 3);
	assert_counts(&m->itlb, 1, 1);
	assert_int_equal(m->page_walks, 4);

	fault(m, set_va(4, 3, 0), ACCESS_READ, 1);	/* miss, no fill */
	fault(m, set_va(4, 3, 0), ACCESS_READ, 1);	/* miss again */
	assert_counts(&m->dtlb, 4, 5);
	assert_int_equal(m->page_walks, 4);
}

static void test_set_lru_eviction(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t p0 = set_va(4, 0, 0), p1 = set_va(4, 0, 1);
	uint32_t p2 = set_va(4, 0, 2), q = set_va(4, 1, 0);
	pte_t *t0 = map(fx, p0, PAGE_READONLY);
	pte_t *t1 = map(fx, p1, PAGE_READONLY);
	pte_t *t2 = map(fx, p2, PAGE_READONLY);
	pte_t *tq = map(fx, q, PAGE_READONLY);
	pte_t old0 = *t0, old1 = *t1, oldq = *tq;

	xlate(m, p0, ACCESS_READ, 1);	/* miss */
	xlate(m, p1, ACCESS_READ, 1);	/* miss: set 0 full */
	xlate(m, q, ACCESS_READ, 1);	/* miss, set 1 */
	xlate(m, p0, ACCESS_READ, 1);	/* hit: p1 is now LRU */
	xlate(m, p2, ACCESS_READ, 1);	/* miss: evicts p1 */
	assert_counts(&m->dtlb, 1, 4);

	/* Swap the frames of p0 and p1 (and q) behind the TLB's back. */
	*t0 = old1;
	*t1 = old0;
	*tq = old1;
	assert_int_equal(xlate(m, p0, ACCESS_READ, 1), old0 & PAGE_MASK);
	assert_int_equal(xlate(m, q, ACCESS_READ, 1), oldq & PAGE_MASK);
	assert_counts(&m->dtlb, 3, 4);	/* both stale: still cached */
	assert_int_equal(xlate(m, p1, ACCESS_READ, 1), old0 & PAGE_MASK);
	assert_counts(&m->dtlb, 3, 5);	/* fresh: p1 had been evicted */
	/* that fill evicted p2 (LRU of p0, p2), not p0 */
	xlate(m, p0, ACCESS_READ, 1);
	xlate(m, p2, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 4, 6);
	assert_int_equal(*t2 & PAGE_MASK,
			 xlate(m, p2, ACCESS_READ, 1));
	*t0 = old0;
	*t1 = old1;
	*tq = oldq;
}

/* An invalidated way is refilled before any valid one is evicted. */
static void test_invalid_way_first(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t p0 = set_va(4, 0, 0), p1 = set_va(4, 0, 1);
	uint32_t p2 = set_va(4, 0, 2);

	map(fx, p0, PAGE_READONLY);
	map(fx, p1, PAGE_READONLY);
	map(fx, p2, PAGE_READONLY);
	xlate(m, p0, ACCESS_READ, 1);
	xlate(m, p1, ACCESS_READ, 1);
	invlpg(m, p1);			/* way 1 free, its stamp the newer */
	xlate(m, p2, ACCESS_READ, 1);	/* takes way 1 */
	xlate(m, p0, ACCESS_READ, 1);
	xlate(m, p2, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 2, 3);
}

static void test_global_entries(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t k = PAGE_OFFSET + 0x5000, u = set_va(4, 1, 0);
	uint32_t g = set_va(4, 2, 0);

	map(fx, u, PAGE_READONLY);
	map(fx, g, PAGE_READONLY | _PAGE_GLOBAL);
	xlate(m, k, ACCESS_READ, 0);
	xlate(m, u, ACCESS_READ, 1);
	xlate(m, g, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 0, 3);

	mmu_write_cr3(m, m->cr3);
	assert_int_equal(m->dtlb.flushes, 1);
	assert_int_equal(m->itlb.flushes, 1);
	xlate(m, k, ACCESS_READ, 0);	/* global 4 MiB page: hit */
	xlate(m, g, ACCESS_READ, 1);	/* global PTE: hit */
	xlate(m, u, ACCESS_READ, 1);	/* flushed: miss */
	assert_counts(&m->dtlb, 2, 4);

	flush_tlb_all(m);
	assert_int_equal(m->dtlb.flushes, 2);
	xlate(m, k, ACCESS_READ, 0);
	xlate(m, g, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 2, 6);

	/* Without CR4.PGE the G bit means nothing. */
	mmu_write_cr4(m, m->cr4 & ~X86_CR4_PGE);
	assert_int_equal(m->dtlb.flushes, 3);
	xlate(m, k, ACCESS_READ, 0);
	mmu_write_cr3(m, m->cr3);
	xlate(m, k, ACCESS_READ, 0);
	assert_counts(&m->dtlb, 2, 8);
}

static void test_invlpg_drops_global(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t k = PAGE_OFFSET + 0x7000;

	xlate(m, k, ACCESS_READ, 0);
	xlate(m, k, ACCESS_EXEC, 0);
	invlpg(m, k + 0x123);
	assert_int_equal(m->dtlb.invlpgs, 1);
	assert_int_equal(m->itlb.invlpgs, 1);
	xlate(m, k, ACCESS_READ, 0);
	xlate(m, k, ACCESS_EXEC, 0);
	assert_counts(&m->dtlb, 0, 2);
	assert_counts(&m->itlb, 0, 2);
	invlpg(m, k + PAGE_SIZE);	/* a neighbour: k stays */
	xlate(m, k, ACCESS_READ, 0);
	assert_counts(&m->dtlb, 1, 2);
}

static void test_dirty_rewalk(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t va = set_va(4, 0, 0);
	pte_t *pte = map(fx, va, PAGE_SHARED);	/* RW, clean */

	xlate(m, va, ACCESS_READ, 1);
	assert_int_equal(m->page_walks, 1);
	assert_false(*pte & _PAGE_DIRTY);
	xlate(m, va + 4, ACCESS_WRITE, 1);
	assert_int_equal(m->page_walks, 2);
	assert_true(*pte & _PAGE_DIRTY);
	xlate(m, va + 8, ACCESS_WRITE, 1);
	assert_int_equal(m->page_walks, 2);
	assert_counts(&m->dtlb, 2, 1);

	/* The walk sees the CURRENT tables: D cleared behind the TLB's back
	 * stays clear while the entry caches D set. */
	*pte &= ~_PAGE_DIRTY;
	xlate(m, va, ACCESS_WRITE, 1);
	assert_false(*pte & _PAGE_DIRTY);
	invlpg(m, va);
	xlate(m, va, ACCESS_READ, 1);
	xlate(m, va, ACCESS_WRITE, 1);
	assert_true(*pte & _PAGE_DIRTY);
	assert_int_equal(m->page_walks, 4);
}

/* A cached entry whose rights deny the access: hit, drop, re-walk. */
static void test_rights_rewalk(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t va = set_va(4, 0, 0);
	pte_t *pte = map(fx, va, PAGE_KERNEL);

	xlate(m, va, ACCESS_READ, 0);
	assert_int_equal(fault(m, va, ACCESS_READ, 1), PF_PROT | PF_USER);
	assert_counts(&m->dtlb, 1, 1);
	xlate(m, va, ACCESS_READ, 0);		/* dropped: miss */
	assert_counts(&m->dtlb, 1, 2);

	/* the tables now allow it: the re-walk succeeds and refills */
	*pte |= _PAGE_USER;
	xlate(m, va, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 2, 2);
	assert_int_equal(m->page_walks, 3);
	xlate(m, va, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 3, 2);
	assert_int_equal(m->page_walks, 3);
}

static void test_stale_rights_until_invlpg(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t va = set_va(4, 0, 0), va2 = set_va(4, 1, 0);
	pte_t *pte = map(fx, va, PROT_RW_DIRTY);
	pte_t *pte2 = map(fx, va2, PROT_RW_DIRTY);
	pte_t saved2 = *pte2;

	xlate(m, va, ACCESS_WRITE, 1);
	xlate(m, va2, ACCESS_READ, 1);
	*pte &= ~_PAGE_RW;		/* write-protect, no invlpg */
	*pte2 = 0;			/* unmap, no invlpg */
	xlate(m, va, ACCESS_WRITE, 1);	/* stale RW still used */
	assert_int_equal(xlate(m, va2, ACCESS_READ, 1), saved2 & PAGE_MASK);
	assert_int_equal(m->page_walks, 2);

	invlpg(m, va);
	invlpg(m, va2);
	assert_int_equal(fault(m, va, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);
	assert_int_equal(fault(m, va2, ACCESS_READ, 1), PF_USER);
	xlate(m, va, ACCESS_READ, 1);
	*pte2 = saved2;
}

static void test_geometry(void **state)
{
	struct fx *fx = *state;
	struct mmu m;
	uint32_t va[65];
	int i;

	assert_int_equal(mmu_init(&m, 0, 1, 8, 2), -EINVAL);
	assert_int_equal(mmu_init(&m, 4, 0, 8, 2), -EINVAL);
	/* not a multiple of ways; 6 sets; ways > entries; dTLB of 3 sets */
	assert_int_equal(mmu_init(&m, 6, 4, 8, 2), -EINVAL);
	assert_int_equal(mmu_init(&m, 24, 4, 8, 2), -EINVAL);
	assert_int_equal(mmu_init(&m, 4, 8, 8, 2), -EINVAL);
	assert_int_equal(mmu_init(&m, 4, 2, 12, 4), -EINVAL);
	assert_int_equal(mmu_init(&m, 4, 2, 8, 0), -EINVAL);
	assert_int_equal(mmu_init(NULL, 4, 2, 8, 2), -EINVAL);
	assert_int_equal(mmu_init(&m, 3, 3, 8, 8), 0);	/* 1 set of 3 */
	assert_int_equal(m.itlb.sets, 1);
	mmu_destroy(&m);

	/* Fully associative: 64 pages in set 0 of any geometry all fit. */
	assert_int_equal(mmu_init(&m, 4, 2, 64, 64), 0);
	assert_int_equal(m.dtlb.sets, 1);
	mmu_write_cr3(&m, __pa(fx->pgd));
	for (i = 0; i < 65; i++) {
		va[i] = set_va(1, 0, i);
		map(fx, va[i], PAGE_READONLY);
	}
	for (i = 0; i < 64; i++)
		xlate(&m, va[i], ACCESS_READ, 1);
	for (i = 0; i < 64; i++)
		xlate(&m, va[i], ACCESS_READ, 1);
	assert_counts(&m.dtlb, 64, 64);
	xlate(&m, va[64], ACCESS_READ, 1);	/* evicts va[0], the LRU */
	xlate(&m, va[1], ACCESS_READ, 1);
	xlate(&m, va[0], ACCESS_READ, 1);
	assert_counts(&m.dtlb, 65, 66);
	mmu_destroy(&m);

	/* One entry. */
	assert_int_equal(mmu_init(&m, 1, 1, 1, 1), 0);
	mmu_write_cr3(&m, __pa(fx->pgd));
	xlate(&m, va[0], ACCESS_READ, 1);
	xlate(&m, va[0], ACCESS_READ, 1);
	xlate(&m, va[1], ACCESS_READ, 1);
	xlate(&m, va[0], ACCESS_READ, 1);
	assert_counts(&m.dtlb, 1, 3);
	xlate(&m, va[0], ACCESS_EXEC, 1);
	xlate(&m, va[0], ACCESS_EXEC, 1);
	assert_counts(&m.itlb, 1, 1);
	mmu_destroy(&m);
}

static void test_itlb_evict_callback(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t a = set_va(2, 0, 0), c = set_va(2, 0, 1);
	uint32_t e = set_va(2, 0, 2), b = set_va(2, 1, 0);

	m->itlb_evict = record_evict;
	m->itlb_opaque = fx;
	map(fx, a, PAGE_READONLY);
	map(fx, b, PAGE_READONLY);
	map(fx, c, PAGE_READONLY);
	map(fx, e, PAGE_READONLY);

	xlate(m, a, ACCESS_EXEC, 1);
	xlate(m, c, ACCESS_EXEC, 1);
	xlate(m, b, ACCESS_EXEC, 1);
	assert_int_equal(fx->nr_evicts, 0);
	xlate(m, e, ACCESS_EXEC, 1);		/* replaces a */
	assert_int_equal(fx->nr_evicts, 1);
	assert_int_equal(fx->evicted[0], a >> PAGE_SHIFT);

	invlpg(m, c + 0x80);
	assert_int_equal(fx->nr_evicts, 2);
	assert_int_equal(fx->evicted[1], c >> PAGE_SHIFT);
	invlpg(m, a);				/* not cached: no call */
	assert_int_equal(fx->nr_evicts, 2);

	/* the dTLB never calls it: neither its replacement nor invlpg */
	map(fx, set_va(4, 0, 2), PAGE_READONLY);
	xlate(m, a, ACCESS_READ, 1);
	xlate(m, e, ACCESS_READ, 1);
	xlate(m, set_va(4, 0, 2), ACCESS_READ, 1);	/* replaces a */
	assert_int_equal(m->dtlb.misses, 3);
	invlpg(m, set_va(4, 0, 2));
	assert_int_equal(fx->nr_evicts, 2);

	mmu_write_cr3(m, m->cr3);	/* e and b leave, in way order */
	assert_int_equal(fx->nr_evicts, 4);
	assert_int_equal(fx->evicted[2], e >> PAGE_SHIFT);
	assert_int_equal(fx->evicted[3], b >> PAGE_SHIFT);

	/* a global code page survives CR3 but not flush_tlb_all */
	xlate(m, PAGE_OFFSET, ACCESS_EXEC, 0);
	mmu_write_cr3(m, m->cr3);
	assert_int_equal(fx->nr_evicts, 4);
	flush_tlb_all(m);
	assert_int_equal(fx->nr_evicts, 5);
	assert_int_equal(fx->evicted[4], PAGE_OFFSET >> PAGE_SHIFT);

	/* a user fetch from a supervisor entry drops it before re-walking */
	xlate(m, PAGE_OFFSET, ACCESS_EXEC, 0);
	assert_int_equal(fault(m, PAGE_OFFSET, ACCESS_EXEC, 1),
			 PF_PROT | PF_USER);
	assert_int_equal(fx->nr_evicts, 6);
	assert_int_equal(fx->evicted[5], PAGE_OFFSET >> PAGE_SHIFT);
	m->itlb_evict = NULL;
}

static void test_itlb_dtlb_independent(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	uint32_t a = set_va(4, 0, 0);
	pte_t *pte = map(fx, a, PAGE_READONLY);
	pte_t old = *pte, moved;

	xlate(m, a, ACCESS_EXEC, 1);
	xlate(m, a, ACCESS_READ, 1);		/* the dTLB has its own miss */
	assert_counts(&m->itlb, 0, 1);
	assert_counts(&m->dtlb, 0, 1);

	/* Retarget a behind both TLBs, then push it out of the dTLB only. */
	moved = map(fx, set_va(4, 0, 1), PAGE_READONLY)[0];
	*pte = moved;
	map(fx, set_va(4, 0, 2), PAGE_READONLY);
	xlate(m, set_va(4, 0, 1), ACCESS_READ, 1);
	xlate(m, set_va(4, 0, 2), ACCESS_READ, 1);	/* evicts a */
	assert_int_equal(xlate(m, a, ACCESS_READ, 1), moved & PAGE_MASK);
	assert_int_equal(xlate(m, a, ACCESS_EXEC, 1), old & PAGE_MASK);
	assert_counts(&m->itlb, 1, 1);
	assert_counts(&m->dtlb, 0, 4);

	/* invlpg reaches both */
	*pte = old;
	invlpg(m, a);
	assert_int_equal(xlate(m, a, ACCESS_EXEC, 1), old & PAGE_MASK);
	assert_int_equal(xlate(m, a, ACCESS_READ, 1), old & PAGE_MASK);
	assert_counts(&m->itlb, 1, 2);
	assert_counts(&m->dtlb, 0, 5);
}

static void test_switch_mm_and_flushes(void **state)
{
	struct fx *fx = *state;
	struct mmu *m = &fx->mmu;
	struct mm_struct mm1, mm2;
	uint32_t va = set_va(4, 0, 0);

	memset(&mm1, 0, sizeof(mm1));
	memset(&mm2, 0, sizeof(mm2));
	mm1.pgd = fx->pgd;
	mm2.pgd = pgd_alloc();
	assert_non_null(mm2.pgd);
	map(fx, va, PAGE_READONLY);

	/* No current MMU yet: the glue only records the mm. */
	assert_null(current_mmu);
	switch_mm(&mm2);
	assert_ptr_equal(current_mm, &mm2);
	assert_int_equal(m->cr3, __pa(fx->pgd));

	current_mmu = m;
	switch_mm(&mm1);			/* already loaded: no flush */
	assert_int_equal(m->dtlb.flushes, 0);
	xlate(m, va, ACCESS_READ, 1);
	flush_tlb_page(&mm2, va);		/* not loaded: nothing */
	flush_tlb_mm(&mm2);
	assert_int_equal(m->dtlb.invlpgs, 0);
	assert_int_equal(m->dtlb.flushes, 0);
	xlate(m, va, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 1, 1);

	flush_tlb_page(&mm1, va);
	assert_int_equal(m->dtlb.invlpgs, 1);
	assert_int_equal(m->itlb.invlpgs, 1);
	xlate(m, va, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 1, 2);
	flush_tlb_mm(&mm1);
	assert_int_equal(m->dtlb.flushes, 1);
	xlate(m, va, ACCESS_READ, 1);
	assert_counts(&m->dtlb, 1, 3);

	switch_mm(&mm2);
	assert_ptr_equal(current_mm, &mm2);
	assert_int_equal(m->cr3, __pa(mm2.pgd));
	assert_int_equal(m->dtlb.flushes, 2);
	assert_int_equal(m->itlb.flushes, 2);
	assert_int_equal(fault(m, va, ACCESS_READ, 1), PF_USER);
	switch_mm(&mm1);
	assert_int_equal(m->cr3, __pa(fx->pgd));
	xlate(m, va, ACCESS_READ, 1);

	/* a kernel thread keeps the loaded directory */
	switch_mm(NULL);
	assert_null(current_mm);
	assert_int_equal(m->cr3, __pa(fx->pgd));
	assert_int_equal(m->dtlb.flushes, 3);
	pgd_free(mm2.pgd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_hit_miss_sequence),
		T(test_set_lru_eviction),
		T(test_invalid_way_first),
		T(test_global_entries),
		T(test_invlpg_drops_global),
		T(test_dirty_rewalk),
		T(test_rights_rewalk),
		T(test_stale_rights_until_invlpg),
		T(test_geometry),
		T(test_itlb_evict_callback),
		T(test_itlb_dtlb_independent),
		T(test_switch_mm_and_flushes),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
