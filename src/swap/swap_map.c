/*
 * swap_map.c - page slots: allocating them (scan_swap_map, get_swap_page)
 * and counting their references (swap_duplicate, swap_free), after
 * Linux 2.6's mm/swapfile.c, plus the decisions that look at a slot's
 * count and its swap-cache page together (free_swap_and_cache and the
 * "is this page exclusively ours" tests of the fault path).
 *
 * A slot's count is the number of PTEs holding its entry plus one while
 * its page is in the swap cache. nr_swap_pages follows every change of a
 * slot between free and used, so it is the number of free slots in the
 * writable areas (minus the whole of an area being switched off, whose
 * slots it gets back one by one as they are freed, as in Linux).
 */
#include <errno.h>
#include "gfp.h"
#include "swap.h"
#include "swap_internal.h"

/* The area and slot an entry names, whatever the slot's count. */
static struct swap_info_struct *swap_area_of(swp_entry_t entry)
{
	unsigned int type = swp_type(entry);
	uint32_t offset = swp_offset(entry);
	struct swap_info_struct *p;

	/* no stray bits: exactly what swp_entry() builds */
	if (entry.val != swp_entry(type, offset).val)
		return NULL;
	p = get_swap_info_struct(type);
	if (!p || offset == 0 || offset >= p->max)
		return NULL;
	return p;
}

struct swap_info_struct *swap_info_get(swp_entry_t entry)
{
	struct swap_info_struct *p = swap_area_of(entry);
	unsigned short count;

	if (!p)
		return NULL;
	count = p->swap_map[swp_offset(entry)];
	if (count == 0 || count == SWAP_MAP_BAD)
		return NULL;
	return p;
}

int swap_count(swp_entry_t entry)
{
	struct swap_info_struct *p = swap_area_of(entry);

	return p ? p->swap_map[swp_offset(entry)] : -EINVAL;
}

/* ---- Allocation ---- */

/*
 * The first run of SWAPFILE_CLUSTER free slots at or above lowest_bit
 * that ends by highest_bit; its first slot, or 0 if there is none.
 */
static unsigned int find_free_cluster(struct swap_info_struct *si)
{
	unsigned int offset = si->lowest_bit;
	unsigned int last_in_cluster = offset + SWAPFILE_CLUSTER - 1;

	for (; last_in_cluster <= si->highest_bit; offset++) {
		if (si->swap_map[offset])
			last_in_cluster = offset + SWAPFILE_CLUSTER;
		else if (offset == last_in_cluster)
			return offset - SWAPFILE_CLUSTER + 1;
	}
	return 0;
}

/* The first free slot in [from, highest_bit], or 0. */
static unsigned int next_free(struct swap_info_struct *si, unsigned int from)
{
	unsigned int offset;

	for (offset = from; offset <= si->highest_bit; offset++)
		if (!si->swap_map[offset])
			return offset;
	return 0;
}

static void take_slot(struct swap_info_struct *si, unsigned int offset)
{
	if (offset == si->lowest_bit)
		si->lowest_bit++;
	if (offset == si->highest_bit)
		si->highest_bit--;
	si->inuse_pages++;
	if (si->inuse_pages == si->pages) {
		si->lowest_bit = si->max;
		si->highest_bit = 0;
	}
	si->swap_map[offset] = 1;
	si->cluster_next = offset + 1;
}

/*
 * Linux 2.6's scan_swap_map. Slots are handed out in runs: a run starts
 * at the first stretch of SWAPFILE_CLUSTER free slots found scanning up
 * from lowest_bit (holes shorter than that are skipped while such a
 * stretch exists) and the next SWAPFILE_CLUSTER - 1 calls continue from
 * the slot after the last one given (cluster_next), skipping used slots.
 * With fewer than SWAPFILE_CLUSTER free slots left, or no free stretch,
 * a run starts at the lowest free slot instead. So a burst of swap-outs
 * lands on contiguous slots, and the pages of one burst are read back
 * with little seeking. Returns the offset, or 0 when the area is full.
 */
static unsigned int scan_swap_map(struct swap_info_struct *si)
{
	unsigned int offset = 0;

	if (!(si->flags & SWP_WRITEOK) || !si->highest_bit)
		return 0;
	if (si->cluster_nr) {
		si->cluster_nr--;
		offset = si->cluster_next;
	} else {
		si->cluster_nr = SWAPFILE_CLUSTER - 1;
		if (si->pages - si->inuse_pages >= SWAPFILE_CLUSTER)
			offset = find_free_cluster(si);
	}
	if (!offset || offset > si->highest_bit || offset < si->lowest_bit)
		offset = si->lowest_bit;
	offset = next_free(si, offset);
	if (!offset)
		offset = next_free(si, si->lowest_bit);
	if (!offset)
		return 0;	/* counts say free, map says full: never */
	take_slot(si, offset);
	return offset;
}

/*
 * Linux's get_swap_page: try areas from swap_list.next on. An area of
 * the same priority as the next one passes the turn on (round-robin);
 * otherwise the walk restarts at the head, so the highest priority with
 * room is always used first. Two passes over the list at most.
 */
swp_entry_t get_swap_page(void)
{
	swp_entry_t none = { 0 };
	int type, next, wrapped = 0;

	if (nr_swap_pages <= 0)
		return none;
	nr_swap_pages--;
	for (type = swap_list.next; type >= 0 && wrapped < 2; type = next) {
		struct swap_info_struct *si = &swap_info[type];
		unsigned int offset;

		next = si->next;
		if (next < 0 ||
		    (!wrapped && si->prio != swap_info[next].prio)) {
			next = swap_list.head;
			wrapped++;
		}
		if (!si->highest_bit || !(si->flags & SWP_WRITEOK))
			continue;
		swap_list.next = next;
		offset = scan_swap_map(si);
		if (offset)
			return swp_entry((unsigned int)type, offset);
		next = swap_list.next;
	}
	nr_swap_pages++;
	return none;
}

/* ---- Counting ---- */

int swap_duplicate(swp_entry_t entry)
{
	struct swap_info_struct *p = swap_info_get(entry);
	unsigned short *count;

	if (!p)
		return -EINVAL;
	count = &p->swap_map[swp_offset(entry)];
	/* A count that reaches SWAP_MAP_MAX sticks there: the slot can no
	 * longer be counted, so it is never freed (Linux does the same). */
	if (*count < SWAP_MAP_MAX - 1)
		(*count)++;
	else
		*count = SWAP_MAP_MAX;
	return 0;
}

unsigned int swap_entry_free(struct swap_info_struct *p, uint32_t offset)
{
	unsigned int count = p->swap_map[offset];

	if (count >= SWAP_MAP_MAX)
		return count;
	p->swap_map[offset] = (unsigned short)--count;
	if (count)
		return count;
	if (offset < p->lowest_bit)
		p->lowest_bit = offset;
	if (offset > p->highest_bit)
		p->highest_bit = offset;
	/* a freed slot in a better area than the next one: use it next */
	if ((p->flags & SWP_WRITEOK) && swap_list.next >= 0 &&
	    p->prio > swap_info[swap_list.next].prio)
		swap_list.next = (int)(p - swap_info);
	nr_swap_pages++;
	p->inuse_pages--;
	return 0;
}

int swap_free(swp_entry_t entry)
{
	struct swap_info_struct *p = swap_info_get(entry);

	if (!p)
		return -EINVAL;
	swap_entry_free(p, swp_offset(entry));
	return 0;
}

/* ---- Slot and swap-cache page together ---- */

int page_swapcount(struct page *page)
{
	swp_entry_t entry = { page->private };
	struct swap_info_struct *p;

	if (!PageSwapCache(page))
		return 0;
	p = swap_info_get(entry);
	/* minus the one count that is the swap cache's */
	return p ? p->swap_map[swp_offset(entry)] - 1 : 0;
}

int can_share_swap_page(struct page *page)
{
	int count = page_mapcount(page);

	if (count <= 1 && PageSwapCache(page))
		count += page_swapcount(page);
	return count == 1;
}

int remove_exclusive_swap_page(struct page *page)
{
	swp_entry_t entry = { page->private };
	struct swap_info_struct *p;

	if (!PageSwapCache(page) || PageWriteback(page))
		return 0;
	if (page_count(page) != 2)	/* the caller's and the cache's */
		return 0;
	p = swap_info_get(entry);
	if (!p || p->swap_map[swp_offset(entry)] != 1)
		return 0;	/* a PTE still holds the slot */
	__delete_from_swap_cache(page);
	SetPageDirty(page);	/* its only copy is now in memory */
	swap_free(entry);
	put_page(page);
	return 1;
}

int free_swap_and_cache(swp_entry_t entry)
{
	struct swap_info_struct *p = swap_info_get(entry);
	struct page *page;

	if (!p)
		return -EINVAL;
	if (swap_entry_free(p, swp_offset(entry)) != 1)
		return 0;
	/* Only the swap cache holds the slot now. */
	page = swap_cache_find(entry);
	if (!page)
		return 0;
	get_page(page);
	/* Nobody but the cache (and us) uses the page, or swap is short:
	 * give the slot back. */
	if (!PageWriteback(page) &&
	    (page_count(page) == 2 || vm_swap_full())) {
		delete_from_swap_cache(page);
		SetPageDirty(page);
	}
	put_page(page);
	return 0;
}
