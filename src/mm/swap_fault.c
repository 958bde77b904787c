/*
 * swap_fault.c - the fault on a swapped-out page (Linux 2.6's
 * do_swap_page in mm/memory.c): the PTE holds a swap entry; the page is
 * found in the swap cache, or read from its slot into a new page that
 * joins the swap cache, so that every process whose PTE holds the same
 * entry (fork shares them) finds the same page and the slot is read
 * once. Then the PTE's slot reference is dropped (swap_free) and the page
 * mapped: writable at once for a write if no one else holds the page or
 * its slot, read-only otherwise, so a write to a page still shared goes
 * through copy-on-write like any other.
 */
#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "rmap.h"
#include "swap.h"
#include "vmscan.h"
#include "vmstat.h"

int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma,
		 uint32_t address, pte_t *pte, pte_t orig_pte,
		 int write_access)
{
	swp_entry_t entry = pte_to_swp_entry(orig_pte);
	struct page *page;
	pte_t newpte;
	int ret = 0;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = lookup_swap_cache(entry);
	if (!page) {
		/* contend for the token before the read, as Linux does */
		grab_swap_token(mm);
		page = read_swap_cache_async(entry);
		if (!page)	/* out of memory, unless the PTE moved on */
			return *pte == orig_pte ? VM_FAULT_OOM : 0;
		ret = VM_FAULT_MAJOR;
		count_vm_event(pgmajfault);
		mm->maj_flt++;
	}
	if (!PageLRU(page))	/* read_swap_cache_async left it to us */
		lru_cache_add_active(page);
	mark_page_accessed(page);
	if (*pte != orig_pte) {	/* someone else mapped it meanwhile */
		put_page(page);
		return ret;
	}
	if (!PageUptodate(page)) {	/* the read failed */
		put_page(page);
		return VM_FAULT_SIGBUS;
	}

	/* our reference is the PTE's from now on */
	swap_free(entry);
	page_add_anon_rmap(page, vma, address);
	newpte = mk_pte(page, vma->vm_page_prot);
	if (write_access && can_share_swap_page(page)) {
		/* ours alone: the slot's copy is about to be stale */
		remove_exclusive_swap_page(page);
		newpte |= _PAGE_DIRTY;
		if (vma->vm_flags & VM_WRITE)
			newpte |= _PAGE_RW;
	} else if (vm_swap_full()) {
		/* short of slots: one no PTE needs can go (Linux 2.6.9) */
		remove_exclusive_swap_page(page);
	}
	*pte = newpte;
	if (mm->anon_rss + mm->file_rss > (long)mm->hiwater_rss)
		mm->hiwater_rss = (unsigned long)(mm->anon_rss + mm->file_rss);
	return ret;
}
