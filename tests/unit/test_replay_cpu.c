/*
 * test_replay_cpu.c - the trace CPU's checks (record.h): a real run of a
 * fixture is recorded, then replayed as recorded (exact, exit 0) and with
 * one record changed at a time, each of which the replay must notice,
 * name in one line, and survive: exit 1, nothing lost.
 *
 * Each run and replay happens in a child process, as the command line
 * would run it, since the kernel is one global machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel.h"
#include "replay.h"
#include "trace.h"

static char dir[] = "/tmp/test_replay_cpu_XXXXXX";
static char recorded[512], changed[512];

struct result {
	int status;
	char err[2048];
};

/* Run fn(arg) in a child with stderr captured. */
static void in_child(int (*fn)(const void *), const void *arg,
		     struct result *res)
{
	int err[2], wstatus;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(err), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(err[1], 2);
		close(err[0]);
		_exit(fn(arg));
	}
	close(err[1]);
	while (len < sizeof(res->err) - 1 &&
	       (n = read(err[0], res->err + len,
			 sizeof(res->err) - 1 - len)) > 0)
		len += (size_t)n;
	res->err[len] = '\0';
	close(err[0]);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus));
	res->status = WEXITSTATUS(wstatus);
}

static int record_fixture(const void *arg)
{
	struct run_options o;
	char *argv[] = { FIXTURE_ELF_HELLO, NULL };

	(void)arg;
	run_options_init(&o);
	o.program = FIXTURE_ELF_HELLO;
	o.argc = 1;
	o.argv = argv;
	o.record = recorded;
	return i386mm_run(&o);
}

static int replay(const void *path)
{
	struct replay_options o;

	memset(&o, 0, sizeof(o));
	o.trace = path;
	return kernel_replay(&o);
}

static int setup(void **state)
{
	struct result res;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(recorded, sizeof(recorded), "%s/run.trace", dir);
	snprintf(changed, sizeof(changed), "%s/changed.trace", dir);
	in_child(record_fixture, NULL, &res);
	return res.status;
}

static int teardown(void **state)
{
	(void)state;
	unlink(recorded);
	unlink(changed);
	rmdir(dir);
	return 0;
}

/*
 * Copy the recorded trace into `changed`, letting edit() change, drop
 * (return 0) or follow (return 2: *extra is written after it) each record,
 * and the header first (r NULL); then `append`, if it has a type.
 */
static struct trace_record append;

typedef int (*edit_fn)(struct trace_record *r, uint64_t i,
		       struct trace_config *c, struct trace_record *extra);

static void rewrite(edit_fn edit)
{
	struct trace_reader *r;
	struct trace_writer *w;
	struct trace_config c;
	struct trace_record rec, extra;
	char err[256];
	uint8_t data[4096];
	uint64_t i = 0;
	int ret;

	assert_int_equal(trace_open(&r, recorded, &c, err, sizeof(err)), 0);
	edit(NULL, 0, &c, NULL);	/* the header's turn */
	assert_int_equal(trace_create(&w, changed, &c, err, sizeof(err)), 0);
	while ((ret = trace_next(r, &rec, err, sizeof(err))) == 1) {
		int keep;

		if (rec.len) {		/* data lives only until trace_next */
			assert_true(rec.len <= sizeof(data));
			memcpy(data, rec.data, rec.len);
			rec.data = data;
		}
		keep = edit(&rec, i++, &c, &extra);
		if (keep)
			assert_int_equal(trace_put(w, &rec), 0);
		if (keep == 2)
			assert_int_equal(trace_put(w, &extra), 0);
	}
	assert_int_equal(ret, 0);
	if (append.type)
		assert_int_equal(trace_put(w, &append), 0);
	assert_int_equal(trace_finish(w, err, sizeof(err)), 0);
	trace_close(r);
	trace_config_free(&c);
}

static void replay_changed(edit_fn edit, const char *words)
{
	struct result res;

	rewrite(edit);
	in_child(replay, changed, &res);
	if (!strstr(res.err, words))
		fail_msg("replay said:\n%s\nexpected: %s", res.err, words);
	assert_int_equal(res.status, 1);
	assert_null(strstr(res.err, "FRAMES LOST"));
}

static void test_replay_as_recorded(void **state)
{
	struct result res;

	(void)state;
	in_child(replay, recorded, &res);
	if (res.status)
		fail_msg("replay said:\n%s", res.err);
}

static int nth_of(const struct trace_record *r, enum trace_rec_type t,
		  unsigned n)
{
	static unsigned seen[TR_END + 1];

	if (!r) {
		memset(seen, 0, sizeof(seen));
		return 0;
	}
	return r->type == t && ++seen[t] == n;
}

/* The first slice, as if pid 7 had run it (its accesses carry the pid). */
static int other_pid(struct trace_record *r, uint64_t i,
		     struct trace_config *c, struct trace_record *extra)
{
	static int first_slice;

	(void)i, (void)c, (void)extra;
	if (nth_of(r, TR_RUN, 1))
		first_slice = 1;
	else if (r && r->type == TR_RUN)
		first_slice = 0;
	if (first_slice && (r->type == TR_RUN || r->type == TR_ACCESS))
		r->pid = 7;
	return 1;
}

static void test_other_pid(void **state)
{
	(void)state;
	replay_changed(other_pid, "pid 1 runs for 100000 blocks where the "
		       "recording ran pid 7");
}

static int other_result(struct trace_record *r, uint64_t i,
			struct trace_config *c, struct trace_record *extra)
{
	(void)i, (void)c, (void)extra;
	if (nth_of(r, TR_ACCESS, 2))
		r->result = r->result == TRES_MAJOR ? TRES_HIT : TRES_MAJOR;
	return 1;
}

static void test_other_result(void **state)
{
	(void)state;
	replay_changed(other_result, "access at 0x");
}

/* A trace whose run stops short: every record after the first slice's. */
static int cut_after_first_slice(struct trace_record *r, uint64_t i,
				 struct trace_config *c,
				 struct trace_record *extra)
{
	static int cut;

	(void)i, (void)c, (void)extra;
	if (!r) {
		cut = 0;
		return 0;
	}
	if (cut)
		return 0;
	if (r->type == TR_EXIT) {	/* drop it and all after */
		cut = 1;
		return 0;
	}
	return 1;
}

static void test_trace_ends_early(void **state)
{
	(void)state;
	replay_changed(cut_after_first_slice, "the trace ends while pid 1 "
		       "runs");
}

static int unchanged(struct trace_record *r, uint64_t i,
		     struct trace_config *c, struct trace_record *extra)
{
	(void)r, (void)i, (void)c, (void)extra;
	return 1;
}

static void test_recording_goes_on(void **state)
{
	(void)state;
	append.type = TR_SYSCALL;
	replay_changed(unchanged, "after the replayed run ended");
	memset(&append, 0, sizeof(append));
}

static int other_uread(struct trace_record *r, uint64_t i,
		       struct trace_config *c, struct trace_record *extra)
{
	(void)i, (void)c, (void)extra;
	if (nth_of(r, TR_UREAD, 1))
		r->va ^= 0x1000;
	return 1;
}

static void test_other_uread(void **state)
{
	(void)state;
	replay_changed(other_uread, "where the recorded one read");
}

static int bad_way(struct trace_record *r, uint64_t i,
		   struct trace_config *c, struct trace_record *extra)
{
	(void)i, (void)c, (void)extra;
	if (nth_of(r, TR_VICTIM, 3))
		r->n = (r->n & TRACE_VICTIM_ITLB) ^ TRACE_VICTIM_ITLB;
	return 1;
}

static void test_fill_of_the_other_tlb(void **state)
{
	(void)state;
	replay_changed(bad_way, "where the recording filled the");
}

static int other_program(struct trace_record *r, uint64_t i,
			 struct trace_config *c, struct trace_record *extra)
{
	(void)i, (void)extra;
	if (!r)
		c->program_crc32 ^= 1;
	return 1;
}

static void test_other_program(void **state)
{
	struct result res;

	(void)state;
	rewrite(other_program);
	in_child(replay, changed, &res);
	assert_int_equal(res.status, 1);
	assert_non_null(strstr(res.err, "is not the recorded program"));
}

static void test_missing_trace(void **state)
{
	struct result res;
	char path[600];

	(void)state;
	snprintf(path, sizeof(path), "%s/none.trace", dir);
	in_child(replay, path, &res);
	assert_int_equal(res.status, 1);
	assert_non_null(strstr(res.err, "none.trace"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_as_recorded),
		cmocka_unit_test(test_other_pid),
		cmocka_unit_test(test_other_result),
		cmocka_unit_test(test_trace_ends_early),
		cmocka_unit_test(test_recording_goes_on),
		cmocka_unit_test(test_other_uread),
		cmocka_unit_test(test_fill_of_the_other_tlb),
		cmocka_unit_test(test_other_program),
		cmocka_unit_test(test_missing_trace),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
