/*
 * slab.c - the slab allocator (Linux's SLAB, without per-CPU arrays).
 *
 * A cache hands out objects of one size. Its memory comes in slabs of
 * 2^gfporder lowmem pages, each on one of three lists: full, partial, free.
 * A slab's descriptor (struct slab followed by the kmem_bufctl_t array that
 * chains its free objects by index) sits at the start of the slab for small
 * objects, or comes from a general cache for objects of PAGE_SIZE/8 and
 * more, so big objects pack without waste. Successive slabs start their
 * objects at different cache-line offsets (colouring). The descriptors of
 * caches themselves come from cache_cache, the first cache, which is the
 * one object of this file in host memory.
 *
 * Free slabs are kept, at most one per cache, so that an alloc/free pair
 * does not go to the buddy allocator each time; the rest go back at once,
 * and the kept ones go back under memory pressure (the shrinker) or on
 * kmem_cache_shrink.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seq_file.h"
#include "slab.h"

#define BYTES_PER_WORD	sizeof(void *)	/* objects hold host pointers */
#define OFF_SLAB_MIN	(PAGE_SIZE >> 3)
#define MAX_GFP_ORDER	5	/* 32 pages: size-131072 */
#define SLAB_LIMIT	(BUFCTL_END - 1)

static struct kmem_cache cache_cache;
static struct list_head cache_chain;
static int slab_up;	/* general caches exist: off-slab is possible */

static const uint32_t malloc_sizes[] = {
	32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 16384,
	32768, 65536, 131072,
};
#define NR_MALLOC_SIZES (sizeof(malloc_sizes) / sizeof(malloc_sizes[0]))
static struct kmem_cache *malloc_caches[NR_MALLOC_SIZES];

static void slab_bug(struct kmem_cache *cachep, const char *why)
{
	fprintf(stderr, "i386mm: BUG: slab cache %s: %s\n", cachep->name, why);
	abort();
}

static inline kmem_bufctl_t *slab_bufctl(struct slab *slabp)
{
	return (kmem_bufctl_t *)(slabp + 1);
}

static size_t slab_mgmt_size(size_t nr_objs, size_t align)
{
	size_t sz = sizeof(struct slab) + nr_objs * sizeof(kmem_bufctl_t);

	return (sz + align - 1) & ~(align - 1);
}

/* How many objects fit a slab of 2^order pages, and what is left over. */
static void cache_estimate(unsigned int order, size_t size, size_t align,
			   int off_slab, uint32_t *num, size_t *left_over)
{
	size_t slab_bytes = (size_t)PAGE_SIZE << order;
	size_t nr;

	if (off_slab) {
		nr = slab_bytes / size;
		*left_over = slab_bytes - nr * size;
	} else {
		nr = (slab_bytes - sizeof(struct slab)) /
		     (size + sizeof(kmem_bufctl_t));
		while (nr && slab_mgmt_size(nr, align) + nr * size > slab_bytes)
			nr--;
		*left_over = slab_bytes - nr * size - slab_mgmt_size(nr, align);
	}
	if (nr > SLAB_LIMIT)
		nr = SLAB_LIMIT;
	*num = (uint32_t)nr;
}

/* The smallest order with at least one object and at most 1/8 waste. */
static int calculate_slab_order(struct kmem_cache *cachep, size_t size,
				size_t align)
{
	size_t left_over = 0;
	unsigned int order;

	for (order = 0; order <= MAX_GFP_ORDER; order++) {
		uint32_t num;

		cache_estimate(order, size, align, cachep->off_slab, &num,
			       &left_over);
		if (!num)
			continue;
		cachep->num = num;
		cachep->gfporder = order;
		if (left_over * 8 <= ((size_t)PAGE_SIZE << order))
			break;
	}
	if (!cachep->num)
		return -1;
	cachep->colour_off = (uint32_t)(align > L1_CACHE_BYTES ? align : L1_CACHE_BYTES);
	cachep->colour = (uint32_t)(left_over / cachep->colour_off);
	return 0;
}

static struct kmem_cache *kmem_find_general_cachep(size_t size)
{
	unsigned int i;

	for (i = 0; i < NR_MALLOC_SIZES; i++)
		if (size <= malloc_sizes[i])
			return malloc_caches[i];
	return NULL;
}

static int setup_cache(struct kmem_cache *cachep, const char *name,
		       size_t size, size_t align, unsigned int flags,
		       void (*ctor)(void *))
{
	size_t ralign = BYTES_PER_WORD;

	memset(cachep, 0, sizeof(*cachep));
	snprintf(cachep->name, sizeof(cachep->name), "%s", name);
	INIT_LIST_HEAD(&cachep->slabs_full);
	INIT_LIST_HEAD(&cachep->slabs_partial);
	INIT_LIST_HEAD(&cachep->slabs_free);
	if (flags & SLAB_HWCACHE_ALIGN) {
		/* small objects share a line: halve while two still fit */
		ralign = L1_CACHE_BYTES;
		while (size <= ralign / 2 && ralign > BYTES_PER_WORD)
			ralign /= 2;
	}
	if (align > ralign)
		ralign = align;
	cachep->obj_size = (uint32_t)size;
	size = (size + ralign - 1) & ~(ralign - 1);
	cachep->buffer_size = (uint32_t)size;
	cachep->flags = flags;
	cachep->ctor = ctor;
	cachep->off_slab = slab_up && size >= OFF_SLAB_MIN;
	if (calculate_slab_order(cachep, size, ralign))
		return -1;
	cachep->slab_size = (uint32_t)slab_mgmt_size(cachep->num, ralign);
	if (cachep->off_slab) {
		cachep->slab_size = (uint32_t)(sizeof(struct slab) +
				    cachep->num * sizeof(kmem_bufctl_t));
		cachep->slabp_cache = kmem_find_general_cachep(cachep->slab_size);
		if (!cachep->slabp_cache)
			return -1;
	}
	list_add(&cachep->next, &cache_chain);
	return 0;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned int flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cachep;

	if (!name || size < 1 || size > ((size_t)PAGE_SIZE << MAX_GFP_ORDER) ||
	    (align & (align - 1)))
		goto fail;
	cachep = kmem_cache_alloc(&cache_cache, GFP_KERNEL);
	if (!cachep)
		goto fail;
	if (setup_cache(cachep, name, size, align, flags, ctor)) {
		kmem_cache_free(&cache_cache, cachep);
		goto fail;
	}
	return cachep;
fail:
	if (flags & SLAB_PANIC) {
		fprintf(stderr, "i386mm: cannot create slab cache %s\n", name);
		exit(1);
	}
	return NULL;
}

/* Take a new slab from the buddy allocator and put it on slabs_free. */
static int cache_grow(struct kmem_cache *cachep, gfp_t gfp)
{
	struct page *page;
	struct slab *slabp;
	uint8_t *objp;
	uint32_t offset, i;

	page = alloc_pages((gfp & ~(__GFP_HIGHMEM | __GFP_ZERO)), cachep->gfporder);
	if (!page)
		return -1;
	objp = page_address(page);
	offset = cachep->colour_next * cachep->colour_off;
	if (++cachep->colour_next >= cachep->colour)
		cachep->colour_next = 0;
	if (cachep->off_slab) {
		slabp = kmem_cache_alloc(cachep->slabp_cache, gfp);
		if (!slabp) {
			__free_pages(page, cachep->gfporder);
			return -1;
		}
	} else {
		slabp = (struct slab *)(objp + offset);
		offset += cachep->slab_size;
	}
	slabp->colouroff = offset;
	slabp->s_mem = objp + offset;
	slabp->inuse = 0;
	slabp->free = 0;
	for (i = 0; i < cachep->num; i++) {
		slab_bufctl(slabp)[i] = i + 1;
		if (cachep->ctor)
			cachep->ctor((uint8_t *)slabp->s_mem + i * cachep->buffer_size);
	}
	slab_bufctl(slabp)[cachep->num - 1] = BUFCTL_END;
	for (i = 0; i < (1u << cachep->gfporder); i++) {
		SetPageSlab(page + i);
		page[i].slab_cache = cachep;
		page[i].slab_page = slabp;
	}
	list_add_tail(&slabp->list, &cachep->slabs_free);
	cachep->num_slabs++;
	cachep->free_slabs++;
	cachep->grown++;
	return 0;
}

static void slab_destroy(struct kmem_cache *cachep, struct slab *slabp)
{
	void *addr = (uint8_t *)slabp->s_mem - slabp->colouroff;
	struct page *page = virt_to_page(addr);
	uint32_t i;

	list_del(&slabp->list);
	cachep->num_slabs--;
	for (i = 0; i < (1u << cachep->gfporder); i++) {
		ClearPageSlab(page + i);
		page[i].slab_cache = NULL;
		page[i].slab_page = NULL;
	}
	__free_pages(page, cachep->gfporder);
	if (cachep->off_slab)
		kmem_cache_free(cachep->slabp_cache, slabp);
	cachep->reaped++;
}

void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t gfp)
{
	struct slab *slabp;
	struct list_head *from;
	void *objp;

	if (list_empty(&cachep->slabs_partial) &&
	    list_empty(&cachep->slabs_free) && cache_grow(cachep, gfp))
		return NULL;
	from = !list_empty(&cachep->slabs_partial) ? &cachep->slabs_partial
						   : &cachep->slabs_free;
	slabp = list_first_entry(from, struct slab, list);
	if (from == &cachep->slabs_free)
		cachep->free_slabs--;
	objp = (uint8_t *)slabp->s_mem + slabp->free * cachep->buffer_size;
	slabp->free = slab_bufctl(slabp)[slabp->free];
	slabp->inuse++;
	list_move(&slabp->list, slabp->inuse == cachep->num ?
		  &cachep->slabs_full : &cachep->slabs_partial);
	cachep->num_active++;
	return objp;
}

void *kmem_cache_zalloc(struct kmem_cache *cachep, gfp_t gfp)
{
	void *objp = kmem_cache_alloc(cachep, gfp);

	if (objp)
		memset(objp, 0, cachep->obj_size);
	return objp;
}

void kmem_cache_free(struct kmem_cache *cachep, void *objp)
{
	struct page *page = virt_to_page(objp);
	struct slab *slabp = page->slab_page;
	uint32_t off, idx;

	if (!PageSlab(page) || page->slab_cache != cachep)
		slab_bug(cachep, "freeing an object it does not own");
	off = (uint32_t)((uint8_t *)objp - (uint8_t *)slabp->s_mem);
	idx = off / cachep->buffer_size;
	if (off % cachep->buffer_size || idx >= cachep->num || !slabp->inuse)
		slab_bug(cachep, "freeing a bad object pointer");
	slab_bufctl(slabp)[idx] = slabp->free;
	slabp->free = idx;
	slabp->inuse--;
	cachep->num_active--;
	if (slabp->inuse) {
		list_move(&slabp->list, &cachep->slabs_partial);
	} else if (cachep->free_slabs >= 1) {
		slab_destroy(cachep, slabp);
	} else {
		list_move(&slabp->list, &cachep->slabs_free);
		cachep->free_slabs++;
	}
}

unsigned long kmem_cache_shrink(struct kmem_cache *cachep)
{
	unsigned long pages = 0;

	while (!list_empty(&cachep->slabs_free)) {
		slab_destroy(cachep, list_first_entry(&cachep->slabs_free,
						      struct slab, list));
		cachep->free_slabs--;
		pages += 1ul << cachep->gfporder;
	}
	return pages;
}

void kmem_cache_destroy(struct kmem_cache *cachep)
{
	if (cachep->num_active)
		slab_bug(cachep, "destroyed with objects still allocated");
	kmem_cache_shrink(cachep);
	list_del(&cachep->next);
	kmem_cache_free(&cache_cache, cachep);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *cachep = size ? kmem_find_general_cachep(size) : NULL;

	return cachep ? kmem_cache_alloc(cachep, gfp) : NULL;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(const void *objp)
{
	struct page *page;

	if (!objp)
		return;
	page = virt_to_page(objp);
	if (!PageSlab(page)) {
		fprintf(stderr, "i386mm: BUG: kfree of a non-slab pointer\n");
		abort();
	}
	kmem_cache_free(page->slab_cache, (void *)objp);
}

/*
 * Under memory pressure every cache gives back its free slabs. This runs
 * after the shrinkers (shrink_slab), because what they free (dentries,
 * inodes) makes more slabs free.
 */
unsigned long kmem_cache_reap(void)
{
	struct kmem_cache *cachep;
	unsigned long pages = 0;

	list_for_each_entry(cachep, &cache_chain, next)
		pages += kmem_cache_shrink(cachep);
	return pages;
}

void kmem_cache_init(void)
{
	char name[32];
	unsigned int i;

	INIT_LIST_HEAD(&cache_chain);
	slab_up = 0;
	setup_cache(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
		    SLAB_HWCACHE_ALIGN, NULL);
	for (i = 0; i < NR_MALLOC_SIZES; i++) {
		snprintf(name, sizeof(name), "size-%u", malloc_sizes[i]);
		/* small general caches first, so large ones can go off-slab */
		slab_up = malloc_sizes[i] > OFF_SLAB_MIN;
		malloc_caches[i] = kmem_cache_create(name, malloc_sizes[i], 0,
						     SLAB_HWCACHE_ALIGN | SLAB_PANIC,
						     NULL);
	}
	slab_up = 1;
}

/*
 * Shutdown: every slab lives in emulated memory, which mem_exit unmaps
 * whole, so only the host-side bookkeeping needs resetting. Leaks are the
 * business of the nothing-lost checks, which run before this.
 */
void kmem_cache_exit(void)
{
	unsigned int i;

	for (i = 0; i < NR_MALLOC_SIZES; i++)
		malloc_caches[i] = NULL;
	INIT_LIST_HEAD(&cache_chain);
	memset(&cache_cache, 0, sizeof(cache_cache));
}

unsigned long slab_pages(void)
{
	struct kmem_cache *cachep;
	unsigned long pages = 0;

	list_for_each_entry(cachep, &cache_chain, next)
		pages += cachep->num_slabs << cachep->gfporder;
	return pages;
}

static void walk_slab_list(struct kmem_cache *cachep, struct list_head *list,
			   void (*fn)(struct kmem_cache *, struct slab *,
				      struct page *, unsigned int, void *),
			   void *arg)
{
	struct slab *slabp;

	list_for_each_entry(slabp, list, list)
		fn(cachep, slabp, virt_to_page((uint8_t *)slabp->s_mem -
					       slabp->colouroff),
		   1u << cachep->gfporder, arg);
}

void kmem_cache_walk_slabs(void (*fn)(struct kmem_cache *, struct slab *,
				      struct page *, unsigned int, void *),
			   void *arg)
{
	struct kmem_cache *cachep;

	list_for_each_entry(cachep, &cache_chain, next) {
		walk_slab_list(cachep, &cachep->slabs_full, fn, arg);
		walk_slab_list(cachep, &cachep->slabs_partial, fn, arg);
		walk_slab_list(cachep, &cachep->slabs_free, fn, arg);
	}
}

/* /proc/slabinfo, version 2.1 */
void slabinfo_show(struct seq_file *m)
{
	struct kmem_cache *c;

	seq_printf(m, "slabinfo - version: 2.1\n");
	seq_printf(m, "# name            <active_objs> <num_objs> <objsize> "
		   "<objperslab> <pagesperslab> : tunables <limit> <batchcount> "
		   "<sharedfactor> : slabdata <active_slabs> <num_slabs> "
		   "<sharedavail>\n");
	list_for_each_entry(c, &cache_chain, next) {
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u"
			   " : slabdata %6lu %6lu %6lu\n", c->name, c->num_active,
			   c->num_slabs * c->num, c->buffer_size, c->num,
			   1 << c->gfporder, 0u, 0u, 0u,
			   c->num_slabs - c->free_slabs, c->num_slabs, 0ul);
	}
}
