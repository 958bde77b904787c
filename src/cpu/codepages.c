/*
 * codepages.c - the code path. Pages in the holes (executable mappings)
 * are mapped into Unicorn one at a time as RAM pointing straight at their
 * frame, because Unicorn fetches code only from RAM. The set of mapped
 * pages IS the iTLB: a page is mapped only after translate(ACCESS_EXEC)
 * put it there, and the MMU's itlb_evict callback unmaps it (and drops its
 * translated blocks) when the entry leaves the iTLB - eviction, invlpg on
 * a PTE change, CR3 reload. So no mapping outlives its PTE.
 *
 * Every access that finds no Unicorn region comes here: fetches and data
 * accesses in the holes, and kernel-half accesses, which translate (user
 * mode, supervisor-only PDEs) turns into PF_PROT|PF_USER and
 * do_page_fault into SIGSEGV. A page is mapped writable only once its PTE
 * is writable and dirty, so the first write still reaches the MMU (COW,
 * D bit); its later writes hit RAM directly and self-modifying code is
 * handled by Unicorn's own write tracking.
 *
 * Measured on Unicorn 2.0.1 (valgrind-clean): mapping and unmapping pages
 * inside these hooks and inside MMIO callbacks is safe, including the
 * page that holds the running block; the block runs to its end from its
 * already translated code.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include "cpu_internal.h"
#include "mm.h"
#include "page.h"

static struct code_page *find_page(uint32_t vpn)
{
	unsigned i;

	for (i = 0; i < cpu0.nr_pages; i++)
		if (cpu0.pages[i].vpn == vpn)
			return &cpu0.pages[i];
	return NULL;
}

static void page_unmap(struct code_page *p)
{
	uint64_t va = (uint64_t)p->vpn << PAGE_SHIFT;

	uc_mem_unmap(cpu0.uc, va, PAGE_SIZE);
	uc_ctl_remove_cache(cpu0.uc, va, va + PAGE_SIZE);
	cpu_stats.code_pages_unmapped++;
	*p = cpu0.pages[--cpu0.nr_pages];
}

static int page_map(uint32_t vpn, uint32_t pfn, uint32_t prot)
{
	struct code_page *p = find_page(vpn);

	if (p) {
		if (p->pfn == pfn && p->prot == prot)
			return 0;
		page_unmap(p);
	}
	if (cpu0.nr_pages == cpu0.cap_pages) {
		unsigned cap = cpu0.cap_pages ? 2 * cpu0.cap_pages : 64;
		struct code_page *n = realloc(cpu0.pages, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		cpu0.pages = n;
		cpu0.cap_pages = cap;
	}
	if (uc_mem_map_ptr(cpu0.uc, (uint64_t)vpn << PAGE_SHIFT, PAGE_SIZE,
			   prot, phys_base + ((uint64_t)pfn << PAGE_SHIFT)))
		return -EIO;
	p = &cpu0.pages[cpu0.nr_pages++];
	p->vpn = vpn;
	p->pfn = pfn;
	p->prot = prot;
	cpu_stats.code_pages_mapped++;
	return 0;
}

/* The MMU's itlb_evict: the entry for vpn left the iTLB. */
void codepage_evict(void *opaque, uint32_t vpn)
{
	struct code_page *p = find_page(vpn);

	(void)opaque;
	if (p)
		page_unmap(p);
}

void codepages_outside_holes_unmap(void)
{
	unsigned i = 0;

	while (i < cpu0.nr_pages) {
		if (in_hole(cpu0.pages[i].vpn << PAGE_SHIFT))
			i++;
		else
			page_unmap(&cpu0.pages[i]);	/* moves the last here */
	}
}

void codepages_unmap_all(void)
{
	while (cpu0.nr_pages)
		page_unmap(&cpu0.pages[0]);
}

void codepages_free(void)
{
	codepages_unmap_all();
	free(cpu0.pages);
	cpu0.pages = NULL;
	cpu0.cap_pages = 0;
}

/* Writable in Unicorn only if a write needs the MMU no more. */
static uint32_t page_prot(uint32_t va)
{
	pte_t *pte = pte_offset(current_mm->pgd, va);

	if (pte && pte_write(*pte) && pte_dirty(*pte))
		return UC_PROT_ALL;
	return UC_PROT_READ | UC_PROT_EXEC;
}

/*
 * Map va's page after an access of kind found nothing there. The data
 * kinds are translated first (their faults and A/D bits are the data
 * access's), then ACCESS_EXEC enters the page in the iTLB, which is what
 * keeps its mapping answerable to invlpg. 0, or -1 to stop emulation.
 */
static int map_hole_page(uint32_t va, enum access_kind kind)
{
	uint32_t pa;

	if (kind != ACCESS_EXEC && resolve(va, kind, 1, &pa))
		return -1;
	if (resolve(va, ACCESS_EXEC, 1, &pa))
		return -1;
	if (page_map(va >> PAGE_SHIFT, pa >> PAGE_SHIFT, page_prot(va))) {
		cpu_kill(SIGKILL, va, 14);	/* host out of memory */
		return -1;
	}
	if (kind == ACCESS_EXEC) {
		cpu0.itlb_fill_vpn = va >> PAGE_SHIFT;
		cpu0.itlb_fill_pending = 1;
	}
	return 0;
}

/*
 * A fetch from a data window: the guest jumped into a mapping without
 * VM_EXEC (SIGSEGV, as NX hardware would), into nothing (do_page_fault
 * says SIGSEGV), or into code mapped since the windows were built.
 */
static int fetch_from_window(uint32_t va)
{
	struct vm_area_struct *vma = find_vma(current_mm, va);
	uint32_t pa;

	if (vma && vma->vm_start <= va && (vma->vm_flags & VM_EXEC)) {
		cpu_stop(STOP_RESYNC);
		return -1;
	}
	if (!resolve(va, ACCESS_EXEC, 1, &pa))
		cpu_kill(SIGSEGV, va, 14);
	return -1;
}

static int serve_page(uint32_t va, enum access_kind kind, uc_mem_type type)
{
	uint32_t pa;

	if (va >= TASK_SIZE) {		/* the kernel half */
		if (!resolve(va, kind, 1, &pa))
			cpu_kill(SIGSEGV, va, 14);
		return -1;
	}
	if (type == UC_MEM_FETCH_PROT)
		return fetch_from_window(va);
	/*
	 * Outside the holes a window should have answered: the layout is
	 * stale. Serving the page through the code path is still exact;
	 * the stop makes cpu_run rebuild the windows.
	 */
	if (!in_hole(va))
		cpu_stop(STOP_RESYNC);
	return map_hole_page(va, kind);
}

static bool hook_invalid(uc_engine *uc, uc_mem_type type, uint64_t address,
			 int size, int64_t value, void *user)
{
	enum access_kind kind = ACCESS_EXEC;
	uint32_t va = (uint32_t)address;
	uint32_t last = ((uint32_t)address + (size > 0 ? size - 1 : 0)) &
			PAGE_MASK;

	(void)uc;
	(void)value;
	(void)user;
	if (cpu0.stop & STOP_FATAL)
		return false;
	if (type == UC_MEM_READ_UNMAPPED)
		kind = ACCESS_READ;
	else if (type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT)
		kind = ACCESS_WRITE;
	/* the faulting address first, then the start of a crossed page */
	for (;;) {
		if (serve_page(va, kind, type))
			return false;
		if ((va & PAGE_MASK) == last)
			return true;
		va = (va & PAGE_MASK) + PAGE_SIZE;
	}
}

int codepage_hooks_add(void)
{
	uc_hook h;

	if (uc_hook_add(cpu0.uc, &h, UC_HOOK_MEM_UNMAPPED |
			UC_HOOK_MEM_WRITE_PROT | UC_HOOK_MEM_FETCH_PROT,
			hook_invalid, NULL, 1, 0))
		return -EIO;
	return 0;
}
