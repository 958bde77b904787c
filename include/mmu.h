/*
 * mmu.h - the emulated i386 MMU: CR0/CR3/CR4, the two-level page walk, and
 * separate instruction and data TLBs.
 *
 * translate() behaves as the hardware does: it walks from CR3, checks P,
 * R/W and U/S (and CR0.WP for supervisor writes), sets the Accessed bit in
 * the PDE and PTE and the Dirty bit on writes, and on failure yields the
 * i386 page-fault error code and CR2. The TLBs are set-associative with
 * LRU replacement within a set; global entries survive CR3 reloads; a write
 * that hits an entry cached with D clear re-walks to set D.
 */
#ifndef I386MM_MMU_H
#define I386MM_MMU_H

#include <stdint.h>

/* Page-fault error code bits. */
#define PF_PROT		0x1u	/* 0: not present, 1: protection */
#define PF_WRITE	0x2u
#define PF_USER		0x4u
#define PF_RSVD		0x8u
#define PF_INSTR	0x10u	/* only with NX, which non-PAE i386 lacks */

#define X86_CR0_PE	0x00000001u
#define X86_CR0_WP	0x00010000u
#define X86_CR0_PG	0x80000000u
#define X86_CR4_PSE	0x00000010u
#define X86_CR4_PGE	0x00000080u

enum access_kind {
	ACCESS_READ,
	ACCESS_WRITE,
	ACCESS_EXEC,	/* instruction fetch: needs read rights, uses the iTLB */
};

struct tlb_entry {
	uint32_t vpn;		/* virtual page number; valid iff flags & TLB_VALID */
	uint32_t pfn;
	uint32_t flags;		/* TLB_* */
	uint64_t last_used;	/* LRU stamp within the set */
};

#define TLB_VALID	0x1u
#define TLB_WRITE	0x2u	/* R/W set in both PDE and PTE */
#define TLB_USER	0x4u	/* U/S set in both PDE and PTE */
#define TLB_DIRTY	0x8u	/* D was set when cached */
#define TLB_GLOBAL	0x10u

struct tlb {
	unsigned entries, ways, sets;
	struct tlb_entry *e;	/* sets x ways */
	uint64_t clock;
	uint64_t hits, misses, flushes, invlpgs;
	/*
	 * A recording or a replay (record.h) sees each fill's way: told the
	 * way LRU chose, it returns the way to take (< ways).
	 */
	unsigned (*fill_way)(void *opaque, const struct tlb *tlb,
			     unsigned way);
	void *fill_opaque;
};

#define ITLB_DEFAULT_ENTRIES	32
#define ITLB_DEFAULT_WAYS	4
#define DTLB_DEFAULT_ENTRIES	64
#define DTLB_DEFAULT_WAYS	4

struct mmu {
	uint32_t cr0, cr2, cr3, cr4;
	struct tlb itlb, dtlb;
	uint64_t page_walks;
	/* Called when an entry leaves the iTLB (eviction, invlpg, flush), so the
	 * CPU glue can unmap the code page it mapped for it. */
	void (*itlb_evict)(void *opaque, uint32_t vpn);
	void *itlb_opaque;
};

/*
 * Sets up an MMU with paging on (PE, PG, WP; PSE and PGE in CR4) and empty
 * TLBs. Entries must be a multiple of ways and give a power-of-two number
 * of sets. Returns 0 or -EINVAL, -ENOMEM.
 */
int mmu_init(struct mmu *mmu, unsigned itlb_entries, unsigned itlb_ways,
	     unsigned dtlb_entries, unsigned dtlb_ways);
void mmu_destroy(struct mmu *mmu);

/*
 * Translate va for an access of the given kind at user (CPL 3) or
 * supervisor privilege. Returns 0 and the physical address in *pa, or
 * returns 1 with the #PF error code in *error_code (and CR2 set).
 */
int translate(struct mmu *mmu, uint32_t va, enum access_kind kind, int user,
	      uint32_t *pa, uint32_t *error_code);

/* mov to CR3: new page directory, non-global TLB entries flushed. */
void mmu_write_cr3(struct mmu *mmu, uint32_t cr3);
/* mov to CR4 / CR0: paging-mode changes flush everything, as hardware. */
void mmu_write_cr4(struct mmu *mmu, uint32_t cr4);
void mmu_write_cr0(struct mmu *mmu, uint32_t cr0);
/* invlpg: drop va's entries (global ones too) from both TLBs. */
void invlpg(struct mmu *mmu, uint32_t va);
/* Drop every entry, global ones too (toggling CR4.PGE). */
void flush_tlb_all(struct mmu *mmu);

/*
 * The one CPU of this uniprocessor and the mm it runs. The VM layer calls
 * flush_tlb_page() on every PTE downgrade; it only needs to reach the TLB
 * if that mm is the one loaded in CR3 (others were flushed by the switch).
 */
struct mm_struct;
extern struct mmu *current_mmu;
extern struct mm_struct *current_mm;
void flush_tlb_page(struct mm_struct *mm, uint32_t va);
void flush_tlb_mm(struct mm_struct *mm);
/* Load mm's page directory into the current MMU. */
void switch_mm(struct mm_struct *next);
/*
 * mm's page directory is about to be freed: if it is the one in CR3, load
 * swapper_pg_dir instead (Linux's leave_mm), so a directory that reuses
 * the frame cannot inherit the dead mm's TLB entries.
 */
void leave_mm(struct mm_struct *mm);

#endif
