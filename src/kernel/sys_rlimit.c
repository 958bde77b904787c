/*
 * sys_rlimit.c - resource limits: getrlimit in its two i386 forms (the
 * old one clamps to 0x7fffffff, ugetrlimit reports ~0 as infinity),
 * setrlimit and prlimit64. RLIMIT_STACK is the one the memory manager
 * obeys (mm->stack_limit: how far the stack may grow); RLIMIT_DATA
 * bounds brk, RLIMIT_NOFILE the fd numbers. A new task's defaults are
 * set by the task allocator (alloc_task).
 */
#include <errno.h>

#include "mm.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define RLIM64_INFINITY		(~0ull)
#define OLD_RLIM_INFINITY	0x7fffffffu

struct rlimit32 { uint32_t rlim_cur, rlim_max; };

/*
 * The task's limits are an i386 kernel's: 32-bit values kept in the
 * rlimit64 fields, RLIM_INFINITY (~0UL) meaning none. prlimit64 widens
 * and narrows them as Linux's rlim_to_rlim64 and rlim64_to_rlim do.
 */
static uint64_t rlim_to_rlim64(uint64_t v)
{
	return v >= RLIM_INFINITY ? RLIM64_INFINITY : v;
}

static uint64_t rlim64_to_rlim(uint64_t v)
{
	return v >= RLIM_INFINITY ? RLIM_INFINITY : v;
}

static uint32_t rlim_to_32(uint64_t v, uint32_t infinity)
{
	return v >= infinity ? infinity : (uint32_t)v;
}

/*
 * Linux's do_prlimit for the current task: check and install new (if
 * any); raising a hard limit needs root.
 */
static long do_prlimit(unsigned resource, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	struct rlimit64 *rlim;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	rlim = &current->rlim[resource];
	if (old)
		*old = *rlim;
	if (!new)
		return 0;
	if (new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new->rlim_max > rlim->rlim_max && current->euid != 0)
		return -EPERM;
	if (resource == RLIMIT_NOFILE && new->rlim_max > 1048576)
		return -EPERM;		/* fs.nr_open */
	*rlim = *new;
	if (resource == RLIMIT_STACK && current->mm)
		current->mm->stack_limit = (uint32_t)new->rlim_cur;
	return 0;
}

static long put_rlimit32(unsigned resource, uint32_t urlim, uint32_t inf)
{
	struct rlimit64 old;
	struct rlimit32 r;
	long err = do_prlimit(resource, NULL, &old);

	if (err)
		return err;
	r.rlim_cur = rlim_to_32(old.rlim_cur, inf);
	r.rlim_max = rlim_to_32(old.rlim_max, inf);
	return copy_to_user(urlim, &r, sizeof(r)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned, resource, uint32_t, urlim)
{
	return put_rlimit32(resource, urlim, RLIM_INFINITY);
}

SYSCALL_DEFINE2(old_getrlimit, unsigned, resource, uint32_t, urlim)
{
	return put_rlimit32(resource, urlim, OLD_RLIM_INFINITY);
}

SYSCALL_DEFINE2(setrlimit, unsigned, resource, uint32_t, urlim)
{
	struct rlimit32 r;
	struct rlimit64 new;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(&r, urlim, sizeof(r)))
		return -EFAULT;
	new.rlim_cur = r.rlim_cur;
	new.rlim_max = r.rlim_max;
	return do_prlimit(resource, &new, NULL);
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned, resource, uint32_t, unew,
		uint32_t, uold)
{
	struct rlimit64 new, old;
	long err;

	if (pid != 0 && pid != current->tgid)
		return -ESRCH;
	if (unew) {
		if (copy_from_user(&new, unew, sizeof(new)))
			return -EFAULT;
		new.rlim_cur = rlim64_to_rlim(new.rlim_cur);
		new.rlim_max = rlim64_to_rlim(new.rlim_max);
	}
	err = do_prlimit(resource, unew ? &new : NULL, uold ? &old : NULL);
	if (err)
		return err;
	old.rlim_cur = rlim_to_rlim64(old.rlim_cur);
	old.rlim_max = rlim_to_rlim64(old.rlim_max);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
