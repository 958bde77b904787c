/*
 * oom_kill.c - the OOM killer, as Linux 2.6's mm/oom_kill.c: when direct
 * reclaim freed nothing for a __GFP_FS request, alloc_pages calls
 * out_of_memory (reclaim_ops, set by the run loop while processes
 * exist). It picks the process whose death frees the most memory for the
 * least work lost (badness), sends it SIGKILL and, since the victim is
 * not on the CPU (we are inside the allocating task's fault), releases
 * its memory at once as Linux's OOM reaper does: every VMA zapped, its
 * pages and swap entries freed. The VMAs and page tables stay for the
 * victim's own exit (exit_mmap), which then finds nothing left to free.
 *
 * badness (Linux 2.6): the task's total_vm, plus half (+1 page) of each
 * child's that has its own mm (a forking server is charged for what its
 * children hold); divided by int_sqrt of its CPU time (utime_blocks /
 * OOM_CPU_SCALE virtual ticks) so long-working tasks are spared; divided
 * by 4 for uid 0 (the guests run as root, so this scales all alike).
 * Linux also divides by int_sqrt(int_sqrt(run time)) and doubles for
 * nice > 0: task_struct records neither a start time nor a nice value
 * yet, so those two factors are left out. Never pid 1 (nor a task
 * sharing its mm), never a task already exiting (zombie, or SIGKILL
 * pending). Ties go to the lowest pid: the first found in the process
 * table's pid order, as Linux's select_bad_process keeps the first.
 * An allocation of an exiting current kills nobody: it simply fails.
 */
#include <stdio.h>

#include "ksignal.h"
#include "mm.h"
#include "oom.h"
#include "sched.h"
#include "vmstat.h"

/* Linux's lib/int_sqrt.c: floor(sqrt(x)), bit by bit. */
unsigned long int_sqrt(unsigned long x)
{
	unsigned long op = x, res = 0, one;

	one = 1ul << (sizeof(unsigned long) * 8 - 2);
	while (one > op)
		one >>= 2;
	while (one) {
		if (op >= res + one) {
			op -= res + one;
			res += one << 1;
		}
		res >>= 1;
		one >>= 2;
	}
	return res;
}

static int task_exiting(const struct task_struct *p)
{
	return p->state == EXIT_ZOMBIE || p->state == EXIT_DEAD ||
	       !p->mm || (p->pending & ksigmask(LSIGKILL));
}

unsigned long badness(struct task_struct *p)
{
	struct task_struct *child;
	unsigned long points, cpu_time;

	if (task_exiting(p))
		return 0;
	points = p->mm->total_vm;
	list_for_each_entry(child, &p->children, sibling)
		if (child->mm && child->mm != p->mm)
			points += child->mm->total_vm / 2 + 1;
	cpu_time = (unsigned long)(p->utime_blocks / OOM_CPU_SCALE);
	if (cpu_time)
		points /= int_sqrt(cpu_time);
	if (p->uid == 0 || p->euid == 0)
		points /= 4;
	return points;
}

static struct mm_struct *init_mm_of(void)
{
	struct task_struct *init = find_task_by_pid(1);

	return init ? init->mm : NULL;
}

/*
 * Killing a task that shares current's mm would free current's own
 * memory under its fault; killing one that shares init's would kill init.
 */
static int oom_unkillable(struct task_struct *p, struct mm_struct *init_mm)
{
	if (p->pid == 1 || task_exiting(p))
		return 1;
	if (init_mm && p->mm == init_mm)
		return 1;
	return p != current && current && p->mm == current->mm;
}

struct task_struct *select_bad_process(unsigned long *ppoints)
{
	struct mm_struct *init_mm = init_mm_of();
	struct task_struct *p, *chosen = NULL;
	unsigned long points;

	*ppoints = 0;
	list_for_each_entry(p, &task_list, tasks) {
		if (oom_unkillable(p, init_mm))
			continue;
		points = badness(p);
		if (!chosen || points > *ppoints) {
			chosen = p;
			*ppoints = points;
		}
	}
	return chosen;
}

/* The OOM reaper's job: every page and swap entry of mm, freed now. */
static void oom_reap_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		zap_page_range(vma, vma->vm_start, vma->vm_end);
}

/* SIGKILL to p and every task sharing its mm (threads, vfork). */
static void oom_kill_process(struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	struct task_struct *t;

	count_vm_event(oom_kill);
	fprintf(stderr, "i386mm: Out of memory: Killed process %d (%s)\n",
		p->pid, p->comm);
	list_for_each_entry(t, &task_list, tasks)
		if (t->mm == mm && !task_exiting(t))
			force_sig(LSIGKILL, t);
	if (p != current)
		oom_reap_mm(mm);
}

int out_of_memory(struct zonelist *zl, gfp_t gfp, unsigned int order)
{
	struct task_struct *p;
	unsigned long points;

	(void)zl;
	(void)gfp;
	(void)order;
	/*
	 * A dying current (its teardown's clear_child_tid, say) may fail:
	 * it is about to free all it has, so nobody else must die for it
	 * (Linux 2.6 picks the exiting current and kills no other).
	 */
	if (current && task_exiting(current))
		return 0;
	p = select_bad_process(&points);
	if (!p)
		return 0;
	oom_kill_process(p);
	/* current dies on its way out of the failed allocation */
	return p != current;
}
