/*
 * pgtable.h - i386 non-PAE page tables: two levels of 1024 32-bit entries
 * (10/10/12 bits), kept in emulated frames exactly as the hardware reads
 * them, plus the encoding of swap entries in not-present PTEs.
 *
 * Every page directory's kernel half (entries 768-1023, from PAGE_OFFSET up)
 * is copied from swapper_pg_dir: present, supervisor-only, so a user access
 * there is a protection fault. Lowmem is mapped there with 4 MiB global
 * pages (PSE), the rest points at one shared, empty kernel page table.
 */
#ifndef I386MM_PGTABLE_H
#define I386MM_PGTABLE_H

#include <stdint.h>
#include "page.h"

typedef uint32_t pte_t;
typedef uint32_t pde_t;

#define _PAGE_PRESENT	0x001u
#define _PAGE_RW	0x002u
#define _PAGE_USER	0x004u
#define _PAGE_PWT	0x008u
#define _PAGE_PCD	0x010u
#define _PAGE_ACCESSED	0x020u
#define _PAGE_DIRTY	0x040u
#define _PAGE_PSE	0x080u	/* in a PDE: 4 MiB page */
#define _PAGE_GLOBAL	0x100u
/*
 * Software bit, as Linux i386: a PROT_NONE page keeps its frame in a PTE
 * the hardware sees as not present (bit 0 clear) and the kernel still sees
 * as present. Bit 7 is free in a PTE (PSE only means something in a PDE)
 * and is never part of a swap entry, so the two cannot be confused.
 */
#define _PAGE_PROTNONE	0x080u
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)

#define PGDIR_SHIFT	22
#define PTRS_PER_PGD	1024
#define PTRS_PER_PTE	1024
#define PAGE_OFFSET	0xc0000000u
#define TASK_SIZE	PAGE_OFFSET
#define USER_PTRS_PER_PGD (TASK_SIZE >> PGDIR_SHIFT)	/* 768 */
#define PGDIR_SIZE	(1u << PGDIR_SHIFT)

static inline unsigned pgd_index(uint32_t va) { return va >> PGDIR_SHIFT; }
static inline unsigned pte_index(uint32_t va) { return (va >> PAGE_SHIFT) & 1023; }

static inline int pte_none(pte_t pte) { return pte == 0; }
/* Present for the kernel: mapped, perhaps PROT_NONE. The MMU tests bit 0. */
static inline int pte_present(pte_t pte)
{
	return pte & (_PAGE_PRESENT | _PAGE_PROTNONE);
}
static inline int pte_write(pte_t pte) { return pte & _PAGE_RW; }
static inline int pte_young(pte_t pte) { return pte & _PAGE_ACCESSED; }
static inline int pte_dirty(pte_t pte) { return pte & _PAGE_DIRTY; }
static inline unsigned long pte_pfn(pte_t pte) { return pte >> PAGE_SHIFT; }
static inline struct page *pte_page(pte_t pte) { return pfn_to_page(pte_pfn(pte)); }
static inline pte_t mk_pte(struct page *page, uint32_t prot)
{
	return ((uint32_t)page_to_pfn(page) << PAGE_SHIFT) | prot;
}

/* Protections the VM layer puts in PTEs (vm_page_prot). */
#define PAGE_NONE	(_PAGE_PROTNONE | _PAGE_ACCESSED)	/* PROT_NONE */
#define PAGE_READONLY	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_SHARED	(PAGE_READONLY | _PAGE_RW)
#define PAGE_COPY	PAGE_READONLY	/* private writable: COW on write */
#define PAGE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/*
 * A swapped-out page: bit 0 (present) clear, the swap area's type in bits
 * 1-5 and the slot offset in bits 8-31, as Linux 2.6 i386 without PAE:
 * 2^24 slots of 4 KiB = 64 GiB per area, 32 areas.
 */
typedef struct { uint32_t val; } swp_entry_t;
#define MAX_SWAPFILES	32
#define SWP_OFFSET_BITS	24

static inline swp_entry_t swp_entry(unsigned type, uint32_t offset)
{
	swp_entry_t e = { ((type & 0x1f) << 1) | (offset << 8) };
	return e;
}
static inline unsigned swp_type(swp_entry_t e) { return (e.val >> 1) & 0x1f; }
static inline uint32_t swp_offset(swp_entry_t e) { return e.val >> 8; }
static inline pte_t swp_entry_to_pte(swp_entry_t e) { return e.val; }
static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	swp_entry_t e = { pte };
	return e;
}
/* Neither empty nor present (nor PROT_NONE): a swap entry. */
static inline int is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

/* The kernel's page directory, built by paging_init() at boot. */
extern pde_t *swapper_pg_dir;
void paging_init(void);
void paging_exit(void);

/*
 * A new page directory: user half empty, kernel half from swapper_pg_dir.
 * Returns NULL when lowmem is exhausted.
 */
pde_t *pgd_alloc(void);
/* Frees the directory and every user page table still hanging from it;
 * the PTEs must already be empty (zap_page_range). */
void pgd_free(pde_t *pgd);

/* The PTE for va, or NULL if its page table does not exist. */
pte_t *pte_offset(pde_t *pgd, uint32_t va);
/* The PTE for va, allocating its page table; NULL on ENOMEM. */
pte_t *pte_alloc(pde_t *pgd, uint32_t va);
/* Frees user page tables that cover only [start, end) and are empty. */
void free_pgd_range(pde_t *pgd, uint32_t start, uint32_t end);

/* Number of page-table pages hanging from a directory (VmPTE). */
unsigned long pgd_nr_ptes(pde_t *pgd);

#endif
