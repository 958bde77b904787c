/*
 * invariants.h - the continuous invariant checker (src/mm/invariants.c).
 *
 * check_invariants() recomputes, from the page tables of every live mm,
 * the page cache of every inode, the swap cache, tmpfs's swap entries,
 * the pipes, the slab caches, the buddy free lists and the LRU lists,
 * what every frame's _count and _mapcount and every swap slot's count
 * must be, and compares. The memory manager calls invariants_event()
 * after every fault, fork, exit, reclaim pass and swapoff, and when the
 * run counts its free frames for "nothing lost"; what that
 * does depends on invariants_mode: nothing (the default), every event
 * (`i386mm run --check-invariants`), or a sample (debug builds, where
 * I386MM_DEBUG_CHECKS is defined). A violation there prints one report
 * on stderr and ends the process with EXIT_INTERNAL (70, EX_SOFTWARE).
 *
 * Only references the kernel's own structures record are counted: a
 * test that holds pages by hand (alloc_page, find_get_page kept across
 * a fault, a swap_duplicate with no PTE) sets invariants_mode to
 * INVARIANTS_OFF first, or a debug build stops it.
 */
#ifndef I386MM_INVARIANTS_H
#define I386MM_INVARIANTS_H

#include <stdint.h>

enum invariants_mode {
	INVARIANTS_OFF,
	INVARIANTS_SAMPLED,	/* every INVARIANTS_SAMPLE_EVERY-th event,
				 * and every fork and exit */
	INVARIANTS_EXACT,	/* every event */
};

/* The debug builds' sample: the suite stays within 2x its time. */
#define INVARIANTS_SAMPLE_EVERY	64

extern enum invariants_mode invariants_mode;

/*
 * What the last failed check_invariants found: the check's name, the
 * frame or swap slot (or, for a total, the zone, area, inode or mm it
 * belongs to, in place), and the value recomputed from scratch
 * (expected) next to the one the kernel keeps (found).
 */
enum invariant_where { INV_AT_PFN, INV_AT_SLOT, INV_AT_OTHER };

struct invariant_violation {
	const char *check;	/* e.g. "page _count", "swap_map count" */
	char when[64];		/* the event: "fault", "fork", "exit"... */
	enum invariant_where where;
	unsigned long pfn;	/* INV_AT_PFN */
	unsigned int type;	/* INV_AT_SLOT: the slot type:offset */
	uint32_t offset;
	char place[48];		/* "pfn 0x1234", "slot 0:17", "zone DMA"... */
	long expected, found;
};
extern struct invariant_violation invariant_violation;

/*
 * The full check. 0 if every invariant holds; otherwise -1, with the
 * first violation in invariant_violation and its report printed on
 * stderr. Never exits; safe to call at any point where no kernel code
 * holds a page reference of its own (see invariants.c).
 */
int check_invariants(const char *when);

/*
 * The hooks. invariants_event: the kernel holds no transient page
 * reference here; check now (per invariants_mode) and exit(70) on a
 * violation. invariants_event_deferred: inside an allocation (direct
 * reclaim), whose caller may hold references nothing records; the
 * check happens at the next invariants_event, whatever the sample.
 */
void invariants_event(const char *when);
void invariants_event_deferred(const char *when);

/* Checks run and events seen since boot (for tests and the figures). */
extern unsigned long invariants_checks, invariants_events;

#endif
