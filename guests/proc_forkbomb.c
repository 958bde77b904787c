/*
 * proc_forkbomb [exact] - a bounded fork bomb: with RLIMIT_NPROC set to
 * 64, the parent forks until fork fails, which must be with EAGAIN; every
 * child blocks reading a pipe whose write end only the parent holds, so
 * none exits early and the count is the limit's. Then the parent closes
 * the write end: every child reads end of file and exits 0, and the
 * parent must reap exactly as many children as it forked, each with
 * status 0, and then get ECHILD.
 *
 * Linux does not apply RLIMIT_NPROC to root, and the limit counts every
 * process of the user: so a guest running as root first becomes the
 * unprivileged uid 65534 (setresuid, where it can), on the host and under
 * i386mm alike. On the host other processes of that uid may count too, so
 * the plain run checks only that fork failed before the limit; with
 * `exact` (under i386mm, where the guest's processes are the only ones)
 * the parent and 63 children must be exactly the 64 allowed.
 * A guard of 1024 forks keeps a broken limit from running away: reaching
 * it fails the test. The exit status is 0 when every check held.
 *
 * proc_forkbomb unlimited (hostile, issue 8): root lifts RLIMIT_NPROC to
 * RLIM_INFINITY and forks until fork fails: with EAGAIN (pid space) or
 * ENOMEM (memory for the new process), never a crash; every child is
 * reaped as before, having exited 0 or been chosen by the OOM killer
 * (SIGKILL) when the children's page tables and stacks filled memory. Only as process 1 of an emulator, so never on the
 * host: elsewhere it says so and exits 0.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/resource.h>

#include "proc_check.h"

#define LIMIT 64
#define GUARD 1024
#define UNLIMITED_GUARD 40000	/* above PID_MAX */

/* Fork until fork fails, with no limit but the machine's. */
static int unlimited(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	static pid_t pids[UNLIMITED_GUARD];
	int fds[2], n, fork_errno = 0, reaped = 0, bad = 0, status, i;
	char byte;

	if (getpid() != 1) {
		printf("forkbomb: not process 1, not run\n");
		return 0;
	}
	check(setrlimit(RLIMIT_NPROC, &rl) == 0, "setrlimit RLIMIT_NPROC");
	check(pipe(fds) == 0, "pipe");
	for (n = 0; n < UNLIMITED_GUARD; n++) {
		pids[n] = proc_fork();
		if (pids[n] == 0) {
			close(fds[1]);
			_exit(read(fds[0], &byte, 1) == 0 ? 0 : 1);
		}
		if (pids[n] < 0) {
			fork_errno = errno;
			break;
		}
	}
	close(fds[0]);
	errno = fork_errno;
	check(n < UNLIMITED_GUARD && n > LIMIT &&
	      (fork_errno == EAGAIN || fork_errno == ENOMEM),
	      "fork must fail with EAGAIN or ENOMEM, after %d children", n);
	printf("forkbomb: without a limit fork failed with EAGAIN or ENOMEM: "
	       "%s\n", fork_errno == EAGAIN || fork_errno == ENOMEM ?
	       "yes" : "no");
	close(fds[1]);
	for (i = 0; i < n; i++) {
		status = wait_for(pids[i]);
		reaped += status >= 0;
		bad += status != 0 && !(WIFSIGNALED(status) &&
					WTERMSIG(status) == SIGKILL);
	}
	errno = 0;
	check(reaped == n && bad == 0, "%d of %d reaped, %d neither exiting "
	      "0 nor killed by the OOM killer", reaped, n, bad);
	check(waitpid(-1, NULL, 0) < 0 && errno == ECHILD, "ECHILD at the end");
	section("forkbomb: every child released and reaped");
	return proc_status();
}

int main(int argc, char **argv)
{
	struct rlimit rl = { LIMIT, LIMIT };
	static pid_t pids[GUARD];
	int fds[2], exact = argc > 1 && strcmp(argv[1], "exact") == 0;
	int n, fork_errno = 0, reaped = 0, status, bad = 0, i;
	char byte;

	if (argc > 1 && strcmp(argv[1], "unlimited") == 0)
		return unlimited();
	check(setrlimit(RLIMIT_NPROC, &rl) == 0, "setrlimit RLIMIT_NPROC");
	if (geteuid() == 0)
		setresuid(65534, 65534, 65534);	/* root has no limit */
	check(pipe(fds) == 0, "pipe");
	for (n = 0; n < GUARD; n++) {
		pids[n] = proc_fork();
		if (pids[n] == 0) {
			close(fds[1]);
			_exit(read(fds[0], &byte, 1) == 0 ? 0 : 1);
		}
		if (pids[n] < 0) {
			fork_errno = errno;
			break;
		}
	}
	close(fds[0]);
	errno = fork_errno;
	check(n < GUARD && fork_errno == EAGAIN,
	      "fork must fail with EAGAIN before %d children", GUARD);
	check(n < LIMIT, "fewer children than the limit");
	if (exact)
		check(n == LIMIT - 1, "%d children, expected %d", n,
		      LIMIT - 1);
	printf("forkbomb: fork failed with %s%s\n", errno_name(fork_errno),
	       exact ? (n == LIMIT - 1 ? " after exactly 63 children" :
			" after the wrong number of children") :
	       n < LIMIT ? " below the limit of 64" : " too late");

	close(fds[1]);	/* every child reads end of file and exits */
	for (i = 0; i < n; i++) {
		status = wait_for(pids[i]);
		reaped += status >= 0;
		bad += status != 0;
	}
	errno = 0;
	check(reaped == n && bad == 0, "%d of %d reaped, %d not exiting 0",
	      reaped, n, bad);
	check(waitpid(-1, NULL, 0) < 0 && errno == ECHILD, "ECHILD at the end");
	section("forkbomb: every child released and reaped");
	return proc_status();
}
