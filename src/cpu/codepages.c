/*
 * codepages.c - the code path. Pages in the holes (executable mappings)
 * are mapped into Unicorn one at a time as RAM, because Unicorn fetches
 * code only from RAM. The set of mapped pages IS the iTLB: a page is
 * mapped only after translate(ACCESS_EXEC) put it there, and the MMU's
 * itlb_evict callback unmaps it (and drops its translated blocks) when the
 * entry leaves the iTLB - eviction, invlpg on a PTE change, CR3 reload.
 * So no mapping outlives its PTE.
 *
 * Every access that finds no Unicorn region comes here: fetches and data
 * accesses in the holes, and kernel-half accesses, which translate (user
 * mode, supervisor-only PDEs) turns into PF_PROT|PF_USER and
 * do_page_fault into SIGSEGV. A page is mapped writable only once its PTE
 * is writable and dirty, so the first write still reaches the MMU (COW,
 * D bit); its later writes hit RAM directly and self-modifying code is
 * handled by Unicorn's own write tracking.
 *
 * What Unicorn 2.0.1 does with these hooks (measured with scratch
 * programs and the hostile guests; guests/cpu_exact.c tests each):
 *  - Mapping and unmapping other pages is safe, even the page of the
 *    running block, which runs to its end from its translated code.
 *  - Unmapping the page the hooked access itself is on crashes it: the
 *    access goes on into the freed region. So the unmaps of the access's
 *    own pages (an iTLB eviction while the second page of a crossing
 *    access is filled) wait until the block ends (hook_block asks for a
 *    stop before the next block runs, and run_once makes them).
 *  - A stop asked during an access does not end the block at the access:
 *    Unicorn leaves at once, with EIP at the access (thanks to
 *    engine.c's hook_sync_pc) but the flags of an older instruction. So a
 *    hook does not stop a guest that goes on, with one exception below.
 *  - A store into the running block on a page that a fetch's hook mapped
 *    goes unnoticed: the block runs on with its old instructions. On a
 *    page mapped between two runs Unicorn notices it and runs the new
 *    ones. So a fetch maps a page read-only, and the first store into it
 *    comes here and has the page mapped again before the next block
 *    (refresh_stored_pages). If that store rewrites the running block
 *    itself, it is the exception: emulation stops at the store, and the
 *    store runs again on the page mapped anew.
 * A store's copy-on-write gives its page a new frame while the store is
 * under way, on the page it may be running from. Each code page is
 * therefore mapped through its own view of the frame (a shared mapping of
 * phys_fd at the frame's offset), and a new frame moves the view
 * (mmap MAP_FIXED) under Unicorn's region, which stays. The new frame is
 * a copy of the old one, so the blocks translated from it stay right.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
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

static void *view_map(void *at, uint32_t pfn)
{
	void *v = mmap(at, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | (at ? MAP_FIXED : 0), phys_fd,
		       (off_t)pfn << PAGE_SHIFT);

	return v == MAP_FAILED ? NULL : v;
}

static void page_unmap(struct code_page *p)
{
	uint64_t va = (uint64_t)p->vpn << PAGE_SHIFT;

	uc_mem_unmap(cpu0.uc, va, PAGE_SIZE);
	uc_ctl_remove_cache(cpu0.uc, va, va + PAGE_SIZE);
	munmap(p->view, PAGE_SIZE);
	cpu_stats.code_pages_unmapped++;
	*p = cpu0.pages[--cpu0.nr_pages];
}

static int in_access(uint32_t vpn)
{
	return cpu0.in_access && vpn >= cpu0.access_first &&
	       vpn <= cpu0.access_last;
}

/* vpn is mapped again before its deferred unmap: forget the unmap. */
static void undefer(uint32_t vpn)
{
	unsigned i;

	for (i = 0; i < cpu0.nr_deferred; i++)
		if (cpu0.deferred[i] == vpn)
			cpu0.deferred[i] = cpu0.deferred[--cpu0.nr_deferred];
}

/*
 * Map vpn to frame pfn with rights prot. A page already mapped keeps its
 * Unicorn region: new rights are changed in place, and a new frame for a
 * page of the access being served (its copy-on-write) moves the view.
 * 0, or -errno.
 */
static int page_map(uint32_t vpn, uint32_t pfn, uint32_t prot, int fetch)
{
	struct code_page *p = find_page(vpn);
	void *view;

	if (p && p->pfn != pfn && !in_access(vpn)) {
		page_unmap(p);
		p = NULL;
	}
	if (p) {
		undefer(vpn);
		if (p->pfn != pfn) {
			if (!view_map(p->view, pfn))
				return -ENOMEM;
			p->pfn = pfn;
			cpu_stats.code_pages_moved++;
		}
		if (p->prot != prot) {
			if (uc_mem_protect(cpu0.uc, (uint64_t)vpn << PAGE_SHIFT,
					   PAGE_SIZE, prot))
				return -EIO;
			p->prot = prot;
		}
		return 0;
	}
	if (cpu0.nr_pages == cpu0.cap_pages) {
		unsigned cap = cpu0.cap_pages ? 2 * cpu0.cap_pages : 64;
		struct code_page *n = realloc(cpu0.pages, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		cpu0.pages = n;
		cpu0.cap_pages = cap;
	}
	view = view_map(NULL, pfn);
	if (!view)
		return -ENOMEM;
	if (uc_mem_map_ptr(cpu0.uc, (uint64_t)vpn << PAGE_SHIFT, PAGE_SIZE,
			   prot, view)) {
		munmap(view, PAGE_SIZE);
		return -EIO;
	}
	p = &cpu0.pages[cpu0.nr_pages++];
	p->vpn = vpn;
	p->pfn = pfn;
	p->prot = prot;
	p->view = view;
	p->fetch_mapped = fetch && cpu0.running;
	cpu_stats.code_pages_mapped++;
	return 0;
}

/*
 * What the hooks put off until no block runs (run_once): the unmaps of
 * accessed pages, then the pages to map again. 0, or -1 (host memory).
 */
int codepages_apply_deferred(void)
{
	struct code_page *p;

	if (cpu0.deferred_overflow) {
		cpu0.deferred_overflow = 0;
		codepages_unmap_all();
		return 0;
	}
	while (cpu0.nr_deferred) {
		p = find_page(cpu0.deferred[--cpu0.nr_deferred]);
		if (p)
			page_unmap(p);
	}
	while (cpu0.nr_refresh) {
		uint32_t vpn = cpu0.refresh[--cpu0.nr_refresh], pfn, prot;

		p = find_page(vpn);
		if (!p)
			continue;
		pfn = p->pfn;
		prot = p->prot;
		page_unmap(p);
		if (page_map(vpn, pfn, prot, 0))
			return -1;
	}
	return 0;
}

/*
 * After a store through the hook into a page a fetch mapped (read-only,
 * see map_hole_page): that page is mapped again outside the hooks before
 * the next block runs, because Unicorn 2.0.1 never notices a store into
 * the running block on a page mapped by a fetch's hook (seen: code that
 * patched its own next instruction ran the old one), while it does on a
 * page mapped between two runs. A store into the bytes of the running
 * block itself runs again after that (1: the hook fails the access, and
 * emulation stops at the store), else 0. Such a restart is exact but for
 * the flags: Unicorn 2.0.1 loses those an earlier instruction of the
 * block computed (see the header), so a block that compares, rewrites its
 * own next instructions and then branches on the compare would branch on
 * older flags. Only the first store into a page after a fetch mapped it
 * can meet this.
 */
static int refresh_stored_pages(uint32_t va, uint32_t size)
{
	uint32_t vpn, last = va + size - 1;
	struct code_page *p;
	int fetched = 0;

	for (vpn = va >> PAGE_SHIFT; vpn <= last >> PAGE_SHIFT; vpn++) {
		p = find_page(vpn);
		if (!p || !p->fetch_mapped)
			continue;
		fetched = 1;
		p->fetch_mapped = 0;
		cpu0.stop_at_block = 1;
		if (cpu0.nr_refresh < CPU_MAX_REFRESH)
			cpu0.refresh[cpu0.nr_refresh++] = vpn;
		else
			cpu0.deferred_overflow = 1;	/* unmap them all */
	}
	/* the running block's own bytes: run the store again after that */
	if (fetched && va < cpu0.block_va + cpu0.block_len &&
	    last >= cpu0.block_va) {
		ucpu_stop(STOP_RESYNC);
		return 1;
	}
	return 0;
}

/* The MMU's itlb_evict: the entry for vpn left the iTLB. */
void codepage_evict(void *opaque, uint32_t vpn)
{
	struct code_page *p = find_page(vpn);
	unsigned i;

	(void)opaque;
	if (!p)
		return;
	if (in_access(vpn)) {
		cpu0.stop_at_block = 1;
		for (i = 0; i < cpu0.nr_deferred; i++)
			if (cpu0.deferred[i] == vpn)
				return;
		if (cpu0.nr_deferred < CPU_MAX_DEFERRED)
			cpu0.deferred[cpu0.nr_deferred++] = vpn;
		else
			cpu0.deferred_overflow = 1;
		return;
	}
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
	cpu0.nr_deferred = 0;
	cpu0.nr_refresh = 0;
	cpu0.deferred_overflow = 0;
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
	/* a page a fetch maps is read-only at first: see refresh_stored_pages */
	if (page_map(va >> PAGE_SHIFT, pa >> PAGE_SHIFT,
		     kind == ACCESS_EXEC ? UC_PROT_READ | UC_PROT_EXEC
					 : page_prot(va), kind == ACCESS_EXEC)) {
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
		ucpu_stop(STOP_RESYNC);
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
	 * the stop before the next block makes cpu_run rebuild the windows.
	 */
	if (!in_hole(va))
		cpu0.stop_at_block = 1;
	return map_hole_page(va, kind);
}

/* The faulting address first, then the start of a crossed page. */
static bool serve_pages(uint32_t va, uint32_t last, enum access_kind kind,
			uc_mem_type type)
{
	for (;;) {
		if (serve_page(va, kind, type))
			return false;
		if ((va & PAGE_MASK) == last)
			return true;
		va = (va & PAGE_MASK) + PAGE_SIZE;
	}
}

static bool hook_invalid(uc_engine *uc, uc_mem_type type, uint64_t address,
			 int size, int64_t value, void *user)
{
	enum access_kind kind = ACCESS_EXEC;
	bool ok;
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
	cpu0.access_first = va >> PAGE_SHIFT;
	cpu0.access_last = last >> PAGE_SHIFT;
	cpu0.in_access = 1;
	ok = serve_pages(va, last, kind, type);
	cpu0.in_access = 0;
	if (ok && kind == ACCESS_WRITE)
		return !refresh_stored_pages(va, size > 0 ? (uint32_t)size : 1);
	return ok;
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
