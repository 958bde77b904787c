/*
 * sys_swap.c - swapon(2) and swapoff(2) for the guest, as Linux 2.6's
 * sys_swapon / sys_swapoff: the path is looked up in the guest's tree,
 * must be a regular file on the host-backed root (Linux refuses files
 * without blocks, as tmpfs's, with EINVAL) opened for writing (EROFS
 * without --root-rw), and is handed to do_swapon / do_swapoff by its
 * host name. SWAP_FLAG_PREFER gives the priority, else the next
 * automatic one. Only root may call them (EPERM), as CAP_SYS_ADMIN.
 *
 * Unlike Linux, nothing stops the guest writing to an active swap file
 * through the VFS (S_SWAPFILE): such writes corrupt what it swapped.
 */
#include <errno.h>
#include <limits.h>

#include "fs.h"
#include "sched.h"
#include "swap.h"
#include "swap_boot.h"
#include "syscalls.h"

static long swap_path(uint32_t upath, char *host)
{
	char name[PATH_MAX];
	struct path path;
	long err;

	if (current->euid != 0)
		return -EPERM;
	err = getname(upath, name, 0);
	if (err < 0)
		return err;
	err = kern_path(current->fs, NULL, name, LOOKUP_FOLLOW, &path);
	if (err)
		return err;
	err = hostfs_host_path(&path, 1, host);
	path_put(&path);
	return err;
}

long sys_swapon(const struct pt_regs *regs)
{
	uint32_t flags = syscall_arg(regs, 1);
	char host[PATH_MAX], why[256];
	int prio = -1;
	long err;

	err = swap_path(syscall_arg(regs, 0), host);
	if (err)
		return err;
	if (flags & SWAP_FLAG_PREFER)
		prio = flags & SWAP_FLAG_PRIO_MASK;
	err = do_swapon(host, prio, why, sizeof(why));
	return err < 0 ? err : 0;
}

long sys_swapoff(const struct pt_regs *regs)
{
	char host[PATH_MAX];
	long err;
	int type;

	err = swap_path(syscall_arg(regs, 0), host);
	if (err)
		return err;
	type = find_swap_area(host);
	if (type < 0)
		return -EINVAL;
	return do_swapoff((unsigned int)type);
}
