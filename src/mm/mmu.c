/*
 * mmu.c - the emulated i386 MMU: control registers, the two-level page walk
 * with its rights checks and Accessed/Dirty updates, the #PF error code,
 * and the glue the VM layer uses (current_mmu, switch_mm, flush_tlb_*).
 *
 * translate() is on the path of every guest access, so a TLB hit whose
 * cached rights allow the access returns at once. Anything else - a miss,
 * or a hit whose rights do not allow it (user access to a supervisor entry,
 * write to a read-only one, write to an entry cached clean) - walks the
 * CURRENT tables, as hardware does: the walk sets D, or finds the fault.
 * A hit that re-walks counts as a hit, not a miss; page_walks counts the
 * successful walks, i.e. the TLB fills.
 *
 * Beyond what hardware defines: a paging-structure or page frame outside
 * emulated memory faults with PF_RSVD (with PF_PROT, the entry being
 * present) instead of letting a caller touch memory past phys_base's end,
 * and with CR0.PG clear addresses are physical and checked the same way.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "pgtable.h"
#include "tlb.h"

struct mmu *current_mmu;
struct mm_struct *current_mm;

int mmu_init(struct mmu *mmu, unsigned itlb_entries, unsigned itlb_ways,
	     unsigned dtlb_entries, unsigned dtlb_ways)
{
	int err;

	if (!mmu)
		return -EINVAL;
	memset(mmu, 0, sizeof(*mmu));
	err = tlb_init(&mmu->itlb, itlb_entries, itlb_ways);
	if (err)
		return err;
	err = tlb_init(&mmu->dtlb, dtlb_entries, dtlb_ways);
	if (err) {
		tlb_destroy(&mmu->itlb);
		return err;
	}
	mmu->cr0 = X86_CR0_PE | X86_CR0_PG | X86_CR0_WP;
	mmu->cr4 = X86_CR4_PSE | X86_CR4_PGE;
	return 0;
}

/* The CPU glue is being torn down too: no itlb_evict calls from here. */
void mmu_destroy(struct mmu *mmu)
{
	if (!mmu)
		return;
	tlb_destroy(&mmu->itlb);
	tlb_destroy(&mmu->dtlb);
	if (current_mmu == mmu)
		current_mmu = NULL;
}

static void flush_both(struct mmu *mmu, int keep_global)
{
	tlb_flush(&mmu->itlb, keep_global, mmu->itlb_evict, mmu->itlb_opaque);
	tlb_flush(&mmu->dtlb, keep_global, NULL, NULL);
}

void mmu_write_cr3(struct mmu *mmu, uint32_t cr3)
{
	mmu->cr3 = cr3;
	flush_both(mmu, 1);
}

void mmu_write_cr4(struct mmu *mmu, uint32_t cr4)
{
	mmu->cr4 = cr4;
	flush_both(mmu, 0);
}

void mmu_write_cr0(struct mmu *mmu, uint32_t cr0)
{
	mmu->cr0 = cr0;
	flush_both(mmu, 0);
}

void flush_tlb_all(struct mmu *mmu)
{
	flush_both(mmu, 0);
}

void invlpg(struct mmu *mmu, uint32_t va)
{
	uint32_t vpn = va >> PAGE_SHIFT;

	tlb_invlpg(&mmu->itlb, vpn, mmu->itlb_evict, mmu->itlb_opaque);
	tlb_invlpg(&mmu->dtlb, vpn, NULL, NULL);
}

static int frame_ok(uint32_t pfn)
{
	return pfn < max_pfn;
}

static int page_fault(struct mmu *mmu, uint32_t va, uint32_t code,
		      uint32_t *error_code)
{
	mmu->cr2 = va;
	*error_code = code;
	return 1;
}

/* Set bits in a paging entry, writing memory only if one was clear. */
static void set_entry_bits(uint32_t *entry, uint32_t bits)
{
	if ((*entry & bits) != bits)
		*entry |= bits;
}

/*
 * The walk proper. leaf is the entry that maps the page (PTE, or the PDE
 * of a 4 MiB page); rights is the AND of U/S and R/W over both levels.
 */
static int page_walk(struct mmu *mmu, uint32_t va, int write, int user,
		     struct tlb *tlb, tlb_evict_fn evict, void *opaque,
		     uint32_t *pa, uint32_t *error_code)
{
	uint32_t code = (write ? PF_WRITE : 0) | (user ? PF_USER : 0);
	uint32_t pfn, rights, flags;
	pde_t *pdep;
	pte_t *leafp = NULL;

	if (!frame_ok(mmu->cr3 >> PAGE_SHIFT))
		return page_fault(mmu, va, code | PF_RSVD, error_code);
	pdep = (pde_t *)(phys_base + (mmu->cr3 & PAGE_MASK)) + pgd_index(va);
	if (!(*pdep & _PAGE_PRESENT))
		return page_fault(mmu, va, code, error_code);

	if ((*pdep & _PAGE_PSE) && (mmu->cr4 & X86_CR4_PSE)) {
		leafp = pdep;
		rights = *pdep;
		pfn = ((*pdep & 0xffc00000u) >> PAGE_SHIFT) | pte_index(va);
	} else {
		if (!frame_ok(*pdep >> PAGE_SHIFT))
			return page_fault(mmu, va, code | PF_PROT | PF_RSVD,
					  error_code);
		leafp = (pte_t *)(phys_base + (*pdep & PAGE_MASK)) +
			pte_index(va);
		if (!(*leafp & _PAGE_PRESENT))
			return page_fault(mmu, va, code, error_code);
		rights = *pdep & *leafp;
		pfn = *leafp >> PAGE_SHIFT;
	}

	if (user && !(rights & _PAGE_USER))
		return page_fault(mmu, va, code | PF_PROT, error_code);
	if (write && !(rights & _PAGE_RW) &&
	    (user || (mmu->cr0 & X86_CR0_WP)))
		return page_fault(mmu, va, code | PF_PROT, error_code);
	if (!frame_ok(pfn))
		return page_fault(mmu, va, code | PF_PROT | PF_RSVD,
				  error_code);

	set_entry_bits(pdep, _PAGE_ACCESSED);
	set_entry_bits(leafp, _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0));

	flags = TLB_VALID;
	if (rights & _PAGE_RW)
		flags |= TLB_WRITE;
	if (rights & _PAGE_USER)
		flags |= TLB_USER;
	if (*leafp & _PAGE_DIRTY)
		flags |= TLB_DIRTY;
	if ((*leafp & _PAGE_GLOBAL) && (mmu->cr4 & X86_CR4_PGE))
		flags |= TLB_GLOBAL;
	tlb_fill(tlb, va >> PAGE_SHIFT, pfn, flags, evict, opaque);
	mmu->page_walks++;
	*pa = (pfn << PAGE_SHIFT) | (va & ~PAGE_MASK);
	return 0;
}

/* Paging off: linear is physical, and must be inside emulated memory. */
static int translate_nopaging(struct mmu *mmu, uint32_t va, int write,
			      int user, uint32_t *pa, uint32_t *error_code)
{
	if (!frame_ok(va >> PAGE_SHIFT))
		return page_fault(mmu, va, PF_RSVD | (write ? PF_WRITE : 0) |
				  (user ? PF_USER : 0), error_code);
	*pa = va;
	return 0;
}

/* Do the rights cached in a TLB entry allow this access as they stand? */
static inline int tlb_allows(const struct mmu *mmu, uint32_t flags,
			     int write, int user)
{
	uint32_t need = 0;

	if (user)
		need |= TLB_USER;
	if (write) {
		need |= TLB_DIRTY;
		if (user || (mmu->cr0 & X86_CR0_WP))
			need |= TLB_WRITE;
	}
	return (flags & need) == need;
}

int translate(struct mmu *mmu, uint32_t va, enum access_kind kind, int user,
	      uint32_t *pa, uint32_t *error_code)
{
	int write = kind == ACCESS_WRITE;
	int exec = kind == ACCESS_EXEC;
	struct tlb *tlb = exec ? &mmu->itlb : &mmu->dtlb;
	tlb_evict_fn evict = exec ? mmu->itlb_evict : NULL;
	void *opaque = exec ? mmu->itlb_opaque : NULL;
	struct tlb_entry *e = tlb_lookup(tlb, va >> PAGE_SHIFT);

	if (e) {
		tlb->hits++;
		if (tlb_allows(mmu, e->flags, write, user)) {
			*pa = (e->pfn << PAGE_SHIFT) | (va & ~PAGE_MASK);
			return 0;
		}
		tlb_drop(e, evict, opaque);
	} else {
		tlb->misses++;
	}
	/* Nothing is cached while paging is off: CR0 writes flush. */
	if (!(mmu->cr0 & X86_CR0_PG))
		return translate_nopaging(mmu, va, write, user, pa,
					  error_code);
	return page_walk(mmu, va, write, user, tlb, evict, opaque, pa,
			 error_code);
}

/*
 * Another mm's entries were flushed when CR3 moved away from it, so only
 * the loaded mm's changes need to reach the TLB.
 */
void flush_tlb_page(struct mm_struct *mm, uint32_t va)
{
	if (current_mmu && mm && mm == current_mm)
		invlpg(current_mmu, va);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	if (current_mmu && mm && mm == current_mm)
		flush_both(current_mmu, 1);
}

/*
 * NULL (a kernel thread) keeps the loaded page directory, as Linux's lazy
 * TLB mode: the kernel half is the same in every directory.
 */
void leave_mm(struct mm_struct *mm)
{
	if (current_mm == mm)
		current_mm = NULL;
	if (current_mmu && mm->pgd && current_mmu->cr3 == __pa(mm->pgd))
		mmu_write_cr3(current_mmu, __pa(swapper_pg_dir));
}

void switch_mm(struct mm_struct *next)
{
	uint32_t cr3;

	current_mm = next;
	if (!next || !next->pgd || !current_mmu)
		return;
	cr3 = __pa(next->pgd);
	if (current_mmu->cr3 != cr3)
		mmu_write_cr3(current_mmu, cr3);
}
