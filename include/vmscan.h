/*
 * vmscan.h - page-frame reclaiming: the per-zone LRU lists (Linux's
 * mm/swap.c), the PFRA proper (mm/vmscan.c: shrink_zone, direct reclaim,
 * kswapd), swap-in (do_swap_page) and the swap token (mm/thrash.c).
 *
 * The LRU is Linux 2.6.9-2.6.27's: two lists per zone, active and
 * inactive, holding anonymous and page-cache pages together (struct
 * zone has exactly those two). The tendency to reclaim mapped pages is
 * the seed notes' "swap tendency" of those kernels:
 *	mapped_ratio / 2 + distress + vm_swappiness >= 100
 * where mapped_ratio is the percentage of RAM mapped by PTEs and
 * distress = 100 >> (the priority reclaim had to reach), so with the
 * default swappiness 60, mapped pages are left alone until 80% of memory
 * is mapped or reclaim gets desperate. /proc/meminfo's anon/file split
 * is counted from the same lists (PG_anon or PG_swapbacked is "anon").
 *
 * An LRU page holds no reference of its own: the last put_page takes it
 * off its list (__page_cache_release). Reclaim holds one while it has a
 * page isolated.
 *
 * The emulator runs one kernel thread, so kswapd is not a thread: a zone
 * that falls below pages_low marks kswapd as woken, and the run loop
 * calls kswapd_run_pending() at each scheduling point (tests call it
 * directly), which balances the zones until every one is above
 * pages_high, as kswapd's balance_pgdat does before sleeping again.
 */
#ifndef I386MM_VMSCAN_H
#define I386MM_VMSCAN_H

#include <stdint.h>
#include "gfp.h"
#include "pgtable.h"

struct page;
struct mm_struct;
struct vm_area_struct;

/* ---- The reclaim policy (vmscan_policy.c) ---- */

/*
 * Which pages the PFRA takes, for comparing replacement policies on the
 * same kernel (vmscan_policy.c states each one's exact rules):
 *   linux  the two lists above, with referenced bits (the default);
 *   fifo   one list, pages reclaimed in the order they joined it;
 *   clock  one list swept as a clock hand: a referenced page has its
 *          bits cleared and a second chance (counted in pgrotated).
 * The policy is the machine's: chosen at boot, before any page is on a
 * list, and back to linux when the machine is booted again.
 */
enum reclaim_policy {
	RECLAIM_LINUX,
	RECLAIM_FIFO,
	RECLAIM_CLOCK,
	NR_RECLAIM_POLICIES
};

/* The policies' names, "linux, fifo, clock", for error messages. */
extern const char reclaim_policy_names[];
/* The policy called name (exactly), or -EINVAL. */
int reclaim_policy_lookup(const char *name);
/*
 * Make name the policy: 0, -EINVAL for an unknown name, -EBUSY if pages
 * are already on the LRU lists (a list built under one policy means
 * nothing to another). Setting the current policy again is always 0.
 */
int reclaim_policy_set(const char *name);
const char *reclaim_policy_name(void);
enum reclaim_policy reclaim_policy_get(void);

/* ---- LRU lists (mm/swap.c) ---- */

/*
 * A new page joins its zone's inactive (page cache) or active list;
 * under fifo and clock, the one list (the inactive one) either way.
 */
void lru_cache_add(struct page *page);
void lru_cache_add_active(struct page *page);
/* Inactive to active, counted in pgactivate (nothing under one list). */
void activate_page(struct page *page);
/*
 * A use of the page that no PTE records (read, write, a fault that maps
 * it): the first sets PG_referenced, the second activates the page.
 * Under fifo and clock it only sets PG_referenced.
 */
void mark_page_accessed(struct page *page);
/* The last reference is going: off the LRU (put_page calls it). */
void __page_cache_release(struct page *page);

/* ---- The PFRA (mm/vmscan.c) ---- */

#define DEF_PRIORITY		12	/* scan 1/4096 of a list first */
#define SWAP_CLUSTER_MAX	32	/* pages reclaimed per batch */

extern int vm_swappiness;		/* 0..100, default 60 */

/*
 * Direct reclaim (reclaim_ops.try_to_free_pages): from DEF_PRIORITY
 * down to 0, shrink the zones of zl and the slab caches until
 * SWAP_CLUSTER_MAX pages were freed. Returns the pages freed.
 */
unsigned long try_to_free_pages(struct zonelist *zl, unsigned int order,
				gfp_t gfp);
/* reclaim_ops.wakeup_kswapd: mark kswapd woken if zone is below low. */
void wakeup_kswapd(struct zone *zone, unsigned int order);
/*
 * If kswapd was woken, run balance_pgdat: reclaim until every zone is
 * above pages_high or nothing more can be freed. Returns pages freed.
 */
unsigned long kswapd_run_pending(void);
int kswapd_pending(void);
/*
 * Periodic reclaim on the virtual clock (ns): every KSWAPD_PERIOD_NS
 * the slab caches are reaped (Linux's cache_reap) and any zone below
 * pages_low is balanced even if no allocation woke kswapd. Returns
 * pages freed.
 */
#define KSWAPD_PERIOD_NS	2000000000ll	/* cache_reap: 2 s */
unsigned long vmscan_periodic(int64_t now_ns);

/*
 * The refill step alone (Linux's refill_inactive_zone): up to nr_pages
 * from the active list's tail, unreferenced ones to the inactive list.
 */
void refill_inactive_zone(struct zone *zone, unsigned long nr_pages);
/*
 * Hibernation's reclaim (the seed notes' third trigger): free nr_pages
 * from every zone, mapped pages included from the start. Returns the
 * pages freed, fewer if nothing more could be.
 */
unsigned long shrink_all_memory(unsigned long nr_pages);

/* Reclaim's state back to boot (mm_cache_init). */
void vmscan_init(void);

/* What kswapd did, for tests and --stats. */
struct kswapd_stat {
	unsigned long wakeups;		/* zone found below pages_low */
	unsigned long runs;		/* balance_pgdat calls */
	unsigned long wakeup_free;	/* zone free at the last wakeup */
	unsigned long wakeup_low;	/* that zone's pages_low */
	unsigned long unbalanced;	/* runs that ended with a zone low */
};
extern struct kswapd_stat kswapd_stat;

/* ---- Swap-in (swap_fault.c) ---- */

/*
 * The fault on a swap PTE (orig_pte): the page from the swap cache or
 * read from its slot, mapped (writable for a write if nobody else holds
 * it), the PTE's slot reference dropped. 0, VM_FAULT_MAJOR if it was
 * read, VM_FAULT_OOM, VM_FAULT_SIGBUS on a read error. A write to a
 * page others still share leaves it mapped read-only for do_wp_page.
 */
int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma,
		 uint32_t address, pte_t *pte, pte_t orig_pte,
		 int write_access);

/* ---- swapoff (swapoff.c) ---- */

/*
 * swap_ops.try_to_unuse (set at boot): bring every page of area type
 * back into memory, mapped where its PTEs were, tmpfs pages into their
 * files. 0 (do_swapoff then checks that no slot is left), -ENOMEM when
 * memory ran out, -EIO when a slot could not be read.
 */
int try_to_unuse(unsigned int type);

/* ---- The swap token (mm/thrash.c, Linux 2.6.9) ---- */

/*
 * A process that takes major swap faults asks for the token; while it
 * holds it, page_referenced treats its pages as referenced, so it can
 * keep what it just read back instead of thrashing. The token moves at
 * most once per SWAP_TOKEN_CHECK_NS, and only away from a holder that
 * took no major fault in the last interval or held it longer than
 * SWAP_TOKEN_TIMEOUT_NS (virtual time).
 */
#define SWAP_TOKEN_CHECK_NS	(2 * 1000000000ll)
#define SWAP_TOKEN_TIMEOUT_NS	(300 * 1000000000ll)

extern struct mm_struct *swap_token_mm;
void grab_swap_token(struct mm_struct *mm);
static inline int has_swap_token(const struct mm_struct *mm)
{
	return mm == swap_token_mm;
}
/* mm is going away (mmput). */
void put_swap_token(struct mm_struct *mm);
void swap_token_init(void);

struct swap_token_stat {
	unsigned long grabs;		/* times the token changed hands */
	unsigned long referenced;	/* pages kept by page_referenced */
};
extern struct swap_token_stat swap_token_stat;

#endif
