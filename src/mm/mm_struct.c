/*
 * mm_struct.c - the life of an address space: the slab caches mm_struct
 * and vm_area_struct come from, mm_alloc with its i386 layout, and the
 * teardown (mmput, exit_mmap) that must give every frame back. A VMA's
 * place on the reverse-mapping lists (rmap.c) follows its life: a copy
 * joins its original's lists, a freed VMA leaves them.
 *
 * The VMA set itself (list, tree, lookups) is mmap.c's.
 */
#include <errno.h>
#include <string.h>

#include "mm.h"
#include "mmu.h"
#include "rmap.h"
#include "slab.h"
#include "vma.h"
#include "vmscan.h"
#include "invariants.h"

struct kmem_cache *mm_cachep;
struct kmem_cache *vm_area_cachep;
struct list_head mm_list = LIST_HEAD_INIT(mm_list);

void mm_cache_init(void)
{
	INIT_LIST_HEAD(&mm_list);	/* a new boot: the old mms are gone */
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0,
				      SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct), 0,
					   SLAB_PANIC, NULL);
	anon_vma_init();
	vmscan_init();	/* reclaim's state starts with the machine */
}

void mm_cache_exit(void)
{
	anon_vma_exit();
	kmem_cache_destroy(vm_area_cachep);
	kmem_cache_destroy(mm_cachep);
	vm_area_cachep = NULL;
	mm_cachep = NULL;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);
	if (vma)
		vma->vm_mm = mm;
	return vma;
}

struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig)
{
	struct vm_area_struct *vma;

	vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);
	if (vma) {
		*vma = *orig;
		vma->vm_next = NULL;
		memset(&vma->vm_rb, 0, sizeof(vma->vm_rb));
		if (vma_rmap_copy(vma, orig)) {
			kmem_cache_free(vm_area_cachep, vma);
			return NULL;
		}
	}
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	vma_rmap_unlink(vma);
	kmem_cache_free(vm_area_cachep, vma);
}

/*
 * Linux's mmap_base() without randomisation: leave the stack its rlimit,
 * but at least MMAP_MIN_GAP and at most 5/6 of the address space.
 */
static uint32_t mmap_base(const struct mm_struct *mm)
{
	uint32_t gap = mm->stack_limit;

	if (gap < MMAP_MIN_GAP)
		gap = MMAP_MIN_GAP;
	if (gap > TASK_SIZE / 6 * 5)
		gap = TASK_SIZE / 6 * 5;
	return PAGE_ALIGN(TASK_SIZE - gap);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm;

	mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);
	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	RB_INIT(&mm->mm_rb);
	mm->mm_users = 1;
	mm->task_size = TASK_SIZE;
	mm->stack_limit = RLIMIT_STACK_DEFAULT;
	mm->max_map_count = DEFAULT_MAP_COUNT_MAX;
	mm->mmap_base = mmap_base(mm);
	list_add_tail(&mm->mmlist, &mm_list);
	return mm;
}

/*
 * As Linux's exit_mmap: unmap every page first, then the page tables,
 * and only then let the VMAs' owners drop their references (->close), so
 * no backing object goes away while a PTE still points into it.
 */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		zap_page_range(vma, vma->vm_start, vma->vm_end);
	free_pgd_range(mm->pgd, 0, TASK_SIZE);

	vma = mm->mmap;
	mm->mmap = NULL;
	mm->mmap_cache = NULL;
	RB_INIT(&mm->mm_rb);
	while (vma) {
		next = vma->vm_next;
		if (vma->vm_ops && vma->vm_ops->close)
			vma->vm_ops->close(vma);
		vm_area_free(vma);
		vma = next;
	}
	mm->map_count = 0;
	mm->total_vm = 0;
	mm->locked_vm = 0;
	mm->shared_vm = 0;
	mm->exec_vm = 0;
	mm->stack_vm = 0;
}

void mmput(struct mm_struct *mm)
{
	if (!mm || --mm->mm_users > 0)
		return;
	exit_mmap(mm);
	put_swap_token(mm);
	leave_mm(mm);
	pgd_free(mm->pgd);
	list_del(&mm->mmlist);
	kmem_cache_free(mm_cachep, mm);
	invariants_event("exit");
}
