/*
 * exec.c - execve(2) (Linux's do_execve): the path is the guest's,
 * looked up through the VFS from the caller's cwd; argv and envp are
 * copied from user memory (at most MAX_ARG_STRINGS_BYTES of strings, or
 * -E2BIG); a "#!" script runs its interpreter (one optional argument,
 * nested at most BINPRM_MAX_RECURSION deep); the program is loaded by
 * load_elf_binary into a NEW mm, so every error (-ENOENT, -EACCES,
 * -ENOEXEC, -E2BIG...) returns with the old image intact. Past that
 * point of no return the new mm is loaded, the old one released, the
 * close-on-exec fds closed, caught signals reset to SIG_DFL (ignored
 * ones stay ignored), the alternate stack dropped, comm and exe set.
 *
 * load_elf_binary reads a host file: a program must live on the root
 * file system (hostfs over --root), whose host directory exec_set_root
 * records; a program elsewhere (tmpfs, /proc) is refused with -EACCES,
 * as on a noexec mount.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binfmt.h"
#include "cpu.h"
#include "fdtable.h"
#include "fs.h"
#include "ksignal.h"
#include "mm.h"
#include "pagemap.h"
#include "process.h"
#include "sched.h"
#include "uaccess.h"

#define BINPRM_BUF_SIZE		128	/* the #! line, as Linux reads it */
#define BINPRM_MAX_RECURSION	4
#define MAX_ARG_COUNT		0x7fff
#define EXEC_PATH_MAX		4096

static char exec_root[PATH_MAX];
static uint64_t exec_seed, nr_execs;

void exec_set_root(const char *host_root, uint64_t seed)
{
	char *real = host_root ? realpath(host_root, NULL) : NULL;

	exec_root[0] = '\0';
	if (real && strcmp(real, "/"))
		snprintf(exec_root, sizeof(exec_root), "%s", real);
	free(real);
	exec_seed = seed;
	nr_execs = 0;
}

/* ------------------------------------------------- argv and envp */

struct exec_args {
	char **v;		/* NULL-terminated */
	int n;
};

static void free_args(struct exec_args *a)
{
	int i;

	for (i = 0; a->v && i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

static int push_arg(struct exec_args *a, const char *s, int at)
{
	char **v = realloc(a->v, (size_t)(a->n + 2) * sizeof(*v));
	char *dup = strdup(s);

	if (v)
		a->v = v;
	if (!v || !dup) {
		free(dup);
		return -ENOMEM;
	}
	memmove(a->v + at + 1, a->v + at, (size_t)(a->n - at) * sizeof(*v));
	a->v[at] = dup;
	a->n++;
	a->v[a->n] = NULL;
	return 0;
}

/* A user vector of strings; *budget is what MAX_ARG_STRINGS_BYTES left. */
static int copy_strings(struct exec_args *a, uint32_t uvec, long *budget)
{
	char *buf = malloc((size_t)*budget + 1);
	uint32_t p;
	long len;
	int err = 0;

	a->v = calloc(1, sizeof(*a->v));
	if (!buf || !a->v) {
		free(buf);
		return -ENOMEM;
	}
	while (uvec && !err) {
		if (get_user_u32(&p, uvec + 4u * (uint32_t)a->n)) {
			err = -EFAULT;
			break;
		}
		if (!p)
			break;
		if (a->n >= MAX_ARG_COUNT) {
			err = -E2BIG;
			break;
		}
		len = strncpy_from_user(buf, p, *budget + 1);
		if (len < 0)
			err = -EFAULT;
		else if (len > *budget - 1)
			err = -E2BIG;
		else {
			buf[len] = '\0';
			*budget -= len + 1;
			err = push_arg(a, buf, a->n);
		}
	}
	free(buf);
	return err;
}

/* ------------------------------------------------------ the file */

static int host_path(const char *guest, char *host, char *exe)
{
	size_t r = strlen(exec_root), g = strlen(guest);

	if (r + g >= EXEC_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(host, exec_root, r);
	memcpy(host + r, guest, g + 1);
	snprintf(exe, 256, "%s", guest);
	return 0;
}

/* The host path of guest path name, and its guest path in exe. */
static int exec_lookup(const char *name, char *host, char *exe)
{
	struct path p, root;
	char buf[EXEC_PATH_MAX], *s;
	int err;

	err = kern_path(current->fs, NULL, name, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	get_vfs_root(&root);
	if (!S_ISREG(p.dentry->d_inode->i_mode) || p.mnt != root.mnt)
		err = -EACCES;
	else if (!(p.dentry->d_inode->i_mode & 0111))
		err = -EACCES;
	/*
	 * The loader reads the host file, not the page cache: a program
	 * the guest has just written must reach the file first (Linux
	 * reads it through the cache, so it sees every write).
	 */
	if (!err)
		err = write_inode_now(p.dentry->d_inode);
	if (!err) {
		s = d_path(&p, &root, buf, sizeof(buf));
		if (IS_ERR(s))
			err = (int)PTR_ERR(s);
		else
			err = host_path(s, host, exe);
	}
	path_put(&root);
	path_put(&p);
	return err;
}

/*
 * "#!interp [arg]": 1 with interp and arg filled, 0 if the file is not
 * a script, -errno.
 */
static int read_shebang(const char *host, char *interp, char *arg)
{
	char line[BINPRM_BUF_SIZE + 1], *p, *end;
	ssize_t n;
	int fd = open(host, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, line, BINPRM_BUF_SIZE);
	close(fd);
	if (n < 2 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = '\0';
	end = strchr(line, '\n');
	if (end)
		*end = '\0';
	for (p = line + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	end = p + strcspn(p, " \t");
	snprintf(interp, EXEC_PATH_MAX, "%.*s", (int)(end - p), p);
	for (p = end; *p == ' ' || *p == '\t'; p++)
		;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	snprintf(arg, EXEC_PATH_MAX, "%.*s", (int)(end - p), p);
	return 1;
}

/* argv becomes interp [arg] name argv[1..]. */
static int script_args(struct exec_args *argv, const char *interp,
		       const char *arg, const char *name)
{
	int err = 0;

	if (argv->n > 0) {
		free(argv->v[0]);
		memmove(argv->v, argv->v + 1, (size_t)argv->n * sizeof(char *));
		argv->n--;
	}
	err = push_arg(argv, name, 0);
	if (!err && *arg)
		err = push_arg(argv, arg, 0);
	if (!err)
		err = push_arg(argv, interp, 0);
	return err;
}

/* ---------------------------------------------- the point of no return */

static void set_comm(const char *name)
{
	const char *base = strrchr(name, '/');

	snprintf(current->comm, TASK_COMM_LEN, "%s", base ? base + 1 : name);
}

static void exec_commit(struct mm_struct *mm, const struct exec_result *r,
			const char *name, const char *exe)
{
	struct mm_struct *old = current->mm;

	current->mm = mm;
	if (old) {
		current->min_flt += old->min_flt;
		current->maj_flt += old->maj_flt;
	}
	cpu_set_mm(mm);
	mmput(old);
	cpu_reset_regs();
	cpu_set_reg(CPU_EIP, r->entry);
	cpu_set_reg(CPU_ESP, r->sp);
	do_close_on_exec(current->files);
	signal_exec(current);
	current->clear_child_tid = current->set_child_tid = 0;
	current->robust_list = current->robust_len = 0;
	set_comm(name);
	snprintf(current->exe, sizeof(current->exe), "%s", exe);
}

static int exec_image(const char *host, const char *name, const char *exe,
		      struct exec_args *argv, struct exec_args *envp)
{
	struct exec_params p = {
		.random_seed = exec_seed ^ ((uint64_t)current->pid << 32)
			       ^ ++nr_execs,
		.uid = current->uid, .euid = current->euid,
		.gid = current->gid, .egid = current->egid,
	};
	struct exec_result r;
	struct mm_struct *mm = mm_alloc();
	char err[256];
	int ret;

	if (!mm)
		return -ENOMEM;
	ret = load_elf_binary(mm, host, name, argv->v, envp->v, &p, &r,
			      err, sizeof(err));
	if (ret) {
		mmput(mm);
		return ret;
	}
	exec_commit(mm, &r, name, exe);
	return 0;
}

static int do_execve_args(const char *name, struct exec_args *argv,
			  struct exec_args *envp)
{
	char *host = malloc(EXEC_PATH_MAX), *interp = malloc(EXEC_PATH_MAX);
	char *arg = malloc(EXEC_PATH_MAX), *file = malloc(EXEC_PATH_MAX);
	char exe[256];
	int depth, ret = -ENOMEM;

	if (!host || !interp || !arg || !file)
		goto out;
	snprintf(file, EXEC_PATH_MAX, "%s", name);
	for (depth = 0; depth <= BINPRM_MAX_RECURSION; depth++) {
		ret = exec_lookup(file, host, exe);
		if (!ret)
			ret = read_shebang(host, interp, arg);
		if (ret <= 0)
			break;
		ret = script_args(argv, interp, arg, file);
		if (ret)
			break;
		snprintf(file, EXEC_PATH_MAX, "%s", interp);
		ret = -ELOOP;
	}
	if (!ret)
		ret = exec_image(host, file, exe, argv, envp);
out:
	free(host);
	free(interp);
	free(arg);
	free(file);
	return ret;
}

long do_execve(const char *name, uint32_t uargv, uint32_t uenvp)
{
	struct exec_args argv = { 0 }, envp = { 0 };
	long budget = MAX_ARG_STRINGS_BYTES - (long)strlen(name) - 1;
	int ret;

	ret = copy_strings(&argv, uargv, &budget);
	if (!ret)
		ret = copy_strings(&envp, uenvp, &budget);
	if (!ret)
		ret = do_execve_args(name, &argv, &envp);
	free_args(&argv);
	free_args(&envp);
	return ret;
}

SYSCALL_DEFINE3(execve, uint32_t, ufilename, uint32_t, uargv,
		uint32_t, uenvp)
{
	char name[EXEC_PATH_MAX];
	long len = strncpy_from_user(name, ufilename, sizeof(name));

	if (len < 0)
		return -EFAULT;
	if (len == (long)sizeof(name))
		return -ENAMETOOLONG;
	if (!len)
		return -ENOENT;
	return do_execve(name, uargv, uenvp);
}
