/*
 * mmap.c - the VMA set of an address space and the calls that reshape it:
 * find_vma and friends, splitting and merging VMAs, mmap and munmap.
 *
 * As in Linux 2.6, a VMA is both on the mm's sorted singly linked list
 * (vm_next), which walks and merges use, and in a red-black tree keyed by
 * vm_start (libbsd's sys/tree.h), so lookups are O(log n) however many
 * VMAs a program makes. VMAs never overlap, so moving a VMA's vm_start
 * within the gap before it (merge, split, stack growth) cannot change its
 * place in the tree and is done in place.
 *
 * There is no overcommit accounting here, so VM_ACCOUNT is never set by
 * mmap: it would only stop VMAs from merging.
 */
#include <errno.h>
#include <stddef.h>

#include "mm.h"
#include "rmap.h"
#include "vma.h"

/* Linux's TASK_UNMAPPED_BASE: where the bottom-up search starts. */
#define TASK_UNMAPPED_BASE	0x40000000u

static int vma_cmp(const struct vm_area_struct *a,
		   const struct vm_area_struct *b)
{
	return a->vm_start < b->vm_start ? -1 : a->vm_start > b->vm_start;
}

/*
 * RB_GENERATE_STATIC marks its functions __unused, which libbsd leaves
 * undefined (it clashes with a Linux struct member); we use only some.
 */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
RB_GENERATE_STATIC(mm_rb, vm_area_struct, vm_rb, vma_cmp)

/*
 * The last VMA that ends at or below addr, or NULL. Since VMAs are sorted
 * by start and by end alike, the tree keyed by start answers this.
 */
static struct vm_area_struct *vma_below(struct mm_struct *mm, uint32_t addr)
{
	struct vm_area_struct *node = RB_ROOT(&mm->mm_rb), *prev = NULL;

	while (node) {
		if (addr < node->vm_end) {
			node = RB_LEFT(node, vm_rb);
		} else {
			prev = node;
			node = RB_RIGHT(node, vm_rb);
		}
	}
	return prev;
}

struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr)
{
	struct vm_area_struct *vma = mm->mmap_cache, *prev;

	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;
	prev = vma_below(mm, addr);
	vma = prev ? prev->vm_next : mm->mmap;
	if (vma)
		mm->mmap_cache = vma;
	return vma;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, uint32_t addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *prev = vma_below(mm, addr);

	*pprev = prev;
	return prev ? prev->vm_next : mm->mmap;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     uint32_t start, uint32_t end)
{
	struct vm_area_struct *vma;

	if (end <= start)
		return NULL;
	vma = find_vma(mm, start);
	if (vma && end <= vma->vm_start)
		vma = NULL;
	return vma;
}

/* Put vma on the list after prev (first if prev is NULL) and in the tree. */
static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
		     struct vm_area_struct *prev)
{
	struct vm_area_struct *dup;

	if (prev) {
		vma->vm_next = prev->vm_next;
		prev->vm_next = vma;
	} else {
		vma->vm_next = mm->mmap;
		mm->mmap = vma;
	}
	dup = RB_INSERT(mm_rb, &mm->mm_rb, vma);
	(void)dup;	/* callers have checked for overlap */
	mm->map_count++;
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma,
		       struct vm_area_struct *prev)
{
	if (prev)
		prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	RB_REMOVE(mm_rb, &mm->mm_rb, vma);
	mm->map_count--;
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
}

void vm_stat_account(struct mm_struct *mm, uint32_t vm_flags, int backed,
		     long pages)
{
	mm->total_vm += pages;
	if (pages > 0 && mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += pages;
	if (backed) {
		mm->shared_vm += pages;
		if ((vm_flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
			mm->exec_vm += pages;
	} else if (vm_flags & VM_GROWSDOWN) {
		mm->stack_vm += pages;
	}
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next;

	if (vma->vm_start >= vma->vm_end || vma->vm_end > TASK_SIZE ||
	    (vma->vm_start | vma->vm_end) & ~PAGE_MASK)
		return -EINVAL;
	next = find_vma_prev(mm, vma->vm_start, &prev);
	if (next && next->vm_start < vma->vm_end)
		return -ENOMEM;
	vma->vm_mm = mm;
	vma_link(mm, vma, prev);
	vm_stat_account(mm, vma->vm_flags, vma_backed(vma), vma_pages(vma));
	return 0;
}

/*
 * i386 Linux's protection_map, indexed by read, write, exec and shared.
 * The hardware cannot refuse reads of a present page, so exec and write
 * imply read; private writable pages start read-only for copy-on-write.
 */
static const uint32_t protection_map[16] = {
	PAGE_NONE,     PAGE_READONLY, PAGE_COPY,   PAGE_COPY,
	PAGE_READONLY, PAGE_READONLY, PAGE_COPY,   PAGE_COPY,
	PAGE_NONE,     PAGE_READONLY, PAGE_SHARED, PAGE_SHARED,
	PAGE_READONLY, PAGE_READONLY, PAGE_SHARED, PAGE_SHARED,
};

uint32_t vm_get_page_prot(uint32_t vm_flags)
{
	return protection_map[vm_flags & (VM_READ | VM_WRITE | VM_EXEC |
					  VM_SHARED)];
}

/* ---------------------------------------------------------------- merge */

/*
 * Linux's is_mergeable_vma and anon_vma test: same flags and backing, and
 * no ->close, because a merge frees a VMA without telling its owner.
 */
static int vma_mergeable(const struct vm_area_struct *vma, uint32_t vm_flags,
			 const struct vm_area_struct *src,
			 const struct vm_operations_struct *ops, void *private)
{
	struct file *file = src ? src->vm_file : NULL;
	struct anon_vma *anon_vma = src ? src->anon_vma : NULL;

	if (vma->vm_flags != vm_flags || vma->vm_ops != ops ||
	    vma->vm_private_data != private || vma->vm_file != file)
		return 0;
	if (ops && ops->close)
		return 0;
	return !anon_vma || !vma->anon_vma || anon_vma == vma->anon_vma;
}

/* The range [.., pgoff) may be appended to prev. */
static int can_merge_after(const struct vm_area_struct *prev,
			   uint32_t vm_flags, const struct vm_area_struct *src,
			   const struct vm_operations_struct *ops,
			   void *private, uint32_t pgoff)
{
	return vma_mergeable(prev, vm_flags, src, ops, private) &&
	       prev->vm_pgoff + vma_pages(prev) == pgoff;
}

/* The range [.., end_pgoff) may be prepended to next. */
static int can_merge_before(const struct vm_area_struct *next,
			    uint32_t vm_flags, const struct vm_area_struct *src,
			    const struct vm_operations_struct *ops,
			    void *private, uint32_t end_pgoff)
{
	return vma_mergeable(next, vm_flags, src, ops, private) &&
	       next->vm_pgoff == end_pgoff;
}

/* Free a VMA swallowed by survivor: its pages now belong to survivor. */
static void vma_absorb(struct mm_struct *mm, struct vm_area_struct *survivor,
		       struct vm_area_struct *gone, struct vm_area_struct *prev)
{
	anon_vma_import(survivor, gone->anon_vma);
	vma_unlink(mm, gone, prev);
	vm_area_free(gone);
}

/*
 * Linux's vma_merge. [addr, end) is either a hole after prev (mmap, brk)
 * or a part of an existing VMA whose flags are about to become vm_flags
 * (mprotect): then prev is the VMA before that part, which may be the VMA
 * itself when the part does not start it. In Linux's picture, with P =
 * prev, N = next, A = the range:
 *
 *    AAAA           AAAA           AAAA           AAAA
 * PPPP    NNNN   PPPP    NNNN   PPPPPPPPNNNN   PPPPNNNNNNNN
 * cases 1, 6 (P+A+N), 2, 5, 7 (P+A), 3, 8 (A+N), 4 (P shrinks, N grows)
 *
 * Returns the VMA now covering [addr, end) with vm_flags, or NULL if
 * nothing could merge. Counters are the caller's.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev, uint32_t addr,
				 uint32_t end, uint32_t vm_flags,
				 const struct vm_operations_struct *ops,
				 void *private, uint32_t pgoff)
{
	struct vm_area_struct *area, *next, *src = NULL, *res = NULL;
	uint32_t pglen = (end - addr) >> PAGE_SHIFT;

	if (addr >= end || (addr | end) & ~PAGE_MASK)
		return NULL;
	area = next = prev ? prev->vm_next : mm->mmap;
	if (prev && addr < prev->vm_end)
		src = prev;			/* case 4 */
	else if (area && area->vm_start < end)
		src = area;			/* cases 5, 6, 7, 8 */
	if (next && next->vm_end == end)	/* cases 6, 7, 8 */
		next = next->vm_next;

	if (prev && prev->vm_end == addr &&
	    can_merge_after(prev, vm_flags, src, ops, private, pgoff)) {
		if (next && end == next->vm_start &&
		    can_merge_before(next, vm_flags, src, ops, private,
				     pgoff + pglen) &&
		    (!prev->anon_vma || !next->anon_vma ||
		     prev->anon_vma == next->anon_vma)) {
			/* cases 1, 6 */
			prev->vm_end = next->vm_end;
			if (area != next)
				vma_absorb(mm, prev, area, prev);
			vma_absorb(mm, prev, next, prev);
		} else if (area && area->vm_start < end) {
			/* cases 5, 7 */
			prev->vm_end = end;
			if (area->vm_end == end) {
				vma_absorb(mm, prev, area, prev);
			} else {
				anon_vma_import(prev, area->anon_vma);
				area->vm_pgoff += pglen;
				area->vm_start = end;
			}
		} else {
			prev->vm_end = end;	/* case 2 */
		}
		res = prev;
	} else if (next && end == next->vm_start &&
		   can_merge_before(next, vm_flags, src, ops, private,
				    pgoff + pglen)) {
		if (prev && addr < prev->vm_end) {
			/* case 4 */
			anon_vma_import(next, prev->anon_vma);
			prev->vm_end = addr;
			next->vm_start = addr;
			next->vm_pgoff -= pglen;
			res = next;
		} else {
			/* cases 3, 8 */
			area->vm_start = addr;
			area->vm_end = next->vm_end;
			area->vm_pgoff = next->vm_pgoff - pglen;
			if (area != next)
				vma_absorb(mm, area, next, area);
			res = area;
		}
	}
	if (res) {
		res->vm_flags = vm_flags;
		res->vm_page_prot = vm_get_page_prot(vm_flags);
	}
	return res;
}

/* ---------------------------------------------------------------- split */

/*
 * Split vma at addr into two VMAs; the new one is the lower part if
 * new_below. The new VMA is a copy, so its owner hears of it (->open).
 * Unlike split_vma, it ignores max_map_count: munmap must not fail on
 * the limit halfway.
 */
static int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		       uint32_t addr, int new_below)
{
	struct vm_area_struct *new, *prev;
	uint32_t pages;

	if (addr & ~PAGE_MASK || addr <= vma->vm_start || addr >= vma->vm_end)
		return -EINVAL;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	pages = (addr - vma->vm_start) >> PAGE_SHIFT;
	if (new_below) {
		find_vma_prev(mm, vma->vm_start, &prev);
		new->vm_end = addr;
		vma->vm_start = addr;
		vma->vm_pgoff += pages;
		vma_link(mm, new, prev);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += pages;
		vma->vm_end = addr;
		vma_link(mm, new, vma);
	}
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	return 0;
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, uint32_t addr,
	      int new_below)
{
	if (mm->map_count >= (int)mm->max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

/* Where a VMA's guard begins: stacks keep stack_guard_gap free below. */
static uint32_t vm_start_gap(const struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > STACK_GUARD_GAP ?
	       vma->vm_start - STACK_GUARD_GAP : 0;
}

/*
 * Linux's free_area_cache as of 2.6.10: a top-down search starts where
 * the last one ended, unless a hole above that (cached_hole_size, the
 * largest the searches passed over) could hold the request. Without it
 * every mmap walks all the VMAs below mmap_base: a million one-page
 * mmaps next to 65530 VMAs took quadratic time. The cache is a hint:
 * each candidate is still checked against the VMAs, and a search that
 * fails from the hint is redone from mmap_base.
 *
 * Unlike 2.6's arch_unmap_area_topdown, which only ever raised the
 * hint, munmap moves it to the top of the new hole even when that is
 * lower: otherwise unmapping and mapping single pages at random among
 * 65530 VMAs walks half of them per mmap (measured: 6 ms a pair). The
 * price is that a request may land in that hole rather than in a higher
 * one that munmap did not make, which no caller can rely on anyway.
 */
static uint32_t area_cache(const struct mm_struct *mm)
{
	if (!mm->free_area_cache || mm->free_area_cache > mm->mmap_base)
		return mm->mmap_base;
	return mm->free_area_cache;
}

/* Linux's arch_unmap_area_topdown: a new hole ending at top. */
static void unmap_area_topdown(struct mm_struct *mm, uint32_t top)
{
	mm->free_area_cache = top < mm->mmap_base ? top : mm->mmap_base;
}

/* ---------------------------------------------------------------- munmap */

/*
 * Free the page tables of [start, end) that no VMA needs any more: a
 * table maps a whole 4 MiB, so only tables wholly inside the hole
 * [floor, ceiling) between the surviving neighbours may go.
 */
#define PGDIR_DOWN(x)	((uint64_t)(x) & ~(uint64_t)(PGDIR_SIZE - 1))
#define PGDIR_UP(x)	PGDIR_DOWN((uint64_t)(x) + PGDIR_SIZE - 1)

static void free_pgtables(struct mm_struct *mm, uint32_t start, uint32_t end,
			  uint32_t floor, uint32_t ceiling)
{
	uint64_t lo = PGDIR_DOWN(start), hi = PGDIR_UP(end);

	if (lo < PGDIR_UP(floor))
		lo = PGDIR_UP(floor);
	if (hi > PGDIR_DOWN(ceiling))
		hi = PGDIR_DOWN(ceiling);
	if (lo < hi)
		free_pgd_range(mm->pgd, (uint32_t)lo, (uint32_t)hi);
}

int do_munmap(struct mm_struct *mm, uint32_t start, uint32_t len)
{
	struct vm_area_struct *vma, *prev, *last, *next, *list;
	uint32_t end;
	int err;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;

	vma = find_vma_prev(mm, start, &prev);
	if (!vma || vma->vm_start >= end)
		return 0;
	/* A hole in the middle of one VMA makes one more. */
	if (start > vma->vm_start && end < vma->vm_end &&
	    mm->map_count >= (int)mm->max_map_count)
		return -ENOMEM;
	if (start > vma->vm_start) {
		err = __split_vma(mm, vma, start, 0);
		if (err)
			return err;
		prev = vma;
	}
	last = find_vma(mm, end);
	if (last && end > last->vm_start) {
		err = __split_vma(mm, last, end, 1);
		if (err)
			return err;
	}

	/* Detach [start, end)'s VMAs, still chained by vm_next. */
	list = next = prev ? prev->vm_next : mm->mmap;
	for (last = NULL; next && next->vm_start < end; next = next->vm_next) {
		RB_REMOVE(mm_rb, &mm->mm_rb, next);
		mm->map_count--;
		last = next;
	}
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	last->vm_next = NULL;
	mm->mmap_cache = NULL;

	for (vma = list; vma; vma = vma->vm_next) {
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_stat_account(mm, vma->vm_flags, vma_backed(vma),
				-(long)vma_pages(vma));
	}
	free_pgtables(mm, start, end, prev ? prev->vm_end : 0,
		      next ? next->vm_start : TASK_SIZE);
	unmap_area_topdown(mm, next ? vm_start_gap(next) : TASK_SIZE);
	while (list) {
		vma = list;
		list = list->vm_next;
		if (vma->vm_ops && vma->vm_ops->close)
			vma->vm_ops->close(vma);
		vm_area_free(vma);
	}
	return 0;
}

/* ------------------------------------------------------- get_unmapped_area */

/* [addr, addr + len) is below TASK_SIZE and clear of every VMA's guard. */
static int range_free(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	struct vm_area_struct *vma;

	if (addr > TASK_SIZE - len)
		return 0;
	vma = find_vma(mm, addr);
	return !vma || addr + len <= vm_start_gap(vma);
}

/*
 * The highest hole of len bytes below top, hopping from each VMA in the
 * way to the hole just below it and noting the holes passed over.
 */
static uint32_t topdown_from(struct mm_struct *mm, uint32_t top, uint32_t len)
{
	struct vm_area_struct *vma;
	uint32_t addr, gap;

	if (top < len + MMAP_MIN_ADDR)
		return -ENOMEM;
	addr = top - len;
	for (;;) {
		vma = find_vma(mm, addr);
		if (!vma)
			return addr;
		gap = vm_start_gap(vma);
		if (addr + len <= gap)
			return addr;
		if (addr + len > vma->vm_end &&
		    addr + len - vma->vm_end > mm->cached_hole_size)
			mm->cached_hole_size = addr + len - vma->vm_end;
		if (gap < len + MMAP_MIN_ADDR)
			return -ENOMEM;
		addr = gap - len;
	}
}

/* Linux's arch_get_unmapped_area_topdown, without randomisation. */
static uint32_t unmapped_area_topdown(struct mm_struct *mm, uint32_t len)
{
	uint32_t addr, top;

	if (len <= mm->cached_hole_size) {	/* a hole above may do */
		mm->cached_hole_size = 0;
		mm->free_area_cache = mm->mmap_base;
	}
	top = area_cache(mm);
	addr = topdown_from(mm, top, len);
	if (IS_ERR_VALUE(addr) && top != mm->mmap_base) {
		mm->cached_hole_size = 0;	/* a stale hint: search all */
		addr = topdown_from(mm, mm->mmap_base, len);
	}
	if (!IS_ERR_VALUE(addr))
		mm->free_area_cache = addr;
	return addr;
}

/* Linux's arch_get_unmapped_area: the lowest hole from TASK_UNMAPPED_BASE. */
static uint32_t unmapped_area_bottomup(struct mm_struct *mm, uint32_t len)
{
	struct vm_area_struct *vma;
	uint32_t addr = TASK_UNMAPPED_BASE;

	for (vma = find_vma(mm, addr); ; vma = vma->vm_next) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (!vma || addr + len <= vm_start_gap(vma))
			return addr;
		if (addr < vma->vm_end)
			addr = vma->vm_end;
	}
}

uint32_t get_unmapped_area(struct mm_struct *mm, uint32_t addr, uint32_t len,
			   uint32_t pgoff, int flags)
{
	uint32_t ret;

	(void)pgoff;	/* no cache colouring on i386 */
	if (!len)
		return -EINVAL;
	if (len > TASK_SIZE)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (flags & MAP_FIXED) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		return addr;
	}
	if (addr && !(addr & ~PAGE_MASK) && addr >= MMAP_MIN_ADDR &&
	    range_free(mm, addr, len))
		return addr;
	ret = unmapped_area_topdown(mm, len);
	if (IS_ERR_VALUE(ret))
		ret = unmapped_area_bottomup(mm, len);
	return ret;
}

/* ------------------------------------------------------------------ mmap */

static uint32_t calc_vm_prot_bits(int prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

static uint32_t calc_vm_flag_bits(int flags)
{
	return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) |
	       (flags & MAP_DENYWRITE ? VM_DENYWRITE : 0) |
	       (flags & MAP_LOCKED ? VM_LOCKED : 0);
}

/*
 * Linux's make_pages_present, for MAP_LOCKED and MAP_POPULATE: fault the
 * range in now, as writes if the mapping is writable. Failures are left
 * for later faults to report, as in Linux.
 */
static void make_pages_present(struct mm_struct *mm,
			       struct vm_area_struct *vma, uint32_t start,
			       uint32_t end)
{
	int write = (vma->vm_flags & VM_WRITE) != 0;
	uint32_t addr;

	if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return;
	for (addr = start; addr < end; addr += PAGE_SIZE)
		if (handle_mm_fault(mm, vma, addr, write) & VM_FAULT_ERROR)
			return;
}

/* Linux's mmap_region: replace what is there, merge or make a VMA. */
static uint32_t mmap_region(struct mm_struct *mm, uint32_t addr, uint32_t len,
			    uint32_t vm_flags, uint32_t pgoff,
			    const struct vm_operations_struct *ops,
			    void *private)
{
	struct vm_area_struct *vma, *prev;
	int err;

	if (find_vma_intersection(mm, addr, addr + len)) {
		err = do_munmap(mm, addr, len);
		if (err)
			return err;
	}
	find_vma_prev(mm, addr, &prev);
	vma = vma_merge(mm, prev, addr, addr + len, vm_flags, ops, private,
			pgoff);
	if (!vma) {
		vma = vm_area_alloc(mm);
		if (!vma)
			return -ENOMEM;
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_flags = vm_flags;
		vma->vm_page_prot = vm_get_page_prot(vm_flags);
		vma->vm_pgoff = pgoff;
		vma->vm_ops = ops;
		vma->vm_private_data = private;
		if (vma_link_file(vma)) {	/* the file's i_mmap (rmap) */
			vm_area_free(vma);
			return -ENOMEM;
		}
		vma_link(mm, vma, prev);
	}
	vm_stat_account(mm, vm_flags, vma_backed(vma), len >> PAGE_SHIFT);
	return addr;
}

uint32_t do_mmap_pgoff(struct mm_struct *mm, uint32_t addr, uint32_t len,
		       int prot, int flags, uint32_t pgoff,
		       const struct vm_operations_struct *ops, void *private)
{
	uint32_t vm_flags, ret;
	struct vm_area_struct *vma;

	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (len > TASK_SIZE)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	/* Linux's test: map_count may reach max_map_count + 1 */
	if (mm->map_count > (int)mm->max_map_count)
		return -ENOMEM;

	addr = get_unmapped_area(mm, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED) && addr < MMAP_MIN_ADDR)
		return -EPERM;		/* vm.mmap_min_addr, as for non-root */
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;

	vm_flags = calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!ops)
			pgoff = 0;	/* its own object, from offset 0 */
		break;
	case MAP_PRIVATE:
		if (!ops)
			pgoff = addr >> PAGE_SHIFT;
		break;
	default:
		return -EINVAL;
	}

	ret = mmap_region(mm, addr, len, vm_flags, pgoff, ops, private);
	if (IS_ERR_VALUE(ret))
		return ret;
	if ((vm_flags & VM_LOCKED) ||
	    (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE) {
		vma = find_vma(mm, addr);
		make_pages_present(mm, vma, addr, addr + len);
	}
	return addr;
}
