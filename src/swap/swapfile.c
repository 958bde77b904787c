/*
 * swapfile.c - swap areas: swap_info[], the priority list, swapon and
 * swapoff (Linux 2.6's sys_swapon and sys_swapoff, without the system
 * call's user-space side, which the syscall layer adds).
 *
 * swap_list threads the active areas through swap_info[].next in order
 * of decreasing priority; a new area goes before older ones of the same
 * priority. An area without an explicit priority gets the next one below
 * every automatic priority so far (-1, -2, ...), and when it is switched
 * off the automatic priorities below it move up (Linux 2.6.25), so they
 * always run -1 .. least_priority without gaps.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "invariants.h"
#include "swap.h"
#include "swap_internal.h"

struct swap_info_struct swap_info[MAX_SWAPFILES];
struct swap_list_t swap_list = { -1, -1 };
unsigned int nr_swapfiles;
long nr_swap_pages;
long total_swap_pages;
struct swap_ops swap_ops;
static int least_priority;	/* the lowest automatic priority given */

struct swap_info_struct *get_swap_info_struct(unsigned int type)
{
	if (type >= MAX_SWAPFILES || !(swap_info[type].flags & SWP_USED))
		return NULL;
	return &swap_info[type];
}

static void swap_list_insert(int type)
{
	struct swap_info_struct *p = &swap_info[type];
	int i, prev = -1;

	for (i = swap_list.head; i >= 0; i = swap_info[i].next) {
		if (p->prio >= swap_info[i].prio)
			break;
		prev = i;
	}
	p->next = i;
	if (prev < 0)
		swap_list.head = swap_list.next = type;
	else
		swap_info[prev].next = type;
}

static void swap_list_remove(int type)
{
	int i, prev = -1;

	for (i = swap_list.head; i >= 0 && i != type; i = swap_info[i].next)
		prev = i;
	if (i < 0)
		return;
	if (prev < 0)
		swap_list.head = swap_info[type].next;
	else
		swap_info[prev].next = swap_info[type].next;
	if (swap_list.next == type)
		swap_list.next = swap_list.head;
}

/* The active area backed by the same host file, or -1. */
static int same_file(dev_t dev, ino_t ino)
{
	unsigned int i;

	for (i = 0; i < MAX_SWAPFILES; i++)
		if ((swap_info[i].flags & SWP_USED) &&
		    swap_info[i].swap_dev == dev &&
		    swap_info[i].swap_ino == ino)
			return (int)i;
	return -1;
}

int find_swap_area(const char *path)
{
	struct stat st;
	int type;

	if (!path || stat(path, &st) < 0)
		return -ENOENT;
	type = same_file(st.st_dev, st.st_ino);
	return type >= 0 ? type : -EINVAL;
}

/*
 * The swap_map of a checked header: the header page and the bad pages
 * are SWAP_MAP_BAD. Returns the usable slots, counted rather than taken
 * from nr_badpages, so a page listed twice cannot skew the counts.
 */
static unsigned int setup_swap_map(struct swap_info_struct *p,
				   const struct swap_header_info *info)
{
	unsigned int i, good = 0;

	p->swap_map[0] = SWAP_MAP_BAD;
	for (i = 0; i < info->nr_badpages; i++)
		if (info->badpages[i] < p->max)
			p->swap_map[info->badpages[i]] = SWAP_MAP_BAD;
	for (i = 1; i < p->max; i++)
		if (!p->swap_map[i])
			good++;
	return good;
}

static void init_area(struct swap_info_struct *p)
{
	memset(p, 0, sizeof(*p));
	p->swap_file = -1;
	p->next = -1;
}

static void release_area(struct swap_info_struct *p)
{
	if (p->swap_file >= 0)
		close(p->swap_file);
	free(p->swap_map);
	free(p->swap_name);
	init_area(p);
}

static int free_type(void)
{
	int type;

	for (type = 0; type < MAX_SWAPFILES; type++)
		if (!(swap_info[type].flags & SWP_USED))
			return type;
	return -1;
}

/* Open path for swapping: a regular file not already an active area. */
static int open_area(const char *path, struct swap_info_struct *p,
		     char *err, size_t errlen)
{
	struct stat st;
	int other;

	p->swap_file = open(path, O_RDWR | O_CLOEXEC);
	if (p->swap_file < 0)
		return swap_err(err, errlen, -errno, "cannot open: %s",
				strerror(errno));
	if (fstat(p->swap_file, &st) < 0)
		return swap_err(err, errlen, -errno, "cannot stat: %s",
				strerror(errno));
	other = same_file(st.st_dev, st.st_ino);
	if (other >= 0)
		return swap_err(err, errlen, -EBUSY,
				"already in use as swap area %d", other);
	p->swap_dev = st.st_dev;
	p->swap_ino = st.st_ino;
	p->swap_name = realpath(path, NULL);
	if (!p->swap_name)
		p->swap_name = strdup(path);
	if (!p->swap_name)
		return swap_err(err, errlen, -ENOMEM, "out of host memory");
	return 0;
}

/* Read the header and build swap_map and the slot counters. */
static int setup_area(struct swap_info_struct *p, char *err, size_t errlen)
{
	struct swap_header_info info;
	int ret;

	ret = read_swap_header(p->swap_file, &info, err, errlen);
	if (ret)
		return ret;
	p->max = info.max;
	p->swap_map = calloc(p->max, sizeof(*p->swap_map));
	if (!p->swap_map)
		return swap_err(err, errlen, -ENOMEM,
				"no host memory for a swap map of %u slots",
				p->max);
	p->pages = setup_swap_map(p, &info);
	if (!p->pages)
		return swap_err(err, errlen, -EINVAL,
				"no usable page slot: every page is listed "
				"as bad");
	p->lowest_bit = 1;
	p->highest_bit = p->max - 1;
	p->cluster_next = 1;
	p->cluster_nr = 0;
	p->inuse_pages = 0;
	memcpy(p->uuid, info.uuid, SWAP_UUID_LEN);
	memcpy(p->label, info.label, sizeof(p->label));
	return 0;
}

int do_swapon(const char *path, int prio, char *err, size_t errlen)
{
	struct swap_info_struct *p;
	int type, ret;

	if (!path || !*path)
		return swap_err(err, errlen, -EINVAL, "no file name");
	if (prio < -1 || prio > SWAP_PRIO_MAX)
		return swap_err(err, errlen, -EINVAL,
				"priority %d is out of range (0..%d, or -1 "
				"for the next automatic one)", prio,
				SWAP_PRIO_MAX);
	type = free_type();
	if (type < 0)
		return swap_err(err, errlen, -EPERM,
				"all %d swap areas are in use", MAX_SWAPFILES);
	p = &swap_info[type];
	init_area(p);
	ret = open_area(path, p, err, errlen);
	if (!ret)
		ret = setup_area(p, err, errlen);
	if (ret) {
		release_area(p);
		return ret;
	}
	p->prio = prio < 0 ? --least_priority : prio;
	p->flags = SWP_ACTIVE;
	swap_list_insert(type);
	nr_swap_pages += p->pages;
	total_swap_pages += p->pages;
	if ((unsigned int)type >= nr_swapfiles)
		nr_swapfiles = (unsigned int)type + 1;
	return type;
}

/* Take the area off the list while try_to_unuse empties it. */
static void swap_area_disable(int type)
{
	struct swap_info_struct *p = &swap_info[type];

	swap_list_remove(type);
	nr_swap_pages -= p->pages;
	total_swap_pages -= p->pages;
	p->flags &= ~SWP_WRITEOK;
}

static void swap_area_reenable(int type)
{
	struct swap_info_struct *p = &swap_info[type];

	p->flags |= SWP_WRITEOK;
	swap_list_insert(type);
	nr_swap_pages += p->pages;
	total_swap_pages += p->pages;
}

/* An automatic priority is gone: the ones below it move up by one. */
static void close_priority_gap(int prio)
{
	unsigned int i;

	if (prio >= 0)
		return;
	for (i = 0; i < MAX_SWAPFILES; i++)
		if ((swap_info[i].flags & SWP_USED) && swap_info[i].prio < prio)
			swap_info[i].prio++;
	least_priority++;
}

static int __do_swapoff(unsigned int type)
{
	struct swap_info_struct *p = get_swap_info_struct(type);
	int ret = 0;

	if (!p || !(p->flags & SWP_WRITEOK))
		return -EINVAL;
	/* slots only the swap cache holds need no PTE rewritten */
	swap_cache_drop_area(type, 0);
	if (p->inuse_pages && !swap_ops.try_to_unuse)
		return -EBUSY;
	swap_area_disable((int)type);
	if (p->inuse_pages) {
		ret = swap_ops.try_to_unuse(type);
		if (!ret && p->inuse_pages)
			ret = -EBUSY;
	}
	if (ret) {
		swap_area_reenable((int)type);
		return ret;
	}
	close_priority_gap(p->prio);
	release_area(p);
	return 0;
}

int do_swapoff(unsigned int type)
{
	int ret = __do_swapoff(type);

	invariants_event("swapoff");
	return ret;
}

unsigned long swap_exit(void)
{
	unsigned long inuse = 0;
	unsigned int type;

	for (type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_info_struct *p = &swap_info[type];

		if (!(p->flags & SWP_USED))
			continue;
		inuse += p->inuse_pages;
		swap_cache_drop_area(type, 1);
		release_area(p);
	}
	swap_list.head = swap_list.next = -1;
	nr_swapfiles = 0;
	nr_swap_pages = total_swap_pages = 0;
	least_priority = 0;
	return inuse;
}
