/*
 * rmap.c - reverse mapping, after Linux 2.6's mm/rmap.c: the anon_vma of
 * anonymous pages, the i_mmap lists of file pages, the _mapcount
 * accounting of every PTE, and the two walks reclaim needs:
 * page_referenced (the LRU's "recently used" test, through every PTE)
 * and try_to_unmap (a shared page leaves every address space at once,
 * as the seed notes' PFRA rules require).
 *
 * Why object-based: a page records only its object (anon_vma or
 * address_space) and its index; the VMAs of that object are few, and
 * each gives the page's address by arithmetic (vma_address). Nothing is
 * stored per PTE, so fork and faults stay cheap and only reclaim pays.
 * The lists' nodes are slab objects of their own (rmap.h says why).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "gfp.h"
#include "mmu.h"
#include "pagemap.h"
#include "rmap.h"
#include "slab.h"
#include "swap.h"
#include "vmscan.h"

struct rmap_stat rmap_stat;
unsigned long nr_mapped;

static struct kmem_cache *anon_vma_cachep;
static struct list_head all_anon_vmas;
static struct kmem_cache *rmap_link_cachep;
static struct kmem_cache *i_mmap_cachep;

/* A mapping's VMAs: Linux's address_space.i_mmap, found by hash. */
struct i_mmap {
	struct list_head hash;
	struct address_space *mapping;
	struct list_head vmas;		/* rmap_links, in mmap order */
};

#define I_MMAP_HASH_BITS	6
#define I_MMAP_HASH_SIZE	(1u << I_MMAP_HASH_BITS)
static struct list_head i_mmap_hash[I_MMAP_HASH_SIZE];

void anon_vma_init(void)
{
	unsigned int i;

	anon_vma_cachep = kmem_cache_create("anon_vma",
					    sizeof(struct anon_vma), 0,
					    SLAB_PANIC, NULL);
	rmap_link_cachep = kmem_cache_create("rmap_link",
					     sizeof(struct rmap_link), 0,
					     SLAB_PANIC, NULL);
	i_mmap_cachep = kmem_cache_create("i_mmap", sizeof(struct i_mmap), 0,
					  SLAB_PANIC, NULL);
	for (i = 0; i < I_MMAP_HASH_SIZE; i++)
		INIT_LIST_HEAD(&i_mmap_hash[i]);
	INIT_LIST_HEAD(&all_anon_vmas);
	memset(&rmap_stat, 0, sizeof(rmap_stat));
	nr_mapped = 0;
}

void anon_vma_exit(void)
{
	kmem_cache_destroy(i_mmap_cachep);
	kmem_cache_destroy(rmap_link_cachep);
	kmem_cache_destroy(anon_vma_cachep);
	i_mmap_cachep = rmap_link_cachep = anon_vma_cachep = NULL;
}

/* ------------------------------------------------------------ the lists */

static struct rmap_link *link_alloc(struct vm_area_struct *vma)
{
	struct rmap_link *l = kmem_cache_alloc(rmap_link_cachep, GFP_KERNEL);

	if (l) {
		l->vma = vma;
		rmap_stat.links++;
	}
	return l;
}

static void link_free(struct rmap_link *l)
{
	list_del(&l->list);
	kmem_cache_free(rmap_link_cachep, l);
	rmap_stat.links--;
}

/* vma's link on list, or NULL. */
static struct rmap_link *find_link(struct list_head *list,
				   const struct vm_area_struct *vma)
{
	struct rmap_link *l;

	list_for_each_entry(l, list, list)
		if (l->vma == vma)
			return l;
	return NULL;
}

static unsigned int i_mmap_bucket(const struct address_space *mapping)
{
	uint64_t key = (uint64_t)(uintptr_t)mapping;

	return (unsigned int)((key * 0x9e3779b97f4a7c15ull) >>
			      (64 - I_MMAP_HASH_BITS));
}

static struct i_mmap *i_mmap_find(const struct address_space *mapping)
{
	struct i_mmap *im;

	list_for_each_entry(im, &i_mmap_hash[i_mmap_bucket(mapping)], hash)
		if (im->mapping == mapping)
			return im;
	return NULL;
}

struct address_space *vma_mapping(const struct vm_area_struct *vma)
{
	struct file *file = vma_file(vma);

	return file ? file->f_mapping : NULL;
}

/* Put vma on mapping's i_mmap (Linux's __vma_link_file). */
static int i_mmap_link(struct vm_area_struct *vma,
		       struct address_space *mapping)
{
	struct i_mmap *im = i_mmap_find(mapping);
	struct rmap_link *l = link_alloc(vma);

	if (!l)
		return -ENOMEM;
	if (!im) {
		im = kmem_cache_alloc(i_mmap_cachep, GFP_KERNEL);
		if (!im) {
			list_add(&l->list, &l->list);	/* for link_free */
			link_free(l);
			return -ENOMEM;
		}
		im->mapping = mapping;
		INIT_LIST_HEAD(&im->vmas);
		list_add_tail(&im->hash,
			      &i_mmap_hash[i_mmap_bucket(mapping)]);
	}
	list_add_tail(&l->list, &im->vmas);
	return 0;
}

static void i_mmap_unlink(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);
	struct i_mmap *im = mapping ? i_mmap_find(mapping) : NULL;
	struct rmap_link *l = im ? find_link(&im->vmas, vma) : NULL;

	if (!l)
		return;
	link_free(l);
	if (list_empty(&im->vmas)) {
		list_del(&im->hash);
		kmem_cache_free(i_mmap_cachep, im);
	}
}

int vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	return mapping ? i_mmap_link(vma, mapping) : 0;
}

static void get_anon_vma(struct vm_area_struct *vma, struct anon_vma *av)
{
	vma->anon_vma = av;
	av->refcount++;
}

/* Put vma on anon_vma's list (Linux's anon_vma_link); 0 or -ENOMEM. */
static int anon_vma_link(struct vm_area_struct *vma, struct anon_vma *av)
{
	struct rmap_link *l = link_alloc(vma);

	if (!l)
		return -ENOMEM;
	list_add_tail(&l->list, &av->head);
	get_anon_vma(vma, av);
	return 0;
}

static void anon_vma_unlink(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;
	struct rmap_link *l;

	if (!av)
		return;
	l = find_link(&av->head, vma);
	if (l)
		link_free(l);
	vma->anon_vma = NULL;
	if (--av->refcount == 0) {
		list_del(&av->list);
		kmem_cache_free(anon_vma_cachep, av);
		rmap_stat.anon_vmas--;
	}
}

/*
 * A neighbour whose anon_vma vma may share: adjacent, same flags and
 * backing, page offsets continuous, so the two could one day merge
 * (Linux's find_mergeable_anon_vma).
 */
static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next = vma->vm_next;

	find_vma_prev(vma->vm_mm, vma->vm_start, &prev);
	if (prev && prev->anon_vma && prev->vm_end == vma->vm_start &&
	    prev->vm_flags == vma->vm_flags && !prev->vm_ops && !vma->vm_ops &&
	    prev->vm_pgoff + ((prev->vm_end - prev->vm_start) >> PAGE_SHIFT) ==
	    vma->vm_pgoff)
		return prev->anon_vma;
	if (next && next->anon_vma && vma->vm_end == next->vm_start &&
	    next->vm_flags == vma->vm_flags && !next->vm_ops && !vma->vm_ops &&
	    vma->vm_pgoff + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) ==
	    next->vm_pgoff)
		return next->anon_vma;
	return NULL;
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av;

	if (vma->anon_vma)
		return 0;
	av = find_mergeable_anon_vma(vma);
	if (av)
		return anon_vma_link(vma, av);
	av = kmem_cache_alloc(anon_vma_cachep, GFP_KERNEL);
	if (!av)
		return -ENOMEM;
	INIT_LIST_HEAD(&av->head);
	av->refcount = 0;
	if (anon_vma_link(vma, av)) {
		kmem_cache_free(anon_vma_cachep, av);
		return -ENOMEM;
	}
	list_add_tail(&av->list, &all_anon_vmas);
	rmap_stat.anon_vmas++;
	return 0;
}

int walk_anon_vmas(int (*fn)(struct vm_area_struct *vma, void *arg),
		   void *arg)
{
	struct anon_vma *av;
	struct rmap_link *l;
	int ret;

	list_for_each_entry(av, &all_anon_vmas, list)
		list_for_each_entry(l, &av->head, list) {
			ret = fn(l->vma, arg);
			if (ret)
				return ret;
		}
	return 0;
}

void anon_vma_import(struct vm_area_struct *importer, struct anon_vma *av)
{
	if (importer->anon_vma || !av)
		return;
	if (anon_vma_link(importer, av)) {
		/* the anon_vma stays alive for the importer's pages anyway */
		get_anon_vma(importer, av);
		rmap_stat.link_failures++;
	}
}

int vma_rmap_copy(struct vm_area_struct *vma,
		  const struct vm_area_struct *orig)
{
	struct address_space *mapping = vma_mapping(orig);

	vma->anon_vma = NULL;
	if (orig->anon_vma && anon_vma_link(vma, orig->anon_vma))
		return -ENOMEM;
	if (mapping && i_mmap_link(vma, mapping)) {
		anon_vma_unlink(vma);
		return -ENOMEM;
	}
	return 0;
}

void vma_rmap_unlink(struct vm_area_struct *vma)
{
	anon_vma_unlink(vma);
	i_mmap_unlink(vma);
}

/* ------------------------------------------------------ PTE accounting */

static void inc_mapcount(struct page *page)
{
	if (++page->_mapcount == 0 && !PageReserved(page))
		nr_mapped++;
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    uint32_t address)
{
	inc_mapcount(page);
	SetPageAnon(page);
	SetPageSwapBacked(page);
	page->mapping = vma->anon_vma;
	page->index = ((address - vma->vm_start) >> PAGE_SHIFT) +
		      vma->vm_pgoff;
	vma->vm_mm->anon_rss++;
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			uint32_t address)
{
	/* still mapped elsewhere: it keeps the anon_vma of the fork tree */
	if (page_mapped(page)) {
		inc_mapcount(page);
		vma->vm_mm->anon_rss++;
		return;
	}
	page_add_new_anon_rmap(page, vma, address);
}

void page_add_file_rmap(struct page *page, struct mm_struct *mm)
{
	inc_mapcount(page);
	mm->file_rss++;
}

void page_dup_rmap(struct page *page, struct mm_struct *mm)
{
	inc_mapcount(page);
	if (PageAnon(page))
		mm->anon_rss++;
	else
		mm->file_rss++;
}

void page_remove_rmap(struct page *page, struct mm_struct *mm)
{
	if (PageAnon(page))
		mm->anon_rss--;
	else
		mm->file_rss--;
	if (--page->_mapcount >= 0)
		return;
	if (!PageReserved(page))
		nr_mapped--;
	/* only a mapped page's anon_vma is sure to be alive */
	if (PageAnon(page)) {
		ClearPageAnon(page);
		page->mapping = NULL;
	}
}

/* -------------------------------------------------------------- walks */

int64_t vma_address(const struct page *page, const struct vm_area_struct *vma)
{
	uint64_t off;

	if (page->index < vma->vm_pgoff)
		return -1;
	off = (uint64_t)(page->index - vma->vm_pgoff) << PAGE_SHIFT;
	if (off >= (uint64_t)(vma->vm_end - vma->vm_start))
		return -1;
	return (int64_t)(vma->vm_start + off);
}

/* The PTE through which vma maps page, or NULL (Linux's page_check_address). */
static pte_t *page_check_address(struct page *page, struct vm_area_struct *vma,
				 uint32_t *addressp)
{
	int64_t address = vma_address(page, vma);
	pte_t *pte;

	if (address < 0)
		return NULL;
	pte = pte_offset(vma->vm_mm->pgd, (uint32_t)address);
	if (!pte || !pte_present(*pte) || pte_page(*pte) != page)
		return NULL;
	*addressp = (uint32_t)address;
	return pte;
}

/* The list of VMAs that may map page, or NULL. */
static struct list_head *page_vma_list(struct page *page)
{
	struct i_mmap *im;

	if (!page_mapped(page) || !page->mapping)
		return NULL;
	if (PageAnon(page))
		return &((struct anon_vma *)page->mapping)->head;
	im = i_mmap_find(page->mapping);
	return im ? &im->vmas : NULL;
}

static int page_referenced_one(struct page *page, struct vm_area_struct *vma,
			       int ignore_token)
{
	struct mm_struct *mm = vma->vm_mm;
	uint32_t address;
	pte_t *pte = page_check_address(page, vma, &address);
	int referenced = 0;

	if (!pte)
		return 0;
	if (vma->vm_flags & VM_LOCKED)
		referenced++;
	if (pte_young(*pte)) {
		*pte &= ~_PAGE_ACCESSED;
		flush_tlb_page(mm, address);
		referenced++;
	}
	/* a process thrashing its way back in keeps what it has */
	if (!ignore_token && mm != current_mm && has_swap_token(mm)) {
		swap_token_stat.referenced++;
		referenced++;
	}
	return referenced;
}

int page_referenced(struct page *page, int ignore_token)
{
	struct list_head *vmas;
	struct rmap_link *l;
	int referenced = 0;

	rmap_stat.referenced_walks++;
	if (PageReferenced(page)) {
		ClearPageReferenced(page);
		referenced++;
	}
	vmas = page_vma_list(page);
	if (!vmas)
		return referenced;
	list_for_each_entry(l, vmas, list)
		referenced += page_referenced_one(page, l->vma, ignore_token);
	return referenced;
}

static int try_to_unmap_one(struct page *page, struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	uint32_t address;
	pte_t *pte = page_check_address(page, vma, &address), pteval;
	swp_entry_t entry = { page->private };

	if (!pte)
		return SWAP_AGAIN;
	if (vma->vm_flags & VM_LOCKED) {
		rmap_stat.locked_refusals++;
		return SWAP_FAIL;
	}
	/* used since page_referenced looked: not an unused page after all */
	if (pte_young(*pte)) {
		*pte &= ~_PAGE_ACCESSED;
		flush_tlb_page(mm, address);
		return SWAP_FAIL;
	}
	if (PageAnon(page) && (!PageSwapCache(page) || swap_duplicate(entry)))
		return SWAP_FAIL;	/* nowhere to keep its contents */

	pteval = *pte;
	*pte = PageAnon(page) ? swp_entry_to_pte(entry) : 0;
	flush_tlb_page(mm, address);
	if (pte_dirty(pteval))
		set_page_dirty(page);
	page_remove_rmap(page, mm);
	put_page(page);
	rmap_stat.unmapped_ptes++;
	return SWAP_AGAIN;
}

int try_to_unmap(struct page *page)
{
	struct list_head *vmas = page_vma_list(page);
	struct rmap_link *l, *n;
	int ret = SWAP_AGAIN;

	if (!vmas)
		return page_mapped(page) ? SWAP_AGAIN : SWAP_SUCCESS;
	/* the lists stay: VMAs come and go only with mmap, not here */
	list_for_each_entry_safe(l, n, vmas, list) {
		ret = try_to_unmap_one(page, l->vma);
		if (ret == SWAP_FAIL || !page_mapped(page))
			break;
	}
	if (!page_mapped(page))
		ret = SWAP_SUCCESS;
	return ret;
}
