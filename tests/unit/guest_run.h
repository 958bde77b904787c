/*
 * guest_run.h - running a fixture program under i386mm_run in a child of
 * the test, as the command line would, and collecting its stdout, stderr,
 * exit status and (optionally) its --stats-json. Shared by the tests of
 * the scheduler and of signals. Included after <cmocka.h>, kernel.h and
 * the host headers for fork, pipes and files.
 */
#ifndef I386MM_GUEST_RUN_H
#define I386MM_GUEST_RUN_H

struct guest_run {
	int status;
	char out[1024], err[1024];
	char json[8192];	/* empty unless asked for */
};

static void drain(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len < cap - 1 && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fd);
}

/* Run PROGRAM MODE with the given quantum; with_json fills g->json. */
static void run_fixture(const char *program, const char *mode,
			uint64_t quantum, int with_json, struct guest_run *g)
{
	char json[] = "/tmp/test_guest_run_XXXXXX";
	int out[2], err[2], wstatus, jfd = -1;
	pid_t pid;

	g->json[0] = '\0';
	if (with_json) {
		jfd = mkstemp(json);
		assert_true(jfd >= 0);
	}
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct run_options o;
		char *argv[] = { (char *)program, (char *)mode, NULL };

		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		run_options_init(&o);
		o.program = program;
		o.argc = 2;
		o.argv = argv;
		o.quantum = quantum;
		if (with_json) {
			o.stats_json = json;
			o.stats_json_file = fdopen(jfd, "w");
		}
		_exit(i386mm_run(&o));
	}
	if (with_json)
		close(jfd);
	close(out[1]);
	close(err[1]);
	drain(out[0], g->out, sizeof(g->out));
	drain(err[0], g->err, sizeof(g->err));
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus));
	g->status = WEXITSTATUS(wstatus);
	if (with_json) {
		drain(open(json, O_RDONLY), g->json, sizeof(g->json));
		unlink(json);
	}
}

#endif
