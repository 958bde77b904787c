/*
 * vma.h - the VMA set's building blocks, for code that builds an address
 * space by hand rather than through mmap: fork's dup_mmap copies VMAs one
 * by one, exec may insert special ones. The mmap family itself is in mm.h.
 *
 * mm_struct and vm_area_struct objects come from the slab caches
 * "mm_struct" and "vm_area_struct" (mm_cache_init), i.e. from emulated
 * lowmem, as in Linux.
 */
#ifndef I386MM_VMA_H
#define I386MM_VMA_H

#include "mm.h"

struct kmem_cache;
extern struct kmem_cache *mm_cachep;
extern struct kmem_cache *vm_area_cachep;

/* A zeroed VMA belonging to mm, not linked; NULL on ENOMEM. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/* A copy of orig, not linked and not ->open()ed; NULL on ENOMEM. */
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig);
/* Free an unlinked VMA (no ->close: the caller decides). */
void vm_area_free(struct vm_area_struct *vma);

/*
 * Link vma (vm_mm, vm_start, vm_end, flags set) into mm's list and tree
 * and add it to mm's counters. -EINVAL for an empty, unaligned or
 * kernel-half range, -ENOMEM if it overlaps a VMA (as Linux's
 * insert_vm_struct). It does not check max_map_count and does not merge.
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Add (pages > 0) or take away (pages < 0) a VMA's pages from mm's
 * counters: total_vm (and hiwater_vm), locked_vm, and as Linux 2.6's
 * vm_stat_account, shared_vm for backed or shared mappings, exec_vm for
 * the executable and not writable ones among them, stack_vm for stacks.
 */
void vm_stat_account(struct mm_struct *mm, uint32_t vm_flags, int backed,
		     long pages);

/* Whether a VMA counts as backed for vm_stat_account. */
static inline int vma_backed(const struct vm_area_struct *vma)
{
	return vma->vm_ops != NULL || vma->vm_file != NULL ||
	       (vma->vm_flags & VM_SHARED);
}

static inline uint32_t vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

#endif
