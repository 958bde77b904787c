/*
 * reclaim_test.h - what the reclaim tests (test_rmap, test_vmscan,
 * test_swapout) share: a machine of a given size with the VFS over a
 * fresh host directory, an MMU, swap areas made in that directory,
 * address spaces touched through the MMU as the CPU touches them
 * (translate, #PF, do_page_fault, retry), page patterns, and the
 * "nothing lost" checks.
 *
 * Include after <cmocka.h>, in a file that starts with _GNU_SOURCE.
 */
#ifndef I386MM_RECLAIM_TEST_H
#define I386MM_RECLAIM_TEST_H

#include "vfs_test.h"
#include "mm.h"
#include "mmu.h"
#include "rmap.h"
#include "swap.h"
#include "vmscan.h"
#include "vmstat.h"

static struct mmu rt_cpu;
static unsigned long rt_free0;	/* free frames once booted */

/* Memory, VFS over a fresh root, an MMU; rt_free0 taken after. */
static inline int rt_boot(uint64_t mem)
{
	vt_make_root();
	if (vt_boot(mem, VFS_ROOT_RW))
		return -1;
	if (mmu_init(&rt_cpu, 32, 4, 64, 4))
		return -1;
	current_mmu = &rt_cpu;
	vm_events_reset();
	rt_free0 = vt_free_after_shrink();
	return 0;
}

static inline void rt_shutdown(void)
{
	swap_exit();
	current_mm = NULL;
	current_mmu = NULL;
	mmu_destroy(&rt_cpu);
	vt_shutdown();
	vt_remove_root();
}

/* A swap area of `pages` slots (header included), outside the root. */
static inline int rt_swapon(const char *name, unsigned pages)
{
	char path[512], err[256];
	int type;

	snprintf(path, sizeof(path), "%s/%s", vt_base, name);
	assert_int_equal(mkswap_file(path, (uint64_t)pages * PAGE_SIZE, NULL,
				     NULL, err, sizeof(err)), 0);
	type = do_swapon(path, -1, err, sizeof(err));
	if (type < 0)
		fail_msg("swapon %s: %s", name, err);
	return type;
}

static inline struct mm_struct *rt_mm(void)
{
	struct mm_struct *mm = mm_alloc();

	assert_non_null(mm);
	switch_mm(mm);
	return mm;
}

/* An access by the CPU in mm (loaded first): 0 and *pa, or VM_FAULT_*. */
static inline int rt_access(struct mm_struct *mm, uint32_t va, int write,
			    uint32_t *pa)
{
	uint32_t err;
	int tries, r;

	if (current_mm != mm)
		switch_mm(mm);
	for (tries = 0; tries < 4; tries++) {
		if (!translate(&rt_cpu, va, write ? ACCESS_WRITE : ACCESS_READ,
			       1, pa, &err))
			return 0;
		r = do_page_fault(mm, va, err);
		if (r & VM_FAULT_ERROR)
			return r;
	}
	return -1;
}

static inline uint32_t rt_pattern(uint32_t seed, uint32_t word)
{
	return seed * 2654435761u + word * 40503u + 1;
}

/* Write page `seed`'s pattern at va through the MMU; 0 or VM_FAULT_*. */
static inline int rt_fill(struct mm_struct *mm, uint32_t va, uint32_t seed)
{
	uint32_t pa, *w, i;
	int r = rt_access(mm, va, 1, &pa);

	if (r)
		return r;
	w = (uint32_t *)__va(pa & PAGE_MASK);
	for (i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = rt_pattern(seed, i);
	return 0;
}

/* 1 if the page at va holds seed's pattern, read through the MMU. */
static inline int rt_holds(struct mm_struct *mm, uint32_t va, uint32_t seed)
{
	uint32_t pa, *w, i;

	if (rt_access(mm, va, 0, &pa))
		return 0;
	w = (uint32_t *)__va(pa & PAGE_MASK);
	for (i = 0; i < PAGE_SIZE / 4; i++)
		if (w[i] != rt_pattern(seed, i))
			return 0;
	return 1;
}

static inline uint32_t rt_mmap_anon(struct mm_struct *mm, uint32_t len,
				    int flags)
{
	uint32_t a = do_mmap_pgoff(mm, 0, len, PROT_READ | PROT_WRITE,
				   flags | MAP_ANONYMOUS, 0, NULL, NULL);

	assert_false(IS_ERR_VALUE(a));
	return a;
}

static inline pte_t rt_pte(struct mm_struct *mm, uint32_t va)
{
	pte_t *p = pte_offset(mm->pgd, va);

	return p ? *p : 0;
}

static inline struct page *rt_page(struct mm_struct *mm, uint32_t va)
{
	pte_t pte = rt_pte(mm, va);

	return pte_present(pte) ? pte_page(pte) : NULL;
}

/* The zone user pages come from on a machine without HIGHMEM. */
static inline struct zone *rt_user_zone(void)
{
	return contig_page_data.node_zonelists[ZONE_HIGHMEM].zones[0];
}

static inline struct zonelist *rt_user_zonelist(void)
{
	return &contig_page_data.node_zonelists[gfp_zone(GFP_HIGHUSER)];
}

/* Nothing lost: no slot in use, the swap cache empty, every frame back. */
static inline void rt_assert_nothing_lost(void)
{
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(rmap_stat.anon_vmas, 0);
	assert_int_equal(rmap_stat.links, 0);
	assert_int_equal(vt_free_after_shrink(), rt_free0);
}

/* Pages on every zone's active (or inactive) list. */
static inline unsigned long rt_lru_pages(int active)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &contig_page_data.node_zones[i];

		n += active ? z->nr_active : z->nr_inactive;
	}
	return n;
}

/* A host file of `pages` pages, page i filled with byte 'a' + i % 26. */
static inline void rt_host_file(const char *name, unsigned pages)
{
	char *buf = malloc((size_t)pages * PAGE_SIZE);
	unsigned i;

	assert_non_null(buf);
	for (i = 0; i < pages; i++)
		memset(buf + (size_t)i * PAGE_SIZE, 'a' + i % 26, PAGE_SIZE);
	vt_write(name, buf, (size_t)pages * PAGE_SIZE);
	free(buf);
}

/* Read page i of f through the page cache. */
static inline void rt_read_page_of(struct file *f, unsigned i)
{
	char buf[PAGE_SIZE];
	loff_t pos = (loff_t)i * PAGE_SIZE;

	assert_int_equal(vfs_read(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
}

#endif
