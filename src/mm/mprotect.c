/*
 * mprotect.c - changing the protection of a range (Linux's sys_mprotect
 * and mprotect_fixup): split the VMAs at the range's edges, give the
 * middle its new flags and PTE protection, and merge it back with its
 * neighbours when they now agree, so protecting a part and restoring it
 * leaves one VMA as before.
 *
 * Unlike Linux, the whole range is checked (holes, rights) before any
 * VMA changes, so a failed call changes nothing.
 */
#include <errno.h>

#include "mm.h"
#include "vma.h"

#define PROT_SEM	0x8	/* accepted and ignored, as Linux does */

#define VM_RWX		(VM_READ | VM_WRITE | VM_EXEC)

/* The flags vma would get: new rights, everything else kept. */
static uint32_t mprotect_flags(const struct vm_area_struct *vma,
			       uint32_t rights)
{
	return rights | (vma->vm_flags & ~VM_RWX);
}

/* Asks for a right the VMA may not have (VM_MAY* sit 4 bits up). */
static int mprotect_denied(uint32_t newflags)
{
	return (newflags & ~(newflags >> 4)) & VM_RWX;
}

/*
 * Check [start, end) from vma on: every byte mapped, every right allowed.
 * The first problem met, in address order, decides the error, as Linux's
 * loop would have found it.
 */
static int mprotect_check(struct vm_area_struct *vma, uint32_t start,
			  uint32_t end, uint32_t rights)
{
	uint32_t nstart = start;

	for (;;) {
		if (!vma || vma->vm_start > nstart)
			return -ENOMEM;
		if (mprotect_denied(mprotect_flags(vma, rights)))
			return -EACCES;
		if (vma->vm_end >= end)
			return 0;
		nstart = vma->vm_end;
		vma = vma->vm_next;
	}
}

/* Give [start, end) of vma newflags; *pprev becomes the VMA covering it. */
static int mprotect_fixup(struct vm_area_struct *vma,
			  struct vm_area_struct **pprev, uint32_t start,
			  uint32_t end, uint32_t newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	uint32_t oldflags = vma->vm_flags;
	long pages = (end - start) >> PAGE_SHIFT;
	struct vm_area_struct *merged;
	uint32_t pgoff;
	int backed, err;

	if (newflags == oldflags) {
		*pprev = vma;
		return 0;
	}
	backed = vma_backed(vma);
	pgoff = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	merged = vma_merge(mm, *pprev, start, end, newflags, vma->vm_ops,
			   vma->vm_private_data, pgoff);
	if (merged) {
		vma = merged;
	} else {
		if (start != vma->vm_start) {
			err = split_vma(mm, vma, start, 1);
			if (err)
				return err;
		}
		if (end != vma->vm_end) {
			err = split_vma(mm, vma, end, 0);
			if (err)
				return err;
		}
	}
	*pprev = vma;
	vma->vm_flags = newflags;
	vma->vm_page_prot = vm_get_page_prot(newflags);
	vm_stat_account(mm, oldflags, backed, -pages);
	vm_stat_account(mm, newflags, backed, pages);
	change_protection(vma, start, end, vma->vm_page_prot);
	return 0;
}

int do_mprotect(struct mm_struct *mm, uint32_t start, uint32_t len, int prot)
{
	struct vm_area_struct *vma, *prev;
	uint32_t end, rights, nstart, tmp;
	int err;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM |
		     PROT_GROWSDOWN))
		return -EINVAL;
	rights = (prot & PROT_READ ? VM_READ : 0) |
		 (prot & PROT_WRITE ? VM_WRITE : 0) |
		 (prot & PROT_EXEC ? VM_EXEC : 0);

	vma = find_vma_prev(mm, start, &prev);
	if (!vma)
		return -ENOMEM;
	if (prot & PROT_GROWSDOWN) {
		/* extend the change down to the stack's current start */
		if (vma->vm_start >= end)
			return -ENOMEM;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
		start = vma->vm_start;
	}
	err = mprotect_check(vma, start, end, rights);
	if (err)
		return err;
	if (start > vma->vm_start)
		prev = vma;

	for (nstart = start;;) {
		tmp = vma->vm_end < end ? vma->vm_end : end;
		err = mprotect_fixup(vma, &prev, nstart, tmp,
				     mprotect_flags(vma, rights));
		if (err)
			return err;
		nstart = tmp;
		if (nstart < prev->vm_end)
			nstart = prev->vm_end;
		if (nstart >= end)
			return 0;
		vma = prev->vm_next;
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;
	}
}
