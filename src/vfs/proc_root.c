/*
 * proc_root.c - the procfs filesystem (Linux's fs/proc/root.c, base.c,
 * generic.c): a root with the global files, "self", and a directory per
 * process; inodes from "proc_inode_cache", each naming what it shows.
 *
 * A file's text is generated when it is opened, into a seq_file the open
 * file keeps, so reads in pieces see one consistent snapshot (as Linux's
 * single_open). Process directories are revalidated on every walk: once
 * the process is gone its cached dentries are dropped. A name that does
 * not exist is not kept as a negative dentry, since a process with that
 * number may appear later.
 */
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"
#include "pagemap.h"
#include "proc_fs.h"
#include "proc_internal.h"
#include "sched.h"
#include "seq_file.h"
#include "slab.h"

#define PROC_ROOT_INO	1
#define PID_POS_BASE	0x10000		/* listing positions of pid dirs */

const struct proc_task_ops *proc_tasks;
const struct proc_swap_ops *proc_swap;
struct kmem_cache *proc_inode_cachep;

void proc_set_task_ops(const struct proc_task_ops *ops)
{
	proc_tasks = ops;
}

void proc_set_swap_ops(const struct proc_swap_ops *ops)
{
	proc_swap = ops;
}

struct proc_entry {
	const char *name;
	umode_t mode;
	void (*show)(struct seq_file *m);
	void (*show_pid)(struct seq_file *m, struct task_struct *task);
};

struct proc_inode {
	int pid;			/* 0 for global entries */
	const struct proc_entry *entry;	/* NULL for directories */
	struct inode vfs_inode;
};

static inline struct proc_inode *PROC_I(struct inode *inode)
{
	return container_of(inode, struct proc_inode, vfs_inode);
}

/* Sorted by name: a listing shows them in this order. */
static const struct proc_entry proc_root_entries[] = {
	{ "buddyinfo", S_IFREG | 0444, buddyinfo_show, NULL },
	{ "cpuinfo", S_IFREG | 0444, cpuinfo_show, NULL },
	{ "loadavg", S_IFREG | 0444, loadavg_show, NULL },
	{ "meminfo", S_IFREG | 0444, meminfo_show, NULL },
	{ "mounts", S_IFREG | 0444, mounts_show, NULL },
	{ "self", S_IFLNK | 0777, NULL, NULL },
	{ "slabinfo", S_IFREG | 0400, slabinfo_show, NULL },
	{ "swaps", S_IFREG | 0444, swaps_show, NULL },
	{ "uptime", S_IFREG | 0444, uptime_show, NULL },
	{ "vmstat", S_IFREG | 0444, vmstat_show, NULL },
	{ "zoneinfo", S_IFREG | 0444, zoneinfo_show, NULL },
};
#define NR_ROOT_ENTRIES \
	(int)(sizeof(proc_root_entries) / sizeof(proc_root_entries[0]))

static const struct proc_entry proc_pid_entries[] = {
	{ "cmdline", S_IFREG | 0444, NULL, proc_pid_cmdline_show },
	{ "exe", S_IFLNK | 0777, NULL, NULL },
	{ "maps", S_IFREG | 0444, NULL, proc_pid_maps_show },
	{ "stat", S_IFREG | 0444, NULL, proc_pid_stat_show },
	{ "statm", S_IFREG | 0444, NULL, proc_pid_statm_show },
	{ "status", S_IFREG | 0444, NULL, proc_pid_status_show },
};
#define NR_PID_ENTRIES \
	(int)(sizeof(proc_pid_entries) / sizeof(proc_pid_entries[0]))

void proc_init_caches(void)
{
	proc_inode_cachep = kmem_cache_create("proc_inode_cache",
					      sizeof(struct proc_inode), 0,
					      SLAB_PANIC, NULL);
}

void proc_exit_caches(void)
{
	if (proc_inode_cachep)
		kmem_cache_destroy(proc_inode_cachep);
	proc_inode_cachep = NULL;
}

unsigned long proc_shrink_caches(void)
{
	return proc_inode_cachep ? kmem_cache_shrink(proc_inode_cachep) : 0;
}

static struct task_struct *find_task(int pid)
{
	if (pid <= 0 || !proc_tasks || !proc_tasks->find)
		return NULL;
	return proc_tasks->find(pid);
}

static unsigned long pid_dir_ino(int pid)
{
	return 0x10000ul + ((unsigned long)pid << 4);
}

/* ------------------------------------------------------------- files */

static int proc_file_open(struct inode *inode, struct file *file)
{
	struct proc_inode *pi = PROC_I(inode);
	struct seq_file *m;
	struct task_struct *task = NULL;

	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	if (pi->pid && !(task = find_task(pi->pid)))
		return -ESRCH;
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	seq_init(m);
	if (pi->entry->show)
		pi->entry->show(m);
	else
		pi->entry->show_pid(m, task);
	file->private_data = m;
	return 0;
}

static int proc_file_release(struct inode *inode, struct file *file)
{
	(void)inode;
	if (file->private_data) {
		seq_release(file->private_data);
		free(file->private_data);
	}
	file->private_data = NULL;
	return 0;
}

static ssize_t proc_file_read(struct file *file, char *buf, size_t count,
			      loff_t *pos)
{
	struct seq_file *m = file->private_data;
	size_t n;

	if (*pos >= (loff_t)m->count)
		return 0;
	n = m->count - (size_t)*pos;
	if (n > count)
		n = count;
	memcpy(buf, m->buf + *pos, n);
	*pos += (loff_t)n;
	return (ssize_t)n;
}

static loff_t proc_file_llseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;

	if (whence == SEEK_CUR)
		offset += file->f_pos;
	else if (whence == SEEK_END)
		offset += (loff_t)m->count;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (offset < 0)
		return -EINVAL;
	return file->f_pos = offset;
}

static const struct file_operations proc_file_operations = {
	.llseek = proc_file_llseek,
	.read = proc_file_read,
	.open = proc_file_open,
	.release = proc_file_release,
};

/* ---------------------------------------------------------- symlinks */

static int proc_readlink(struct dentry *dentry, char *buf, int buflen)
{
	struct proc_inode *pi = PROC_I(dentry->d_inode);
	struct task_struct *task;
	char tmp[16];
	const char *s;
	size_t max = sizeof(tmp);
	int len;

	if (pi->pid) {			/* /proc/PID/exe */
		task = find_task(pi->pid);
		if (!task || !task->exe[0])
			return -ENOENT;
		s = task->exe;
		max = sizeof(task->exe);
	} else {			/* /proc/self */
		task = proc_tasks && proc_tasks->self ? proc_tasks->self()
						      : NULL;
		if (!task)
			return -ENOENT;
		snprintf(tmp, sizeof(tmp), "%d", task->tgid);
		s = tmp;
	}
	len = (int)strnlen(s, max);
	if (len > buflen)
		len = buflen;
	memcpy(buf, s, (size_t)len);
	return len;
}

static const struct inode_operations proc_link_inode_operations = {
	.readlink = proc_readlink,
};

/* ------------------------------------------------------------ inodes */

static struct inode *proc_alloc_inode(struct super_block *sb)
{
	struct proc_inode *pi = kmem_cache_alloc(proc_inode_cachep, GFP_KERNEL);

	(void)sb;
	if (!pi)
		return NULL;
	pi->pid = 0;
	pi->entry = NULL;
	return &pi->vfs_inode;
}

static void proc_destroy_inode(struct inode *inode)
{
	kmem_cache_free(proc_inode_cachep, PROC_I(inode));
}

static struct inode *proc_entry_inode(struct super_block *sb,
				      const struct proc_entry *e, int pid,
				      unsigned long ino)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = ino;
	inode->i_mode = e->mode;
	PROC_I(inode)->pid = pid;
	PROC_I(inode)->entry = e;
	if (S_ISLNK(e->mode))
		inode->i_op = &proc_link_inode_operations;
	else
		inode->i_fop = &proc_file_operations;
	return inode;
}

static int proc_pid_revalidate(struct dentry *dentry)
{
	return dentry->d_inode && find_task(PROC_I(dentry->d_inode)->pid);
}

static const struct dentry_operations proc_pid_dentry_operations = {
	.d_revalidate = proc_pid_revalidate,
};

static const struct inode_operations proc_pid_dir_inode_operations;
static const struct file_operations proc_pid_dir_operations;

static struct inode *proc_pid_dir_inode(struct super_block *sb, int pid)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = pid_dir_ino(pid);
	inode->i_mode = S_IFDIR | 0555;
	inode->i_nlink = 2;
	inode->i_op = &proc_pid_dir_inode_operations;
	inode->i_fop = &proc_pid_dir_operations;
	PROC_I(inode)->pid = pid;
	return inode;
}

static int parse_pid(const struct qstr *name)
{
	unsigned int i;
	long pid = 0;

	if (!name->len || name->len > 9 || name->name[0] == '0')
		return 0;
	for (i = 0; i < name->len; i++) {
		if (name->name[i] < '0' || name->name[i] > '9')
			return 0;
		pid = pid * 10 + (name->name[i] - '0');
	}
	return (int)pid;
}

static const struct proc_entry *find_entry(const struct proc_entry *v,
					   int n, const struct qstr *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(v[i].name) == name->len &&
		    !memcmp(v[i].name, name->name, name->len))
			return &v[i];
	return NULL;
}

/* ------------------------------------------------------- directories */

static struct dentry *proc_root_lookup(struct inode *dir,
				       struct dentry *dentry)
{
	const struct proc_entry *e = find_entry(proc_root_entries,
						NR_ROOT_ENTRIES,
						&dentry->d_name);
	struct inode *inode;
	int pid;

	if (e) {
		unsigned long ino = 2 + (unsigned long)(e - proc_root_entries);

		inode = proc_entry_inode(dir->i_sb, e, 0, ino);
		if (!inode)
			return ERR_PTR(-ENOMEM);
		d_add(dentry, inode);
		return NULL;
	}
	pid = parse_pid(&dentry->d_name);
	if (!find_task(pid))
		return NULL;	/* negative, and not hashed */
	inode = proc_pid_dir_inode(dir->i_sb, pid);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	dentry->d_op = &proc_pid_dentry_operations;
	d_add(dentry, inode);
	return NULL;
}

static struct dentry *proc_pid_lookup(struct inode *dir,
				      struct dentry *dentry)
{
	int pid = PROC_I(dir)->pid;
	const struct proc_entry *e = find_entry(proc_pid_entries,
						NR_PID_ENTRIES,
						&dentry->d_name);
	struct inode *inode;

	if (!e || !find_task(pid))
		return NULL;
	inode = proc_entry_inode(dir->i_sb, e, pid, pid_dir_ino(pid) + 1 +
				 (unsigned long)(e - proc_pid_entries));
	if (!inode)
		return ERR_PTR(-ENOMEM);
	dentry->d_op = &proc_pid_dentry_operations;
	d_add(dentry, inode);
	return NULL;
}

static unsigned int entry_dt(const struct proc_entry *e)
{
	return mode_to_dt(e->mode);
}

static int proc_root_iterate(struct file *file, struct dir_context *ctx)
{
	char name[16];
	int pid;

	if (!dir_emit_dots(file, ctx))
		return 0;
	while (ctx->pos < 2 + NR_ROOT_ENTRIES) {
		const struct proc_entry *e = &proc_root_entries[ctx->pos - 2];

		if (ctx->actor(ctx, e->name, (int)strlen(e->name), ctx->pos,
			       (uint64_t)ctx->pos, entry_dt(e)))
			return 0;
		ctx->pos++;
	}
	if (ctx->pos < PID_POS_BASE)
		ctx->pos = PID_POS_BASE;
	if (!proc_tasks || !proc_tasks->next_pid)
		return 0;
	pid = (int)(ctx->pos - PID_POS_BASE);
	while ((pid = proc_tasks->next_pid(pid)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", pid);

		if (ctx->actor(ctx, name, len, ctx->pos, pid_dir_ino(pid),
			       DT_DIR))
			return 0;
		ctx->pos = PID_POS_BASE + pid;
	}
	return 0;
}

static int proc_pid_iterate(struct file *file, struct dir_context *ctx)
{
	int pid = PROC_I(file->f_dentry->d_inode)->pid;

	if (!find_task(pid))
		return -ENOENT;
	if (!dir_emit_dots(file, ctx))
		return 0;
	while (ctx->pos < 2 + NR_PID_ENTRIES) {
		int i = (int)ctx->pos - 2;
		const struct proc_entry *e = &proc_pid_entries[i];

		if (ctx->actor(ctx, e->name, (int)strlen(e->name), ctx->pos,
			       pid_dir_ino(pid) + 1 + (unsigned long)i,
			       entry_dt(e)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_root_iterate,
};

static const struct inode_operations proc_pid_dir_inode_operations = {
	.lookup = proc_pid_lookup,
};

static const struct file_operations proc_pid_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_pid_iterate,
};

static const struct super_operations proc_super_operations = {
	.alloc_inode = proc_alloc_inode,
	.destroy_inode = proc_destroy_inode,
	.statfs = simple_statfs,
};

static int proc_fill_super(struct super_block *sb, const void *data)
{
	struct inode *root;

	(void)data;
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_op = &proc_super_operations;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = PROC_ROOT_INO;
	root->i_mode = S_IFDIR | 0555;
	root->i_nlink = 2;
	root->i_op = &proc_root_inode_operations;
	root->i_fop = &proc_root_operations;
	sb->s_root = d_alloc_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	return 0;
}

struct file_system_type proc_fs_type = {
	.name = "proc",
	.fill_super = proc_fill_super,
	.kill_sb = kill_anon_super,
};
