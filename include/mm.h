/*
 * mm.h - address spaces: mm_struct, vm_area_struct, the mmap family, brk,
 * the growing stack, the page-fault handler and address-space teardown.
 *
 * VMAs are kept, as in Linux 2.6, both on a sorted singly linked list
 * (vm_next) for walks and in a red-black tree (vm_rb, libbsd's sys/tree.h)
 * so find_vma is O(log n). mm_struct and vm_area_struct come from slab
 * caches, i.e. from emulated lowmem.
 */
#ifndef I386MM_MM_H
#define I386MM_MM_H

#include <stdint.h>
#include <bsd/sys/tree.h>
#include "pgtable.h"

/* vm_flags */
#define VM_READ		0x00000001u
#define VM_WRITE	0x00000002u
#define VM_EXEC		0x00000004u
#define VM_SHARED	0x00000008u
#define VM_MAYREAD	0x00000010u
#define VM_MAYWRITE	0x00000020u
#define VM_MAYEXEC	0x00000040u
#define VM_MAYSHARE	0x00000080u
#define VM_GROWSDOWN	0x00000100u
#define VM_DENYWRITE	0x00000800u
#define VM_LOCKED	0x00002000u
#define VM_DONTCOPY	0x00020000u
#define VM_DONTEXPAND	0x00040000u
#define VM_ACCOUNT	0x00100000u
#define VM_STACK_FLAGS	(VM_GROWSDOWN | VM_READ | VM_WRITE | VM_EXEC | \
			 VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT)

/*
 * mmap's prot and flags, the Linux i386 ABI. They are asm-generic values,
 * the same on the x86-64 host, so a file that also includes the host's
 * <sys/mman.h> gets identical definitions from there.
 */
#ifndef PROT_NONE
#define PROT_NONE	0x0
#endif
#ifndef PROT_READ
#define PROT_READ	0x1
#endif
#ifndef PROT_WRITE
#define PROT_WRITE	0x2
#endif
#ifndef PROT_EXEC
#define PROT_EXEC	0x4
#endif
#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN	0x01000000
#endif
#ifndef MAP_SHARED
#define MAP_SHARED	0x01
#endif
#ifndef MAP_PRIVATE
#define MAP_PRIVATE	0x02
#endif
#ifndef MAP_TYPE
#define MAP_TYPE	0x0f
#endif
#ifndef MAP_FIXED
#define MAP_FIXED	0x10
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS	0x20
#endif
#ifndef MAP_GROWSDOWN
#define MAP_GROWSDOWN	0x0100
#endif
#ifndef MAP_DENYWRITE
#define MAP_DENYWRITE	0x0800
#endif
#ifndef MAP_EXECUTABLE
#define MAP_EXECUTABLE	0x1000
#endif
#ifndef MAP_LOCKED
#define MAP_LOCKED	0x2000
#endif
#ifndef MAP_NORESERVE
#define MAP_NORESERVE	0x4000
#endif
#ifndef MAP_POPULATE
#define MAP_POPULATE	0x8000
#endif
#ifndef MAP_NONBLOCK
#define MAP_NONBLOCK	0x10000
#endif
#ifndef MAP_STACK
#define MAP_STACK	0x20000
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* Fault results (Linux's VM_FAULT_*). 0 is a minor fault handled. */
#define VM_FAULT_OOM		0x0001
#define VM_FAULT_SIGBUS		0x0002
#define VM_FAULT_MAJOR		0x0004
#define VM_FAULT_SIGSEGV	0x0040
#define VM_FAULT_ERROR	(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* Address-space layout (i386, top-down mmap as Linux 2.6.9+). */
#define STACK_TOP		TASK_SIZE
#define RLIMIT_STACK_DEFAULT	(8u << 20)
#define MMAP_MIN_GAP		(128u << 20)
#define STACK_GUARD_GAP		(256u * PAGE_SIZE)	/* stack_guard_gap */
#define MMAP_MIN_ADDR		0x10000u		/* mmap_min_addr */
#define DEFAULT_MAP_COUNT_MAX	65530			/* vm.max_map_count */

struct vm_area_struct;
struct mm_struct;
struct file;
struct anon_vma;

/*
 * What backs a mapping. fault() returns, in *pagep, an up-to-date page of
 * the object at page offset pgoff with a reference held for the caller; it
 * returns 0, VM_FAULT_MAJOR if it had to do I/O, or a VM_FAULT_ERROR bit.
 * The ELF loader implements it now, the page cache later. open() and
 * close() follow the VMA's life (split, fork, unmap) for references.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	int (*fault)(struct vm_area_struct *vma, uint32_t pgoff,
		     struct page **pagep);
	const char *(*name)(struct vm_area_struct *vma);	/* for maps */
};

struct vm_area_struct {
	struct mm_struct *vm_mm;
	uint32_t vm_start;		/* first byte */
	uint32_t vm_end;		/* first byte after */
	struct vm_area_struct *vm_next;	/* sorted by address */
	RB_ENTRY(vm_area_struct) vm_rb;
	uint32_t vm_flags;
	uint32_t vm_page_prot;		/* PTE protection bits */
	uint32_t vm_pgoff;		/* offset in the object, in pages */
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;		/* the backing object */
	struct file *vm_file;
	struct anon_vma *anon_vma;
};

RB_HEAD(mm_rb, vm_area_struct);

struct mm_struct {
	struct vm_area_struct *mmap;		/* list of VMAs */
	struct mm_rb mm_rb;
	struct vm_area_struct *mmap_cache;	/* last find_vma result */
	pde_t *pgd;
	int map_count;
	int mm_users;
	uint32_t mmap_base;
	/*
	 * Linux 2.6's top-down search cache: where the last search ended
	 * (0: mmap_base), and the largest hole above it the search passed
	 * over, too small then; munmap raises the cache over a new hole.
	 */
	uint32_t free_area_cache;
	uint32_t cached_hole_size;
	uint32_t task_size;
	uint32_t start_code, end_code, start_data, end_data;
	uint32_t start_brk, brk, start_stack;
	uint32_t arg_start, arg_end, env_start, env_end;
	uint32_t stack_limit;			/* RLIMIT_STACK, bytes */
	uint32_t max_map_count;
	unsigned long total_vm, locked_vm, shared_vm, exec_vm, stack_vm;
	long anon_rss, file_rss;
	unsigned long hiwater_rss, hiwater_vm;
	unsigned long min_flt, maj_flt;
	struct list_head mmlist;		/* on mm_list */
};

/* Every live mm, from mm_alloc to the last mmput (the invariant
 * checker's walk of every page table). */
extern struct list_head mm_list;

/* An mm with an empty user half; NULL on ENOMEM. */
struct mm_struct *mm_alloc(void);
/*
 * fork's copy of an address space: every VMA and PTE copied, private
 * writable pages write-protected on both sides for copy-on-write. NULL
 * on ENOMEM, with nothing left allocated.
 */
struct mm_struct *dup_mm(struct mm_struct *oldmm);
/* Drop a user; the last one tears everything down (exit_mmap). */
void mmput(struct mm_struct *mm);
/* Unmap everything and free VMAs, pages and page tables. */
void exit_mmap(struct mm_struct *mm);

struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, uint32_t addr,
				     struct vm_area_struct **pprev);
/* The first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     uint32_t start, uint32_t end);

/* Errors come back as (uint32_t)-errno; test with IS_ERR_VALUE. */
#define IS_ERR_VALUE(x) ((uint32_t)(x) >= (uint32_t)-4095)

uint32_t get_unmapped_area(struct mm_struct *mm, uint32_t addr, uint32_t len,
			   uint32_t pgoff, int flags);
/*
 * mmap: anonymous when ops is NULL; otherwise backed by (ops, private).
 * Returns the address or (uint32_t)-errno.
 */
uint32_t do_mmap_pgoff(struct mm_struct *mm, uint32_t addr, uint32_t len,
		       int prot, int flags, uint32_t pgoff,
		       const struct vm_operations_struct *ops, void *private);
int do_munmap(struct mm_struct *mm, uint32_t start, uint32_t len);
int do_mprotect(struct mm_struct *mm, uint32_t start, uint32_t len, int prot);
/* brk(2): returns the new break, or the old one if it cannot move. */
uint32_t do_brk(struct mm_struct *mm, uint32_t newbrk);
/*
 * Create the initial stack VMA [STACK_TOP - size, STACK_TOP); executable
 * only if the ELF file's PT_GNU_STACK asks for it. 0 or -errno.
 */
int setup_arg_pages(struct mm_struct *mm, uint32_t size, int executable);
/* Grow a VM_GROWSDOWN vma down to cover address; 0 or -ENOMEM. */
int expand_stack(struct vm_area_struct *vma, uint32_t address);

/* Split vma at addr; new_below picks which part is the new VMA. */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, uint32_t addr,
	      int new_below);
/* Merge the range with its neighbours if they are compatible. */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev, uint32_t addr,
				 uint32_t end, uint32_t vm_flags,
				 const struct vm_operations_struct *ops,
				 void *private, uint32_t pgoff);
uint32_t vm_get_page_prot(uint32_t vm_flags);

/*
 * Drop every page mapped in [start, end) of vma: put pages, release swap
 * entries, clear PTEs and invalidate their TLB entries.
 */
void zap_page_range(struct vm_area_struct *vma, uint32_t start, uint32_t end);
/* Rewrite PTE protections of [start, end) after mprotect. */
void change_protection(struct vm_area_struct *vma, uint32_t start,
		       uint32_t end, uint32_t newprot);

/*
 * The page-fault handler: the arch part (do_page_fault) finds the VMA,
 * checks access rights and the kernel half, grows the stack; the generic
 * part (handle_mm_fault) fills the PTE: zero page for anonymous reads, a
 * fresh zeroed frame for anonymous writes, the backing object's page for
 * file mappings, copy-on-write for writes to read-only private pages.
 * Returns 0, VM_FAULT_MAJOR, or VM_FAULT_SIGSEGV / SIGBUS / OOM.
 */
int do_page_fault(struct mm_struct *mm, uint32_t address, uint32_t error_code);
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    uint32_t address, int write_access);

/*
 * Kernel access to an address space that need not be loaded in CR3
 * (get_user_pages + copy): faults pages in as a user access of the given
 * direction would, then copies. Returns bytes copied (short on a bad
 * address). Used by exec to build the stack and by /proc.
 */
int access_process_vm(struct mm_struct *mm, uint32_t addr, void *buf,
		      uint32_t len, int write);

/* The shared zero page, reserved at boot, mapped read-only. */
extern struct page *empty_zero_page;
#define ZERO_PAGE(va) (empty_zero_page)
void zero_page_init(void);	/* at boot, by mem_init */

/* Slab caches for mm objects, created at boot by mm_cache_init. */
void mm_cache_init(void);
void mm_cache_exit(void);

#endif
