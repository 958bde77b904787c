/*
 * run.c - the machine's processes from the first to the last: pid 1 made
 * for PROGRAM (exec with load_elf_binary), the run loop that gives the
 * CPU to one runnable task after another (round robin in pid order, a
 * slice of RUN_QUANTUM_BLOCKS basic blocks each; a context switch saves
 * the old task's registers, loads the new mm's CR3 and restores its
 * registers), the teardown of each task that exits, and the end: when
 * pid 1 exits, every other process is killed with SIGKILL and every
 * zombie reaped, as when a PID namespace's init dies, and the run's
 * status is pid 1's. Then the figures the statistics report, including
 * the "nothing lost" pair.
 *
 * The exit status is a shell's: the guest's code, 128 + signal for a
 * killed guest, 127 for a missing PROGRAM and 126 for one that is not a
 * static i386 executable.
 *
 * Files: the run loop drives the VFS clock and the periodic flusher
 * (fs_tick) on the virtual clock. When the process is gone (its shared
 * mappings' stores in the page cache, its fds closed), the
 * file systems are written back and unmounted (fs_shutdown), so the
 * host's files are complete and free_pages_exit counts memory with no
 * cached page, dentry or inode left, as free_pages_boot was counted.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binfmt.h"
#include "cpu.h"
#include "gfp.h"
#include "kern_fs.h"
#include "kernel.h"
#include "ksignal.h"
#include "mm.h"
#include "mmu.h"
#include "oom.h"
#include "process.h"
#include "record.h"
#include "sched.h"
#include "stats.h"
#include "swap_boot.h"
#include "syscalls.h"

struct task_struct *current;

/* The first program's environment: fixed, nothing from the host. */
static char *const init_envp[] = {
	"PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", NULL
};

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void set_comm(struct task_struct *tsk, const char *path)
{
	const char *base = strrchr(path, '/');

	copy_str(tsk->comm, sizeof(tsk->comm), base ? base + 1 : path);
}

/*
 * /proc/self/exe: the program's path inside the guest's root; a program
 * from outside the root keeps its host path, the only name it has.
 */
static void set_exe(struct task_struct *tsk, const char *program,
		    const char *root)
{
	char prog[PATH_MAX], top[PATH_MAX];
	size_t n;

	if (!realpath(program, prog) || !realpath(root, top)) {
		copy_str(tsk->exe, sizeof(tsk->exe), program);
		return;
	}
	n = strlen(top);
	if (strcmp(top, "/") && !strncmp(prog, top, n) && prog[n] == '/')
		copy_str(tsk->exe, sizeof(tsk->exe), prog + n);
	else
		copy_str(tsk->exe, sizeof(tsk->exe), prog);
}

static struct task_struct *create_init_task(const struct run_options *o)
{
	struct task_struct *tsk = alloc_task();

	if (!tsk)
		return NULL;
	if (sys_task_init(tsk)) {
		free_task(tsk);
		return NULL;
	}
	if (attach_pid(tsk) || tsk->pid != 1) {
		detach_pid(tsk);
		sys_task_exit(tsk);
		free_task(tsk);
		return NULL;
	}
	tsk->pgrp = tsk->session = 1;
	set_comm(tsk, o->program);
	set_exe(tsk, o->program, o->root);
	tsk->ctx = cpu_context_alloc();
	tsk->mm = mm_alloc();
	if (!tsk->ctx || !tsk->mm) {
		if (tsk->mm)
			mmput(tsk->mm);
		detach_pid(tsk);
		sys_task_exit(tsk);
		free_task(tsk);
		return NULL;
	}
	return tsk;
}

/* exec PROGRAM in tsk's fresh mm and load the CPU with it. */
static int exec_init(struct task_struct *tsk, const struct run_options *o)
{
	struct exec_params p = { .random_seed = o->seed };
	struct exec_result r;
	char err[256];
	int ret;

	ret = load_elf_binary(tsk->mm, o->program, o->program, o->argv,
			      init_envp, &p, &r, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "i386mm: %s: %s\n", o->program, err);
		return ret == -ENOENT || ret == -ENOTDIR ? EXIT_NOTFOUND
							 : EXIT_NOEXEC;
	}
	cpu_set_mm(tsk->mm);
	cpu_reset_regs();
	cpu_set_reg(CPU_EIP, r.entry);
	cpu_set_reg(CPU_ESP, r.sp);
	return 0;
}

/* Exited (or killed) but not yet torn down. */
static int exit_pending(const struct task_struct *t)
{
	return t->state == EXIT_ZOMBIE && (t->mm || t->files);
}

/* switch_to: registers out, CR3 (non-global TLB entries go), in. */
static void context_switch(struct task_struct *prev,
			   struct task_struct *next)
{
	if (prev && prev->mm)
		cpu_context_save(prev->ctx);
	cpu_set_mm(next->mm);
	cpu_context_restore(next->ctx);
	current = next;
}

/*
 * Every live task sleeps and none can be woken (sched.c): say so in one
 * line naming each and why it waits, and kill them all.
 */
static void kill_deadlocked_set(void)
{
	struct task_struct *t;
	const char *sep = "";

	fprintf(stderr, "i386mm: deadlock:");
	list_for_each_entry(t, &task_list, tasks) {
		if (t->state != TASK_INTERRUPTIBLE && !t->stopped)
			continue;
		fprintf(stderr, "%s %s (pid %d): %s", sep, t->comm, t->pid,
			t->stopped ? "stopped" : t->wait_reason ?
			t->wait_reason : "a wait nothing can end");
		sep = ",";
	}
	fprintf(stderr, "; killed by signal %d\n", LSIGKILL);
	list_for_each_entry(t, &task_list, tasks)
		if (t->state == TASK_INTERRUPTIBLE || t->stopped)
			zap_task(t);
	if (exit_pending(current))
		do_exit(current);
}

/* One slice of the CPU for current; -EIO if the CPU refused to run. */
static int run_slice(uint64_t quantum)
{
	struct task_struct *tsk = current;
	struct cpu_exit ex;

	if (cpu_run(quantum, &ex)) {
		fprintf(stderr, "i386mm: internal error: the CPU "
			"cannot run %s\n", tsk->comm);
		return -EIO;
	}
	tsk->utime_blocks += ex.blocks;
	fs_tick();
	reclaim_tick();		/* kswapd and periodic reclaim */
	signal_cpu_exit(&ex);	/* faults, then signals delivered */
	if (exit_pending(tsk))
		do_exit(tsk);
	return 0;
}

/*
 * Signals sent to current while it was off the CPU, delivered with its
 * registers loaded (ksignal.h). Not for a task leaving a sleep: its call
 * runs again first and meets the signal with the -ERESTARTSYS rules.
 * 1 if the signal ended the task.
 */
static int deliver_before_run(void)
{
	struct task_struct *tsk = current;

	if (tsk->woken) {
		tsk->woken = 0;
		return 0;
	}
	if (signal_pending(tsk) || tsk->restore_sigmask)
		do_signal(0, 0);
	if (!exit_pending(tsk))
		return 0;
	do_exit(tsk);
	return 1;
}

/* Run every task until pid 1 is a zombie; 0, or -EIO. */
static int run_loop(struct task_struct *init, uint64_t quantum)
{
	while (init->state != EXIT_ZOMBIE) {
		struct task_struct *next = pick_next_task(current);

		if (!next) {
			if (!sched_next_timer())
				kill_deadlocked_set();
			continue;
		}
		if (next != current)
			context_switch(current, next);
		if (deliver_before_run())
			continue;
		if (run_slice(quantum ? quantum : RUN_QUANTUM_BLOCKS))
			return -EIO;
	}
	return 0;
}

/*
 * pid 1 is gone: the others are killed as a PID namespace's are
 * (zap_pid_ns_processes) and every zombie is reaped but pid 1's, whose
 * figures the run reports.
 */
static void zap_other_processes(struct task_struct *init)
{
	struct task_struct *t, *n;

	list_for_each_entry(t, &task_list, tasks)
		if (t != init)
			zap_task(t);
	list_for_each_entry_safe(t, n, &task_list, tasks)
		if (t != init)
			release_task(t);
}

/* A wait status as a shell reports it. */
static int shell_status(int exit_code)
{
	if (exit_code & 0x7f)
		return 128 + (exit_code & 0x7f);
	return (exit_code >> 8) & 0xff;
}

/*
 * exit_mm: the address space goes while it is still loaded, so every
 * PTE it drops also leaves the TLBs (and its code pages leave Unicorn);
 * mmput then moves CR3 to swapper_pg_dir (leave_mm); stores through
 * shared file mappings reach the page cache as their PTEs go. Then
 * exit_files and exit_fs: the task's fds closed, its cwd and root let go.
 */
static void exit_task(struct task_struct *tsk)
{
	if (exit_pending(tsk) || tsk->state != EXIT_ZOMBIE) {
		tsk->state = EXIT_ZOMBIE;
		do_exit(tsk);
	}
	zap_other_processes(tsk);
}

static void fill_stats(struct run_stats *st, const struct run_options *o,
		       const struct task_struct *tsk, int status)
{
	copy_str(st->comm, sizeof(st->comm), tsk->comm);
	st->exit_status = status;
	st->signal = tsk->exit_code & 0x7f;
	st->utime_blocks = tsk->utime_blocks;
	st->min_flt = tsk->min_flt;
	st->maj_flt = tsk->maj_flt;
	st->mem_bytes = o->mem_bytes;
	st->totalram_pages = totalram_pages;
	st->itlb_entries = o->itlb_entries;
	st->itlb_ways = o->itlb_ways;
	st->dtlb_entries = o->dtlb_entries;
	st->dtlb_ways = o->dtlb_ways;
	st->free_pages_boot = free_pages_boot;
	st->swap_used_exit = 0;		/* swap_shutdown sets it, below */
}

int run_init_process(const struct run_options *o, struct run_stats *st)
{
	struct task_struct *tsk;
	int status;

	memset(st, 0, sizeof(*st));
	tsk = create_init_task(o);
	if (!tsk) {
		fprintf(stderr, "i386mm: %s: out of memory for the first "
			"process\n", o->program);
		return EXIT_INTERNAL;
	}
	current = tsk;
	sched_proc_register(1);
	exec_set_root(o->root, o->seed);
	status = exec_init(tsk, o);
	if (!status) {
		reclaim_ops.out_of_memory = out_of_memory;	/* oom.h */
		if (run_loop(tsk, o->quantum))
			status = EXIT_INTERNAL;
		else
			status = shell_status(tsk->exit_code);
	}
	reclaim_ops.out_of_memory = NULL;
	st->nr_free_pages = nr_free_pages();
	exit_task(tsk);
	fill_stats(st, o, tsk, status);
	current = NULL;
	sched_proc_register(0);
	release_task(tsk);
	fs_shutdown();		/* every file written back, the VFS gone */
	st->swap_used_exit = swap_shutdown();	/* no PTE, no tmpfs page */
	/* after the slabs' pages went back too, so pgfree balances */
	st->free_pages_exit = kernel_free_pages();
	stats_snapshot(st, current_mmu);
	return status;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A replay that left the recording's path: say where, once. */
static void replay_check(const struct run_options *o)
{
	char err[512];

	if (!replay_finish(err, sizeof(err)))
		return;
	fprintf(stderr, "i386mm: replay: diverged from the recording at "
		"%s\n", err);
	if (o->replay_diverged)
		*o->replay_diverged = 1;
}

int i386mm_run(const struct run_options *o)
{
	struct trace_writer *w = NULL;
	struct run_stats st;
	double t0;
	int status;

	if (kernel_boot(o))
		return EXIT_INTERNAL;
	if (o->record && record_begin(o, &w)) {
		kernel_shutdown();
		return EXIT_INTERNAL;
	}
	t0 = now();
	status = run_init_process(o, &st);
	st.wall_seconds = now() - t0;
	if (w && record_end(o, w) && !status)
		status = EXIT_INTERNAL;
	if (o->replay) {
		st.replay = 1;
		replay_check(o);
	}
	kernel_shutdown();

	if (o->stats)
		stats_print(stderr, &st);
	if (o->stats_json_file &&
	    stats_write_json(o->stats_json_file, &st)) {
		fprintf(stderr, "i386mm: --stats-json %s: %s\n", o->stats_json,
			strerror(errno));
		if (!status)
			status = EXIT_INTERNAL;
	}
	return status;
}
