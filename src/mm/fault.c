/*
 * fault.c - the arch half of the page-fault handler (Linux's
 * arch/i386/mm/fault.c do_page_fault): decide from the error code and the
 * VMAs whether a #PF is a bug of the guest (SIGSEGV) or work for
 * handle_mm_fault, and grow the stack on the way.
 */
#include "mm.h"
#include "mmu.h"

int do_page_fault(struct mm_struct *mm, uint32_t address, uint32_t error_code)
{
	struct vm_area_struct *vma;
	int write = (error_code & PF_WRITE) != 0;
	int ret;

	if (address >= TASK_SIZE || !mm)	/* the kernel half */
		return VM_FAULT_SIGSEGV;
	vma = find_vma(mm, address);
	if (!vma)
		return VM_FAULT_SIGSEGV;
	if (vma->vm_start > address) {
		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, address))
			return VM_FAULT_SIGSEGV;
	}
	if (write) {
		if (!(vma->vm_flags & VM_WRITE))
			return VM_FAULT_SIGSEGV;
	} else {
		/* a read that hit a present page cannot be fixed */
		if (error_code & PF_PROT)
			return VM_FAULT_SIGSEGV;
		if (!(vma->vm_flags & (VM_READ | VM_EXEC | VM_WRITE)))
			return VM_FAULT_SIGSEGV;
	}
	ret = handle_mm_fault(mm, vma, address, write);
	if (!(ret & VM_FAULT_ERROR) && !(ret & VM_FAULT_MAJOR))
		mm->min_flt++;
	return ret;
}
