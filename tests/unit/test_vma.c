/*
 * test_vma.c - address spaces and their VMAs: lookups at every edge,
 * split and merge in every shape, mmap placement and errors, munmap,
 * mprotect, brk, the stack, the map-count limit, a 20,000-VMA space
 * checked against a brute-force scan, and that tearing an mm down gives
 * back every object and frame.
 *
 * Every test runs on a freshly booted 64 MiB machine with one mm and
 * ends by checking the mm's invariants (list, red-black tree, counters);
 * the teardown frees the mm and checks that nothing leaked.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "rmap.h"
#include "slab.h"
#include "vma.h"
#include "vmstat.h"

#define P(n)		((uint32_t)(n) * PAGE_SIZE)
#define BASE		0xb8000000u	/* TASK_SIZE - 128 MiB */
#define RW		(PROT_READ | PROT_WRITE)
#define PRIV		(MAP_PRIVATE | MAP_ANONYMOUS)
#define SHARED		(MAP_SHARED | MAP_ANONYMOUS)
#define VM_MAYALL	(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define ANON_RW		(VM_READ | VM_WRITE | VM_MAYALL)
#define ANON_R		(VM_READ | VM_MAYALL)
#define ERR(e)		((uint32_t)-(e))

static struct mm_struct *mm;

/* ------------------------------------------------------------ helpers */

static uint32_t mmap_anon(uint32_t addr, uint32_t len, int prot, int flags)
{
	return do_mmap_pgoff(mm, addr, len, prot, flags, 0, NULL, NULL);
}

static uint32_t mmap_fixed(uint32_t addr, uint32_t len, int prot)
{
	return mmap_anon(addr, len, prot, PRIV | MAP_FIXED);
}

/* The VMA covering addr must be exactly [start, end) with these flags. */
static void assert_vma(uint32_t addr, uint32_t start, uint32_t end,
		       uint32_t flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	assert_non_null(vma);
	assert_int_equal(vma->vm_start, start);
	assert_int_equal(vma->vm_end, end);
	assert_int_equal(vma->vm_flags, flags);
	assert_int_equal(vma->vm_page_prot, vm_get_page_prot(flags));
}

/* The object offset, in pages, of the VMA covering addr. */
static uint32_t pgoff_at(uint32_t addr)
{
	return find_vma(mm, addr)->vm_pgoff;
}

#define PFN(a)	((a) >> PAGE_SHIFT)

static void assert_unmapped(uint32_t start, uint32_t end)
{
	assert_null(find_vma_intersection(mm, start, end));
}

/* Walks the tree in order, checking red-black rules; returns black height. */
static int rb_check(struct vm_area_struct *node,
		    struct vm_area_struct *parent,
		    struct vm_area_struct ***order, int *height)
{
	int lh, rh, ll = 0, rl = 0;

	if (!node) {
		*height = 0;
		return 1;
	}
	assert_ptr_equal(RB_PARENT(node, vm_rb), parent);
	if (RB_COLOR(node, vm_rb) == RB_RED) {
		assert_true(!RB_LEFT(node, vm_rb) ||
			    RB_COLOR(RB_LEFT(node, vm_rb), vm_rb) == RB_BLACK);
		assert_true(!RB_RIGHT(node, vm_rb) ||
			    RB_COLOR(RB_RIGHT(node, vm_rb), vm_rb) == RB_BLACK);
	}
	lh = rb_check(RB_LEFT(node, vm_rb), node, order, &ll);
	**order = node;
	(*order)++;
	rh = rb_check(RB_RIGHT(node, vm_rb), node, order, &rl);
	assert_int_equal(lh, rh);
	*height = 1 + (ll > rl ? ll : rl);
	return lh + (RB_COLOR(node, vm_rb) == RB_BLACK);
}

static int tree_height;

/*
 * Everything that must hold of any mm: the list sorted, aligned and
 * disjoint, the tree holding the same VMAs in the same order as a valid
 * red-black tree, map_count right, and the counters equal to what the
 * VMAs add up to.
 */
static void check_mm(struct mm_struct *m)
{
	struct vm_area_struct *vma, **order, **p;
	unsigned long total = 0, locked = 0, shared = 0, exec = 0, stack = 0;
	int n = 0, i;

	for (vma = m->mmap; vma; vma = vma->vm_next) {
		uint32_t pages = vma_pages(vma);

		assert_ptr_equal(vma->vm_mm, m);
		assert_true(vma->vm_start < vma->vm_end);
		assert_int_equal((vma->vm_start | vma->vm_end) & ~PAGE_MASK, 0);
		assert_true(vma->vm_end <= TASK_SIZE);
		if (vma->vm_next)
			assert_true(vma->vm_end <= vma->vm_next->vm_start);
		total += pages;
		if (vma->vm_flags & VM_LOCKED)
			locked += pages;
		if (vma_backed(vma)) {
			shared += pages;
			if ((vma->vm_flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
				exec += pages;
		} else if (vma->vm_flags & VM_GROWSDOWN) {
			stack += pages;
		}
		n++;
	}
	assert_int_equal(m->map_count, n);
	assert_int_equal(m->total_vm, total);
	assert_int_equal(m->locked_vm, locked);
	assert_int_equal(m->shared_vm, shared);
	assert_int_equal(m->exec_vm, exec);
	assert_int_equal(m->stack_vm, stack);
	assert_true(m->hiwater_vm >= m->total_vm);

	order = test_calloc((size_t)n + 1, sizeof(*order));
	p = order;
	if (RB_ROOT(&m->mm_rb))
		assert_int_equal(RB_COLOR(RB_ROOT(&m->mm_rb), vm_rb), RB_BLACK);
	rb_check(RB_ROOT(&m->mm_rb), NULL, &p, &tree_height);
	assert_int_equal(p - order, n);
	for (i = 0, vma = m->mmap; i < n; i++, vma = vma->vm_next)
		assert_ptr_equal(order[i], vma);
	test_free(order);
}

static int setup(void **state)
{
	(void)state;
	if (mem_init(64u << 20))
		return -1;
	mm = mm_alloc();
	return mm ? 0 : -1;
}

/*
 * Free everything before asserting, so a failed check cannot leave the
 * machine booted under the next test.
 */
static int teardown(void **state)
{
	unsigned long mm_objs, vma_objs, free_now, free_boot;

	(void)state;
	if (mm)
		mmput(mm);
	mm = NULL;
	mm_objs = mm_cachep->num_active;
	vma_objs = vm_area_cachep->num_active;
	shrink_slab(~0ul, GFP_KERNEL);
	free_now = nr_free_pages();
	free_boot = free_pages_boot;
	mem_exit();
	assert_int_equal(mm_objs, 0);
	assert_int_equal(vma_objs, 0);
	assert_int_equal(free_now, free_boot);
	return 0;
}

/* A backing object that counts VMA references, as a file would. */
static int opens, closes;

static void count_open(struct vm_area_struct *vma)
{
	(void)vma;
	opens++;
}

static void count_close(struct vm_area_struct *vma)
{
	(void)vma;
	closes++;
}

static const struct vm_operations_struct counted_ops = {
	.open = count_open,
	.close = count_close,
};

/* Without ->close, mappings of the object may merge. */
static const struct vm_operations_struct plain_ops = {
	.open = count_open,
};

static int backing_object;

static uint32_t mmap_backed(const struct vm_operations_struct *ops,
			    uint32_t addr, uint32_t len, int prot, int flags,
			    uint32_t pgoff)
{
	return do_mmap_pgoff(mm, addr, len, prot, flags | MAP_FIXED, pgoff,
			     ops, &backing_object);
}

static int backed_vmas(void)
{
	struct vm_area_struct *vma;
	int n = 0;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		n += vma->vm_ops != NULL;
	return n;
}

/* -------------------------------------------------------------- tests */

static void test_mm_alloc_layout(void **state)
{
	(void)state;
	assert_int_equal(mm->mm_users, 1);
	assert_int_equal(mm->task_size, TASK_SIZE);
	assert_int_equal(mm->stack_limit, RLIMIT_STACK_DEFAULT);
	assert_int_equal(mm->max_map_count, DEFAULT_MAP_COUNT_MAX);
	/* an 8 MiB stack rlimit is below MMAP_MIN_GAP: the gap is 128 MiB */
	assert_int_equal(mm->mmap_base, BASE);
	assert_null(mm->mmap);
	assert_null(RB_ROOT(&mm->mm_rb));
	assert_int_equal(mm->map_count, 0);
	assert_int_equal(mm->total_vm, 0);
	assert_non_null(mm->pgd);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 0);
	assert_int_equal(mm_cachep->num_active, 1);
	assert_int_equal(vm_area_cachep->num_active, 0);
	check_mm(mm);
}

static void test_page_prot(void **state)
{
	(void)state;
	assert_int_equal(vm_get_page_prot(0), PAGE_NONE);
	assert_int_equal(vm_get_page_prot(VM_READ), PAGE_READONLY);
	assert_int_equal(vm_get_page_prot(VM_WRITE), PAGE_COPY);
	assert_int_equal(vm_get_page_prot(VM_READ | VM_WRITE), PAGE_COPY);
	assert_int_equal(vm_get_page_prot(VM_EXEC), PAGE_READONLY);
	assert_int_equal(vm_get_page_prot(VM_READ | VM_EXEC), PAGE_READONLY);
	assert_int_equal(vm_get_page_prot(VM_READ | VM_WRITE | VM_EXEC),
			 PAGE_COPY);
	assert_int_equal(vm_get_page_prot(VM_SHARED), PAGE_NONE);
	assert_int_equal(vm_get_page_prot(VM_SHARED | VM_READ), PAGE_READONLY);
	assert_int_equal(vm_get_page_prot(VM_SHARED | VM_WRITE), PAGE_SHARED);
	assert_int_equal(vm_get_page_prot(VM_SHARED | VM_READ | VM_WRITE),
			 PAGE_SHARED);
	assert_int_equal(vm_get_page_prot(VM_SHARED | VM_EXEC), PAGE_READONLY);
	assert_int_equal(vm_get_page_prot(VM_SHARED | VM_WRITE | VM_EXEC),
			 PAGE_SHARED);
	/* flags other than the four do not matter */
	assert_int_equal(vm_get_page_prot(VM_READ | VM_MAYALL | VM_GROWSDOWN |
					  VM_LOCKED), PAGE_READONLY);
}

static void test_mmap_flags(void **state)
{
	struct vm_area_struct *vma;
	uint32_t a;

	(void)state;
	a = mmap_anon(0, P(1), RW, PRIV);
	assert_vma(a, a, a + P(1), ANON_RW);
	assert_int_equal(find_vma(mm, a)->vm_page_prot, PAGE_COPY);
	assert_int_equal(pgoff_at(a), PFN(a));
	assert_null(find_vma(mm, a)->vm_ops);

	a = mmap_anon(0, P(1), RW, SHARED);
	vma = find_vma(mm, a);
	assert_int_equal(vma->vm_flags, ANON_RW | VM_SHARED | VM_MAYSHARE);
	assert_int_equal(vma->vm_page_prot, PAGE_SHARED);
	assert_int_equal(vma->vm_pgoff, 0);

	a = mmap_anon(0, P(1), PROT_NONE, PRIV);
	assert_vma(a, a, a + P(1), VM_MAYALL);
	assert_int_equal(find_vma(mm, a)->vm_page_prot, PAGE_NONE);

	/* exec-only: the flags say exec, the PTEs are readable (i386) */
	a = mmap_anon(0, P(1), PROT_EXEC, PRIV);
	assert_vma(a, a, a + P(1), VM_EXEC | VM_MAYALL);
	assert_int_equal(find_vma(mm, a)->vm_page_prot, PAGE_READONLY);

	a = mmap_anon(0, P(1), PROT_READ, PRIV | MAP_GROWSDOWN);
	assert_vma(a, a, a + P(1), ANON_R | VM_GROWSDOWN);
	assert_int_equal(mm->stack_vm, 1);

	a = mmap_anon(0, P(2), RW, PRIV | MAP_LOCKED);
	assert_vma(a, a, a + P(2), ANON_RW | VM_LOCKED);
	assert_int_equal(mm->locked_vm, 2);
	/* MAP_LOCKED faults the pages in, as writes to a writable mapping */
	assert_int_equal(mm->anon_rss, 2);

	assert_int_equal(mm->total_vm, 7);
	assert_int_equal(mm->hiwater_vm, 7);
	assert_int_equal(mm->shared_vm, 1);
	check_mm(mm);
}

static void test_mmap_populate(void **state)
{
	uint32_t a, b;
	pte_t *pte;

	(void)state;
	a = mmap_anon(0, P(4), RW, PRIV | MAP_POPULATE);
	assert_int_equal(mm->anon_rss, 4);
	pte = pte_offset(mm->pgd, a + P(3));
	assert_non_null(pte);
	assert_true(*pte & _PAGE_PRESENT);
	/* read-only: the zero page, counted as a file page */
	b = mmap_anon(0, P(3), PROT_READ, PRIV | MAP_POPULATE);
	assert_int_equal(mm->file_rss, 3);
	assert_int_equal(pte_page(*pte_offset(mm->pgd, b)), empty_zero_page);
	/* MAP_NONBLOCK turns MAP_POPULATE off, as in Linux 2.6 */
	mmap_anon(0, P(2), RW, PRIV | MAP_POPULATE | MAP_NONBLOCK);
	assert_int_equal(mm->anon_rss, 4);
	assert_int_equal(mm->file_rss, 3);
	check_mm(mm);
}

static void test_mmap_topdown_merge(void **state)
{
	uint32_t a, b, c, d, e;

	(void)state;
	a = mmap_anon(0, P(4), RW, PRIV);
	assert_int_equal(a, BASE - P(4));
	/* adjacent anonymous mappings with the same rights merge */
	b = mmap_anon(0, P(2), RW, PRIV);
	assert_int_equal(b, BASE - P(6));
	assert_int_equal(mm->map_count, 1);
	assert_vma(b, BASE - P(6), BASE, ANON_RW);
	assert_int_equal(pgoff_at(a), PFN(BASE - P(6)));
	/* different rights do not */
	c = mmap_anon(0, P(1), PROT_READ, PRIV);
	assert_int_equal(c, BASE - P(7));
	assert_int_equal(mm->map_count, 2);
	assert_vma(c, c, c + P(1), ANON_R);
	/* the length rounds up to pages */
	d = mmap_anon(0, 100, RW, PRIV);
	assert_int_equal(d, BASE - P(8));
	assert_vma(d, d, d + P(1), ANON_RW);
	assert_int_equal(mm->map_count, 3);
	e = mmap_anon(0, P(1) + 1, PROT_READ, PRIV);
	assert_int_equal(e, BASE - P(10));
	assert_int_equal(mm->map_count, 4);
	/* shared anonymous mappings are separate objects: never merged */
	a = mmap_anon(0, P(1), RW, SHARED);
	b = mmap_anon(0, P(1), RW, SHARED);
	assert_int_equal(a, BASE - P(11));
	assert_int_equal(b, BASE - P(12));
	assert_int_equal(mm->map_count, 6);
	assert_int_equal(mm->total_vm, 12);
	check_mm(mm);
}

static void test_mmap_topdown_holes(void **state)
{
	(void)state;
	assert_int_equal(mmap_fixed(BASE - P(2), P(2), PROT_READ), BASE - P(2));
	assert_int_equal(mmap_fixed(BASE - P(5), P(2), PROT_READ), BASE - P(5));
	/* the highest hole that fits, hopping over mappings on the way down */
	assert_int_equal(mmap_anon(0, P(1), RW, PRIV), BASE - P(3));
	assert_int_equal(mmap_anon(0, P(2), RW, PRIV), BASE - P(7));
	/* mappings above mmap_base are not in the way */
	assert_int_equal(mmap_fixed(BASE, P(16), RW), BASE);
	assert_int_equal(mmap_anon(0, P(1), RW, PRIV), BASE - P(8));
	assert_vma(BASE - P(8), BASE - P(8), BASE - P(5), ANON_RW);
	/* one straddling it is */
	assert_int_equal(do_munmap(mm, BASE - P(2), P(18)), 0);
	assert_int_equal(mmap_fixed(BASE - P(1), P(2), PROT_READ), BASE - P(1));
	assert_int_equal(mmap_anon(0, P(1), PROT_READ, PRIV), BASE - P(2));
	assert_vma(BASE - P(2), BASE - P(2), BASE + P(1), ANON_R);
	assert_int_equal(mmap_anon(0, P(2), RW, PRIV), BASE - P(10));
	assert_vma(BASE - P(10), BASE - P(10), BASE - P(5), ANON_RW);
	check_mm(mm);
}

static void test_mmap_stack_gap(void **state)
{
	uint32_t s;

	(void)state;
	/* a growsdown mapping keeps stack_guard_gap free below it */
	s = mmap_anon(BASE - P(1), P(1), PROT_READ,
		      PRIV | MAP_GROWSDOWN | MAP_FIXED);
	assert_int_equal(s, BASE - P(1));
	assert_int_equal(mmap_anon(0, P(1), RW, PRIV),
			 BASE - P(1) - STACK_GUARD_GAP - P(1));
	/* a hint inside the gap is not honoured, one just below it is */
	assert_int_equal(mmap_anon(BASE - P(1) - STACK_GUARD_GAP, P(1),
				   PROT_READ, PRIV),
			 BASE - P(1) - STACK_GUARD_GAP - P(2));
	assert_int_equal(mmap_anon(BASE - P(1) - STACK_GUARD_GAP - P(5), P(2),
				   PROT_READ, PRIV),
			 BASE - P(1) - STACK_GUARD_GAP - P(5));
	/* MAP_FIXED may map inside it: it is a hint, not a wall */
	assert_int_equal(mmap_fixed(BASE - P(3), P(1), RW), BASE - P(3));
	check_mm(mm);
}

static void test_mmap_hints(void **state)
{
	uint32_t a;

	(void)state;
	a = mmap_anon(0x20000000u, P(2), RW, PRIV);
	assert_int_equal(a, 0x20000000u);
	/* taken: top-down instead */
	assert_int_equal(mmap_anon(0x20000000u, P(1), RW, PRIV), BASE - P(1));
	/* overlapping the end of a mapping: top-down too */
	assert_int_equal(mmap_anon(0x1ffff000u, P(2), PROT_READ, PRIV),
			 BASE - P(3));
	/* unaligned */
	assert_int_equal(mmap_anon(0x30000123u, P(1), PROT_EXEC, PRIV),
			 BASE - P(4));
	/* below mmap_min_addr */
	assert_int_equal(mmap_anon(0x1000u, P(1), PROT_READ, PRIV),
			 BASE - P(5));
	assert_int_equal(mmap_anon(MMAP_MIN_ADDR, P(1), PROT_READ, PRIV),
			 MMAP_MIN_ADDR);
	/* running past TASK_SIZE, or into the kernel half */
	assert_int_equal(mmap_anon(TASK_SIZE - P(1), P(2), RW, PRIV),
			 BASE - P(7));
	assert_int_equal(mmap_anon(TASK_SIZE, P(1), PROT_EXEC, PRIV),
			 BASE - P(8));
	/* the last page of user space is fine */
	assert_int_equal(mmap_anon(TASK_SIZE - P(1), P(1), RW, PRIV),
			 TASK_SIZE - P(1));
	/* just below a mapping, ending at its start */
	assert_int_equal(mmap_anon(0x20000000u - P(3), P(3), PROT_READ, PRIV),
			 0x20000000u - P(3));
	check_mm(mm);
}

static void test_mmap_bottomup_fallback(void **state)
{
	uint32_t big;

	(void)state;
	/* no room below mmap_base: bottom-up from TASK_UNMAPPED_BASE */
	mm->mmap_base = MMAP_MIN_ADDR;
	assert_int_equal(mmap_anon(0, P(2), RW, PRIV), 0x40000000u);
	assert_int_equal(mmap_anon(0, P(1), PROT_READ, PRIV), 0x40002000u);
	assert_int_equal(mmap_fixed(0x40004000u, P(1), PROT_READ), 0x40004000u);
	assert_int_equal(mmap_anon(0, P(2), PROT_EXEC, PRIV), 0x40005000u);
	assert_int_equal(mmap_anon(0, P(1), PROT_EXEC, PRIV), 0x40003000u);
	check_mm(mm);

	/* the whole space: top-down fits one, then nothing fits anywhere */
	mm->mmap_base = BASE;
	assert_int_equal(do_munmap(mm, 0x40000000u, P(7)), 0);
	big = mmap_anon(0, 0xa0000000u, PROT_NONE, PRIV);
	assert_int_equal(big, BASE - 0xa0000000u);
	assert_int_equal(mmap_anon(0, 0x30000000u, PROT_READ, PRIV),
			 ERR(ENOMEM));
	/* a smaller one still fits under it */
	assert_int_equal(mmap_anon(0, 0x08000000u, PROT_READ, PRIV),
			 BASE - 0xa0000000u - 0x08000000u);
	assert_int_equal(mm->map_count, 2);
	assert_int_equal(get_unmapped_area(mm, 0, TASK_SIZE + 1, 0, 0),
			 ERR(ENOMEM));
	check_mm(mm);
}

static void test_mmap_errors(void **state)
{
	uint32_t a;

	(void)state;
	a = mmap_fixed(0x10000000u, P(4), RW);
	assert_int_equal(a, 0x10000000u);

	assert_int_equal(mmap_anon(0, 0, RW, PRIV), ERR(EINVAL));
	assert_int_equal(mmap_anon(0x10000000u, 0, RW, PRIV | MAP_FIXED),
			 ERR(EINVAL));
	assert_int_equal(mmap_anon(0x10000800u, P(1), RW, PRIV | MAP_FIXED),
			 ERR(EINVAL));
	assert_int_equal(mmap_anon(0, P(1), RW, MAP_ANONYMOUS), ERR(EINVAL));
	assert_int_equal(mmap_anon(0, P(1), RW,
				   MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS),
			 ERR(EINVAL));
	/* the length overflows when rounded, or is more than user space */
	assert_int_equal(mmap_anon(0, 0xfffff001u, RW, PRIV), ERR(ENOMEM));
	assert_int_equal(mmap_anon(0, TASK_SIZE + 1, RW, PRIV), ERR(ENOMEM));
	assert_int_equal(mmap_anon(TASK_SIZE - P(1), P(2), RW,
				   PRIV | MAP_FIXED), ERR(ENOMEM));
	assert_int_equal(mmap_anon(TASK_SIZE, P(1), RW, PRIV | MAP_FIXED),
			 ERR(ENOMEM));
	/* vm.mmap_min_addr */
	assert_int_equal(mmap_anon(0, P(1), RW, PRIV | MAP_FIXED), ERR(EPERM));
	assert_int_equal(mmap_anon(MMAP_MIN_ADDR - P(1), P(1), RW,
				   PRIV | MAP_FIXED), ERR(EPERM));
	/* an object offset that wraps */
	assert_int_equal(do_mmap_pgoff(mm, 0x20000000u, P(2), RW,
				       MAP_PRIVATE | MAP_FIXED, 0xffffffffu,
				       &plain_ops, &backing_object),
			 ERR(EOVERFLOW));
	/* none of it touched the one mapping there is */
	assert_int_equal(mm->map_count, 1);
	assert_vma(a, a, a + P(4), ANON_RW);
	assert_int_equal(mm->total_vm, 4);
	assert_int_equal(opens, 0);
	check_mm(mm);
}

static void test_mmap_fixed_replace(void **state)
{
	const uint32_t f = 0x10000000u;
	uint8_t buf[16], zero[16] = { 0 };
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(mmap_fixed(f, P(10), RW), f);
	assert_int_equal(access_process_vm(mm, f + P(4), "ABCDEFGHIJKLMNOP",
					   16, 1), 16);
	assert_int_equal(mm->anon_rss, 1);

	/* a different mapping in the middle: the old pages go */
	assert_int_equal(mmap_fixed(f + P(3), P(2), PROT_READ), f + P(3));
	assert_int_equal(mm->map_count, 3);
	assert_int_equal(mm->anon_rss, 0);
	assert_vma(f, f, f + P(3), ANON_RW);
	assert_vma(f + P(3), f + P(3), f + P(5), ANON_R);
	assert_vma(f + P(5), f + P(5), f + P(10), ANON_RW);
	assert_int_equal(pgoff_at(f + P(5)), PFN(f) + 5);
	assert_int_equal(access_process_vm(mm, f + P(4), buf, 16, 0), 16);
	assert_memory_equal(buf, zero, 16);
	assert_int_equal(mm->total_vm, 10);

	/* the same rights as around it again: one VMA */
	assert_int_equal(mmap_fixed(f + P(3), P(2), RW), f + P(3));
	assert_int_equal(mm->map_count, 1);
	assert_vma(f, f, f + P(10), ANON_RW);
	assert_int_equal(pgoff_at(f), PFN(f));

	/* over several VMAs and holes at once */
	assert_int_equal(mmap_fixed(f + P(12), P(2), PROT_READ), f + P(12));
	assert_int_equal(mmap_fixed(f + P(8), P(8), PROT_EXEC), f + P(8));
	assert_int_equal(mm->map_count, 2);
	assert_vma(f + P(8), f + P(8), f + P(16), VM_EXEC | VM_MAYALL);
	vma = find_vma(mm, f);
	assert_int_equal(vma->vm_end, f + P(8));
	assert_int_equal(mm->total_vm, 16);
	check_mm(mm);
}

static void test_mmap_fixed_noreplace(void **state)
{
	const uint32_t f = 0x10000000u;

	(void)state;
	assert_int_equal(mmap_anon(f, P(4), RW, PRIV | MAP_FIXED_NOREPLACE), f);
	assert_int_equal(mmap_anon(f, P(4), RW, PRIV | MAP_FIXED_NOREPLACE),
			 ERR(EEXIST));
	assert_int_equal(mmap_anon(f + P(3), P(2), RW,
				   PRIV | MAP_FIXED_NOREPLACE), ERR(EEXIST));
	assert_int_equal(mmap_anon(f - P(1), P(2), RW,
				   PRIV | MAP_FIXED_NOREPLACE), ERR(EEXIST));
	assert_int_equal(mmap_anon(f + 1, P(1), RW,
				   PRIV | MAP_FIXED_NOREPLACE), ERR(EINVAL));
	/* right next to it is free, and merges */
	assert_int_equal(mmap_anon(f + P(4), P(2), RW,
				   PRIV | MAP_FIXED_NOREPLACE), f + P(4));
	assert_int_equal(mm->map_count, 1);
	assert_vma(f, f, f + P(6), ANON_RW);
	check_mm(mm);
}

static void test_find_vma_edges(void **state)
{
	const uint32_t a = 0x10000000u, b = a + P(4);
	const uint32_t c = a + P(8), d = a + P(10);
	struct vm_area_struct *v1, *v2, *prev;

	(void)state;
	assert_null(find_vma(mm, 0));
	assert_null(find_vma_prev(mm, a, &prev));
	assert_null(prev);
	assert_null(find_vma_intersection(mm, 0, TASK_SIZE));

	mmap_fixed(a, b - a, RW);
	mmap_fixed(c, d - c, PROT_READ);
	v1 = find_vma(mm, a);
	v2 = find_vma(mm, c);
	assert_ptr_not_equal(v1, v2);

	/* first VMA with vm_end > addr */
	assert_ptr_equal(find_vma(mm, 0), v1);		/* below the first */
	assert_ptr_equal(find_vma(mm, a - 1), v1);
	assert_ptr_equal(find_vma(mm, a), v1);		/* vm_start */
	assert_ptr_equal(find_vma(mm, b - 1), v1);	/* vm_end - 1 */
	assert_ptr_equal(find_vma(mm, b), v2);		/* vm_end: the gap */
	assert_ptr_equal(find_vma(mm, c - 1), v2);
	assert_ptr_equal(find_vma(mm, c), v2);
	assert_ptr_equal(find_vma(mm, d - 1), v2);
	assert_null(find_vma(mm, d));			/* above the last */
	assert_null(find_vma(mm, 0xffffffffu));
	assert_ptr_equal(mm->mmap_cache, v2);

	/* and the one before it */
	assert_ptr_equal(find_vma_prev(mm, 0, &prev), v1);
	assert_null(prev);
	assert_ptr_equal(find_vma_prev(mm, b - 1, &prev), v1);
	assert_null(prev);
	assert_ptr_equal(find_vma_prev(mm, b, &prev), v2);
	assert_ptr_equal(prev, v1);
	assert_ptr_equal(find_vma_prev(mm, c, &prev), v2);
	assert_ptr_equal(prev, v1);
	assert_ptr_equal(find_vma_prev(mm, d - 1, &prev), v2);
	assert_ptr_equal(prev, v1);
	assert_null(find_vma_prev(mm, d, &prev));
	assert_ptr_equal(prev, v2);
	assert_null(find_vma_prev(mm, 0xffffffffu, &prev));
	assert_ptr_equal(prev, v2);

	/* overlap with [start, end) */
	assert_null(find_vma_intersection(mm, 0, a));
	assert_ptr_equal(find_vma_intersection(mm, 0, a + 1), v1);
	assert_ptr_equal(find_vma_intersection(mm, b - 1, b), v1);
	assert_null(find_vma_intersection(mm, b, c));	/* exactly the gap */
	assert_ptr_equal(find_vma_intersection(mm, b - 1, c), v1);
	assert_ptr_equal(find_vma_intersection(mm, b, c + 1), v2);
	assert_ptr_equal(find_vma_intersection(mm, 0, TASK_SIZE), v1);
	assert_null(find_vma_intersection(mm, d, TASK_SIZE));
	assert_null(find_vma_intersection(mm, a + 5, a + 5));	/* empty */

	/* the cache never outlives its VMA */
	assert_ptr_equal(find_vma(mm, c), v2);
	assert_int_equal(do_munmap(mm, c, d - c), 0);
	assert_null(mm->mmap_cache);
	assert_null(find_vma(mm, c));
	assert_ptr_equal(find_vma(mm, b - 1), v1);
	check_mm(mm);
}

static void test_munmap_shapes(void **state)
{
	const uint32_t f = 0x10000000u;
	struct vm_area_struct *vma;

	(void)state;
	mmap_fixed(f, P(10), RW);

	/* the middle: two VMAs, the upper one's offset moved on */
	assert_int_equal(do_munmap(mm, f + P(4), P(2)), 0);
	assert_int_equal(mm->map_count, 2);
	assert_vma(f, f, f + P(4), ANON_RW);
	assert_unmapped(f + P(4), f + P(6));
	assert_vma(f + P(6), f + P(6), f + P(10), ANON_RW);
	assert_int_equal(pgoff_at(f + P(6)), PFN(f) + 6);
	assert_int_equal(mm->total_vm, 8);

	/* the head: trimmed */
	assert_int_equal(do_munmap(mm, f, P(1)), 0);
	assert_vma(f + P(1), f + P(1), f + P(4), ANON_RW);
	assert_int_equal(pgoff_at(f + P(1)), PFN(f) + 1);
	/* the tail, with an unaligned length rounded up */
	assert_int_equal(do_munmap(mm, f + P(9), 1), 0);
	assert_vma(f + P(6), f + P(6), f + P(9), ANON_RW);
	assert_int_equal(mm->map_count, 2);
	assert_int_equal(mm->total_vm, 6);

	/* across the hole: the end of one, the start of the next */
	assert_int_equal(do_munmap(mm, f + P(3), P(4)), 0);
	assert_vma(f + P(1), f + P(1), f + P(3), ANON_RW);
	assert_vma(f + P(7), f + P(7), f + P(9), ANON_RW);
	assert_int_equal(mm->total_vm, 4);

	/* nothing mapped there is fine */
	assert_int_equal(do_munmap(mm, f + P(3), P(4)), 0);
	assert_int_equal(do_munmap(mm, 0x30000000u, P(100)), 0);
	assert_int_equal(mm->map_count, 2);

	/* errors */
	assert_int_equal(do_munmap(mm, f + 1, P(1)), -EINVAL);
	assert_int_equal(do_munmap(mm, f, 0), -EINVAL);
	assert_int_equal(do_munmap(mm, TASK_SIZE - P(1), P(2)), -EINVAL);
	assert_int_equal(do_munmap(mm, TASK_SIZE + P(1), P(1)), -EINVAL);
	assert_int_equal(do_munmap(mm, f, 0xfffff001u), -EINVAL);
	assert_int_equal(mm->map_count, 2);

	/* whole VMAs, all at once */
	assert_int_equal(do_munmap(mm, f, P(10)), 0);
	assert_null(mm->mmap);
	assert_int_equal(mm->map_count, 0);
	assert_int_equal(mm->total_vm, 0);
	vma = find_vma(mm, 0);
	assert_null(vma);
	check_mm(mm);
}

static void test_munmap_frees_pages_and_tables(void **state)
{
	const uint32_t g = 0x20000000u, G = PGDIR_SIZE;
	uint32_t x = 0x12345678;

	(void)state;
	mmap_fixed(g, 3 * G, RW);
	access_process_vm(mm, g, &x, 4, 1);
	access_process_vm(mm, g + G, &x, 4, 1);
	access_process_vm(mm, g + 2 * G, &x, 4, 1);
	access_process_vm(mm, g + 3 * G - 4, &x, 4, 1);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 3);
	assert_int_equal(mm->anon_rss, 4);

	/* a whole 4 MiB with no VMA left: its table goes */
	assert_int_equal(do_munmap(mm, g + G, G), 0);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 2);
	assert_int_equal(mm->anon_rss, 3);
	/* a VMA still in the 4 MiB: the table stays */
	assert_int_equal(do_munmap(mm, g + 2 * G, P(1)), 0);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 2);
	assert_int_equal(mm->anon_rss, 2);

	/* a small VMA in the middle 4 MiB keeps its table alive */
	mmap_fixed(g + G + P(1), P(1), PROT_READ | PROT_WRITE | PROT_EXEC);
	access_process_vm(mm, g + G + P(1), &x, 4, 1);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 3);
	assert_int_equal(do_munmap(mm, g, G), 0);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 2);
	assert_int_equal(do_munmap(mm, g + G + P(1), P(1)), 0);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 1);
	assert_int_equal(do_munmap(mm, g, 3 * G), 0);
	assert_int_equal(pgd_nr_ptes(mm->pgd), 0);
	assert_int_equal(mm->anon_rss, 0);
	check_mm(mm);
}

static void test_split_merge_backed(void **state)
{
	const uint32_t f = 0x10000000u;
	struct vm_area_struct *vma;

	(void)state;
	opens = closes = 0;
	assert_int_equal(mmap_backed(&counted_ops, f, P(10), PROT_READ,
				     MAP_PRIVATE, 100), f);
	/* the creator holds the first reference: no ->open */
	assert_int_equal(opens, 0);
	assert_int_equal(mm->shared_vm, 10);

	/* munmap of the middle: two splits (two opens), one close */
	assert_int_equal(do_munmap(mm, f + P(3), P(2)), 0);
	assert_int_equal(opens, 2);
	assert_int_equal(closes, 1);
	assert_int_equal(backed_vmas(), 2);
	assert_int_equal(pgoff_at(f), 100);
	assert_int_equal(pgoff_at(f + P(5)), 105);
	assert_ptr_equal(find_vma(mm, f + P(5))->vm_private_data,
			 &backing_object);

	/* ->close forbids merging: mprotect and back leaves three VMAs */
	assert_int_equal(do_mprotect(mm, f + P(6), P(2), PROT_NONE), 0);
	assert_int_equal(do_mprotect(mm, f + P(6), P(2), PROT_READ), 0);
	assert_int_equal(mm->map_count, 4);
	assert_int_equal(opens - closes + 1, backed_vmas());

	/* adjacent, contiguous offsets, but not mergeable: a new VMA */
	assert_int_equal(mmap_backed(&counted_ops, f + P(3), P(2), PROT_READ,
				     MAP_PRIVATE, 103), f + P(3));
	assert_int_equal(mm->map_count, 5);

	/* without ->close, contiguous offsets merge and others do not */
	assert_int_equal(mmap_backed(&plain_ops, 0x20000000u, P(2), PROT_READ,
				     MAP_PRIVATE, 7), 0x20000000u);
	assert_int_equal(mmap_backed(&plain_ops, 0x20002000u, P(2), PROT_READ,
				     MAP_PRIVATE, 9), 0x20002000u);
	assert_int_equal(mmap_backed(&plain_ops, 0x20004000u, P(2), PROT_READ,
				     MAP_PRIVATE, 12), 0x20004000u);
	vma = find_vma(mm, 0x20000000u);
	assert_int_equal(vma->vm_end, 0x20004000u);
	assert_int_equal(vma->vm_pgoff, 7);
	assert_int_equal(find_vma(mm, 0x20004000u)->vm_start, 0x20004000u);
	/* nor do anonymous and backed mappings */
	assert_int_equal(mmap_fixed(0x20006000u, P(1), PROT_READ), 0x20006000u);
	assert_int_equal(find_vma(mm, 0x20006000u)->vm_start, 0x20006000u);
	assert_int_equal(mm->map_count, 8);
	check_mm(mm);

	/* teardown closes every VMA of the object */
	mmput(mm);
	mm = NULL;
	assert_int_equal(closes, opens + 2);	/* two creators' references */
}

static void test_mprotect_split_merge(void **state)
{
	const uint32_t f = 0x10000000u;
	struct vm_area_struct *vma;

	(void)state;
	mmap_fixed(f, P(10), RW);
	vma = find_vma(mm, f);

	/* the middle, and back: one VMA as before */
	assert_int_equal(do_mprotect(mm, f + P(3), P(2), PROT_READ), 0);
	assert_int_equal(mm->map_count, 3);
	assert_vma(f, f, f + P(3), ANON_RW);
	assert_vma(f + P(3), f + P(3), f + P(5), ANON_R);
	assert_vma(f + P(5), f + P(5), f + P(10), ANON_RW);
	assert_int_equal(pgoff_at(f + P(3)), PFN(f) + 3);
	assert_int_equal(do_mprotect(mm, f + P(3), P(2), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_vma(f, f, f + P(10), ANON_RW);
	vma = find_vma(mm, f);
	assert_int_equal(vma->vm_pgoff, PFN(f));

	/* the head and the tail, unaligned length rounded up */
	assert_int_equal(do_mprotect(mm, f, P(2) - 5, PROT_READ), 0);
	assert_vma(f, f, f + P(2), ANON_R);
	assert_vma(f + P(2), f + P(2), f + P(10), ANON_RW);
	assert_int_equal(do_mprotect(mm, f + P(8), P(2), PROT_READ), 0);
	assert_vma(f + P(8), f + P(8), f + P(10), ANON_R);
	assert_int_equal(mm->map_count, 3);
	/* growing the head's rights merges it into the middle (case 8) */
	assert_int_equal(do_mprotect(mm, f, P(2), RW), 0);
	assert_vma(f, f, f + P(8), ANON_RW);
	/* the middle's tail into the tail VMA (case 4) */
	assert_int_equal(do_mprotect(mm, f + P(6), P(2), PROT_READ), 0);
	assert_vma(f + P(6), f + P(6), f + P(10), ANON_R);
	assert_int_equal(pgoff_at(f + P(6)), PFN(f) + 6);
	assert_vma(f, f, f + P(6), ANON_RW);
	/* the tail's head into the middle (case 5) */
	assert_int_equal(do_mprotect(mm, f + P(6), P(1), RW), 0);
	assert_vma(f, f, f + P(7), ANON_RW);
	assert_vma(f + P(7), f + P(7), f + P(10), ANON_R);
	assert_int_equal(pgoff_at(f + P(7)), PFN(f) + 7);
	/* a whole VMA into the one before (case 7) */
	assert_int_equal(do_mprotect(mm, f + P(7), P(3), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_vma(f, f, f + P(10), ANON_RW);

	/* a whole VMA between two that match it (case 6) */
	assert_int_equal(do_mprotect(mm, f + P(4), P(3), PROT_EXEC), 0);
	assert_int_equal(mm->map_count, 3);
	assert_int_equal(do_mprotect(mm, f + P(4), P(3), RW), 0);
	assert_int_equal(mm->map_count, 1);

	/* across several VMAs at once */
	assert_int_equal(do_mprotect(mm, f + P(1), P(1), PROT_NONE), 0);
	assert_int_equal(do_mprotect(mm, f + P(5), P(1), PROT_EXEC), 0);
	assert_int_equal(mm->map_count, 5);
	assert_int_equal(do_mprotect(mm, f, P(9), PROT_READ), 0);
	assert_vma(f, f, f + P(9), ANON_R);
	assert_vma(f + P(9), f + P(9), f + P(10), ANON_RW);
	assert_int_equal(do_mprotect(mm, f, P(10), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(mm->total_vm, 10);
	check_mm(mm);
}

/*
 * anon_vma: pages of VMAs with different ones must not share a VMA. The
 * anon_vmas are real (rmap.h): a VMA gets one at anon_vma_prepare, its
 * first anonymous fault, unless a neighbour it could merge with has one.
 */
static void test_merge_anon_vma(void **state)
{
	const uint32_t f = 0x10000000u;
	struct vm_area_struct *lo, *hi;
	struct anon_vma *a1, *a2;

	(void)state;
	mmap_fixed(f, P(4), RW);
	assert_int_equal(do_mprotect(mm, f + P(2), P(2), PROT_READ), 0);
	lo = find_vma(mm, f);
	hi = find_vma(mm, f + P(2));
	/* different flags: each half gets its own */
	assert_int_equal(anon_vma_prepare(lo), 0);
	assert_int_equal(anon_vma_prepare(hi), 0);
	a1 = lo->anon_vma;
	a2 = hi->anon_vma;
	assert_non_null(a1);
	assert_non_null(a2);
	assert_ptr_not_equal(a1, a2);
	assert_int_equal(do_mprotect(mm, f + P(2), P(2), RW), 0);
	assert_int_equal(mm->map_count, 2);
	assert_vma(f + P(2), f + P(2), f + P(4), ANON_RW);

	/* one without an anon_vma merges, and the other's is kept */
	assert_int_equal(do_munmap(mm, f + P(2), P(2)), 0);
	mmap_fixed(f + P(2), P(2), PROT_READ);
	assert_null(find_vma(mm, f + P(2))->anon_vma);
	assert_int_equal(do_mprotect(mm, f + P(2), P(2), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_ptr_equal(find_vma(mm, f)->anon_vma, a1);

	/* a split copies it */
	assert_int_equal(do_mprotect(mm, f + P(2), P(2), PROT_READ), 0);
	assert_ptr_equal(find_vma(mm, f + P(2))->anon_vma, a1);
	assert_int_equal(a1->refcount, 2);

	/* the survivor of a merge inherits the other's */
	assert_int_equal(do_munmap(mm, f, P(4)), 0);
	mmap_fixed(f, P(2), RW);
	mmap_fixed(f + P(2), P(2), PROT_READ);
	lo = find_vma(mm, f);
	hi = find_vma(mm, f + P(2));
	assert_int_equal(anon_vma_prepare(hi), 0);
	a2 = hi->anon_vma;
	assert_null(lo->anon_vma);
	assert_int_equal(do_mprotect(mm, f + P(2), P(2), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_ptr_equal(find_vma(mm, f), lo);
	assert_ptr_equal(lo->anon_vma, a2);
	assert_int_equal(a2->refcount, 1);
	/* and a new mapping next to it joins it */
	assert_int_equal(mmap_fixed(f + P(4), P(1), RW), f + P(4));
	assert_int_equal(mm->map_count, 1);
	assert_ptr_equal(find_vma(mm, f + P(4))->anon_vma, a2);
	check_mm(mm);
}

static void test_mprotect_ptes(void **state)
{
	const uint32_t f = 0x10000000u;
	char buf[8];
	pte_t *pte;

	(void)state;
	mmap_fixed(f, P(4), RW);
	assert_int_equal(access_process_vm(mm, f + P(1), "written", 8, 1), 8);
	pte = pte_offset(mm->pgd, f + P(1));
	assert_non_null(pte);
	assert_true((*pte & (_PAGE_PRESENT | _PAGE_RW)) ==
		    (_PAGE_PRESENT | _PAGE_RW));

	assert_int_equal(do_mprotect(mm, f + P(1), P(1), PROT_READ), 0);
	assert_int_equal(*pte & (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER),
			 _PAGE_PRESENT | _PAGE_USER);
	assert_int_equal(access_process_vm(mm, f + P(1), buf, 8, 0), 8);
	assert_string_equal(buf, "written");
	assert_int_equal(access_process_vm(mm, f + P(1), "x", 1, 1), 0);

	/* PROT_NONE: the frame stays, the hardware sees no page */
	assert_int_equal(do_mprotect(mm, f + P(1), P(1), PROT_NONE), 0);
	assert_int_equal(*pte & _PAGE_PRESENT, 0);
	assert_true(pte_present(*pte));
	assert_int_equal(access_process_vm(mm, f + P(1), buf, 8, 0), 0);
	assert_int_equal(mm->anon_rss, 1);

	/* back: private writable is PAGE_COPY, writes go through COW */
	assert_int_equal(do_mprotect(mm, f + P(1), P(1), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(*pte & (_PAGE_PRESENT | _PAGE_RW), _PAGE_PRESENT);
	assert_int_equal(access_process_vm(mm, f + P(1), "W", 1, 1), 1);
	assert_int_equal(access_process_vm(mm, f + P(1), buf, 8, 0), 8);
	assert_string_equal(buf, "Written");
	assert_int_equal(mm->anon_rss, 1);
	check_mm(mm);
}

static void test_mprotect_errors(void **state)
{
	const uint32_t f = 0x10000000u;
	struct vm_area_struct *vma;

	(void)state;
	mmap_fixed(f, P(4), RW);
	mmap_fixed(f + P(6), P(2), RW);

	assert_int_equal(do_mprotect(mm, f + 1, P(1), PROT_READ), -EINVAL);
	assert_int_equal(do_mprotect(mm, f, P(1), 0x10), -EINVAL);
	assert_int_equal(do_mprotect(mm, f, P(1), PROT_READ | 0x20000000),
			 -EINVAL);
	assert_int_equal(do_mprotect(mm, f, 0, PROT_READ), 0);
	assert_int_equal(do_mprotect(mm, f, 0xfffffff0u, PROT_READ), -ENOMEM);
	/* a hole: nothing is changed, not even before the hole */
	assert_int_equal(do_mprotect(mm, f + P(2), P(6), PROT_READ), -ENOMEM);
	assert_vma(f, f, f + P(4), ANON_RW);
	assert_int_equal(mm->map_count, 2);
	assert_int_equal(do_mprotect(mm, f + P(4), P(1), PROT_READ), -ENOMEM);
	assert_int_equal(do_mprotect(mm, 0x30000000u, P(1), PROT_READ),
			 -ENOMEM);
	/* PROT_SEM is accepted and ignored, as Linux does */
	assert_int_equal(do_mprotect(mm, f + P(6), P(2), PROT_READ | 0x8), 0);
	assert_vma(f + P(6), f + P(6), f + P(8), ANON_R);

	/* a right the VMA may never have */
	vma = vm_area_alloc(mm);
	vma->vm_start = 0x20000000u;
	vma->vm_end = 0x20000000u + P(2);
	vma->vm_flags = VM_READ | VM_MAYREAD | VM_MAYEXEC;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	assert_int_equal(insert_vm_struct(mm, vma), 0);
	assert_int_equal(do_mprotect(mm, 0x20000000u, P(1), RW), -EACCES);
	assert_int_equal(do_mprotect(mm, 0x20000000u, P(1),
				     PROT_READ | PROT_EXEC), 0);
	assert_int_equal(find_vma(mm, 0x20000000u)->vm_flags,
			 VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC);
	assert_int_equal(mm->map_count, 4);
	/* and the two halves merge again */
	assert_int_equal(do_mprotect(mm, 0x20000000u, P(2), PROT_NONE), 0);
	assert_int_equal(mm->map_count, 3);
	check_mm(mm);
}

static void test_mprotect_growsdown(void **state)
{
	struct vm_area_struct *stack;

	(void)state;
	mmap_fixed(0x10000000u, P(4), RW);
	assert_int_equal(setup_arg_pages(mm, P(16), 0), 0);
	stack = find_vma(mm, STACK_TOP - P(1));
	assert_int_equal(stack->vm_start, STACK_TOP - P(16));
	/* PROT_GROWSDOWN extends the range down to the stack's start */
	assert_int_equal(do_mprotect(mm, STACK_TOP - P(8), P(1),
				     PROT_READ | PROT_GROWSDOWN), 0);
	assert_vma(STACK_TOP - P(16), STACK_TOP - P(16), STACK_TOP - P(7),
		   (VM_STACK_FLAGS & ~(VM_WRITE | VM_EXEC)));
	assert_vma(STACK_TOP - P(7), STACK_TOP - P(7), STACK_TOP,
		   VM_STACK_FLAGS & ~VM_EXEC);
	/* the lower part is the old VMA, the upper one its copy */
	assert_ptr_equal(find_vma(mm, STACK_TOP - P(16)), stack);
	/* but only on a growsdown VMA */
	assert_int_equal(do_mprotect(mm, 0x10000000u + P(1), P(1),
				     PROT_READ | PROT_GROWSDOWN), -EINVAL);
	assert_int_equal(do_mprotect(mm, 0x0f000000u, P(1),
				     PROT_READ | PROT_GROWSDOWN), -ENOMEM);
	check_mm(mm);
}

static void test_map_count_limit(void **state)
{
	const uint32_t f = 0x10000000u;

	(void)state;
	mm->max_map_count = 4;
	assert_int_equal(mmap_fixed(f, P(4), RW), f);
	assert_int_equal(mmap_fixed(f + P(5), P(1), RW), f + P(5));
	assert_int_equal(mmap_fixed(f + P(7), P(1), RW), f + P(7));
	assert_int_equal(mmap_fixed(f + P(9), P(1), RW), f + P(9));
	assert_int_equal(mm->map_count, 4);
	/* as Linux, mmap may take map_count to max_map_count + 1 */
	assert_int_equal(mmap_fixed(f + P(11), P(1), RW), f + P(11));
	assert_int_equal(mm->map_count, 5);

	/* past it, as Linux: even a mapping that would merge */
	assert_int_equal(mmap_anon(0, P(1), RW, PRIV), ERR(ENOMEM));
	assert_int_equal(mmap_fixed(f + P(10), P(1), RW), ERR(ENOMEM));
	/* a split that makes one more VMA */
	assert_int_equal(do_munmap(mm, f + P(1), P(1)), -ENOMEM);
	assert_int_equal(do_mprotect(mm, f + P(1), P(1), PROT_READ), -ENOMEM);
	assert_int_equal(split_vma(mm, find_vma(mm, f), f + P(2), 0), -ENOMEM);
	assert_int_equal(setup_arg_pages(mm, P(4), 0), -ENOMEM);
	mm->start_brk = mm->brk = 0x08050000u;
	assert_int_equal(do_brk(mm, 0x08052000u), 0x08050000u);
	assert_int_equal(mm->map_count, 5);
	assert_vma(f, f, f + P(4), ANON_RW);

	/* trimming by munmap does not add a VMA; by mprotect it does */
	assert_int_equal(do_munmap(mm, f, P(1)), 0);
	assert_int_equal(mm->map_count, 5);
	assert_int_equal(do_mprotect(mm, f + P(3), P(1), PROT_READ), -ENOMEM);
	/* two fewer, and a split works again */
	assert_int_equal(do_munmap(mm, f + P(9), P(1)), 0);
	assert_int_equal(do_munmap(mm, f + P(11), P(1)), 0);
	assert_int_equal(do_mprotect(mm, f + P(1), P(1), PROT_NONE), 0);
	assert_int_equal(mm->map_count, 4);
	check_mm(mm);
}

/*
 * free_area_cache: a search starts below the last mapping made, and a
 * hole munmap makes is where the next search starts, even a low one.
 */
static void test_mmap_free_area_cache(void **state)
{
	uint32_t a, b, c;

	(void)state;
	a = mmap_anon(0, P(1), RW, PRIV);
	b = mmap_anon(0, P(1), PROT_READ, PRIV);
	c = mmap_anon(0, P(1), RW, PRIV);
	assert_int_equal(a, BASE - P(1));
	assert_int_equal(b, BASE - P(2));
	assert_int_equal(c, BASE - P(3));
	assert_int_equal(mm->free_area_cache, c);
	/* a hole in the middle: the next one-page mapping fills it */
	assert_int_equal(do_munmap(mm, b, P(1)), 0);
	assert_int_equal(mm->free_area_cache, a);
	assert_int_equal(mmap_anon(0, P(1), PROT_READ | PROT_EXEC, PRIV), b);
	/* two pages do not fit there: below c, the hole passed noted */
	assert_int_equal(do_munmap(mm, b, P(1)), 0);
	assert_int_equal(mmap_anon(0, P(2), PROT_READ, PRIV), c - P(2));
	assert_int_equal(mm->cached_hole_size, P(1));
	/* a request the noted hole could hold searches from mmap_base */
	assert_int_equal(mmap_anon(0, P(1), PROT_READ | PROT_EXEC, PRIV), b);
	assert_int_equal(mm->cached_hole_size, 0);
	/* from the hint down, hopping over what MAP_FIXED put in the way */
	assert_int_equal(mmap_fixed(c - P(4), P(2), PROT_NONE), c - P(4));
	assert_int_equal(mmap_anon(0, P(1), RW, PRIV), c - P(5));
	check_mm(mm);
}

static void test_split_vma_api(void **state)
{
	const uint32_t f = 0x10000000u;
	struct vm_area_struct *vma;

	(void)state;
	mmap_fixed(f, P(4), RW);
	vma = find_vma(mm, f);
	assert_int_equal(split_vma(mm, vma, f, 0), -EINVAL);
	assert_int_equal(split_vma(mm, vma, f + P(4), 0), -EINVAL);
	assert_int_equal(split_vma(mm, vma, f + 100, 1), -EINVAL);
	assert_int_equal(split_vma(mm, vma, f + P(1), 1), 0);
	assert_ptr_equal(find_vma(mm, f + P(1)), vma);
	assert_int_equal(vma->vm_start, f + P(1));
	assert_int_equal(vma->vm_pgoff, PFN(f) + 1);
	assert_int_equal(find_vma(mm, f)->vm_end, f + P(1));
	assert_int_equal(split_vma(mm, vma, f + P(3), 0), 0);
	assert_int_equal(vma->vm_end, f + P(3));
	assert_int_equal(pgoff_at(f + P(3)), PFN(f) + 3);
	assert_int_equal(mm->map_count, 3);
	assert_int_equal(mm->total_vm, 4);
	/* and vma_merge puts them back together */
	assert_non_null(vma_merge(mm, find_vma(mm, f), f + P(1), f + P(3),
				  ANON_RW, NULL, NULL, PFN(f) + 1));
	assert_int_equal(mm->map_count, 1);
	assert_vma(f, f, f + P(4), ANON_RW);
	check_mm(mm);
}

static void test_brk(void **state)
{
	const uint32_t sb = 0x08050000u;

	(void)state;
	mm->start_brk = mm->brk = sb;
	assert_int_equal(do_brk(mm, sb + 100), sb + 100);
	assert_int_equal(mm->brk, sb + 100);
	assert_vma(sb, sb, sb + P(1), ANON_RW);
	assert_int_equal(pgoff_at(sb), PFN(sb));
	/* within the same page: no new mapping */
	assert_int_equal(do_brk(mm, sb + P(1)), sb + P(1));
	assert_int_equal(mm->map_count, 1);
	/* growing merges with the heap */
	assert_int_equal(do_brk(mm, sb + P(3) + 1), sb + P(3) + 1);
	assert_int_equal(mm->map_count, 1);
	assert_vma(sb, sb, sb + P(4), ANON_RW);
	assert_int_equal(mm->total_vm, 4);
	/* shrinking unmaps */
	assert_int_equal(do_brk(mm, sb + 1), sb + 1);
	assert_vma(sb, sb, sb + P(1), ANON_RW);
	assert_int_equal(mm->total_vm, 1);
	assert_int_equal(do_brk(mm, sb), sb);
	assert_null(mm->mmap);
	/* below start_brk, or in the kernel half: refused */
	assert_int_equal(do_brk(mm, sb - 1), sb);
	assert_int_equal(do_brk(mm, 0xc0001000u), sb);
	assert_int_equal(do_brk(mm, 0xffffffffu), sb);
	assert_int_equal(mm->brk, sb);

	/* a page must stay free below the next mapping */
	mmap_fixed(sb + P(16), P(1), PROT_READ);
	assert_int_equal(do_brk(mm, sb + P(15)), sb + P(15));
	assert_int_equal(do_brk(mm, sb + P(15) + 1), sb + P(15));
	assert_int_equal(do_brk(mm, sb + P(16)), sb + P(15));
	assert_vma(sb, sb, sb + P(15), ANON_RW);
	assert_int_equal(mm->map_count, 2);
	check_mm(mm);
}

static void test_brk_merges_with_bss(void **state)
{
	(void)state;
	/* .bss as the ELF loader maps it; the break inside its last page */
	mmap_fixed(0x08049000u, P(2), RW);
	mm->start_brk = mm->brk = 0x0804a800u;
	assert_int_equal(do_brk(mm, 0x0804a900u), 0x0804a900u);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(do_brk(mm, 0x0804c000u), 0x0804c000u);
	assert_int_equal(mm->map_count, 1);
	assert_vma(0x08049000u, 0x08049000u, 0x0804c000u, ANON_RW);
	/* shrinking never goes below the page holding start_brk */
	assert_int_equal(do_brk(mm, 0x0804a800u), 0x0804a800u);
	assert_vma(0x08049000u, 0x08049000u, 0x0804b000u, ANON_RW);
	check_mm(mm);
}

static void test_brk_stack_gap(void **state)
{
	uint32_t s, sb;

	(void)state;
	assert_int_equal(setup_arg_pages(mm, P(8), 0), 0);
	s = STACK_TOP - P(8);
	sb = s - STACK_GUARD_GAP - P(4);
	mm->start_brk = mm->brk = sb;
	/* up to a page below the stack's guard gap */
	assert_int_equal(do_brk(mm, s - STACK_GUARD_GAP - P(1)),
			 s - STACK_GUARD_GAP - P(1));
	assert_int_equal(do_brk(mm, s - STACK_GUARD_GAP - P(1) + 1),
			 s - STACK_GUARD_GAP - P(1));
	assert_int_equal(do_brk(mm, s - P(1)), s - STACK_GUARD_GAP - P(1));
	assert_vma(sb, sb, s - STACK_GUARD_GAP - P(1), ANON_RW);
	check_mm(mm);
}

static void test_setup_arg_pages(void **state)
{
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(setup_arg_pages(mm, 0, 0), -EINVAL);
	assert_int_equal(setup_arg_pages(mm, RLIMIT_STACK_DEFAULT + 1, 0),
			 -ENOMEM);
	assert_int_equal(setup_arg_pages(mm, 0xffffffffu, 0), -ENOMEM);
	assert_null(mm->mmap);

	assert_int_equal(setup_arg_pages(mm, 5000, 0), 0);
	vma = find_vma(mm, STACK_TOP - 1);
	assert_int_equal(vma->vm_start, STACK_TOP - P(2));
	assert_int_equal(vma->vm_end, STACK_TOP);
	assert_int_equal(vma->vm_flags, VM_STACK_FLAGS & ~VM_EXEC);
	assert_int_equal(vma->vm_page_prot, PAGE_COPY);
	assert_int_equal(mm->start_stack, STACK_TOP);
	assert_int_equal(mm->stack_vm, 2);
	assert_int_equal(mm->total_vm, 2);
	/* there is a stack already */
	assert_int_equal(setup_arg_pages(mm, P(1), 1), -ENOMEM);
	check_mm(mm);

	mmput(mm);
	mm = mm_alloc();
	assert_int_equal(setup_arg_pages(mm, RLIMIT_STACK_DEFAULT, 1), 0);
	vma = find_vma(mm, STACK_TOP - 1);
	assert_int_equal(vma->vm_flags, VM_STACK_FLAGS);
	assert_int_equal(vma->vm_start, STACK_TOP - RLIMIT_STACK_DEFAULT);
	check_mm(mm);
}

static void test_expand_stack(void **state)
{
	struct vm_area_struct *vma;
	uint64_t before;
	uint32_t s;

	(void)state;
	assert_int_equal(setup_arg_pages(mm, P(4), 0), 0);
	vma = find_vma(mm, STACK_TOP - 1);
	before = vm_events[stack_expansions];

	/* already covered: nothing to do */
	assert_int_equal(expand_stack(vma, STACK_TOP - P(4)), 0);
	assert_int_equal(vm_events[stack_expansions], before);

	assert_int_equal(expand_stack(vma, STACK_TOP - P(6) + 123), 0);
	assert_int_equal(vma->vm_start, STACK_TOP - P(6));
	assert_int_equal(vma->vm_pgoff, PFN(STACK_TOP - P(6)));
	assert_int_equal(mm->stack_vm, 6);
	assert_int_equal(mm->total_vm, 6);
	assert_int_equal(vm_events[stack_expansions], before + 1);

	/* up to the rlimit, not a page more */
	s = STACK_TOP - RLIMIT_STACK_DEFAULT;
	assert_int_equal(expand_stack(vma, s - 1), -ENOMEM);
	assert_int_equal(vma->vm_start, STACK_TOP - P(6));
	assert_int_equal(expand_stack(vma, s), 0);
	assert_int_equal(vma->vm_start, s);
	assert_int_equal(mm->stack_vm, RLIMIT_STACK_DEFAULT / PAGE_SIZE);
	assert_int_equal(vm_events[stack_expansions], before + 2);

	/* the guard gap to the mapping below */
	mm->stack_limit = 64u << 20;
	s = STACK_TOP - (16u << 20);
	mmap_fixed(s - STACK_GUARD_GAP - P(2), P(2), RW);
	assert_int_equal(expand_stack(vma, s - 1), -ENOMEM);
	assert_int_equal(expand_stack(vma, s - P(1)), -ENOMEM);
	assert_int_equal(expand_stack(vma, s), 0);
	assert_int_equal(vma->vm_start, s);
	/* the lookup still finds it, tree order intact */
	assert_ptr_equal(find_vma(mm, s), vma);
	assert_ptr_equal(find_vma(mm, s - P(1)), vma);
	assert_int_equal(vm_events[stack_expansions], before + 3);

	/* only growsdown VMAs grow */
	assert_int_equal(expand_stack(find_vma(mm, s - STACK_GUARD_GAP - P(2)),
				      0x10000000u), -ENOMEM);
	check_mm(mm);
}

static void test_stack_fault_grows(void **state)
{
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(setup_arg_pages(mm, P(2), 0), 0);
	vma = find_vma(mm, STACK_TOP - 1);
	assert_int_equal(do_page_fault(mm, STACK_TOP - P(5) + 8,
				       PF_USER | PF_WRITE), 0);
	assert_int_equal(vma->vm_start, STACK_TOP - P(5));
	assert_int_equal(mm->anon_rss, 1);
	assert_int_equal(mm->stack_vm, 5);
	/* beyond the rlimit: SIGSEGV */
	assert_int_equal(do_page_fault(mm, STACK_TOP - RLIMIT_STACK_DEFAULT - 8,
				       PF_USER | PF_WRITE), VM_FAULT_SIGSEGV);
	check_mm(mm);
}

static void test_mm_users(void **state)
{
	(void)state;
	mmap_fixed(0x10000000u, P(2), RW);
	access_process_vm(mm, 0x10000000u, "x", 1, 1);
	mm->mm_users++;
	mmput(mm);
	assert_int_equal(mm->mm_users, 1);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(vm_area_cachep->num_active, 1);
	check_mm(mm);
	mmput(mm);
	mm = NULL;
	assert_int_equal(mm_cachep->num_active, 0);
	assert_int_equal(vm_area_cachep->num_active, 0);
}

static void test_exit_mmap_everything(void **state)
{
	struct mm_struct *other;
	uint32_t a, i;

	(void)state;
	/* pages of every kind, in two address spaces */
	other = mm_alloc();
	assert_non_null(other);
	assert_int_equal(setup_arg_pages(mm, P(4), 0), 0);
	a = mmap_anon(0, P(64), RW, PRIV);
	for (i = 0; i < 64; i += 3)
		access_process_vm(mm, a + P(i), &i, 4, 1);
	a = mmap_anon(0, P(8), RW, SHARED);
	access_process_vm(mm, a, "s", 1, 1);
	a = mmap_anon(0, P(8), PROT_READ, PRIV | MAP_POPULATE);
	access_process_vm(mm, STACK_TOP - P(1), "t", 1, 1);
	mm->start_brk = mm->brk = 0x08050000u;
	do_brk(mm, 0x08060000u);
	access_process_vm(mm, 0x08050000u, "b", 1, 1);
	assert_int_equal(do_page_fault(mm, STACK_TOP - P(30),
				       PF_USER | PF_WRITE), 0);
	assert_true(pgd_nr_ptes(mm->pgd) >= 3);
	assert_true(nr_free_pages() < free_pages_boot);

	a = do_mmap_pgoff(other, 0, P(16), RW, PRIV, 0, NULL, NULL);
	access_process_vm(other, a, "o", 1, 1);
	check_mm(other);
	mmput(other);
	assert_int_equal(mm_cachep->num_active, 1);
	check_mm(mm);
	/* the teardown frees mm and checks every frame came back */
}

static void test_20000_vmas(void **state)
{
	const uint32_t f = 0x10000000u, n = 20000;
	struct vm_area_struct *vma, *prev, *bp, *want;
	uint32_t i, addr, seed = 12345, bound;

	(void)state;
	assert_int_equal(mmap_fixed(f, P(n), RW), f);
	for (i = 1; i < n; i += 2)
		assert_int_equal(do_mprotect(mm, f + P(i), P(1), PROT_READ), 0);
	assert_int_equal(mm->map_count, (int)n);
	check_mm(mm);
	/* a red-black tree: height at most 2 log2(n + 1) */
	for (bound = 0, i = n + 1; i > 1; i >>= 1)
		bound += 2;
	assert_true(tree_height <= (int)bound + 2);

	for (i = 0; i < 4000; i++) {
		seed = seed * 1103515245u + 12345u;
		addr = f - P(2) + seed % (P(n) + P(4));
		if (i % 4 == 0)		/* exact edges too */
			addr &= PAGE_MASK;
		if (i % 8 == 1)
			addr = (addr & PAGE_MASK) - 1;
		want = NULL;
		bp = NULL;
		for (vma = mm->mmap; vma; vma = vma->vm_next) {
			if (vma->vm_end > addr) {
				want = vma;
				break;
			}
			bp = vma;
		}
		assert_ptr_equal(find_vma(mm, addr), want);
		assert_ptr_equal(find_vma_prev(mm, addr, &prev), want);
		assert_ptr_equal(prev, bp);
		if (want && want->vm_start <= addr)
			assert_int_equal(want->vm_flags,
					 PFN(addr - f) % 2 ?
					 ANON_R : ANON_RW);
	}

	/* one mprotect over all of it merges them back into one */
	assert_int_equal(do_mprotect(mm, f, P(n), RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_vma(f, f, f + P(n), ANON_RW);
	assert_int_equal(mm->total_vm, n);
	check_mm(mm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_mm_alloc_layout),
		T(test_page_prot),
		T(test_mmap_flags),
		T(test_mmap_populate),
		T(test_mmap_topdown_merge),
		T(test_mmap_topdown_holes),
		T(test_mmap_stack_gap),
		T(test_mmap_hints),
		T(test_mmap_bottomup_fallback),
		T(test_mmap_errors),
		T(test_mmap_fixed_replace),
		T(test_mmap_fixed_noreplace),
		T(test_find_vma_edges),
		T(test_munmap_shapes),
		T(test_munmap_frees_pages_and_tables),
		T(test_split_merge_backed),
		T(test_mprotect_split_merge),
		T(test_merge_anon_vma),
		T(test_mprotect_ptes),
		T(test_mprotect_errors),
		T(test_mprotect_growsdown),
		T(test_mmap_free_area_cache),
		T(test_map_count_limit),
		T(test_split_vma_api),
		T(test_brk),
		T(test_brk_merges_with_bss),
		T(test_brk_stack_gap),
		T(test_setup_arg_pages),
		T(test_expand_stack),
		T(test_stack_fault_grows),
		T(test_mm_users),
		T(test_exit_mmap_everything),
		T(test_20000_vmas),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
