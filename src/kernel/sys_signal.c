/*
 * sys_signal.c - rt_sigaction, rt_sigprocmask and sigaltstack. Nothing
 * is delivered yet (issue 5): the calls record the dispositions, the
 * mask and the alternate stack in the task with Linux's checks, so a
 * program that installs handlers at startup runs on, and delivery will
 * find everything where Linux keeps it.
 */
#include <errno.h>
#include <string.h>

#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define SIGKILL		9
#define SIGSTOP		19
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1u << 31)
#define MINSIGSTKSZ	2048
#define SIGSET_SIZE	8

#define sigmask(sig)	(1ull << ((sig) - 1))
#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))

/* The i386 rt_sigaction struct: handler, flags, restorer, mask. */
struct rt_sigaction_i386 {
	uint32_t handler, flags, restorer;
	uint32_t mask[2];
};

struct stack_t_i386 {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};

SYSCALL_DEFINE4(rt_sigaction, int, sig, uint32_t, uact, uint32_t, uoact,
		uint32_t, sigsetsize)
{
	struct rt_sigaction_i386 act, oact;
	struct k_sigaction *k;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (sig < 1 || sig > LINUX_NSIG)
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	k = &current->sigaction[sig - 1];
	oact.handler = k->handler;
	oact.flags = k->flags;
	oact.restorer = k->restorer;
	oact.mask[0] = (uint32_t)k->mask;
	oact.mask[1] = (uint32_t)(k->mask >> 32);
	if (uact) {
		k->handler = act.handler;
		k->flags = act.flags;
		k->restorer = act.restorer;
		k->mask = (((uint64_t)act.mask[1] << 32) | act.mask[0]) &
			  ~UNBLOCKABLE;
	}
	if (uoact && copy_to_user(uoact, &oact, sizeof(oact)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uint32_t, uset, uint32_t, uoset,
		uint32_t, sigsetsize)
{
	uint64_t old = current->blocked, set;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		set &= ~UNBLOCKABLE;
		switch (how) {
		case SIG_BLOCK:
			current->blocked |= set;
			break;
		case SIG_UNBLOCK:
			current->blocked &= ~set;
			break;
		case SIG_SETMASK:
			current->blocked = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* Linux's do_sigaltstack, without delivery there is never "on stack". */
SYSCALL_DEFINE2(sigaltstack, uint32_t, uss, uint32_t, uoss)
{
	struct stack_t_i386 ss, oss;
	uint32_t mode;

	oss.ss_sp = current->sas_ss_sp;
	oss.ss_size = current->sas_ss_size;
	oss.ss_flags = current->sas_ss_size ? current->sas_ss_flags :
			SS_DISABLE;
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		mode = (uint32_t)ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			ss.ss_size = 0;
			ss.ss_sp = 0;
		} else if (ss.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		current->sas_ss_sp = ss.ss_sp;
		current->sas_ss_size = ss.ss_size;
		current->sas_ss_flags = (int)((uint32_t)ss.ss_flags &
					      SS_AUTODISARM);
	}
	if (uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return 0;
}
