/*
 * swap.h - swap areas, their page slots and the swap cache, after Linux
 * 2.6's mm/swapfile.c, mm/swap_state.c and mm/page_io.c.
 *
 * A swap area is a host file whose first page is Linux's swap header
 * (mkswap's format, so blkid says TYPE="swap" and util-linux files work).
 * Every page slot has a reference count in the area's swap_map: 0 free,
 * 1..SWAP_MAP_MAX references (PTEs holding the swap entry, plus one for
 * the swap cache), SWAP_MAP_BAD for the header and bad pages, which are
 * never given out. A swap entry (pgtable.h: swp_entry, swp_type,
 * swp_offset) names the area by its type (index in swap_info[]) and the
 * slot by its offset, which is also its page number in the file.
 *
 * Errors are -errno. The functions that read a file (mkswap_file,
 * read_swap_header, do_swapon) also write ONE human line into err naming
 * the problem, without the file's name, which the caller puts in front.
 * Nothing here takes locks: the emulator runs one kernel thread.
 */
#ifndef I386MM_SWAP_H
#define I386MM_SWAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "pgtable.h"

struct page;
struct seq_file;

/* ---- The on-disk header (include/linux/swap.h, util-linux mkswap) ---- */

#define SWAP_MAGIC		"SWAPSPACE2"
#define SWAP_MAGIC_LEN		10
#define SWAP_MAGIC_OFFSET	(PAGE_SIZE - SWAP_MAGIC_LEN)	/* 4086 */
#define SWAP_HEADER_VERSION	1
#define SWAP_UUID_LEN		16
#define SWAP_LABEL_LEN		16

union swap_header {
	struct {
		char reserved[PAGE_SIZE - 10];
		char magic[10];			/* SWAPSPACE2 */
	} magic;
	struct {
		char bootbits[1024];		/* space for a disk label */
		uint32_t version;		/* 1 */
		uint32_t last_page;		/* pages in the area - 1 */
		uint32_t nr_badpages;
		unsigned char sws_uuid[16];
		char sws_volume[16];		/* label, NUL-padded */
		uint32_t padding[117];
		uint32_t badpages[1];		/* nr_badpages of them */
	} info;
};

/* Bad page numbers fit between badpages[0] and the magic: 637. */
#define MAX_SWAP_BADPAGES \
	((SWAP_MAGIC_OFFSET - offsetof(union swap_header, info.badpages)) / \
	 sizeof(uint32_t))

/* Sizes mkswap_file accepts: mkswap's minimum, and 2^24 pages because a
 * swap entry's offset has 24 bits (slot 2^24 could not be named). */
#define SWAP_MIN_PAGES		10u
#define SWAP_MAX_PAGES		(1ul << SWP_OFFSET_BITS)

/* What a checked header says, in host byte order. */
struct swap_header_info {
	uint32_t last_page;		/* as written in the header */
	uint32_t nr_badpages;
	uint32_t badpages[MAX_SWAP_BADPAGES];
	unsigned char uuid[SWAP_UUID_LEN];
	char label[SWAP_LABEL_LEN + 1];	/* NUL-terminated */
	uint64_t file_pages;		/* whole pages in the file */
	/* slots used: last_page + 1, cut to SWAP_MAX_PAGES as Linux cuts an
	 * oversized area ("Truncating oversized swap area") */
	uint32_t max;
};

/*
 * Write a swap area of size_bytes (a multiple of PAGE_SIZE, from
 * SWAP_MIN_PAGES to SWAP_MAX_PAGES pages) at path, as `mkswap -L label`:
 * the file is created or truncated (mode 0600, sparse after the header).
 * label may be NULL (none) and has at most 16 bytes; uuid NULL derives a
 * fixed one from the label and size, so the same call writes the same
 * bytes. 0 or -errno with err filled; a failed call leaves no file.
 */
int mkswap_file(const char *path, uint64_t size_bytes, const char *label,
		const unsigned char *uuid, char *err, size_t errlen);

/*
 * Read the header from an open file and check every field: the magic at
 * its place, version 1, last_page within the file, nr_badpages and every
 * bad page number within the area. 0 with *info filled, or -EINVAL (-EIO
 * when the file cannot be read) and err naming the problem.
 */
int read_swap_header(int fd, struct swap_header_info *info, char *err,
		     size_t errlen);

/* The 36-character text form of a UUID (blkid's), into buf[37]. */
void swap_uuid_unparse(const unsigned char uuid[SWAP_UUID_LEN], char buf[37]);

/* ---- Areas (mm/swapfile.c) ---- */

#define SWAP_MAP_MAX	0x7fff	/* a count this high sticks (never freed) */
#define SWAP_MAP_BAD	0x8000	/* header page and bad pages */
#define SWAPFILE_CLUSTER 256	/* slots allocated in one run */

enum {
	SWP_USED	= 1 << 0,	/* the slot in swap_info[] is taken */
	SWP_WRITEOK	= 1 << 1,	/* get_swap_page may allocate here */
	SWP_ACTIVE	= SWP_USED | SWP_WRITEOK,
};

/* swapon(2)'s flags, for the system call; do_swapon takes a plain prio. */
#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_PRIO_MAX		SWAP_FLAG_PRIO_MASK

struct swap_info_struct {
	unsigned int flags;		/* SWP_USED, SWP_WRITEOK */
	int prio;			/* higher is used first */
	int next;			/* next type on swap_list, or -1 */
	int swap_file;			/* host file descriptor */
	char *swap_name;		/* absolute path, for /proc/swaps */
	dev_t swap_dev;			/* identity of the host file */
	ino_t swap_ino;
	/*
	 * One count per slot. Host memory, as Linux vmallocs it: vmalloc
	 * space is not emulated, and a 64 GiB area's map is 32 MiB.
	 */
	unsigned short *swap_map;
	unsigned int lowest_bit;	/* no free slot below */
	unsigned int highest_bit;	/* no free slot above; 0 when full */
	unsigned int cluster_next;	/* next slot of the current run */
	unsigned int cluster_nr;	/* slots left in the current run */
	unsigned int pages;		/* usable slots (not bad) */
	unsigned int inuse_pages;	/* slots with a count */
	unsigned int max;		/* slots including the header */
	unsigned char uuid[SWAP_UUID_LEN];
	char label[SWAP_LABEL_LEN + 1];
};

/* Areas in priority order: head first, next is where get_swap_page
 * tries first (round-robin among equal priorities). */
struct swap_list_t {
	int head;
	int next;
};

extern struct swap_info_struct swap_info[MAX_SWAPFILES];
extern struct swap_list_t swap_list;
extern unsigned int nr_swapfiles;	/* types ever used: a high-water mark */
extern long nr_swap_pages;		/* free slots in writable areas */
extern long total_swap_pages;		/* usable slots in writable areas */

/*
 * Bringing every page of an area back into memory is the mm layer's: it
 * sets swap_ops.try_to_unuse (0 when the area holds no slot any more,
 * -ENOMEM when memory is short). lru_cache_add puts a page read in by
 * read_swap_cache_async on the LRU (reclaim sets it; NULL: nothing).
 */
struct swap_ops {
	int (*try_to_unuse)(unsigned int type);
	void (*lru_cache_add)(struct page *page);
};
extern struct swap_ops swap_ops;

/*
 * Start swapping to the area at path: check its header, build its
 * swap_map (header and bad pages SWAP_MAP_BAD) and insert it into the
 * priority list. prio is 0..SWAP_PRIO_MAX, or -1 for the next automatic
 * priority below every other one (-1, -2, ...), as Linux. Returns the
 * type (swap_info[] index), or -EINVAL (bad header, prio), -EBUSY (the
 * file is already an active area), -EPERM (MAX_SWAPFILES areas), -errno
 * from open; err says why.
 */
int do_swapon(const char *path, int prio, char *err, size_t errlen);
/*
 * Stop swapping to area type. Slots held only by the swap cache are
 * dropped first (their pages stay in memory, dirty). If slots remain in
 * use, swap_ops.try_to_unuse must bring them back; without it the result
 * is -EBUSY and the area is unchanged, as it is after try_to_unuse fails
 * (its error is returned). 0: the file is closed, the type free, and
 * the automatic priorities below it move up by one (Linux 2.6.25).
 * -EINVAL for a type that is not an active area.
 */
int do_swapoff(unsigned int type);
/* The type of the active area whose file is path, or -ENOENT / -EINVAL. */
int find_swap_area(const char *path);
/*
 * Shutdown: drop the swap cache, close every area whatever its counts.
 * Returns the slots that were still in use (0 if nothing was lost).
 */
unsigned long swap_exit(void);

/* The area of an entry's type, or NULL if it is not in use. */
struct swap_info_struct *get_swap_info_struct(unsigned int type);

/*
 * The lines of /proc/swaps, one per area in type order, in Linux's
 * format (swap_show); procfs's swaps_show writes the header line first.
 */
void swap_show(struct seq_file *m);
/* Totals for sysinfo and /proc/meminfo (SwapTotal, SwapFree), in pages;
 * an area being switched off still counts, as Linux. */
void si_swapinfo(unsigned long *totalswap, unsigned long *freeswap);
/* What procfs reads (proc_fs.h): si_swapinfo, SwapCached, swap_show.
 * The kernel registers it at boot: proc_set_swap_ops(&swap_proc_ops). */
struct proc_swap_ops;
extern const struct proc_swap_ops swap_proc_ops;
/* Slots in use over all areas: the "nothing lost" figure at exit. */
unsigned long swap_used_slots(void);
/* Less than half the swap space is free (Linux's vm_swap_full). */
int vm_swap_full(void);

/* ---- Slots ---- */

/*
 * A free slot with count 1, from the highest-priority area with room
 * (areas of equal priority in turn), taken in clusters: see
 * scan_swap_map in swap_map.c. Entry 0 when every area is full.
 */
swp_entry_t get_swap_page(void);
/* One more reference (fork copying a swap PTE). 0, or -EINVAL for an
 * entry that names no slot, a free slot or a bad one. */
int swap_duplicate(swp_entry_t entry);
/* One reference less; the slot is free at 0. 0 or -EINVAL as above. */
int swap_free(swp_entry_t entry);
/* The slot's swap_map value (SWAP_MAP_BAD for a bad slot), or -EINVAL
 * when the entry names no slot of an area in use. */
int swap_count(swp_entry_t entry);
/* References to a swap-cache page's slot other than the cache's own. */
int page_swapcount(struct page *page);
/* A write fault may reuse the page: nobody else maps it or holds its
 * slot (Linux's can_share_swap_page). */
int can_share_swap_page(struct page *page);
/* Drop the page from the swap cache if only we and the cache use it and
 * no PTE holds its slot; 1 if it did (the page is then dirty). */
int remove_exclusive_swap_page(struct page *page);
/*
 * What zap_page_range does with a swap PTE: one reference less, and if
 * only the swap cache still holds the slot and nobody else the page (or
 * swap is getting full), drop the page from the cache too. 0 or -EINVAL.
 */
int free_swap_and_cache(swp_entry_t entry);

/* ---- Page I/O (mm/page_io.c) ---- */

/*
 * Write or read exactly one page at the slot's place in the file
 * (offset * PAGE_SIZE), counting pswpout / pswpin on success. The slot
 * must be in use. 0, -EINVAL for an entry that names no used slot, the
 * host's -errno, or -EIO for a short transfer (a truncated file). A read
 * sets PG_uptodate on success and clears it on failure.
 */
int swap_writepage(struct page *page, swp_entry_t entry);
int swap_readpage(struct page *page, swp_entry_t entry);

/* ---- The swap cache (mm/swap_state.c) ---- */

/*
 * The swap cache maps an entry to the page that holds its data, so every
 * process faulting on the same entry finds the same page. A page in it
 * has PG_swapcache, private = entry.val, one page reference and one
 * swap_map count held by the cache.
 */
extern unsigned long total_swapcache_pages;	/* SwapCached */

struct swap_cache_info {
	unsigned long add_total, del_total;
	unsigned long find_success, find_total;
	unsigned long noent_race, exist_race;
};
extern struct swap_cache_info swap_cache_info;

/* Add page under entry, taking a page reference and a swap_map count.
 * 0, -ENOENT (the slot is free or bad), -EEXIST, -ENOMEM, -EINVAL (the
 * page is already in the swap cache). */
int add_to_swap_cache(struct page *page, swp_entry_t entry);
/*
 * Reclaim's step before writing an anonymous page out: a new slot whose
 * one count is the cache's; the page becomes uptodate and dirty. 1 on
 * success, 0 when swap is full or memory short (Linux's convention).
 */
int add_to_swap(struct page *page);
/* Remove from the cache only; the caller drops the slot and page refs. */
void __delete_from_swap_cache(struct page *page);
/* Remove, dropping the cache's swap_map count and page reference. */
void delete_from_swap_cache(struct page *page);
/* The page for entry with a reference taken, or NULL. */
struct page *lookup_swap_cache(swp_entry_t entry);
/*
 * The page for entry, from the cache or else a new GFP_HIGHUSER page
 * read from the area and added, so the slot is read once however many
 * processes fault on it. Returned with a reference; NULL when out of
 * memory or the slot is free. A page whose read failed is returned
 * without PG_uptodate (the fault handler's SIGBUS) and stays cached, as
 * Linux, until its slot is freed.
 */
struct page *read_swap_cache_async(swp_entry_t entry);
/*
 * Up to max pages of the swap cache whose entry is first or after it,
 * in entry order (type, then offset), without taking references: the
 * invariant checker's walk. Returns how many.
 */
unsigned int swap_cache_gang_lookup(struct page **pages, swp_entry_t first,
				    unsigned int max);
/* Drop a reference to a page, first freeing its swap cache entry if
 * that was the last use of its slot (unmap and exit). */
void free_page_and_swap_cache(struct page *page);

#endif
