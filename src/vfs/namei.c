/*
 * namei.c - the path walk (Linux's fs/namei.c link_path_walk): a path
 * name, from the process's root or working directory, one component at a
 * time, through the dcache, across mounts both ways, following symlinks.
 *
 * The rules are Linux's: "." stays, ".." goes up and never above the
 * process's root (chroot) nor above the top of the mount tree; at a
 * mount's root it steps to the mount point first. A symlink is followed
 * when it is not the last component, or when LOOKUP_FOLLOW asks, or when
 * a slash follows it; its target is walked from the directory holding it
 * (or from the root if absolute), and more than MAX_LINK_COUNT links in
 * one lookup is -ELOOP. A component longer than NAME_MAX or a path of
 * PATH_MAX bytes or more is -ENAMETOOLONG; a missing component -ENOENT;
 * a non-directory where a directory is needed -ENOTDIR.
 *
 * Host symlinks are never followed by the host: hostfs reports a
 * symlink's text and the walk resolves it here, inside the guest's view.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void path_get(const struct path *path)
{
	mntget(path->mnt);
	dget(path->dentry);
}

void path_put(const struct path *path)
{
	dput(path->dentry);
	mntput(path->mnt);
}

/* The walk's root: the process's, or the whole tree's without one. */
static void get_root(struct fs_struct *fs, struct path *root)
{
	if (fs) {
		*root = fs->root;
		path_get(root);
	} else {
		get_vfs_root(root);
	}
}

static int is_root(struct fs_struct *fs, const struct path *p)
{
	struct path root;
	int ret;

	if (fs)
		return p->dentry == fs->root.dentry && p->mnt == fs->root.mnt;
	get_vfs_root(&root);
	ret = p->dentry == root.dentry && p->mnt == root.mnt;
	path_put(&root);
	return ret;
}

/* Replace the walk's position with p, whose references it takes. */
static void path_to_nameidata(const struct path *p, struct nameidata *nd)
{
	path_put(&nd->path);
	nd->path = *p;
}

static void follow_dotdot(struct fs_struct *fs, struct nameidata *nd)
{
	for (;;) {
		struct dentry *parent;

		if (is_root(fs, &nd->path))
			break;
		if (nd->path.dentry != nd->path.mnt->mnt_root) {
			parent = dget(nd->path.dentry->d_parent);
			dput(nd->path.dentry);
			nd->path.dentry = parent;
			break;
		}
		if (!follow_up(&nd->path))
			break;
	}
	follow_down(&nd->path);
}

/* Ask the filesystem: a new dentry, filled by ->lookup and hashed. */
static struct dentry *real_lookup(struct dentry *parent,
				  const struct qstr *name)
{
	struct inode *dir = parent->d_inode;
	struct dentry *dentry, *result;

	if (!dir || !S_ISDIR(dir->i_mode) || !dir->i_op || !dir->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	dentry = d_alloc(parent, name);
	if (!dentry)
		return ERR_PTR(-ENOMEM);
	result = dir->i_op->lookup(dir, dentry);
	if (result) {		/* an error, or an alias to use instead */
		dput(dentry);
		return result;
	}
	return dentry;
}

/* The dcache first; a stale entry (d_revalidate) is dropped. */
static struct dentry *cached_lookup(struct dentry *parent,
				    const struct qstr *name)
{
	struct dentry *dentry = d_lookup(parent, name);

	if (dentry && dentry->d_op && dentry->d_op->d_revalidate &&
	    !dentry->d_op->d_revalidate(dentry)) {
		if (!d_mountpoint(dentry))
			d_drop(dentry);
		dput(dentry);
		dentry = NULL;
	}
	return dentry;
}

struct dentry *lookup_hash(const struct qstr *name, struct dentry *base)
{
	struct dentry *dentry = cached_lookup(base, name);

	return dentry ? dentry : real_lookup(base, name);
}

struct dentry *lookup_one_len(const char *name, struct dentry *base,
			      unsigned int len)
{
	struct qstr this;
	unsigned int i;

	if (!len)
		return ERR_PTR(-EACCES);
	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return ERR_PTR(-EACCES);
	for (i = 0; i < len; i++)
		if (name[i] == '/' || !name[i])
			return ERR_PTR(-EACCES);
	this.name = name;
	this.len = len;
	this.hash = full_name_hash(name, len);
	return lookup_hash(&this, base);
}

static int do_lookup(struct nameidata *nd, const struct qstr *name,
		     struct path *path)
{
	struct dentry *dentry = lookup_hash(name, nd->path.dentry);

	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	path->mnt = mntget(nd->path.mnt);
	path->dentry = dentry;
	follow_down(path);
	return 0;
}

static int link_path_walk(const char *name, struct nameidata *nd,
			  struct fs_struct *fs);

/*
 * Follow the symlink at link (consumed) from nd's directory: nd ends at
 * the target, which must exist.
 */
static int do_follow_link(struct path *link, struct nameidata *nd,
			  struct fs_struct *fs)
{
	unsigned int saved_flags = nd->flags;
	char *body;
	int len, err;

	if (++nd->link_count > MAX_LINK_COUNT) {
		path_put(link);
		return -ELOOP;
	}
	body = malloc(PATH_MAX);
	if (!body) {
		path_put(link);
		return -ENOMEM;
	}
	len = vfs_readlink(link->dentry, body, PATH_MAX - 1);
	path_put(link);
	if (len < 0) {
		free(body);
		return len;
	}
	body[len] = '\0';
	if (!len) {
		free(body);
		return -ENOENT;
	}
	if (body[0] == '/') {
		struct path root;

		get_root(fs, &root);
		path_to_nameidata(&root, nd);
	}
	nd->flags = LOOKUP_FOLLOW;
	err = link_path_walk(body, nd, fs);
	nd->flags = saved_flags;
	free(body);
	if (!err && !nd->path.dentry->d_inode)
		err = -ENOENT;
	return err;
}

static int component_type(const struct qstr *this)
{
	if (this->name[0] != '.' || this->len > 2)
		return LAST_NORM;
	if (this->len == 1)
		return LAST_DOT;
	return this->name[1] == '.' ? LAST_DOTDOT : LAST_NORM;
}

static int must_be_dir(const struct nameidata *nd)
{
	const struct inode *inode = nd->path.dentry->d_inode;

	return inode && S_ISDIR(inode->i_mode) ? 0 : -ENOTDIR;
}

/* One component of name in nd's directory: walk it, follow it maybe. */
static int walk_component(struct nameidata *nd, const struct qstr *this,
			  int follow, struct fs_struct *fs)
{
	struct path next;
	int err, type = component_type(this);

	if (type == LAST_DOT)
		return 0;
	if (type == LAST_DOTDOT) {
		follow_dotdot(fs, nd);
		return 0;
	}
	err = do_lookup(nd, this, &next);
	if (err)
		return err;
	if (!next.dentry->d_inode) {
		path_put(&next);
		return -ENOENT;
	}
	if (follow && S_ISLNK(next.dentry->d_inode->i_mode))
		return do_follow_link(&next, nd, fs);
	path_to_nameidata(&next, nd);
	return 0;
}

static int link_path_walk(const char *name, struct nameidata *nd,
			  struct fs_struct *fs)
{
	unsigned int flags = nd->flags;

	while (*name == '/')
		name++;
	if (!*name) {
		nd->last_type = LAST_ROOT;
		return 0;
	}
	for (;;) {
		struct qstr this;
		const char *next;
		int err, trailing = 0;

		err = must_be_dir(nd);
		if (err)
			return err;
		this.name = name;
		for (next = name; *next && *next != '/'; next++)
			;
		this.len = (unsigned int)(next - name);
		if (this.len > NAME_MAX)
			return -ENAMETOOLONG;
		this.hash = full_name_hash(name, this.len);
		while (*next == '/') {
			next++;
			trailing = 1;
		}
		if (!*next) {		/* the last component */
			if (trailing)
				flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
			if (flags & LOOKUP_PARENT) {
				nd->last = this;
				nd->last_type = component_type(&this);
				nd->flags |= flags & LOOKUP_DIRECTORY;
				return 0;
			}
			err = walk_component(nd, &this,
					     (flags & LOOKUP_FOLLOW) != 0, fs);
			if (err)
				return err;
			return flags & LOOKUP_DIRECTORY ? must_be_dir(nd) : 0;
		}
		err = walk_component(nd, &this, 1, fs);
		if (err)
			return err;
		name = next;
	}
}

int path_lookup(struct fs_struct *fs, const struct path *base,
		const char *name, unsigned int flags, struct nameidata *nd)
{
	size_t len = name ? strnlen(name, PATH_MAX) : 0;
	int err;

	memset(nd, 0, sizeof(*nd));
	if (!name)
		return -EFAULT;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (!len)
		return -ENOENT;
	nd->name = malloc(len + 1);
	if (!nd->name)
		return -ENOMEM;
	memcpy(nd->name, name, len + 1);
	nd->flags = flags;
	nd->last_type = LAST_ROOT;
	if (name[0] == '/') {
		get_root(fs, &nd->path);
	} else if (base) {
		nd->path = *base;
		path_get(&nd->path);
	} else if (fs) {
		nd->path = fs->pwd;
		path_get(&nd->path);
	} else {
		get_vfs_root(&nd->path);
	}
	if (!nd->path.dentry) {
		free(nd->name);
		nd->name = NULL;
		return -ENOENT;
	}
	err = link_path_walk(nd->name, nd, fs);
	if (err)
		path_release(nd);
	return err;
}

void path_release(struct nameidata *nd)
{
	if (nd->path.dentry)
		path_put(&nd->path);
	nd->path.dentry = NULL;
	nd->path.mnt = NULL;
	free(nd->name);
	nd->name = NULL;
}

int kern_path(struct fs_struct *fs, const struct path *base,
	      const char *name, unsigned int flags, struct path *path)
{
	struct nameidata nd;
	int err = path_lookup(fs, base, name, flags & ~LOOKUP_PARENT, &nd);

	if (err)
		return err;
	*path = nd.path;
	free(nd.name);
	return 0;
}
