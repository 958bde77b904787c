/*
 * windows.c - the data path. User space minus the "holes" (the ranges of
 * the current mm's VM_EXEC mappings) is covered by MMIO windows, so every
 * data access the guest makes there reaches window_read/window_write,
 * which translate it with our MMU as a CPL-3 access, let do_page_fault fix
 * what faults, and copy to or from the frame. The holes are served by the
 * code path (codepages.c), because Unicorn cannot fetch code from MMIO.
 *
 * Why windows are cut the way they are: Unicorn unmaps a region page by
 * page (about 48 ns a page: 38 ms for a 3 GiB window, measured), while
 * mapping one is cheap (~20 us). So windows never exceed WINDOW_RUN
 * (256 MiB), a window that touches a hole is confined to the 4 MiB chunk
 * around that hole's ends, and a layout change (exec, a switch to another
 * program, mmap of code) only unmaps the windows that overlap a new hole:
 * the others stay, still correct, and the old holes are filled with small
 * new windows. After a first visit, switching back and forth between two
 * layouts unmaps only small windows. Many exec mappings are merged into at
 * most CPU_MAX_HOLES holes (smallest gaps first), and past
 * CPU_MAX_WINDOWS the windows are rebuilt from nothing, keeping the region
 * count, which slows every map/unmap in Unicorn, small.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_internal.h"
#include "mm.h"
#include "page.h"

static uint64_t data_read(uint32_t va, unsigned size)
{
	uint64_t v = 0;
	uint32_t pa;
	unsigned i;

	if (cpu0.stop & STOP_FATAL)	/* the rest of a dying block */
		return 0;
	if ((va & ~PAGE_MASK) + size > PAGE_SIZE) {
		for (i = 0; i < size; i++)
			v |= data_read(va + i, 1) << (8 * i);
		return v;
	}
	if (resolve(va, ACCESS_READ, size, &pa))
		return 0;
	memcpy(&v, phys_base + pa, size);	/* little-endian host */
	return v;
}

static void data_write(uint32_t va, unsigned size, uint64_t v)
{
	uint32_t pa;
	unsigned i;

	if (cpu0.stop & STOP_FATAL)
		return;
	if ((va & ~PAGE_MASK) + size > PAGE_SIZE) {
		for (i = 0; i < size; i++)
			data_write(va + i, 1, v >> (8 * i));
		return;
	}
	if (resolve(va, ACCESS_WRITE, size, &pa))
		return;
	memcpy(phys_base + pa, &v, size);
}

/* The window's start address is its opaque pointer. */
static uint64_t window_read(uc_engine *uc, uint64_t offset, unsigned size,
			    void *opaque)
{
	(void)uc;
	cpu_stats.data_reads++;
	return data_read((uint32_t)(uintptr_t)opaque + (uint32_t)offset, size);
}

static void window_write(uc_engine *uc, uint64_t offset, unsigned size,
			 uint64_t value, void *opaque)
{
	(void)uc;
	cpu_stats.data_writes++;
	data_write((uint32_t)(uintptr_t)opaque + (uint32_t)offset, size, value);
}

int in_hole(uint32_t va)
{
	unsigned i;

	for (i = 0; i < cpu0.nr_holes; i++)
		if (va >= cpu0.holes[i].start && va < cpu0.holes[i].end)
			return 1;
	return 0;
}

/* The exec ranges of mm, adjacent ones merged; *n set. NULL on ENOMEM. */
static struct range *exec_ranges(struct mm_struct *mm, unsigned *n)
{
	struct vm_area_struct *vma;
	struct range *r;
	unsigned cap = 0, k = 0;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		cap++;
	r = malloc((cap ? cap : 1) * sizeof(*r));
	if (!r)
		return NULL;
	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		if (!(vma->vm_flags & VM_EXEC) || vma->vm_start >= TASK_SIZE)
			continue;
		if (k && r[k - 1].end == vma->vm_start) {
			r[k - 1].end = vma->vm_end;
			continue;
		}
		r[k].start = vma->vm_start;
		r[k].end = vma->vm_end < TASK_SIZE ? vma->vm_end : TASK_SIZE;
		k++;
	}
	*n = k;
	return r;
}

/* Merge ranges closer than a growing gap until at most max remain. */
static unsigned merge_ranges(struct range *r, unsigned n, unsigned max)
{
	uint64_t gap = PAGE_SIZE;
	unsigned i, k;

	while (n > max) {
		for (i = 1, k = 0; i < n; i++) {
			if ((uint64_t)r[i].start - r[k].end <= gap)
				r[k].end = r[i].end;
			else
				r[++k] = r[i];
		}
		n = k + 1;
		gap *= 2;
	}
	return n;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Where windows must be cut: every WINDOW_RUN, and at the chunk
 * boundaries around each hole.
 */
static unsigned cut_points(const struct range *h, unsigned nh, uint32_t *pt)
{
	unsigned n = 0, i;
	uint32_t a;

	for (a = WINDOW_RUN; a < TASK_SIZE; a += WINDOW_RUN)
		pt[n++] = a;
	for (i = 0; i < nh; i++) {
		pt[n++] = h[i].start & ~(WINDOW_CHUNK - 1);
		pt[n++] = (uint32_t)(((uint64_t)h[i].end + WINDOW_CHUNK - 1) &
				     ~(uint64_t)(WINDOW_CHUNK - 1));
	}
	qsort(pt, n, sizeof(*pt), cmp_u32);
	return n;
}

#define MAX_CUTS	(TASK_SIZE / WINDOW_RUN + 2 * CPU_MAX_HOLES)

/*
 * Windows for the gaps between the sorted, disjoint ranges occ (holes
 * and windows kept), each gap cut at the sorted cut points pt.
 */
static unsigned fill_gaps(const struct range *occ, unsigned nocc,
			  const uint32_t *pt, unsigned npt, struct range *w)
{
	unsigned nw = 0, i, j = 0;
	uint32_t a = 0, b;

	for (i = 0; i <= nocc; i++) {
		b = i < nocc ? occ[i].start : TASK_SIZE;
		while (a < b) {
			uint32_t end = b;

			while (j < npt && pt[j] <= a)
				j++;
			if (j < npt && pt[j] < b)
				end = pt[j];
			w[nw].start = a;
			w[nw].end = end;
			nw++;
			a = end;
		}
		if (i < nocc && occ[i].end > a)
			a = occ[i].end;
	}
	return nw;
}

static int overlaps_hole(const struct range *w, const struct range *h,
			 unsigned nh)
{
	unsigned i;

	for (i = 0; i < nh; i++)
		if (w->start < h[i].end && h[i].start < w->end)
			return 1;
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int window_map(const struct range *w)
{
	void *opaque = (void *)(uintptr_t)w->start;

	if (uc_mmio_map(cpu0.uc, w->start, w->end - w->start, window_read,
			opaque, window_write, opaque))
		return -EIO;
	cpu_stats.windows_mapped++;
	return 0;
}

static void window_unmap(const struct range *w)
{
	uc_mem_unmap(cpu0.uc, w->start, w->end - w->start);
	cpu_stats.windows_unmapped++;
	cpu0.window_pages_unmapped += (w->end - w->start) >> PAGE_SHIFT;
}

/*
 * The holes become h. Windows that overlap a new hole go; the others stay
 * even if the layout that cut them is gone (they are still correct, and
 * unmapping big windows is what costs); what is left uncovered gets new
 * windows. Past CPU_MAX_WINDOWS, start again from nothing.
 */
static int windows_replace(const struct range *h, unsigned nh)
{
	unsigned cap, nk = 0, nocc = 0, nf, npt, i, j;
	uint32_t pt[MAX_CUTS];
	struct range *w, *occ;
	int err = 0;

	if (cpu0.nr_windows > CPU_MAX_WINDOWS)
		layout_free();
	cap = cpu0.nr_windows + nh + 1 + MAX_CUTS;
	w = malloc(cap * sizeof(*w));
	occ = malloc(cap * sizeof(*occ));
	if (!w || !occ) {
		free(w);
		free(occ);
		return -ENOMEM;
	}
	for (i = 0; i < cpu0.nr_windows; i++) {
		if (overlaps_hole(&cpu0.windows[i], h, nh))
			window_unmap(&cpu0.windows[i]);
		else
			w[nk++] = cpu0.windows[i];
	}
	memcpy(cpu0.holes, h, nh * sizeof(*h));
	cpu0.nr_holes = nh;
	/* code pages that are no longer in a hole would overlap a window */
	codepages_outside_holes_unmap();
	for (i = 0, j = 0; i < nk || j < nh;)	/* merge two sorted lists */
		occ[nocc++] = (j == nh || (i < nk && w[i].start < h[j].start)) ?
			      w[i++] : h[j++];
	npt = cut_points(h, nh, pt);
	nf = fill_gaps(occ, nocc, pt, npt, w + nk);
	for (i = nk; i < nk + nf && !err; i++)
		err = window_map(&w[i]);
	qsort(w, nk + nf, sizeof(*w), cmp_range);
	free(occ);
	free(cpu0.windows);
	cpu0.windows = w;
	cpu0.nr_windows = nk + nf;
	cpu_stats.window_rebuilds++;
	if (err)	/* start from nothing next time */
		layout_free();
	return err;
}

/*
 * Make the windows match current_mm's exec layout. Runs between
 * uc_emu_start calls only, so no window is unmapped under its own
 * callback. 0, or -EINVAL without an mm, -ENOMEM, -EIO.
 */
int layout_sync(void)
{
	struct range *h;
	unsigned nh;
	int err = 0;

	if (!current_mm)
		return -EINVAL;
	h = exec_ranges(current_mm, &nh);
	if (!h)
		return -ENOMEM;
	nh = merge_ranges(h, nh, CPU_MAX_HOLES);
	if (!cpu0.layout_valid || nh != cpu0.nr_holes ||
	    memcmp(h, cpu0.holes, nh * sizeof(*h))) {
		err = windows_replace(h, nh);
		cpu0.layout_valid = !err;
	}
	free(h);
	return err;
}

void layout_free(void)
{
	unsigned i;

	for (i = 0; i < cpu0.nr_windows; i++)
		window_unmap(&cpu0.windows[i]);
	free(cpu0.windows);
	cpu0.windows = NULL;
	cpu0.nr_windows = 0;
	cpu0.nr_holes = 0;
	cpu0.layout_valid = 0;
}
