/*
 * proc_exit_status - Linux's wait status encoding, as the parent sees it
 * through waitpid: four children exit normally with 0..3 (WIFEXITED,
 * WEXITSTATUS, not WIFSIGNALED); one blocks on a pipe, WNOHANG must
 * report it still running (0), then the parent kills it with SIGKILL
 * (WIFSIGNALED, WTERMSIG 9); one writes to address 0 and dies of SIGSEGV
 * (WTERMSIG 11). A child's getppid is its parent's pid (compared, never
 * printed), and with no child left waitpid fails with ECHILD. The exit
 * status is 0 when every check held.
 */
#include <signal.h>

#include "proc_check.h"

/* Reap pid and check how it ended: exited `code`, or killed by `sig`. */
static void expect(pid_t pid, const char *what, int code, int sig)
{
	int status = wait_for(pid);

	printf("exit_status: %s: %s\n", what, status_text(status));
	if (sig) {
		check(!WIFEXITED(status), "%s: not WIFEXITED", what);
		check(WIFSIGNALED(status) && WTERMSIG(status) == sig,
		      "%s: WTERMSIG %d", what, sig);
	} else {
		check(!WIFSIGNALED(status), "%s: not WIFSIGNALED", what);
		check(WIFEXITED(status) && WEXITSTATUS(status) == code,
		      "%s: WEXITSTATUS %d", what, code);
	}
}

static void normal_exits(void)
{
	pid_t parent = getpid(), pids[4];
	char what[32];
	int i;

	for (i = 0; i < 4; i++) {
		pids[i] = proc_fork();
		if (pids[i] == 0)
			_exit(getppid() == parent ? i : 50 + i);
		check(pids[i] > 0, "fork");
	}
	for (i = 0; i < 4; i++) {
		snprintf(what, sizeof(what), "child %d exits %d", i, i);
		if (pids[i] > 0)
			expect(pids[i], what, i, 0);
	}
	section("exit_status: exit codes 0..3, getppid in the child");
}

static void killed(void)
{
	int fds[2], status = -1;
	char byte;
	pid_t pid;

	check(pipe(fds) == 0, "pipe");
	pid = proc_fork();
	if (pid == 0) {
		close(fds[1]);
		read(fds[0], &byte, 1);	/* nothing ever comes */
		_exit(60);
	}
	check(pid > 0, "fork");
	check(waitpid(pid, &status, WNOHANG) == 0,
	      "WNOHANG on a running child gives 0");
	check(kill(pid, SIGKILL) == 0, "kill SIGKILL");
	expect(pid, "a blocked child sent SIGKILL", 0, SIGKILL);
	close(fds[0]);
	close(fds[1]);
	section("exit_status: WNOHANG while it runs, then SIGKILL");
}

static void segfault(void)
{
	pid_t pid = proc_fork();

	if (pid == 0) {
		*(volatile int *)0 = 1;
		_exit(61);
	}
	check(pid > 0, "fork");
	expect(pid, "a child writing to address 0", 0, SIGSEGV);
	section("exit_status: SIGSEGV from a bad write");
}

int main(void)
{
	normal_exits();
	killed();
	segfault();
	errno = 0;
	check(waitpid(-1, NULL, 0) < 0 && errno == ECHILD,
	      "waitpid with no children");
	section("exit_status: ECHILD once every child is reaped");
	return proc_status();
}
