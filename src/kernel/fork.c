/*
 * fork.c - new processes (Linux's kernel/fork.c): copy_process makes a
 * task_struct from the slab, the next free pid, a copy-on-write copy of
 * the address space (dup_mm), the fd table's fork copy, a copy of the
 * root and cwd, the signal dispositions and mask, and the parent's
 * registers with EAX 0. fork, vfork and clone with the flags glibc's
 * fork passes all come here; vfork behaves as fork (its child gets its
 * own copy of the address space, which a vfork child cannot tell).
 * Threads (CLONE_VM, CLONE_THREAD...) are refused with -EINVAL.
 *
 * RLIMIT_NPROC bounds the number of processes (zombies count, as in
 * Linux): beyond it fork returns -EAGAIN and a fork bomb stays small.
 */
#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "fdtable.h"
#include "fs.h"
#include "kernel.h"
#include "ksignal.h"
#include "mm.h"
#include "process.h"
#include "sched.h"
#include "uaccess.h"

/* Everything but these flags needs threads, which we do not have. */
#define CLONE_FORK_FLAGS	(CSIGNAL | CLONE_PARENT_SETTID |	\
				 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)

static void free_child(struct task_struct *p)
{
	if (p->mm)
		mmput(p->mm);
	p->mm = NULL;
	sys_task_exit(p);
	free_task(p);
}

/* The parent's registers as the child sees them: fork returned 0. */
static void copy_thread(struct task_struct *p)
{
	uint32_t eax = cpu_get_reg(CPU_EAX);

	cpu_set_reg(CPU_EAX, 0);
	cpu_context_save(p->ctx);
	cpu_set_reg(CPU_EAX, eax);
}

static struct task_struct *dup_task_struct(struct task_struct *orig)
{
	struct task_struct *p = alloc_task();

	if (!p)
		return NULL;
	memcpy(p, orig, sizeof(*p));
	p->state = TASK_RUNNING;
	p->mm = NULL;
	p->ctx = NULL;
	p->files = NULL;
	p->fs = NULL;
	p->exit_code = 0;
	p->pending = 0;
	p->utime_blocks = 0;
	p->min_flt = p->maj_flt = p->cmin_flt = p->cmaj_flt = 0;
	p->set_child_tid = p->clear_child_tid = 0;
	p->robust_list = p->robust_len = 0;
	p->wait_reason = NULL;
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	signal_fork(p, orig);
	return p;
}

static int copy_resources(struct task_struct *p, struct task_struct *orig)
{
	int err;

	p->ctx = cpu_context_alloc();
	if (!p->ctx)
		return -ENOMEM;
	p->files = dup_fd(orig->files, &err);
	if (!p->files)
		return err;
	p->fs = copy_fs_struct(orig->fs);
	if (!p->fs)
		return -ENOMEM;
	p->mm = dup_mm(orig->mm);
	if (!p->mm)
		return -ENOMEM;
	p->mm->min_flt = p->mm->maj_flt = 0;
	return 0;
}

static long copy_process(uint32_t flags, uint32_t ptid, uint32_t ctid)
{
	struct task_struct *p;
	uint32_t pid;
	int err;

	if ((uint64_t)nr_tasks >= current->rlim[RLIMIT_NPROC].rlim_cur)
		return -EAGAIN;
	p = dup_task_struct(current);
	if (!p)
		return -ENOMEM;
	err = copy_resources(p, current);
	if (!err)
		err = attach_pid(p);
	if (err) {
		free_child(p);
		return err;
	}
	p->parent = current;
	p->ppid = current->tgid;
	list_add_tail(&p->sibling, &current->children);
	pid = (uint32_t)p->pid;
	if (flags & CLONE_CHILD_SETTID) {
		p->set_child_tid = ctid;
		access_process_vm(p->mm, ctid, &pid, sizeof(pid), 1);
	}
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = ctid;
	/* a bad pointer does not undo the fork, as in Linux */
	if (flags & CLONE_PARENT_SETTID)
		(void)put_user_u32(pid, ptid);
	copy_thread(p);
	return p->pid;
}

long do_fork(uint32_t clone_flags, uint32_t parent_tidptr,
	     uint32_t child_tidptr)
{
	if (clone_flags & ~CLONE_FORK_FLAGS)
		return -EINVAL;
	if (!current->mm || !current->files || !current->fs)
		return -EINVAL;
	return copy_process(clone_flags, parent_tidptr, child_tidptr);
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(LSIGCHLD, 0, 0);
}

/* vfork as fork: the parent does not wait for the child's exec. */
SYSCALL_DEFINE0(vfork)
{
	return do_fork(LSIGCHLD, 0, 0);
}

/* i386 order: flags, newsp, parent_tidptr, tls, child_tidptr. */
SYSCALL_DEFINE5(clone, uint32_t, flags, uint32_t, newsp, uint32_t, ptid,
		uint32_t, tls, uint32_t, ctid)
{
	(void)tls;
	if (newsp)
		return -EINVAL;	/* a new stack means a thread */
	return do_fork(flags, ptid, ctid);
}
