/*
 * sys_namei.c - the calls that make, remove and move names (Linux's
 * fs/namei.c system calls): mkdir, mkdirat, rmdir, unlink, unlinkat,
 * rename, renameat, renameat2, link, linkat, symlink, symlinkat. Each
 * copies its names in, finds its dirfd's directory, and hands over to
 * the VFS's do_* function, which checks and errs as Linux does.
 *
 * renameat2 knows RENAME_NOREPLACE (made of a lookup and a rename, which
 * one process cannot race); RENAME_EXCHANGE and RENAME_WHITEOUT are
 * -EINVAL, as from a filesystem without them.
 */
#include <errno.h>

#include "fs.h"
#include "sched.h"
#include "syscalls.h"

#define RENAME_NOREPLACE	1

/* A name and its dirfd's directory, in one go; release with name_put. */
struct at_name {
	char name[PATH_MAX];
	struct path base;
	const struct path *bp;
};

static long name_get(int dfd, uint32_t upath, struct at_name *n)
{
	long err = getname(upath, n->name, 0);

	if (err < 0)
		return err;
	return at_base_get(dfd, n->name, &n->base, &n->bp);
}

static void name_put(struct at_name *n)
{
	if (n->bp)
		path_put(&n->base);
}

static struct at_name names[2];	/* the call's one or two names */

static long do_mkdirat(int dfd, uint32_t upath, uint32_t mode)
{
	long err = name_get(dfd, upath, &names[0]);

	if (err)
		return err;
	err = do_mkdir(current->fs, names[0].bp, names[0].name,
		       (umode_t)(mode & S_IALLUGO & ~current->umask));
	name_put(&names[0]);
	return err;
}

SYSCALL_DEFINE2(mkdir, uint32_t, upath, uint32_t, mode)
{
	return do_mkdirat(GUEST_AT_FDCWD, upath, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, uint32_t, upath, uint32_t, mode)
{
	return do_mkdirat(dfd, upath, mode);
}

static long do_unlinkat(int dfd, uint32_t upath, int rmdir)
{
	long err = name_get(dfd, upath, &names[0]);

	if (err)
		return err;
	err = rmdir ? do_rmdir(current->fs, names[0].bp, names[0].name)
		    : do_unlink(current->fs, names[0].bp, names[0].name);
	name_put(&names[0]);
	return err;
}

SYSCALL_DEFINE1(rmdir, uint32_t, upath)
{
	return do_unlinkat(GUEST_AT_FDCWD, upath, 1);
}

SYSCALL_DEFINE1(unlink, uint32_t, upath)
{
	return do_unlinkat(GUEST_AT_FDCWD, upath, 0);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, uint32_t, upath, uint32_t, flags)
{
	if (flags & ~(uint32_t)GUEST_AT_REMOVEDIR)
		return -EINVAL;
	return do_unlinkat(dfd, upath, flags & GUEST_AT_REMOVEDIR);
}

/* RENAME_NOREPLACE: the new name must not exist (as lstat sees it). */
static long check_noreplace(const struct at_name *n)
{
	struct path p;
	long err = kern_path(current->fs, n->bp, n->name, 0, &p);

	if (!err) {
		path_put(&p);
		return -EEXIST;
	}
	return err == -ENOENT ? 0 : err;
}

static long do_renameat2(int olddfd, uint32_t oldname, int newdfd,
			 uint32_t newname, uint32_t flags)
{
	long err;

	if (flags & ~(uint32_t)RENAME_NOREPLACE)
		return -EINVAL;
	err = name_get(olddfd, oldname, &names[0]);
	if (err)
		return err;
	err = name_get(newdfd, newname, &names[1]);
	if (err)
		goto out_old;
	if (flags & RENAME_NOREPLACE)
		err = check_noreplace(&names[1]);
	if (!err)
		err = do_rename(current->fs, names[0].bp, names[0].name,
				names[1].bp, names[1].name);
	name_put(&names[1]);
out_old:
	name_put(&names[0]);
	return err;
}

SYSCALL_DEFINE2(rename, uint32_t, oldname, uint32_t, newname)
{
	return do_renameat2(GUEST_AT_FDCWD, oldname, GUEST_AT_FDCWD, newname,
			    0);
}

SYSCALL_DEFINE4(renameat, int, olddfd, uint32_t, oldname, int, newdfd,
		uint32_t, newname)
{
	return do_renameat2(olddfd, oldname, newdfd, newname, 0);
}

SYSCALL_DEFINE5(renameat2, int, olddfd, uint32_t, oldname, int, newdfd,
		uint32_t, newname, uint32_t, flags)
{
	return do_renameat2(olddfd, oldname, newdfd, newname, flags);
}

static long do_linkat(int olddfd, uint32_t oldname, int newdfd,
		      uint32_t newname, uint32_t flags)
{
	long err;

	if (flags & ~(uint32_t)GUEST_AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = name_get(olddfd, oldname, &names[0]);
	if (err)
		return err;
	err = name_get(newdfd, newname, &names[1]);
	if (!err) {
		err = do_link(current->fs, names[0].bp, names[0].name,
			      names[1].bp, names[1].name,
			      flags & GUEST_AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW
							      : 0);
		name_put(&names[1]);
	}
	name_put(&names[0]);
	return err;
}

SYSCALL_DEFINE2(link, uint32_t, oldname, uint32_t, newname)
{
	return do_linkat(GUEST_AT_FDCWD, oldname, GUEST_AT_FDCWD, newname, 0);
}

SYSCALL_DEFINE5(linkat, int, olddfd, uint32_t, oldname, int, newdfd,
		uint32_t, newname, uint32_t, flags)
{
	return do_linkat(olddfd, oldname, newdfd, newname, flags);
}

static long do_symlinkat(uint32_t utarget, int newdfd, uint32_t newname)
{
	long err = getname(utarget, names[0].name, 0);

	if (err < 0)
		return err;
	err = name_get(newdfd, newname, &names[1]);
	if (err)
		return err;
	err = do_symlink(current->fs, names[0].name, names[1].bp,
			 names[1].name);
	name_put(&names[1]);
	return err;
}

SYSCALL_DEFINE2(symlink, uint32_t, target, uint32_t, newname)
{
	return do_symlinkat(target, GUEST_AT_FDCWD, newname);
}

SYSCALL_DEFINE3(symlinkat, uint32_t, target, int, newdfd, uint32_t, newname)
{
	return do_symlinkat(target, newdfd, newname);
}
