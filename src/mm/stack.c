/*
 * stack.c - the user stack: the VMA exec creates under STACK_TOP
 * (setup_arg_pages) and its growth downwards on faults below it
 * (expand_stack), limited by RLIMIT_STACK and by stack_guard_gap: the
 * stack never grows to within that gap of the mapping below it, so a
 * runaway recursion faults instead of running into other data.
 */
#include <errno.h>

#include "mm.h"
#include "vma.h"
#include "vmstat.h"

int setup_arg_pages(struct mm_struct *mm, uint32_t size, int executable)
{
	struct vm_area_struct *vma;
	uint32_t vm_flags = VM_STACK_FLAGS;
	int err;

	if (!size)
		return -EINVAL;
	if (size > TASK_SIZE - MMAP_MIN_ADDR ||
	    PAGE_ALIGN(size) > mm->stack_limit)
		return -ENOMEM;
	if (mm->map_count >= (int)mm->max_map_count)
		return -ENOMEM;
	if (!executable)
		vm_flags &= ~VM_EXEC;

	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = STACK_TOP - PAGE_ALIGN(size);
	vma->vm_end = STACK_TOP;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	mm->start_stack = STACK_TOP;
	return 0;
}

int expand_stack(struct vm_area_struct *vma, uint32_t address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev;
	uint32_t grow;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -ENOMEM;
	address &= PAGE_MASK;
	if (address >= vma->vm_start)
		return 0;
	if (address < MMAP_MIN_ADDR || vma->vm_end - address > mm->stack_limit)
		return -ENOMEM;
	find_vma_prev(mm, vma->vm_start, &prev);
	if (prev && address < prev->vm_end + STACK_GUARD_GAP)
		return -ENOMEM;

	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	vm_stat_account(mm, vma->vm_flags, vma_backed(vma), grow);
	vma->vm_start = address;
	vma->vm_pgoff -= grow;
	count_vm_event(stack_expansions);
	return 0;
}
