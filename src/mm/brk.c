/*
 * brk.c - the program break (Linux's sys_brk and do_brk): the heap is the
 * anonymous memory from start_brk to brk, grown by merging with the VMA
 * below it and shrunk by munmap. The break itself may be unaligned; the
 * mapping always ends at PAGE_ALIGN(brk).
 */
#include <errno.h>

#include "mm.h"
#include "vma.h"

#define VM_BRK_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | \
			 VM_MAYEXEC)

/* Map [addr, addr + len) as heap, merged with the VMA below if it can. */
static int brk_map(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	struct vm_area_struct *vma, *prev;
	uint32_t pgoff = addr >> PAGE_SHIFT;
	int err;

	if (mm->map_count > (int)mm->max_map_count)	/* as mmap */
		return -ENOMEM;
	find_vma_prev(mm, addr, &prev);
	if (vma_merge(mm, prev, addr, addr + len, VM_BRK_FLAGS, NULL, NULL,
		      pgoff)) {
		vm_stat_account(mm, VM_BRK_FLAGS, 0, len >> PAGE_SHIFT);
		return 0;
	}
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = VM_BRK_FLAGS;
	vma->vm_page_prot = vm_get_page_prot(VM_BRK_FLAGS);
	vma->vm_pgoff = pgoff;
	err = insert_vm_struct(mm, vma);
	if (err)
		vm_area_free(vma);
	return err;
}

/* The stack's guard counts as taken, as Linux's vm_start_gap. */
static uint32_t next_start(const struct vm_area_struct *next)
{
	if (!(next->vm_flags & VM_GROWSDOWN))
		return next->vm_start;
	return next->vm_start > STACK_GUARD_GAP ?
	       next->vm_start - STACK_GUARD_GAP : 0;
}

uint32_t do_brk(struct mm_struct *mm, uint32_t brk)
{
	struct vm_area_struct *next;
	uint32_t newbrk, oldbrk;

	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk)
		goto set_brk;

	/* Shrinking always works. */
	if (brk <= mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		goto set_brk;
	}

	/* Keep a page free below the next mapping, and the stack's gap. */
	next = find_vma(mm, oldbrk);
	if (next && (uint64_t)newbrk + PAGE_SIZE > next_start(next))
		return mm->brk;
	if (brk_map(mm, oldbrk, newbrk - oldbrk))
		return mm->brk;
set_brk:
	mm->brk = brk;
	return brk;
}
