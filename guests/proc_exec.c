/*
 * proc_exec SELF N - execve: SELF is this program's path as the guest
 * sees it (the test copies the binary into the guest's root, the working
 * directory of both runs, and passes ./proc_exec). Each level N > 0
 * opens SELF twice, once with O_CLOEXEC, and execs SELF with N - 1, both
 * descriptors' numbers and PROC_EXEC_LEVEL=N-1 in a fresh environment;
 * the next image must see argv and the environment as given, the
 * O_CLOEXEC descriptor closed and the other still open. At level 0:
 * execve of a missing file fails with ENOENT (and the process goes on),
 * and children exec `SELF exit S`, which exits with S, for S = 0, 7 and
 * 200: their parent must see each status through waitpid.
 *
 * Output goes out before each exec (stdio's buffer would die with the
 * image). The exit status is 0 when every check at every level held.
 */
#include <fcntl.h>

#include "proc_check.h"

static char *self;

/* Exec SELF with the words given and PROC_EXEC_LEVEL=level. */
static void exec_self(const char *level, const char *a, const char *b,
		      const char *c)
{
	static char env_level[64];
	char *argv[] = { self, self, (char *)level, (char *)a, (char *)b,
			 (char *)c, NULL };
	char *envp[] = { env_level, "PROC_EXEC_MARK=kept", NULL };

	snprintf(env_level, sizeof(env_level), "PROC_EXEC_LEVEL=%s", level);
	fflush(stdout);
	execve(self, argv, envp);
	check(0, "execve %s %s", self, level);
}

/* What the exec left: the environment, and the two descriptors. */
static void check_arrival(int level, int argc, char **argv)
{
	const char *env = getenv("PROC_EXEC_LEVEL");
	const char *mark = getenv("PROC_EXEC_MARK");
	int cloexec_fd, kept_fd;

	if (argc != 5)	/* the first run: nothing was passed */
		return;
	check(env && atoi(env) == level, "PROC_EXEC_LEVEL is %s",
	      env ? env : "unset");
	check(mark && strcmp(mark, "kept") == 0, "PROC_EXEC_MARK");
	check(strcmp(argv[4], "end") == 0, "the last argument");
	cloexec_fd = atoi(argv[2]);
	kept_fd = atoi(argv[3]);
	errno = 0;
	check(fcntl(cloexec_fd, F_GETFD) < 0 && errno == EBADF,
	      "the O_CLOEXEC descriptor is closed");
	check(fcntl(kept_fd, F_GETFD) == 0, "the plain descriptor is open");
	check(lseek(kept_fd, 0, SEEK_CUR) == 1,
	      "the plain descriptor keeps its offset");
	close(kept_fd);
	printf("exec: arrived at level %d\n", level);
	section("exec: argv, environment, O_CLOEXEC closed, the other kept");
}

/* Level n > 0: pass two descriptors to level n - 1. */
static void descend(int n)
{
	char level[16], cfd[16], kfd[16], byte;
	int c, k;

	c = open(self, O_RDONLY | O_CLOEXEC);
	k = open(self, O_RDONLY);
	check(c >= 0 && k >= 0, "open %s", self);
	check(read(k, &byte, 1) == 1, "read one byte");
	snprintf(level, sizeof(level), "%d", n - 1);
	snprintf(cfd, sizeof(cfd), "%d", c);
	snprintf(kfd, sizeof(kfd), "%d", k);
	printf("exec: level %d execs level %d\n", n, n - 1);
	exec_self(level, cfd, kfd, "end");
}

/* The bottom: a failing exec, then exec'd children's statuses. */
static void bottom(void)
{
	static const int codes[] = { 0, 7, 200 };
	char *argv[] = { "./no_such_program", NULL };
	char *envp[] = { NULL };
	char code[16];
	unsigned i;

	errno = 0;
	check(execve(argv[0], argv, envp) < 0 && errno == ENOENT,
	      "execve of a missing file");
	section("exec: a missing file gives ENOENT and the caller goes on");
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = proc_fork();
		int status;

		if (pid == 0) {
			snprintf(code, sizeof(code), "%d", codes[i]);
			exec_self("exit", code, "-", "-");
			_exit(99);
		}
		check(pid > 0, "fork");
		status = pid > 0 ? wait_for(pid) : -1;
		printf("exec: a child exec'd to exit %d: %s\n", codes[i],
		       status_text(status));
		check(WIFEXITED(status) && WEXITSTATUS(status) == codes[i],
		      "exit status %d", codes[i]);
	}
	section("exec: exec'd children's statuses through waitpid");
}

int main(int argc, char **argv)
{
	int n;

	if (argc >= 3 && strcmp(argv[2], "exit") == 0 && argc == 6)
		return atoi(argv[3]);
	if (argc != 3 && argc != 6) {
		fprintf(stderr, "usage: proc_exec SELF LEVELS\n");
		return 2;
	}
	self = argv[1];
	n = atoi(argv[2]);
	check_arrival(n, argc - 1, argv + 1);
	if (n > 0)
		descend(n);
	else
		bottom();
	return proc_status();
}
