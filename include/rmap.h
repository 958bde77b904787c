/*
 * rmap.h - reverse mapping (Linux 2.6's object-based rmap, mm/rmap.c):
 * from a page to every PTE that maps it, so reclaim can test and clear
 * the Accessed bits of all of them (page_referenced) and unmap a shared
 * page from every address space at once (try_to_unmap).
 *
 * An anonymous page has PG_anon, page->mapping = the anon_vma of the VMA
 * it was born in and page->index = its linear page index (vm_pgoff plus
 * its page offset in the VMA). A VMA gets its anon_vma at its first
 * anonymous fault (anon_vma_prepare); fork's copies, splits and mremap's
 * moves share it (vm_area_dup), merged VMAs share it; so the anon_vma's
 * list holds every VMA that can map its pages, in every process of a
 * fork tree, and the page's address in each is vma_address().
 *
 * A page-cache page has page->mapping = its address_space; the VMAs that
 * map that file are on the mapping's i_mmap list.
 *
 * Linux threads its lists through vm_area_struct and address_space
 * (anon_vma_node, shared.vm_set, i_mmap). Those structures (mm.h, fs.h)
 * have no room for them here, so each VMA's place on a list is a small
 * slab object of its own (struct rmap_link, like 2.6.34's
 * anon_vma_chain), and the i_mmap lists are found by a hash of the
 * mapping. Lists keep insertion order; nothing depends on host
 * addresses but the bucket a mapping hashes to.
 *
 * Accounting: every PTE that maps a page holds one _count reference and
 * one _mapcount; page_add_*_rmap and page_remove_rmap keep _mapcount,
 * PG_anon and mm->anon_rss/file_rss exact, and the caller takes or puts
 * the reference.
 */
#ifndef I386MM_RMAP_H
#define I386MM_RMAP_H

#include <stdint.h>
#include "list.h"
#include "mm.h"

struct page;
struct address_space;

struct anon_vma {
	struct list_head head;	/* rmap_links of the VMAs that may map */
	struct list_head list;	/* on the list of them all (swapoff) */
	int refcount;		/* VMAs whose ->anon_vma points here */
};

struct rmap_link {
	struct list_head list;	/* on an anon_vma's head or an i_mmap */
	struct vm_area_struct *vma;
};

/* Slab caches "anon_vma" and "rmap_link", from mm_cache_init. */
void anon_vma_init(void);
void anon_vma_exit(void);

/*
 * Give vma an anon_vma before its first anonymous page: a neighbour's,
 * if the two could merge, or a new one. 0 or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma);
/*
 * A merge hands importer the anon_vma of the VMA it swallows or takes
 * pages from (Linux's vma_adjust). If the link cannot be allocated the
 * importer's pages stay out of reach of reclaim until unmapped (counted
 * in rmap_stat.link_failures); nothing becomes inconsistent.
 */
void anon_vma_import(struct vm_area_struct *importer,
		     struct anon_vma *anon_vma);
/*
 * A copy of orig (vm_area_dup: fork, split, mremap) joins orig's
 * anon_vma and i_mmap. -ENOMEM with nothing linked.
 */
int vma_rmap_copy(struct vm_area_struct *vma,
		  const struct vm_area_struct *orig);
/* A new file VMA joins its mapping's i_mmap (mmap). 0 or -ENOMEM. */
int vma_link_file(struct vm_area_struct *vma);
/* The VMA is being freed: leave every list, drop the anon_vma. */
void vma_rmap_unlink(struct vm_area_struct *vma);
/*
 * fn for every VMA on every anon_vma, oldest anon_vma first: every VMA
 * that can hold a swap entry (swapoff's walk, Linux's mmlist). Returns
 * fn's first nonzero result, or 0. fn may allocate memory (reclaim does
 * not change these lists) but must not create or free VMAs.
 */
int walk_anon_vmas(int (*fn)(struct vm_area_struct *vma, void *arg),
		   void *arg);

/* The address at which vma maps page, or -1 if it cannot. */
int64_t vma_address(const struct page *page,
		    const struct vm_area_struct *vma);
/* The page cache behind a VMA (vm_file's mapping), or NULL. */
struct address_space *vma_mapping(const struct vm_area_struct *vma);

/* ---- PTE accounting (memory.c, fork.c, swap-in) ---- */

/* A fresh anonymous page mapped at address: PG_anon, mapping, index. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    uint32_t address);
/* An existing anonymous page (from the swap cache) mapped again. */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			uint32_t address);
void page_add_file_rmap(struct page *page, struct mm_struct *mm);
/* fork copied a PTE that maps page into mm. */
void page_dup_rmap(struct page *page, struct mm_struct *mm);
/* A PTE of mm stops mapping page; the last one clears PG_anon. */
void page_remove_rmap(struct page *page, struct mm_struct *mm);

/* Pages mapped by at least one PTE (reserved frames not counted). */
extern unsigned long nr_mapped;

/* ---- What reclaim asks ---- */

/*
 * How many PTEs mapping page were young (Accessed), plus one if
 * PG_referenced was set; clears both, invalidating each cleared PTE's
 * TLB entry so the next access walks the page table and sets A again.
 * A PTE in a VM_LOCKED VMA counts as referenced, and so does one of a
 * swap-token holder other than the current mm (vmscan.h), unless
 * ignore_token: reclaim at priority 0 may take even those (Linux 2.6.16).
 */
int page_referenced(struct page *page, int ignore_token);

enum {
	SWAP_SUCCESS,	/* unmapped from every PTE */
	SWAP_AGAIN,	/* some PTE could not be reached: try later */
	SWAP_FAIL,	/* mlocked, or just used: keep it */
};
/*
 * Unmap page from every PTE at once. Anonymous pages must be in the swap
 * cache: each PTE becomes the page's swap entry (one swap_map count per
 * PTE); a file page's PTEs are cleared. A dirty PTE dirties the page.
 * A VM_LOCKED VMA, or a PTE found young, refuses (SWAP_FAIL): the page
 * is in use. Each unmapped PTE's TLB entry is invalidated.
 */
int try_to_unmap(struct page *page);

struct rmap_stat {
	unsigned long anon_vmas;	/* allocated now */
	unsigned long links;		/* rmap_links allocated now */
	unsigned long link_failures;	/* imports left unlinked */
	unsigned long referenced_walks;	/* page_referenced calls */
	unsigned long unmapped_ptes;	/* PTEs try_to_unmap cleared */
	unsigned long locked_refusals;	/* try_to_unmap met VM_LOCKED */
};
extern struct rmap_stat rmap_stat;

#endif
