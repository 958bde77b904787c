/*
 * run.c - the life of the first process, as init's: a task_struct and an
 * mm for PROGRAM, exec (load_elf_binary), the run loop that feeds the CPU
 * slices of basic blocks until the task is a zombie or a fatal signal
 * killed it, and the exit that gives its memory back. Then the figures
 * the statistics report, including the "nothing lost" pair.
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
#include "proc_fs.h"
#include "sched.h"
#include "stats.h"
#include "syscalls.h"

struct task_struct *current;

/* /proc's view of the process table: the one process there is. */
static struct task_struct *init_task;

static struct task_struct *proc_self(void)
{
	return current;
}

static struct task_struct *proc_find(int pid)
{
	return init_task && init_task->pid == pid ? init_task : NULL;
}

static int proc_next_pid(int after)
{
	return init_task && init_task->pid > after ? init_task->pid : -1;
}

static const struct proc_task_ops init_task_ops = {
	.self = proc_self,
	.find = proc_find,
	.next_pid = proc_next_pid,
};

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
	tsk->pid = tsk->tgid = 1;
	set_comm(tsk, o->program);
	set_exe(tsk, o->program, o->root);
	tsk->ctx = cpu_context_alloc();
	tsk->mm = mm_alloc();
	if (!tsk->ctx || !tsk->mm) {
		if (tsk->mm)
			mmput(tsk->mm);
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

/* Run tsk until it is a zombie; 0, or -EIO if the CPU refused to run. */
static int run_loop(struct task_struct *tsk)
{
	struct cpu_exit ex;

	while (tsk->state != EXIT_ZOMBIE) {
		if (cpu_run(RUN_QUANTUM_BLOCKS, &ex)) {
			fprintf(stderr, "i386mm: internal error: the CPU "
				"cannot run %s\n", tsk->comm);
			return -EIO;
		}
		tsk->utime_blocks += ex.blocks;
		fs_tick();
		signal_cpu_exit(&ex);	/* faults, then signals delivered */
	}
	return 0;
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
	tsk->min_flt = tsk->mm->min_flt;
	tsk->maj_flt = tsk->mm->maj_flt;
	mmput(tsk->mm);
	tsk->mm = NULL;
	sys_task_exit(tsk);
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
	st->swap_used_exit = 0;		/* no swap areas yet */
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
	current = init_task = tsk;
	proc_set_task_ops(&init_task_ops);
	status = exec_init(tsk, o);
	if (!status) {
		if (run_loop(tsk))
			status = EXIT_INTERNAL;
		else
			status = shell_status(tsk->exit_code);
	}
	st->nr_free_pages = nr_free_pages();
	exit_task(tsk);
	fill_stats(st, o, tsk, status);
	current = init_task = NULL;
	proc_set_task_ops(NULL);
	free_task(tsk);
	fs_shutdown();		/* every file written back, the VFS gone */
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

int i386mm_run(const struct run_options *o)
{
	struct run_stats st;
	double t0;
	int status;

	if (kernel_boot(o))
		return EXIT_INTERNAL;
	t0 = now();
	status = run_init_process(o, &st);
	st.wall_seconds = now() - t0;
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
