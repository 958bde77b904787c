/*
 * memory.c - the generic half of the VM (Linux's mm/memory.c): filling PTEs
 * on faults (demand zero, the zero page, file-backed pages, copy-on-write),
 * emptying them (zap_page_range), rewriting their protections
 * (change_protection), and kernel access to an address space
 * (access_process_vm).
 *
 * Accounting kept exact here, because reclaim, fork and the invariant
 * checker rely on it: every PTE that maps a page holds one _count
 * reference and one _mapcount (rmap.c); anon_rss and file_rss count the
 * mm's PTEs. The shared zero page is counted like a file page, as Linux
 * 2.6 does. New anonymous pages join the active LRU list; a swap PTE
 * holds one reference to its slot (swap_fault.c brings the page back).
 *
 * An allocation may enter direct reclaim, which can unmap any page that
 * is not pinned, so a handler that allocates holds a reference to the
 * page it started from and checks the PTE again afterwards.
 */
#include <string.h>
#include "gfp.h"
#include "invariants.h"
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"
#include "rmap.h"
#include "swap.h"
#include "vmscan.h"
#include "vmstat.h"

#define ZERO_PAGE_PFN	(KERNEL_START_PFN + 2)

struct page *empty_zero_page;

void zero_page_init(void);
void zero_page_init(void)
{
	empty_zero_page = pfn_to_page(ZERO_PAGE_PFN);
	memset(page_address(empty_zero_page), 0, PAGE_SIZE);
}

static inline uint32_t linear_page_index(struct vm_area_struct *vma,
					 uint32_t address)
{
	return ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

static void update_hiwater_rss(struct mm_struct *mm)
{
	unsigned long rss = (unsigned long)(mm->anon_rss + mm->file_rss);

	if (rss > mm->hiwater_rss)
		mm->hiwater_rss = rss;
}

/* Make a PTE writable if the VMA allows writing (maybe_mkwrite). */
static inline pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_WRITE) ? pte | _PAGE_RW : pte;
}

static int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma,
			     uint32_t address, pte_t *pte, int write)
{
	struct page *page;

	if (!write && !(vma->vm_flags & VM_SHARED)) {
		page = ZERO_PAGE(address);
		get_page(page);
		page_add_file_rmap(page, mm);
		*pte = mk_pte(page, vma->vm_page_prot & ~_PAGE_RW);
		count_vm_event(zero_page_faults);
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(page, vma, address);
	lru_cache_add_active(page);
	*pte = maybe_mkwrite(mk_pte(page, vma->vm_page_prot) | _PAGE_DIRTY, vma);
	count_vm_event(demand_zero_faults);
	update_hiwater_rss(mm);
	return 0;
}

static struct page *cow_user_page(struct page *src)
{
	struct page *page;

	if (src == empty_zero_page)
		return alloc_page(GFP_HIGHUSER | __GFP_ZERO);
	page = alloc_page(GFP_HIGHUSER);
	if (page)
		memcpy(page_address(page), page_address(src), PAGE_SIZE);
	return page;
}

/* A fault on an empty PTE in a VMA backed by an object (vm_ops->fault). */
static int do_linear_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			   uint32_t address, pte_t *pte, int write)
{
	uint32_t pgoff = linear_page_index(vma, address);
	struct page *page, *cow;
	int ret, anon = 0;
	pte_t entry;

	ret = vma->vm_ops->fault(vma, pgoff, &page);
	if (ret & VM_FAULT_ERROR)
		return ret;
	if (write && !(vma->vm_flags & VM_SHARED)) {
		/* private write: the process gets its own copy at once */
		if (anon_vma_prepare(vma)) {
			put_page(page);
			return VM_FAULT_OOM;
		}
		cow = cow_user_page(page);
		put_page(page);
		if (!cow)
			return VM_FAULT_OOM;
		page = cow;
		anon = 1;
		count_vm_event(cow_faults);
		count_vm_event(cow_copy);
	}
	entry = mk_pte(page, vma->vm_page_prot);
	if (write)
		entry = maybe_mkwrite(entry | _PAGE_DIRTY, vma);
	if (anon) {
		page_add_new_anon_rmap(page, vma, address);
		lru_cache_add_active(page);
	} else
		page_add_file_rmap(page, mm);
	*pte = entry;
	count_vm_event(file_faults);
	if (ret & VM_FAULT_MAJOR) {
		count_vm_event(pgmajfault);
		mm->maj_flt++;
	}
	update_hiwater_rss(mm);
	return ret & VM_FAULT_MAJOR;
}

/*
 * A write to a present, read-only PTE in a writable VMA: copy-on-write.
 * An anonymous page that only this PTE maps becomes writable in place;
 * anything else (the zero page, a file page, a page shared after fork) is
 * copied to a new frame.
 */
/* Only this PTE uses old: no other mapping, reference or swap slot. */
static int exclusive_anon_page(struct page *old)
{
	if (!PageAnon(old) || page_mapcount(old) != 1)
		return 0;
	/* a slot nobody else holds goes: the copy in it is about to be stale */
	if (PageSwapCache(old))
		remove_exclusive_swap_page(old);
	return page_count(old) == 1;
}

static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		      uint32_t address, pte_t *pte)
{
	struct page *old = pte_page(*pte), *new;

	count_vm_event(cow_faults);
	if ((vma->vm_flags & VM_SHARED) || exclusive_anon_page(old)) {
		*pte |= _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED;
		flush_tlb_page(mm, address);
		count_vm_event(cow_reuse);
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	get_page(old);	/* reclaim may unmap it while we allocate */
	new = cow_user_page(old);
	if (!new) {
		put_page(old);
		return VM_FAULT_OOM;
	}
	if (!pte_present(*pte) || pte_page(*pte) != old) {
		/* it was swapped out meanwhile: fault again */
		put_page(new);
		put_page(old);
		return 0;
	}
	page_remove_rmap(old, mm);
	page_add_new_anon_rmap(new, vma, address);
	lru_cache_add_active(new);
	*pte = maybe_mkwrite(mk_pte(new, vma->vm_page_prot) | _PAGE_DIRTY, vma);
	flush_tlb_page(mm, address);
	put_page(old);		/* the PTE's */
	put_page(old);		/* ours */
	count_vm_event(cow_copy);
	update_hiwater_rss(mm);
	return 0;
}

/* A swap PTE; a write to a page others still share copies it. */
static int do_swap_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			 uint32_t address, pte_t *pte, pte_t entry,
			 int write_access)
{
	int ret = do_swap_page(mm, vma, address, pte, entry, write_access);

	if ((ret & VM_FAULT_ERROR) || !write_access || !pte_present(*pte) ||
	    pte_write(*pte))
		return ret;
	return ret | do_wp_page(mm, vma, address, pte);
}

static int __handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			     uint32_t address, int write_access)
{
	pte_t *pte, entry;

	count_vm_event(pgfault);
	pte = pte_alloc(mm->pgd, address);
	if (!pte)
		return VM_FAULT_OOM;
	entry = *pte;
	if (!pte_present(entry)) {
		if (!pte_none(entry))
			return do_swap_fault(mm, vma, address, pte, entry,
					     write_access);
		if (vma->vm_ops && vma->vm_ops->fault)
			return do_linear_fault(mm, vma, address, pte, write_access);
		return do_anonymous_page(mm, vma, address, pte, write_access);
	}
	if (!(entry & _PAGE_PRESENT))	/* PROT_NONE: do_page_fault refused */
		return VM_FAULT_SIGSEGV;
	if (write_access && !pte_write(entry))
		return do_wp_page(mm, vma, address, pte);
	/* A stale TLB entry faulted on a PTE that is fine now. */
	*pte |= _PAGE_ACCESSED | (write_access ? _PAGE_DIRTY : 0);
	flush_tlb_page(mm, address);
	return 0;
}

int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    uint32_t address, int write_access)
{
	int ret = __handle_mm_fault(mm, vma, address, write_access);

	invariants_event("fault");
	return ret;
}

void zap_page_range(struct vm_area_struct *vma, uint32_t start, uint32_t end)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t va = start;

	while (va < end) {
		pte_t *pte = pte_offset(mm->pgd, (uint32_t)va);
		struct page *page;

		if (!pte) {	/* no page table: skip its 4 MiB */
			va = (va + PGDIR_SIZE) & ~(uint64_t)(PGDIR_SIZE - 1);
			continue;
		}
		if (pte_present(*pte)) {
			page = pte_page(*pte);
			/* a store through a shared file mapping lives only in
			 * this D bit: hand it to the page cache (zap_pte_range) */
			if (pte_dirty(*pte) && !PageAnon(page) && page->mapping)
				set_page_dirty(page);
			page_remove_rmap(page, mm);
			/* the last user of a swap-cache page frees its slot */
			free_page_and_swap_cache(page);
			*pte = 0;
			flush_tlb_page(mm, (uint32_t)va);
		} else if (!pte_none(*pte)) {
			free_swap_and_cache(pte_to_swp_entry(*pte));
			*pte = 0;
		}
		va += PAGE_SIZE;
	}
}

void change_protection(struct vm_area_struct *vma, uint32_t start,
		       uint32_t end, uint32_t newprot)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t va = start;

	while (va < end) {
		pte_t *pte = pte_offset(mm->pgd, (uint32_t)va);
		pte_t keep;

		if (!pte) {
			va = (va + PGDIR_SIZE) & ~(uint64_t)(PGDIR_SIZE - 1);
			continue;
		}
		if (pte_present(*pte)) {
			keep = *pte & (PAGE_MASK | _PAGE_ACCESSED | _PAGE_DIRTY);
			/* only a page this process owns may be writable */
			if (!PageAnon(pte_page(*pte)) && !(vma->vm_flags & VM_SHARED))
				newprot &= ~_PAGE_RW;
			*pte = keep | newprot;
			flush_tlb_page(mm, (uint32_t)va);
		}
		va += PAGE_SIZE;
	}
}

/* Fault in the page at addr if it is not mapped the way we need it. */
static pte_t *follow_page(struct mm_struct *mm, struct vm_area_struct *vma,
			  uint32_t addr, int write)
{
	pte_t *pte = pte_offset(mm->pgd, addr);

	if (pte && (*pte & _PAGE_PRESENT) && (!write || pte_write(*pte)))
		return pte;
	if (handle_mm_fault(mm, vma, addr, write) & VM_FAULT_ERROR)
		return NULL;
	pte = pte_offset(mm->pgd, addr);
	return pte && (*pte & _PAGE_PRESENT) ? pte : NULL;
}

int access_process_vm(struct mm_struct *mm, uint32_t addr, void *buf,
		      uint32_t len, int write)
{
	uint8_t *p = buf;
	uint32_t done = 0;

	while (done < len) {
		uint32_t a = addr + done, off = a & ~PAGE_MASK;
		uint32_t n = PAGE_SIZE - off;
		struct vm_area_struct *vma = find_vma(mm, a);
		pte_t *pte;
		uint8_t *kaddr;

		if (a < addr || !vma)	/* wrapped, or nothing mapped */
			break;
		if (a < vma->vm_start && (!(vma->vm_flags & VM_GROWSDOWN) ||
					  expand_stack(vma, a)))
			break;
		/* as the CPU checks: on i386 without NX any right reads */
		if (!(vma->vm_flags & (write ? VM_WRITE :
				       VM_READ | VM_WRITE | VM_EXEC)))
			break;
		pte = follow_page(mm, vma, a, write);
		if (!pte)
			break;
		if (n > len - done)
			n = len - done;
		kaddr = (uint8_t *)page_address(pte_page(*pte)) + off;
		if (write) {
			memcpy(kaddr, p + done, n);
			*pte |= _PAGE_DIRTY | _PAGE_ACCESSED;
		} else {
			memcpy(p + done, kaddr, n);
			*pte |= _PAGE_ACCESSED;
		}
		done += n;
	}
	return (int)done;
}
