/*
 * hostile_init [self] - signals sent to process 1. Under i386mm the first
 * process is the init of the guest's PID namespace, and Linux drops any
 * signal a process of the namespace sends its init unless init has a
 * handler for it (SIGNAL_UNKILLABLE), SIGKILL and SIGSTOP included;
 * kill(2) still returns 0.
 *
 * Process 1 handles SIGUSR1 and nothing else. A child sends it SIGKILL,
 * SIGSTOP, SIGTERM, SIGSEGV and SIGUSR2 (all dropped), SIGUSR1 (handled),
 * SIGKILL again through tkill and tgkill, and finally SIGTERM to its whole
 * process group, which kills the child itself (signal 15) but not init.
 * The child exits with the number of kill calls that failed. Process 1
 * prints the child's fate, how many SIGUSR1 it handled (1), then writes
 * and sums 1 MiB: it runs on, unstopped. With `self` process 1 then sends
 * itself SIGTERM, which kills it like any process (exit status 143).
 *
 * On the host the program is not process 1 (and must never signal the
 * real one): it says so and exits 0.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile_work.h"

static volatile sig_atomic_t usr1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static int child(void)
{
	static const int sigs[] = { SIGKILL, SIGSTOP, SIGTERM, SIGSEGV,
				    SIGUSR2, SIGUSR1 };
	int failed = 0;
	unsigned i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		failed += kill(1, sigs[i]) != 0;
	failed += syscall(SYS_tkill, 1, SIGKILL) != 0;
	failed += syscall(SYS_tgkill, 1, 1, SIGKILL) != 0;
	kill(0, SIGTERM);	/* the group: this child dies of it */
	return 100 + failed;	/* not reached */
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int status;
	pid_t pid;

	if (getpid() != 1) {
		printf("hostile_init: not process 1\n");
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 4;
	if (pid == 0)
		_exit(child());
	while (waitpid(pid, &status, 0) != pid)
		;	/* EINTR: SIGUSR1 came */
	if (WIFSIGNALED(status))
		printf("child: killed by signal %d\n", WTERMSIG(status));
	else
		printf("child: exited %d\n", WEXITSTATUS(status));
	printf("init: alive, SIGUSR1 handled %d time(s)\n", (int)usr1);
	printf("work: checksum %08x\n", work());
	if (argc > 1 && !strcmp(argv[1], "self")) {
		fflush(stdout);
		kill(1, SIGTERM);
		printf("init: survived its own SIGTERM\n");
	}
	return 0;
}
