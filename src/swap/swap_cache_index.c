/*
 * swap_cache_index.c - the swap cache's index from a swap entry to its
 * page. Linux keeps it in the radix tree of swapper_space; until a radix
 * tree is on main, this is a chained hash table whose buckets and nodes
 * are kmalloc'd, so the index lives in emulated lowmem like the rest of
 * the kernel's objects. Only the four functions of swap_internal.h see
 * it, so replacing it by the radix tree touches this file alone.
 *
 * The bucket array doubles when chains average two nodes (up to the
 * largest kmalloc, 16384 buckets; chains grow longer after that), halves
 * when they average under one eighth, and is freed when the cache is
 * empty. Allocations are GFP_ATOMIC: reclaim adds pages to the swap
 * cache in order to free memory, so this must not wait for reclaim
 * itself; a failed resize only leaves the chains longer.
 */
#include <errno.h>
#include "slab.h"
#include "swap_internal.h"

struct swap_cache_node {
	struct swap_cache_node *next;
	struct page *page;
	uint32_t key;			/* entry.val */
};

#define MIN_BUCKETS_SHIFT	6
#define MAX_BUCKETS_SHIFT	14	/* 16384 pointers: size-131072 */

static struct swap_cache_node **buckets;
static unsigned int buckets_shift;
static unsigned long nr_nodes;

static unsigned int bucket_of(uint32_t key, unsigned int shift)
{
	return (key * 0x9e3779b1u) >> (32 - shift);	/* Fibonacci hash */
}

/* Move every node into a table of 2^shift buckets, if one can be had. */
static void rehash(unsigned int shift)
{
	struct swap_cache_node **nb;
	unsigned int i, n = 1u << buckets_shift;

	nb = kzalloc(sizeof(*nb) << shift, GFP_ATOMIC);
	if (!nb)
		return;
	for (i = 0; buckets && i < n; i++) {
		while (buckets[i]) {
			struct swap_cache_node *node = buckets[i];
			unsigned int b = bucket_of(node->key, shift);

			buckets[i] = node->next;
			node->next = nb[b];
			nb[b] = node;
		}
	}
	kfree(buckets);
	buckets = nb;
	buckets_shift = shift;
}

static struct swap_cache_node **find_link(uint32_t key)
{
	struct swap_cache_node **link;

	if (!buckets)
		return NULL;
	for (link = &buckets[bucket_of(key, buckets_shift)]; *link;
	     link = &(*link)->next)
		if ((*link)->key == key)
			return link;
	return NULL;
}

int swap_cache_insert(struct page *page, swp_entry_t entry)
{
	struct swap_cache_node *node;
	unsigned int b;

	if (!buckets) {
		rehash(MIN_BUCKETS_SHIFT);
		if (!buckets)
			return -ENOMEM;
	} else if (find_link(entry.val)) {
		return -EEXIST;
	}
	node = kmalloc(sizeof(*node), GFP_ATOMIC);
	if (!node)
		return -ENOMEM;
	if (nr_nodes >= 2ul << buckets_shift &&
	    buckets_shift < MAX_BUCKETS_SHIFT)
		rehash(buckets_shift + 1);
	node->key = entry.val;
	node->page = page;
	b = bucket_of(entry.val, buckets_shift);
	node->next = buckets[b];
	buckets[b] = node;
	nr_nodes++;
	return 0;
}

struct page *swap_cache_find(swp_entry_t entry)
{
	struct swap_cache_node **link = find_link(entry.val);

	return link ? (*link)->page : NULL;
}

struct page *swap_cache_remove(swp_entry_t entry)
{
	struct swap_cache_node **link = find_link(entry.val);
	struct swap_cache_node *node;
	struct page *page;

	if (!link)
		return NULL;
	node = *link;
	*link = node->next;
	page = node->page;
	kfree(node);
	if (--nr_nodes == 0) {
		kfree(buckets);
		buckets = NULL;
		buckets_shift = 0;
	} else if (nr_nodes < (1ul << buckets_shift) / 8 &&
		   buckets_shift > MIN_BUCKETS_SHIFT) {
		rehash(buckets_shift - 1);
	}
	return page;
}
