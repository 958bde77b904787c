/*
 * swapoff.c - emptying a swap area before it goes: the memory manager's
 * half of Linux 2.6's sys_swapoff (try_to_unuse, unuse_vma, unuse_pte,
 * shmem_unuse). do_swapoff (src/swap) takes the area off the list so no
 * new slot is given out there, then calls swap_ops.try_to_unuse, which
 * brings every page still in the area back into memory:
 *   - each swap PTE of the area gets its page back (read once through
 *     the swap cache, however many PTEs hold the entry), found by walking
 *     every VMA of every anon_vma, since only those can hold swap entries;
 *   - each tmpfs page in the area is read back into its file's cache;
 *   - a page whose slot no one else holds leaves the swap cache, dirty:
 *     memory has its only copy now.
 * If memory runs out, it stops with -ENOMEM: what came back stays, the
 * rest stays in the area, and do_swapoff puts the area back in service.
 */
#include <errno.h>
#include "gfp.h"
#include "mm.h"
#include "rmap.h"
#include "shmem_fs.h"
#include "swap.h"
#include "vmscan.h"

struct unuse_control {
	unsigned int type;
	unsigned long restored;		/* PTEs given their page back */
};

/* The page for entry, read if need be and up to date; NULL and *err. */
static struct page *unuse_get_page(swp_entry_t entry, int *err)
{
	struct page *page = lookup_swap_cache(entry);

	if (!page) {
		page = read_swap_cache_async(entry);
		if (!page) {
			*err = -ENOMEM;
			return NULL;
		}
	}
	if (!PageLRU(page))
		lru_cache_add_active(page);
	if (!PageUptodate(page)) {
		put_page(page);
		*err = -EIO;
		return NULL;
	}
	return page;
}

/* Nobody but the swap cache holds the slot: memory keeps the data. */
static void unuse_drop_cache(struct page *page)
{
	if (PageSwapCache(page) && page_swapcount(page) == 0) {
		SetPageDirty(page);
		delete_from_swap_cache(page);
	}
}

/* Linux's unuse_pte: the PTE maps the page again, as a fault would. */
static void unuse_pte(struct vm_area_struct *vma, pte_t *pte,
		      uint32_t addr, swp_entry_t entry, struct page *page)
{
	get_page(page);
	page_add_anon_rmap(page, vma, addr);
	*pte = mk_pte(page, vma->vm_page_prot);
	swap_free(entry);
}

static int unuse_vma(struct vm_area_struct *vma, void *arg)
{
	struct unuse_control *uc = arg;
	struct mm_struct *mm = vma->vm_mm;
	uint64_t va;
	int err = 0;

	for (va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
		pte_t *pte = pte_offset(mm->pgd, (uint32_t)va), orig;
		swp_entry_t entry;
		struct page *page;

		if (!pte) {	/* no page table: skip its 4 MiB */
			va = (va | (PGDIR_SIZE - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		orig = *pte;
		entry = pte_to_swp_entry(orig);
		if (!is_swap_pte(orig) || swp_type(entry) != uc->type)
			continue;
		page = unuse_get_page(entry, &err);
		if (!page)
			return err;
		/* reading may reclaim, which never touches swap PTEs */
		if (*pte == orig) {
			unuse_pte(vma, pte, (uint32_t)va, entry, page);
			uc->restored++;
		}
		unuse_drop_cache(page);
		put_page(page);
	}
	return 0;
}

/* Slots only the swap cache still holds: the page keeps the data. */
static void unuse_cache_only(struct swap_info_struct *si, unsigned int type)
{
	uint32_t offset;

	for (offset = 1; offset < si->max && si->inuse_pages; offset++) {
		struct page *page;

		if (si->swap_map[offset] != 1)
			continue;
		page = lookup_swap_cache(swp_entry(type, offset));
		if (!page)
			continue;
		unuse_drop_cache(page);
		put_page(page);
	}
}

int try_to_unuse(unsigned int type)
{
	struct swap_info_struct *si = get_swap_info_struct(type);
	struct unuse_control uc = { .type = type };
	unsigned int before;
	int err;

	if (!si)
		return -EINVAL;
	do {
		before = si->inuse_pages;
		err = walk_anon_vmas(unuse_vma, &uc);
		if (!err)
			err = shmem_unuse(type);
		if (err)
			return err;
		unuse_cache_only(si, type);
	} while (si->inuse_pages && si->inuse_pages < before);
	return 0;
}
