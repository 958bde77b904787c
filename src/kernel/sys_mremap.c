/*
 * sys_mremap.c - mremap(2), as Linux's mm/mremap.c: shrink by unmapping
 * the tail; grow in place when the VMA ends the old range and the pages
 * after it are free; otherwise, with MREMAP_MAYMOVE (or to MREMAP_FIXED's
 * address), move. glibc's realloc of a large block relies on the move.
 *
 * A move transfers the page-table entries themselves (move_ptes), not
 * the data: present pages, PROT_NONE pages and swap entries keep their
 * frames, reference counts, dirty bits and rmap accounting, and nothing
 * is faulted in. The new VMA keeps the old vm_pgoff for the moved range,
 * so an anonymous page's index (linear_page_index) is unchanged and a
 * file page is still found at the same offset. The destination's page
 * tables are allocated before anything moves, so once the move starts it
 * cannot fail halfway.
 */
#include <errno.h>

#include "cpu.h"
#include "mm.h"
#include "mmu.h"
#include "sched.h"
#include "syscalls.h"
#include "vma.h"

#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2

/* Linux's vma_to_resize: the one VMA holding [addr, addr + old_len). */
static struct vm_area_struct *vma_to_resize(struct mm_struct *mm,
					    uint32_t addr, uint32_t old_len,
					    uint32_t new_len, long *err)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*err = -EFAULT;
	if (!vma || vma->vm_start > addr)
		return NULL;
	if (old_len > vma->vm_end - addr)
		return NULL;
	if (new_len > old_len && (vma->vm_flags & VM_DONTEXPAND))
		return NULL;
	*err = -EAGAIN;
	if ((vma->vm_flags & VM_LOCKED) && new_len > old_len &&
	    ((uint64_t)mm->locked_vm << PAGE_SHIFT) + new_len - old_len >
	    current->rlim[RLIMIT_MEMLOCK].rlim_cur)
		return NULL;
	*err = -ENOMEM;
	if (new_len > old_len &&
	    ((uint64_t)mm->total_vm << PAGE_SHIFT) + new_len - old_len >
	    current->rlim[RLIMIT_AS].rlim_cur)
		return NULL;
	*err = 0;
	return vma;
}

/* [vma->vm_end, + delta) is free, below TASK_SIZE and off the stack gap. */
static int vma_expandable(struct vm_area_struct *vma, uint32_t delta)
{
	uint32_t end = vma->vm_end + delta;
	struct vm_area_struct *next = vma->vm_next;
	uint32_t limit;

	if (end < vma->vm_end || end > TASK_SIZE)
		return 0;
	if (!next)
		return 1;
	limit = next->vm_start;
	if (next->vm_flags & VM_GROWSDOWN)
		limit = limit > STACK_GUARD_GAP ? limit - STACK_GUARD_GAP : 0;
	return end <= limit;
}

/* Page tables for every PTE of [start, start + len); 0 or -ENOMEM. */
static int alloc_ptes(struct mm_struct *mm, uint32_t start, uint32_t len)
{
	uint64_t va;

	for (va = start & ~(PGDIR_SIZE - 1); va < (uint64_t)start + len;
	     va += PGDIR_SIZE)
		if (!pte_alloc(mm->pgd, (uint32_t)(va < start ? start : va)))
			return -ENOMEM;
	return 0;
}

/* Linux's move_ptes: each entry of the old range goes to the new one. */
static void move_ptes(struct mm_struct *mm, uint32_t old_addr,
		      uint32_t new_addr, uint32_t len)
{
	uint32_t off;

	for (off = 0; off < len; off += PAGE_SIZE) {
		pte_t *src = pte_offset(mm->pgd, old_addr + off), *dst;

		if (!src) {	/* no table: skip to the next 4 MiB */
			off = ((old_addr + off) | (PGDIR_SIZE - 1)) - old_addr -
			      (PAGE_SIZE - 1);
			continue;
		}
		if (pte_none(*src))
			continue;
		dst = pte_offset(mm->pgd, new_addr + off);
		*dst = *src;
		*src = 0;
		flush_tlb_page(mm, old_addr + off);
		flush_tlb_page(mm, new_addr + off);
	}
}

/*
 * Linux's move_vma: a copy of the VMA at new_addr (new_len long, the
 * moved part's pgoff), the entries moved, the old range unmapped.
 */
static long move_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     uint32_t old_addr, uint32_t old_len, uint32_t new_len,
		     uint32_t new_addr)
{
	struct vm_area_struct *new_vma;
	int exec = (vma->vm_flags & VM_EXEC) != 0;
	long err;

	/* the unmap below may split twice: keep room so it cannot fail */
	if (mm->map_count >= (int)mm->max_map_count - 3)
		return -ENOMEM;
	if (alloc_ptes(mm, new_addr, old_len))
		return -ENOMEM;
	new_vma = vm_area_dup(vma);
	if (!new_vma)
		return -ENOMEM;
	new_vma->vm_pgoff = vma->vm_pgoff +
			    ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	new_vma->vm_start = new_addr;
	new_vma->vm_end = new_addr + new_len;
	err = insert_vm_struct(mm, new_vma);
	if (err) {
		vm_area_free(new_vma);
		return err;
	}
	if (new_vma->vm_ops && new_vma->vm_ops->open)
		new_vma->vm_ops->open(new_vma);
	move_ptes(mm, old_addr, new_addr, old_len);
	err = do_munmap(mm, old_addr, old_len);
	if (exec)
		cpu_mm_layout_changed();
	return err ? err : (long)new_addr;
}

static long mremap_to(struct mm_struct *mm, uint32_t addr, uint32_t old_len,
		      uint32_t new_len, uint32_t new_addr)
{
	struct vm_area_struct *vma;
	long err;

	if (new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len)
		return -EINVAL;
	/* the ranges may not overlap */
	if ((new_addr <= addr && new_addr + new_len > addr) ||
	    (addr <= new_addr && addr + old_len > new_addr))
		return -EINVAL;
	if (new_addr < MMAP_MIN_ADDR)
		return -EPERM;
	if (!old_len)		/* duplicating a mapping: not supported */
		return -EINVAL;
	if (range_has_exec(mm, new_addr, new_addr + new_len))
		cpu_mm_layout_changed();
	err = do_munmap(mm, new_addr, new_len);
	if (err)
		return err;
	if (old_len >= new_len) {
		if (old_len > new_len) {
			err = do_munmap(mm, addr + new_len, old_len - new_len);
			if (err)
				return err;
		}
		old_len = new_len;
	}
	vma = vma_to_resize(mm, addr, old_len, new_len, &err);
	if (!vma)
		return err;
	return move_vma(mm, vma, addr, old_len, new_len, new_addr);
}

SYSCALL_DEFINE5(mremap, uint32_t, addr, uint32_t, old_len, uint32_t,
		new_len, uint32_t, flags, uint32_t, new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	uint32_t delta, target;
	long err;

	if (flags & ~(uint32_t)(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (flags & MREMAP_FIXED)
		return mremap_to(mm, addr, old_len, new_len, new_addr);

	/* shrinking (or staying) needs no VMA check, as in Linux */
	if (old_len >= new_len) {
		if (old_len > new_len) {
			err = do_munmap(mm, addr + new_len, old_len - new_len);
			if (err)
				return err;
		}
		return addr;
	}
	if (!old_len)		/* duplicating a mapping: not supported */
		return -EINVAL;
	vma = vma_to_resize(mm, addr, old_len, new_len, &err);
	if (!vma)
		return err;
	delta = new_len - old_len;
	if (old_len == vma->vm_end - addr && vma_expandable(vma, delta)) {
		vma->vm_end += delta;
		vm_stat_account(mm, vma->vm_flags, vma_backed(vma),
				delta >> PAGE_SHIFT);
		if (vma->vm_flags & VM_EXEC)
			cpu_mm_layout_changed();
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	target = get_unmapped_area(mm, 0, new_len, vma->vm_pgoff +
				   ((addr - vma->vm_start) >> PAGE_SHIFT),
				   (vma->vm_flags & VM_SHARED) ?
				   MAP_SHARED : MAP_PRIVATE);
	if (IS_ERR_VALUE(target))
		return (long)(int32_t)target;
	return move_vma(mm, vma, addr, old_len, new_len, target);
}
