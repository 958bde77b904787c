/*
 * test_fault.c - the page-fault handler, case by case: bad addresses,
 * the zero page, demand zero, file-backed private and shared faults,
 * copy-on-write copy and reuse, PROT_NONE, stack growth, kernel access
 * (access_process_vm), and teardown giving every frame back.
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
static struct mm_struct *mm;

static int boot(void **state)
{
	(void)state;
	if (mem_init(64ull << 20) || mmu_init(&cpu, 32, 4, 64, 4))
		return -1;
	current_mmu = &cpu;
	mm = mm_alloc();
	switch_mm(mm);
	vm_events_reset();
	return mm ? 0 : -1;
}

static int shutdown(void **state)
{
	(void)state;
	if (mm)
		mmput(mm);
	mm = NULL;
	current_mm = NULL;
	current_mmu = NULL;
	mmu_destroy(&cpu);
	mem_exit();
	return 0;
}

static pte_t pte_of(uint32_t va)
{
	pte_t *p = pte_offset(mm->pgd, va);
	return p ? *p : 0;
}

/* A user access as the CPU makes it: translate, fault, retry. */
static int user_access(uint32_t va, int write, uint32_t *pa)
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
	return -1;
}

static uint32_t map_anon(uint32_t addr, uint32_t len, int prot, int flags)
{
	uint32_t a = do_mmap_pgoff(mm, addr, len, prot, flags | MAP_ANONYMOUS |
				   (addr ? MAP_FIXED : 0), 0, NULL, NULL);
	assert_false(IS_ERR_VALUE(a));
	return a;
}

static void test_bad_addresses(void **state)
{
	(void)state;
	uint32_t pa;
	assert_int_equal(do_page_fault(mm, 0x1000, PF_USER), VM_FAULT_SIGSEGV);
	assert_int_equal(do_page_fault(mm, 0xc0000000, PF_USER | PF_PROT),
			 VM_FAULT_SIGSEGV);
	assert_int_equal(user_access(0xc0000000, 0, &pa), VM_FAULT_SIGSEGV);
	assert_int_equal(user_access(0xfffff000, 1, &pa), VM_FAULT_SIGSEGV);
	uint32_t ro = map_anon(0x10000000, 4096, PROT_READ, MAP_PRIVATE);
	assert_int_equal(user_access(ro, 1, &pa), VM_FAULT_SIGSEGV);
	uint32_t none = map_anon(0x10010000, 4096, PROT_NONE, MAP_PRIVATE);
	assert_int_equal(user_access(none, 0, &pa), VM_FAULT_SIGSEGV);
	/* a read that hit a present page cannot be fixed */
	assert_int_equal(do_page_fault(mm, ro, PF_USER | PF_PROT), VM_FAULT_SIGSEGV);
	assert_int_equal(vm_events[pgfault], 0);	/* none reached the handler */
}

static void test_zero_page_then_cow(void **state)
{
	(void)state;
	uint32_t pa, a = map_anon(0x20000000, 8192, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE);
	int zero_maps = page_mapcount(empty_zero_page);
	assert_int_equal(user_access(a, 0, &pa), 0);
	pte_t pte = pte_of(a);
	assert_ptr_equal(pte_page(pte), empty_zero_page);
	assert_false(pte & _PAGE_RW);
	assert_true(pte & _PAGE_ACCESSED);
	assert_int_equal(page_mapcount(empty_zero_page), zero_maps + 1);
	assert_int_equal(mm->file_rss, 1);
	assert_int_equal(vm_events[zero_page_faults], 1);
	assert_int_equal(*(uint8_t *)__va(pa), 0);
	/* a write copies the zero page to a fresh zeroed frame */
	uint32_t pa2;
	assert_int_equal(user_access(a + 5, 1, &pa2), 0);
	pte = pte_of(a);
	struct page *page = pte_page(pte);
	assert_ptr_not_equal(page, empty_zero_page);
	assert_true(PageAnon(page));
	assert_true((pte & (_PAGE_RW | _PAGE_DIRTY)) == (_PAGE_RW | _PAGE_DIRTY));
	assert_int_equal(pa2, (page_to_pfn(page) << 12) + 5);
	assert_int_equal(page_mapcount(empty_zero_page), zero_maps);
	assert_int_equal(mm->file_rss, 0);
	assert_int_equal(mm->anon_rss, 1);
	assert_int_equal(vm_events[cow_faults], 1);
	assert_int_equal(vm_events[cow_copy], 1);
	/* the stale read-only TLB entry was invalidated: reads see the copy */
	*(uint8_t *)__va(pa2) = 0x77;
	assert_int_equal(user_access(a + 5, 0, &pa), 0);
	assert_int_equal(pa, pa2);
	assert_int_equal(vm_events[pgfault], 2);
}

static void test_demand_zero_write(void **state)
{
	(void)state;
	uint32_t pa, a = map_anon(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	unsigned long free0 = nr_free_pages(), ptes0 = pgd_nr_ptes(mm->pgd);
	unsigned long slab0 = slab_pages();
	assert_int_equal(user_access(a + 4096, 1, &pa), 0);
	/* one frame, plus the page table if this was its first page, plus
	 * the slab pages of the VMA's new anon_vma (rmap) if any */
	free0 -= pgd_nr_ptes(mm->pgd) - ptes0;
	free0 -= slab_pages() - slab0;
	struct page *page = pte_page(pte_of(a + 4096));
	assert_int_equal(page_count(page), 1);
	assert_int_equal(page_mapcount(page), 1);
	assert_true(PageAnon(page));
	assert_int_equal(page->index, (a + 4096) >> 12);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)page_address(page))[i], 0);
	assert_int_equal(nr_free_pages(), free0 - 1);
	assert_int_equal(vm_events[demand_zero_faults], 1);
	assert_int_equal(mm->min_flt, 1);
	/* a second access takes no fault */
	assert_int_equal(user_access(a + 4100, 1, &pa), 0);
	assert_int_equal(vm_events[pgfault], 1);
	/* untouched pages have no PTE */
	assert_int_equal(pte_of(a), 0);
	assert_int_equal(pte_of(a + 2 * 4096), 0);
}

static void test_cow_reuse_single_mapper(void **state)
{
	(void)state;
	uint32_t pa, pa2, a = map_anon(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	assert_int_equal(user_access(a, 1, &pa), 0);
	assert_int_equal(do_mprotect(mm, a, 4096, PROT_READ), 0);
	assert_false(pte_of(a) & _PAGE_RW);
	assert_int_equal(user_access(a, 1, &pa2), VM_FAULT_SIGSEGV);
	assert_int_equal(do_mprotect(mm, a, 4096, PROT_READ | PROT_WRITE), 0);
	/* private writable is mapped read-only: the write reuses the page */
	assert_int_equal(user_access(a, 1, &pa2), 0);
	assert_int_equal(pa2, pa);
	assert_int_equal(vm_events[cow_reuse], 1);
	assert_int_equal(vm_events[cow_copy], 0);
}

/* A backing object whose page pgoff holds bytes (pgoff + i) & 0xff. */
static int backing_faults, backing_result;
static int backing_fault(struct vm_area_struct *vma, uint32_t pgoff,
			 struct page **pagep)
{
	(void)vma;
	backing_faults++;
	if (backing_result & VM_FAULT_ERROR)
		return backing_result;
	struct page *page = alloc_page(GFP_HIGHUSER);
	if (!page)
		return VM_FAULT_OOM;
	uint8_t *p = page_address(page);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		p[i] = (uint8_t)(pgoff + i);
	*pagep = page;
	return backing_result;
}
static const struct vm_operations_struct backing_ops = { .fault = backing_fault };

static void test_file_private(void **state)
{
	(void)state;
	uint32_t pa;
	backing_faults = 0;
	backing_result = 0;
	uint32_t a = do_mmap_pgoff(mm, 0, 3 * 4096, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, 10, &backing_ops, NULL);
	assert_false(IS_ERR_VALUE(a));
	/* read: the object's page, read-only, not anonymous */
	assert_int_equal(user_access(a + 3, 0, &pa), 0);
	assert_int_equal(*(uint8_t *)__va(pa), 13);
	struct page *file_page = pte_page(pte_of(a));
	assert_false(PageAnon(file_page));
	assert_false(pte_of(a) & _PAGE_RW);
	assert_int_equal(mm->file_rss, 1);
	assert_int_equal(vm_events[file_faults], 1);
	/* write to it: copy-on-write, never reuse of a file page */
	assert_int_equal(user_access(a + 3, 1, &pa), 0);
	assert_ptr_not_equal(pte_page(pte_of(a)), file_page);
	assert_true(PageAnon(pte_page(pte_of(a))));
	assert_int_equal(*(uint8_t *)__va(pa), 13);
	assert_int_equal(vm_events[cow_copy], 1);
	assert_int_equal(mm->file_rss, 0);
	assert_int_equal(mm->anon_rss, 1);
	/* a first write to another page copies at once */
	assert_int_equal(user_access(a + 4096 + 1, 1, &pa), 0);
	assert_int_equal(*(uint8_t *)__va(pa), 12);
	assert_true(PageAnon(pte_page(pte_of(a + 4096))));
	assert_int_equal(backing_faults, 2);
	/* major faults and errors from the object */
	backing_result = VM_FAULT_MAJOR;
	assert_int_equal(user_access(a + 2 * 4096, 0, &pa), 0);
	assert_int_equal(vm_events[pgmajfault], 1);
	assert_int_equal(mm->maj_flt, 1);
	uint32_t b = do_mmap_pgoff(mm, 0, 4096, PROT_READ, MAP_PRIVATE, 0,
				   &backing_ops, NULL);
	backing_result = VM_FAULT_SIGBUS;
	assert_int_equal(user_access(b, 0, &pa), VM_FAULT_SIGBUS);
	assert_int_equal(pte_of(b), 0);
}

static void test_file_shared(void **state)
{
	(void)state;
	uint32_t pa;
	backing_result = 0;
	uint32_t a = do_mmap_pgoff(mm, 0, 4096, PROT_READ | PROT_WRITE,
				   MAP_SHARED, 0, &backing_ops, NULL);
	assert_false(IS_ERR_VALUE(a));
	assert_int_equal(user_access(a, 1, &pa), 0);
	struct page *page = pte_page(pte_of(a));
	assert_false(PageAnon(page));	/* the object's page itself */
	assert_true(pte_of(a) & _PAGE_RW);
	assert_true(pte_of(a) & _PAGE_DIRTY);
	assert_int_equal(vm_events[cow_faults], 0);
}

static void test_shared_anon_read_gets_real_page(void **state)
{
	(void)state;
	uint32_t pa, a = map_anon(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	assert_int_equal(user_access(a, 0, &pa), 0);
	assert_ptr_not_equal(pte_page(pte_of(a)), empty_zero_page);
	assert_true(pte_of(a) & _PAGE_RW);
}

static void test_protnone_keeps_data(void **state)
{
	(void)state;
	uint32_t pa, a = map_anon(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	assert_int_equal(user_access(a, 1, &pa), 0);
	*(uint8_t *)__va(pa) = 0x42;
	assert_int_equal(do_mprotect(mm, a, 4096, PROT_NONE), 0);
	assert_false(pte_of(a) & _PAGE_PRESENT);
	assert_true(pte_present(pte_of(a)));
	assert_int_equal(user_access(a, 0, &pa), VM_FAULT_SIGSEGV);
	assert_int_equal(do_mprotect(mm, a, 4096, PROT_READ), 0);
	assert_int_equal(user_access(a, 0, &pa), 0);
	assert_int_equal(*(uint8_t *)__va(pa), 0x42);
}

static void test_stack_growth(void **state)
{
	(void)state;
	uint32_t pa;
	assert_int_equal(setup_arg_pages(mm, 2 * 4096, 0), 0);
	struct vm_area_struct *stack = find_vma(mm, STACK_TOP - 1);
	assert_int_equal(stack->vm_start, STACK_TOP - 8192);
	/* a push below the stack grows it */
	assert_int_equal(user_access(STACK_TOP - 5 * 4096 + 8, 1, &pa), 0);
	assert_int_equal(stack->vm_start, STACK_TOP - 5 * 4096);
	assert_int_equal(vm_events[stack_expansions], 1);
	/* beyond RLIMIT_STACK (8 MiB) it does not */
	assert_int_equal(user_access(STACK_TOP - (9u << 20), 1, &pa),
			 VM_FAULT_SIGSEGV);
	assert_int_equal(stack->vm_start, STACK_TOP - 5 * 4096);
}

static void test_access_process_vm(void **state)
{
	(void)state;
	uint32_t a = map_anon(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char buf[64], out[64];
	for (int i = 0; i < 64; i++)
		buf[i] = (char)('A' + i % 26);
	/* across a page boundary, into pages never touched */
	assert_int_equal(access_process_vm(mm, a + 4096 - 20, buf, 64, 1), 64);
	assert_int_equal(access_process_vm(mm, a + 4096 - 20, out, 64, 0), 64);
	assert_memory_equal(buf, out, 64);
	assert_true(pte_of(a) & _PAGE_DIRTY);
	/* short copy at the end of the mapping */
	assert_int_equal(access_process_vm(mm, a + 3 * 4096 - 10, out, 64, 0), 10);
	/* the kernel obeys VMA rights too */
	uint32_t ro = map_anon(0, 4096, PROT_READ, MAP_PRIVATE);
	assert_int_equal(access_process_vm(mm, ro, buf, 4, 1), 0);
	assert_int_equal(access_process_vm(mm, 0x1000, out, 4, 0), 0);
}

static void test_teardown_returns_everything(void **state)
{
	(void)state;
	uint32_t pa;
	mmput(mm);
	mm = NULL;
	current_mm = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	unsigned long free0 = nr_free_pages();
	assert_int_equal(free0, free_pages_boot);
	mm = mm_alloc();
	switch_mm(mm);
	uint32_t a = map_anon(0, 256 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	for (uint32_t i = 0; i < 256; i++)
		assert_int_equal(user_access(a + i * 4096, i & 1, &pa), 0);
	uint32_t b = map_anon(0x30000000, 8u << 20, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE);
	assert_int_equal(user_access(b, 1, &pa), 0);
	assert_int_equal(user_access(b + (5u << 20), 1, &pa), 0);
	assert_true(nr_free_pages() < free0 - 128);
	mmput(mm);
	mm = NULL;
	current_mm = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	assert_int_equal(page_mapcount(empty_zero_page), 0);
	assert_int_equal(page_count(empty_zero_page), 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, boot, shutdown)
	const struct CMUnitTest tests[] = {
		T(test_bad_addresses),
		T(test_zero_page_then_cow),
		T(test_demand_zero_write),
		T(test_cow_reuse_single_mapper),
		T(test_file_private),
		T(test_file_shared),
		T(test_shared_anon_read_gets_real_page),
		T(test_protnone_keeps_data),
		T(test_stack_growth),
		T(test_access_process_vm),
		T(test_teardown_returns_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
