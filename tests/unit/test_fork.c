/*
 * test_fork.c - fork's copy of an address space (dup_mm): VMAs copied,
 * pages shared and write-protected for copy-on-write with exact _count
 * and _mapcount, shared mappings left shared, the parent's stale writable
 * TLB entries invalidated, each side seeing only its own writes, copies
 * made only for pages written, and everything given back at exit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "slab.h"
#include "vmstat.h"

static struct mmu cpu;
static struct mm_struct *parent, *child;

static int boot(void **state)
{
	(void)state;
	if (mem_init(64ull << 20) || mmu_init(&cpu, 32, 4, 64, 4))
		return -1;
	current_mmu = &cpu;
	shrink_slab(~0ul, GFP_KERNEL);
	parent = mm_alloc();
	child = NULL;
	switch_mm(parent);
	return parent ? 0 : -1;
}

static int shutdown(void **state)
{
	(void)state;
	if (child)
		mmput(child);
	if (parent)
		mmput(parent);
	current_mm = NULL;
	current_mmu = NULL;
	mmu_destroy(&cpu);
	mem_exit();
	return 0;
}

/* A user access by whichever mm is loaded: translate, fault, retry. */
static int access(struct mm_struct *mm, uint32_t va, int write, uint8_t *val)
{
	uint32_t pa, err;

	switch_mm(mm);
	for (int tries = 0; tries < 4; tries++) {
		if (!translate(&cpu, va, write ? ACCESS_WRITE : ACCESS_READ, 1,
			       &pa, &err)) {
			if (write)
				*(uint8_t *)__va(pa) = *val;
			else
				*val = *(uint8_t *)__va(pa);
			return 0;
		}
		int r = do_page_fault(mm, va, err);
		if (r & VM_FAULT_ERROR)
			return r;
	}
	return -1;
}

static pte_t pte_of(struct mm_struct *mm, uint32_t va)
{
	pte_t *p = pte_offset(mm->pgd, va);
	return p ? *p : 0;
}

static uint32_t map(int prot, int flags, uint32_t pages)
{
	uint32_t a = do_mmap_pgoff(parent, 0, pages * PAGE_SIZE, prot,
				   flags | MAP_ANONYMOUS, 0, NULL, NULL);
	assert_false(IS_ERR_VALUE(a));
	return a;
}

static void test_private_pages_shared_then_copied(void **state)
{
	(void)state;
	uint32_t a = map(PROT_READ | PROT_WRITE, MAP_PRIVATE, 8);
	for (uint32_t i = 0; i < 8; i++) {
		uint8_t v = (uint8_t)(10 + i);
		assert_int_equal(access(parent, a + i * PAGE_SIZE, 1, &v), 0);
	}
	struct page *p0 = pte_page(pte_of(parent, a));
	/* the parent's dTLB now holds writable entries for these pages */
	child = dup_mm(parent);
	assert_non_null(child);
	assert_int_equal(child->map_count, parent->map_count);
	assert_int_equal(child->anon_rss, 8);
	assert_int_equal(page_count(p0), 2);
	assert_int_equal(page_mapcount(p0), 2);
	assert_false(pte_of(parent, a) & _PAGE_RW);
	assert_false(pte_of(child, a) & _PAGE_RW);
	assert_ptr_equal(pte_page(pte_of(child, a)), p0);

	/* the parent writes page 0 without switching: its stale writable
	 * TLB entry must be gone, so this write faults and copies */
	vm_events_reset();
	uint32_t pa, err;
	assert_int_equal(translate(&cpu, a, ACCESS_WRITE, 1, &pa, &err), 1);
	assert_true(err & PF_PROT);
	uint8_t v = 99;
	assert_int_equal(access(parent, a, 1, &v), 0);
	assert_int_equal(vm_events[cow_copy], 1);
	assert_ptr_not_equal(pte_page(pte_of(parent, a)), p0);
	/* p0 is now the child's alone */
	assert_int_equal(page_count(p0), 1);
	assert_int_equal(page_mapcount(p0), 1);
	assert_int_equal(access(child, a, 0, &v), 0);
	assert_int_equal(v, 10);
	/* the child's write to it reuses the page: no copy */
	v = 77;
	assert_int_equal(access(child, a, 1, &v), 0);
	assert_int_equal(vm_events[cow_reuse], 1);
	assert_ptr_equal(pte_page(pte_of(child, a)), p0);
	/* each side sees only its own writes */
	assert_int_equal(access(parent, a, 0, &v), 0);
	assert_int_equal(v, 99);
	/* writing 3 more pages in the child copies exactly 3 */
	for (uint32_t i = 1; i <= 3; i++) {
		v = (uint8_t)(200 + i);
		assert_int_equal(access(child, a + i * PAGE_SIZE, 1, &v), 0);
	}
	assert_int_equal(vm_events[cow_copy], 4);
	assert_int_equal(vm_events[cow_faults], 5);
	for (uint32_t i = 1; i <= 3; i++) {
		assert_int_equal(access(parent, a + i * PAGE_SIZE, 0, &v), 0);
		assert_int_equal(v, 10 + i);
	}
	/* the child exits: the parent's remaining shared pages are its
	 * own again, and writing them reuses them */
	mmput(child);
	child = NULL;
	struct page *p5 = pte_page(pte_of(parent, a + 5 * PAGE_SIZE));
	assert_int_equal(page_count(p5), 1);
	assert_int_equal(page_mapcount(p5), 1);
	v = 55;
	assert_int_equal(access(parent, a + 5 * PAGE_SIZE, 1, &v), 0);
	assert_ptr_equal(pte_page(pte_of(parent, a + 5 * PAGE_SIZE)), p5);
	assert_int_equal(vm_events[cow_copy], 4);
}

static void test_shared_mapping_stays_shared(void **state)
{
	(void)state;
	uint32_t a = map(PROT_READ | PROT_WRITE, MAP_SHARED, 2);
	uint8_t v = 1;
	assert_int_equal(access(parent, a, 1, &v), 0);
	child = dup_mm(parent);
	assert_true(pte_of(parent, a) & _PAGE_RW);
	assert_true(pte_of(child, a) & _PAGE_RW);
	/* the dirt stays with the parent's PTE, to be written back once */
	assert_true(pte_of(parent, a) & _PAGE_DIRTY);
	assert_false(pte_of(child, a) & _PAGE_DIRTY);
	v = 42;
	assert_int_equal(access(child, a, 1, &v), 0);
	assert_int_equal(access(parent, a, 0, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(vm_events[cow_faults], 0);
	/* the page touched only after fork is not shared: each faults its own */
	assert_int_equal(access(child, a + PAGE_SIZE, 1, &v), 0);
	assert_int_equal(pte_of(parent, a + PAGE_SIZE), 0);
}

static void test_zero_page_and_readonly(void **state)
{
	(void)state;
	uint32_t a = map(PROT_READ | PROT_WRITE, MAP_PRIVATE, 1);
	uint32_t r = map(PROT_READ, MAP_PRIVATE, 1);
	uint8_t v;
	assert_int_equal(access(parent, a, 0, &v), 0);	/* zero page */
	assert_int_equal(access(parent, r, 0, &v), 0);
	int zmap = page_mapcount(empty_zero_page);
	child = dup_mm(parent);
	assert_int_equal(page_mapcount(empty_zero_page), zmap + 2);
	assert_int_equal(child->file_rss, 2);
	v = 5;
	assert_int_equal(access(child, a, 1, &v), 0);	/* zero page: copy */
	assert_int_equal(access(parent, a, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(access(child, r, 1, &v), VM_FAULT_SIGSEGV);
}

static void test_vmas_and_counters_copied(void **state)
{
	(void)state;
	map(PROT_READ, MAP_PRIVATE, 3);
	map(PROT_READ | PROT_WRITE, MAP_PRIVATE, 5);
	assert_int_equal(setup_arg_pages(parent, 4 * PAGE_SIZE, 0), 0);
	parent->brk = parent->start_brk = 0x08100000;
	child = dup_mm(parent);
	assert_int_equal(child->map_count, parent->map_count);
	assert_int_equal(child->total_vm, parent->total_vm);
	assert_int_equal(child->stack_vm, parent->stack_vm);
	assert_int_equal(child->brk, 0x08100000);
	assert_ptr_not_equal(child->pgd, parent->pgd);
	struct vm_area_struct *p = parent->mmap, *c = child->mmap;
	for (; p && c; p = p->vm_next, c = c->vm_next) {
		assert_int_equal(p->vm_start, c->vm_start);
		assert_int_equal(p->vm_end, c->vm_end);
		assert_int_equal(p->vm_flags, c->vm_flags);
		assert_ptr_equal(c->vm_mm, child);
	}
	assert_null(p);
	assert_null(c);
	assert_ptr_equal(find_vma(child, STACK_TOP - 1)->vm_mm, child);
}

static void test_nothing_lost(void **state)
{
	(void)state;
	uint32_t a = map(PROT_READ | PROT_WRITE, MAP_PRIVATE, 64);
	uint8_t v = 1;
	for (uint32_t i = 0; i < 64; i++)
		assert_int_equal(access(parent, a + i * PAGE_SIZE, 1, &v), 0);
	for (int gen = 0; gen < 5; gen++) {
		struct mm_struct *c = dup_mm(parent);
		for (uint32_t i = 0; i < 64; i += 3)
			assert_int_equal(access(c, a + i * PAGE_SIZE, 1, &v), 0);
		mmput(c);
	}
	mmput(parent);
	parent = NULL;
	current_mm = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, boot, shutdown)
	const struct CMUnitTest tests[] = {
		T(test_private_pages_shared_then_copied),
		T(test_shared_mapping_stays_shared),
		T(test_zero_page_and_readonly),
		T(test_vmas_and_counters_copied),
		T(test_nothing_lost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
