/*
 * exit.c - the end of a process (Linux's kernel/exit.c) and the calls
 * that observe it: exit and exit_group, the teardown (do_exit: the mm,
 * the files, the cwd; children reparented to process 1; SIGCHLD to the
 * parent with the child's siginfo), the zombie that keeps the wait
 * status until wait4, waitpid or waitid reaps it (release_task), and
 * the process groups and sessions. Signals themselves are signal.c's;
 * zap_task is SIGKILL for a task that will never run again.
 *
 * exit only marks the task a zombie; the teardown happens in the run
 * loop once the CPU has stopped, so the address space never goes while
 * the CPU is inside one of its instructions.
 *
 * Wait statuses are Linux's: exit code << 8, or the signal number (with
 * WAIT_COREFLAG for the signals whose default action dumps core).
 */
#include <errno.h>
#include <string.h>

#include "kern_fs.h"
#include "kernel.h"
#include "ksignal.h"
#include "mm.h"
#include "process.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define RUSAGE_SIZE	72	/* i386 struct rusage */
#define RU_MINFLT	32
#define RU_MAJFLT	36
#define SIGINFO_SIZE	128

/* ------------------------------------------------------------- signals */

void zap_task(struct task_struct *t)
{
	if (t->state == EXIT_ZOMBIE || t->state == EXIT_DEAD)
		return;
	t->exit_code = LSIGKILL;
	t->state = EXIT_ZOMBIE;
	t->stopped = 0;
	if (t != current)	/* current ends when the CPU has stopped */
		do_exit(t);
}

/* Linux's do_notify_parent: SIGCHLD with the child's pid and status. */
static void do_notify_parent(struct task_struct *tsk)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.pid = tsk->pid;
	info.uid = tsk->uid;
	if (tsk->exit_code & 0x7f) {
		info.code = tsk->exit_code & WAIT_COREFLAG ? LCLD_DUMPED
							   : LCLD_KILLED;
		info.status = tsk->exit_code & 0x7f;
	} else {
		info.code = LCLD_EXITED;
		info.status = (tsk->exit_code >> 8) & 0xff;
	}
	send_sig_info(LSIGCHLD, &info, tsk->parent);
}

/* --------------------------------------------------------- the exit */

static void exit_mm(struct task_struct *tsk)
{
	uint32_t zero = 0;

	if (!tsk->mm)
		return;
	if (tsk->clear_child_tid)	/* CLONE_CHILD_CLEARTID */
		access_process_vm(tsk->mm, tsk->clear_child_tid, &zero,
				  sizeof(zero), 1);
	tsk->min_flt += tsk->mm->min_flt;
	tsk->maj_flt += tsk->mm->maj_flt;
	mmput(tsk->mm);
	tsk->mm = NULL;
}

/* Orphans go to process 1, as to a PID namespace's init. */
static void forget_original_parent(struct task_struct *tsk)
{
	struct task_struct *reaper = find_task_by_pid(1);
	struct task_struct *p, *n;

	if (reaper == tsk || (reaper && reaper->state == EXIT_ZOMBIE))
		reaper = NULL;
	list_for_each_entry_safe(p, n, &tsk->children, sibling) {
		list_del_init(&p->sibling);
		p->parent = reaper;
		p->ppid = reaper ? reaper->pid : 0;
		if (reaper)
			list_add_tail(&p->sibling, &reaper->children);
	}
}

void do_exit(struct task_struct *tsk)
{
	exit_mm(tsk);
	sys_task_exit(tsk);
	tsk->state = EXIT_ZOMBIE;
	tsk->wait_reason = NULL;
	forget_original_parent(tsk);
	if (tsk->parent)
		do_notify_parent(tsk);
	sched_progress++;
}

void release_task(struct task_struct *p)
{
	if (p->parent) {
		p->parent->cmin_flt += p->min_flt + p->cmin_flt;
		p->parent->cmaj_flt += p->maj_flt + p->cmaj_flt;
	}
	list_del_init(&p->sibling);
	detach_pid(p);
	free_task(p);
}

static long exit_current(int status)
{
	current->exit_code = (status & 0xff) << 8;
	current->state = EXIT_ZOMBIE;
	return 0;
}

SYSCALL_DEFINE1(exit, int, status)
{
	return exit_current(status);
}

/* One thread per process: the group is the task. */
SYSCALL_DEFINE1(exit_group, int, status)
{
	return exit_current(status);
}

/* ---------------------------------------------------------------- wait */

static int wait_match(const struct task_struct *p, int pid)
{
	if (pid > 0)
		return p->pid == pid;
	if (pid == 0)
		return p->pgrp == current->pgrp;
	if (pid < -1)
		return p->pgrp == -pid;
	return 1;
}

static int put_rusage(const struct task_struct *p, uint32_t uru)
{
	unsigned char ru[RUSAGE_SIZE];
	uint32_t min = (uint32_t)(p->min_flt + p->cmin_flt);
	uint32_t maj = (uint32_t)(p->maj_flt + p->cmaj_flt);

	if (!uru)
		return 0;
	memset(ru, 0, sizeof(ru));
	memcpy(ru + RU_MINFLT, &min, sizeof(min));
	memcpy(ru + RU_MAJFLT, &maj, sizeof(maj));
	return copy_to_user(uru, ru, sizeof(ru)) ? -EFAULT : 0;
}

static int put_siginfo(const struct task_struct *p, uint32_t uinfo)
{
	int32_t si[SIGINFO_SIZE / 4];

	if (!uinfo)
		return 0;
	memset(si, 0, sizeof(si));
	if (p) {
		si[0] = LSIGCHLD;
		si[2] = !(p->exit_code & 0x7f) ? LCLD_EXITED :
			p->exit_code & WAIT_COREFLAG ? LCLD_DUMPED
						     : LCLD_KILLED;
		si[3] = p->pid;
		si[4] = (int32_t)p->uid;
		si[5] = p->exit_code & 0x7f ? p->exit_code & 0x7f
					    : (p->exit_code >> 8) & 0xff;
	}
	return copy_to_user(uinfo, si, sizeof(si)) ? -EFAULT : 0;
}

/* The zombie p's status to the caller; reaped unless WNOWAIT. */
static long wait_task_zombie(struct task_struct *p, uint32_t options,
			     uint32_t ustatus, uint32_t uinfo, uint32_t uru)
{
	int pid = p->pid;

	if (ustatus && put_user_u32((uint32_t)p->exit_code, ustatus))
		return -EFAULT;
	if (put_rusage(p, uru) || put_siginfo(p, uinfo))
		return -EFAULT;
	if (!(options & WNOWAIT))
		release_task(p);
	return pid;
}

static long do_wait(int pid, uint32_t options, uint32_t ustatus,
		    uint32_t uinfo, uint32_t uru)
{
	struct task_struct *p;
	int found = 0;

	list_for_each_entry(p, &current->children, sibling) {
		if (!wait_match(p, pid))
			continue;
		found = 1;
		if (p->state == EXIT_ZOMBIE && !p->mm)
			return wait_task_zombie(p, options, ustatus, uinfo,
						uru);
	}
	if (!found)
		return -ECHILD;
	if (options & WNOHANG)
		return uinfo && put_siginfo(NULL, uinfo) ? -EFAULT : 0;
	return wait_for_other_process("wait for a child that no process "
				      "can end");
}

#define WAIT_OPTIONS	(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE)

SYSCALL_DEFINE4(wait4, int, pid, uint32_t, ustatus, uint32_t, options,
		uint32_t, uru)
{
	if (options & ~WAIT_OPTIONS || pid == INT32_MIN)
		return -EINVAL;
	return do_wait(pid, options, ustatus, 0, uru);
}

SYSCALL_DEFINE3(waitpid, int, pid, uint32_t, ustatus, uint32_t, options)
{
	if (options & ~WAIT_OPTIONS || pid == INT32_MIN)
		return -EINVAL;
	return do_wait(pid, options, ustatus, 0, 0);
}

SYSCALL_DEFINE5(waitid, int, which, int, id, uint32_t, uinfo,
		uint32_t, options, uint32_t, uru)
{
	long ret;
	int pid;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED |
			WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		pid = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		pid = id ? -id : 0;
		break;
	default:
		return -EINVAL;
	}
	if (!(options & WEXITED))	/* only stops or continues: none */
		options |= WNOHANG;
	ret = do_wait(pid, options, 0, uinfo, uru);
	return ret > 0 ? 0 : ret;
}

/* ------------------------------------------------ groups and sessions */

static struct task_struct *task_or_current(int pid)
{
	return pid ? find_task_by_pid(pid) : current;
}

static int pgrp_exists(int pgrp, int session)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->pgrp == pgrp && t->session == session &&
		    t->state != EXIT_ZOMBIE)
			return 1;
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct task_struct *p;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	p = task_or_current(pid);
	if (!p || (p != current && p->parent != current))
		return -ESRCH;
	if (p->session != current->session)
		return -EPERM;
	if (!pgid)
		pgid = p->pid;
	if (p->session == p->pid)
		return -EPERM;		/* a session leader stays put */
	if (pgid != p->pid && !pgrp_exists(pgid, current->session))
		return -EPERM;
	p->pgrp = pgid;
	return 0;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct task_struct *p = task_or_current(pid);

	return p ? p->pgrp : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgrp;
}

SYSCALL_DEFINE0(setsid)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->pgrp == current->pid)
			return -EPERM;	/* a group of that id exists */
	if (current->pgrp == current->pid)
		return -EPERM;
	current->session = current->pgrp = current->pid;
	return current->pid;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct task_struct *p = task_or_current(pid);

	return p ? p->session : -ESRCH;
}
