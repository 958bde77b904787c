/*
 * boot.c - bringing the machine up and down, as start_kernel does in
 * spirit: emulated memory first (mem_init: mem_map, zones, buddy, slab,
 * the kernel page tables), then the kernel's own caches, the MMU with
 * the TLBs the user asked for, and the CPU with its system-call entry.
 * Shutdown undoes it in reverse order.
 *
 * The "nothing lost" base is taken here, after the slabs gave their free
 * pages back and just before the file systems are mounted (fs_boot), so
 * the run can compare it with the same figure taken after the last
 * process is gone and the file systems are unmounted again (everything
 * written back, every cached page, dentry and inode dropped, tmpfs
 * emptied: see run.c). The files a run leaves behind live on the host.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cpu.h"
#include "fs.h"
#include "gfp.h"
#include "invariants.h"
#include "kern_fs.h"
#include "kernel.h"
#include "mmu.h"
#include "page.h"
#include "record.h"
#include "slab.h"
#include "swap_boot.h"
#include "syscalls.h"
#include "timekeeping.h"
#include "vmscan.h"
#include "vmstat.h"

static struct mmu mmu0;

void run_options_init(struct run_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mem_bytes = MEM_DEFAULT_BYTES;
	o->itlb_entries = ITLB_DEFAULT_ENTRIES;
	o->itlb_ways = ITLB_DEFAULT_WAYS;
	o->dtlb_entries = DTLB_DEFAULT_ENTRIES;
	o->dtlb_ways = DTLB_DEFAULT_WAYS;
	o->root = ".";
	o->quantum = RUN_QUANTUM_BLOCKS;
}

unsigned long kernel_free_pages(void)
{
	/* one pass can free an off-slab descriptor's own slab: repeat */
	while (shrink_slab(slab_pages(), GFP_KERNEL))
		;
	/* the "nothing lost" figure: what is not free must be accounted */
	invariants_event("kernel_free_pages");
	return nr_free_pages();
}

static int boot_fail(int err, const char *what)
{
	fprintf(stderr, "i386mm: cannot boot: %s: %s\n", what, strerror(-err));
	kernel_shutdown();
	return err;
}

int kernel_boot(const struct run_options *o)
{
	int err;

	if (o->check_invariants)	/* every event; debug builds sample */
		invariants_mode = INVARIANTS_EXACT;
	err = mem_init(o->mem_bytes);
	if (err) {
		fprintf(stderr, "i386mm: cannot boot: %" PRIu64
			" bytes of emulated memory: %s\n", o->mem_bytes,
			strerror(-err));
		return err;
	}
	/* the LRU lists are empty until the first page comes into use */
	if (reclaim_policy_set(o->policy ? o->policy : "linux")) {
		fprintf(stderr, "i386mm: cannot boot: --policy %s: not a "
			"reclaim policy (%s)\n", o->policy,
			reclaim_policy_names);
		kernel_shutdown();
		return -EINVAL;
	}
	err = task_cache_init();
	if (err)
		return boot_fail(err, "task_struct cache");
	err = mmu_init(&mmu0, o->itlb_entries, o->itlb_ways,
		       o->dtlb_entries, o->dtlb_ways);
	if (err)
		return boot_fail(err, "MMU");
	current_mmu = &mmu0;
	if (o->replay)
		err = cpu_init_replay(&mmu0, o->replay, o->replay_fault_trace,
				      o->replay_exact);
	else
		err = cpu_init(&mmu0);
	if (err)
		return boot_fail(err, o->replay ? "trace CPU" : "Unicorn CPU");
	cpu_set_syscall_handler(do_syscall, NULL);
	syscall_set_seed(o->seed);
	syscall_set_real_time(o->real_time);
	syscall_set_strace(o->strace ? stderr : NULL);
	timekeeping_init();
	free_pages_boot = kernel_free_pages();
	err = fs_boot(o->root, o->root_rw ? VFS_ROOT_RW : 0, o->seed);
	if (err) {
		fprintf(stderr, "i386mm: cannot boot: the file systems over "
			"--root %s: %s\n", o->root, strerror(-err));
		kernel_shutdown();
		return err;
	}
	err = swap_boot();	/* after the VFS, as swap.h asks */
	if (err) {
		kernel_shutdown();
		return err;
	}
	vm_events_reset();	/* the figures describe the run, not boot */
	return 0;
}

/* Safe after a partial boot: every step checks what exists. */
void kernel_shutdown(void)
{
	swap_shutdown();	/* after a failed boot; nothing if run.c did */
	fs_shutdown();
	cpu_destroy();
	if (current_mmu == &mmu0) {
		current_mm = NULL;
		current_mmu = NULL;
		mmu_destroy(&mmu0);
	}
	task_cache_exit();
	mem_exit();
}
