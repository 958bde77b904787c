/*
 * pgtable.c - page directories and page tables in emulated frames.
 *
 * The kernel's own directory, swapper_pg_dir, and its one spare page table
 * live in the kernel image (reserved frames). Its upper quarter maps lowmem
 * at PAGE_OFFSET with 4 MiB global supervisor pages, and points the rest
 * at the spare table (the vmalloc/kmap area, empty here), so every entry
 * 768-1023 is present and supervisor-only. Each process's directory copies
 * that quarter; its user page tables are allocated on demand from lowmem
 * (GFP_KERNEL), as on i386 without CONFIG_HIGHPTE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfp.h"
#include "pgtable.h"

pde_t *swapper_pg_dir;

#define SWAPPER_PG_DIR_PFN	(KERNEL_START_PFN)
#define KERNEL_PT_PFN		(KERNEL_START_PFN + 1)

void paging_init(void)
{
	uint32_t kernel_pt = KERNEL_PT_PFN << PAGE_SHIFT;
	unsigned i;

	swapper_pg_dir = __va(SWAPPER_PG_DIR_PFN << PAGE_SHIFT);
	memset(swapper_pg_dir, 0, PAGE_SIZE);
	memset(__va(kernel_pt), 0, PAGE_SIZE);
	for (i = USER_PTRS_PER_PGD; i < PTRS_PER_PGD; i++) {
		uint64_t phys = (uint64_t)(i - USER_PTRS_PER_PGD) << PGDIR_SHIFT;

		if (phys < ((uint64_t)max_low_pfn << PAGE_SHIFT))
			swapper_pg_dir[i] = (uint32_t)phys | _PAGE_PSE |
					    _PAGE_GLOBAL | PAGE_KERNEL;
		else
			swapper_pg_dir[i] = kernel_pt | _PAGE_PRESENT |
					    _PAGE_RW | _PAGE_ACCESSED;
	}
}

void paging_exit(void)
{
	swapper_pg_dir = NULL;
}

pde_t *pgd_alloc(void)
{
	pde_t *pgd = get_zeroed_page(GFP_KERNEL);

	if (pgd)
		memcpy(pgd + USER_PTRS_PER_PGD, swapper_pg_dir + USER_PTRS_PER_PGD,
		       (PTRS_PER_PGD - USER_PTRS_PER_PGD) * sizeof(pde_t));
	return pgd;
}

static pte_t *pde_table(pde_t pde)
{
	return __va(pde & PAGE_MASK);
}

static int pte_table_empty(const pte_t *pt)
{
	unsigned i;

	for (i = 0; i < PTRS_PER_PTE; i++)
		if (pt[i])
			return 0;
	return 1;
}

void pgd_free(pde_t *pgd)
{
	unsigned i;

	for (i = 0; i < USER_PTRS_PER_PGD; i++) {
		if (!(pgd[i] & _PAGE_PRESENT))
			continue;
		if (!pte_table_empty(pde_table(pgd[i]))) {
			fprintf(stderr, "i386mm: BUG: page table for %#x freed "
				"with live entries\n", i << PGDIR_SHIFT);
			abort();
		}
		free_pages(pde_table(pgd[i]), 0);
		pgd[i] = 0;
	}
	free_pages(pgd, 0);
}

pte_t *pte_offset(pde_t *pgd, uint32_t va)
{
	pde_t pde = pgd[pgd_index(va)];

	if (!(pde & _PAGE_PRESENT) || va >= TASK_SIZE)
		return NULL;
	return pde_table(pde) + pte_index(va);
}

pte_t *pte_alloc(pde_t *pgd, uint32_t va)
{
	pde_t *pde = &pgd[pgd_index(va)];

	if (va >= TASK_SIZE)
		return NULL;
	if (!(*pde & _PAGE_PRESENT)) {
		pte_t *pt = get_zeroed_page(GFP_KERNEL);

		if (!pt)
			return NULL;
		*pde = __pa(pt) | _PAGE_TABLE;
	}
	return pde_table(*pde) + pte_index(va);
}

void free_pgd_range(pde_t *pgd, uint32_t start, uint32_t end)
{
	uint64_t first = ((uint64_t)start + PGDIR_SIZE - 1) >> PGDIR_SHIFT;
	uint64_t last = (uint64_t)end >> PGDIR_SHIFT;	/* exclusive */
	uint64_t i;

	if (last > USER_PTRS_PER_PGD)
		last = USER_PTRS_PER_PGD;
	for (i = first; i < last; i++) {
		if (!(pgd[i] & _PAGE_PRESENT) ||
		    !pte_table_empty(pde_table(pgd[i])))
			continue;
		free_pages(pde_table(pgd[i]), 0);
		pgd[i] = 0;
	}
}

unsigned long pgd_nr_ptes(pde_t *pgd)
{
	unsigned long n = 0;
	unsigned i;

	for (i = 0; i < USER_PTRS_PER_PGD; i++)
		n += (pgd[i] & _PAGE_PRESENT) != 0;
	return n;
}
