/*
 * sys_process.c - the calls about the process itself: its ids, the
 * thread bookkeeping glibc's startup registers (set_tid_address,
 * set_robust_list), sched_yield and uname. exit and wait are exit.c's.
 */
#include <errno.h>
#include <string.h>

#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define ROBUST_LIST_HEAD_SIZE	12	/* i386 struct robust_list_head */
#define OVERFLOW_UID		65534	/* what 16-bit calls see above 65535 */
#define NEW_UTS_LEN		64

struct new_utsname {
	char sysname[NEW_UTS_LEN + 1];
	char nodename[NEW_UTS_LEN + 1];
	char release[NEW_UTS_LEN + 1];
	char version[NEW_UTS_LEN + 1];
	char machine[NEW_UTS_LEN + 1];
	char domainname[NEW_UTS_LEN + 1];
};

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	return current->parent ? current->parent->tgid : current->ppid;
}

static long high2lowuid(uint32_t id)
{
	return id > 65535 ? OVERFLOW_UID : (long)id;
}

SYSCALL_DEFINE0(getuid16)
{
	return high2lowuid(current->uid);
}

SYSCALL_DEFINE0(getgid16)
{
	return high2lowuid(current->gid);
}

SYSCALL_DEFINE0(geteuid16)
{
	return high2lowuid(current->euid);
}

SYSCALL_DEFINE0(getegid16)
{
	return high2lowuid(current->egid);
}

SYSCALL_DEFINE0(getuid)
{
	return current->uid;
}

SYSCALL_DEFINE0(getgid)
{
	return current->gid;
}

SYSCALL_DEFINE0(geteuid)
{
	return current->euid;
}

SYSCALL_DEFINE0(getegid)
{
	return current->egid;
}

SYSCALL_DEFINE1(set_tid_address, uint32_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

SYSCALL_DEFINE2(set_robust_list, uint32_t, head, uint32_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_len = len;
	return 0;
}

/* The CPU goes to the next runnable task (syscall.c sees the flag). */
SYSCALL_DEFINE0(sched_yield)
{
	need_resched = 1;
	return 0;
}

SYSCALL_DEFINE1(uname, uint32_t, uname)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	strcpy(u.nodename, "i386mm");
	strcpy(u.release, "2.6.24-i386mm");
	strcpy(u.version, "#1 SMP");
	strcpy(u.machine, "i686");
	strcpy(u.domainname, "(none)");
	return copy_to_user(uname, &u, sizeof(u)) ? -EFAULT : 0;
}
