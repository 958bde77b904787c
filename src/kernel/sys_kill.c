/*
 * sys_kill.c - kill, tkill and tgkill over the process table: a pid, a
 * process group (0: the caller's, < -1: -pid's) or everyone the caller
 * may signal (-1: all but pid 1 and the caller, as Linux's kill(-1):
 * alone, nobody, -ESRCH). Each
 * target gets send_sig_info with SI_USER (SI_TKILL for the thread
 * calls) naming the caller; the target acts on it when it next returns
 * to user mode, and a sleeping target is woken for it (sched.c). The
 * caller is found even when it is not in the table (the unit tests'
 * lone task).
 *
 * The first process is the init of the guest's PID namespace: as Linux's
 * SIGNAL_UNKILLABLE (sig_task_ignored), a signal another guest process
 * sends it is dropped unless it has a handler for it, SIGKILL and
 * SIGSTOP included; kill still returns 0. Nothing outside the guest
 * (Linux's parent namespace) sends any. Its own signals reach it as any
 * process's do, so abort() and raise() in the first program act as in
 * an ordinary one.
 */
#include <errno.h>
#include <string.h>

#include "ksignal.h"
#include "syscalls.h"

#define SI_TKILL	(-6)

static int init_ignores(const struct task_struct *t, int sig)
{
	return t->tgid == 1 && current && current->tgid != 1 && sig > 0 &&
	       t->sigaction[sig - 1].handler == LSIG_DFL;
}

static int sig_send(struct task_struct *t, int sig, int code)
{
	struct ksiginfo info;

	if (init_ignores(t, sig))
		return 0;
	memset(&info, 0, sizeof(info));
	info.code = code;
	info.pid = current->tgid;
	info.uid = current->uid;
	return send_sig_info(sig, &info, t);
}

static struct task_struct *find_task(int pid)
{
	if (current && current->pid == pid)
		return current;
	return find_task_by_pid(pid);
}

static int kill_match(const struct task_struct *t, int pid)
{
	if (pid == 0)
		return t->pgrp == current->pgrp;
	if (pid == -1)
		return t->pid != 1 && t != current;
	return t->pgrp == -pid;
}

/* Every task the selector names, the caller last; -ESRCH if none. */
static long kill_group(int pid, int sig)
{
	struct task_struct *t;
	int found = 0;

	list_for_each_entry(t, &task_list, tasks) {
		if (t == current || !kill_match(t, pid) ||
		    t->state == EXIT_ZOMBIE)
			continue;
		found = 1;
		sig_send(t, sig, LSI_USER);
	}
	if (pid != -1 && kill_match(current, pid)) {
		found = 1;
		sig_send(current, sig, LSI_USER);
	}
	return found ? 0 : -ESRCH;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct task_struct *t;

	if (sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	if (pid > 0) {
		t = find_task(pid);
		return t ? sig_send(t, sig, LSI_USER) : -ESRCH;
	}
	if (pid == INT32_MIN)
		return -ESRCH;
	return kill_group(pid, sig);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	struct task_struct *t;

	if (tid <= 0 || sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	t = find_task(tid);
	return t ? sig_send(t, sig, SI_TKILL) : -ESRCH;
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	struct task_struct *t;

	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	t = find_task(tid);
	if (!t || t->tgid != tgid)
		return -ESRCH;
	return sig_send(t, sig, SI_TKILL);
}
