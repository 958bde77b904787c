/*
 * proc_fs.h - /proc: the text generators, in Linux's formats, and the
 * hooks through which procfs learns about processes and swap.
 *
 * Every generator writes into a seq_file (seq_file.h), so the same text
 * serves the guest's /proc, the tests and --stats. The figures come from
 * the real counters: the buddy allocator's free pages and zones, the
 * slab's pages, the page cache's counts, the LRU lists, the page tables
 * of every process, the vm_events table.
 *
 * procfs is mounted on /proc at vfs_init. Its root lists the files
 * below, "self", and one directory per process, which it finds through
 * the proc_task_ops the kernel registers (none: no process directories).
 */
#ifndef I386MM_PROC_FS_H
#define I386MM_PROC_FS_H

#include <stdint.h>

struct seq_file;
struct task_struct;

/* How procfs finds processes; the kernel's process table provides it. */
struct proc_task_ops {
	struct task_struct *(*self)(void);	/* the caller: current */
	struct task_struct *(*find)(int pid);	/* NULL if there is none */
	int (*next_pid)(int after);	/* smallest pid > after, or -1 */
};
void proc_set_task_ops(const struct proc_task_ops *ops);

/* How procfs learns about swap; the swap code provides it. */
struct proc_swap_ops {
	/* pages of swap in all areas, and free among them */
	void (*si_swapinfo)(unsigned long *total, unsigned long *free);
	unsigned long (*swapcache_pages)(void);	/* SwapCached */
	/* one line per area, after the header swaps_show writes */
	void (*swaps_show)(struct seq_file *m);
};
void proc_set_swap_ops(const struct proc_swap_ops *ops);

/*
 * The figures behind /proc/meminfo, in pages. Computed on demand:
 * active/inactive from the zones' LRU lists (anon: PageAnon or
 * PageSwapBacked), AnonPages and Mapped from mem_map (mapped pages that
 * are anonymous, or in the page cache), PageTables from every process's
 * page directory.
 */
struct meminfo {
	unsigned long totalram, freeram, available;
	unsigned long cached, swapcached;
	unsigned long active, inactive;
	unsigned long active_anon, inactive_anon, active_file, inactive_file;
	unsigned long mlocked;
	unsigned long totalhigh, freehigh, totallow, freelow;
	unsigned long totalswap, freeswap;
	unsigned long dirty, writeback;
	unsigned long anon_pages, mapped, shmem;
	unsigned long slab, slab_reclaimable, slab_unreclaimable;
	unsigned long page_tables;
};
void si_meminfo(struct meminfo *mi);

/* The global files (buddyinfo, zoneinfo: gfp.h; slabinfo: slab.h). */
void meminfo_show(struct seq_file *m);
void vmstat_show(struct seq_file *m);
void cpuinfo_show(struct seq_file *m);
void uptime_show(struct seq_file *m);
void loadavg_show(struct seq_file *m);
void swaps_show(struct seq_file *m);
void mounts_show(struct seq_file *m);

/*
 * Per process. A task without an mm (a zombie) has an empty maps and
 * cmdline and no Vm lines in status. cmdline is the raw bytes between
 * mm->arg_start and arg_end, read with access_process_vm.
 */
void proc_pid_maps_show(struct seq_file *m, struct task_struct *task);
void proc_pid_status_show(struct seq_file *m, struct task_struct *task);
void proc_pid_stat_show(struct seq_file *m, struct task_struct *task);
void proc_pid_statm_show(struct seq_file *m, struct task_struct *task);
void proc_pid_cmdline_show(struct seq_file *m, struct task_struct *task);

/*
 * Load average, Linux's fixed point (calc_load): the scheduler calls
 * calc_global_load with the number of runnable tasks every LOAD_FREQ
 * ticks of the VFS clock (VFS_HZ per second).
 */
#define FSHIFT		11
#define FIXED_1		(1ul << FSHIFT)
#define LOAD_FREQ	(5 * 100 + 1)
#define EXP_1		1884
#define EXP_5		2014
#define EXP_15		2037
extern unsigned long avenrun[3];
void calc_global_load(unsigned long nr_active);

/* Virtual CPU time: basic blocks per clock tick, for stat's utime. */
#define PROC_BLOCKS_PER_TICK	100000u

#endif
