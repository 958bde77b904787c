/*
 * test_pagetable.c - i386 non-PAE page tables in emulated frames: the
 * kernel half of every directory, on-demand page tables, freeing them,
 * and the swap-entry and PROT_NONE encodings of not-present PTEs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "gfp.h"
#include "pgtable.h"

static int boot(void **state)
{
	(void)state;
	return mem_init(64ull << 20);
}

static int shutdown(void **state)
{
	(void)state;
	mem_exit();
	return 0;
}

static void test_swapper_kernel_half(void **state)
{
	(void)state;
	/* lowmem (64 MiB = 16 PDEs) by 4 MiB global pages, the rest a table */
	for (unsigned i = 0; i < 1024; i++) {
		pde_t pde = swapper_pg_dir[i];
		if (i < USER_PTRS_PER_PGD) {
			assert_int_equal(pde, 0);
			continue;
		}
		assert_true(pde & _PAGE_PRESENT);
		assert_false(pde & _PAGE_USER);	/* supervisor only */
		if (i < USER_PTRS_PER_PGD + 16) {
			assert_true(pde & _PAGE_PSE);
			assert_true(pde & _PAGE_GLOBAL);
			assert_int_equal(pde & 0xffc00000u, (i - 768) << 22);
		} else {
			assert_false(pde & _PAGE_PSE);
			assert_true(PageReserved(pfn_to_page(pde >> PAGE_SHIFT)));
		}
	}
}

static void test_pgd_alloc_free(void **state)
{
	(void)state;
	unsigned long free0 = nr_free_pages();
	pde_t *pgd = pgd_alloc();
	assert_non_null(pgd);
	assert_int_equal(nr_free_pages(), free0 - 1);
	for (unsigned i = 0; i < 1024; i++)
		assert_int_equal(pgd[i], i < 768 ? 0 : swapper_pg_dir[i]);
	/* a table on demand: PDE present, user, writable */
	assert_null(pte_offset(pgd, 0x08048000));
	pte_t *pte = pte_alloc(pgd, 0x08048000);
	assert_non_null(pte);
	assert_int_equal(nr_free_pages(), free0 - 2);
	pde_t pde = pgd[0x08048000 >> 22];
	assert_int_equal(pde & 0xfff, _PAGE_TABLE);
	assert_ptr_equal(pte_offset(pgd, 0x08048000), pte);
	assert_ptr_equal(pte_offset(pgd, 0x08049000), pte + 1);
	assert_ptr_equal(pte_alloc(pgd, 0x08049abc), pte + 1);
	assert_int_equal(nr_free_pages(), free0 - 2);
	assert_int_equal(pgd_nr_ptes(pgd), 1);
	/* the kernel half never gets user tables */
	assert_null(pte_alloc(pgd, 0xc0000000));
	assert_null(pte_offset(pgd, 0xc0001000));
	/* PTEs are real memory: what we store is what the frame holds */
	struct page *page = alloc_page(GFP_HIGHUSER);
	*pte = mk_pte(page, PAGE_SHARED);
	uint32_t *raw = __va(pde & PAGE_MASK);
	assert_int_equal(raw[0x48], (page_to_pfn(page) << 12) | PAGE_SHARED);
	assert_ptr_equal(pte_page(*pte), page);
	*pte = 0;
	__free_page(page);
	pte_alloc(pgd, 0xbffff000);
	assert_int_equal(pgd_nr_ptes(pgd), 2);
	pgd_free(pgd);
	assert_int_equal(nr_free_pages(), free0);
}

static void test_free_pgd_range(void **state)
{
	(void)state;
	unsigned long free0 = nr_free_pages();
	pde_t *pgd = pgd_alloc();
	pte_alloc(pgd, 0x00400000);	/* table 1 */
	pte_alloc(pgd, 0x00800000);	/* table 2 */
	pte_t *busy = pte_alloc(pgd, 0x00c00000);	/* table 3 */
	*busy = swp_entry_to_pte(swp_entry(1, 7));
	assert_int_equal(pgd_nr_ptes(pgd), 3);
	/* a range not covering a whole table frees nothing */
	free_pgd_range(pgd, 0x00401000, 0x00800000);
	assert_int_equal(pgd_nr_ptes(pgd), 3);
	/* whole, empty tables go; a table with an entry stays */
	free_pgd_range(pgd, 0x00400000, 0x01000000);
	assert_int_equal(pgd_nr_ptes(pgd), 1);
	assert_non_null(pte_offset(pgd, 0x00c00000));
	*busy = 0;
	free_pgd_range(pgd, 0, TASK_SIZE);
	assert_int_equal(pgd_nr_ptes(pgd), 0);
	pgd_free(pgd);
	assert_int_equal(nr_free_pages(), free0);
}

static void test_swap_entries(void **state)
{
	(void)state;
	static const uint32_t offsets[] = { 0, 1, 2, 0x7fff, 0x123456, 0xffffff };
	for (unsigned type = 0; type < MAX_SWAPFILES; type++)
		for (unsigned i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
			swp_entry_t e = swp_entry(type, offsets[i]);
			pte_t pte = swp_entry_to_pte(e);
			assert_int_equal(swp_type(pte_to_swp_entry(pte)), type);
			assert_int_equal(swp_offset(pte_to_swp_entry(pte)), offsets[i]);
			assert_false(pte & _PAGE_PRESENT);	/* hardware: not present */
			assert_false(pte & _PAGE_PROTNONE);
			if (type || offsets[i]) {
				assert_true(is_swap_pte(pte));
				assert_false(pte_present(pte));
			}
		}
	/* bit layout: type in bits 1-5, offset in bits 8-31 */
	assert_int_equal(swp_entry(3, 5).val, (3u << 1) | (5u << 8));
	/* 2^24 slots of 4 KiB: 64 GiB per area */
	assert_int_equal((uint64_t)(1u << SWP_OFFSET_BITS) * PAGE_SIZE, 64ull << 30);
}

static void test_protnone(void **state)
{
	(void)state;
	struct page *page = alloc_page(GFP_HIGHUSER);
	pte_t pte = mk_pte(page, PAGE_NONE);
	assert_false(pte & _PAGE_PRESENT);	/* the MMU faults */
	assert_true(pte_present(pte));		/* the kernel keeps the frame */
	assert_false(is_swap_pte(pte));
	assert_ptr_equal(pte_page(pte), page);
	__free_page(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_swapper_kernel_half, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_pgd_alloc_free, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_free_pgd_range, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_swap_entries, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_protnone, boot, shutdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
