/*
 * test_replay_pure.c - pure_replay (src/replay/pure.c) end to end: trace
 * files written with the trace writer, replayed with --stats-json into a
 * file whose numbers are checked; opt's two passes over its temporary
 * file; pids keeping pages apart; a fault trace, a truncated trace and a
 * missing file refused with status 1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "replay.h"
#include "trace.h"

static char dir[] = "/tmp/test_replay_pure.XXXXXX";
static char trace_path[64], json_path[64], csv_path[64];

struct req {
	uint32_t pid;
	char kind;
	uint32_t va;
};

/* a trace of kind with reqs, a TR_RUN before each change of pid */
static void write_trace(enum trace_kind kind, const struct req *r, size_t n,
			int finish)
{
	struct trace_config c;
	struct trace_writer *w;
	struct trace_record run;
	uint32_t pid = UINT32_MAX;
	char err[256];
	size_t i;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	strcpy(c.source, "test_replay_pure");
	assert_int_equal(trace_create(&w, trace_path, &c, err, sizeof(err)),
			 0);
	for (i = 0; i < n; i++) {
		if (r[i].pid != pid) {
			memset(&run, 0, sizeof(run));
			run.type = TR_RUN;
			run.pid = pid = r[i].pid;
			run.n = 1000;
			assert_int_equal(trace_put(w, &run), 0);
		}
		assert_int_equal(trace_put_access(w, r[i].pid, r[i].kind,
						  r[i].va, 4, TRES_UNKNOWN), 0);
	}
	if (finish)
		assert_int_equal(trace_finish(w, err, sizeof(err)), 0);
	else
		trace_abandon(w);
}

/* the textbook string, pages 1..5 of pid 1, reads */
static void write_textbook(void)
{
	static const unsigned s[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };
	struct req r[12];
	size_t i;

	for (i = 0; i < 12; i++) {
		r[i].pid = 1;
		r[i].kind = TA_READ;
		r[i].va = s[i] << 12 | (unsigned)(i * 4);	/* same page */
	}
	write_trace(TRACE_IMPORTED, r, 12, 1);
}

static uint64_t json_get(const char *key)
{
	char line[256], want[64];
	FILE *f = fopen(json_path, "r");
	unsigned long long v;

	assert_non_null(f);
	snprintf(want, sizeof(want), "  \"%s\": %%llu", key);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, want, &v) == 1) {
			fclose(f);
			return v;
		}
	fclose(f);
	fail_msg("no key %s in %s", key, json_path);
	return 0;
}

static int replay(const char *policy, uint64_t frames)
{
	struct replay_options o;

	memset(&o, 0, sizeof(o));
	o.trace = trace_path;
	o.frames = frames;
	o.policy = policy;
	o.stats_json = json_path;
	o.progress = 0;
	unlink(json_path);
	return pure_replay(&o);
}

static uint64_t faults(const char *policy, uint64_t frames)
{
	assert_int_equal(replay(policy, frames), 0);
	assert_int_equal(json_get("requests"), 12);
	assert_int_equal(json_get("hits") + json_get("faults"), 12);
	return json_get("faults");
}

static void test_textbook(void **state)
{
	(void)state;
	write_textbook();
	assert_int_equal(faults("fifo", 3), 9);
	assert_int_equal(faults("fifo", 4), 10);
	assert_int_equal(faults("lru", 3), 10);
	assert_int_equal(json_get("evictions"), 7);
	assert_int_equal(json_get("frames"), 3);
	assert_int_equal(json_get("read_requests"), 12);
	assert_int_equal(json_get("read_faults"), 10);
	assert_int_equal(json_get("write_requests"), 0);
	assert_int_equal(faults("lru", 4), 8);
	assert_int_equal(faults("opt", 3), 7);
	assert_int_equal(faults("opt", 4), 6);
	assert_int_equal(faults("clock", 3), 9);
	assert_int_equal(faults(NULL, 4), 8);	/* lru by default */
	/* one record per access and one TR_RUN */
	assert_int_equal(json_get("records"), 13);
}

/* two processes' page 1 are two pages; kinds are counted apart */
static void test_pids_and_kinds(void **state)
{
	static const struct req r[] = {
		{ 1, TA_EXEC, 0x1000 }, { 2, TA_READ, 0x1000 },
		{ 1, TA_WRITE, 0x1ffc }, { 2, TA_WRITE, 0x1004 },
		{ 1, TA_READ, 0x2000 }, { 1, TA_EXEC, 0x1010 },
	};

	(void)state;
	write_trace(TRACE_ACCESSES, r, 6, 1);
	/* 1 frame: every change of (pid, page) faults */
	assert_int_equal(replay("lru", 1), 0);
	assert_int_equal(json_get("requests"), 6);
	assert_int_equal(json_get("faults"), 6);
	/* 2 frames: (1,1) (2,1) F F, (1,1) h, (2,1) h, (1,2) F evicts
	 * the least recent (1,1), which the last request brings back */
	assert_int_equal(replay("lru", 2), 0);
	assert_int_equal(json_get("faults"), 4);
	assert_int_equal(json_get("exec_requests"), 2);
	assert_int_equal(json_get("exec_faults"), 2);
	assert_int_equal(json_get("write_requests"), 2);
	assert_int_equal(json_get("write_faults"), 0);
	assert_int_equal(json_get("read_requests"), 2);
	assert_int_equal(json_get("read_faults"), 2);
	/* opt keeps (1,1): (1,2) evicts (2,1), never needed again */
	assert_int_equal(replay("opt", 2), 0);
	assert_int_equal(json_get("faults"), 3);
	assert_int_equal(json_get("exec_faults"), 1);
	/*
	 * linux, 2 frames: (1,1) and (2,1) go active at their second
	 * reference; (1,2) empties the active tail (1,1) into the inactive
	 * list and evicts it; (1,1) then evicts (1,2) after its second
	 * chance. With 3 frames the 3 pages fit.
	 */
	assert_int_equal(replay("linux", 2), 0);
	assert_int_equal(json_get("faults"), 4);
	assert_int_equal(json_get("evictions"), 2);
	assert_int_equal(replay("linux", 3), 0);
	assert_int_equal(json_get("faults"), 3);
	assert_int_equal(json_get("evictions"), 0);
}

static void test_mrc_csv(void **state)
{
	static const char want[] =
		"frames,requests,faults,miss_ratio\n"
		"1,12,12,1.000000\n"
		"3,12,10,0.833333\n"
		"4,12,8,0.666667\n"
		"5,12,5,0.416667\n";
	static const char *const policies[] = { "lru", "opt", "fifo" };
	static const char *const fourth[] = { "4,12,8,", "4,12,6,",
					      "4,12,10," };
	struct replay_options o;
	char buf[512];
	FILE *f;
	size_t n;
	unsigned i;

	(void)state;
	write_textbook();
	for (i = 0; i < 3; i++) {
		memset(&o, 0, sizeof(o));
		o.trace = trace_path;
		o.policy = policies[i];
		o.mrc = "5,1,3:4:1";
		o.output = csv_path;
		assert_int_equal(pure_replay(&o), 0);
		f = fopen(csv_path, "r");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		if (!i)
			assert_string_equal(buf, want);
		assert_non_null(strstr(buf, fourth[i]));
	}
}

static void test_refused(void **state)
{
	static const struct req r[] = { { 1, TA_READ, 0x1000 } };
	struct replay_options o;

	(void)state;
	write_trace(TRACE_FAULTS, r, 1, 1);
	assert_int_equal(replay("lru", 4), 1);
	assert_int_equal(access(json_path, F_OK), -1);
	write_trace(TRACE_ACCESSES, r, 1, 0);	/* no trailer */
	assert_int_equal(replay("lru", 4), 1);
	assert_int_equal(replay("opt", 4), 1);
	memset(&o, 0, sizeof(o));
	o.trace = "/nonexistent/trace";
	o.frames = 1;
	assert_int_equal(pure_replay(&o), 1);
	write_textbook();
	assert_int_equal(replay("belady", 4), 1);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(trace_path, sizeof(trace_path), "%s/t.trace", dir);
	snprintf(json_path, sizeof(json_path), "%s/s.json", dir);
	snprintf(csv_path, sizeof(csv_path), "%s/m.csv", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(trace_path);
	unlink(json_path);
	unlink(csv_path);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textbook),
		cmocka_unit_test(test_pids_and_kinds),
		cmocka_unit_test(test_mrc_csv),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
