/*
 * proc_pid.c - the per-process files of /proc (Linux's fs/proc/array.c,
 * task_mmu.c and base.c): maps, status, stat, statm, cmdline, in Linux's
 * formats, from the task and its mm_struct.
 *
 * The i386 layouts: maps pads the path to column 49 (25 + 6 * the 4-byte
 * pointer size), VmPTE counts 4 KiB per page table, stat's vsize is in
 * bytes and rss in pages.
 */
#include <stdlib.h>
#include "binfmt.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "proc_fs.h"
#include "sched.h"
#include "seq_file.h"

#define SIGCHLD		17
#define RLIMIT_SIGPENDING 11
#define SIG_IGN_HANDLER	1u

static char task_state_char(const struct task_struct *t)
{
	if (t->stopped && t->state <= TASK_INTERRUPTIBLE)
		return 'T';
	switch (t->state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case EXIT_ZOMBIE:
		return 'Z';
	default:
		return 'X';
	}
}

static const char *task_state_name(const struct task_struct *t)
{
	if (t->stopped && t->state <= TASK_INTERRUPTIBLE)
		return "T (stopped)";	/* SIGSTOP...: until SIGCONT */
	switch (t->state) {
	case TASK_RUNNING:
		return "R (running)";
	case TASK_INTERRUPTIBLE:
		return "S (sleeping)";
	case EXIT_ZOMBIE:
		return "Z (zombie)";
	default:
		return "X (dead)";
	}
}

/* ------------------------------------------------------------- maps */

static int is_heap(const struct vm_area_struct *v, const struct mm_struct *mm)
{
	return v->vm_start <= mm->brk && v->vm_end >= mm->start_brk &&
	       mm->start_brk;
}

static int is_stack(const struct vm_area_struct *v,
		    const struct mm_struct *mm)
{
	return v->vm_start <= mm->start_stack &&
	       v->vm_end >= mm->start_stack;
}

static void show_map_vma(struct seq_file *m, struct vm_area_struct *vma,
			 char *buf)
{
	struct mm_struct *mm = vma->vm_mm;
	struct file *file = vma_file(vma);
	const char *name = NULL;
	unsigned long ino = 0;
	uint64_t pgoff = 0;
	kdev_t dev = 0;
	size_t start = m->count;
	int len;

	if (file) {
		struct inode *inode = file->f_dentry->d_inode;
		struct path root;

		dev = inode->i_sb->s_dev;
		ino = inode->i_ino;
		pgoff = (uint64_t)vma->vm_pgoff << PAGE_SHIFT;
		get_vfs_root(&root);
		name = d_path(&file->f_path, &root, buf, PATH_MAX);
		path_put(&root);
		if (IS_ERR(name))
			name = NULL;
	} else if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		pgoff = (uint64_t)vma->vm_pgoff << PAGE_SHIFT;
	} else if (is_heap(vma, mm)) {
		name = "[heap]";
	} else if (is_stack(vma, mm)) {
		name = "[stack]";
	}
	seq_printf(m, "%08x-%08x %c%c%c%c %08llx %02x:%02x %lu ",
		   vma->vm_start, vma->vm_end,
		   vma->vm_flags & VM_READ ? 'r' : '-',
		   vma->vm_flags & VM_WRITE ? 'w' : '-',
		   vma->vm_flags & VM_EXEC ? 'x' : '-',
		   vma->vm_flags & VM_MAYSHARE ? 's' : 'p',
		   (unsigned long long)pgoff, MAJOR(dev), MINOR(dev), ino);
	if (name) {
		len = 25 + 4 * 6 - (int)(m->count - start);
		seq_printf(m, "%*c%s", len < 1 ? 1 : len, ' ', name);
	}
	seq_putc(m, '\n');
}

void proc_pid_maps_show(struct seq_file *m, struct task_struct *task)
{
	struct vm_area_struct *vma;
	char *buf;

	if (!task->mm)
		return;
	buf = malloc(PATH_MAX);
	if (!buf)
		return;
	for (vma = task->mm->mmap; vma; vma = vma->vm_next)
		show_map_vma(m, vma, buf);
	free(buf);
}

/* ----------------------------------------------------------- status */

/* Swap entries in mm's page tables (VmSwap). */
static unsigned long count_swap_ptes(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long n = 0;

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		uint64_t va;

		for (va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
			pte_t *pte = pte_offset(mm->pgd, (uint32_t)va);

			if (!pte) {
				va = (va | (PGDIR_SIZE - 1)) + 1 - PAGE_SIZE;
				continue;
			}
			n += is_swap_pte(*pte) != 0;
		}
	}
	return n;
}

static unsigned long text_kb(const struct mm_struct *mm)
{
	if (mm->end_code < mm->start_code)
		return 0;
	return (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> 10;
}

static void task_mem(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long total_rss = (unsigned long)(mm->anon_rss + mm->file_rss);
	unsigned long hiwater_vm = mm->total_vm, hiwater_rss = total_rss;
	unsigned long data, text = text_kb(mm), lib, k = PAGE_SHIFT - 10;

	if (hiwater_vm < mm->hiwater_vm)
		hiwater_vm = mm->hiwater_vm;
	if (hiwater_rss < mm->hiwater_rss)
		hiwater_rss = mm->hiwater_rss;
	data = mm->total_vm - mm->shared_vm - mm->stack_vm;
	lib = (mm->exec_vm << k) > text ? (mm->exec_vm << k) - text : 0;
	seq_printf(m, "VmPeak:\t%8lu kB\n", hiwater_vm << k);
	seq_printf(m, "VmSize:\t%8lu kB\n", mm->total_vm << k);
	seq_printf(m, "VmLck:\t%8lu kB\n", mm->locked_vm << k);
	seq_printf(m, "VmHWM:\t%8lu kB\n", hiwater_rss << k);
	seq_printf(m, "VmRSS:\t%8lu kB\n", total_rss << k);
	seq_printf(m, "VmData:\t%8lu kB\n", data << k);
	seq_printf(m, "VmStk:\t%8lu kB\n", mm->stack_vm << k);
	seq_printf(m, "VmExe:\t%8lu kB\n", text);
	seq_printf(m, "VmLib:\t%8lu kB\n", lib);
	seq_printf(m, "VmPTE:\t%8lu kB\n",
		   (PTRS_PER_PTE * sizeof(pte_t) * pgd_nr_ptes(mm->pgd)) >> 10);
	seq_printf(m, "VmSwap:\t%8lu kB\n", count_swap_ptes(mm) << k);
}

static void sig_masks(const struct task_struct *t, uint64_t *ign,
		      uint64_t *cgt)
{
	int i;

	*ign = *cgt = 0;
	for (i = 0; i < LINUX_NSIG; i++) {
		if (t->sigaction[i].handler == SIG_IGN_HANDLER)
			*ign |= 1ull << i;
		else if (t->sigaction[i].handler > SIG_IGN_HANDLER)
			*cgt |= 1ull << i;
	}
}

void proc_pid_status_show(struct seq_file *m, struct task_struct *task)
{
	uint64_t ign, cgt;
	const char *caps = task->euid ? "0000000000000000"
				      : "0000003fffffffff";

	seq_printf(m, "Name:\t%s\n", task->comm);
	seq_printf(m, "State:\t%s\n", task_state_name(task));
	seq_printf(m, "Tgid:\t%d\n", task->tgid);
	seq_printf(m, "Pid:\t%d\n", task->pid);
	seq_printf(m, "PPid:\t%d\n", task->ppid);
	seq_printf(m, "TracerPid:\t0\n");
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", task->uid, task->euid,
		   task->euid, task->euid);
	seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", task->gid, task->egid,
		   task->egid, task->egid);
	seq_printf(m, "Groups:\t\n");
	if (task->mm)
		task_mem(m, task->mm);
	seq_printf(m, "Threads:\t1\n");
	seq_printf(m, "SigQ:\t0/%llu\n",
		   (unsigned long long)task->rlim[RLIMIT_SIGPENDING].rlim_cur);
	sig_masks(task, &ign, &cgt);
	seq_printf(m, "SigPnd:\t%016llx\n",
		   (unsigned long long)task->pending);
	seq_printf(m, "ShdPnd:\t%016llx\n", 0ull);
	seq_printf(m, "SigBlk:\t%016llx\n", (unsigned long long)task->blocked);
	seq_printf(m, "SigIgn:\t%016llx\n", (unsigned long long)ign);
	seq_printf(m, "SigCgt:\t%016llx\n", (unsigned long long)cgt);
	seq_printf(m, "CapInh:\t0000000000000000\n");
	seq_printf(m, "CapPrm:\t%s\n", caps);
	seq_printf(m, "CapEff:\t%s\n", caps);
	seq_printf(m, "CapBnd:\t0000003fffffffff\n");
	seq_printf(m, "Cpus_allowed:\t1\n");
	seq_printf(m, "Cpus_allowed_list:\t0\n");
	seq_printf(m, "Mems_allowed:\t1\n");
	seq_printf(m, "Mems_allowed_list:\t0\n");
	seq_printf(m, "voluntary_ctxt_switches:\t0\n");
	seq_printf(m, "nonvoluntary_ctxt_switches:\t0\n");
}

/* ------------------------------------------------------- stat, statm */

void proc_pid_stat_show(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long minflt = mm ? mm->min_flt : task->min_flt;
	unsigned long majflt = mm ? mm->maj_flt : task->maj_flt;
	unsigned long vsize = mm ? mm->total_vm << PAGE_SHIFT : 0;
	long rss = mm ? mm->anon_rss + mm->file_rss : 0;
	uint64_t ign, cgt;

	sig_masks(task, &ign, &cgt);
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu ",
		   task->pid, task->comm, task_state_char(task), task->ppid,
		   task->pgrp ? task->pgrp : task->tgid,
		   task->session ? task->session : task->tgid, 0, -1, 0u,
		   minflt, task->cmin_flt, majflt, task->cmaj_flt);
	seq_printf(m, "%llu %llu %ld %ld %ld %ld %d %ld %llu %lu %ld %llu ",
		   (unsigned long long)(task->utime_blocks /
					PROC_BLOCKS_PER_TICK),
		   0ull, 0l, 0l, 20l, 0l, 1, 0l, 0ull, vsize, rss,
		   (unsigned long long)task->rlim[RLIMIT_RSS].rlim_cur);
	seq_printf(m, "%u %u %u %u %u %lu %lu %lu %lu %lu %lu %lu ",
		   mm ? mm->start_code : 0, mm ? mm->end_code : 0,
		   mm ? mm->start_stack : 0, 0u, 0u, 0ul,
		   (unsigned long)(task->blocked & 0xffffffffu),
		   (unsigned long)(ign & 0xffffffffu),
		   (unsigned long)(cgt & 0xffffffffu), 0ul, 0ul, 0ul);
	seq_printf(m, "%d %d %u %u %llu %lu %ld ", SIGCHLD, 0, 0u, 0u, 0ull,
		   0ul, 0l);
	seq_printf(m, "%u %u %u %u %u %u %u %d\n",
		   mm ? mm->start_data : 0, mm ? mm->end_data : 0,
		   mm ? mm->start_brk : 0, mm ? mm->arg_start : 0,
		   mm ? mm->arg_end : 0, mm ? mm->env_start : 0,
		   mm ? mm->env_end : 0, task->exit_code);
}

void proc_pid_statm_show(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long size, resident, shared, text, data;

	if (!mm) {
		seq_printf(m, "0 0 0 0 0 0 0\n");
		return;
	}
	size = mm->total_vm;
	shared = (unsigned long)mm->file_rss;
	resident = shared + (unsigned long)mm->anon_rss;
	text = text_kb(mm) >> (PAGE_SHIFT - 10);
	data = mm->total_vm - mm->shared_vm;
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", size, resident, shared,
		   text, data);
}

/* ----------------------------------------------------------- cmdline */

void proc_pid_cmdline_show(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	char buf[512];
	uint32_t addr, end;

	if (!mm || mm->arg_end <= mm->arg_start)
		return;
	end = mm->arg_end;
	if (end - mm->arg_start > MAX_ARG_STRINGS_BYTES)
		end = mm->arg_start + MAX_ARG_STRINGS_BYTES;
	for (addr = mm->arg_start; addr < end; ) {
		uint32_t want = end - addr < sizeof(buf) ? end - addr
							 : sizeof(buf);
		int got = access_process_vm(mm, addr, buf, want, 0), i;

		for (i = 0; i < got; i++)
			seq_putc(m, buf[i]);
		if (got < (int)want)
			break;
		addr += want;
	}
}
