/*
 * test_walk.c - the MMU's page walk: physical addresses, every #PF error
 * code bit, CR0.WP, CR2, the Accessed and Dirty bits, 4 MiB pages (the
 * kernel half and a user PSE directory entry) and CR4.PSE.
 *
 * Each test boots 32 MiB of emulated memory and a fresh page directory
 * whose kernel half comes from swapper_pg_dir, and builds the user half
 * PTE by PTE with the bits it needs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "gfp.h"
#include "mmu.h"
#include "page.h"
#include "pgtable.h"

#define MEM_BYTES	(32ull << 20)
#define MAX_MAPS	16
#define UVA		0x08048000u	/* a user page */
#define UVA2		0x0804a000u	/* another, same page table */
#define FAR_VA		0x40000000u	/* no page table for it */
#define PSE_VA		0x10000000u	/* a user 4 MiB page */

/* P, U, RW but neither A nor D: to watch the walk set them. */
#define PROT_RW_CLEAN	(_PAGE_PRESENT | _PAGE_USER | _PAGE_RW)
#define PROT_RO_CLEAN	(_PAGE_PRESENT | _PAGE_USER)

struct fx {
	struct mmu mmu;
	pde_t *pgd;
	int nr;
	pte_t *pte[MAX_MAPS];
	struct page *page[MAX_MAPS];
};

static int setup(void **state)
{
	static struct fx fx;

	memset(&fx, 0, sizeof(fx));
	if (mem_init(MEM_BYTES))
		return -1;
	fx.pgd = pgd_alloc();
	if (!fx.pgd || mmu_init(&fx.mmu, 32, 4, 64, 4))
		return -1;
	mmu_write_cr3(&fx.mmu, __pa(fx.pgd));
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
	/* a failed PSE test must not leave pgd_free a "page table" */
	if (fx->pgd[pgd_index(PSE_VA)] & _PAGE_PSE)
		fx->pgd[pgd_index(PSE_VA)] = 0;
	pgd_free(fx->pgd);
	mmu_destroy(&fx->mmu);
	mem_exit();
	return 0;
}

/* Map va to a fresh frame with exactly the given PTE bits. */
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

static pde_t *pde_of(struct fx *fx, uint32_t va)
{
	return &fx->pgd[pgd_index(va)];
}

static uint32_t pa_of_pte(pte_t pte)
{
	return pte & PAGE_MASK;
}

/* Translate expecting a fault; returns the error code. */
static uint32_t fault_code(struct fx *fx, uint32_t va, enum access_kind k,
			   int user)
{
	uint32_t pa = 0xdeadbeef, err = 0xffffffff;

	assert_int_equal(translate(&fx->mmu, va, k, user, &pa, &err), 1);
	assert_int_equal(pa, 0xdeadbeef);
	assert_int_equal(fx->mmu.cr2, va);
	return err;
}

static uint32_t ok_pa(struct fx *fx, uint32_t va, enum access_kind k,
		      int user)
{
	uint32_t pa = 0, err = 0x5a5a;

	assert_int_equal(translate(&fx->mmu, va, k, user, &pa, &err), 0);
	assert_int_equal(err, 0x5a5a);
	return pa;
}

static void test_pa_includes_offset(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PAGE_SHARED | _PAGE_DIRTY);

	assert_int_equal(ok_pa(fx, UVA + 0x123, ACCESS_READ, 1),
			 pa_of_pte(*pte) | 0x123);
	assert_int_equal(ok_pa(fx, UVA + 0xfff, ACCESS_WRITE, 1),
			 pa_of_pte(*pte) | 0xfff);
	assert_int_equal(ok_pa(fx, UVA, ACCESS_EXEC, 1), pa_of_pte(*pte));
	/* the same answer from the TLB as from the walk */
	assert_int_equal(ok_pa(fx, UVA + 0x7, ACCESS_READ, 0),
			 pa_of_pte(*pte) | 0x7);
	assert_int_equal(fx->mmu.page_walks, 2);	/* one per TLB */
}

static void test_not_present_codes(void **state)
{
	struct fx *fx = *state;

	/* no page table at all */
	assert_int_equal(fault_code(fx, FAR_VA, ACCESS_READ, 0), 0);
	assert_int_equal(fault_code(fx, FAR_VA + 4, ACCESS_WRITE, 0),
			 PF_WRITE);
	assert_int_equal(fault_code(fx, FAR_VA + 8, ACCESS_READ, 1), PF_USER);
	assert_int_equal(fault_code(fx, FAR_VA + 12, ACCESS_WRITE, 1),
			 PF_WRITE | PF_USER);
	/* fetches fault like reads: no PF_INSTR without NX */
	assert_int_equal(fault_code(fx, FAR_VA, ACCESS_EXEC, 1), PF_USER);

	/* a page table, but an empty PTE */
	map(fx, UVA, PAGE_SHARED);
	assert_int_equal(fault_code(fx, UVA2, ACCESS_READ, 0), 0);
	assert_int_equal(fault_code(fx, UVA2, ACCESS_WRITE, 1),
			 PF_WRITE | PF_USER);
	assert_int_equal(fx->mmu.page_walks, 0);
}

static void test_protnone_is_not_present(void **state)
{
	struct fx *fx = *state;

	map(fx, UVA, PAGE_NONE);
	assert_int_equal(fault_code(fx, UVA, ACCESS_READ, 1), PF_USER);
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 1),
			 PF_WRITE | PF_USER);
	assert_int_equal(fault_code(fx, UVA, ACCESS_READ, 0), 0);
}

static void test_read_only_page(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PAGE_READONLY);

	assert_int_equal(ok_pa(fx, UVA, ACCESS_READ, 1), pa_of_pte(*pte));
	assert_int_equal(fault_code(fx, UVA + 0x10, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);
	assert_int_equal(fault_code(fx, UVA + 0x20, ACCESS_WRITE, 0),
			 PF_PROT | PF_WRITE);	/* CR0.WP is on at init */
}

static void test_supervisor_page(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PAGE_KERNEL);

	assert_int_equal(fault_code(fx, UVA, ACCESS_READ, 1),
			 PF_PROT | PF_USER);
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);
	assert_int_equal(fault_code(fx, UVA, ACCESS_EXEC, 1),
			 PF_PROT | PF_USER);
	assert_int_equal(ok_pa(fx, UVA, ACCESS_WRITE, 0), pa_of_pte(*pte));
}

/* Effective rights are the AND of both levels. */
static void test_pde_rights(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PAGE_SHARED | _PAGE_DIRTY);
	pde_t *pde = pde_of(fx, UVA);

	*pde &= ~_PAGE_USER;
	assert_int_equal(fault_code(fx, UVA, ACCESS_READ, 1),
			 PF_PROT | PF_USER);
	assert_int_equal(ok_pa(fx, UVA, ACCESS_WRITE, 0), pa_of_pte(*pte));

	*pde |= _PAGE_USER;
	*pde &= ~_PAGE_RW;
	flush_tlb_all(&fx->mmu);
	assert_int_equal(ok_pa(fx, UVA, ACCESS_READ, 1), pa_of_pte(*pte));
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 0),
			 PF_PROT | PF_WRITE);
	*pde |= _PAGE_RW;
}

static void test_kernel_half_user_access(void **state)
{
	struct fx *fx = *state;
	uint32_t va[] = { PAGE_OFFSET, PAGE_OFFSET + 0x1234,
			  PAGE_OFFSET + (5u << 20) + 0x10 };
	unsigned i;

	for (i = 0; i < sizeof(va) / sizeof(va[0]); i++) {
		assert_int_equal(fault_code(fx, va[i], ACCESS_READ, 1),
				 PF_PROT | PF_USER);
		assert_int_equal(fault_code(fx, va[i], ACCESS_WRITE, 1),
				 PF_PROT | PF_WRITE | PF_USER);
		assert_int_equal(fault_code(fx, va[i], ACCESS_EXEC, 1),
				 PF_PROT | PF_USER);
	}
	/*
	 * Above lowmem the kernel half has a present directory entry but an
	 * empty page table: the walk stops at the missing PTE, as hardware.
	 */
	assert_int_equal(fault_code(fx, 0xf0000000u, ACCESS_READ, 1),
			 PF_USER);
	assert_int_equal(fault_code(fx, 0xf0000000u, ACCESS_READ, 0), 0);
}

static void test_kernel_half_4m_pages(void **state)
{
	struct fx *fx = *state;
	pde_t *pde0 = pde_of(fx, PAGE_OFFSET);
	pde_t *pde1 = pde_of(fx, PAGE_OFFSET + (4u << 20));

	assert_true(*pde0 & _PAGE_PSE);
	assert_false(*pde0 & _PAGE_USER);
	*pde0 &= ~(_PAGE_ACCESSED | _PAGE_DIRTY);
	*pde1 &= ~(_PAGE_ACCESSED | _PAGE_DIRTY);

	assert_int_equal(ok_pa(fx, PAGE_OFFSET + 0x123456, ACCESS_READ, 0),
			 0x123456);
	assert_int_equal(*pde0 & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED);
	assert_int_equal(ok_pa(fx, PAGE_OFFSET + 0x400010, ACCESS_WRITE, 0),
			 0x400010);
	assert_int_equal(*pde1 & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED | _PAGE_DIRTY);
	/* the last byte of lowmem */
	assert_int_equal(ok_pa(fx, PAGE_OFFSET + MEM_BYTES - 1, ACCESS_READ,
			       0), MEM_BYTES - 1);
	*pde0 |= _PAGE_ACCESSED | _PAGE_DIRTY;
	*pde1 |= _PAGE_ACCESSED | _PAGE_DIRTY;
}

/* A user 4 MiB page, and the same PDE read as a page table without PSE. */
static void test_user_pse_and_cr4(void **state)
{
	struct fx *fx = *state;
	struct page *block = alloc_pages(GFP_KERNEL, 10);
	uint32_t base, va = PSE_VA;
	pde_t *pde = pde_of(fx, va);
	pte_t *pt;

	assert_non_null(block);
	base = page_to_pfn(block) << PAGE_SHIFT;
	assert_int_equal(base & ((4u << 20) - 1), 0);
	*pde = base | _PAGE_PSE | _PAGE_PRESENT | _PAGE_USER | _PAGE_RW;

	assert_int_equal(ok_pa(fx, va + 0x3ff123, ACCESS_WRITE, 1),
			 base + 0x3ff123);
	assert_int_equal(*pde & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED | _PAGE_DIRTY);

	/* CR4.PSE off: the first frame of the block is the page table */
	pt = __va(base);
	memset(pt, 0, PAGE_SIZE);
	pt[pte_index(va + 0x5000)] = (base + 7 * PAGE_SIZE) |
		_PAGE_PRESENT | _PAGE_USER;
	mmu_write_cr4(&fx->mmu, fx->mmu.cr4 & ~X86_CR4_PSE);
	assert_int_equal(ok_pa(fx, va + 0x5008, ACCESS_READ, 1),
			 base + 7 * PAGE_SIZE + 8);
	assert_int_equal(fault_code(fx, va + 0x6000, ACCESS_READ, 1),
			 PF_USER);
	assert_int_equal(fault_code(fx, va + 0x5000, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);

	*pde = 0;
	__free_pages(block, 10);
}

static void test_cr0_wp(void **state)
{
	struct fx *fx = *state;
	pte_t *ro = map(fx, UVA, PROT_RO_CLEAN);
	pte_t *kro = map(fx, UVA2, _PAGE_PRESENT);	/* supervisor, RO */

	assert_true(fx->mmu.cr0 & X86_CR0_WP);
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 0),
			 PF_PROT | PF_WRITE);
	assert_int_equal(fault_code(fx, UVA2, ACCESS_WRITE, 0),
			 PF_PROT | PF_WRITE);
	assert_false(*ro & (_PAGE_ACCESSED | _PAGE_DIRTY));

	mmu_write_cr0(&fx->mmu, fx->mmu.cr0 & ~X86_CR0_WP);
	assert_int_equal(ok_pa(fx, UVA + 1, ACCESS_WRITE, 0),
			 pa_of_pte(*ro) + 1);
	assert_int_equal(ok_pa(fx, UVA2 + 2, ACCESS_WRITE, 0),
			 pa_of_pte(*kro) + 2);
	assert_int_equal(*ro & (_PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_RW),
			 _PAGE_ACCESSED | _PAGE_DIRTY);
	assert_true(*kro & _PAGE_DIRTY);
	/* WP never excuses a user write */
	assert_int_equal(fault_code(fx, UVA + 3, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);

	mmu_write_cr0(&fx->mmu, fx->mmu.cr0 | X86_CR0_WP);
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 0),
			 PF_PROT | PF_WRITE);
}

static void test_accessed_only_on_success(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PROT_RO_CLEAN);
	pde_t *pde = pde_of(fx, UVA);

	*pde &= ~(_PAGE_ACCESSED | _PAGE_DIRTY);
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 1),
			 PF_PROT | PF_WRITE | PF_USER);
	assert_int_equal(fault_code(fx, UVA2, ACCESS_READ, 1), PF_USER);
	assert_false(*pde & _PAGE_ACCESSED);
	assert_false(*pte & _PAGE_ACCESSED);

	ok_pa(fx, UVA, ACCESS_READ, 1);
	assert_true(*pde & _PAGE_ACCESSED);
	assert_int_equal(*pte & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED);
	mmu_write_cr0(&fx->mmu, fx->mmu.cr0 & ~X86_CR0_WP);
	ok_pa(fx, UVA, ACCESS_WRITE, 0);
	assert_false(*pde & _PAGE_DIRTY);	/* D is a leaf bit */
	assert_true(*pte & _PAGE_DIRTY);
	*pde |= _PAGE_DIRTY;
}

static void test_dirty_only_on_write(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PROT_RW_CLEAN);
	pte_t *other = map(fx, UVA2, PROT_RW_CLEAN);

	ok_pa(fx, UVA, ACCESS_READ, 1);
	ok_pa(fx, UVA, ACCESS_EXEC, 1);
	ok_pa(fx, UVA, ACCESS_READ, 0);
	assert_int_equal(*pte & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED);
	ok_pa(fx, UVA + 8, ACCESS_WRITE, 1);
	assert_int_equal(*pte & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED | _PAGE_DIRTY);

	ok_pa(fx, UVA2, ACCESS_WRITE, 0);	/* first touch is a write */
	assert_int_equal(*other & (_PAGE_ACCESSED | _PAGE_DIRTY),
			 _PAGE_ACCESSED | _PAGE_DIRTY);
}

static void test_cr2(void **state)
{
	struct fx *fx = *state;

	map(fx, UVA, PAGE_READONLY);
	fault_code(fx, FAR_VA + 0x321, ACCESS_READ, 1);
	assert_int_equal(fx->mmu.cr2, FAR_VA + 0x321);
	ok_pa(fx, UVA, ACCESS_READ, 1);
	assert_int_equal(fx->mmu.cr2, FAR_VA + 0x321);	/* kept */
	fault_code(fx, UVA + 0xabc, ACCESS_WRITE, 1);
	assert_int_equal(fx->mmu.cr2, UVA + 0xabc);
}

/* Frames outside emulated memory fault instead of escaping phys_base. */
static void test_frame_outside_memory(void **state)
{
	struct fx *fx = *state;
	pte_t *pte = map(fx, UVA, PAGE_SHARED);
	pte_t saved = *pte;

	*pte = (uint32_t)(max_pfn << PAGE_SHIFT) | PAGE_SHARED;
	assert_int_equal(fault_code(fx, UVA, ACCESS_READ, 1),
			 PF_RSVD | PF_PROT | PF_USER);
	*pte = saved;

	mmu_write_cr3(&fx->mmu, (uint32_t)(max_pfn << PAGE_SHIFT));
	assert_int_equal(fault_code(fx, UVA, ACCESS_WRITE, 0),
			 PF_RSVD | PF_WRITE);
	mmu_write_cr3(&fx->mmu, __pa(fx->pgd));
	assert_int_equal(ok_pa(fx, UVA, ACCESS_READ, 1), pa_of_pte(saved));
}

static void test_paging_off(void **state)
{
	struct fx *fx = *state;

	map(fx, UVA, PAGE_SHARED);
	ok_pa(fx, UVA, ACCESS_READ, 1);
	mmu_write_cr0(&fx->mmu, fx->mmu.cr0 & ~X86_CR0_PG);
	assert_int_equal(ok_pa(fx, 0x1234, ACCESS_WRITE, 1), 0x1234);
	assert_int_equal(ok_pa(fx, 0x1ff0008, ACCESS_READ, 1), 0x1ff0008);
	assert_int_equal(fault_code(fx, UVA, ACCESS_READ, 1),
			 PF_RSVD | PF_USER);
	assert_int_equal(fault_code(fx, (uint32_t)MEM_BYTES, ACCESS_READ, 0),
			 PF_RSVD);
	assert_int_equal(fx->mmu.page_walks, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_pa_includes_offset),
		T(test_not_present_codes),
		T(test_protnone_is_not_present),
		T(test_read_only_page),
		T(test_supervisor_page),
		T(test_pde_rights),
		T(test_kernel_half_user_access),
		T(test_kernel_half_4m_pages),
		T(test_user_pse_and_cr4),
		T(test_cr0_wp),
		T(test_accessed_only_on_success),
		T(test_dirty_only_on_write),
		T(test_cr2),
		T(test_frame_outside_memory),
		T(test_paging_off),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
