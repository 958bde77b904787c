/*
 * fuzz_mmu.c - the MMU, the fault handler, fork's copy-on-write and
 * reclaim with swap, driven by an access sequence decoded from the input
 * and checked against test_mm_model.c's model: per page, whether it is
 * mapped, its protection and the byte last written to it (per mm: a
 * fork copies the model as it copies the address space), extended with
 * MAP_SHARED anonymous mappings, backed as mmap(2) backs them (an
 * unlinked tmpfs file: shmem_file_setup), so fork shares their pages.
 *
 * Every access goes as the CPU makes it: translate() through the TLBs
 * and the page tables of the mm in CR3, do_page_fault() on a #PF, again.
 * It must succeed, and read the last byte written, exactly when the
 * model allows it (i386 without NX: any right reads, only PROT_WRITE
 * writes), and otherwise fault with SIGSEGV. The machine is small (8
 * MiB) and has a 4 MiB swap area, so faults reclaim and pages go to swap
 * and come back; VM_FAULT_OOM is allowed (the model does not change).
 * After each input every mm is destroyed and every frame and swap slot
 * must be free again.
 *
 * Input: a sequence of operations, each one byte of opcode then its
 * operands (fuzz.h's reader: zeros past the end).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "fuzz.h"
#include "gfp.h"
#include "kern_fs.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "proc_fs.h"
#include "radix-tree.h"
#include "slab.h"
#include "swap.h"
#include "vmscan.h"
#include "vmstat.h"

#define NR_MMS		4
#define WINDOW		0x10000000u
#define WINDOW_PAGES	2048	/* 8 MiB: two page tables */
#define MAX_OPS		2000
#define MEM_BYTES	(8ull << 20)
#define SWAP_PAGES	1024

/* A MAP_SHARED page's byte lives in its object's cell, which fork shares
 * and every mapping of the object sees; a private page's in value. */
struct model_page {
	uint8_t mapped, prot, value;
	uint16_t cell;			/* 0: private */
};

struct model_mm {
	struct mm_struct *mm;
	struct model_page page[WINDOW_PAGES];
};

#define MAX_CELLS	65535

static struct model_mm mms[NR_MMS];
static uint8_t cells[MAX_CELLS + 1];
static unsigned nr_cells;
static struct mmu cpu;
static unsigned cur;
static int booted;
static unsigned long frames_boot;
static char root[512];		/* an empty --root: only tmpfs is used */

static void boot(void)
{
	char path[512], err[256];

	snprintf(root, sizeof(root), "%s/root", fuzz_dir());
	FUZZ_CHECK(mkdir(root, 0755) == 0, "mkdir %s", root);
	FUZZ_CHECK(mem_init(MEM_BYTES) == 0, "mem_init");
	radix_tree_init();
	proc_set_swap_ops(&swap_proc_ops);
	FUZZ_CHECK(mmu_init(&cpu, 16, 4, 32, 4) == 0, "mmu_init");
	current_mmu = &cpu;
	snprintf(path, sizeof(path), "%s/swap", fuzz_dir());
	FUZZ_CHECK(mkswap_file(path, SWAP_PAGES * PAGE_SIZE, NULL, NULL, err,
			       sizeof(err)) == 0, "mkswap: %s", err);
	FUZZ_CHECK(do_swapon(path, -1, err, sizeof(err)) == 0, "swapon: %s",
		   err);
	shrink_slab(~0ul, GFP_KERNEL);
	frames_boot = nr_free_pages();
	booted = 1;
}

/* The current mm, created empty if its slot is. */
static struct model_mm *cur_mm(void)
{
	struct model_mm *m = &mms[cur];

	if (!m->mm) {
		m->mm = mm_alloc();
		FUZZ_CHECK(m->mm, "mm_alloc");
		memset(m->page, 0, sizeof(m->page));
	}
	if (current_mm != m->mm)
		switch_mm(m->mm);
	return m;
}

static void range(struct fuzz_in *in, uint32_t *first, uint32_t *n,
		  unsigned max)
{
	*first = fuzz_u16(in) % WINDOW_PAGES;
	*n = 1 + fuzz_u8(in) % max;
	if (*first + *n > WINDOW_PAGES)
		*n = WINDOW_PAGES - *first;
}

/*
 * As mmap(2) (sys_mman.c) maps MAP_SHARED|MAP_ANONYMOUS: through an
 * unlinked tmpfs file of the mapping's size, as Linux's shmem_zero_setup.
 */
static uint32_t mmap_shared_anon(struct mm_struct *mm, uint32_t addr,
				 uint32_t len, int prot)
{
	struct file *file = shmem_file_setup("dev/zero", len);
	uint32_t a;

	if (IS_ERR(file))
		return (uint32_t)PTR_ERR(file);
	a = vfs_mmap(mm, file, addr, len, prot, MAP_SHARED | MAP_FIXED, 0);
	fput(file);
	return a;
}

/* prot's bit 3 asks for MAP_SHARED: a new object of n zeroed cells. */
static void op_mmap(struct fuzz_in *in)
{
	struct model_mm *m = cur_mm();
	uint32_t first, n, i, a, addr;
	uint8_t p = fuzz_u8(in);
	int prot = p % 8, shared = p & 8;

	range(in, &first, &n, 64);
	if (shared && nr_cells + n > MAX_CELLS)
		return;
	addr = WINDOW + first * PAGE_SIZE;
	if (shared)
		a = mmap_shared_anon(m->mm, addr, n * PAGE_SIZE, prot);
	else
		a = do_mmap_pgoff(m->mm, addr, n * PAGE_SIZE, prot,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0,
				  NULL, NULL);
	if (IS_ERR_VALUE(a))
		return;		/* -ENOMEM: nothing changed */
	FUZZ_CHECK(a == addr, "MAP_FIXED at 0x%x", a);
	for (i = first; i < first + n; i++) {
		m->page[i] = (struct model_page){ 1, (uint8_t)prot, 0, 0 };
		if (shared) {
			m->page[i].cell = (uint16_t)++nr_cells;
			cells[nr_cells] = 0;
		}
	}
}

static void op_munmap(struct fuzz_in *in)
{
	struct model_mm *m = cur_mm();
	uint32_t first, n, i;

	range(in, &first, &n, 64);
	FUZZ_CHECK(do_munmap(m->mm, WINDOW + first * PAGE_SIZE,
			     n * PAGE_SIZE) == 0, "munmap");
	for (i = first; i < first + n; i++)
		m->page[i].mapped = 0;
}

/* Over a hole: -ENOMEM and nothing changed (mprotect.c checks the
 * whole range first, unlike Linux, which changes the part before it). */
static void op_mprotect(struct fuzz_in *in)
{
	struct model_mm *m = cur_mm();
	uint32_t first, n, i;
	int prot = fuzz_u8(in) % 8, r;

	range(in, &first, &n, 32);
	r = do_mprotect(m->mm, WINDOW + first * PAGE_SIZE, n * PAGE_SIZE,
			prot);
	for (i = first; i < first + n && m->page[i].mapped; i++)
		;
	FUZZ_CHECK(r == (i == first + n ? 0 : -ENOMEM),
		   "mprotect of pages %u+%u, hole at %u: %d", first, n, i, r);
	if (r)
		return;
	for (i = first; i < first + n; i++)
		m->page[i].prot = (uint8_t)prot;
}

/* One user access as the CPU makes it: 0, or the fault's VM_FAULT_*. */
static int user_access(struct mm_struct *mm, uint32_t va, int write,
		       uint32_t *pa)
{
	uint32_t err;
	int tries, r;

	for (tries = 0; tries < 4; tries++) {
		if (!translate(&cpu, va, write ? ACCESS_WRITE : ACCESS_READ, 1,
			       pa, &err))
			return 0;
		r = do_page_fault(mm, va, err);
		if (r & VM_FAULT_ERROR)
			return r;
	}
	FUZZ_CHECK(0, "fault loop at 0x%x", va);
	return -1;
}

static void op_touch(struct fuzz_in *in, int write)
{
	struct model_mm *m = cur_mm();
	uint32_t i = fuzz_u16(in) % WINDOW_PAGES, off = fuzz_u16(in) %
		     PAGE_SIZE, pa;
	struct model_page *mp = &m->page[i];
	int allowed = mp->mapped && (write ? mp->prot & PROT_WRITE :
				     mp->prot);
	int r = user_access(m->mm, WINDOW + i * PAGE_SIZE + off, write, &pa);
	uint8_t *b, *v;

	if (r == VM_FAULT_OOM)
		return;
	if (!allowed) {
		FUZZ_CHECK(r == VM_FAULT_SIGSEGV, "page %u (mapped %d prot %d)"
			   " %s: %d, not SIGSEGV", i, mp->mapped, mp->prot,
			   write ? "write" : "read", r);
		return;
	}
	FUZZ_CHECK(r == 0, "page %u (prot %d) %s: fault %d", i, mp->prot,
		   write ? "write" : "read", r);
	FUZZ_CHECK((pa & ~PAGE_MASK) == off, "pa 0x%x for offset 0x%x", pa,
		   off);
	/* the model keeps one byte per page: the same byte at every offset
	 * of the page is what a page that was written holds */
	b = __va(pa & PAGE_MASK);
	v = mp->cell ? &cells[mp->cell] : &mp->value;
	FUZZ_CHECK(b[0] == *v, "%s page %u holds %u, last written %u",
		   mp->cell ? "shared" : "private", i, b[0], *v);
	if (write) {
		*v = fuzz_u8(in);
		b[0] = *v;
	}
}

static void op_fork(void)
{
	struct model_mm *parent = cur_mm(), *child;
	unsigned i;

	for (i = 0; i < NR_MMS && mms[i].mm; i++)
		;
	if (i == NR_MMS)
		return;
	child = &mms[i];
	child->mm = dup_mm(parent->mm);
	if (!child->mm)
		return;		/* ENOMEM, nothing allocated */
	memcpy(child->page, parent->page, sizeof(child->page));
}

static void destroy(struct model_mm *m)
{
	if (current_mm == m->mm)
		switch_mm(NULL);
	mmput(m->mm);
	m->mm = NULL;
}

static void op_reclaim(struct fuzz_in *in)
{
	shrink_all_memory(1 + fuzz_u8(in) % 128);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned ops = 0, i;

	if (!booted)
		boot();
	FUZZ_CHECK(fs_boot(root, 0, 0) == 0, "fs_boot");
	cur = 0;
	nr_cells = 0;
	while (fuzz_more(&in) && ops++ < MAX_OPS) {
		switch (fuzz_u8(&in) % 12) {
		case 0: op_mmap(&in); break;
		case 1: op_munmap(&in); break;
		case 2: op_mprotect(&in); break;
		case 3: case 4: op_touch(&in, 0); break;
		case 5: case 6: op_touch(&in, 1); break;
		case 7: op_fork(); break;
		case 8: cur = fuzz_u8(&in) % NR_MMS; break;
		case 9: if (mms[cur].mm) destroy(&mms[cur]); break;
		case 10: op_reclaim(&in); break;
		default:	/* an invlpg the kernel did not need */
			invlpg(&cpu, WINDOW + fuzz_u16(&in) % WINDOW_PAGES *
			       PAGE_SIZE);
			break;
		}
	}
	for (i = 0; i < NR_MMS; i++)
		if (mms[i].mm)
			destroy(&mms[i]);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%u ops: %llu faults, %llu cow copies, %llu "
			"swap-outs, %llu swap-ins\n", ops,
			(unsigned long long)vm_events[pgfault],
			(unsigned long long)vm_events[cow_copy],
			(unsigned long long)vm_events[pswpout],
			(unsigned long long)vm_events[pswpin]);
	FUZZ_CHECK(nr_files() == 0, "%ld files open", nr_files());
	fs_shutdown();
	shrink_all_memory(~0ul >> 1);	/* the swap cache's pages */
	shrink_slab(~0ul, GFP_KERNEL);
	FUZZ_CHECK(swap_used_slots() == 0, "%lu swap slots lost",
		   swap_used_slots());
	FUZZ_CHECK(nr_free_pages() == frames_boot, "%ld frames lost",
		   (long)frames_boot - (long)nr_free_pages());
	return 0;
}
