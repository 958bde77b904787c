/*
 * radix-tree.h - Linux's radix tree: a sparse array of pointers indexed by
 * a 32-bit key, with per-slot tags that propagate up the tree so tagged
 * items (dirty pages, pages under writeback) are found without visiting
 * the rest. The page cache indexes each address_space's pages by it.
 *
 * Nodes are 32-way and come from the slab cache "radix_tree_node", so the
 * index of the page cache lives in emulated lowmem as in Linux. 32 slots
 * of host pointers keep a node under 512 bytes, so the slab keeps its
 * descriptor on the slab itself: freeing nodes then never leaves a free
 * slab behind in a general cache (where the slab's descriptors of large
 * objects live), which would spoil the "nothing lost" count.
 */
#ifndef I386MM_RADIX_TREE_H
#define I386MM_RADIX_TREE_H

#include <stdint.h>
#include "gfp.h"

#define RADIX_TREE_MAP_SHIFT	5
#define RADIX_TREE_MAP_SIZE	(1u << RADIX_TREE_MAP_SHIFT)
#define RADIX_TREE_MAP_MASK	(RADIX_TREE_MAP_SIZE - 1)
#define RADIX_TREE_MAX_TAGS	2

struct radix_tree_node;

struct radix_tree_root {
	unsigned int height;		/* 0: empty, or rnode is the item */
	struct radix_tree_node *rnode;
	/* tags of the item at index 0 while height == 0 ... */
	unsigned int root_tags;		/* ... and "any tagged" above */
};

static inline void INIT_RADIX_TREE(struct radix_tree_root *root)
{
	root->height = 0;
	root->rnode = NULL;
	root->root_tags = 0;
}

/* 0, -EEXIST if index is taken, -ENOMEM. */
int radix_tree_insert(struct radix_tree_root *root, uint32_t index,
		      void *item, gfp_t gfp);
void *radix_tree_lookup(struct radix_tree_root *root, uint32_t index);
/* Remove and return the item (NULL if none); frees emptied nodes. */
void *radix_tree_delete(struct radix_tree_root *root, uint32_t index);

/*
 * Up to max items with index >= first, in index order, into results;
 * returns how many. The _tag variant returns only items tagged tag.
 */
unsigned int radix_tree_gang_lookup(struct radix_tree_root *root,
				    void **results, uint32_t first,
				    unsigned int max);
unsigned int radix_tree_gang_lookup_tag(struct radix_tree_root *root,
					void **results, uint32_t first,
					unsigned int max, unsigned int tag);

/* Tags of present items; set/clear return the item or NULL. */
void *radix_tree_tag_set(struct radix_tree_root *root, uint32_t index,
			 unsigned int tag);
void *radix_tree_tag_clear(struct radix_tree_root *root, uint32_t index,
			   unsigned int tag);
int radix_tree_tag_get(struct radix_tree_root *root, uint32_t index,
		       unsigned int tag);
/* Whether any item of the tree carries tag. */
int radix_tree_tagged(struct radix_tree_root *root, unsigned int tag);

/* The node cache, created by vfs_caches_init (and destroyed on exit). */
void radix_tree_init(void);
void radix_tree_exit(void);
/* Give the node cache's free slabs back (the VFS shrinker calls it). */
unsigned long radix_tree_shrink(void);

#endif
