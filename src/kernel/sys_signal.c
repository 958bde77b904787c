/*
 * sys_signal.c - the signal system calls of Linux i386: dispositions
 * (rt_sigaction, the old sigaction and signal), the mask
 * (rt_sigprocmask, sigprocmask), rt_sigpending, the waits for a signal
 * (rt_sigsuspend, pause) and sigaltstack. Delivery is signal.c's, the
 * frames and sigreturn signal_frame.c's.
 */
#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "kern_fs.h"
#include "signal_internal.h"
#include "syscalls.h"
#include "uaccess.h"

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define SS_AUTODISARM	(1u << 31)
#define MINSIGSTKSZ	2048
#define SIGSET_SIZE	8

/* The i386 rt_sigaction struct: handler, flags, restorer, mask. */
struct rt_sigaction_i386 {
	uint32_t handler, flags, restorer;
	uint32_t mask[2];
};

/* The old one (sigaction, 67): handler, one word of mask, flags... */
struct old_sigaction_i386 {
	uint32_t handler, mask, flags, restorer;
};

/*
 * Linux's do_sigaction: a new SIG_IGN (or SIG_DFL of a signal whose
 * default is to ignore) discards what is pending of that signal.
 */
static int do_sigaction(int sig, const struct k_sigaction *act,
			struct k_sigaction *oact)
{
	struct k_sigaction *k;

	if (sig < 1 || sig > LINUX_NSIG)
		return -EINVAL;
	if (act && (sig == LSIGKILL || sig == LSIGSTOP))
		return -EINVAL;
	k = &current->sigaction[sig - 1];
	if (oact)
		*oact = *k;
	if (act) {
		*k = *act;
		k->mask &= ~SIG_UNBLOCKABLE;
		if (k->handler == LSIG_IGN ||
		    (k->handler == LSIG_DFL && sig_default_ignored(sig)))
			current->pending &= ~ksigmask(sig);
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, uint32_t, uact, uint32_t, uoact,
		uint32_t, sigsetsize)
{
	struct rt_sigaction_i386 act, oact;
	struct k_sigaction knew, kold;
	int ret;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (uact) {
		if (copy_from_user(&act, uact, sizeof(act)))
			return -EFAULT;
		knew.handler = act.handler;
		knew.flags = act.flags;
		knew.restorer = act.restorer;
		knew.mask = ((uint64_t)act.mask[1] << 32) | act.mask[0];
	}
	ret = do_sigaction(sig, uact ? &knew : NULL, &kold);
	if (ret)
		return ret;
	if (uoact) {
		oact.handler = kold.handler;
		oact.flags = kold.flags;
		oact.restorer = kold.restorer;
		oact.mask[0] = (uint32_t)kold.mask;
		oact.mask[1] = (uint32_t)(kold.mask >> 32);
		if (copy_to_user(uoact, &oact, sizeof(oact)))
			return -EFAULT;
	}
	return 0;
}

/* The old sigaction: only the first 32 signals in its mask. */
SYSCALL_DEFINE3(sigaction, int, sig, uint32_t, uact, uint32_t, uoact)
{
	struct old_sigaction_i386 act, oact;
	struct k_sigaction knew, kold;
	int ret;

	if (uact) {
		if (copy_from_user(&act, uact, sizeof(act)))
			return -EFAULT;
		knew.handler = act.handler;
		knew.flags = act.flags;
		knew.restorer = act.restorer;
		knew.mask = act.mask;
	}
	ret = do_sigaction(sig, uact ? &knew : NULL, &kold);
	if (ret)
		return ret;
	if (uoact) {
		oact.handler = kold.handler;
		oact.mask = (uint32_t)kold.mask;
		oact.flags = kold.flags;
		oact.restorer = kold.restorer;
		if (copy_to_user(uoact, &oact, sizeof(oact)))
			return -EFAULT;
	}
	return 0;
}

/* signal(2) as Linux's sys_signal: SA_ONESHOT | SA_NOMASK. */
SYSCALL_DEFINE2(signal, int, sig, uint32_t, handler)
{
	struct k_sigaction knew, kold;
	int ret;

	memset(&knew, 0, sizeof(knew));
	knew.handler = handler;
	knew.flags = LSA_RESETHAND | LSA_NODEFER;
	ret = do_sigaction(sig, &knew, &kold);
	return ret ? ret : (long)kold.handler;
}

static int sigprocmask(int how, uint64_t set)
{
	set &= ~SIG_UNBLOCKABLE;
	switch (how) {
	case SIG_BLOCK:
		current->blocked |= set;
		return 0;
	case SIG_UNBLOCK:
		current->blocked &= ~set;
		return 0;
	case SIG_SETMASK:
		current->blocked = set;
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uint32_t, uset, uint32_t, uoset,
		uint32_t, sigsetsize)
{
	uint64_t old = current->blocked, set;
	int ret;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		ret = sigprocmask(how, set);
		if (ret)
			return ret;
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The old call: one word, the first 32 signals; the rest untouched. */
SYSCALL_DEFINE3(sigprocmask, int, how, uint32_t, uset, uint32_t, uoset)
{
	uint32_t old = (uint32_t)current->blocked, set;
	uint64_t high = current->blocked & ~0xffffffffull;
	int ret;

	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		if (how == SIG_SETMASK)
			ret = sigprocmask(how, high | set);
		else
			ret = sigprocmask(how, set);
		if (ret)
			return ret;
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* Pending and blocked: what would be delivered once unblocked. */
SYSCALL_DEFINE2(rt_sigpending, uint32_t, uset, uint32_t, sigsetsize)
{
	uint64_t set = current->pending & current->blocked;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	return copy_to_user(uset, &set, sizeof(set)) ? -EFAULT : 0;
}

/*
 * Sleep until a signal comes. While nothing is deliverable the task
 * waits for its alarm if one is armed, else for another process
 * (wait_for_other_process: with one process nothing can come, and the
 * entry ends it as a deadlock); once a signal
 * is deliverable -ERESTARTNOHAND returns -EINTR after its handler, and
 * do_signal puts the saved mask back.
 */
static long sigsuspend_wait(void)
{
	if (!signal_pending(current) && !signal_wait_alarm(current))
		return wait_for_other_process("waiting for a signal no "
					      "other process can send");
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE2(rt_sigsuspend, uint32_t, uset, uint32_t, sigsetsize)
{
	uint64_t set;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = 1;
	current->blocked = set & ~SIG_UNBLOCKABLE;
	return sigsuspend_wait();
}

SYSCALL_DEFINE0(pause)
{
	return sigsuspend_wait();
}

int do_sigaltstack(uint32_t uss, uint32_t uoss, uint32_t sp)
{
	struct stack_t_i386 ss, oss;
	uint32_t mode;

	oss.ss_sp = current->sas_ss_sp;
	oss.ss_size = current->sas_ss_size;
	oss.ss_flags = sas_ss_flags(sp) |
		       (current->sas_ss_size ? current->sas_ss_flags : 0);
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_sig_stack(sp))
			return -EPERM;
		mode = (uint32_t)ss.ss_flags & ~SS_AUTODISARM;
		if (mode != LSS_DISABLE && mode != LSS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == LSS_DISABLE) {
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

SYSCALL_DEFINE2(sigaltstack, uint32_t, uss, uint32_t, uoss)
{
	return do_sigaltstack(uss, uoss, cpu_get_reg(CPU_ESP));
}
