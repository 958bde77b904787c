/*
 * sys_kill.c - kill, tkill and tgkill while the first process is the
 * only one: a signal to itself (its pid, 0 or minus its pid for its
 * process group) is sent with send_sig_info as SI_USER (SI_TKILL for the
 * thread calls) from the caller; any other pid is -ESRCH, -1 too
 * ("everyone but me" is nobody). The process code replaces the lookup
 * when there are other processes.
 */
#include <errno.h>
#include <string.h>

#include "ksignal.h"
#include "syscalls.h"

#define SI_TKILL	(-6)

static long kill_self(int sig, int code)
{
	struct ksiginfo info;

	if (sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.code = code;
	info.pid = current->tgid;
	info.uid = current->uid;
	return send_sig_info(sig, &info, current);
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	if (pid != current->tgid && pid != 0 && pid != -current->tgid)
		return -ESRCH;
	return kill_self(sig, LSI_USER);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	if (tid != current->pid)
		return -ESRCH;
	return kill_self(sig, SI_TKILL);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != current->tgid || tid != current->pid)
		return -ESRCH;
	return kill_self(sig, SI_TKILL);
}
