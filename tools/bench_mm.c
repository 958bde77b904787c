/*
 * bench_mm.c - figures for the memory manager's hot paths, printed as a
 * table (no assertions on time: the machine is shared).
 *
 *   translate() on the TLB-hit path: a few pages, every access a hit;
 *   translate() on the walk path: striding over more pages than the dTLB
 *     holds, so every access misses and walks;
 *   the host kernel's demand-zero fault rate: mmap 256 MiB anonymous (no
 *     transparent huge pages), touch one byte per page;
 *   our own demand-zero fault rate, bench_demand_zero_faults(), through
 *     translate -> do_page_fault -> translate, and its ratio to the host's.
 *
 * The access counts are checked against the TLB counters, so a figure is
 * only printed for the path it claims to measure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "pgtable.h"

#define MEM_BYTES	(256ull << 20)
#define HIT_PAGES	4
#define HIT_ACCESSES	100000000ull
#define WALK_PAGES	4096		/* 16 MiB: 64x the default dTLB */
#define WALK_ACCESSES	10000000ull
#define HOST_BYTES	(256ull << 20)
#define OUR_DZ_BYTES	(64u << 20)
#define USER_BASE	0x08000000u

/* The host's own mmap: one fault per 4 KiB page, as the guest has. */
static int host_mmap_nohuge(void **p, size_t len)
{
	*p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*p == MAP_FAILED)
		return -errno;
	madvise(*p, len, MADV_NOHUGEPAGE);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_mm: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Map npages user pages at USER_BASE, dirty so writes never re-walk. */
static struct page **map_pages(pde_t *pgd, unsigned npages)
{
	struct page **pages = calloc(npages, sizeof(*pages));
	unsigned i;

	if (!pages)
		die("calloc", ENOMEM);
	for (i = 0; i < npages; i++) {
		uint32_t va = USER_BASE + i * PAGE_SIZE;
		pte_t *pte = pte_alloc(pgd, va);

		pages[i] = alloc_page(GFP_HIGHUSER);
		if (!pte || !pages[i])
			die("mapping benchmark pages", ENOMEM);
		*pte = mk_pte(pages[i], PAGE_SHARED | _PAGE_DIRTY);
	}
	return pages;
}

static void unmap_pages(pde_t *pgd, struct page **pages, unsigned npages)
{
	unsigned i;

	for (i = 0; i < npages; i++) {
		*pte_offset(pgd, USER_BASE + i * PAGE_SIZE) = 0;
		__free_page(pages[i]);
	}
	free(pages);
}

static volatile uint32_t sink;

/* Accesses per second through translate(), alternating reads and writes. */
static double run_translate(struct mmu *mmu, unsigned npages,
			    uint64_t accesses, uint64_t *walks)
{
	uint32_t pa, err, sum = 0;
	uint64_t i, walks0 = mmu->page_walks;
	unsigned page = 0;
	double t0, t1;

	t0 = now();
	for (i = 0; i < accesses; i++) {
		uint32_t va = USER_BASE + page * PAGE_SIZE + (i & 0xffc);
		enum access_kind k = (i & 1) ? ACCESS_WRITE : ACCESS_READ;

		if (translate(mmu, va, k, 1, &pa, &err))
			die("translate faulted in the benchmark", EFAULT);
		sum += pa;
		if (++page == npages)
			page = 0;
	}
	t1 = now();
	sink = sum;
	*walks = mmu->page_walks - walks0;
	return (double)accesses / (t1 - t0);
}

static double bench_tlb_hits(struct mmu *mmu, pde_t *pgd)
{
	struct page **pages = map_pages(pgd, HIT_PAGES);
	uint64_t walks;
	double rate;

	flush_tlb_all(mmu);
	rate = run_translate(mmu, HIT_PAGES, HIT_ACCESSES, &walks);
	if (walks != HIT_PAGES) {
		fprintf(stderr, "bench_mm: hit path walked %llu times\n",
			(unsigned long long)walks);
		exit(1);
	}
	unmap_pages(pgd, pages, HIT_PAGES);
	return rate;
}

static double bench_tlb_walks(struct mmu *mmu, pde_t *pgd)
{
	struct page **pages = map_pages(pgd, WALK_PAGES);
	uint64_t walks;
	double rate;

	flush_tlb_all(mmu);
	rate = run_translate(mmu, WALK_PAGES, WALK_ACCESSES, &walks);
	if (walks != WALK_ACCESSES) {
		fprintf(stderr, "bench_mm: walk path hit the TLB %llu times\n",
			(unsigned long long)(WALK_ACCESSES - walks));
		exit(1);
	}
	unmap_pages(pgd, pages, WALK_PAGES);
	return rate;
}

/* The host kernel's demand-zero faults per second. */
static double bench_host_demand_zero(void)
{
	size_t len = HOST_BYTES, step = (size_t)sysconf(_SC_PAGESIZE), off;
	double t0, t1;
	void *p;
	int err = host_mmap_nohuge(&p, len);

	if (err)
		die("host mmap", -err);
	t0 = now();
	for (off = 0; off < len; off += step)
		((volatile char *)p)[off] = 1;
	t1 = now();
	munmap(p, len);
	return (double)(len / step) / (t1 - t0);
}

/*
 * ---- bench_demand_zero_faults() ----------------------------------------
 * Demand-zero faults per second through OUR handler: a fresh mm, a 64 MiB
 * private anonymous mapping, and for each page a user write that faults,
 * is served by do_page_fault, and translates on the retry.
 */
static double bench_demand_zero_faults(struct mmu *mmu)
{
	struct mm_struct *mm = mm_alloc();
	uint32_t addr, va, pa, err;
	unsigned long faults = 0;
	double t0, t1;

	if (!mm)
		die("mm_alloc", ENOMEM);
	current_mmu = mmu;
	switch_mm(mm);
	addr = do_mmap_pgoff(mm, 0, OUR_DZ_BYTES, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0, NULL, NULL);
	if (IS_ERR_VALUE(addr))
		die("do_mmap_pgoff", -(int)addr);
	t0 = now();
	for (va = addr; va < addr + OUR_DZ_BYTES; va += PAGE_SIZE) {
		if (!translate(mmu, va, ACCESS_WRITE, 1, &pa, &err))
			continue;
		if (do_page_fault(mm, va, err) & VM_FAULT_ERROR)
			die("do_page_fault", EFAULT);
		if (translate(mmu, va, ACCESS_WRITE, 1, &pa, &err))
			die("translate after the fault", EFAULT);
		faults++;
	}
	t1 = now();
	if (faults != OUR_DZ_BYTES / PAGE_SIZE)
		die("demand-zero fault count", EFAULT);
	mmput(mm);
	current_mm = NULL;
	mmu_write_cr3(mmu, __pa(swapper_pg_dir));
	return (double)faults / (t1 - t0);
}
/* ---- end bench_demand_zero_faults() ------------------------------------ */

static void row(const char *name, double figure, const char *unit)
{
	printf("%-34s %16.0f  %s\n", name, figure, unit);
}

int main(void)
{
	struct mmu mmu;
	double hit, walk, host, ours;
	pde_t *pgd;
	int err;

	err = mem_init(MEM_BYTES);
	if (err)
		die("mem_init", -err);
	err = mmu_init(&mmu, ITLB_DEFAULT_ENTRIES, ITLB_DEFAULT_WAYS,
		       DTLB_DEFAULT_ENTRIES, DTLB_DEFAULT_WAYS);
	if (err)
		die("mmu_init", -err);
	pgd = pgd_alloc();
	if (!pgd)
		die("pgd_alloc", ENOMEM);
	mmu_write_cr3(&mmu, __pa(pgd));

	hit = bench_tlb_hits(&mmu, pgd);
	walk = bench_tlb_walks(&mmu, pgd);
	host = bench_host_demand_zero();

	printf("%-34s %16s  %s\n", "name", "figure", "unit");
	row("translate, dTLB hit", hit, "accesses/s");
	row("translate, dTLB miss + walk", walk, "accesses/s");
	row("host demand-zero faults", host, "faults/s");
	mmu_write_cr3(&mmu, __pa(swapper_pg_dir));
	ours = bench_demand_zero_faults(&mmu);
	row("i386mm demand-zero faults", ours, "faults/s");
	printf("%-34s %16.3f\n", "ratio i386mm / host", ours / host);

	mmu_write_cr3(&mmu, __pa(swapper_pg_dir));
	pgd_free(pgd);
	mmu_destroy(&mmu);
	mem_exit();
	return 0;
}
