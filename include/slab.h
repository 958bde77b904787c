/*
 * slab.h - the slab allocator: caches of same-sized kernel objects carved
 * from buddy pages, so kernel objects (mm_struct, vm_area_struct, task,
 * file, inode, dentry...) live in emulated memory like a real kernel's.
 *
 * It is Linux's SLAB: each cache keeps full, partial and free slab lists;
 * a slab is 2^gfporder lowmem pages with its descriptor (struct slab and
 * the kmem_bufctl_t free-list array) on the slab itself for small objects
 * and in a separate cache for large ones; successive slabs are coloured
 * by cache-line offsets; free slabs go back to the buddy allocator under
 * memory pressure (kmem_cache_reap, after the shrinkers) or on
 * kmem_cache_shrink.
 */
#ifndef I386MM_SLAB_H
#define I386MM_SLAB_H

#include <stddef.h>
#include "gfp.h"

#define SLAB_HWCACHE_ALIGN	0x2000u	/* align objects on cache lines */
#define SLAB_PANIC		0x40000u	/* boot caches: abort on failure */
#define L1_CACHE_BYTES		64

typedef uint32_t kmem_bufctl_t;
#define BUFCTL_END	0xffffffffu

struct slab {
	struct list_head list;		/* on one of the cache's three lists */
	uint32_t colouroff;		/* offset of the first object */
	void *s_mem;			/* first object */
	uint32_t inuse;			/* objects allocated */
	kmem_bufctl_t free;		/* index of first free object */
	/* kmem_bufctl_t bufctl[num] follows */
};

struct kmem_cache {
	struct list_head slabs_full;
	struct list_head slabs_partial;
	struct list_head slabs_free;
	uint32_t buffer_size;		/* object size, aligned */
	uint32_t obj_size;		/* as asked for */
	uint32_t num;			/* objects per slab */
	uint32_t gfporder;		/* pages per slab = 1 << gfporder */
	uint32_t colour;		/* number of colours */
	uint32_t colour_off;		/* bytes per colour */
	uint32_t colour_next;
	uint32_t flags;
	int off_slab;			/* descriptor in slabp_cache */
	struct kmem_cache *slabp_cache;
	uint32_t slab_size;		/* bytes of descriptor + bufctls */
	void (*ctor)(void *obj);
	char name[32];
	struct list_head next;		/* on cache_chain */
	/* statistics */
	unsigned long num_active;	/* objects in use */
	unsigned long num_slabs;	/* slabs held */
	unsigned long free_slabs;	/* slabs on slabs_free */
	unsigned long grown, reaped;
};

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned int flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *cachep);
void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cachep, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cachep, void *objp);
/* Release all free slabs; returns pages given back. */
unsigned long kmem_cache_shrink(struct kmem_cache *cachep);
/* Every cache's free slabs, after the shrinkers ran (shrink_slab). */
unsigned long kmem_cache_reap(void);

/* General caches size-32 ... size-131072. */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *objp);

/* Called by mem_init after the buddy allocator is up; kmem_cache_exit
 * at mem_exit. */
void kmem_cache_init(void);
void kmem_cache_exit(void);

struct seq_file;
void slabinfo_show(struct seq_file *m);	/* /proc/slabinfo, version 2.1 */

/* Pages held by all slabs, for /proc/meminfo's Slab: line. */
unsigned long slab_pages(void);

/* fn for every slab of every cache, with its first page and its number
 * of pages (the invariant checker's walk). */
void kmem_cache_walk_slabs(void (*fn)(struct kmem_cache *cachep,
				      struct slab *slabp, struct page *page,
				      unsigned int nr, void *arg),
			   void *arg);

#endif
