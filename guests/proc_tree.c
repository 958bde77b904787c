/*
 * proc_tree - a fork tree of depth 3 and fan-out 2: the root (node 1)
 * forks nodes 2 and 3, node i forks nodes 2i and 2i + 1, down to the
 * leaves 8..15: 15 processes in all. Every node but the root exits with
 * status 100 + its number, so each status is distinct, and every node
 * waits for its two children with waitpid, in the order it created them,
 * checking each status is the one that child must exit with.
 *
 * A node's children run at once. Each child's stdout is a pipe to its
 * parent, which, child by child, reads it to the end, reaps the child,
 * then prints the child's report followed by its own line for it: the
 * whole tree comes out on the root's stdout in creation order (depth
 * first), whatever order the 14 children ran in.
 * The exit status is 0 when every node saw every status it expected.
 */
#include "proc_check.h"

#define DEPTH 3
#define FANOUT 2

static void node(unsigned id, unsigned depth);

struct child {
	unsigned id;
	pid_t pid;
	int fd;		/* the read end of the child's stdout */
};

/* Fork child c->id, its stdout on a pipe; 0 (checked) if that failed. */
static int spawn(struct child *c, unsigned depth)
{
	int fds[2];

	c->pid = -1;
	if (!check(pipe(fds) == 0, "pipe for node %u", c->id))
		return 0;
	c->pid = proc_fork();
	if (c->pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		node(c->id, depth);	/* does not return */
	}
	close(fds[1]);
	c->fd = fds[0];
	if (!check(c->pid > 0, "fork of node %u", c->id)) {
		close(fds[0]);
		return 0;
	}
	return 1;
}

/* Read c's report to its end, reap it, print the report and its status. */
static int reap(struct child *c, unsigned depth)
{
	static char report[16384];
	size_t len;
	int status;

	if (c->pid <= 0)
		return 0;
	len = read_all(c->fd, report, sizeof(report));
	close(c->fd);
	status = wait_for(c->pid);
	fwrite(report, 1, len, stdout);
	printf("%*snode %u: child %u %s\n", (int)(2 * depth), "", c->id / 2,
	       c->id, status_text(status));
	return check(WIFEXITED(status) && WEXITSTATUS(status) == 100 + c->id,
		     "node %u should have exited %u", c->id, 100 + c->id);
}

/* All the children of node id run at once; they are reaped in order. */
static int children(unsigned id, unsigned depth)
{
	struct child c[FANOUT];
	unsigned i;
	int ok = 1;

	for (i = 0; i < FANOUT; i++) {
		c[i].id = FANOUT * id + i;
		ok &= spawn(&c[i], depth + 1);
	}
	for (i = 0; i < FANOUT; i++)
		ok &= reap(&c[i], depth + 1);
	return ok;
}

/* Node id at depth: fork its children (above the leaves), reap, exit. */
static void node(unsigned id, unsigned depth)
{
	int ok = 1;

	if (depth < DEPTH)
		ok = children(id, depth);
	fflush(stdout);
	_exit(ok ? 100 + (int)id : 1);
}

int main(void)
{
	pid_t left;

	children(1, 0);
	left = waitpid(-1, NULL, WNOHANG);
	check(left < 0 && errno == ECHILD, "no child left to reap");
	section("tree: 14 processes, every status collected in creation "
		"order");
	return proc_status();
}
