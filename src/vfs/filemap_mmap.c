/*
 * filemap_mmap.c - files mapped into address spaces (the mmap half of
 * Linux's mm/filemap.c, and msync's dirty-bit transfer).
 *
 * A file VMA's fault hands the page-cache page itself to the fault
 * handler: a shared mapping maps it (writable if the VMA is), so stores
 * land in the cache; a private mapping maps it read-only and copies it
 * on the first write (src/mm/memory.c), so the file never sees them.
 * Stores through a shared mapping set the PTE's D bit, not PG_dirty;
 * filemap_sync_range moves those bits to the pages (msync, munmap) so
 * write-back finds them.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"
#include "vmscan.h"

static void file_vm_open(struct vm_area_struct *vma)
{
	get_file(vma->vm_private_data);
}

static void file_vm_close(struct vm_area_struct *vma)
{
	fput(vma->vm_private_data);
}

int filemap_fault(struct vm_area_struct *vma, uint32_t pgoff,
		  struct page **pagep)
{
	struct file *file = vma->vm_private_data;
	struct address_space *mapping = file->f_mapping;
	uint64_t size = ((uint64_t)mapping->host->i_size + PAGE_SIZE - 1) >>
			PAGE_SHIFT;
	struct page *page;
	int major = 0;

	if (pgoff >= size)
		return VM_FAULT_SIGBUS;
	page = read_cache_page(mapping, pgoff, file, &major);
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM
						: VM_FAULT_SIGBUS;
	mark_page_accessed(page);
	*pagep = page;
	return major ? VM_FAULT_MAJOR : 0;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.open = file_vm_open,
	.close = file_vm_close,
	.fault = filemap_fault,
};

struct file *vma_file(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &generic_file_vm_ops ? vma->vm_private_data
						   : NULL;
}

int generic_file_mmap(struct file *file, int prot, int flags,
		      const struct vm_operations_struct **ops)
{
	(void)prot;
	(void)flags;
	if (!file->f_mapping->a_ops->readpage)
		return -ENOEXEC;
	*ops = &generic_file_vm_ops;
	return 0;
}

int filemap_sync_range(struct vm_area_struct *vma, uint32_t start,
		       uint32_t end)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t va;
	int dirtied = 0;

	if (start > end || start < vma->vm_start || end > vma->vm_end)
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED) || !vma_file(vma))
		return 0;
	for (va = start & PAGE_MASK; va < end; va += PAGE_SIZE) {
		pte_t *pte = pte_offset(mm->pgd, (uint32_t)va);
		struct page *page;

		if (!pte) {	/* no page table: skip its 4 MiB */
			va = (va | (PGDIR_SIZE - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		if (!pte_present(*pte) || !pte_dirty(*pte))
			continue;
		page = pte_page(*pte);
		*pte &= ~_PAGE_DIRTY;
		flush_tlb_page(mm, (uint32_t)va);
		if (page_mapping(page))
			dirtied += set_page_dirty(page);
	}
	return dirtied;
}
