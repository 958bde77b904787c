/*
 * fork.c - copying an address space for fork (Linux's dup_mm, dup_mmap,
 * copy_page_range): the child gets a copy of every VMA and of every PTE,
 * not of the pages. Private writable pages become read-only in parent and
 * child alike, so the first write of either side takes a copy-on-write
 * fault (do_wp_page in memory.c); shared mappings stay shared and
 * writable. Each copied PTE takes one _count and one _mapcount on its
 * page, which is what lets do_wp_page tell a page still shared after fork
 * (copy it) from one its last sharer left (reuse it). A swap PTE is
 * copied as it is and takes one more reference to its slot
 * (swap_duplicate). The child's VMAs join the parent's anon_vma
 * (vm_area_dup), so reclaim finds the PTEs of both sides.
 */
#include <string.h>
#include "gfp.h"
#include "invariants.h"
#include "mm.h"
#include "mmu.h"
#include "rmap.h"
#include "swap.h"
#include "vma.h"

/* Private and possibly writable: the mappings fork must write-protect. */
static int is_cow_mapping(uint32_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

static void copy_one_pte(struct mm_struct *dst_mm, struct mm_struct *src_mm,
			 pte_t *dst, pte_t *src, uint32_t vm_flags)
{
	pte_t pte = *src;
	struct page *page;

	(void)src_mm;
	if (!pte_present(pte)) {
		/* a swapped-out page: the child's PTE holds the slot too */
		swap_duplicate(pte_to_swp_entry(pte));
		*dst = pte;
		return;
	}
	if (is_cow_mapping(vm_flags) && pte_write(pte)) {
		*src = pte & ~_PAGE_RW;
		pte &= ~_PAGE_RW;
	}
	if (vm_flags & VM_SHARED)
		pte &= ~_PAGE_DIRTY;	/* the parent's PTE keeps the dirt */
	pte &= ~_PAGE_ACCESSED;
	page = pte_page(pte);
	get_page(page);
	page_dup_rmap(page, dst_mm);
	*dst = pte;
}

/* Copy the PTEs of vma's range from src_mm into dst_mm. */
static int copy_page_range(struct mm_struct *dst_mm, struct mm_struct *src_mm,
			   struct vm_area_struct *vma)
{
	uint64_t va = vma->vm_start;

	while (va < vma->vm_end) {
		pte_t *src = pte_offset(src_mm->pgd, (uint32_t)va), *dst;

		if (!src) {	/* no page table: skip its 4 MiB */
			va = (va + PGDIR_SIZE) & ~(uint64_t)(PGDIR_SIZE - 1);
			continue;
		}
		if (!pte_none(*src)) {
			dst = pte_alloc(dst_mm->pgd, (uint32_t)va);
			if (!dst)
				return -1;
			copy_one_pte(dst_mm, src_mm, dst, src, vma->vm_flags);
		}
		va += PAGE_SIZE;
	}
	return 0;
}

static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp;

	for (mpnt = oldmm->mmap; mpnt; mpnt = mpnt->vm_next) {
		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		tmp = vm_area_dup(mpnt);
		if (!tmp)
			return -1;
		tmp->vm_mm = mm;
		tmp->vm_flags &= ~VM_LOCKED;	/* mlock is not inherited */
		if (insert_vm_struct(mm, tmp)) {
			vm_area_free(tmp);
			return -1;
		}
		if (tmp->vm_ops && tmp->vm_ops->open)
			tmp->vm_ops->open(tmp);
		if (copy_page_range(mm, oldmm, mpnt))
			return -1;
	}
	/* the parent's writable TLB entries must not outlive the wrprotect */
	flush_tlb_mm(oldmm);
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	struct list_head mmlist;
	pde_t *pgd;

	if (!mm)
		return NULL;
	pgd = mm->pgd;
	mmlist = mm->mmlist;
	*mm = *oldmm;
	mm->pgd = pgd;
	mm->mmlist = mmlist;
	mm->mmap = NULL;
	RB_INIT(&mm->mm_rb);
	mm->mmap_cache = NULL;
	mm->map_count = 0;
	mm->mm_users = 1;
	mm->total_vm = mm->locked_vm = mm->shared_vm = 0;
	mm->exec_vm = mm->stack_vm = 0;
	mm->anon_rss = mm->file_rss = 0;
	mm->hiwater_rss = mm->hiwater_vm = 0;
	mm->min_flt = mm->maj_flt = 0;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);	/* undoes whatever was copied */
		return NULL;
	}
	invariants_event("fork");
	return mm;
}
