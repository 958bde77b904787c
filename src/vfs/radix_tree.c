/*
 * radix_tree.c - Linux's radix tree (lib/radix-tree.c), cut down to what
 * the page cache uses: insert, lookup, delete, gang lookups in index order,
 * and tags that propagate to the root so "every dirty page of this file"
 * visits only the dirty subtrees.
 *
 * A tree of height h covers indices below 32^h; height 0 is the empty
 * tree. Each node counts its non-empty slots, so delete can free nodes
 * as they empty and shrink the tree when only slot 0 is left. Nodes are
 * slab objects from "radix_tree_node": the page cache's index costs
 * emulated lowmem, as it would a real kernel.
 */
#include <errno.h>
#include <stddef.h>
#include "radix-tree.h"
#include "slab.h"

/* enough levels for 32 bits of index */
#define RADIX_TREE_MAX_HEIGHT \
	((32 + RADIX_TREE_MAP_SHIFT - 1) / RADIX_TREE_MAP_SHIFT)

struct radix_tree_node {
	unsigned int count;
	void *slots[RADIX_TREE_MAP_SIZE];
	uint32_t tags[RADIX_TREE_MAX_TAGS];	/* a bit per slot */
};

/* One step of a path from the root: the node and the slot taken in it. */
struct radix_path {
	struct radix_tree_node *node;
	unsigned int offset;
};

struct kmem_cache *radix_tree_node_cachep;

void radix_tree_init(void)
{
	radix_tree_node_cachep = kmem_cache_create("radix_tree_node",
					sizeof(struct radix_tree_node), 0,
					SLAB_PANIC, NULL);
}

void radix_tree_exit(void)
{
	if (radix_tree_node_cachep)
		kmem_cache_destroy(radix_tree_node_cachep);
	radix_tree_node_cachep = NULL;
}

unsigned long radix_tree_shrink(void)
{
	return radix_tree_node_cachep ?
	       kmem_cache_shrink(radix_tree_node_cachep) : 0;
}

static uint64_t height_to_maxindex(unsigned int height)
{
	if (height >= RADIX_TREE_MAX_HEIGHT)
		return 0xffffffffull;
	return (1ull << (height * RADIX_TREE_MAP_SHIFT)) - 1;
}

static inline unsigned int slot_offset(uint32_t index, unsigned int height)
{
	return (index >> ((height - 1) * RADIX_TREE_MAP_SHIFT)) &
	       RADIX_TREE_MAP_MASK;
}

static inline int tag_get(const struct radix_tree_node *n, unsigned int tag,
			  unsigned int off)
{
	return (n->tags[tag] >> off) & 1;
}

static inline void tag_set(struct radix_tree_node *n, unsigned int tag,
			   unsigned int off)
{
	n->tags[tag] |= 1u << off;
}

static inline void tag_clear(struct radix_tree_node *n, unsigned int tag,
			     unsigned int off)
{
	n->tags[tag] &= ~(1u << off);
}

static inline int root_tag_get(const struct radix_tree_root *r,
			       unsigned int tag)
{
	return (r->root_tags >> tag) & 1;
}

static struct radix_tree_node *node_alloc(gfp_t gfp)
{
	return kmem_cache_zalloc(radix_tree_node_cachep, gfp & ~__GFP_HIGHMEM);
}

static void node_free(struct radix_tree_node *node)
{
	kmem_cache_free(radix_tree_node_cachep, node);
}

/* Grow the tree until index fits; the old top becomes slot 0. */
static int radix_tree_extend(struct radix_tree_root *root, uint32_t index,
			     gfp_t gfp)
{
	unsigned int height = root->height + 1, tag;
	struct radix_tree_node *node;

	while (index > height_to_maxindex(height))
		height++;
	if (!root->rnode) {
		root->height = height;
		return 0;
	}
	while (root->height < height) {
		node = node_alloc(gfp);
		if (!node)
			return -ENOMEM;
		node->slots[0] = root->rnode;
		node->count = 1;
		for (tag = 0; tag < RADIX_TREE_MAX_TAGS; tag++)
			if (root_tag_get(root, tag))
				tag_set(node, tag, 0);
		root->rnode = node;
		root->height++;
	}
	return 0;
}

/*
 * The nodes an insert linked in on its way down, so that an allocation
 * failing half way (memory is short: an OOM kill may be under way) takes
 * them out again. The tree is then as it was, and height > 0 still means
 * rnode is a node, which every walk relies on.
 */
struct new_nodes {
	void **at[RADIX_TREE_MAX_HEIGHT];
	struct radix_tree_node *parent[RADIX_TREE_MAX_HEIGHT];
	unsigned int n;
};

static void undo_new_nodes(struct radix_tree_root *root, struct new_nodes *nn)
{
	while (nn->n) {
		unsigned int i = --nn->n;

		node_free(*nn->at[i]);
		*nn->at[i] = NULL;
		if (nn->parent[i])
			nn->parent[i]->count--;
	}
	if (!root->rnode)
		root->height = 0;
}

int radix_tree_insert(struct radix_tree_root *root, uint32_t index,
		      void *item, gfp_t gfp)
{
	struct radix_tree_node *node = NULL, *child;
	void **slot = (void **)&root->rnode;
	struct new_nodes nn = { .n = 0 };
	unsigned int height, off = 0;
	int err;

	if (!item)
		return -EINVAL;
	if (!root->height || index > height_to_maxindex(root->height)) {
		err = radix_tree_extend(root, index, gfp);
		if (err)
			return err;
	}
	for (height = root->height; height > 0; height--) {
		if (!*slot) {
			child = node_alloc(gfp);
			if (!child) {
				undo_new_nodes(root, &nn);
				return -ENOMEM;
			}
			*slot = child;
			nn.at[nn.n] = slot;
			nn.parent[nn.n++] = node;
			if (node)
				node->count++;
		}
		node = *slot;
		off = slot_offset(index, height);
		slot = &node->slots[off];
	}
	if (*slot) {
		undo_new_nodes(root, &nn);
		return -EEXIST;
	}
	*slot = item;
	node->count++;
	return 0;
}

void *radix_tree_lookup(struct radix_tree_root *root, uint32_t index)
{
	struct radix_tree_node *node = root->rnode;
	unsigned int height = root->height;

	if (!height || index > height_to_maxindex(height))
		return NULL;
	while (height > 1) {
		node = node->slots[slot_offset(index, height)];
		if (!node)
			return NULL;
		height--;
	}
	return node->slots[slot_offset(index, 1)];
}

/* Fill path[1..height] for index; returns the item or NULL. */
static void *radix_tree_walk(struct radix_tree_root *root, uint32_t index,
			     struct radix_path *path)
{
	struct radix_tree_node *node = root->rnode;
	unsigned int height = root->height, depth = 1;

	if (!height || index > height_to_maxindex(height))
		return NULL;
	while (height > 0) {
		unsigned int off = slot_offset(index, height);

		path[depth].node = node;
		path[depth].offset = off;
		if (height == 1)
			return node->slots[off];
		node = node->slots[off];
		if (!node)
			return NULL;
		height--;
		depth++;
	}
	return NULL;
}

void *radix_tree_tag_set(struct radix_tree_root *root, uint32_t index,
			 unsigned int tag)
{
	struct radix_path path[RADIX_TREE_MAX_HEIGHT + 1];
	void *item = radix_tree_walk(root, index, path);
	unsigned int d;

	if (!item || tag >= RADIX_TREE_MAX_TAGS)
		return NULL;
	for (d = 1; d <= root->height; d++)
		tag_set(path[d].node, tag, path[d].offset);
	root->root_tags |= 1u << tag;
	return item;
}

/* Clear tag along a walked path, upwards while nodes lose their last. */
static void clear_path_tag(struct radix_tree_root *root,
			   struct radix_path *path, unsigned int tag)
{
	unsigned int d;

	for (d = root->height; d >= 1; d--) {
		tag_clear(path[d].node, tag, path[d].offset);
		if (path[d].node->tags[tag])
			return;
	}
	root->root_tags &= ~(1u << tag);
}

void *radix_tree_tag_clear(struct radix_tree_root *root, uint32_t index,
			   unsigned int tag)
{
	struct radix_path path[RADIX_TREE_MAX_HEIGHT + 1];
	void *item = radix_tree_walk(root, index, path);

	if (!item || tag >= RADIX_TREE_MAX_TAGS)
		return NULL;
	clear_path_tag(root, path, tag);
	return item;
}

int radix_tree_tag_get(struct radix_tree_root *root, uint32_t index,
		       unsigned int tag)
{
	struct radix_path path[RADIX_TREE_MAX_HEIGHT + 1];
	unsigned int h = root->height;

	if (tag >= RADIX_TREE_MAX_TAGS || !radix_tree_walk(root, index, path))
		return 0;
	return tag_get(path[h].node, tag, path[h].offset);
}

int radix_tree_tagged(struct radix_tree_root *root, unsigned int tag)
{
	return tag < RADIX_TREE_MAX_TAGS && root_tag_get(root, tag);
}

/* While the top node holds only slot 0, the tree can be one level lower. */
static void radix_tree_shrink_height(struct radix_tree_root *root)
{
	while (root->height > 1) {
		struct radix_tree_node *top = root->rnode;

		if (top->count != 1 || !top->slots[0])
			return;
		root->rnode = top->slots[0];
		root->height--;
		node_free(top);
	}
}

void *radix_tree_delete(struct radix_tree_root *root, uint32_t index)
{
	struct radix_path path[RADIX_TREE_MAX_HEIGHT + 1];
	void *item = radix_tree_walk(root, index, path);
	unsigned int tag, d;

	if (!item)
		return NULL;
	for (tag = 0; tag < RADIX_TREE_MAX_TAGS; tag++)
		if (tag_get(path[root->height].node, tag,
			    path[root->height].offset))
			clear_path_tag(root, path, tag);
	for (d = root->height; d >= 1; d--) {
		struct radix_tree_node *node = path[d].node;

		node->slots[path[d].offset] = NULL;
		if (--node->count)
			break;
		node_free(node);
		if (d == 1) {	/* the whole tree is gone */
			root->rnode = NULL;
			root->height = 0;
			root->root_tags = 0;
			return item;
		}
	}
	radix_tree_shrink_height(root);
	return item;
}

/* Depth-first, in index order, below node covering [base, base + 32^h). */
static unsigned int gang(struct radix_tree_node *node, unsigned int height,
			 uint64_t base, uint32_t first, void **results,
			 unsigned int max, unsigned int nr, int tag)
{
	unsigned int shift = (height - 1) * RADIX_TREE_MAP_SHIFT;
	unsigned int off = first > base ? (unsigned)((first - base) >> shift)
					 : 0;

	for (; off < RADIX_TREE_MAP_SIZE && nr < max; off++) {
		uint64_t child_base = base + ((uint64_t)off << shift);

		if (!node->slots[off] || (tag >= 0 && !tag_get(node, tag, off)))
			continue;
		if (height == 1)
			results[nr++] = node->slots[off];
		else
			nr = gang(node->slots[off], height - 1, child_base,
				  first, results, max, nr, tag);
	}
	return nr;
}

unsigned int radix_tree_gang_lookup(struct radix_tree_root *root,
				    void **results, uint32_t first,
				    unsigned int max)
{
	if (!root->height || first > height_to_maxindex(root->height))
		return 0;
	return gang(root->rnode, root->height, 0, first, results, max, 0, -1);
}

unsigned int radix_tree_gang_lookup_tag(struct radix_tree_root *root,
					void **results, uint32_t first,
					unsigned int max, unsigned int tag)
{
	if (!root->height || first > height_to_maxindex(root->height) ||
	    tag >= RADIX_TREE_MAX_TAGS || !root_tag_get(root, tag))
		return 0;
	return gang(root->rnode, root->height, 0, first, results, max, 0,
		    (int)tag);
}
